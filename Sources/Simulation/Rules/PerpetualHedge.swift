import MarketData
import Pricing

/// `perpetual-hedge`: shorts a perpetual swap against the holding and pays (or earns) its
/// funding.
///
/// Sizing: ``CoinHedgeSizing`` (`hedge-ratio`, `rebalance-band`); the position is opened on the
/// first day.
///
/// Funding: `funding: { interval: 8h | continuous, rate: R }`, `R` the model rate per 8-hour
/// interval (decimal; positive: longs pay shorts, so the short hedge earns it), paid at each
/// interval boundary or accrued continuously (``PerpetualFunding``); or
/// `funding: { series: BTC-FUNDING }`, the stored series `ingest --kind funding` writes (or
/// `generate --model crypto` generates), read on each day (``PerpetualTerms``): the run fails,
/// naming `funding.series` and the day, when it is missing or has a gap longer than a day.
public struct PerpetualHedge: HedgeRule {
  public struct Parameters: Sendable, Equatable {
    public var symbol: String?
    public var sizing: CoinHedgeSizing
    public var terms: PerpetualTerms

    public init(
      symbol: String? = nil, sizing: CoinHedgeSizing = CoinHedgeSizing(),
      terms: PerpetualTerms = PerpetualTerms(
        settlement: .inverse, accrual: .interval(hours: 8), ratePerInterval: 0.0001)
    ) {
      self.symbol = symbol
      self.sizing = sizing
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
    let target = parameters.sizing.target(portfolio, underlying: underlying)
    guard let held = CoinHedgeSizing.held(by: owner, in: portfolio) else {
      orders.append(
        .openPerpetual(underlying: underlying, quantity: target, terms: parameters.terms, reason: .open))
      return
    }
    parameters.sizing.rebalance(held, to: target, orders: &orders)
  }
}

extension PerpetualHedge.Parameters: Decodable {
  enum Keys: String, CodingKey, CaseIterable {
    case type, symbol, contract, funding
    case hedgeRatio = "hedge-ratio"
    case rebalanceBand = "rebalance-band"
  }

  enum FundingKeys: String, CodingKey, CaseIterable { case interval, rate, series }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    symbol = try c.optionalText(.symbol)
    sizing = try CoinHedgeSizing(from: c, hedgeRatio: .hedgeRatio, rebalanceBand: .rebalanceBand, contract: "perpetual")
    let settlement = try c.choice(.contract, ContractSettlement.self, default: .inverse)
    var accrual = FundingAccrual.interval(hours: 8)
    var funding = RateSource.constant(0.0001)
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
      if try f.atMostOne(of: [.rate, .series]) == .series {
        funding = .series(try f.symbolText(.series))
      } else {
        funding = .constant(
          try f.number(
            .rate, default: 0.0001,
            .within(-0.05, 0.05, "per funding interval (per 8 hours when continuous): 0.0001 is 0.01 %")))
      }
    }
    terms = PerpetualTerms(settlement: settlement, accrual: accrual, funding: funding)
  }
}

extension PerpetualHedge {
  /// Trades a perpetual swap (no options, no premiums); not measured as a greek hedge.
  public var profile: RuleProfile { RuleProfile(trades: true) }
}
