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
}
