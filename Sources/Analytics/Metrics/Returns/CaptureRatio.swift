import Foundation

/// Upside and downside capture: how much of the baseline's annualised gains (losses) a
/// portfolio kept on the periods when the baseline rose (fell).
///
/// `UpCapture = CAGR(r | b > 0) / CAGR(b | b > 0)`, `DownCapture = CAGR(r | b < 0) /
/// CAGR(b | b < 0)`, where `CAGR(x | S) = (Π_{i∈S} (1 + x_i))^(P / |S|) − 1` compounds only the
/// selected periods (empyrical `up_capture` / `down_capture`, daily periods, P = 252). Periods
/// where the baseline is exactly 0 count in neither. A good hedge has a down capture well
/// below 1 while keeping as much up capture as possible; 1.0 means "same as the baseline".
///
/// Edge cases: `nil` when the baseline has no up (down) period or its CAGR over them is 0.
///
/// References: Morningstar (2023), "Upside/Downside Capture Ratio" methodology (there on
/// monthly returns); empyrical `capture`, `up_capture`, `down_capture`.
public enum CaptureRatio {
  /// Upside capture versus `baseline` (paired simple returns, decimals).
  ///
  /// - Throws: `AnalyticsError.lengthMismatch` when the arrays differ in length.
  public static func upside(
    _ returns: [Double], baseline: [Double], periodsPerYear: PeriodsPerYear = .tradingDays
  ) throws(AnalyticsError) -> Double? {
    try checkSameLength(returns, "returns", baseline, "baseline returns")
    return capture(returns, baseline, periodsPerYear) { $0 > 0 }
  }

  /// Downside capture versus `baseline` (paired simple returns, decimals).
  ///
  /// - Throws: `AnalyticsError.lengthMismatch` when the arrays differ in length.
  public static func downside(
    _ returns: [Double], baseline: [Double], periodsPerYear: PeriodsPerYear = .tradingDays
  ) throws(AnalyticsError) -> Double? {
    try checkSameLength(returns, "returns", baseline, "baseline returns")
    return capture(returns, baseline, periodsPerYear) { $0 < 0 }
  }

  static func capture(
    _ returns: [Double], _ baseline: [Double], _ periods: PeriodsPerYear,
    selecting include: (Double) -> Bool
  ) -> Double? {
    var growth = 1.0
    var baselineGrowth = 1.0
    var count = 0
    for i in baseline.indices where include(baseline[i]) {
      growth *= 1 + returns[i]
      baselineGrowth *= 1 + baseline[i]
      count += 1
    }
    guard count > 0, growth > 0, baselineGrowth > 0 else { return nil }
    let exponent = periods.value / Double(count)
    let baselineCAGR = pow(baselineGrowth, exponent) - 1
    guard baselineCAGR != 0 else { return nil }
    return (pow(growth, exponent) - 1) / baselineCAGR
  }
}
