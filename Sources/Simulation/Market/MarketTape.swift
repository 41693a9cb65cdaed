import MarketData
import Pricing
import RealModule

/// How an underlying's implied volatility varies with strike and tenor.
public enum VolatilityModel: Sendable {
  /// The at-the-money value for every strike and tenor.
  case flat
  /// The at-the-money value plus a parametric skew in `ln(K/F)` (flat across tenors).
  case skew(ParametricSkew)
  /// The day's stored surface (interpolated in tenor and `ln(K/F)`).
  case surface
  /// An SSVI smile over a variance-swap term structure (``SmileVolatility``): the tape's
  /// at-the-money series is the ATM volatility at `referenceTenor`.
  case smile(SmileModel)
}

/// The fixed part of a ``VolatilityModel/smile(_:)`` model (a class: one reference to copy
/// on the pricing hot path).
///
/// `@unchecked Sendable`: the a(T) table is memory this object allocates in `init`, never
/// writes again and frees in `deinit`.
public final class SmileModel: @unchecked Sendable {
  /// The smile's shape and its variance-swap inversion table.
  public let calibration: VarianceSwapCalibration
  /// T₀, years: the tenor of the at-the-money series.
  public let referenceTenor: Double
  /// κ, per year.
  public let meanReversion: Double

  /// a(d/365) for whole calendar days d = 0…3650 (options' tenors are whole days).
  let dailyWeights: UnsafeMutablePointer<Double>
  static let dailyWeightCount = 3651

  public init(calibration: VarianceSwapCalibration, referenceTenor: Double, meanReversion: Double) {
    self.calibration = calibration
    self.referenceTenor = referenceTenor
    self.meanReversion = meanReversion
    dailyWeights = .allocate(capacity: Self.dailyWeightCount)
    for d in 0..<Self.dailyWeightCount {
      dailyWeights[d] = Self.weight(meanReversion * Double(d) / 365)
    }
  }

  deinit { dailyWeights.deallocate() }

  static func weight(_ x: Double) -> Double {
    x < 1e-8 ? 1 - 0.5 * x : -Double.expMinusOne(-x) / x
  }

  /// a(T) = (1 − e^{−κT})/(κT): the weight of today's excess variance in the average to T.
  func averagingWeight(_ T: Double) -> Double { kernel.averagingWeight(T) }

  /// The model as the pricing hot path reads it (no reference counting).
  var kernel: SmileKernel {
    SmileKernel(
      inverse: calibration.inverse, smile: calibration.smile, dailyWeights: dailyWeights,
      meanReversion: meanReversion)
  }
}

/// A borrowed view of a ``SmileModel`` for the pricing hot path: copying it touches no
/// reference count. Valid while its model lives (the ``MarketTape`` holding both keeps the
/// model, and through it the calibration, in its volatility models).
struct SmileKernel: @unchecked Sendable {
  let inverse: VarianceSwapInverse
  let smile: SurfaceSVI
  let dailyWeights: UnsafePointer<Double>
  let meanReversion: Double

  init(inverse: VarianceSwapInverse, smile: SurfaceSVI, dailyWeights: UnsafeMutablePointer<Double>, meanReversion: Double) {
    self.inverse = inverse
    self.smile = smile
    self.dailyWeights = UnsafePointer(dailyWeights)
    self.meanReversion = meanReversion
  }

  /// a(T) = (1 − e^{−κT})/(κT), from the whole-day table when T is a whole number of days.
  @inline(__always)
  func averagingWeight(_ T: Double) -> Double {
    let days = (T * 365).rounded()
    if days >= 0, days < Double(SmileModel.dailyWeightCount), abs(T * 365 - days) < 1e-9 {
      return dailyWeights[Int(days)]  // range-checked just above
    }
    return SmileModel.weight(meanReversion * T)
  }

  /// The implied volatility (decimal) at strike `K` for an expiry `timeToExpiry` years away,
  /// given the day's instantaneous and long-run variances, spot and carry `r − q`.
  @inline(__always)
  func volatility(
    strike: Double, spot: Double, carry: Double, timeToExpiry: Double,
    instantaneousVariance v0: Double, longRunVariance L: Double
  ) -> Double {
    // Options on their last day are priced at a one-day smile (the limit T → 0 is intrinsic).
    let T = max(timeToExpiry, 1.0 / 365)
    let inverseT = 1 / T  // off the dependency chain: the division runs beside the look-up
    let variance = max(L + (v0 - L) * averagingWeight(T), 1e-10)
    let atm = inverse.atTheMoney(varianceSwapTotalVariance: variance * T)
    let k = Double.log(strike / spot) - carry * timeToExpiry
    let w = smile.totalVariance(logMoneyness: k, atTheMoneyTotalVariance: atm.theta, curvature: atm.curvature)
    return (w * inverseT).squareRoot()
  }
}

