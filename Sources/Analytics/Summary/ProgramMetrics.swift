import MarketData
import Simulation

/// The one place where a simulated program's numbers are computed: every command (`run`,
/// `run --json`, `compare`, `sweep.csv`, `runs list`, the report) reads them from the
/// ``MetricsSummary`` built here, so a metric has one definition, one sign and one unit
/// everywhere.
///
/// Conventions (the rows of ``MetricsSummary/rows``):
/// - Percent metrics hold the decimal × 100 and their key ends in `_pct` (`cagr_pct` 7.5 is
///   7.5 % a year).
/// - Losses are negative: `max_drawdown_pct` ≤ 0, VaR and CVaR < 0 for a loss.
/// - Daily returns `V_i / V_{i−1} − 1` of the values at each day's close (after that day's
///   trades); annualised with the tape's steps per year (252 trading days, 365 calendar
///   days); CAGR over calendar days / 365.25.
/// - Sharpe and Sortino over the tape's risk-free rate, accrued day by day
///   (``RiskFree/accruing(continuousRates:on:daysPerYear:)``).
public enum ProgramMetrics {
  /// The keys of the headline metrics shown by `run`, `sweep.csv` and `runs list`, in order.
  public static let headlineKeys = [
    "cagr_pct", "annualised_volatility_pct", "sharpe_ratio", "max_drawdown_pct", "cvar_95_daily_pct",
  ]

  /// The configuration for programs simulated over `days` with these risk-free rates.
  ///
  /// - Parameters:
  ///   - riskFreeRates: one annualised, continuously compounded rate per day (decimal).
  ///   - stepsPerYear: 252 for `trading-days`, 365 for `calendar-365`.
  ///   - horizon: the horizon of the roll-period metrics.
  /// - Throws: `AnalyticsError` when the rates do not line up with the days or the steps per
  ///   year are not positive.
  public static func configuration(
    days: [Day], riskFreeRates: [Double], stepsPerYear: Double, horizon: Horizon = .oneMonth
  ) throws(AnalyticsError) -> MetricsSummary.Configuration {
    MetricsSummary.Configuration(
      periodsPerYear: try PeriodsPerYear(stepsPerYear), growthBasis: .calendarDays, horizon: horizon,
      riskFree: try RiskFree.accruing(continuousRates: riskFreeRates, on: days),
      hedgeEffectivenessBasis: .returns)
  }

  /// The configuration for programs simulated on `tape` (see
  /// ``configuration(days:riskFreeRates:stepsPerYear:horizon:)``).
  public static func configuration(tape: MarketTape, horizon: Horizon = .oneMonth) throws(AnalyticsError)
    -> MetricsSummary.Configuration
  {
    try configuration(
      days: tape.days, riskFreeRates: (0..<tape.count).map { tape.riskFreeRate($0) },
      stepsPerYear: tape.stepsPerYear, horizon: horizon)
  }

  /// The equity curve of a simulated program: its value at each day's close.
  ///
  /// - Throws: `AnalyticsError` when a value is not finite and positive (returns are then
  ///   undefined).
  public static func curve(_ program: ProgramResult, days: [Day]) throws(AnalyticsError) -> EquityCurve {
    try EquityCurve(days: days, values: program.daily.value, name: "program \(program.name)")
  }

  /// The metrics of one program on its own (no baseline, no underlying).
  public static func summary(
    _ program: ProgramResult, days: [Day], configuration: MetricsSummary.Configuration
  ) throws(AnalyticsError) -> MetricsSummary {
    try MetricsSummary(curve: curve(program, days: days), configuration: configuration)
  }

  /// The headline rows (``headlineKeys``, in that order) of `summary`.
  public static func headline(_ summary: MetricsSummary) -> [MetricRow] {
    let rows = summary.rows
    return headlineKeys.map { key in rows.first { $0.key == key }! }
  }
}

extension ProgramMetrics {
  /// The columns of `sweep.csv` (and keys of the database's `sweepMetric`): the initial and
  /// final value (currency), the ``headlineKeys`` (same values, signs and units as `run`
  /// and `compare`), the costs by kind (currency) and the number of trades.
  public static let sweepScorer = SweepScorer(
    columns: ["initial_value", "final_value"].map { SweepScorer.Column(name: $0) }
      + headlineKeys.map { SweepScorer.Column(name: $0) }
      + ["commission", "spread", "fees", "minimum_fee", "total_costs"].map { SweepScorer.Column(name: $0) }
      + [SweepScorer.Column(name: "trades", isCount: true)],
    score: { program, tape in
      let s = program.summary
      let headline: [Double?]
      if let summary = try? ProgramMetrics.summary(
        program, days: tape.days, configuration: ProgramMetrics.configuration(tape: tape))
      {
        headline = ProgramMetrics.headline(summary).map(\.value.number)
      } else {
        headline = [Double?](repeating: nil, count: headlineKeys.count)
      }
      return [s.initialValue, s.finalValue] + headline + [
        s.costs.commission, s.costs.spread, s.costs.fees, s.costs.minimumFee, s.totalCosts,
        Double(s.tradeCount),
      ]
    })
}
