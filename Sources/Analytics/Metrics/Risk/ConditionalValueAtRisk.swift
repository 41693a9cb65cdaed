/// Historical conditional value at risk (expected shortfall): the average return on the days
/// at or beyond the VaR.
///
/// `CVaR_c = mean{ r_i : r_i ≤ VaR_c }` with the type-7 VaR of `HistoricalTail` (a loss is
/// negative). It is coherent (subadditive), unlike VaR, and always ≤ VaR. For the N-day
/// horizon, apply it to `HorizonChanges.returns(_:horizon:)`.
///
/// Edge cases: `nil` for an empty series; a single return is its own CVaR.
///
/// References: Acerbi, C. & Tasche, D. (2002), "On the coherence of expected shortfall",
/// *Journal of Banking & Finance* 26(7), 1487–1503; Rockafellar, R. T. & Uryasev, S. (2002),
/// "Conditional value-at-risk for general loss distributions", *JBF* 26(7); quantstats
/// `cvar(method="historical")`.
public enum ConditionalValueAtRisk {
  /// Historical CVaR of simple returns (decimals, negative for a loss), or `nil` when empty.
  public static func historical(_ returns: [Double], confidence: ConfidenceLevel) -> Double? {
    HistoricalTail(returns).conditionalValueAtRisk(confidence)
  }
}
