/// Total return: the growth of the portfolio over the whole period, as a decimal.
///
/// `TR = V_end / V_0 − 1 = Π (1 + r_i) − 1` (geometric; not annualised).
///
/// Edge cases: an empty curve has no total return (`nil`); a single value gives 0; an empty
/// return array gives 0 (the empty product).
///
/// References: Bacon, C. (2008), *Practical Portfolio Performance Measurement and
/// Attribution*, 2nd ed., §2.2; quantstats `stats.comp`.
public enum TotalReturn {
  /// `V_end / V_0 − 1`, or `nil` for an empty curve.
  public static func of(_ curve: EquityCurve) -> Double? {
    guard let first = curve.values.first, let last = curve.values.last else { return nil }
    return last / first - 1
  }

  /// `Π (1 + r_i) − 1` of simple returns (decimals); 0 for an empty array.
  public static func compounding(_ returns: [Double]) -> Double {
    var growth = 1.0
    for r in returns { growth *= 1 + r }
    return growth - 1
  }
}
