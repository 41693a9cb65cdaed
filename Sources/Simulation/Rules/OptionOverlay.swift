import MarketData
import Pricing

/// Holds a package of listed-style options on one underlying (one or more legs at strikes set
/// as fractions of spot), opened at the standard monthly expiry nearest to the tenor and
/// renewed on a schedule: the machinery behind `protective-put`, `collar`, `put-spread`,
/// `covered-call`, `options` and the put leg of `index-hedge`.
///
/// Each leg's quantity is `ratio × R` units of the underlying, with the reference size `R`
/// fixed at each opening by the sizing rule. Sized by `hedge-ratio` under
/// `financing: holdings`, `R` is `hedge-ratio` × the units held *after* the day's financing
/// trade (the premium sold out of, or bought into, the holding), so a 1.0 hedge ratio covers
/// the holding exactly, as the Cboe PPUT and BXM methodologies size their options.
///
/// With a budget (an annual fraction of portfolio value), each opening may spend
/// `budget × value × (days to expiry)/365` plus what earlier openings left unspent (carried
/// over, up to one year's budget); a package that would cost more is scaled down. The budget
/// is thus spread over the roll periods instead of being spent in the first weeks of a year.
public struct OptionOverlay: HedgeRule {
  /// One option of the package.
  public struct Leg: Sendable, Equatable {
    public var kind: OptionKind
    /// Strike as a fraction of the spot at opening (0.95 = 95 %).
    public var strike: Double
    /// Units per unit of the reference size; negative for a written option.
    public var ratio: Double

    public init(kind: OptionKind, strike: Double, ratio: Double) {
      self.kind = kind
      self.strike = strike
      self.ratio = ratio
    }
  }

  /// When a live package is replaced.
  public enum Roll: Sendable, Equatable {
    /// Held to expiry; a new package opens on the settlement day.
    case atExpiry
    /// Closed and reopened every N steps (or at expiry if sooner).
    case everyDays(Int)
    /// Closed and reopened when fewer than N calendar days remain to expiry.
    case belowDays(Int)
  }

  /// How the reference size `R` (units of underlying) is set at each opening.
  public enum Sizing: Sendable, Equatable {
    /// `hedgeRatio × units of the underlying held` (`portfolio.holdings`).
    case hedgeRatio(Double)
    /// A fixed number of units.
    case units(Double)
    /// A notional in currency, divided by the spot at opening.
    case notional(Double)
    /// `hedgeRatio × Σ_i units_i·S_i·β_i / S` over every other holding `i`, betas of each
    /// holding on this underlying from the last `window` daily returns (1 before 20 returns
    /// exist): the beta-weighted basket in units of an index.
    case betaWeighted(hedgeRatio: Double, window: Int)
    /// Written puts collateralised by the whole portfolio: `R` = portfolio value / strike of
    /// the first leg (Cboe PUT index: notional equal to the T-bill collateral at each roll).
    case cashSecured
  }

  public struct Parameters: Sendable, Equatable {
    /// The underlying (the first of `data.underlyings` when nil).
    public var symbol: String?
    public var legs: [Leg]
    /// Target time to expiry at opening, calendar days (mapped to a standard monthly expiry).
    public var tenorDays: Int
    /// A fixed expiry cycle instead of the tenor: each package expires at the cycle's first
    /// expiry strictly after the opening day.
    public var cycle: ExpiryCycle?
    public var roll: Roll
    public var sizing: Sizing
    /// Annual premium budget as a fraction of portfolio value (0.02 = 2 % a year), or nil.
    public var budget: Double?
    /// Crypto expiries (`expiry: daily | weekly | monthly | quarterly`, 08:00 UTC) instead of
    /// the standard third-Friday monthly ones, or nil.
    public var cryptoExpiry: CryptoExpiryCycle? = nil
    /// `inverse`: premiums and payoffs paid in the coin (Deribit-style options), converted
    /// into the holding at the day's close; `linear` (default): in cash.
    public var settlement: ContractSettlement = .linear
    /// `whole-contracts: true` rounds each package to a whole number of contracts of
    /// `costs.contract-multiplier` units (e.g. 0.01 BTC for a USDC-settled option, 100 for an
    /// SPX option); false (default) trades fractional units.
    public var wholeContracts = false

    public init(
      symbol: String? = nil, legs: [Leg], tenorDays: Int = 30, roll: Roll = .atExpiry,
      sizing: Sizing = .hedgeRatio(1), budget: Double? = nil, cycle: ExpiryCycle? = nil
    ) {
      self.symbol = symbol
      self.legs = legs
      self.tenorDays = tenorDays
      self.cycle = cycle
      self.roll = roll
      self.sizing = sizing
      self.budget = budget
    }
  }

