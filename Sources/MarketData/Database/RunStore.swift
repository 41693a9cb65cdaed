import Foundation
import GRDB

/// The hash of one aligned input series of a run (as in `manifest.json`).
public struct SeriesHash: Sendable, Equatable, Codable {
  /// `close SPX`, `implied_volatility SPX`, `risk_free_rate`, `dividend_yield SPX`.
  public var series: String
  public var observations: Int
  /// Lower-case hex SHA-256.
  public var sha256: String

  public init(series: String, observations: Int, sha256: String) {
    self.series = series
    self.observations = observations
    self.sha256 = sha256
  }

  /// The hash of a series aligned on `days`: SHA-256 of (day number Int64 LE, value IEEE-754
  /// bits LE) for each day; `observations` is `values.count`.
  public init(series: String, days: [Day], values: [Double]) {
    var bytes = [UInt8]()
    bytes.reserveCapacity(16 * values.count)
    for (day, value) in zip(days, values) {
      let d = UInt64(bitPattern: Int64(day.daysSinceEpoch))
      for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: d >> (8 * UInt64(i)))) }
      let v = value.bitPattern
      for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }
    self.init(series: series, observations: values.count, sha256: SHA256.hex(of: bytes))
  }

  /// The series whose hash differs between `recorded` and `current` (or exists in only one of
  /// them), each with a short reason, e.g. `close SPX (values changed)`.
  public static func changes(recorded: [SeriesHash], current: [SeriesHash]) -> [String] {
    var changes = [String]()
    for r in recorded {
      guard let c = current.first(where: { $0.series == r.series }) else {
        changes.append("\(r.series) (no longer loaded)")
        continue
      }
      if c.observations != r.observations {
        changes.append("\(r.series) (\(r.observations) observations recorded, \(c.observations) now)")
      } else if c.sha256 != r.sha256 {
        changes.append("\(r.series) (values changed)")
      }
    }
    for c in current where !recorded.contains(where: { $0.series == c.series }) {
      changes.append("\(c.series) (new)")
    }
    return changes
  }
}

/// One metric of one program of a recorded run.
public struct RunMetric: Sendable, Equatable {
  /// Stable snake_case key, e.g. `annualised_return_pct`.
  public var key: String
  /// The value in `unit`; `nil` when undefined for the run (never NaN).
  public var value: Double?
  /// `%` (decimal × 100), `currency`, `count`, `ratio`… as in the metric tables.
  public var unit: String

  public init(key: String, value: Double?, unit: String) {
    self.key = key
    self.value = value.flatMap { $0.isFinite ? $0 : nil }
    self.unit = unit
  }
}

/// One program of a recorded run with its metrics, in report order.
public struct RunProgramMetrics: Sendable, Equatable {
  public var program: String
  public var metrics: [RunMetric]

  public init(program: String, metrics: [RunMetric]) {
    self.program = program
    self.metrics = metrics
  }

  /// The value of `key`, if recorded and defined.
  public func value(_ key: String) -> Double? {
    metrics.first { $0.key == key }?.value
  }
}

/// A run as recorded in the tables of migration "v3-runs" (see `Schema.registerRunsMigration`).
public struct RunRecord: Sendable, Equatable {
  /// Assigned by the database when recorded; ignored by ``MarketDatabase/record(_:)``.
  public var id: Int64
  /// ISO 8601 UTC, e.g. `2026-11-25T12:00:00Z`.
  public var startedAt: String
  /// The command line, e.g. `hedgelab run Scenarios/spx.yaml --db market.sqlite`.
  public var command: String
  public var hedgelabVersion: String
  public var scenarioName: String
  /// The scenario file as given on the command line.
  public var scenarioFile: String
  public var scenarioText: String
  public var scenarioSha256: String
  /// First and last day simulated.
  public var periodFrom: Day
  public var periodTo: Day
  /// The programs selected on the command line, or `nil` for all.
  public var programSelection: [String]?
  public var dataHashes: [SeriesHash]
  public var programs: [RunProgramMetrics]

