import MarketData
import Pricing

/// The shared machinery of `delta-gamma` and `vega`: neutralise one greek of the option book
/// on an underlying with a chosen listed-style option (kind, strike fraction, tenor; replaced
/// by a fresh one when fewer than `roll-below-days` calendar days remain, or when its gamma or
/// vega per unit has fallen below half of a fresh one's because the spot moved away from its
/// strike: a deep out-of-the-money hedge would need an exploding quantity), then neutralise
/// delta with the underlying. Rebalanced every N steps and whenever the option book changed.
public struct GreekHedge: HedgeRule {
  /// The greek neutralised with the hedge option.
  public enum Greek: Sendable, Equatable {
    case gamma
    case vega
  }

  public struct Parameters: Sendable, Equatable {
    public var symbol: String?
    public var optionKind: OptionKind
    /// Strike of the hedge option as a fraction of spot when it is opened.
    public var optionStrike: Double
    /// Tenor of a new hedge option, calendar days (mapped to a standard monthly expiry).
    public var optionTenorDays: Int
    /// Replace the hedge option when fewer calendar days than this remain.
    public var rollBelowDays: Int
    /// Rebalance every N steps.
    public var everyDays: Int

    public init(
      symbol: String? = nil, optionKind: OptionKind = .call, optionStrike: Double = 1,
      optionTenorDays: Int = 60, rollBelowDays: Int = 20, everyDays: Int = 1
    ) {
      self.symbol = symbol
      self.optionKind = optionKind
      self.optionStrike = optionStrike
      self.optionTenorDays = optionTenorDays
      self.rollBelowDays = rollBelowDays
      self.everyDays = everyDays
    }
  }

  let greek: Greek
  let owner: Int
  let underlying: Int
  let parameters: Parameters
  var lastIndex = Int.min
  var lastRevision = Int.min

  public init(_ greek: Greek, _ parameters: Parameters, context: RuleContext) {
    self.greek = greek
    owner = context.owner
    underlying = context.index(of: parameters.symbol)
    self.parameters = parameters
  }

  public mutating func decide(market: MarketView, portfolio: Portfolio, orders: inout [TradeOrder]) {
    let u = underlying
    let due = lastIndex == Int.min || market.index - lastIndex >= parameters.everyDays
    guard due || portfolio.revision != lastRevision else { return }
    lastIndex = market.index
    // Exposure of everything but this rule's own hedge option.
    var exposure = 0.0
    var hedge: OptionPosition? = nil
    for o in portfolio.options where o.underlying == u {
      if o.owner == owner {
        hedge = o
      } else {
        exposure += o.quantity * (greek == .gamma ? o.gamma : o.vega)
      }
    }
    var deltaAfter = portfolio.delta(of: u)
    // A fresh hedge option at the target strike and tenor: what is opened when none is held,
    // and the yardstick for replacing one whose strike the spot has left behind.
    let strike = parameters.optionStrike * market.spot(u)
    let expiry = market.monthlyExpiry(tenorDays: parameters.optionTenorDays)
    let (fresh, _) = market.greeks(u, kind: parameters.optionKind, strike: strike, expiry: expiry.day)
    let freshPerUnit = greek == .gamma ? fresh.gamma : fresh.vega
    if let h = hedge {
      let perUnit = greek == .gamma ? h.gamma : h.vega
      if market.day.days(to: h.expiry.day) < parameters.rollBelowDays || perUnit < 0.5 * freshPerUnit {
        orders.append(.closeOption(id: h.id, reason: .roll))
        deltaAfter -= h.quantity * h.delta
        hedge = nil
      }
    }
    if let h = hedge {
      let perUnit = greek == .gamma ? h.gamma : h.vega
      let change = -exposure / perUnit - h.quantity
      if abs(change) > ProgramEngine.quantityTolerance {
        orders.append(.resizeOption(id: h.id, by: change, reason: .rebalance))
        deltaAfter += change * h.delta
      }
    } else if freshPerUnit > 1e-12, abs(exposure / freshPerUnit) > ProgramEngine.quantityTolerance {
      let quantity = -exposure / freshPerUnit
      orders.append(
        .openOption(
          underlying: u, kind: parameters.optionKind, strike: strike, expiry: expiry,
          quantity: quantity, reason: .open))
      deltaAfter += quantity * fresh.delta
    }
    orders.append(.underlying(u, quantity: -deltaAfter, reason: .rebalance))
    // The option trades above change the revision: remember the one they will produce so
    // that this rule's own trades do not count as a change of the book.
    lastRevision = portfolio.revision + orders.count { if case .underlying = $0 { false } else { true } }
  }
}

extension GreekHedge.Parameters: Decodable {
  enum Keys: String, CodingKey, CaseIterable {
    case type, symbol
    case optionKind = "option-kind"
    case optionStrike = "option-strike"
    case optionTenorDays = "option-tenor-days"
    case rollBelowDays = "roll-below-days"
    case everyDays = "every-days"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    symbol = try c.optionalText(.symbol)
    optionKind = try c.choice(.optionKind, OptionKind.self, default: .call)
    optionStrike = try c.number(.optionStrike, default: 1, .strikeFraction)
    optionTenorDays = try c.integer(.optionTenorDays, in: 2...3650, default: 60)
    rollBelowDays = try c.integer(.rollBelowDays, in: 1...3650, default: 20)
    guard rollBelowDays < optionTenorDays else {
      throw c.issue(
        .rollBelowDays,
        .outOfRange(value: String(rollBelowDays), condition: "below option-tenor-days (\(optionTenorDays))"))
    }
    everyDays = try c.integer(.everyDays, in: 1...10_000, default: 1)
  }
}

extension GreekHedge {
  /// Delta-gamma and vega hedges aim at a neutral book: measured against zero.
  public var profile: RuleProfile { RuleProfile(trades: true, target: .neutral) }
}
