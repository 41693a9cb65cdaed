import MarketData
import Pricing
import RealModule

/// `delta`: keeps the portfolio delta on one underlying at a target by trading the underlying
/// (or its front quarterly future).
///
/// Target, in units of the underlying: `targetDelta × holding` (default 0: delta-neutral),
/// or with `synthetic-put`, `holding × (1 + Δ_put)` for a virtual put at a strike fraction and
/// tenor, renewed at its expiry: dynamic replication of a protective put (portfolio insurance).
///
/// Triggers (one of): every N steps; a band on |delta − target| in units, or in currency as a
/// fraction of portfolio value; an underlying move of `k·σ·√Δt` since the last rebalance
/// (σ the at-the-money implied volatility, Δt one step); or the Whalley-Wilmott band
/// `H = (3·λ·S·Γ² / (2γ))^{1/3}` (λ the proportional cost, Γ the portfolio gamma, γ the risk
/// aversion; Whalley & Wilmott 1997, the discount factor e^{−r(T−t)} ≈ 1 dropped), trading only
/// back to the band's edge. Any trigger also fires when the option book changed since the last
/// rebalance (a roll, an expiry), on the first day, and when the hedge future is within 5
/// calendar days of its expiry (it is then rolled into the next quarterly contract).
///
/// Hedge volatility: the options' implied volatilities (default), the realised volatility of
/// the last N returns, or Leland's cost-adjusted `σ_L² = σ²·(1 ± √(2/π)·k/(σ√δt))` with `k`
/// the round-trip proportional cost and `δt` the rebalancing interval, + for short and − for
/// long options (Leland 1985, "Option pricing and replication with transactions costs").
public struct DeltaHedge: HedgeRule {
  public enum HedgeInstrument: String, Sendable, Equatable, CaseIterable {
    case underlying
    case future
  }

  public enum Trigger: Sendable, Equatable {
    case everyDays(Int)
    case bandUnits(Double)
    case bandFraction(Double)
    case moveSigmas(Double)
    case whalleyWilmott(riskAversion: Double)
  }

  public enum HedgeVolatility: Sendable, Equatable {
    case implied
    case realised(window: Int)
    case leland
  }

  public struct SyntheticPut: Sendable, Equatable {
    /// Strike as a fraction of spot at each renewal.
    public var strike: Double
    public var tenorDays: Int
    public init(strike: Double, tenorDays: Int) {
      self.strike = strike
      self.tenorDays = tenorDays
    }
  }

  public struct Parameters: Sendable, Equatable {
    public var symbol: String?
    public var instrument: HedgeInstrument
    public var trigger: Trigger
    public var hedgeVolatility: HedgeVolatility
    /// Target delta as a fraction of the holding (0 = neutral, 1 = leave the holding unhedged).
    public var targetDelta: Double
    public var syntheticPut: SyntheticPut?

    public init(
      symbol: String? = nil, instrument: HedgeInstrument = .underlying,
      trigger: Trigger = .everyDays(1), hedgeVolatility: HedgeVolatility = .implied,
      targetDelta: Double = 0, syntheticPut: SyntheticPut? = nil
    ) {
      self.symbol = symbol
      self.instrument = instrument
      self.trigger = trigger
      self.hedgeVolatility = hedgeVolatility
      self.targetDelta = targetDelta
      self.syntheticPut = syntheticPut
    }
  }

  let owner: Int
  let underlying: Int
  let parameters: Parameters
  /// One-way proportional cost of the hedge instrument (fraction of traded value).
  let proportionalCost: Double
  /// The rebalancing interval in years, for Leland's adjustment.
  let rebalanceInterval: Double
  var lastIndex = Int.min
  var lastSpot = 0.0
  var lastRevision = Int.min
  var putStrike = 0.0
  var putExpiry = Day(daysSinceEpoch: Int.min)

  public init(_ parameters: Parameters, context: RuleContext) {
    owner = context.owner
    underlying = context.index(of: parameters.symbol)
    self.parameters = parameters
    proportionalCost =
      (parameters.instrument == .underlying
        ? context.costs.underlyingBasisPoints : context.costs.futureBasisPoints) * 1e-4
    if case .everyDays(let n) = parameters.trigger {
      rebalanceInterval = Double(n) / context.stepsPerYear
    } else {
      rebalanceInterval = 1 / context.stepsPerYear
    }
  }