/// How an underlying's volatility was modelled over a run, for reports and manifests.
public struct VolatilitySummary: Sendable, Equatable, Codable {
  public var symbol: String
  /// The level: series, kind, tenor, adjustments.
  public var source: String
  /// The smile and term structure.
  public var model: String
  /// Mean of the level over the run (decimal volatility), as stored (after scale and offset).
  public var meanLevel: Double
  /// Mean of the calibrated at-the-money volatility at the level's tenor (decimal).
  public var meanAtTheMoney: Double
  /// Mean of (ATM − level), in volatility points (percent).
  public var meanGapPoints: Double

  public init(symbol: String, source: String, model: String, meanLevel: Double, meanAtTheMoney: Double, meanGapPoints: Double) {
    self.symbol = symbol
    self.source = source
    self.model = model
    self.meanLevel = meanLevel
    self.meanAtTheMoney = meanAtTheMoney
    self.meanGapPoints = meanGapPoints
  }
}

/// Every series of a run, loaded and aligned to the run's calendar before the first step, as
/// flat arrays (structure of arrays, indexed `underlying · count + day`): no dictionary, string
/// or allocation is touched while stepping.
///
/// Units: spots in currency; volatilities, rates and yields decimal, annualised, continuously
/// compounded; year fractions are calendar days / 365.
public final class MarketTape: Sendable {
  /// The scenario's `data.underlyings`, in order.
  public let symbols: [String]
  /// The run's calendar: every step, ascending.
  public let days: [Day]
  /// Steps per year used to annualise (252 for trading days, 365 for calendar days).
  public let stepsPerYear: Double
  /// Number of steps.
  public let count: Int
  let spots: [Double]
  let atTheMoney: [Double]
  let dividendYields: [Double]
  let rates: [Double]
  let logReturns: [Double]
  /// (day_t − day_{t−1}) / 365; 0 on the first day.
  let yearFractions: [Double]
  /// `e^{r_{t−1}·Δt} − 1`: interest earned by one unit of cash from step t−1 to t (0 at t = 0).
  let interestGrowth: [Double]
  /// `e^{q_{t−1}·Δt} − 1` per underlying: dividends per unit of value held from t−1 to t.
  let dividendGrowth: [Double]
  /// Per underlying, the cash dividend per unit paid at step t (ex-date in (day_{t−1}, day_t]),
  /// currency; all 0 without `data.dividend-cash`.
  let cashDividends: [Double]
  /// Per underlying, the steps with a cash dividend (ascending); empty without one.
  let cashDividendSteps: [[Int]]
  /// Per underlying, the last step with a cash dividend (−1: none).
  let lastCashDividendStep: [Int]
  let models: [VolatilityModel]
  /// Per underlying with a `.surface` model, one surface per day; empty otherwise.
  let surfaces: [[VolatilitySurface]]
  /// Per underlying with a `.smile` model and day (flat, `u·count + t`): the instantaneous
  /// variance v₀ and the long-run variance L of the variance-swap term structure; 0 elsewhere.
  let instantaneousVariance: [Double]
  let longRunVariance: [Double]
  /// Per underlying, its smile model's hot-path view (`nil` for other models).
  let smileKernels: [SmileKernel?]
  /// How each modelled underlying's volatility was built (reports).
  public let volatilitySummaries: [VolatilitySummary]
  /// The stored series rules read (funding, basis), aligned to `days`.
  public let ruleSeries: RuleSeries