  public init(
    id: Int64 = 0, startedAt: String, command: String, hedgelabVersion: String,
    scenarioName: String, scenarioFile: String, scenarioText: String, scenarioSha256: String,
    periodFrom: Day, periodTo: Day, programSelection: [String]?, dataHashes: [SeriesHash],
    programs: [RunProgramMetrics]
  ) {
    self.id = id
    self.startedAt = startedAt
    self.command = command
    self.hedgelabVersion = hedgelabVersion
    self.scenarioName = scenarioName
    self.scenarioFile = scenarioFile
    self.scenarioText = scenarioText
    self.scenarioSha256 = scenarioSha256
    self.periodFrom = periodFrom
    self.periodTo = periodTo
    self.programSelection = programSelection
    self.dataHashes = dataHashes
    self.programs = programs
  }
}

extension MarketDatabase {
  /// Records a run, its programs and their metrics in one transaction; returns its id.
  /// - Throws: `MarketDataError.databaseNotWritable` when the database cannot be written.
  @discardableResult
  public func record(_ run: RunRecord) throws -> Int64 {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let hashes = String(decoding: try encoder.encode(run.dataHashes), as: UTF8.self)
    let selection = try run.programSelection.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
    do {
      return try writer.write { db in
        try db.execute(
          sql: """
            INSERT INTO run (startedAt, command, hedgelabVersion, scenarioName, scenarioFile,
              scenarioText, scenarioSha256, periodFrom, periodTo, programs, dataHashes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            run.startedAt, run.command, run.hedgelabVersion, run.scenarioName, run.scenarioFile,
            run.scenarioText, run.scenarioSha256, run.periodFrom.description, run.periodTo.description,
            selection, hashes,
          ])
        let id = db.lastInsertedRowID
        let program = try db.makeStatement(sql: "INSERT INTO runProgram (runId, program, position) VALUES (?, ?, ?)")
        let metric = try db.makeStatement(
          sql: "INSERT INTO runMetric (runId, program, key, value, unit) VALUES (?, ?, ?, ?, ?)")
        for (position, p) in run.programs.enumerated() {
          try program.execute(arguments: [id, p.program, position])
          for m in p.metrics {
            try metric.execute(arguments: [id, p.program, m.key, m.value, m.unit])
          }
        }
        return id
      }
    } catch let error as DatabaseError {
      throw MarketDatabase.classify(error, path: path)
    }
  }

  /// Every recorded run, oldest first, with programs and metrics.
  public func recordedRuns() throws -> [RunRecord] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY id").map { try self.runRecord($0, db) }
    }
  }

  /// The recorded run `id`, or `nil` when there is none.
  public func recordedRun(id: Int64) throws -> RunRecord? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map { try self.runRecord($0, db) }
    }
  }

  private func runRecord(_ row: Row, _ db: Database) throws -> RunRecord {
    let id: Int64 = row["id"]
    let decoder = JSONDecoder()
    let hashesText: String = row["dataHashes"]
    let hashes = (try? decoder.decode([SeriesHash].self, from: Data(hashesText.utf8))) ?? []
    let selectionText: String? = row["programs"]
    let selection = selectionText.flatMap { try? decoder.decode([String].self, from: Data($0.utf8)) }
    var programs = [RunProgramMetrics]()
    for name in try String.fetchAll(
      db, sql: "SELECT program FROM runProgram WHERE runId = ? ORDER BY position", arguments: [id])
    {
      let metrics = try Row.fetchAll(
        db, sql: "SELECT key, value, unit FROM runMetric WHERE runId = ? AND program = ? ORDER BY rowid",
        arguments: [id, name]
      ).map { RunMetric(key: $0["key"], value: $0["value"], unit: $0["unit"]) }
      programs.append(RunProgramMetrics(program: name, metrics: metrics))
    }
    let fromText: String = row["periodFrom"]
    let toText: String = row["periodTo"]
    guard let from = Day(iso: fromText), let to = Day(iso: toText) else {
      throw MarketDataError.databaseUnreadable(
        path: path, reason: "run \(id) has period '\(fromText)' to '\(toText)', not YYYY-MM-DD dates")
    }
    return RunRecord(
      id: id, startedAt: row["startedAt"], command: row["command"], hedgelabVersion: row["hedgelabVersion"],
      scenarioName: row["scenarioName"], scenarioFile: row["scenarioFile"], scenarioText: row["scenarioText"],
      scenarioSha256: row["scenarioSha256"], periodFrom: from,
      periodTo: to, programSelection: selection,
      dataHashes: hashes, programs: programs)
  }
}
