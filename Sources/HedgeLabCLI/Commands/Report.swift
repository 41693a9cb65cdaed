import Analytics
import ArgumentParser
import Experiments
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
        let store = try ExperimentStore(MarketDatabase.open(existingAt: db))
        guard let record = try store.recordedRun(id: runID) else {
          let ids = try store.recordedRuns().map { String($0.id) }
          let known = ids.isEmpty ? "no runs are recorded there" : "recorded: " + ids.joined(separator: ", ")
          throw CommandFailure(
            "RUN_ID (\(runID)) must be a run recorded in '\(db)' (\(known)); see 'hedgelab runs list --db \(db)'",
            exitStatus: ExitStatus.noInput)
        }
        let run = try ScenarioRun.build(
          .rerun(record, database: store.database, path: db, allowChangedData: allowChangedData))
        for warning in run.warnings + run.replayWarnings(of: record, codeVersion: HedgeLab.version) {
          printError("warning: \(warning)")
        }
        guard html != nil || out != nil else {
          // Nowhere to write: the comparison table of the run, as 'compare' prints it.
          print(ComparisonTable.text(run.comparison!), terminator: "")
          printError("note: --html FILE writes the HTML report of run \(record.id), --out DIR its exports")
          return
        }
        let written = try ReportOutputs.write(run, out: out, html: html)
        print(
          "run \(record.id) (\(record.scenarioName), \(record.periodFrom) to \(record.periodTo), recorded \(record.startedAt)) re-run; wrote \(written.joined(separator: ", "))"
        )
      }
    }
  }
}
