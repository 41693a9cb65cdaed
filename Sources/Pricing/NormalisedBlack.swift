/// The normalised Black function of an out-of-the-money call, evaluated without cancellation.
///
/// `b(x, s) = e^{x/2}·N(x/s + s/2) − e^{−x/2}·N(x/s − s/2)` with `x = ln(F/K) ≤ 0` and total
/// volatility `s = σ√T > 0`: the undiscounted Black call price divided by √(F·K)
/// (Jäckel, "Let's Be Rational", Wilmott, January 2015, eq. (2.1); puts and in-the-money
/// options map onto it by put-call parity). Its supremum is `e^{x/2}` (s → ∞).
///
/// With h = x/s, t = s/2, the density factor `V = e^{−(h²+t²)/2}/√(2π)` (which is also the
/// vega ∂b/∂s) and the scaled Mills ratio `Y(z) = N(z)/n(z) = √(π/2)·erfcx(−z/√2)` (z ≤ 0):
/// - below the inflection point (h + t ≤ 0): `b = V·(Y(h+t) − Y(h−t))`;
/// - above it: `e^{x/2} − b = V·(Y(−h−t) + Y(h−t))`, a sum of positive terms.
/// Unlike the textbook difference of two N terms, whose argument rounding is amplified by
/// about |h|³/s in the far lower wing, both forms keep about 1e-14 relative accuracy wherever
/// b is representable. Branch-free, so that batch loops over it vectorise.
struct NormalisedBlack {
  /// b(x, s)
  let value: Double
  /// e^{x/2} − b(x, s): the distance to the supremum, accurate when b is close to it.
  let complement: Double
  /// ∂b/∂s = V.
  let vega: Double

  static let sqrtHalfPi = 1.253_314_137_315_500_251_21
  static let inverseSqrtTwo = 0.707_106_781_186_547_524_40

  /// Y(z) = N(z)/n(z) for z ≤ 0.
  @_transparent
  static func millsRatio(_ z: Double) -> Double {
    sqrtHalfPi * FastMath.erfcx(-z * inverseSqrtTwo)
  }

  /// Evaluates b, e^{x/2} − b and ∂b/∂s at h = x/s, t = s/2, for x ≤ 0, s > 0;
  /// `upperBound` = e^{x/2}.
  @_transparent
  init(h: Double, t: Double, upperBound: Double) {
    let density = NormalDistribution.inverseSqrtTwoPi * FastMath.exp(-0.5 * (h * h + t * t))
    let lowerHalf = h + t <= 0
    let y1 = Self.millsRatio(lowerHalf ? h + t : -(h + t))
    let y2 = Self.millsRatio(h - t)
    let below = density * (y1 - y2)
    let distance = density * (y1 + y2)
    let b = lowerHalf ? below : upperBound - distance
    value = b > 0 ? b : 0
    complement = lowerHalf ? upperBound - value : distance
    vega = density
  }
}
