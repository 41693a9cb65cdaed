/// Ulcer index: the root mean square of the percentage drawdowns from the running peak, a
/// measure of how deep and how long the declines are.
///
/// `UI = √( (1/n) Σ_t D_t² )` with `D_t = 100 · (V_t / max_{s ≤ t} V_s − 1)` (percent, ≤ 0),
/// over every value of the curve (the first value is its own peak, D = 0). In percent, ≥ 0;
/// 0 for a curve that never declines.
///
/// References: P. G. Martin and B. B. McCann, *The Investor's Guide to Fidelity Funds*
/// (Wiley, 1989), ch. 6, where the index is defined on the closes of a period (Martin used 14
/// weekly closes; here every value of the curve); the same formula as `ulcer_index` of
/// quantstats (`sqrt((dd**2).sum() / (len(returns) - 1))` up to its n − 1 denominator).
public enum UlcerIndex: CurveMetric {
  public static let key = "ulcer_index_pct"
  public static let name = "Ulcer index (%)"
  public static let unit = MetricUnit.percent

  /// The index of `curve`, in percent.
  public static func of(_ curve: EquityCurve) -> Double? {
    let values = curve.values
    guard !values.isEmpty else { return nil }
    var peak = values[0]
    var squares = 0.0
    for v in values {
      peak = max(peak, v)
      let d = 100 * (v / peak - 1)
      squares += d * d
    }
    return (squares / Double(values.count)).squareRoot()
  }
}
