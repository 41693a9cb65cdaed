import Foundation
import GRDB
import MarketData

/// One metric of one program of a recorded run.
public struct RunMetric: Sendable, Equatable, Codable, FetchableRecord {
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

/// A run as recorded in the tables of migration "v3-runs" (see
/// `ExperimentSchema.registerRunsMigration`): a row of `run`, with its programs and their
/// metrics (rows of `runProgram` and `runMetric`, read and written with it).
public struct RunRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "run"

  /// Assigned by the database when recorded; ignored by ``ExperimentStore/record(_:)``.
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
  /// First and last day simulated (`TEXT` `YYYY-MM-DD`).
  public var periodFrom: Day
  public var periodTo: Day
  /// The programs selected on the command line, or `nil` for all (column `programs`, a JSON
  /// array).
  public var programSelection: [String]?
  /// Column `dataHashes`, a JSON array (GRDB stores a record's nested values as JSON text).
  public var dataHashes: [SeriesHash]
  /// Rows of `runProgram` and `runMetric`, not columns of `run`.
  public var programs: [RunProgramMetrics] = []

  enum CodingKeys: String, CodingKey, ColumnExpression {
    case id, startedAt, command, hedgelabVersion, scenarioName, scenarioFile, scenarioText, scenarioSha256
    case periodFrom, periodTo, dataHashes
    case programSelection = "programs"
  }

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

  /// Id 0 is encoded as `NULL`: a new row gets the next rowid.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encodeIfPresent(id == 0 ? nil : id, forKey: .id)
    try c.encode(startedAt, forKey: .startedAt)
    try c.encode(command, forKey: .command)
    try c.encode(hedgelabVersion, forKey: .hedgelabVersion)
    try c.encode(scenarioName, forKey: .scenarioName)
    try c.encode(scenarioFile, forKey: .scenarioFile)
    try c.encode(scenarioText, forKey: .scenarioText)
    try c.encode(scenarioSha256, forKey: .scenarioSha256)
    try c.encode(periodFrom, forKey: .periodFrom)
    try c.encode(periodTo, forKey: .periodTo)
    try c.encodeIfPresent(programSelection, forKey: .programSelection)
    try c.encode(dataHashes, forKey: .dataHashes)
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }
}

/// A row of `runProgram`: one program of a recorded run, at its report position.
struct RunProgramRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "runProgram"
  var runId: Int64
  var program: String
  var position: Int
}

/// A row of `runMetric`: one metric of one program of a recorded run.
struct RunMetricRow: Codable, PersistableRecord {
  static let databaseTableName = "runMetric"
  var runId: Int64
  var program: String
  var key: String
  var value: Double?
  var unit: String
}

extension ExperimentStore {
  /// Records a run, its programs and their metrics in one transaction; returns its id.
  /// - Throws: `MarketDataError.databaseNotWritable` when the database cannot be written.
  @discardableResult
  public func record(_ run: RunRecord) throws -> Int64 {
    try write { db in
      var row = run
      try row.insert(db)
      for (position, p) in run.programs.enumerated() {
        try RunProgramRow(runId: row.id, program: p.program, position: position).insert(db)
        for m in p.metrics {
          try RunMetricRow(runId: row.id, program: p.program, key: m.key, value: m.value, unit: m.unit).insert(db)
        }
      }
      return row.id
    }
  }

  /// Every recorded run, oldest first, with programs and metrics.
  public func recordedRuns() throws -> [RunRecord] {
    try read { db in
      try RunRecord.order(Column("id")).fetchAll(db).map { try Self.withPrograms($0, db) }
    }
  }

  /// The recorded run `id`, or `nil` when there is none.
  public func recordedRun(id: Int64) throws -> RunRecord? {
    try read { db in
      try RunRecord.fetchOne(db, key: id).map { try Self.withPrograms($0, db) }
    }
  }

  /// `run` with its programs (in report order) and their metrics (in recorded order).
  private static func withPrograms(_ run: RunRecord, _ db: Database) throws -> RunRecord {
    var run = run
    run.programs = try RunProgramRow.filter(Column("runId") == run.id).order(Column("position")).fetchAll(db).map { p in
      let metrics = try RunMetric.fetchAll(
        db, sql: "SELECT key, value, unit FROM runMetric WHERE runId = ? AND program = ? ORDER BY rowid",
        arguments: [run.id, p.program])
      return RunProgramMetrics(program: p.program, metrics: metrics)
    }
    return run
  }
}
