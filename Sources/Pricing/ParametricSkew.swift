/// A quadratic smile in log-moneyness for when only an at-the-money volatility is known.
///
/// `σ(k) = max(atm + slope·k + curvature·k², floor)` with `k = ln(K/F)` (log of strike over
/// forward). Volatilities are decimal and annualised. A negative `slope` makes
/// out-of-the-money puts (k < 0) dearer than the at-the-money volatility implies, as equity
/// index smiles do; pricing them at the flat at-the-money volatility understates their cost.
public struct ParametricSkew: Sendable, Hashable, Codable {
  /// dσ/dk at the money (decimal vol per unit of log-moneyness), typically negative for equities.
  public var slope: Double
  /// ½·d²σ/dk² (decimal vol per unit of log-moneyness squared), typically ≥ 0.
  public var curvature: Double
  /// The lowest volatility returned (decimal, > 0), which keeps the smile positive.
  public var floor: Double

  public init(slope: Double, curvature: Double, floor: Double = 0.01) {
    self.slope = slope
    self.curvature = curvature
    self.floor = floor
  }

  /// The volatility at log-moneyness `logMoneyness` = ln(K/F) given the at-the-money vol.
  public func volatility(atTheMoney: Double, logMoneyness: Double) -> Double {
    let k = logMoneyness
    let value = atTheMoney + slope * k + curvature * k * k
    return value.isNaN ? floor : max(value, floor)
  }
}