  public mutating func decide(market: MarketView, portfolio: Portfolio, orders: inout [TradeOrder]) {
    let u = underlying
    let spot = market.spot(u)
    let delta = hedgeDelta(market: market, portfolio: portfolio)
    let target = self.target(market: market, portfolio: portfolio)
    let gap = delta - target
    var fire = lastIndex == Int.min || portfolio.revision != lastRevision
    if parameters.instrument == .future {
      // A future about to expire is rolled whatever the trigger.
      for f in portfolio.futures where f.owner == owner && market.day.days(to: f.expiry.day) < 5 {
        fire = true
      }
    }
    var trade = -gap
    if !fire {
      switch parameters.trigger {
      case .everyDays(let n):
        fire = market.index - lastIndex >= n
      case .bandUnits(let band):
        fire = abs(gap) > band
      case .bandFraction(let fraction):
        fire = abs(gap) * spot > fraction * abs(portfolio.value { market.spot($0) })
      case .moveSigmas(let k):
        let threshold = k * market.atTheMoneyVolatility(u) * (1 / market.stepsPerYear).squareRoot()
        fire = abs(Double.log(spot / lastSpot)) >= threshold
      case .whalleyWilmott(let γ):
        let Γ = portfolio.gamma(of: u)
        let band = Double.root(3 * proportionalCost * spot * Γ * Γ / (2 * γ), 3)
        fire = abs(gap) > band
        trade = -(gap - (gap > 0 ? band : -band))
      }
    }
    guard fire else { return }
    lastIndex = market.index
    lastSpot = spot
    lastRevision = portfolio.revision
    guard abs(trade) > ProgramEngine.quantityTolerance else { return }
    switch parameters.instrument {
    case .underlying:
      orders.append(.underlying(u, quantity: trade, reason: .rebalance))
    case .future:
      hedgeWithFuture(trade, market: market, portfolio: portfolio, orders: &orders)
    }
  }

  /// Portfolio delta on the underlying at the hedge volatility, in units.
  func hedgeDelta(market: MarketView, portfolio: Portfolio) -> Double {
    let u = underlying
    switch parameters.hedgeVolatility {
    case .implied:
      return portfolio.delta(of: u)
    case .realised(let window):
      let σ = market.realisedVolatility(u, window: window) ?? market.atTheMoneyVolatility(u)
      var d = portfolio.units(of: u)
      for o in portfolio.options where o.underlying == u {
        d += o.quantity * market.delta(u, kind: o.kind, strike: o.strike, expiry: o.expiry.day, volatility: σ)
      }
      for f in portfolio.futures where f.underlying == u { d += f.quantity * f.delta }
      return d
    case .leland:
      let k = 2 * proportionalCost
      var d = portfolio.units(of: u)
      for o in portfolio.options where o.underlying == u {
        let σ = o.volatility
        var σHedge = σ
        if σ > 0, k > 0 {
          let leland = (2 / Double.pi).squareRoot() * k / (σ * rebalanceInterval.squareRoot())
          σHedge = σ * max(1e-4, 1 + (o.quantity < 0 ? leland : -leland)).squareRoot()
        }
        d += o.quantity * market.delta(u, kind: o.kind, strike: o.strike, expiry: o.expiry.day, volatility: σHedge)
      }
      for f in portfolio.futures where f.underlying == u { d += f.quantity * f.delta }
      return d
    }
  }

  /// The target delta in units.
  mutating func target(market: MarketView, portfolio: Portfolio) -> Double {
    let holding = portfolio.baseUnits[underlying]
    var target = parameters.targetDelta * holding
    if let put = parameters.syntheticPut {
      let spot = market.spot(underlying)
      if market.day >= putExpiry {
        putStrike = put.strike * spot
        putExpiry = market.monthlyExpiry(tenorDays: put.tenorDays).day
      }
      let σ: Double
      switch parameters.hedgeVolatility {
      case .realised(let window):
        σ = market.realisedVolatility(underlying, window: window)
          ?? market.atTheMoneyVolatility(underlying)
      default:
        σ = market.impliedVolatility(underlying, strike: putStrike, expiry: putExpiry)
      }
      let Δput = market.delta(underlying, kind: .put, strike: putStrike, expiry: putExpiry, volatility: σ)
      target += holding * (1 + Δput)
    }
    return target
  }

