/// The price of an option and its sensitivities, in the units every HedgeLab module uses.
///
/// Units (decimal rates and volatilities, time in years):
/// - `price`: currency units per option on one unit of the underlying.
/// - `delta` = ∂V/∂S (per 1 currency unit of spot); `gamma` = ∂²V/∂S².
/// - `vega` = ∂V/∂σ per 1.00 of volatility (use ``vegaPerVolPoint`` for one vol point, 0.01).
/// - `theta` = ∂V/∂t per year of calendar time passing (= −∂V/∂T); use ``thetaPerCalendarDay``
///   for one calendar day (1/365 year).
/// - `rho` = ∂V/∂r per 1.00 of rate; `phi` (dividend rho) = ∂V/∂q per 1.00 of dividend yield.
/// - `vanna` = ∂²V/∂S∂σ (= ∂delta/∂σ, per 1.00 vol); `volga` (vomma) = ∂²V/∂σ² (per 1.00 vol²).
/// - `charm` = ∂delta/∂t per year of calendar time passing (= −∂delta/∂T).
public struct Greeks: Sendable, Hashable, Codable {
  public var price: Double
  public var delta: Double
  public var gamma: Double
  public var vega: Double
  public var theta: Double
  public var rho: Double
  public var phi: Double
  public var vanna: Double
  public var volga: Double
  public var charm: Double

  public init(
    price: Double, delta: Double, gamma: Double, vega: Double, theta: Double,
    rho: Double, phi: Double, vanna: Double, volga: Double, charm: Double
  ) {
    self.price = price
    self.delta = delta
    self.gamma = gamma
    self.vega = vega
    self.theta = theta
    self.rho = rho
    self.phi = phi
    self.vanna = vanna
    self.volga = volga
    self.charm = charm
  }

  /// Vega per volatility point: the price change for a 0.01 (one percentage point) rise in vol.
  public var vegaPerVolPoint: Double { vega / 100 }

  /// Theta per calendar day: the price change as one day (1/365 year) passes.
  public var thetaPerCalendarDay: Double { theta / 365 }

  /// Rho per percentage point: the price change for a 0.01 rise in the risk-free rate.
  public var rhoPerPercentPoint: Double { rho / 100 }

  /// Charm per calendar day: the delta change as one day (1/365 year) passes.
  public var charmPerCalendarDay: Double { charm / 365 }
}
