import Analytics
import MarketData
import Simulation

/// The metrics recorded with a run (rows of `runMetric`): numbers only, from the one
/// Analytics definition of each metric, in the one convention (losses negative, percent as
/// decimal × 100).
public enum RecordedMetrics {
  /// The metrics recorded for a program by `run`: `final_value` (currency), the headline
  /// rows of ``ProgramMetrics`` (`cagr_pct`, `annualised_volatility_pct`, `sharpe_ratio`,
  /// `max_drawdown_pct` ≤ 0, `cvar_95_daily_pct`), `total_costs` (currency), `trades`
  /// (count), then the margin rows of ``MarginSummary``.
  public static func headline(_ p: ProgramResult, _ headline: [MetricRow], days: [Day]) -> [RunMetric] {
    let s = p.summary
    var metrics = [RunMetric(key: "final_value", value: s.finalValue, unit: MetricUnit.currency.rawValue)]
    metrics += numeric(headline)
    metrics += [
      RunMetric(key: "total_costs", value: s.totalCosts, unit: MetricUnit.currency.rawValue),
      RunMetric(key: "trades", value: Double(s.tradeCount), unit: MetricUnit.count.rawValue),
    ]
    if let margin = MarginSummary(p, days: days) { metrics += numeric(margin.rows) }
    return metrics
  }

  /// The numeric rows of a metrics table (dates and months are left out: `runMetric.value`
  /// is a number).
  public static func numeric(_ rows: [MetricRow]) -> [RunMetric] {
    rows.compactMap { row in
      switch row.value {
      case .number, .integer, .missing:
        return RunMetric(key: row.key, value: row.value.number, unit: row.unit.rawValue)
      case .day, .month:
        return nil
      }
    }
  }

  /// Every numeric metric of each simulated program of a comparison (the rows of the
  /// `compare` table, dates left out), then the headline and margin metrics of
  /// ``headline(_:_:days:)`` not already among them.
  public static func of(_ comparison: ScenarioComparison) -> [RunProgramMetrics] {
    comparison.programReports.compactMap { report in
      guard let program = report.program else { return nil }
      // Keys are unique per program (the primary key of runMetric): the first one wins.
      var unique = [RunMetric]()
      var keys = Set<String>()
      for m in numeric(report.rows) + headline(program, [], days: comparison.days) where keys.insert(m.key).inserted {
        unique.append(m)
      }
      return RunProgramMetrics(program: report.name, metrics: unique)
    }
  }

  /// The headline metrics of each program of a `run` summary.
  public static func of(_ summary: RunSummary, result: BacktestResult) -> [RunProgramMetrics] {
    zip(result.programs, summary.programs).map {
      RunProgramMetrics(program: $0.name, metrics: headline($0, $1.headline, days: result.days))
    }
  }
}

extension ScenarioRun {
  /// The record of this run (`nil` when the tape has no day).
  /// - Parameters:
  ///   - command: the command line as typed; `codeVersion` the HedgeLab version;
  ///     `startedAt` ISO 8601 UTC.
  ///   - programs: the metrics of each program (``RecordedMetrics``).
  public func record(
    command: String, codeVersion: String, startedAt: String, programs: [RunProgramMetrics]
  ) -> RunRecord? {
    guard let from = tape.days.first, let to = tape.days.last else { return nil }
    return RunRecord(
      startedAt: startedAt, command: command, hedgelabVersion: codeVersion,
      scenarioName: scenario.name, scenarioFile: source.file, scenarioText: source.text,
      scenarioSha256: source.sha256, periodFrom: from, periodTo: to,
      programSelection: selection, dataHashes: dataHashes, programs: programs)
  }
}

extension ScenarioRun.Request {
  /// The request that re-runs `record` on `database` (at `path`): its stored scenario text,
  /// period and programs, checking the data against its recorded hashes.
  public static func rerun(
    _ record: RunRecord, database: MarketDatabase, path: String, allowChangedData: Bool
  ) -> ScenarioRun.Request {
    ScenarioRun.Request(
      source: ScenarioSource(file: record.scenarioFile, text: record.scenarioText),
      database: .opened(database, path: path),
      overrides: [.period(from: record.periodFrom, to: record.periodTo)],
      programs: record.programSelection, margin: true, compare: true,
      recorded: (record.id, record.dataHashes), allowChangedData: allowChangedData)
  }
}

extension ScenarioRun {
  /// What a re-run of `record` should tell the user beyond ``warnings``: another HedgeLab
  /// version recorded it, or a program's final value differs from the recorded one (by more
  /// than 1e-6 relative).
  public func replayWarnings(of record: RunRecord, codeVersion: String) -> [String] {
    var warnings = [String]()
    if record.hedgelabVersion != codeVersion {
      warnings.append(
        "run \(record.id) was recorded by hedgelab \(record.hedgelabVersion); this is \(codeVersion), whose engine may give different results")
    }
    for p in result?.programs ?? [] {
      guard let recorded = record.programs.first(where: { $0.program == p.name })?.value("final_value") else { continue }
      let now = p.summary.finalValue
      if abs(now - recorded) > 1e-6 * max(1, abs(recorded)) {
        warnings.append(
          "program \(p.name) ends at \(DecimalText.fixed(now, 2, grouping: true)), recorded \(DecimalText.fixed(recorded, 2, grouping: true))")
      }
    }
    return warnings
  }
}