  let owner: Int
  let underlying: Int
  let parameters: Parameters
  let costs: CostModel
  var openedAt = Int.min
  /// Budget left unspent by earlier openings (currency), carried to the next.
  var budgetCarried = 0.0

  public init(_ parameters: Parameters, context: RuleContext) {
    owner = context.owner
    underlying = context.index(of: parameters.symbol)
    self.parameters = parameters
    costs = context.costs
  }

  public var settlement: ContractSettlement { parameters.settlement }

  public mutating func decide(market: MarketView, portfolio: Portfolio, orders: inout [TradeOrder]) {
    var live = false
    var shouldRoll = false
    let today = market.day
    for o in portfolio.options where o.owner == owner {
      live = true
      switch parameters.roll {
      case .atExpiry: break
      case .everyDays(let n): if market.index - openedAt >= n { shouldRoll = true }
      case .belowDays(let d): if today.days(to: o.expiry.day) < d { shouldRoll = true }
      }
    }
    if live && !shouldRoll { return }
    if live {
      for o in portfolio.options where o.owner == owner {
        orders.append(.closeOption(id: o.id, reason: .roll))
      }
    }
    open(market: market, portfolio: portfolio, orders: &orders)
  }

  mutating func open(market: MarketView, portfolio: Portfolio, orders: inout [TradeOrder]) {
    let u = underlying
    let spot = market.spot(u)
    let expiry =
      parameters.cryptoExpiry.map { market.cryptoExpiry($0, tenorDays: parameters.tenorDays) }
      ?? parameters.cycle.map { market.cycleExpiry($0) }
      ?? market.monthlyExpiry(tenorDays: parameters.tenorDays)
    // Mid premium and vega of the package per unit of reference size.
    var premium = 0.0
    var legPrices: [(price: Double, vega: Double)] = []
    legPrices.reserveCapacity(parameters.legs.count)
    for leg in parameters.legs {
      let (g, _) = market.greeks(u, kind: leg.kind, strike: leg.strike * spot, expiry: expiry.day)
      premium += leg.ratio * g.price
      legPrices.append((g.price, g.vega))
    }
    var size = referenceUnits(market: market, portfolio: portfolio, premium: premium, legPrices: legPrices)
    guard size != 0, size.isFinite else { return }
    if parameters.wholeContracts {
      size = (size / costs.contractMultiplier).rounded() * costs.contractMultiplier
      guard size != 0 else { return }
    }
    if let budget = parameters.budget {
      let value = portfolio.value { market.spot($0) }
      let yearly = max(0, budget * value)
      let allowance = budgetCarried + yearly * Double(market.day.days(to: expiry.day)) / 365
      let cost = premium * size
      if cost > allowance, cost > 0 {
        size *= allowance / cost
      }
      budgetCarried = min(yearly, max(0, allowance - max(0, premium * size)))
    }
    openedAt = market.index
    for leg in parameters.legs {
      orders.append(
        .openOption(
          underlying: u, kind: leg.kind, strike: leg.strike * spot, expiry: expiry,
          quantity: leg.ratio * size, reason: .open))
    }
  }

  /// The reference size R (units of underlying) for a package costing `premium` per unit.
  func referenceUnits(
    market: MarketView, portfolio: Portfolio, premium: Double = 0,
    legPrices: [(price: Double, vega: Double)] = []
  ) -> Double {
    switch parameters.sizing {
    case .hedgeRatio(let h):
      let held = portfolio.baseUnits[underlying]
      guard let pending = portfolio.pendingFinancing, held != 0 else { return h * held }
      // Financing trades every holding in proportion to its value: this one takes the share
      // w of the day's hedge cash flow. Solve R = h·(U + w·(pending − R·(p + c(R)))/S), with
      // the costs c per unit re-evaluated at each iterate (they are nearly proportional).
      let spot = market.spot(underlying)
      var total = 0.0
      for i in portfolio.baseUnits.indices where portfolio.baseUnits[i] != 0 {
        total += portfolio.baseUnits[i] * market.spot(i)
      }
      guard total > 0 else { return h * held }
      let share = held * spot / total
      var size = h * held
      for _ in 0..<4 {
        var costPerUnit = 0.0
        if size != 0 {
          for (leg, quote) in zip(parameters.legs, legPrices) {
            costPerUnit += costs.optionTrade(quantity: leg.ratio * size, price: quote.price, vega: quote.vega).total
          }
          costPerUnit /= abs(size)
        }
        size = h * (held + share * pending / spot) / (1 + h * share * (premium + costPerUnit) / spot)
      }
      return size
    case .units(let x): return x
    case .notional(let n): return n / market.spot(underlying)
    case .cashSecured:
      let strike = (parameters.legs.first?.strike ?? 1) * market.spot(underlying)
      return max(0, portfolio.value { market.spot($0) }) / strike
    case .betaWeighted(let h, let window):
      var exposure = 0.0
      for i in portfolio.baseUnits.indices where i != underlying && portfolio.baseUnits[i] != 0 {
        let beta = market.beta(of: i, on: underlying, window: window) ?? 1
        exposure += portfolio.baseUnits[i] * market.spot(i) * beta
      }
      return h * exposure / market.spot(underlying)
    }
  }
}

