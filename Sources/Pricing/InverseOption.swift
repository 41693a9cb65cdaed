import RealModule

/// European inverse (coin-settled) options: strike in USD, premium and payoff in the coin.
///
/// Payoff at expiry, in coin per 1 coin of notional (Deribit's contract multiplier is 1):
/// `max(S_T − K, 0)/S_T` for a call, `max(K − S_T, 0)/S_T` for a put, with `S_T` the USD
/// settlement price of one coin. Its USD value at expiry is the ordinary payoff
/// `max(θ(S_T − K), 0)`, so by the change of numeraire (the coin is worth `S_t` USD at any
/// time t) the coin value today is the USD Black-Scholes-Merton value divided by spot:
///
///     V_coin = C_usd / S
///
/// Greeks in coin, by differentiating `C/S` (Δ, Γ, vega, Θ, ρ, φ, vanna, volga, charm the USD
/// greeks of ``BlackScholesMerton``):
/// - `delta_coin = ∂V_coin/∂S = (Δ − V_coin)/S` (coin per 1 USD of spot)
/// - `gamma_coin = Γ/S − 2Δ/S² + 2C/S³` (coin per USD²)
/// - `vega_coin = vega/S`, `theta_coin = Θ/S`, `rho_coin = ρ/S`, `phi_coin = φ/S`,
///   `volga_coin = volga/S` (S does not move with σ, t, r or q)
/// - `vanna_coin = vanna/S − vega/S²`, `charm_coin = (charm − Θ/S)/S`
/// - the **premium-adjusted delta** `S·delta_coin = Δ − V_coin` (coin): the coin P&L of one
///   option for a relative spot move, `dV_coin ≈ (Δ − V_coin)·dS/S`. It is the delta Deribit
///   displays for its inverse options; it is smaller than the linear `Δ` by the premium,
///   because the premium itself is held in the coin whose price moved.
///
/// In USD terms the option is an ordinary option: its USD value is `C` and its USD greeks are
/// the Black-Scholes-Merton ones (`usd`). A holder who pays the premium in coin and accounts
/// in USD is therefore hedged exactly as with a linear option once the premium is converted.
///
/// References: Deribit, "Inverse Options" (support.deribit.com/hc/en-us/articles/25944688327069)
/// and "Options explained" (deribit.freshdesk.com/support/solutions/articles/1000057047): the
/// payoff "settled for (S_T − K) USD per 1 BTC", paid as (S_T − K)/S_T BTC; the change of
/// numeraire: Geman, El Karoui & Rochet, "Changes of numéraire, changes of probability measure
/// and option pricing", J. Appl. Prob. 32 (1995).
///
/// Tested against Deribit's worked settlement examples, central finite differences of `C/S`
/// for every coin greek, and the identity `V_coin·S = C_usd` (`Tests/PricingTests`).
public enum InverseOption {
  /// The coin paid at expiry per 1 coin of notional: `max(θ(S_T − K), 0)/S_T`.
  ///
  /// - Parameters:
  ///   - settlementPrice: the USD price of one coin at expiry; must be positive and finite.
  /// - Throws: ``PricingError/invalidInput(name:value:condition:remedy:)`` for a settlement
  ///   price that is not positive and finite (an inverse payoff divides by it).
  public static func payoffInCoin(
    kind: OptionKind, strike: Double, settlementPrice: Double
  ) throws(PricingError) -> Double {
    guard settlementPrice.isFinite, settlementPrice > 0 else {
      throw .invalidInput(
        name: "settlementPrice", value: settlementPrice, condition: "positive and finite",
        remedy: "pass the USD price of one coin at expiry")
    }
    let θ: Double = kind == .call ? 1 : -1
    return max(θ * (settlementPrice - strike), 0) / settlementPrice
  }

  /// Price and greeks of one inverse option on 1 coin, in coin and in USD (units in
  /// ``InverseGreeks``). `market.spot` must be positive: call ``MarketState/validate()`` on
  /// untrusted input (a zero spot is treated as the smallest positive double, never NaN).
  public static func greeks(_ option: OptionContract, _ market: MarketState) -> InverseGreeks {
    let usd = BlackScholesMerton.greeks(option, market)
    let S = max(market.spot, .leastNormalMagnitude)
    let priceCoin = usd.price / S
    let coin = Greeks(
      price: priceCoin,
      delta: (usd.delta - priceCoin) / S,
      gamma: (usd.gamma - 2 * (usd.delta - priceCoin) / S) / S,
      vega: usd.vega / S,
      theta: usd.theta / S,
      rho: usd.rho / S,
      phi: usd.phi / S,
      vanna: (usd.vanna - usd.vega / S) / S,
      volga: usd.volga / S,
      charm: (usd.charm - usd.theta / S) / S)
    return InverseGreeks(coin: coin, usd: usd, spot: S)
  }

  /// The coin value of one inverse option on 1 coin: `C_usd / S`.
  public static func priceInCoin(_ option: OptionContract, _ market: MarketState) -> Double {
    BlackScholesMerton.price(option, market) / max(market.spot, .leastNormalMagnitude)
  }
}

/// The price and greeks of an inverse option in both units.
///
/// - `coin`: the value in coin and its sensitivities: `price` in coin; `delta` in coin per
///   1 USD of spot; `gamma` coin per USD²; `vega` coin per 1.00 of volatility; `theta`,
///   `charm` per year; `rho`, `phi` per 1.00 of rate (see ``InverseOption`` for formulas).
/// - `usd`: the USD value `C` and the Black-Scholes-Merton greeks (``Greeks`` units).
public struct InverseGreeks: Sendable, Hashable {
  /// Value and greeks in coin.
  public var coin: Greeks
  /// Value and greeks in USD (the linear option's).
  public var usd: Greeks
  /// The USD spot the greeks were computed at.
  public var spot: Double

  public init(coin: Greeks, usd: Greeks, spot: Double) {
    self.coin = coin
    self.usd = usd
    self.spot = spot
  }

  /// `Δ − V_coin`, in coin per 1 coin of notional: the coin P&L per relative spot move
  /// (`dV_coin ≈ premiumAdjustedDelta · dS/S`); Deribit's displayed delta of an inverse option.
  public var premiumAdjustedDelta: Double { coin.delta * spot }
}
