/// Excess kurtosis: tail heaviness relative to the normal distribution (normal = 0).
///
/// The bias-corrected sample excess kurtosis G2, the default of pandas `Series.kurt`, Excel
/// `KURT`, and scipy `stats.kurtosis(fisher=True, bias=False)`:
///
/// `G2 = n (n + 1) (n − 1) S4 / ((n − 2)(n − 3) S2²) − 3 (n − 1)² / ((n − 2)(n − 3))`
///
/// with central sums `S_k = Σ (r_i − r̄)^k`.
///
/// Edge cases: `nil` for fewer than four returns and for a constant series (S2 = 0).
///
/// References: Joanes, D. N. & Gill, C. A. (1998), "Comparing measures of sample skewness
/// and kurtosis", *The Statistician* 47(1), 183–189 (G2 is their type-2 estimator).
public enum ExcessKurtosis {
  /// G2 of simple returns, or `nil` for fewer than four or constant returns.
  public static func adjusted(_ returns: [Double]) -> Double? {
    adjusted(SampleMoments(returns, higherMoments: true))
  }

  static func adjusted(_ m: SampleMoments) -> Double? {
    guard m.count >= 4, !m.isConstant, m.sum2 > 0 else { return nil }
    let n = Double(m.count)
    let numerator = n * (n + 1) * (n - 1) * m.sum4
    let denominator = (n - 2) * (n - 3) * m.sum2 * m.sum2
    return numerator / denominator - 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3))
  }
}
