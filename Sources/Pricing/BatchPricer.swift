import Dispatch

/// Prices and greeks of many options at once: the hot path of Monte Carlo runs and sweeps.
///
/// The inner loop works on contiguous buffers, allocates nothing per option and uses only
/// the branch-free functions of `FastMath`, so the compiler vectorises it; large batches are
/// split into one contiguous chunk per thread with `DispatchQueue.concurrentPerform`.
/// Results equal ``BlackScholesMerton/greeks(_:_:)`` to about 1e-13 relative (tested), with
/// the same limits for zero expiry, zero volatility, zero spot and non-positive strikes.
/// Inputs are assumed finite with spot/strike ratios within 1e-100 … 1e100; beyond |d1| ≈ 37
/// (where n(d1) underflows) values below ~1e-200 of the strike may come out as 0.
///
/// Speed depends on the vector width the compiler may use: the default x86-64 target has
/// SSE2 (two doubles per instruction, no FMA); building for the machine
/// (`swift build -c release -Xcc -march=native`) lets the same loops use AVX2/AVX-512.
public enum BatchPricer {
  /// Below this many options per thread, extra threads cost more than they save.
  public static let minimumOptionsPerThread = 4096

  /// Fills `out` (resized to `batch.count` if needed) with price, delta, gamma, vega (per
  /// 1.00 vol) and theta (per year) of every option in `batch`.
  /// - Parameter threads: The number of threads to use (≥ 1); small batches use fewer.
  public static func priceAndGreeks(
    _ batch: borrowing OptionBatch, into out: inout GreeksBatch, threads: Int = 1
  ) {
    precondition(batch.isConsistent, "OptionBatch arrays must all have the same length")
    let count = batch.count
    out.resize(to: count)
    guard count > 0 else { return }
    let workers = max(1, min(threads, count / minimumOptionsPerThread))
    batch.kinds.withUnsafeBufferPointer { kinds in
    batch.strikes.withUnsafeBufferPointer { strikes in
    batch.expiries.withUnsafeBufferPointer { expiries in
    batch.spots.withUnsafeBufferPointer { spots in
    batch.vols.withUnsafeBufferPointer { vols in
    batch.rates.withUnsafeBufferPointer { rates in
    batch.dividends.withUnsafeBufferPointer { dividends in
    out.price.withUnsafeMutableBufferPointer { price in
    out.delta.withUnsafeMutableBufferPointer { delta in
    out.gamma.withUnsafeMutableBufferPointer { gamma in
    out.vega.withUnsafeMutableBufferPointer { vega in
    out.theta.withUnsafeMutableBufferPointer { theta in
      let buffers = Buffers(
        kinds: kinds.baseAddress!, strikes: strikes.baseAddress!,
        expiries: expiries.baseAddress!, spots: spots.baseAddress!, vols: vols.baseAddress!,
        rates: rates.baseAddress!, dividends: dividends.baseAddress!,
        price: price.baseAddress!, delta: delta.baseAddress!, gamma: gamma.baseAddress!,
        vega: vega.baseAddress!, theta: theta.baseAddress!)
      forEachChunk(count: count, workers: workers) { kernel(buffers, $0) }
    }}}}}}}}}}}}
  }

