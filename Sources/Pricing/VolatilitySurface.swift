/// Implied volatility as a function of time to expiry and log-moneyness, built from quotes.
///
/// Interpolation: within one expiry, volatility is linear in log-moneyness `k = ln(K/F)`
/// between the quoted strikes and flat beyond them; across expiries, the total variance
/// `w = σ²·T` is linear in T at fixed k (so forward variance is piecewise constant), and the
/// volatility is flat before the first and after the last expiry. Times are year fractions,
/// volatilities decimal and annualised.
///
/// The surface is free of calendar arbitrage only if total variance never decreases with
/// expiry at any log-moneyness; ``calendarArbitrage`` lists every quoted log-moneyness of
/// two adjacent expiries where it does.
public struct VolatilitySurface: Sendable {
  /// One expiry's smile: log-moneyness ascending, with the volatility at each.
  struct Slice: Sendable {
    var timeToExpiry: Double
    var logMoneyness: [Double]
    var volatilities: [Double]

    /// Linear in k between quotes, flat outside.
    func volatility(at k: Double) -> Double {
      let ks = logMoneyness
      if k <= ks[0] { return volatilities[0] }
      if k >= ks[ks.count - 1] { return volatilities[ks.count - 1] }
      var low = 0
      var high = ks.count - 1
      while high - low > 1 {
        let mid = (low + high) / 2
        if ks[mid] <= k { low = mid } else { high = mid }
      }
      let weight = (k - ks[low]) / (ks[high] - ks[low])
      return volatilities[low] + weight * (volatilities[high] - volatilities[low])
    }

    func totalVariance(at k: Double) -> Double {
      let σ = volatility(at: k)
      return σ * σ * timeToExpiry
    }
  }

  let slices: [Slice]

  /// Points where total variance decreases from one expiry to the next (calendar arbitrage),
  /// in order of expiry, then log-moneyness. Empty for an arbitrage-free surface.
  public let calendarArbitrage: [CalendarArbitrageViolation]

  /// Builds the surface from quotes.
  /// - Parameter points: `timeToExpiry` in years (> 0), `logMoneyness` = ln(K/F), and
  ///   `volatility` decimal (≥ 0); any order. Points with equal `timeToExpiry` form one smile.
  /// - Throws: ``PricingError/emptySurface``, ``PricingError/invalidInput(name:value:condition:remedy:)``
  ///   naming the bad point (e.g. `points[3].volatility`), or
  ///   ``PricingError/duplicateSurfacePoint(timeToExpiry:logMoneyness:)``.
  public init(
    points: [(timeToExpiry: Double, logMoneyness: Double, volatility: Double)]
  ) throws(PricingError) {
    guard !points.isEmpty else { throw .emptySurface }
    for (index, point) in points.enumerated() {
      guard point.timeToExpiry.isFinite, point.timeToExpiry > 0 else {
        throw .invalidInput(
          name: "points[\(index)].timeToExpiry", value: point.timeToExpiry,
          condition: "positive and finite", remedy: "pass the expiry as a year fraction")
      }
      guard point.logMoneyness.isFinite else {
        throw .invalidInput(
          name: "points[\(index)].logMoneyness", value: point.logMoneyness,
          condition: "finite", remedy: "pass ln(strike / forward)")
      }
      guard point.volatility.isFinite, point.volatility >= 0 else {
        throw .invalidInput(
          name: "points[\(index)].volatility", value: point.volatility,
          condition: "finite and non-negative",
          remedy: "pass the implied volatility as a decimal (0.2 for 20 %)")
      }
    }
    let sorted = points.sorted {
      ($0.timeToExpiry, $0.logMoneyness) < ($1.timeToExpiry, $1.logMoneyness)
    }
    var slices: [Slice] = []
    for point in sorted {
      if let last = slices.last, last.timeToExpiry == point.timeToExpiry {
        if last.logMoneyness.last == point.logMoneyness {
          throw .duplicateSurfacePoint(
            timeToExpiry: point.timeToExpiry, logMoneyness: point.logMoneyness)
        }
        slices[slices.count - 1].logMoneyness.append(point.logMoneyness)
        slices[slices.count - 1].volatilities.append(point.volatility)
      } else {
        slices.append(
          Slice(
            timeToExpiry: point.timeToExpiry, logMoneyness: [point.logMoneyness],
            volatilities: [point.volatility]))
      }
    }
    self.slices = slices
    calendarArbitrage = Self.findCalendarArbitrage(slices)
  }

