/// Omega ratio: probability-weighted gains above a threshold over losses below it.
///
/// `Ω(τ) = Σ max(r_i − τ, 0) / Σ max(τ − r_i, 0)` (the empirical form of
/// ∫_τ^∞ (1 − F) / ∫_−∞^τ F). HedgeLab uses τ = 0 per period by default: no risk-free
/// adjustment and no annualisation, as quantstats `omega` and empyrical `omega_ratio` with
/// their default arguments.
///
/// Edge cases: `nil` when no return is below τ (including an empty series): the ratio is then
/// undefined rather than infinite.
///
/// References: Keating, C. & Shadwick, W. (2002), "A Universal Performance Measure",
/// *Journal of Performance Measurement* 6(3), 59–84.
public enum OmegaRatio {
  /// Ω(τ) of simple returns (decimals) with a per-period threshold τ (decimal), or `nil`
  /// when no return is below τ.
  public static func of(_ returns: [Double], threshold: Double = 0) -> Double? {
    var gains = 0.0
    var losses = 0.0
    for r in returns {
      let d = r - threshold
      if d > 0 { gains += d } else { losses -= d }
    }
    return losses > 0 ? gains / losses : nil
  }

  /// The smallest mean shortfall below the threshold per period (decimal, 1e-5 = 0.1 bp)
  /// for which a summary reports the ratio: below it the ratio divides by almost nothing (a
  /// near-riskless curve gave 14369).
  public static let minimumMeanShortfall = 1e-5

  /// The ratio, or why it is not reported: undefined without returns, meaningless when the
  /// mean shortfall below `threshold` is under ``minimumMeanShortfall``.
  public static func meaningful(_ returns: [Double], threshold: Double = 0) -> (value: Double?, undefinedReason: String?) {
    guard !returns.isEmpty else { return (nil, nil) }
    var losses = 0.0
    for r in returns where r < threshold { losses += threshold - r }
    guard losses / Double(returns.count) >= minimumMeanShortfall else {
      return (
        nil,
        "almost no returns below \(threshold) (mean shortfall under 0.1 bp a period): the ratio would divide by almost nothing"
      )
    }
    return (of(returns, threshold: threshold), nil)
  }
}
