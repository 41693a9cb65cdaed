import Analytics
import ArgumentParser
import Experiments
import Foundation
import MarketData
import Simulation

extension HedgeLab {
  /// `hedgelab run SCENARIO`: backtests a scenario's hedge programs and prints a summary of each.
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Backtest the hedge programs of a scenario file and print a summary of each.",
      discussion: """
        The scenario (YAML, see Scenarios/README.md) names the data, the period, the \
        portfolio, the costs and the programs to compare. The database is --db, or the \
        scenario's data.database (relative to the scenario file). For each program the \
        summary gives the final value, the annualised return and volatility of daily \
        returns, the maximum drawdown and the total costs paid.

        A scenario with a paths: section prints the distributions over its simulated paths; \
        --out DIR writes DIR/paths.csv (one row per path and program) and \
        DIR/paths-summary.json (the --json object). With --shard I/N only the paths whose \
        index mod N is I are run, into DIR/paths.csv and DIR/shard.json; 'hedgelab merge' \
        combines the N shard folders into the files of one unsharded run.

        Examples:
          hedgelab run Scenarios/spx-protective-put.yaml --db market.sqlite
          hedgelab run Scenarios/demo.yaml --from 2015-01-02 --program collar-95-110 \\
            --json
        """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: Vocabulary.scenarioDatabaseHelp)
    var db: String?

    @Option(help: "First day of the backtest, YYYY-MM-DD (overrides period.from).")
    var from: String?

    @Option(help: "Last day of the backtest, YYYY-MM-DD (overrides period.to).")
    var to: String?

    @Option(name: .customLong("program"), help: "Run only these programs: repeat the flag or separate names with commas.")
    var programs: [String] = []

    @Option(name: .customLong("programs"), help: .hidden)
    var programsAlias: [String] = []

    @Flag(help: "Print the summary as JSON instead of a table.")
    var json = false

    @Option(help: "Folder for the exports (summary.csv, daily.csv, trades.csv, scenario.yaml, manifest.json, report.html).")
    var out: String?

    @Option(help: "Path scenarios only: run shard I of N (paths whose index mod N is I) into --out, e.g. 0/4.")
    var shard: String?

    @Option(help: "Write the HTML report to this file.")
    var html: String?

    @Flag(help: "Do not record this run in the database (see 'hedgelab runs list').")
    var noRecord = false

    @Flag(help: "Also compute each program's daily portfolio margin (always on with --out or --html; it reprices every option over the margin grid each day).")
    var margin = false

    func validate() throws {
      try ScenarioRunner.validatePeriod(from: from, to: to)
    }

    func run() throws {
      try withUserFacingErrors {
        let source = try ScenarioSource.read(self.scenario)
        if try source.decode().paths != nil { return try runPaths(source) }  // Run+Paths.swift
        if shard != nil {
          throw CommandFailure(
            "--shard splits the simulated paths of a scenario with a paths: section, and \(self.scenario) backtests one history; remove --shard (to split a parameter grid, use 'hedgelab sweep … --shard I/N')",
            exitStatus: ExitStatus.usage)
        }
        let reports = out != nil || html != nil
        let run = try ScenarioRunner.build(
          ScenarioRun.Request(
            source: source, database: ScenarioRunner.database(db),
            overrides: ScenarioRunner.overrides(from: from, to: to),
            programs: Vocabulary.names(programs + programsAlias), margin: margin || reports,
            compare: reports),
          out: out, html: html)
        let result = run.result!
        let summary = RunSummary(result: result, tape: run.tape)
        print(json ? summary.jsonValue.text() : summary.text, terminator: "")
        try ReportOutputs.writeIfAsked(run, out: out, html: html)
        if !noRecord {
          try RunRecorder.save(run, command: commandLine, programs: RecordedMetrics.of(summary, result: result))
        }
      }
    }
  }
}

/// The steps the scenario commands (`run`, `compare`, `risk`, `demo`) share: reading a scenario
/// file, applying `--from`/`--to`, choosing programs, finding the database and loading the tape,
/// formatting summaries.
enum ScenarioRunner {
  /// Reads and validates a scenario file.
  static func loadScenario(at path: String) throws -> Scenario {
    try ScenarioSource.read(path).decode()
  }