  /// Builds a tape from aligned series.
  /// - Parameters:
  ///   - spots: per underlying, one positive close per day of `days`.
  ///   - atTheMoneyVolatilities: per underlying, one at-the-money volatility per day (decimal).
  ///   - riskFreeRates: one continuously compounded rate per day (decimal).
  ///   - dividendYields: per underlying, one continuous yield per day (decimal).
  ///   - surfaces: per underlying, one surface per day for `.surface` models, else `[]`.
  /// - Precondition: shapes agree and `days` ascend (checked: callers build these in code).
  public init(
    symbols: [String], days: [Day], calendar: CalendarConvention, spots: [[Double]],
    atTheMoneyVolatilities: [[Double]], volatilityModels: [VolatilityModel],
    riskFreeRates: [Double], dividendYields: [[Double]], surfaces: [[VolatilitySurface]]? = nil,
    longRunVariances: [[Double]?]? = nil, volatilitySummaries: [VolatilitySummary] = [],
    ruleSeries: RuleSeries = .none, cashDividends: [[Double]]? = nil
  ) {
    let n = days.count
    let m = symbols.count
    precondition(spots.count == m && atTheMoneyVolatilities.count == m && dividendYields.count == m
      && volatilityModels.count == m, "one series per underlying")
    precondition(riskFreeRates.count == n, "one rate per day")
    precondition(zip(days, days.dropFirst()).allSatisfy { $0 < $1 }, "days must ascend")
    self.symbols = symbols
    self.days = days
    self.count = n
    self.stepsPerYear = calendar.stepsPerYear
    var flatSpots = [Double]()
    var flatVols = [Double]()
    var flatYields = [Double]()
    var returns = [Double]()
    flatSpots.reserveCapacity(n * m)
    for u in 0..<m {
      precondition(spots[u].count == n && atTheMoneyVolatilities[u].count == n
        && dividendYields[u].count == n, "one value per day for \(symbols[u])")
      flatSpots += spots[u]
      flatVols += atTheMoneyVolatilities[u]
      flatYields += dividendYields[u]
      for t in 0..<n {
        returns.append(t == 0 ? 0 : Double.log(spots[u][t] / spots[u][t - 1]))
      }
    }
    self.spots = flatSpots
    self.atTheMoney = flatVols
    self.dividendYields = flatYields
    self.logReturns = returns
    self.rates = riskFreeRates
    var fractions = [Double](repeating: 0, count: n)
    for t in days.indices.dropFirst() {
      fractions[t] = Double(days[t - 1].days(to: days[t])) / 365
    }
    self.yearFractions = fractions
    var interest = [Double](repeating: 0, count: n)
    var dividends = [Double](repeating: 0, count: n * m)
    for t in days.indices.dropFirst() {
      interest[t] = Double.expMinusOne(riskFreeRates[t - 1] * fractions[t])
      for u in 0..<m {
        dividends[u * n + t] = Double.expMinusOne(dividendYields[u][t - 1] * fractions[t])
      }
    }
    self.interestGrowth = interest
    self.dividendGrowth = dividends
    let cash = cashDividends.map { $0.flatMap { $0 } } ?? [Double](repeating: 0, count: n * m)
    precondition(cash.count == n * m, "one cash dividend per underlying and day")
    self.cashDividends = cash
    cashDividendSteps = (0..<m).map { u in (0..<n).filter { cash[u * n + $0] != 0 } }
    lastCashDividendStep = cashDividendSteps.map { $0.last ?? -1 }
    self.models = volatilityModels
    self.surfaces = surfaces ?? [[VolatilitySurface]](repeating: [], count: m)
    // The smile models' term structure: V₀ from the ATM at T₀, then v₀ = L + (V₀ − L)/a(T₀).
    var v0 = [Double](repeating: 0, count: n * m)
    var longRun = [Double](repeating: 0, count: n * m)
    for u in 0..<m {
      guard case .smile(let model) = volatilityModels[u] else { continue }
      let T0 = model.referenceTenor
      let a0 = model.averagingWeight(T0)
      let longRunSeries = longRunVariances?[u]
      for t in 0..<n {
        let atm = atTheMoneyVolatilities[u][t]
        let varianceSwap = model.calibration.varianceSwapTotalVariance(atTheMoneyTotalVariance: atm * atm * T0) / T0
        let L = longRunSeries?[t] ?? varianceSwap
        longRun[u * n + t] = L
        v0[u * n + t] = max(0, L + (varianceSwap - L) / a0)
      }
    }
    instantaneousVariance = v0
    smileKernels = volatilityModels.map { model in
      if case .smile(let smile) = model { return smile.kernel }
      return nil
    }
    longRunVariance = longRun
    self.volatilitySummaries = volatilitySummaries
    precondition(ruleSeries.names.isEmpty || ruleSeries.count == n, "one value per day per rule series")
    self.ruleSeries = ruleSeries
  }

  /// Number of underlyings.
  public var underlyingCount: Int { symbols.count }

  /// The close of underlying `u` on step `t`.
  @inline(__always) public func spot(_ u: Int, _ t: Int) -> Double { spots[u &* count &+ t] }

  /// The at-the-money implied volatility of `u` on step `t` (decimal): the "IV used".
  @inline(__always) public func atTheMoneyVolatility(_ u: Int, _ t: Int) -> Double {
    atTheMoney[u &* count &+ t]
  }

