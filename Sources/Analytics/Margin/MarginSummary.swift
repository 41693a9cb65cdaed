import MarketData
import RealModule
import Simulation

/// Peak and average risk-based portfolio margin of a program, and its return on margin.
///
/// From the daily maintenance margin `M_t` (currency, ``MarginModel``, after each day's trades):
/// - `peak = max_t M_t`, with the first day it is reached;
/// - `average = (1/n)·Σ_t M_t` over the `n` days of the run (one value per trading day);
/// - `averageFractionOfValue = (1/n)·Σ_t M_t / V_t` (days with `V_t ≤ 0` count as missing):
///   the share of the portfolio a broker would hold as margin;
/// - `annualisedProfit = V_0·((V_end/V_0)^{1/years} − 1)`, years = calendar days / 365.25
///   (the CAGR of ``PerformanceSummary`` applied to the initial capital, currency per year);
/// - `returnOnMargin = annualisedProfit / average`: the yearly return per unit of capital
///   tied up as margin (Cboe/OCC risk-based margin frees capital when a hedge cuts the worst
///   loss, so a hedge can raise return on margin while lowering return on value).
///
/// Edge cases (never NaN): an empty series gives `nil` summary; an average margin of 0 (a
/// book with no loss anywhere on the grid) or an undefined CAGR gives `returnOnMargin = nil`.
public struct MarginSummary: Sendable, Equatable {
  /// Currency.
  public var peak: Double
  public var peakDay: Day
  /// Currency.
  public var average: Double
  /// Decimal (0.15 = 15 % of the portfolio's value), or `nil` without a positive value.
  public var averageFractionOfValue: Double?
  /// Currency per year, or `nil` when the CAGR is undefined.
  public var annualisedProfit: Double?
  /// Decimal per year (0.4 = 40 % a year on the average margin), or `nil`.
  public var returnOnMargin: Double?

  /// - Parameters:
  ///   - margin: one margin per day, currency.
  ///   - values: the portfolio value of each day, currency.
  ///   - days: the calendar of the run.
  ///   - initialValue: value before the first day's trades (currency).
  public init?(margin: [Double], values: [Double], days: [Day], initialValue: Double) {
    guard !margin.isEmpty, margin.count == days.count, values.count == days.count else { return nil }
    var peak = margin[0]
    var peakIndex = 0
    var sum = 0.0
    var fractionSum = 0.0
    var fractionCount = 0
    for (t, m) in margin.enumerated() {
      if m > peak {
        peak = m
        peakIndex = t
      }
      sum += m
      if values[t] > 0 {
        fractionSum += m / values[t]
        fractionCount += 1
      }
    }
    self.peak = peak
    self.peakDay = days[peakIndex]
    self.average = sum / Double(margin.count)
    self.averageFractionOfValue = fractionCount > 0 ? fractionSum / Double(fractionCount) : nil
    let years = Double(days[0].days(to: days[days.count - 1])) / 365.25
    let final = values[values.count - 1]
    if initialValue > 0, final > 0, years > 0 {
      annualisedProfit = initialValue * (Double.pow(final / initialValue, 1 / years) - 1)
    } else {
      annualisedProfit = nil
    }
    if let profit = annualisedProfit, average > 0 {
      returnOnMargin = profit / average
    } else {
      returnOnMargin = nil
    }
  }

  /// The summary of a program run with a margin model, or `nil` without a margin series.
  public init?(_ program: ProgramResult, days: [Day]) {
    guard let margin = program.margin else { return nil }
    self.init(
      margin: margin, values: program.daily.value, days: days, initialValue: program.summary.initialValue)
  }

  /// Rows for the metrics tables (keys stable, percent rows hold decimal × 100).
  public var rows: [MetricRow] { Self.rows(self) }

  /// The rows of ``rows``, every value `.missing` when `summary` is `nil` (a benchmark, or a
  /// run without margin), so that every column of a table has the same rows.
  public static func rows(_ summary: MarginSummary?) -> [MetricRow] {
    func number(_ x: Double?) -> MetricValue { x.map { .number($0) } ?? .missing }
    let peak = summary?.peak
    let peakDay = summary?.peakDay
    let average = summary?.average
    let averageFractionOfValue = summary?.averageFractionOfValue
    let returnOnMargin = summary?.returnOnMargin
    return [
      MetricRow(key: "peak_margin", name: "Peak portfolio margin (currency)", unit: .currency, value: number(peak)),
      MetricRow(
        key: "peak_margin_date", name: "Peak margin date", unit: .date, value: peakDay.map { .day($0) } ?? .missing),
      MetricRow(
        key: "average_margin", name: "Average portfolio margin (currency)", unit: .currency, value: number(average)),
      MetricRow(
        key: "average_margin_pct_of_value", name: "Average margin (% of value)", unit: .percent,
        value: number(averageFractionOfValue.map { $0 * 100 })),
      MetricRow(
        key: "return_on_margin_pct", name: "Return on margin (% per year)", unit: .percent,
        value: number(returnOnMargin.map { $0 * 100 })),
    ]
  }
}