  private func hedgeWithFuture(
    _ trade: Double, market: MarketView, portfolio: Portfolio, orders: inout [TradeOrder]
  ) {
    let u = underlying
    var held: FuturePosition? = nil
    for f in portfolio.futures where f.owner == owner { held = f }
    if let f = held, market.day.days(to: f.expiry.day) < 5 {
      // Roll: close the expiring contract, carry its delta into the new one.
      orders.append(.closeFuture(id: f.id, reason: .roll))
      let expiry = market.quarterlyExpiry(minimumDays: 10)
      let units = (f.quantity * f.delta + trade) / market.futureDelta(u, expiry: expiry.day)
      orders.append(.openFuture(underlying: u, expiry: expiry, quantity: units, reason: .roll))
    } else if let f = held {
      orders.append(.resizeFuture(id: f.id, by: trade / f.delta, reason: .rebalance))
    } else {
      let expiry = market.quarterlyExpiry(minimumDays: 10)
      orders.append(
        .openFuture(
          underlying: u, expiry: expiry, quantity: trade / market.futureDelta(u, expiry: expiry.day),
          reason: .open))
    }
  }
}

extension DeltaHedge.Parameters: Decodable {
  enum Keys: String, CodingKey, CaseIterable {
    case type, symbol, instrument
    case everyDays = "every-days"
    case bandUnits = "band-units"
    case bandFraction = "band-fraction"
    case moveSigmas = "move-sigmas"
    case whalleyWilmott = "whalley-wilmott"
    case hedgeVolatility = "hedge-volatility"
    case realisedWindow = "realised-window"
    case targetDelta = "target-delta"
    case syntheticPut = "synthetic-put"
  }
  enum PutKeys: String, CodingKey, CaseIterable {
    case strike
    case tenorDays = "tenor-days"
  }
  enum VolatilityChoice: String, CaseIterable {
    case implied, realised, leland
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    symbol = try c.optionalText(.symbol)
    instrument = try c.choice(.instrument, DeltaHedge.HedgeInstrument.self, default: .underlying)
    switch try c.atMostOne(of: [.everyDays, .bandUnits, .bandFraction, .moveSigmas, .whalleyWilmott]) {
    case .bandUnits?: trigger = .bandUnits(try c.number(.bandUnits, .nonNegative, expected: "units of underlying"))
    case .bandFraction?: trigger = .bandFraction(try c.number(.bandFraction, .within(0, 1, "fraction of portfolio value: 0.01 is 1 %")))
    case .moveSigmas?: trigger = .moveSigmas(try c.number(.moveSigmas, .within(0, 20, "standard deviations of one step's move")))
    case .whalleyWilmott?: trigger = .whalleyWilmott(riskAversion: try c.number(.whalleyWilmott, .positive, expected: "a risk aversion"))
    case .everyDays?: trigger = .everyDays(try c.integer(.everyDays, in: 1...10_000))
    default: trigger = .everyDays(1)
    }
    switch try c.choice(.hedgeVolatility, VolatilityChoice.self, default: .implied) {
    case .implied: hedgeVolatility = .implied
    case .leland: hedgeVolatility = .leland
    case .realised: hedgeVolatility = .realised(window: try c.integer(.realisedWindow, in: 2...2520, default: 21))
    }
    if c.contains(.realisedWindow), hedgeVolatility != .realised(window: try c.integer(.realisedWindow, in: 2...2520)) {
      throw c.issue(.realisedWindow, .invalid("realised-window applies only with hedge-volatility: realised"))
    }
    targetDelta = try c.number(.targetDelta, default: 0, .within(-2, 2, "a fraction of the holding"))
    if c.contains(.syntheticPut) {
      let p = try c.nestedDecoder(.syntheticPut).strictContainer(keyedBy: PutKeys.self)
      syntheticPut = DeltaHedge.SyntheticPut(
        strike: try p.number(.strike, default: 0.95, .strikeFraction),
        tenorDays: try p.integer(.tenorDays, in: 1...3650, default: 30))
    } else {
      syntheticPut = nil
    }
  }
}

extension DeltaHedge {
  /// A delta hedge is measured against the put it replicates, against zero when
  /// delta-neutral, and is not a hedge when it keeps a delta target away from 0.
  public var profile: RuleProfile {
    if let put = parameters.syntheticPut {
      return RuleProfile(trades: true, target: .replicatesPut(strike: put.strike, tenorDays: put.tenorDays))
    }
    return RuleProfile(
      trades: true, target: parameters.targetDelta == 0 ? .neutral : .directional(targetDelta: parameters.targetDelta))
  }
}
