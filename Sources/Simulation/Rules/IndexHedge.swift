import MarketData

/// `index-hedge`: hedges a basket of holdings with an index, sized by the basket's
/// beta-weighted exposure `E = Σ_i units_i·S_i·β_i`, each β_i the slope of the holding's daily
/// log returns on the index's over the last `beta-window` steps up to today (1 until 20
/// returns exist): no look-ahead.
///
/// With `instrument: puts`, index puts at a strike fraction of the index level cover
/// `hedge-ratio × E / S_index` units, renewed like a protective put. With
/// `instrument: short-index`, the program holds `−hedge-ratio × E / S_index` index units,
/// resized every `rebalance-every-days` steps.
public struct IndexHedge: HedgeRule {
  public enum HedgeInstrument: String, Sendable, Equatable, CaseIterable {
    case puts
    case shortIndex = "short-index"
  }

  public struct Parameters: Sendable, Equatable {
    /// The index symbol (one of `data.underlyings`, not held).
    public var index: String
    public var instrument: HedgeInstrument
    public var strike: Double
    public var tenorDays: Int
    public var roll: OptionOverlay.Roll
    public var betaWindow: Int
    public var hedgeRatio: Double
    public var rebalanceEveryDays: Int
    public var budget: Double?

    public init(
      index: String, instrument: HedgeInstrument = .puts, strike: Double = 0.95,
      tenorDays: Int = 30, roll: OptionOverlay.Roll = .atExpiry, betaWindow: Int = 252,
      hedgeRatio: Double = 1, rebalanceEveryDays: Int = 21, budget: Double? = nil
    ) {
      self.index = index
      self.instrument = instrument
      self.strike = strike
      self.tenorDays = tenorDays
      self.roll = roll
      self.betaWindow = betaWindow
      self.hedgeRatio = hedgeRatio
      self.rebalanceEveryDays = rebalanceEveryDays
      self.budget = budget
    }
  }

  let parameters: Parameters
  let indexUnderlying: Int
  var puts: OptionOverlay
  var lastIndex = Int.min

  public init(_ parameters: Parameters, context: RuleContext) {
    self.parameters = parameters
    indexUnderlying = context.index(of: parameters.index)
    puts = OptionOverlay(
      OptionOverlay.Parameters(
        symbol: parameters.index,
        legs: [OptionOverlay.Leg(kind: .put, strike: parameters.strike, ratio: 1)],
        tenorDays: parameters.tenorDays, roll: parameters.roll,
        sizing: .betaWeighted(hedgeRatio: parameters.hedgeRatio, window: parameters.betaWindow),
        budget: parameters.budget),
      context: context)
  }

  public mutating func decide(market: MarketView, portfolio: Portfolio, orders: inout [TradeOrder]) {
    switch parameters.instrument {
    case .puts:
      puts.decide(market: market, portfolio: portfolio, orders: &orders)
    case .shortIndex:
      guard lastIndex == Int.min || market.index - lastIndex >= parameters.rebalanceEveryDays
      else { return }
      lastIndex = market.index
      let target = -puts.referenceUnits(market: market, portfolio: portfolio)
      orders.append(
        .underlying(
          indexUnderlying, quantity: target - portfolio.hedgeUnits[indexUnderlying],
          reason: .rebalance))
    }
  }
}

extension IndexHedge.Parameters: Decodable {
  enum Keys: String, CodingKey, CaseIterable {
    case type, index, instrument, strike, budget
    case tenorDays = "tenor-days"
    case rollEveryDays = "roll-every-days"
    case rollBelowDays = "roll-below-days"
    case betaWindow = "beta-window"
    case hedgeRatio = "hedge-ratio"
    case rebalanceEveryDays = "rebalance-every-days"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    index = try c.text(.index, expected: "the index symbol, one of data.underlyings")
    instrument = try c.choice(.instrument, IndexHedge.HedgeInstrument.self, default: .puts)
    strike = try c.number(.strike, default: 0.95, .strikeFraction)
    tenorDays = try c.integer(.tenorDays, in: 1...3650, default: 30)
    switch try c.atMostOne(of: [.rollEveryDays, .rollBelowDays]) {
    case .rollEveryDays?: roll = .everyDays(try c.integer(.rollEveryDays, in: 1...10_000))
    case .rollBelowDays?: roll = .belowDays(try c.integer(.rollBelowDays, in: 1...3650))
    default: roll = .atExpiry
    }
    betaWindow = try c.integer(.betaWindow, in: 20...2520, default: 252)
    hedgeRatio = try c.number(.hedgeRatio, default: 1, .within(0, 10, "1 hedges the whole beta exposure"))
    rebalanceEveryDays = try c.integer(.rebalanceEveryDays, in: 1...10_000, default: 21)
    budget = try c.optionalNumber(.budget, .within(0, 1, "a fraction of portfolio value a year: 0.02 is 2 %"))
    if instrument == .shortIndex {
      for key in [Keys.strike, .tenorDays, .rollEveryDays, .rollBelowDays, .budget] where c.contains(key) {
        throw c.issue(key, .invalid("applies only with instrument: puts; remove it"))
      }
    }
  }
}

extension IndexHedge {
  /// With index puts, the puts' roll and premiums; a short index position trades no options.
  public var profile: RuleProfile {
    switch parameters.instrument {
    case .puts:
      var p = puts.profile
      p.holdsPut = nil  // puts on the index, not on the holding a delta hedge replicates
      return p
    default:
      return RuleProfile(trades: true)
    }
  }
}
