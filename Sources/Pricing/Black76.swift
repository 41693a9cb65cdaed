/// European options on a forward or futures price (Black 1976).
///
/// `V = e^{−rT}·θ·(F·N(θ·d1) − K·N(θ·d2))`, `d1 = (ln(F/K) + σ²T/2)/(σ√T)`, `d2 = d1 − σ√T`
/// (Haug, *The Complete Guide to Option Pricing Formulas*, 2nd ed., §1.1.2): the generalized
/// Black-Scholes-Merton model with cost of carry b = 0. Same units and limits as
/// ``BlackScholesMerton``; `discountRate` is decimal, annualised, continuously compounded.
public enum Black76 {
  /// The present value of the option on a forward `forward` (currency units).
  public static func price(
    kind: OptionKind, forward: Double, strike: Double, timeToExpiry: Double,
    volatility: Double, discountRate: Double
  ) -> Double {
    inputs(kind, forward, strike, timeToExpiry, volatility, discountRate).price
  }

  /// Price and greeks with respect to the forward: delta = ∂V/∂F, gamma = ∂²V/∂F²,
  /// vega per 1.00 vol, theta and charm per year with F held fixed, rho = ∂V/∂r with F held
  /// fixed (= −T·V), and phi = 0 (a forward has no separate dividend yield).
  public static func greeks(
    kind: OptionKind, forward: Double, strike: Double, timeToExpiry: Double,
    volatility: Double, discountRate: Double
  ) -> Greeks {
    var greeks = inputs(kind, forward, strike, timeToExpiry, volatility, discountRate).greeks
    greeks.rho = -max(timeToExpiry, 0) * greeks.price
    greeks.phi = 0
    return greeks
  }

  private static func inputs(
    _ kind: OptionKind, _ forward: Double, _ strike: Double, _ timeToExpiry: Double,
    _ volatility: Double, _ discountRate: Double
  ) -> BlackScholesMerton.Inputs {
    BlackScholesMerton.Inputs(
      θ: kind == .call ? 1 : -1, spot: forward, strike: strike, timeToExpiry: timeToExpiry,
      volatility: volatility, riskFreeRate: discountRate, dividendYield: discountRate)
  }
}
