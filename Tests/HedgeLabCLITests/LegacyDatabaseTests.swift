import Foundation
import GRDB
import HedgeLabTestSupport
import Simulation
import Testing

@testable import Experiments
@testable import HedgeLabCLI
@testable import MarketData

/// A database written by the release before the one-metric-system change (migrations up to
/// "v3-runs", a run recorded by `run` with its positive drawdown and `annualised_return_pct`)
/// migrates when opened, and its recorded run still lists and reports.
@Suite("Databases written by the previous release")
struct LegacyDatabaseTests {
  @Test("a database of the previous schema migrates; its recorded run lists (one sign convention) and reports")
  func legacyRunListsAndReports() throws {
    let folder = TemporaryFolder()
    let path = folder.path("old.sqlite")
    // Given the demo market in a database of the previous schema (v1 to v3 only)
    do {
      let database = try ExperimentStore(MarketDatabase(path: path)).database
      for file in SyntheticMarket.files(seed: DemoData.seed, years: 2) { folder.write(file.name, file.contents) }
      for (name, options) in DemoData.ingestOptions { _ = try database.ingest(file: folder.path(name), options: options) }
    }
    let scenarioPath = folder.write("demo.yaml", DemoData.scenarioYAML)
    let scenario = try ScenarioRunner.loadScenario(at: scenarioPath)
    let tape = try MarketTape.load(scenario, from: MarketDatabase.open(existingAt: path))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let hashes = String(decoding: try encoder.encode(tape.seriesHashes), as: UTF8.self)
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      // Back to the previous schema: what v4 and v5 added is removed.
      try db.execute(
        sql: """
          DROP TABLE sweepMetric;
          ALTER TABLE sweepPoint DROP COLUMN codeVersion;
          ALTER TABLE sweepPoint DROP COLUMN dataHashes;
          DELETE FROM grdb_migrations WHERE identifier IN ('v4-sweep-provenance', 'v5-run-metric-convention');
          """)
      // and a run recorded as the previous `run` recorded it
      try db.execute(
        sql: """
          INSERT INTO run (id, startedAt, command, hedgelabVersion, scenarioName, scenarioFile, scenarioText,
            scenarioSha256, periodFrom, periodTo, programs, dataHashes)
          VALUES (1, '2026-11-25T12:00:00Z', 'hedgelab run demo.yaml', '0.1.0', ?, ?, ?, 'aa', ?, ?, NULL, ?)
          """,
        arguments: [
          scenario.name, scenarioPath, DemoData.scenarioYAML, tape.days.first!.description, tape.days.last!.description,
          hashes,
        ])
      for (position, program) in scenario.programs.map(\.name).enumerated() {
        try db.execute(
          sql: "INSERT INTO runProgram (runId, program, position) VALUES (1, ?, ?)", arguments: [program, position])
        for (key, value, unit) in [
          ("final_value", 1.1e6, "currency"), ("annualised_return_pct", 4.25, "%"),
          ("annualised_volatility_pct", 16.98, "%"), ("max_drawdown_pct", 55.65, "%"),
        ] {
          try db.execute(
            sql: "INSERT INTO runMetric (runId, program, key, value, unit) VALUES (1, ?, ?, ?, ?)",
            arguments: [program, key, value, unit])
        }
      }
    }
    try queue.close()

    // When this version lists the runs
    let list = try OneMetricSystemTests.hedgelab(["runs", "list", "--db", path], in: folder)
    // Then the database is migrated and the run listed in the one convention
    let migrated = try ExperimentStore(MarketDatabase.open(existingAt: path))
    #expect(try migrated.appliedMigrations() == ExperimentStore.migrationNames)
    let unhedged = try #require(list.split(separator: "\n").first { $0.contains(" unhedged ") })
    #expect(unhedged.contains("4.25") && unhedged.contains("16.98") && unhedged.contains("-55.65"), "\(unhedged)")
    // and it still reports
    let out = folder.path("report")
    _ = try OneMetricSystemTests.hedgelab(["report", "1", "--db", path, "--out", out], in: folder)
    #expect(FileManager.default.fileExists(atPath: out + "/summary.csv"))
    #expect(FileManager.default.fileExists(atPath: out + "/report.html"))
  }
}
