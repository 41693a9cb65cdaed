import Analytics
import ArgumentParser
import Foundation
import MarketData
import Simulation

extension HedgeLab {
  /// `hedgelab report RUN_ID`: the report of a recorded run, re-run from its stored scenario.
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write the HTML report and exports of a recorded run (see 'hedgelab runs list').",
      discussion: """
        Re-runs the scenario text stored with the run, over the same period and programs, on \
        the same database. The engine is deterministic, so the same data give the same \
        results; before running, the hash of every input series is compared with the one \
        recorded, and if any changed (re-ingested or edited data) the command names them and \
        stops, unless --allow-changed-data.

        Without --html or --out it prints the run's comparison table, as 'compare' does.

        Examples:
          hedgelab report 3
          hedgelab report 3 --html report.html
          hedgelab report 3 --html report.html --out results/ --db market.sqlite
        """
    )

    @Argument(help: "The id of the recorded run (first column of 'hedgelab runs list').")
    var runID: Int64

    @Option(help: "Write the HTML report to this file.")
    var html: String?

    @Option(help: "Folder for the exports (summary.csv, daily.csv, trades.csv, scenario.yaml, manifest.json, report.html).")
    var out: String?

    @Option(help: "The database holding the run and the market data (default: market.sqlite in the current folder).")
    var db: String = Vocabulary.defaultDatabase

    @Flag(help: "Write the report even if input series changed since the run was recorded.")
    var allowChangedData = false

    func run() throws {
      try withUserFacingErrors {
        try ReportOutputs.prepare(out: out, html: html, inputs: FileIdentity.NamedPath.database("--db", db))
        let database = try MarketDatabase.open(existingAt: db)
        guard let record = try database.recordedRun(id: runID) else {
          let ids = try database.recordedRuns().map { String($0.id) }
          let known = ids.isEmpty ? "no runs are recorded there" : "recorded: " + ids.joined(separator: ", ")
          throw CommandFailure(
            "RUN_ID (\(runID)) must be a run recorded in '\(db)' (\(known)); see 'hedgelab runs list --db \(db)'",
            exitStatus: ExitStatus.noInput)
        }
        let outcome = try Self.rerun(record, database: database, allowChangedData: allowChangedData)
        for warning in outcome.warnings { printError("warning: \(warning)") }
        guard html != nil || out != nil else {
          // Nowhere to write: the comparison table of the run, as 'compare' prints it.
          print(ComparisonTable.text(outcome.comparison), terminator: "")
          printError("note: --html FILE writes the HTML report of run \(record.id), --out DIR its exports")
          return
        }
        let written = try ReportOutputs.write(
          outcome.comparison, scenarioText: record.scenarioText, scenarioFile: record.scenarioFile,
          database: db, out: out, html: html)
        print(
          "run \(record.id) (\(record.scenarioName), \(record.periodFrom) to \(record.periodTo), recorded \(record.startedAt)) re-run; wrote \(written.joined(separator: ", "))"
        )
      }
    }

    /// What re-running a recorded run gives: the comparison and the warnings to print.
    struct Outcome {
      var comparison: ScenarioComparison
      var result: BacktestResult
      var warnings: [String]
    }

    /// Re-runs `record` on `database`.
    ///
    /// - Throws: `CommandFailure` (65) when an input series changed and `allowChangedData` is
    ///   false, naming each changed series; scenario and data errors as `run` does.
    static func rerun(_ record: RunRecord, database: MarketDatabase, allowChangedData: Bool) throws -> Outcome {
      let scenario = try ScenarioLoader.load(yaml: record.scenarioText, file: record.scenarioFile)
        .applying([.period(from: record.periodFrom, to: record.periodTo)])
      let tape = try MarketTape.load(scenario, from: database)
      let changed = SeriesHash.changes(recorded: record.dataHashes, current: tape.seriesHashes)
      var warnings = [String]()
      if !changed.isEmpty {
        let list = changed.joined(separator: "; ")
        guard allowChangedData else {
          throw CommandFailure(
            "the data of run \(record.id) changed since it was recorded: \(list); the report would not show the recorded run. Re-run the scenario ('hedgelab run \(record.scenarioFile)') to record a new run, or pass --allow-changed-data to report on today's data",
            exitStatus: ExitStatus.dataError)
        }
        warnings.append("input series changed since run \(record.id) was recorded (\(list)); the report uses today's data")
      }
      if record.hedgelabVersion != HedgeLab.version {
        warnings.append(
          "run \(record.id) was recorded by hedgelab \(record.hedgelabVersion); this is \(HedgeLab.version), whose engine may give different results")
      }
      let result = Backtest(scenario: scenario, tape: tape).run(programs: record.programSelection, margin: scenario.margin)
      for p in result.programs {
        guard let recorded = record.programs.first(where: { $0.program == p.name })?.value("final_value") else { continue }
        let now = p.summary.finalValue
        if abs(now - recorded) > 1e-6 * max(1, abs(recorded)) {
          warnings.append(
            "program \(p.name) ends at \(ScenarioRunner.number(now, 2)), recorded \(ScenarioRunner.number(recorded, 2))")
        }
      }
      let comparison = try ScenarioComparison(result: result, scenario: scenario, tape: tape)
      return Outcome(comparison: comparison, result: result, warnings: warnings)
    }
  }
}
