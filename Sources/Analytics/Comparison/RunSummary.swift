import MarketData
import Simulation

/// What `hedgelab run` prints: per program the final value, the headline metrics of
/// ``ProgramMetrics`` (the same values, signs and units as `compare`, `sweep.csv` and
/// `runs list`), the costs and the number of trades.
public struct RunSummary: Sendable {
  /// One program's line.
  public struct Program: Sendable {
    public let name: String
    /// Initial and final value, costs and trades (facts of the simulation).
    public let totals: PerformanceSummary
    /// The rows of ``ProgramMetrics/headlineKeys``, in that order.
    public let headline: [MetricRow]
    /// Every metric of the program alone, `nil` when its value is not positive on some day.
    public let metrics: MetricsSummary?
  }

  public let result: BacktestResult
  public let programs: [Program]

  /// Scores every program of `result`, simulated on `tape`.
  public init(result: BacktestResult, tape: MarketTape) {
    self.result = result
    let configuration = try? ProgramMetrics.configuration(tape: tape)
    programs = result.programs.map { p in
      let summary = configuration.flatMap { try? ProgramMetrics.summary(p, days: result.days, configuration: $0) }
      return Program(
        name: p.name, totals: p.summary,
        headline: summary.map(ProgramMetrics.headline) ?? ProgramMetrics.missingHeadline,
        metrics: summary)
    }
  }

  /// The aligned table: a title line, a header, one line per program; `–` where a metric is
  /// undefined.
  public var text: String {
    let first = result.days.first.map(\.description) ?? "-"
    let last = result.days.last.map(\.description) ?? "-"
    var text =
      "\(result.scenario): \(result.symbols.joined(separator: ", ")), \(first) to \(last), \(result.days.count) days\n"
    let headlineNames = programs.first?.headline.map(\.name) ?? ProgramMetrics.missingHeadline.map(\.name)
    let header = ["program", "final value"] + headlineNames + ["total costs", "trades"]
    var rows = [header]
    for p in programs {
      rows.append(
        [p.name, DisplayFormat.fixed(p.totals.finalValue, 2, grouping: true)]
          + p.headline.map(DisplayFormat.value)
          + [DisplayFormat.fixed(p.totals.totalCosts, 2, grouping: true), String(p.totals.tradeCount)])
    }
    text += TextTable.aligned(rows, leftAligned: [0])
    let notes = ScenarioComparison.undefinedNotes(rows: programs.map { ($0.name, $0.headline) })
    if !notes.isEmpty {
      text += "\nnotes:\n"
      for note in notes { text += "  - \(note)\n" }
    }
    return text
  }

  /// The summary as JSON: scenario facts, then per program `name`, `initial_value`,
  /// `final_value`, the headline metrics by key (`null` when undefined), `total_costs`,
  /// `costs` by kind and `trades`.
  public var jsonValue: JSONValue {
    .object([
      ("scenario", .string(result.scenario)),
      ("symbols", .array(result.symbols.map { .string($0) })),
      ("from", .string(result.days.first?.description ?? "")),
      ("to", .string(result.days.last?.description ?? "")),
      ("days", .integer(result.days.count)),
      (
        "programs",
        .array(
          programs.map { p in
            let s = p.totals
            return .object(
              [
                ("name", .string(p.name)), ("initial_value", .number(s.initialValue)),
                ("final_value", .number(s.finalValue)),
              ] + p.headline.map { ($0.key, JSONValue($0.value)) } + [
                ("undefined", .object(p.headline.compactMap { row in row.note.map { (row.key, .string($0)) } })),
                ("total_costs", .number(s.totalCosts)),
                (
                  "costs",
                  .object([
                    ("commission", .number(s.costs.commission)), ("spread", .number(s.costs.spread)),
                    ("fees", .number(s.costs.fees)), ("minimum_fee", .number(s.costs.minimumFee)),
                    ("total", .number(s.costs.total)),
                  ])
                ),
                ("trades", .integer(s.tradeCount)),
              ])
          })
      ),
    ])
  }
}

extension ProgramMetrics {
  /// The headline rows with every value missing (a program whose value is not positive on
  /// some day has no returns).
  static var missingHeadline: [MetricRow] {
    let names = [
      "cagr_pct": "CAGR (%)", "annualised_volatility_pct": "Annualised volatility (%)",
      "sharpe_ratio": "Sharpe ratio", "max_drawdown_pct": "Max drawdown (%)",
      "cvar_95_daily_pct": "CVaR 95% daily (%)",
    ]
    return headlineKeys.map { key in
      MetricRow(key: key, name: names[key]!, unit: key.hasSuffix("_pct") ? .percent : .ratio, value: .missing)
    }
  }
}
