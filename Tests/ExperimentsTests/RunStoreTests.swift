import Foundation
import GRDB
import HedgeLabTestSupport
import Testing

@testable import Experiments
@testable import MarketData

/// Recorded runs (migration "v3-runs"), on databases built by the production migrator.
@Suite("Run store")
struct RunStoreTests {
  static func sample(program: String = "put", final: Double = 1_234_567.5) -> RunRecord {
    RunRecord(
      startedAt: "2026-11-25T12:00:00Z", command: "hedgelab run s.yaml --db m.sqlite",
      hedgelabVersion: "0.1.0", scenarioName: "s", scenarioFile: "Scenarios/s.yaml",
      scenarioText: "name: s\n# é, quotes ' \" and a newline\n", scenarioSha256: String(repeating: "a", count: 64),
      periodFrom: Day(year: 2020, month: 1, day: 2)!, periodTo: Day(year: 2021, month: 12, day: 31)!,
      programSelection: ["unhedged", program],
      dataHashes: [
        SeriesHash(series: "close SPX", observations: 505, sha256: String(repeating: "b", count: 64)),
        SeriesHash(series: "risk_free_rate", observations: 505, sha256: String(repeating: "c", count: 64)),
      ],
      programs: [
        RunProgramMetrics(
          program: "unhedged",
          metrics: [
            RunMetric(key: "final_value", value: 1_100_000, unit: "currency"),
            RunMetric(key: "annualised_return_pct", value: 4.75, unit: "%"),
            RunMetric(key: "sharpe", value: .nan, unit: ""),
          ]),
        RunProgramMetrics(
          program: program,
          metrics: [
            RunMetric(key: "final_value", value: final, unit: "currency"),
            RunMetric(key: "annualised_return_pct", value: nil, unit: "%"),
          ]),
      ])
  }

  @Test("a run round-trips through a file database built by the production migrator")
  func roundTrip() throws {
    // Given a fresh file database (all migrations)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runstore-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = try ExperimentStore(MarketDatabase(path: folder.appendingPathComponent("m.sqlite").path))
    #expect(try db.appliedMigrations() == ["v1-schema", "v2-sweeps", "v3-runs", "v4-sweep-provenance", "v5-run-metric-convention"])
    #expect(ExperimentStore.migrationNames == (try db.appliedMigrations()))
    // When two runs are recorded
    let first = try db.record(Self.sample())
    let second = try db.record(Self.sample(program: "collar", final: 2))
    // Then they read back as written, oldest first, ids assigned, NaN stored as NULL
    #expect(second > first)
    let runs = try ExperimentStore(MarketDatabase.open(existingAt: db.path)).recordedRuns()
    #expect(runs.map(\.id) == [first, second])
    var expected = Self.sample()
    expected.id = first
    expected.programs[0].metrics[2].value = nil
    #expect(runs[0] == expected)
    #expect(runs[1].programs.map(\.program) == ["unhedged", "collar"])
    #expect(try db.recordedRun(id: second)?.programs[1].value("final_value") == 2)
    #expect(try db.recordedRun(id: 999) == nil)
  }