  /// Calls `body` on each of the `workers` ranges of ``chunk(_:of:count:)``: on this thread
  /// for one worker, else concurrently with `DispatchQueue.concurrentPerform`.
  @inline(__always)
  static func forEachChunk(count: Int, workers: Int, _ body: @Sendable (Range<Int>) -> Void) {
    if workers == 1 {
      body(0..<count)
    } else {
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        body(chunk(worker, of: workers, count: count))
      }
    }
  }

  /// The `worker`-th of `workers` contiguous, nearly equal ranges covering 0..<count.
  static func chunk(_ worker: Int, of workers: Int, count: Int) -> Range<Int> {
    (count * worker / workers)..<(count * (worker + 1) / workers)
  }

  /// Raw pointers into the batch for the duration of one call (shared by the workers, each
  /// of which touches a disjoint range).
  struct Buffers: @unchecked Sendable {
    let kinds, strikes, expiries, spots, vols, rates, dividends: UnsafePointer<Double>
    let price, delta, gamma, vega, theta: UnsafeMutablePointer<Double>
  }

  /// Prices options `range`; a straight-line loop body with selects instead of branches.
  @inline(never)
  static func kernel(_ b: Buffers, _ range: Range<Int>) {
    for i in range {
      let mark = mark(
        θ: b.kinds[i], spot: b.spots[i], strike: b.strikes[i], timeToExpiry: b.expiries[i],
        volatility: b.vols[i], riskFreeRate: b.rates[i], dividendYield: b.dividends[i])
      b.price[i] = mark.price
      b.delta[i] = mark.delta
      b.gamma[i] = mark.gamma
      b.vega[i] = mark.vega
      b.theta[i] = mark.theta
    }
  }

  /// One option's ``OptionMark`` by the batch kernel's arithmetic (the ``FastMath`` functions,
  /// no libm call): what the simulator marks its book with every day. Equal to
  /// ``BlackScholesMerton/greeks(_:_:)`` to about 1e-13 relative, with the same limits.
  @inlinable @inline(__always)
  public static func mark(_ option: OptionContract, _ market: MarketState) -> OptionMark {
    mark(
      θ: option.kind == .call ? 1 : -1, spot: market.spot, strike: option.strike,
      timeToExpiry: option.timeToExpiry, volatility: market.volatility,
      riskFreeRate: market.riskFreeRate, dividendYield: market.dividendYield)
  }

  /// The kernel body for one option; θ = +1 for a call, −1 for a put.
  @inlinable @inline(__always)
  static func mark(
    θ: Double, spot rawSpot: Double, strike: Double, timeToExpiry: Double, volatility: Double,
    riskFreeRate r: Double, dividendYield q: Double
  ) -> OptionMark {
    let spot = rawSpot > 0 ? rawSpot : 0
    let T = timeToExpiry > 0 ? timeToExpiry : 0
    let σ = volatility > 0 ? volatility : 0
    let sqrtT = T.squareRoot()
    let sd = σ * sqrtT
    let discount = FastMath.exp(-r * T)
    let dividendDiscount = FastMath.exp(-q * T)
    let positive = spot > 0 && strike > 0
    let ratio = positive ? spot / strike : 1
    // ln(F/K); ±∞ stands for "always exercised" (strike ≤ 0) or "worthless" (spot 0).
    let logMoneyness =
      positive ? FastMath.log(ratio) + (r - q) * T : (strike > 0 ? -Double.infinity : .infinity)
    let diffusive = sd > 0 && positive
    let sdSafe = diffusive ? sd : 1
    let inverseSd = 1 / sdSafe
    let d1 = (diffusive ? logMoneyness : 0) * inverseSd + 0.5 * sdSafe
    let d2 = d1 - sdSafe
    let discountedSpot = spot * dividendDiscount
    let discountedStrike = strike * discount
    // n(d2) = n(d1)·F/K (as d2² = d1² − 2·ln(F/K)): saves an exponential.
    let forwardOverStrike = discountedSpot / (positive ? discountedStrike : 1)
    let gaussian1 = FastMath.gaussian(d1)
    let gaussian2 = gaussian1 * forwardOverStrike
    let (cdf1, cdf2) = FastMath.normalCDF(θ * d1, gaussian1, θ * d2, gaussian2)
    let signed = θ * logMoneyness
    let digital: Double = signed > 0 ? 1 : (signed < 0 ? 0 : 0.5)
    let cdfθd1 = diffusive ? cdf1 : digital
    let cdfθd2 = diffusive ? cdf2 : digital
    let density = diffusive ? gaussian1 * 0.398_942_280_401_432_677_94 : 0  // 1/√(2π)
    let carrySpot = θ * discountedSpot * cdfθd1
    let carryStrike = θ * discountedStrike * cdfθd2
    let value = carrySpot - carryStrike
    let nd = dividendDiscount * density
    let spotSafe = positive ? spot : 1
    return OptionMark(
      price: value > 0 ? value : 0,
      delta: θ * dividendDiscount * cdfθd1,
      gamma: nd * inverseSd / spotSafe,
      vega: spot * nd * sqrtT,
      // σ/(2√T) = σ²/(2·σ√T).
      theta: -0.5 * spot * nd * (σ * σ * inverseSd) + q * carrySpot - r * carryStrike)
  }
}

/// An option's mid price and the four greeks a book is risk-managed with: one row of a
/// ``GreeksBatch``. Units as ``Greeks``: price in currency per unit of underlying, delta per
/// unit, gamma per unit per currency, vega per 1.00 of volatility, theta per year.
public struct OptionMark: Sendable, Equatable {
  public var price: Double
  public var delta: Double
  public var gamma: Double
  public var vega: Double
  public var theta: Double

  @inlinable
  public init(price: Double, delta: Double, gamma: Double, vega: Double, theta: Double) {
    self.price = price
    self.delta = delta
    self.gamma = gamma
    self.vega = vega
    self.theta = theta
  }
}
