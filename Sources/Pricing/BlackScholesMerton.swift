import RealModule

/// European option prices and greeks under the generalized Black-Scholes-Merton model.
///
/// With cost of carry `b = r − q`, forward `F = S·e^{bT}`, `d1 = (ln(S/K) + (b + σ²/2)T)/(σ√T)`,
/// `d2 = d1 − σ√T` and θ = +1 for a call, −1 for a put:
/// `V = θ·(S·e^{−qT}·N(θ·d1) − K·e^{−rT}·N(θ·d2))`
/// (Haug, *The Complete Guide to Option Pricing Formulas*, 2nd ed., §1.1.6).
/// Units: see ``Greeks``. N is evaluated through `erfc`, so deep out-of-the-money prices keep
/// full relative precision.
///
/// Limits (never NaN for finite inputs):
/// - `timeToExpiry == 0`: intrinsic value `max(θ(S − K), 0)`, digital delta (call 1 in the
///   money, 0 out of the money, ½ at the money; put −1/0/−½); gamma, vega, vanna, volga are 0.
/// - `volatility == 0`: the discounted intrinsic value of the forward, `e^{−rT}·max(θ(F − K), 0)`,
///   with the digital limits of N(d1), N(d2).
/// - In both, at exactly S = K (resp. F = K) gamma, vanna, volga diverge; they are reported
///   as 0 and theta/charm keep only their finite carry terms.
/// - A negative `timeToExpiry` or `volatility` is treated as 0, a negative spot as 0, and a
///   strike ≤ 0 as an option that is always exercised. Call ``OptionContract/validate()``
///   and ``MarketState/validate()`` on untrusted input first.
///
/// Tested against Hull's and Haug's worked examples, put-call parity, price bounds,
/// monotonicity and central finite differences for every greek (`Tests/PricingTests`).
public enum BlackScholesMerton {
  /// The present value of the option, in currency units.
  public static func price(_ option: OptionContract, _ market: MarketState) -> Double {
    let θ: Double = option.kind == .call ? 1 : -1
    let inputs = Inputs(
      θ: θ, spot: market.spot, strike: option.strike, timeToExpiry: option.timeToExpiry,
      volatility: market.volatility, riskFreeRate: market.riskFreeRate,
      dividendYield: market.dividendYield)
    return inputs.price
  }

  /// ∂V/∂S: e^{−qT}·N(d1) for a call, −e^{−qT}·N(−d1) for a put.
  public static func delta(_ option: OptionContract, _ market: MarketState) -> Double {
    let θ: Double = option.kind == .call ? 1 : -1
    let inputs = Inputs(
      θ: θ, spot: market.spot, strike: option.strike, timeToExpiry: option.timeToExpiry,
      volatility: market.volatility, riskFreeRate: market.riskFreeRate,
      dividendYield: market.dividendYield)
    return θ * inputs.dividendDiscount * inputs.cdfθd1
  }

  /// Price and all greeks in one pass (units in ``Greeks``).
  public static func greeks(_ option: OptionContract, _ market: MarketState) -> Greeks {
    let θ: Double = option.kind == .call ? 1 : -1
    return Inputs(
      θ: θ, spot: market.spot, strike: option.strike, timeToExpiry: option.timeToExpiry,
      volatility: market.volatility, riskFreeRate: market.riskFreeRate,
      dividendYield: market.dividendYield
    ).greeks
  }
}

extension BlackScholesMerton {
  /// The shared kernel: normalised inputs and N(θd1), N(θd2), n(d1), handling every limit.
  struct Inputs {
    let θ: Double
    let spot: Double
    let strike: Double
    let timeToExpiry: Double
    let volatility: Double
    let riskFreeRate: Double
    let dividendYield: Double
    /// e^{−rT}
    let discount: Double
    /// e^{−qT}
    let dividendDiscount: Double
    let d1: Double
    let d2: Double
    /// N(θ·d1), N(θ·d2)
    let cdfθd1: Double
    let cdfθd2: Double
    /// n(d1); 0 in the degenerate limits.
    let density: Double

