/// `none`: never trades. A program with only this rule (or no rule) is the naked portfolio,
/// the baseline every hedge is compared with.
public struct NoHedge: HedgeRule {
  public init() {}
  public func decide(market: MarketView, portfolio: Portfolio, orders: inout [TradeOrder]) {}
}

extension NoHedge {
  public var profile: RuleProfile { RuleProfile(trades: false) }
}
