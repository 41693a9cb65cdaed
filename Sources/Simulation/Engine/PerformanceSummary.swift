import MarketData

/// The facts of one program's run that are not in its daily record: the value before the
/// first trade, the last value, the costs paid and the number of trades.
///
/// Every metric (returns, volatility, drawdowns, ratios, tail risk) is computed by the
/// Analytics module from the daily record (`ProgramMetrics`), one definition per metric.
public struct PerformanceSummary: Sendable, Equatable, Codable {
  /// Value before the first day's trades: initial cash plus holdings at the first close (plus
  /// initial options and futures at mid), in currency.
  public var initialValue: Double
  /// Value at the last day's close, in currency.
  public var finalValue: Double
  /// All costs paid, by kind, in currency.
  public var costs: TradeCosts
  /// Number of trades booked by rules (initial positions and settlements excluded).
  public var tradeCount: Int

  public var totalCosts: Double { costs.total }

  init(initialValue: Double, daily: DailyRecord, costs: TradeCosts, tradeCount: Int) {
    self.initialValue = initialValue
    self.costs = costs
    self.tradeCount = tradeCount
    finalValue = daily.value.last ?? initialValue
  }
}
