/// Cost of protection: option premium paid net of option payoffs received, per year, as a
/// fraction of the average portfolio value.
///
/// `C = (Σ premium_k − Σ payoff_k) / years / V̄`, a decimal per year (0.012 is 1.2 % a year).
/// Sign conventions, all in currency units: a premium paid is positive and a premium
/// received (the short call of a collar, a covered call) is negative; a payoff received is
/// positive and a payoff paid (a short call finishing in the money) is negative. A negative
/// cost means the options earned more than they cost. `years` is the calendar span of the
/// curve / 365.25, and V̄ the arithmetic mean of its values.
///
/// Edge cases: `nil` for curves of fewer than two values (no elapsed time).
///
/// References: Israelov, R. & Nielsen, L. (2015), "Still Not Cheap: Portfolio Protection in
/// Calm Markets", *Journal of Portfolio Management* 41(4), 108–120 (cost of put protection
/// per year); Israelov, R. (2019), "Pathetic Protection: The Elusive Benefits of Protective
/// Puts", *Journal of Alternative Investments* 21(3).
public struct CostOfProtection: Equatable, Sendable {
  /// Σ premiums, currency units (net of premiums received).
  public let premiumsPaid: Double
  /// Σ payoffs, currency units (net of payoffs paid).
  public let payoffsReceived: Double
  /// Years over which the costs accrued.
  public let years: Double
  /// Average portfolio value, currency units.
  public let averagePortfolioValue: Double

  /// Premiums paid minus payoffs received, currency units.
  public var netCost: Double { premiumsPaid - payoffsReceived }
  /// Net cost per year, currency units.
  public var netCostPerYear: Double { netCost / years }
  /// Net cost per year as a decimal fraction of the average portfolio value.
  public var annualFractionOfPortfolio: Double { netCostPerYear / averagePortfolioValue }

  /// Cost of protection over an explicit period.
  ///
  /// - Throws: `AnalyticsError` for a non-finite amount, or unless `years` and
  ///   `averagePortfolioValue` are finite and > 0.
  public init(
    premiumsPaid: [Double], payoffsReceived: [Double], years: Double,
    averagePortfolioValue: Double
  ) throws(AnalyticsError) {
    guard years.isFinite, years > 0 else {
      throw .invalidParameter(
        name: "years of protection", value: "\(years)", condition: "finite and positive")
    }
    guard averagePortfolioValue.isFinite, averagePortfolioValue > 0 else {
      throw .invalidParameter(
        name: "average portfolio value", value: "\(averagePortfolioValue)",
        condition: "finite and positive")
    }
    self.premiumsPaid = try finiteSum(premiumsPaid, "option premiums")
    self.payoffsReceived = try finiteSum(payoffsReceived, "option payoffs")
    self.years = years
    self.averagePortfolioValue = averagePortfolioValue
  }

  /// Cost of protection over the span of `curve` (calendar days / 365.25), relative to its
  /// average value; `nil` when the curve has fewer than two values.
  ///
  /// - Throws: `AnalyticsError.nonFiniteValue` for a non-finite premium or payoff.
  public static func of(premiumsPaid: [Double], payoffsReceived: [Double], over curve: EquityCurve)
    throws(AnalyticsError) -> CostOfProtection?
  {
    guard curve.count >= 2, let average = curve.averageValue else { return nil }
    return try CostOfProtection(
      premiumsPaid: premiumsPaid, payoffsReceived: payoffsReceived,
      years: Double(curve.calendarDays) / 365.25, averagePortfolioValue: average)
  }
}

/// Σ x, throwing on the first non-finite entry.
func finiteSum(_ x: [Double], _ name: String) throws(AnalyticsError) -> Double {
  var total = 0.0
  for (i, v) in x.enumerated() {
    guard v.isFinite else { throw .nonFiniteValue(series: name, index: i, day: nil, value: v) }
    total += v
  }
  return total
}
