import MarketData
import RealModule

/// The few headline numbers of one program's run (the Analytics module computes the rest).
///
/// - `annualisedReturn = (V_end / V_0)^{1/years} − 1`, years = calendar days / 365.25; `nil`
///   when either value is not positive or the run is shorter than a day.
/// - `annualisedVolatility = stdev(r_t)·√stepsPerYear` of the daily simple returns
///   `r_t = V_t / V_{t−1} − 1` (sample standard deviation); `nil` when some `V_{t−1} ≤ 0` or
///   fewer than 2 returns.
/// - `maxDrawdown = max_t (peak_t − V_t) / peak_t` over running peaks `peak_t > 0`, as a
///   fraction (0.25 = 25 %).
public struct PerformanceSummary: Sendable, Equatable, Codable {
  /// Value before the first day's trades: initial cash plus holdings at the first close (plus
  /// initial options and futures at mid), in currency.
  public var initialValue: Double
  public var finalValue: Double
  public var annualisedReturn: Double?
  public var annualisedVolatility: Double?
  public var maxDrawdown: Double
  /// All costs paid, by kind, in currency.
  public var costs: TradeCosts
  /// Number of trades booked by rules (initial positions and settlements excluded).
  public var tradeCount: Int

  public var totalCosts: Double { costs.total }

  init(initialValue: Double, daily: DailyRecord, days: [Day], stepsPerYear: Double, costs: TradeCosts, tradeCount: Int) {
    self.initialValue = initialValue
    self.costs = costs
    self.tradeCount = tradeCount
    let values = daily.value
    finalValue = values.last ?? initialValue
    let years = days.count > 1 ? Double(days[0].days(to: days[days.count - 1])) / 365.25 : 0
    if initialValue > 0, finalValue > 0, years > 0 {
      annualisedReturn = Double.pow(finalValue / initialValue, 1 / years) - 1
    } else {
      annualisedReturn = nil
    }
    var previous = initialValue
    var sum = 0.0
    var sumSquares = 0.0
    var count = 0
    var defined = true
    var peak = initialValue
    var drawdown = 0.0
    for v in values {
      if previous > 0 {
        let r = v / previous - 1
        sum += r
        sumSquares += r * r
        count += 1
      } else {
        defined = false
      }
      previous = v
      peak = max(peak, v)
      if peak > 0 { drawdown = max(drawdown, (peak - v) / peak) }
    }
    if defined, count >= 2 {
      let n = Double(count)
      let variance = max(0, (sumSquares - sum * sum / n) / (n - 1))
      annualisedVolatility = (variance * stepsPerYear).squareRoot()
    } else {
      annualisedVolatility = nil
    }
    maxDrawdown = drawdown
  }
}
