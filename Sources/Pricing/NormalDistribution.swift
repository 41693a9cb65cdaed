import RealModule

/// The standard normal distribution, accurate in both tails.
///
/// `N(x) = erfc(−x/√2)/2`: unlike `(1 + erf(x/√2))/2`, this keeps full relative precision for
/// x ≪ 0 (N(−30) ≈ 4.9e-198 is exact to a few ulps), which the prices of deep out-of-the-money
/// options and the implied-volatility solver need.
enum NormalDistribution {
  /// 1/√(2π).
  static let inverseSqrtTwoPi = 0.398_942_280_401_432_677_94
  /// 1/√2.
  static let inverseSqrtTwo = 0.707_106_781_186_547_524_40

  /// Cumulative distribution function N(x) = P(Z ≤ x).
  @inline(__always)
  static func cdf(_ x: Double) -> Double {
    0.5 * Double.erfc(-x * inverseSqrtTwo)
  }

  /// Density n(x) = exp(−x²/2)/√(2π); 0 (not NaN) for |x| = ∞.
  @inline(__always)
  static func pdf(_ x: Double) -> Double {
    inverseSqrtTwoPi * Double.exp(-0.5 * x * x)
  }
}
