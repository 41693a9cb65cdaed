import Analytics
import ArgumentParser
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
        let loaded = try ScenarioRunner.loadScenario(at: scenario)
        if loaded.paths != nil { return try runPaths(loaded) }  // Run+Paths.swift
        if shard != nil {
          throw CommandFailure(
            "--shard splits the simulated paths of a scenario with a paths: section, and \(self.scenario) backtests one history; remove --shard (to split a parameter grid, use 'hedgelab sweep … --shard I/N')",
            exitStatus: ExitStatus.usage)
        }
        var scenario = loaded
        try ReportOutputs.prepare(
          out: out, html: html, inputs: ScenarioRunner.inputs(scenario, db: db, scenarioFile: self.scenario))
        try ScenarioRunner.applyPeriod(to: &scenario, from: from, to: to)
        let selected = try ScenarioRunner.selectPrograms(Vocabulary.names(programs + programsAlias), in: scenario)
        let (database, source, tape) = try ScenarioRunner.loadTape(
          scenario, db: db, scenarioFile: self.scenario)
        let result = Backtest(scenario: scenario, tape: tape)
          .run(programs: selected, margin: margin || out != nil || html != nil ? scenario.margin : nil)
        let summary = RunSummary(result: result, tape: tape)
        print(json ? summary.jsonValue.text() : summary.text, terminator: "")
        if out != nil || html != nil {
          let comparison = try ScenarioComparison(result: result, scenario: scenario, tape: tape)
          try ReportOutputs.writeIfAsked(
            comparison, scenarioFile: self.scenario, database: database, out: out, html: html)
        }
        if !noRecord {
          try RunRecorder.save(
            RunRecorder.record(
              command: commandLine,
              scenarioFile: self.scenario, scenarioText: ReportOutputs.scenarioText(at: self.scenario),
              scenario: scenario, selection: selected, tape: tape,
              programs: zip(result.programs, summary.programs).map {
                RunProgramMetrics(program: $0.name, metrics: RunRecorder.headline($0, $1.headline, days: result.days))
              }),
            in: source)
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
    return try ScenarioLoader.load(yaml: try scenarioText(at: path), file: path)
  }

  /// The text of a scenario file: a regular file of at most ``ScenarioLoader/maximumBytes``
  /// (66 otherwise), valid UTF-8 (65 with the offset of the first invalid byte otherwise).
  static func scenarioText(at path: String) throws -> String {
    let bytes: [UInt8]
    do {
      bytes = try InputFile.bytes(at: path, limit: ScenarioLoader.maximumBytes)
    } catch .fileNotFound {
      throw CommandFailure(
        "scenario file '\(path)' does not exist; check the path (bundled scenarios are in Scenarios/)",
        exitStatus: ExitStatus.noInput)
    } catch {
      var reason = "\(error)"
      if case .unreadableFile(_, let why) = error { reason = why }
      throw CommandFailure(
        "scenario file '\(path)' cannot be read (\(reason)); give a regular YAML file you may read",
        exitStatus: ExitStatus.noInput)
    }
    if let bad = InputFile.firstInvalidUTF8(bytes) {
      throw CommandFailure(
        "\(path):\(bad.line): byte \(bad.offset) (0x\(String(bytes[bad.offset], radix: 16, uppercase: true))) is not UTF-8 text; save the file as UTF-8",
        exitStatus: ExitStatus.dataError)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The program names to run (nil: all), checked against the scenario.
  static func selectPrograms(_ names: [String], in scenario: Scenario) throws -> [String]? {
    guard !names.isEmpty else { return nil }
    let available = scenario.programs.map(\.name)
    for name in names where !available.contains(name) {
      let hint = nearestName(name, in: available).map { "; did you mean '\($0)'?" } ?? ""
      throw CommandFailure(
        "--program (\(name)) must name a program of the scenario (\(available.joined(separator: ", ")))\(hint)",
        exitStatus: ExitStatus.usage)
    }
    return names
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

  /// Overrides `period.from`/`period.to` with `--from`/`--to` where given (already checked by
  /// ``validatePeriod(from:to:)``).
  static func applyPeriod(to scenario: inout Scenario, from: String?, to: String?) throws {
    scenario = try scenario.applying(periodOverrides(from: from, to: to))
  }

  /// `--from`/`--to` as scenario overrides: none when neither is given.
  static func periodOverrides(from: String?, to: String?) -> [Scenario.Override] {
    from == nil && to == nil ? [] : [.period(from: from.flatMap { Day(iso: $0) }, to: to.flatMap { Day(iso: $0) })]
  }

  /// Opens the market database (`--db`, else the scenario's `data.database`) and loads the
  /// scenario's market data from it.
  static func loadTape(
    _ scenario: Scenario, db: String?, scenarioFile: String
  ) throws -> (database: String, source: MarketDatabase, tape: MarketTape) {
    let database = try databasePath(db, scenario: scenario, scenarioFile: scenarioFile)
    let source = try MarketDatabase.open(existingAt: database)
    return (database, source, try MarketTape.load(scenario, from: source))
  }

  /// The files a scenario command reads: the scenario, and the database when one is named
  /// (written too: runs are recorded in it).
  static func inputs(_ scenario: Scenario, db: String?, scenarioFile: String) -> [FileIdentity.NamedPath] {
    var paths = [FileIdentity.NamedPath("SCENARIO", scenarioFile, .input)]
    if let database = try? databasePath(db, scenario: scenario, scenarioFile: scenarioFile) {
      paths += FileIdentity.NamedPath.database(db == nil ? "data.database" : "--db", database)
    }
    return paths
  }

  /// `--db`, else `data.database` resolved against the scenario file's folder, else
  /// `market.sqlite` in the current folder (the one `--db` rule, see ``Vocabulary``).
  static func databasePath(_ flag: String?, scenario: Scenario, scenarioFile: String) throws -> String {
    if let flag { return flag }
    guard let database = scenario.data.database else {
      guard FileManager.default.fileExists(atPath: Vocabulary.defaultDatabase) else {
        throw CommandFailure(
          "no database: --db is not given, \(scenarioFile) sets no data.database, and there is no \(Vocabulary.defaultDatabase) in the current folder; pass --db PATH (see 'hedgelab ingest --help' to build one)",
          exitStatus: ExitStatus.noInput)
      }
      return Vocabulary.defaultDatabase
    }
    if database.hasPrefix("/") { return database }
    let folder = URL(fileURLWithPath: scenarioFile).deletingLastPathComponent()
    return folder.appendingPathComponent(database).standardizedFileURL.path
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
