extension BatchPricer {
  /// Implied volatilities of many options at once (the batch form of
  /// ``impliedVolatility(price:of:spot:riskFreeRate:dividendYield:)``, same algorithm
  /// and accuracy; `batch.vols` is ignored).
  ///
  /// A vectorised pass gives every option the bound checks, the initial bracket and guess,
  /// and three solver steps (written without branches, so the loop runs on SIMD lanes); the
  /// few percent not converged by then are finished one by one by the adaptive scalar solver.
  ///
  /// - Parameters:
  ///   - prices: Option present values (currency units), one per option of `batch`.
  ///   - out: Receives the annualised decimal volatilities (resized to `batch.count`). An
  ///     option whose price lies outside its no-arbitrage bounds, or whose inputs are invalid
  ///     (spot or strike ≤ 0, negative or non-finite expiry or price), gets `Double.nan`,
  ///     and its index is returned.
  ///   - threads: The number of threads to use (≥ 1); small batches use fewer.
  /// - Returns: The ascending indices of options without an implied volatility (NaN in `out`).
  public static func impliedVolatilities(
    prices: [Double], _ batch: borrowing OptionBatch, into out: inout [Double], threads: Int = 1
  ) -> [Int] {
    precondition(batch.isConsistent, "OptionBatch arrays must all have the same length")
    precondition(prices.count == batch.count, "prices must have one entry per option")
    let count = batch.count
    if out.count != count { out = Array(repeating: 0, count: count) }
    guard count > 0 else { return [] }
    let workers = max(1, min(threads, count / minimumOptionsPerThread))
    prices.withUnsafeBufferPointer { prices in
    batch.kinds.withUnsafeBufferPointer { kinds in
    batch.strikes.withUnsafeBufferPointer { strikes in
    batch.expiries.withUnsafeBufferPointer { expiries in
    batch.spots.withUnsafeBufferPointer { spots in
    batch.rates.withUnsafeBufferPointer { rates in
    batch.dividends.withUnsafeBufferPointer { dividends in
    out.withUnsafeMutableBufferPointer { out in
      let buffers = VolatilityBuffers(
        prices: prices.baseAddress!, kinds: kinds.baseAddress!, strikes: strikes.baseAddress!,
        expiries: expiries.baseAddress!, spots: spots.baseAddress!, rates: rates.baseAddress!,
        dividends: dividends.baseAddress!, out: out.baseAddress!)
      forEachChunk(count: count, workers: workers) { volatilityKernel(buffers, $0) }
    }}}}}}}}
    var unsolvable: [Int] = []
    for index in 0..<count where out[index].isNaN { unsolvable.append(index) }
    return unsolvable
  }

  struct VolatilityBuffers: @unchecked Sendable {
    let prices, kinds, strikes, expiries, spots, rates, dividends: UnsafePointer<Double>
    let out: UnsafeMutablePointer<Double>
  }

  /// A marker for "not converged in the vectorised pass" (volatilities are never negative).
  static let unfinished = -1.0

  @inline(never)
  static func volatilityKernel(_ b: VolatilityBuffers, _ range: Range<Int>) {
    // Pass 1, vectorised: bounds, normalisation and three solver steps.
    for i in range {
      let price = b.prices[i]
      let θ = b.kinds[i]
      let spot = b.spots[i]
      let strike = b.strikes[i]
      let T = b.expiries[i]
      let r = b.rates[i]
      let q = b.dividends[i]
      let inputsValid =
        spot > 0 && strike > 0 && T >= 0 && price >= 0 && spot < .infinity
        && strike < .infinity && T < .infinity && price < .infinity
      let discount = FastMath.exp(-r * T)
      let dividendDiscount = FastMath.exp(-q * T)
      let forwardDiscounted = spot * dividendDiscount  // F·e^{−rT}
      let strikeDiscounted = strike * discount
      let intrinsic = θ * (forwardDiscounted - strikeDiscounted)
      let lower = intrinsic > 0 ? intrinsic : 0
      let upper = θ > 0 ? forwardDiscounted : strikeDiscounted
      let roundOff = 8 * Double.ulpOfOne * (forwardDiscounted + strikeDiscounted)
      let admissible = inputsValid && price >= lower - roundOff && price < upper
      let ratio = inputsValid ? spot / strike : 1
      let x = FastMath.log(ratio) + (r - q) * T
      let normalisation = FastMath.squareRoot(forwardDiscounted * strikeDiscounted)
      let outOfTheMoney = θ * x <= 0
      let otm = ((outOfTheMoney ? price : price - lower) / normalisation)
      let xOTM = x < 0 ? x : -x
      let timeValue = admissible && T > 0 && price > lower && otm > 0
      // Lanes without a problem to solve run on harmless dummy values.
      let beta = timeValue ? otm : 0.1
      let xSafe = timeValue ? xOTM : -1
      var (problem, state) = ImpliedVolatilitySolver.start(beta: beta, x: xSafe)
      state = ImpliedVolatilitySolver.step(problem, state)
      state = ImpliedVolatilitySolver.step(problem, state)
      state = ImpliedVolatilitySolver.step(problem, state)
      let volatility = state.s / FastMath.squareRoot(T > 0 ? T : 1)
      let solved = state.converged ? volatility : unfinished
      b.out[i] = admissible ? (timeValue ? solved : 0) : .nan
    }
    // Pass 2, scalar: finish the stragglers with the adaptive solver.
    for i in range where b.out[i] == unfinished {
      let option = OptionContract(
        kind: b.kinds[i] > 0 ? .call : .put, strike: b.strikes[i], timeToExpiry: b.expiries[i])
      b.out[i] =
        (try? impliedVolatility(
          price: b.prices[i], of: option, spot: b.spots[i], riskFreeRate: b.rates[i],
          dividendYield: b.dividends[i])) ?? .nan
    }
  }
}