  /// The `--db` rule of the scenario commands (see ``Vocabulary``).
  static func database(_ flag: String?) -> ScenarioRun.DatabaseChoice {
    .resolve(flag: flag, defaultDatabase: Vocabulary.defaultDatabase)
  }

  /// `--from`/`--to` (already checked by ``validatePeriod(from:to:)``) as scenario
  /// overrides: none when neither is given.
  static func overrides(from: String?, to: String?) -> [Scenario.Override] {
    from == nil && to == nil ? [] : [.period(from: from.flatMap { Day(iso: $0) }, to: to.flatMap { Day(iso: $0) })]
  }

  /// Builds the run of `request` (``ScenarioRun/build(_:beforeLoading:)``), refusing before
  /// anything is loaded an output (`--out DIR`, `--html FILE`) that names an input, and
  /// creating their folders.
  /// - Parameter refusePaths: refuse a scenario with a `paths:` section, saying this (e.g.
  ///   `compare backtests one history`).
  static func build(
    _ request: ScenarioRun.Request, out: String?, html: String?, refusePaths: String? = nil
  ) throws -> ScenarioRun {
    try ScenarioRun.build(request) { scenario, database in
      if let refusePaths, scenario.paths != nil {
        let file = request.source.file
        throw CommandFailure(
          "\(file) simulates paths (it has a paths: section) and \(refusePaths); run it with 'hedgelab run \(file)', which prints the distributions over the paths",
          exitStatus: ExitStatus.usage)
      }
      try ReportOutputs.prepare(out: out, html: html, inputs: inputs(scenarioFile: request.source.file, database: database, flag: request.database))
    }
  }

  /// Checks `--from`/`--to`: each a date of the form YYYY-MM-DD, `--to` on or after `--from`.
  static func validatePeriod(from: String?, to: String?) throws {
    for (flag, value) in [("--from", from), ("--to", to)] {
      if let value, Day(iso: value) == nil {
        throw ValidationError("\(flag) (\(value)) must be a date of the form YYYY-MM-DD")
      }
    }
    if let f = from.flatMap({ Day(iso: $0) }), let t = to.flatMap({ Day(iso: $0) }), t < f {
      throw ValidationError("--to (\(t)) must be on or after --from (\(f))")
    }
  }

  /// The files a scenario command reads: the scenario, and the database when one resolves
  /// (written too: runs are recorded in it).
  static func inputs(scenarioFile: String, database: String?, flag: ScenarioRun.DatabaseChoice) -> [FileIdentity.NamedPath] {
    var paths = [FileIdentity.NamedPath("SCENARIO", scenarioFile, .input)]
    if let database {
      var named = "data.database"
      if case .resolve(_?, _) = flag { named = "--db" }
      paths += FileIdentity.NamedPath.database(named, database)
    }
    return paths
  }

  /// `--db`, else `data.database` resolved against the scenario file's folder, else
  /// `market.sqlite` in the current folder (``ScenarioRun/databasePath(_:scenario:scenarioFile:)``).
  static func databasePath(_ flag: String?, scenario: Scenario, scenarioFile: String) throws -> String {
    try ScenarioRun.databasePath(database(flag), scenario: scenario, scenarioFile: scenarioFile)
  }

  /// The closest candidate to a misspelt `word` (``nearest(_:in:)`` of the scenario decoder).
  static func nearestName(_ word: String, in candidates: [String]) -> String? { nearest(word, in: candidates) }

  // MARK: - Output

  /// `x` with `digits` decimals and thousands separators, locale-free.
  static func number(_ x: Double, _ digits: Int) -> String { DecimalText.fixed(x, digits, grouping: true) }

  /// `x` with `digits` decimals, no grouping (for CSV), locale-free.
  static func plain(_ x: Double, _ digits: Int) -> String { DecimalText.fixed(x, digits) }

  /// A fraction as a percentage with 2 decimals, or `n/a`.
  static func percent(_ x: Double?) -> String {
    guard let x else { return "n/a" }
    return number(x * 100, 2) + " %"
  }
}
