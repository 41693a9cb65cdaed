/// Skewness: the asymmetry of the return distribution (negative: a longer left tail).
///
/// The adjusted Fisher–Pearson coefficient G1 (bias-corrected), the default of pandas
/// `Series.skew`, Excel `SKEW`, and scipy `stats.skew(bias=False)`:
///
/// `g1 = (m3 / m2^{3/2})` with `m_k = Σ (r_i − r̄)^k / n`, and
/// `G1 = g1 · sqrt(n (n − 1)) / (n − 2)`.
///
/// Edge cases: `nil` for fewer than three returns and for a constant series (m2 = 0), where
/// skewness is undefined (pandas reports 0 there; HedgeLab does not invent a value).
///
/// References: Joanes, D. N. & Gill, C. A. (1998), "Comparing measures of sample skewness
/// and kurtosis", *The Statistician* 47(1), 183–189 (G1 is their type-2 estimator).
public enum Skewness {
  /// G1 of simple returns, or `nil` for fewer than three or constant returns.
  public static func adjusted(_ returns: [Double]) -> Double? {
    adjusted(SampleMoments(returns, higherMoments: true))
  }

  static func adjusted(_ m: SampleMoments) -> Double? {
    guard m.count >= 3, !m.isConstant, m.sum2 > 0 else { return nil }
    let n = Double(m.count)
    // n √(n−1) / (n−2) · S3 / S2^{3/2}, with S_k the central sums (pandas `nanskew`).
    return n * (n - 1).squareRoot() / (n - 2) * m.sum3 / (m.sum2 * m.sum2.squareRoot())
  }
}
