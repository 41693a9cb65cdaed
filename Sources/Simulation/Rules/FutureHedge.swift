import MarketData
import Pricing

/// `future-hedge`: shorts dated futures (crypto last-Friday expiries) against the holding,
/// rolling them before expiry.
///
/// Sizing: ``CoinHedgeSizing`` (`hedge-ratio`, `rebalance-band`). The front contract of the `expiry`
/// cycle (`monthly` or `quarterly`, ``CryptoExpiryCalendar``) with more than `roll-days`
/// calendar days to its settlement close is opened; on the day it has `roll-days` or fewer
/// left it is closed and the next one opened (the roll: two trades at today's futures prices,
/// each charged `costs.future-bps`). With `roll-days: 0` the contract is held to its
/// settlement close, settled at the spot, and the next one opened the same day. Between rolls
/// the position is resized within the band.
///
/// Price: `F = S·e^{b·T}` with `basis: 0.08` (a model constant, annualised continuously
/// compounded decimal) or `basis: { series: BTC-BASIS }` (a stored rate series, same unit);
/// `settlement: inverse` (default: coin-margined, P&L in coin `N·size·(1/entry − 1/exit)`,
/// ``DatedFutureTerms``) or `linear`.
public struct FutureHedge: HedgeRule {
  public struct Parameters: Sendable, Equatable {
    public var symbol: String?
    public var sizing: CoinHedgeSizing
    public var cycle: CryptoExpiryCycle
    /// Calendar days before the settlement close at which the contract is rolled.
    public var rollDays: Int
    public var terms: DatedFutureTerms

    public init(
      symbol: String? = nil, sizing: CoinHedgeSizing = CoinHedgeSizing(),
      cycle: CryptoExpiryCycle = .quarterly, rollDays: Int = 7,
      terms: DatedFutureTerms = DatedFutureTerms(settlement: .inverse, basis: .constant(0))
    ) {
      self.symbol = symbol
      self.sizing = sizing
      self.cycle = cycle
      self.rollDays = rollDays
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

  /// The front contract with more than `roll-days` calendar days to its settlement close.
  func frontContract(_ market: MarketView) -> Expiry {
    var nominal = CryptoExpiryCalendar.next(parameters.cycle, after: market.day + parameters.rollDays + 1)
    while true {
      let settlement = market.tape.settlement(of: CryptoExpiryCalendar.settlementDay(ofExpiry: nominal))
      if market.day.days(to: settlement.day) > parameters.rollDays { return settlement }
      nominal = CryptoExpiryCalendar.next(parameters.cycle, after: nominal)
    }
  }

  public mutating func decide(market: MarketView, portfolio: Portfolio, orders: inout [TradeOrder]) {
    let target = parameters.sizing.target(portfolio, underlying: underlying)
    let held = CoinHedgeSizing.held(by: owner, in: portfolio)
    if let held, market.day.days(to: held.expiry.day) > parameters.rollDays {
      parameters.sizing.rebalance(held, to: target, orders: &orders)
      return
    }
    // Roll (or first open): a contract settled today has already left the portfolio.
    if let held { orders.append(.closeFuture(id: held.id, reason: .roll)) }
    orders.append(
      .openDatedFuture(
        underlying: underlying, expiry: frontContract(market), quantity: target,
        terms: parameters.terms, reason: held == nil && market.index == 0 ? .open : .roll))
  }

  /// Trades dated futures (no options, no premiums); not measured as a greek hedge.
  public var profile: RuleProfile { RuleProfile(trades: true) }
}

extension FutureHedge.Parameters: Decodable {
  enum Keys: String, CodingKey, CaseIterable {
    case type, symbol, settlement, expiry, basis
    case hedgeRatio = "hedge-ratio"
    case rebalanceBand = "rebalance-band"
    case rollDays = "roll-days"
  }

  enum BasisKeys: String, CodingKey, CaseIterable { case series }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    symbol = try c.optionalText(.symbol)
    sizing = try CoinHedgeSizing(from: c, hedgeRatio: .hedgeRatio, rebalanceBand: .rebalanceBand, contract: "futures")
    cycle = try c.choice(.expiry, CryptoExpiryCycle.self, default: .quarterly)
    guard cycle == .monthly || cycle == .quarterly else {
      throw c.issue(.expiry, .unknownChoice(value: cycle.rawValue, choices: ["monthly", "quarterly"]))
    }
    rollDays = try c.integer(.rollDays, in: 0...(cycle == .monthly ? 20 : 60), default: 7)
    let settlement = try c.choice(.settlement, ContractSettlement.self, default: .inverse)
    var basis = RateSource.constant(0)
    if c.contains(.basis) {
      if let b = try? c.decode(Double.self, forKey: .basis) {
        guard b.isFinite, abs(b) <= 2 else {
          throw c.issue(.basis, .outOfRange(value: formatNumber(b), condition: "in [-2, 2] (annualised, decimal: 0.08 is 8 % a year)"))
        }
        basis = .constant(b)
      } else {
        let b = try c.superDecoder(forKey: .basis).strictContainer(keyedBy: BasisKeys.self)
        basis = .series(try b.symbolText(.series))
      }
    }
    terms = DatedFutureTerms(settlement: settlement, basis: basis)
  }
}