  /// The expiries of the quoted smiles, ascending (years).
  public var expiries: [Double] { slices.map(\.timeToExpiry) }

  /// The interpolated volatility (decimal, annualised).
  /// - Parameters:
  ///   - timeToExpiry: Year fraction; values ≤ 0 use the first smile.
  ///   - logMoneyness: ln(K/F).
  public func volatility(timeToExpiry: Double, logMoneyness: Double) -> Double {
    let k = logMoneyness.isNaN ? 0 : logMoneyness
    let first = slices[0]
    let last = slices[slices.count - 1]
    if !(timeToExpiry > first.timeToExpiry) { return first.volatility(at: k) }
    if timeToExpiry >= last.timeToExpiry { return last.volatility(at: k) }
    var high = 1
    while slices[high].timeToExpiry < timeToExpiry { high += 1 }
    let a = slices[high - 1]
    let b = slices[high]
    let weight = (timeToExpiry - a.timeToExpiry) / (b.timeToExpiry - a.timeToExpiry)
    let w = a.totalVariance(at: k) + weight * (b.totalVariance(at: k) - a.totalVariance(at: k))
    return (max(w, 0) / timeToExpiry).squareRoot()
  }

  /// The interpolated total variance σ²·T (decimal² · years).
  public func totalVariance(timeToExpiry: Double, logMoneyness: Double) -> Double {
    let σ = volatility(timeToExpiry: timeToExpiry, logMoneyness: logMoneyness)
    return σ * σ * max(timeToExpiry, 0)
  }

  private static func findCalendarArbitrage(_ slices: [Slice]) -> [CalendarArbitrageViolation] {
    var violations: [CalendarArbitrageViolation] = []
    for i in slices.indices.dropLast() {
      let earlier = slices[i]
      let later = slices[i + 1]
      let grid = Array(Set(earlier.logMoneyness + later.logMoneyness)).sorted()
      for k in grid {
        let w0 = earlier.totalVariance(at: k)
        let w1 = later.totalVariance(at: k)
        // Allow round-off of a few ulps before calling a flat total variance a violation.
        if w1 < w0 - 1e-14 * max(w0, 1e-300) {
          violations.append(
            CalendarArbitrageViolation(
              logMoneyness: k, earlierExpiry: earlier.timeToExpiry,
              laterExpiry: later.timeToExpiry, earlierTotalVariance: w0,
              laterTotalVariance: w1))
        }
      }
    }
    return violations
  }
}

/// A log-moneyness at which total variance falls between two adjacent expiries.
public struct CalendarArbitrageViolation: Sendable, Hashable, Codable, CustomStringConvertible {
  /// ln(K/F) of the check.
  public var logMoneyness: Double
  /// The two expiries compared (years), earlier first.
  public var earlierExpiry: Double
  public var laterExpiry: Double
  /// σ²·T at each expiry.
  public var earlierTotalVariance: Double
  public var laterTotalVariance: Double

  public init(
    logMoneyness: Double, earlierExpiry: Double, laterExpiry: Double,
    earlierTotalVariance: Double, laterTotalVariance: Double
  ) {
    self.logMoneyness = logMoneyness
    self.earlierExpiry = earlierExpiry
    self.laterExpiry = laterExpiry
    self.earlierTotalVariance = earlierTotalVariance
    self.laterTotalVariance = laterTotalVariance
  }

  public var description: String {
    "total variance at logMoneyness \(logMoneyness) falls from \(earlierTotalVariance) "
      + "(expiry \(earlierExpiry)) to \(laterTotalVariance) (expiry \(laterExpiry)): "
      + "total variance must not decrease with expiry; check the quotes of the later expiry"
  }
}
