import MarketData
import Pricing

/// `perpetual-hedge`: shorts a perpetual swap against the holding and pays (or earns) its
/// funding.
///
/// Target, in coin: a short of `hedge-ratio × holding` (1 = the whole holding, 0.5 = half).
/// The position is opened on the first day and resized when its coin exposure drifts from the
/// target by more than `rebalance-band` (a fraction of the target; 0 = every day). An inverse
/// perpetual's exposure drifts by itself (its USD face is fixed, ``PerpetualTerms``), and the
/// holding changes when inverse premiums or funding are paid in coin.
///
/// Funding: `funding: { interval: 8h | continuous, rate: R }`, `R` the model rate per 8-hour
/// interval (decimal; positive: longs pay shorts, so the short hedge earns it), paid at each
/// interval boundary or accrued continuously (``PerpetualFunding``).
public struct PerpetualHedge: HedgeRule {
  public struct Parameters: Sendable, Equatable {
    public var symbol: String?
    public var hedgeRatio: Double
    public var rebalanceBand: Double
    public var terms: PerpetualTerms

    public init(
      symbol: String? = nil, hedgeRatio: Double = 1, rebalanceBand: Double = 0,
      terms: PerpetualTerms = PerpetualTerms(
        settlement: .inverse, accrual: .interval(hours: 8), ratePerInterval: 0.0001)
    ) {
      self.symbol = symbol
      self.hedgeRatio = hedgeRatio
      self.rebalanceBand = rebalanceBand
      self.terms = terms
    }
  }

  let owner: Int
  let underlying: Int
  let parameters: Parameters

  public init(_ parameters: Parameters, context: RuleContext) {
    owner = context.owner
    underlying = context.index(of: parameters.symbol)
    self.parameters = parameters
  }

  public var settlement: ContractSettlement { parameters.terms.settlement }

  public mutating func decide(market: MarketView, portfolio: Portfolio, orders: inout [TradeOrder]) {
    let target = -parameters.hedgeRatio * portfolio.baseUnits[underlying]
    var held: FuturePosition? = nil
    for f in portfolio.futures where f.owner == owner { held = f }
    guard let held else {
      orders.append(
        .openPerpetual(underlying: underlying, quantity: target, terms: parameters.terms, reason: .open))
      return
    }
    let gap = target - held.quantity
    if abs(gap) > parameters.rebalanceBand * abs(target) {
      orders.append(.resizeFuture(id: held.id, by: gap, reason: .rebalance))
    }
  }
}

extension PerpetualHedge.Parameters: Decodable {
  enum Keys: String, CodingKey, CaseIterable {
    case type, symbol, contract, funding
    case hedgeRatio = "hedge-ratio"
    case rebalanceBand = "rebalance-band"
  }

  enum FundingKeys: String, CodingKey, CaseIterable { case interval, rate }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    symbol = try c.optionalText(.symbol)
    hedgeRatio = try c.number(
      .hedgeRatio, default: 1, .within(0, 10, "1 shorts one coin of perpetual per coin held"))
    rebalanceBand = try c.number(
      .rebalanceBand, default: 0, .within(0, 1, "0.05 resizes when the exposure is 5 % off"))
    let settlement = try c.choice(.contract, ContractSettlement.self, default: .inverse)
    var accrual = FundingAccrual.interval(hours: 8)
    var rate = 0.0001
    if c.contains(.funding) {
      let f = try c.superDecoder(forKey: .funding).strictContainer(keyedBy: FundingKeys.self)
      if let text = try f.decodeIfPresent(String.self, forKey: .interval) {
        if text == "continuous" {
          accrual = .continuous(hours: 8)
        } else if text.hasSuffix("h"), let hours = Int(text.dropLast()), [1, 2, 4, 8].contains(hours) {
          accrual = .interval(hours: hours)
        } else {
          throw f.issue(
            .interval,
            .outOfRange(value: text, condition: "1h, 2h, 4h, 8h or continuous (accrued over each 8 hours)"))
        }
      }
      rate = try f.number(
        .rate, default: 0.0001,
        .within(-0.05, 0.05, "per funding interval (per 8 hours when continuous): 0.0001 is 0.01 %"))
    }
    terms = PerpetualTerms(settlement: settlement, accrual: accrual, ratePerInterval: rate)
  }
}

extension PerpetualHedge {
  /// Trades a perpetual swap (no options, no premiums); not measured as a greek hedge.
  public var profile: RuleProfile { RuleProfile(trades: true) }
}