  /// The risk-free rate on step `t` (decimal, continuous).
  @inline(__always) public func riskFreeRate(_ t: Int) -> Double { rates[t] }

  /// The dividend yield of `u` on step `t` (decimal, continuous).
  @inline(__always) public func dividendYield(_ u: Int, _ t: Int) -> Double {
    dividendYields[u &* count &+ t]
  }

  /// The implied volatility of an option on `u` on step `t` with this strike and time to
  /// expiry (years), from the underlying's ``VolatilityModel``.
  @inline(__always)
  public func impliedVolatility(_ u: Int, _ t: Int, strike: Double, timeToExpiry: Double) -> Double {
    let i = u &* count &+ t
    switch models[u] {
    case .flat:
      return atTheMoney[i]
    case .skew(let skew):
      // ln(K/F) with F = S·e^{(r−q)T}
      let k = Double.log(strike / spots[i]) - (rates[t] - dividendYields[i]) * timeToExpiry
      return skew.volatility(atTheMoney: atTheMoney[i], logMoneyness: k)
    case .surface:
      let k = Double.log(strike / spots[i]) - (rates[t] - dividendYields[i]) * timeToExpiry
      return surfaces[u][t].volatility(timeToExpiry: max(timeToExpiry, 1.0 / 365), logMoneyness: k)
    case .smile:
      return smileKernels[u].unsafelyUnwrapped.volatility(
        strike: strike, spot: spots[i], carry: rates[t] - dividendYields[i], timeToExpiry: timeToExpiry,
        instantaneousVariance: instantaneousVariance[i], longRunVariance: longRunVariance[i])
    }
  }

  /// The escrowed-dividend model's deduction from the spot of `u` on step `t` for an option
  /// or future settling on `expiry`: the present value at step t of the cash dividends
  /// (`data.dividend-cash`) paid after step t and on or before `expiry`, each discounted at
  /// step t's rate over its calendar days / 365 (currency per unit). Options are priced on
  /// `S − PV(D)` (Hull, *Options, Futures, and Other Derivatives*, §15.12 and §17.3). The
  /// dividend schedule is known in advance (declared dividends), and dividends after the
  /// run's last day are not in the tape. 0 without cash dividends.
  @inline(__always)
  func escrowedDividends(_ u: Int, _ t: Int, through expiry: Day) -> Double {
    // The common case (no cash dividend after today) reads one Int: no array is retained.
    guard lastCashDividendStep[u] > t else { return 0 }
    var present = 0.0
    for s in cashDividendSteps[u] where s > t && days[s] <= expiry {
      let years = Double(days[t].days(to: days[s])) / 365
      present += cashDividends[u &* count &+ s] * Double.exp(-rates[t] * years)
    }
    return present
  }

  /// The settlement of a nominal expiry: the last day of the calendar on or before it, or the
  /// nominal day itself (index `Int.max`) when it is after the last day.
  public func settlement(of nominal: Day) -> Expiry {
    guard let last = days.last, nominal <= last else { return Expiry(day: nominal, index: .max) }
    var lo = 0
    var hi = days.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if days[mid] <= nominal { lo = mid + 1 } else { hi = mid }
    }
    guard lo > 0 else { return Expiry(day: nominal, index: 0) }
    return Expiry(day: days[lo - 1], index: lo - 1)
  }

  /// The same tape restricted to steps `0..<count` (a truncated future, for look-ahead tests).
  public func prefix(_ count: Int) -> MarketTape {
    let m = symbols.count
    func cut(_ flat: [Double]) -> [[Double]] {
      (0..<m).map { u in Array(flat[(u * self.count)..<(u * self.count + count)]) }
    }
    return MarketTape(
      symbols: symbols, days: Array(days.prefix(count)),
      calendar: stepsPerYear == 252 ? .tradingDays : .calendar365, spots: cut(spots),
      atTheMoneyVolatilities: cut(atTheMoney), volatilityModels: models,
      riskFreeRates: Array(rates.prefix(count)), dividendYields: cut(dividendYields),
      surfaces: surfaces.map { $0.isEmpty ? [] : Array($0.prefix(count)) },
      longRunVariances: cut(longRunVariance).enumerated().map { u, series in
        if case .smile = models[u] { return series }
        return nil
      }, volatilitySummaries: volatilitySummaries, ruleSeries: ruleSeries.prefix(count),
      cashDividends: cut(cashDividends))
  }
}