  @Test("results are plain SQL: any SQLite client can query them")
  func plainSQL() throws {
    let db = try ExperimentStore(MarketDatabase.inMemory())
    let id = try db.record(Self.sample())
    let rows = try db.database.writer.read { d in
      try Row.fetchAll(
        d,
        sql: """
          SELECT r.scenarioFile, m.program, m.value, m.unit FROM run r
          JOIN runMetric m ON m.runId = r.id WHERE m.key = 'final_value' ORDER BY m.program
          """)
    }
    #expect(rows.count == 2)
    #expect(rows[0]["program"] as String == "put" && rows[0]["value"] as Double == 1_234_567.5)
    let hashes = try db.database.writer.read { d in
      try String.fetchOne(d, sql: "SELECT json_extract(dataHashes, '$[0].series') FROM run WHERE id = ?", arguments: [id])
    }
    #expect(hashes == "close SPX")
    // Deleting a run removes its programs and metrics (foreign keys, ON DELETE CASCADE).
    try db.database.writer.write { d in try d.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [id]) }
    let left = try db.database.writer.read { d in try Int.fetchOne(d, sql: "SELECT count(*) FROM runMetric") }
    #expect(left == 0)
  }

  /// A database as written by the release before migrations v4/v5: today's migrations up to
  /// "v3-runs", one run recorded by `run` (positive drawdown, `annualised_return_pct`), one
  /// by `compare` (negative drawdown, `cagr_pct`) and one finished sweep point.
  static func legacyDatabase(at path: String) throws {
    let queue = try DatabaseQueue(path: path)
    try Schema.migrator.migrate(queue)
    try ExperimentSchema.migrator.migrate(queue, upTo: "v3-runs")
    try queue.write { db in
      for (id, command) in [(1, "hedgelab run s.yaml"), (2, "hedgelab compare s.yaml")] {
        try db.execute(
          sql: """
            INSERT INTO run (id, startedAt, command, hedgelabVersion, scenarioName, scenarioFile, scenarioText,
              scenarioSha256, periodFrom, periodTo, programs, dataHashes)
            VALUES (?, '2026-11-25T12:00:00Z', ?, '0.1.0', 's', 's.yaml', 'name: s', 'aa', '2020-01-02', '2021-12-31',
              NULL, '[]')
            """, arguments: [id, command])
        try db.execute(sql: "INSERT INTO runProgram (runId, program, position) VALUES (?, 'unhedged', 0)", arguments: [id])
      }
      for (key, value) in [("final_value", 1.1e6), ("annualised_return_pct", 10.38), ("max_drawdown_pct", 55.65)] {
        try db.execute(
          sql: "INSERT INTO runMetric (runId, program, key, value, unit) VALUES (1, 'unhedged', ?, ?, '%')",
          arguments: [key, value])
      }
      for (key, value) in [("cagr_pct", 10.37), ("max_drawdown_pct", -55.65)] {
        try db.execute(
          sql: "INSERT INTO runMetric (runId, program, key, value, unit) VALUES (2, 'unhedged', ?, ?, '%')",
          arguments: [key, value])
      }
      try db.execute(sql: "INSERT INTO sweep (id, scenario, grid, pointCount, createdAt) VALUES ('s', 'x', 'k=1', 2, 'now')")
      try db.execute(sql: "INSERT INTO sweepPoint (sweepId, pointIndex, grid) VALUES ('s', 0, 'k=1')")
      try db.execute(
        sql: """
          INSERT INTO sweepResult (sweepId, pointIndex, programIndex, program, initialValue, finalValue,
            annualisedReturn, annualisedVolatility, maxDrawdown, commission, spread, fees, minimumFee, totalCosts, tradeCount)
          VALUES ('s', 0, 0, 'unhedged', 1e6, 1.1e6, 0.1038, 0.1698, 0.5565, 0, 0, 0, 0, 0, 0)
          """)
    }
  }

  @Test("a database written before v4/v5 migrates: runs keep listing with one sign convention, old sweep points rerun")
  func legacyMigrates() throws {
    // Given a database written by the previous schema
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("legacy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("old.sqlite").path
    try Self.legacyDatabase(at: path)
    // When it is opened by this version
    let db = try ExperimentStore(MarketDatabase.open(existingAt: path))
    // Then every migration is applied and the runs read back in the one convention
    #expect(try db.appliedMigrations() == ExperimentStore.migrationNames)
    let runs = try db.recordedRuns()
    #expect(runs.map(\.id) == [1, 2])
    #expect(runs[0].programs[0].value("max_drawdown_pct") == -55.65)
    #expect(runs[0].programs[0].value("cagr_pct") == 10.38)
    #expect(runs[1].programs[0].value("max_drawdown_pct") == -55.65)
    #expect(runs[1].programs[0].value("cagr_pct") == 10.37)
    // and the old sweep point is still there, without provenance (so a sweep reruns it)
    let points = try db.sweepPoints(id: "s", keys: ["final_value"])
    #expect(points.count == 1 && points[0].codeVersion == nil && points[0].dataHashes.isEmpty)
    #expect(points[0].programs.map(\.program) == ["unhedged"])
  }
}
