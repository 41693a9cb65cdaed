import Analytics
import ArgumentParser
import Experiments
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
        let store = try ExperimentStore(MarketDatabase.open(existingAt: db))
        print(RunRecorder.list(try store.recordedRuns(), database: db), terminator: "")
      }
    }
  }
}

/// Recording runs into the database and listing them (shared by `run`, `compare`, `runs`
/// and `report`).
enum RunRecorder {
  /// Records `run` with the metrics of its programs in the database it read, and reports
  /// its id on standard error.
  ///
  /// - Throws: `CommandFailure` (73) when the database cannot be written, saying how to skip.
  static func save(_ run: ScenarioRun, command: String, programs: [RunProgramMetrics]) throws {
    guard
      let record = run.record(
        command: command, codeVersion: HedgeLab.version, startedAt: ReportOutputs.timestamp(), programs: programs)
    else { return }
    do {
      let id = try ExperimentStore(run.database).record(record)
      printError("recorded as run \(id) in \(run.database.path) (see 'hedgelab runs list')")
    } catch let error as MarketDataError {
      throw CommandFailure(
        "cannot record the run in '\(run.database.path)' (\(error)); pass --no-record to skip recording",
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
