import Analytics
import ArgumentParser
import Foundation
import MarketData
import Simulation

extension HedgeLab {
  /// `hedgelab runs`: the runs recorded in a database by `run` and `compare`.
  struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the runs recorded in a database.",
      discussion: """
        'hedgelab run' and 'hedgelab compare' record each run (unless --no-record) in the \
        market database they read: the scenario text and its SHA-256, the hash of every \
        input series, the version, the time and the metrics of each program (tables run, \
        runProgram, runMetric; see the README's "Database schema"). 'hedgelab report \
        RUN_ID' re-runs a recorded run to write its report.
        """,
      subcommands: [List.self],
      defaultSubcommand: List.self
    )
  }
}

extension HedgeLab.Runs {
  /// `hedgelab runs list`: one line per recorded run.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the recorded runs: id, time, scenario file, programs and headline metrics.",
      discussion: """
        Headline metrics per program: annualised return (CAGR, %), maximum drawdown (%) and, \
        when recorded, the average portfolio margin (currency) and return on margin (% a year).

        Example:
          hedgelab runs list --db market.sqlite
        """
    )

    @Option(help: "The database holding the runs (default: market.sqlite in the current folder).")
    var db: String = Vocabulary.defaultDatabase

    func run() throws {
      try withUserFacingErrors {
        let database = try MarketDatabase.open(existingAt: db)
        print(RunRecorder.list(try database.recordedRuns(), database: db), terminator: "")
      }
    }
  }
}

/// Recording runs into the database and listing them (shared by `run`, `compare`, `runs`
/// and `report`).
enum RunRecorder {
  /// The metrics recorded for a program by `run`: `final_value` (currency), the headline
  /// rows of ``ProgramMetrics`` (`cagr_pct`, `annualised_volatility_pct`, `sharpe_ratio`,
  /// `max_drawdown_pct` ≤ 0, `cvar_95_daily_pct`), `total_costs` (currency), `trades`
  /// (count), then the margin rows of ``MarginSummary``.
  static func headline(_ p: ProgramResult, _ headline: [MetricRow], days: [Day]) -> [RunMetric] {
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
  static func numeric(_ rows: [MetricRow]) -> [RunMetric] {
    rows.compactMap { row in
      switch row.value {
      case .number, .integer, .missing:
        return RunMetric(key: row.key, value: row.value.number, unit: row.unit.rawValue)
      case .day, .month:
        return nil
      }
    }
  }

  /// Builds the record of a run.
  static func record(
    command: String, scenarioFile: String, scenarioText: String, scenario: Scenario,
    selection: [String]?, tape: MarketTape, programs: [RunProgramMetrics]
  ) -> RunRecord? {
    guard let from = tape.days.first, let to = tape.days.last else { return nil }
    return RunRecord(
      startedAt: ReportOutputs.timestamp(), command: command, hedgelabVersion: HedgeLab.version,
      scenarioName: scenario.name, scenarioFile: scenarioFile, scenarioText: scenarioText,
      scenarioSha256: SHA256.hex(of: Array(scenarioText.utf8)), periodFrom: from, periodTo: to,
      programSelection: selection, dataHashes: tape.seriesHashes, programs: programs)
  }

  /// Records `record` and reports its id on standard error.
  ///
  /// - Throws: `CommandFailure` (73) when the database cannot be written, saying how to skip.
  static func save(_ record: RunRecord?, in database: MarketDatabase) throws {
    guard let record else { return }
    do {
      let id = try database.record(record)
      printError("recorded as run \(id) in \(database.path) (see 'hedgelab runs list')")
    } catch let error as MarketDataError {
      throw CommandFailure(
        "cannot record the run in '\(database.path)' (\(error)); pass --no-record to skip recording",
        exitStatus: ExitStatus.cannotCreate)
    }
  }

  /// The command line as typed, for `run.command`.
  static func commandLine(_ name: String, _ arguments: [String]) -> String {
    (["hedgelab", name] + arguments).map { a in
      a.isEmpty || a.contains(where: { " '\"\\$".contains($0) }) ? "'" + a.replacingOccurrences(of: "'", with: "'\\''") + "'" : a
    }.joined(separator: " ")
  }

  /// The text of `runs list`.
  static func list(_ runs: [RunRecord], database: String) -> String {
    guard !runs.isEmpty else {
      return "no runs recorded in \(database); 'hedgelab run SCENARIO --db \(database)' records one\n"
    }
    var rows = [[
      "id", "started (UTC)", "scenario file", "period", "program", "CAGR %", "vol %", "Sharpe", "max DD %",
      "CVaR 95% 1d %", "avg margin", "RoM %/yr",
    ]]
    for run in runs {
      for (i, p) in run.programs.enumerated() {
        func cell(_ key: String, _ digits: Int) -> String {
          p.value(key).map { DisplayFormat.fixed($0, digits, grouping: true) } ?? "–"
        }
        rows.append([
          i == 0 ? String(run.id) : "", i == 0 ? run.startedAt : "", i == 0 ? run.scenarioFile : "",
          i == 0 ? "\(run.periodFrom)..\(run.periodTo)" : "", p.program,
          cell("cagr_pct", 2), cell("annualised_volatility_pct", 2), cell("sharpe_ratio", 3),
          cell("max_drawdown_pct", 2), cell("cvar_95_daily_pct", 2), cell("average_margin", 0),
          cell("return_on_margin_pct", 2),
        ])
      }
      if run.programs.isEmpty {
        rows.append(
          [String(run.id), run.startedAt, run.scenarioFile, "\(run.periodFrom)..\(run.periodTo)"]
            + [String](repeating: "–", count: 8))
      }
    }
    return TextTable.aligned(rows, leftAligned: [0, 1, 2, 3, 4])
  }
}

extension HedgeLab.Run {
  /// This command with its parsed arguments, for `run.command`.
  var commandLine: String {
    var arguments = [scenario]
    for (flag, value) in [("--db", db), ("--from", from), ("--to", to), ("--out", out), ("--html", html)] {
      if let value { arguments += [flag, value] }
    }
    for p in programs + programsAlias { arguments += ["--program", p] }
    if json { arguments.append("--json") }
    if margin { arguments.append("--margin") }
    return RunRecorder.commandLine("run", arguments)
  }
}

extension HedgeLab.Compare {
  /// This command with its parsed arguments, for `run.command`.
  var commandLine: String {
    var arguments = [scenario]
    for p in programs + programsAlias { arguments += ["--program", p] }
    for (flag, value) in [
      ("--db", db), ("--from", from), ("--to", to), ("--out", out), ("--html", html),
    ] {
      if let value { arguments += [flag, value] }
    }
    if json { arguments.append("--json") }
    return RunRecorder.commandLine("compare", arguments)
  }
}

extension RunRecorder {
  /// Every numeric metric of each simulated program of a comparison (the rows of the
  /// `compare` table, dates left out), then the headline and margin metrics of
  /// ``headline(_:days:)`` not already among them.
  static func metrics(_ comparison: ScenarioComparison) -> [RunProgramMetrics] {
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
}