    init(
      θ: Double, spot: Double, strike: Double, timeToExpiry: Double, volatility: Double,
      riskFreeRate r: Double, dividendYield q: Double
    ) {
      let S = max(spot, 0)
      let K = strike
      let T = max(timeToExpiry, 0)
      let σ = max(volatility, 0)
      self.θ = θ
      self.spot = S
      self.strike = K
      self.timeToExpiry = T
      self.volatility = σ
      self.riskFreeRate = r
      self.dividendYield = q
      discount = Double.exp(-r * T)
      dividendDiscount = Double.exp(-q * T)
      let sd = σ * T.squareRoot()
      // ln(F/K) when both are positive; ±∞ for a worthless or always-exercised payoff.
      let logMoneyness: Double
      if K <= 0 {
        logMoneyness = .infinity
      } else if S == 0 {
        logMoneyness = -.infinity
      } else {
        let ratio = S / K
        let logRatio =
          ratio.isNormal && ratio.isFinite ? Double.log(ratio) : Double.log(S) - Double.log(K)
        logMoneyness = logRatio + (r - q) * T
      }
      if sd > 0 && logMoneyness.isFinite {
        let d1 = logMoneyness / sd + 0.5 * sd
        let d2 = d1 - sd
        self.d1 = d1
        self.d2 = d2
        cdfθd1 = NormalDistribution.cdf(θ * d1)
        cdfθd2 = NormalDistribution.cdf(θ * d2)
        density = NormalDistribution.pdf(d1)
      } else {
        // Degenerate: the payoff is decided (digital limits of N), no diffusion left.
        let digital: Double =
          θ * logMoneyness > 0 ? 1 : (θ * logMoneyness < 0 ? 0 : 0.5)
        d1 = logMoneyness > 0 ? .infinity : (logMoneyness < 0 ? -.infinity : 0)
        d2 = d1
        cdfθd1 = digital
        cdfθd2 = digital
        density = 0
      }
    }

    /// S·e^{−qT}
    var discountedSpot: Double { spot * dividendDiscount }
    /// K·e^{−rT}
    var discountedStrike: Double { strike * discount }

    var price: Double {
      // Each term is non-negative; the difference is clamped at 0 against round-off.
      max(θ * (discountedSpot * cdfθd1 - discountedStrike * cdfθd2), 0)
    }

    var greeks: Greeks {
      let T = timeToExpiry
      let σ = volatility
      let sqrtT = T.squareRoot()
      let carrySpot = θ * discountedSpot * cdfθd1
      let carryStrike = θ * discountedStrike * cdfθd2
      var gamma = 0.0
      var vega = 0.0
      var vanna = 0.0
      var volga = 0.0
      var thetaDiffusion = 0.0
      var charmDiffusion = 0.0
      if density > 0 {
        // Here σ > 0, T > 0, and d1, d2 are finite.
        let sd = σ * sqrtT
        let nd = dividendDiscount * density
        gamma = nd / (spot * sd)
        vega = spot * nd * sqrtT
        vanna = -nd * d2 / σ
        volga = vega * d1 * d2 / σ
        thetaDiffusion = -spot * nd * σ / (2 * sqrtT)
        charmDiffusion = -nd * ((riskFreeRate - dividendYield) / sd - d2 / (2 * T))
      }
      return Greeks(
        price: price,
        delta: θ * dividendDiscount * cdfθd1,
        gamma: gamma,
        vega: vega,
        theta: thetaDiffusion + dividendYield * carrySpot - riskFreeRate * carryStrike,
        rho: T * carryStrike,
        phi: -T * carrySpot,
        vanna: vanna,
        volga: volga,
        charm: θ * dividendYield * dividendDiscount * cdfθd1 + charmDiffusion)
    }
  }
}