// MARK: - Decoding the schedule keys shared by every overlay rule

/// Keys common to the option-overlay rules.
enum OverlayKeys: String, CodingKey, CaseIterable {
  case type, symbol, strike, legs, budget, units, notional, expiry, settlement
  case wholeContracts = "whole-contracts"
  case tenorDays = "tenor-days"
  case rollEveryDays = "roll-every-days"
  case rollBelowDays = "roll-below-days"
  case hedgeRatio = "hedge-ratio"
  case putStrike = "put-strike"
  case callStrike = "call-strike"
  case longStrike = "long-strike"
  case shortStrike = "short-strike"
  case cycle
}

extension OptionOverlay.Parameters {
  /// The shared keys, in documentation order.
  static let scheduleKeys: [OverlayKeys] = [
    .symbol, .tenorDays, .cycle, .rollEveryDays, .rollBelowDays, .hedgeRatio, .units, .notional,
    .budget, .expiry, .settlement, .wholeContracts,
  ]

  /// Decodes an overlay rule whose legs come from `makeLegs`, accepting only the shared keys
  /// plus `legKeys`.
  static func decode(
    _ decoder: any Decoder, legKeys: [OverlayKeys],
    makeLegs: (KeyedDecodingContainer<OverlayKeys>) throws -> [OptionOverlay.Leg]
  ) throws -> Self {
    try decoder.rejectUnknownKeys(
      valid: ([OverlayKeys.type] + legKeys + scheduleKeys).map(\.rawValue))
    let c = try decoder.container(keyedBy: OverlayKeys.self)
    let legs = try makeLegs(c)
    let roll: OptionOverlay.Roll
    switch try c.atMostOne(of: [.rollEveryDays, .rollBelowDays]) {
    case .rollEveryDays?: roll = .everyDays(try c.integer(.rollEveryDays, in: 1...10_000))
    case .rollBelowDays?: roll = .belowDays(try c.integer(.rollBelowDays, in: 1...3650))
    default: roll = .atExpiry
    }
    let cycle: ExpiryCycle? = c.contains(.cycle) ? try c.choice(.cycle, ExpiryCycle.self) : nil
    if cycle != nil, c.contains(.tenorDays) {
      throw c.issue(.tenorDays, .invalid("cycle sets the expiry (the cycle's next one after each opening); remove tenor-days or cycle"))
    }
    let tenorDays = try c.integer(.tenorDays, in: 1...3650, default: 30)
    if case .belowDays(let d) = roll, d >= tenorDays {
      throw c.issue(
        .rollBelowDays,
        .outOfRange(value: String(d), condition: "below tenor-days (\(tenorDays)), or every new option would roll at once"))
    }
    let sizing: OptionOverlay.Sizing
    switch try c.atMostOne(of: [.hedgeRatio, .units, .notional]) {
    case .units?: sizing = .units(try c.number(.units, .positive))
    case .notional?: sizing = .notional(try c.number(.notional, .positive, expected: "a notional in currency"))
    case .hedgeRatio?: sizing = .hedgeRatio(try c.number(.hedgeRatio, .within(0, 10, "1 hedges every unit held")))
    default: sizing = .hedgeRatio(1)
    }
    var parameters = Self(
      symbol: try c.optionalText(.symbol), legs: legs, tenorDays: tenorDays, roll: roll,
      sizing: sizing,
      budget: try c.optionalNumber(.budget, .within(0, 1, "a fraction of portfolio value a year: 0.02 is 2 %")),
      cycle: cycle)
    if c.contains(.expiry) {
      if cycle != nil {
        throw c.issue(.expiry, .invalid("expiry picks crypto expiries (08:00 UTC), cycle third-Friday ones; give one of them"))
      }
      parameters.cryptoExpiry = try c.choice(.expiry, CryptoExpiryCycle.self)
    }
    parameters.settlement = try c.choice(.settlement, ContractSettlement.self, default: .linear)
    parameters.wholeContracts = try c.decodeIfPresent(Bool.self, forKey: .wholeContracts) ?? false
    return parameters
  }
}
