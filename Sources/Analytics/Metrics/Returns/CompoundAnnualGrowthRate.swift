import Foundation

/// Compound annual growth rate (CAGR): the constant yearly return that turns `V_0` into
/// `V_end`, as a decimal.
///
/// `CAGR = (V_end / V_0)^(1 / years) − 1`, where `years` depends on the `GrowthBasis`:
/// - `.calendarDays` (HedgeLab's default): `years = (d_end − d_0) / 365.25` calendar days
///   between the first and last values; weekends and holidays count, so the rate matches a
///   bank statement's annual yield whatever the trading calendar.
/// - `.tradingPeriods(P)`: `years = n / P` for n returns (quantstats `cagr`, empyrical
///   `annual_return`). The two differ when a year has not exactly P observations.
///
/// Edge cases: `nil` for fewer than two values (no elapsed time). Very short periods
/// extrapolate wildly (a 1 % gain in 5 days is ≈ +107 % a year): that is the definition, not
/// an error.
///
/// References: CFA Institute, *Global Investment Performance Standards* (2020), annualised
/// returns; quantstats `stats.cagr` (trading-period basis).
public enum CompoundAnnualGrowthRate {
  /// CAGR of an equity curve on the given basis, or `nil` for fewer than two values.
  public static func of(_ curve: EquityCurve, basis: GrowthBasis = .calendarDays) -> Double? {
    guard curve.count >= 2, let growth = TotalReturn.of(curve).map({ 1 + $0 }) else {
      return nil
    }
    let years: Double
    switch basis {
    case .calendarDays: years = Double(curve.calendarDays) / 365.25
    case .tradingPeriods(let periods): years = Double(curve.count - 1) / periods.value
    }
    return Foundation.pow(growth, 1 / years) - 1
  }

  /// CAGR of simple returns on the trading-period basis: `(Π (1 + r_i))^(P / n) − 1`.
  ///
  /// `nil` for an empty array, or when compounded wealth is ≤ 0 (a return ≤ −1), which has no
  /// real growth rate.
  public static func tradingPeriods(_ returns: [Double], periodsPerYear: PeriodsPerYear)
    -> Double?
  {
    guard !returns.isEmpty else { return nil }
    let growth = 1 + TotalReturn.compounding(returns)
    guard growth > 0 else { return nil }
    return Foundation.pow(growth, periodsPerYear.value / Double(returns.count)) - 1
  }
}
