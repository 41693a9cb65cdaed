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
  let models: [VolatilityModel]
  /// Per underlying with a `.surface` model, one surface per day; empty otherwise.
  let surfaces: [[VolatilitySurface]]

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
    riskFreeRates: [Double], dividendYields: [[Double]], surfaces: [[VolatilitySurface]]? = nil
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
    self.models = volatilityModels
    self.surfaces = surfaces ?? [[VolatilitySurface]](repeating: [], count: m)
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
    }
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
      surfaces: surfaces.map { $0.isEmpty ? [] : Array($0.prefix(count)) })
  }
}
