/// A hedge rule: each day it looks at the market (today and the past only) and at the
/// portfolio, and appends the trades it wants. The engine executes them at the day's prices,
/// charges the costs and books them; the rule never touches cash or positions itself.
///
/// Rules of a program run in order, each one's trades executed before the next decides, so a
/// delta hedge placed after a protective put sees the put already bought. A rule may keep its
/// own state (last rebalance, budget spent), hence `mutating`.
public protocol HedgeRule: Sendable {
  /// Appends today's orders to `orders` (which arrives empty).
  mutating func decide(market: MarketView, portfolio: Portfolio, orders: inout [TradeOrder])
  /// How the rule's premiums, margin, funding and payoffs settle: `inverse` ones are paid in
  /// the coin, i.e. converted into the holding at the day's close (default `linear`).
  var settlement: ContractSettlement { get }
}

extension HedgeRule {
  public var settlement: ContractSettlement { .linear }
}

/// What a rule knows when it is built: its place in the program and the scenario's fixed
/// settings.
public struct RuleContext: Sendable {
  /// The rule's index in its program: the `owner` of the positions it opens.
  public let owner: Int
  /// The scenario's `data.underlyings`.
  public let symbols: [String]
  public let costs: CostModel
  /// 252 or 365.
  public let stepsPerYear: Double

  public init(owner: Int, symbols: [String], costs: CostModel, stepsPerYear: Double) {
    self.owner = owner
    self.symbols = symbols
    self.costs = costs
    self.stepsPerYear = stepsPerYear
  }

  /// Index of `symbol` in the underlyings (the first one when `nil`). Scenario validation has
  /// already checked that it exists.
  public func index(of symbol: String?) -> Int {
    guard let symbol else { return 0 }
    guard let i = symbols.firstIndex(of: symbol) else {
      preconditionFailure("symbol '\(symbol)' was not validated against data.underlyings")
    }
    return i
  }
}
