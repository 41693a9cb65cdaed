/// Transaction costs: commissions, fees and bid-ask spread paid, in total and per year as a
/// fraction of the average portfolio value.
///
/// `TC = Σ c_k` (currency units, one entry per trade or per day, ≥ 0 when paid) and
/// `TC_ann = TC / years / V̄` (decimal per year; 0.001 is 10 bp a year), with `years` the
/// calendar span of the curve / 365.25 and V̄ its average value.
///
/// Edge cases: 0 for no trades; the annual fraction is `nil` for curves of fewer than two
/// values.
///
/// References: Grinold, R. & Kahn, R. (2000), *Active Portfolio Management*, 2nd ed., ch. 16
/// (transaction costs and turnover).
public enum TransactionCosts {
  /// Σ costs, currency units.
  ///
  /// - Throws: `AnalyticsError.nonFiniteValue` for a non-finite cost.
  public static func total(_ costs: [Double]) throws(AnalyticsError) -> Double {
    try finiteSum(costs, "transaction costs")
  }

  /// Σ costs per year as a decimal fraction of the curve's average value, or `nil` for
  /// curves of fewer than two values.
  ///
  /// - Throws: `AnalyticsError.nonFiniteValue` for a non-finite cost.
  public static func annualFraction(_ costs: [Double], over curve: EquityCurve)
    throws(AnalyticsError) -> Double?
  {
    let total = try finiteSum(costs, "transaction costs")
    guard curve.count >= 2, let average = curve.averageValue else { return nil }
    return total / (Double(curve.calendarDays) / 365.25) / average
  }
}
