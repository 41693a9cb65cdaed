import Foundation
import GRDB
import MarketData

/// One program's metrics at one finished grid point, as stored in `sweepMetric`.
public struct StoredSweepProgram: Sendable, Equatable {
  public var program: String
  /// One value per metric key of the sweep (same order as the keys passed to
  /// ``ExperimentStore/sweepPoints(id:keys:indices:)``); `nil` where undefined.
  public var metrics: [Double?]

  public init(program: String, metrics: [Double?]) {
    self.program = program
    self.metrics = metrics
  }
}

/// One finished grid point of a sweep.
public struct StoredSweepPoint: Sendable, Equatable {
  /// Index in the whole grid (shard-independent).
  public var index: Int
  /// `key=value, …` of the point, for people reading the database.
  public var grid: String
  /// The HedgeLab version that computed the point; `nil` for points stored before migration
  /// "v4-sweep-provenance".
  public var codeVersion: String?
  /// The hash of every input series the point read.
  public var dataHashes: [SeriesHash]
  /// Every program of the scenario, in file order.
  public var programs: [StoredSweepProgram]

  public init(
    index: Int, grid: String, codeVersion: String?, dataHashes: [SeriesHash], programs: [StoredSweepProgram]
  ) {
    self.index = index
    self.grid = grid
    self.codeVersion = codeVersion
    self.dataHashes = dataHashes
    self.programs = programs
  }
}

/// A row of `sweep`: one sweep, registered when it first runs.
struct SweepRow: Codable, PersistableRecord {
  static let databaseTableName = "sweep"
  /// Hex SHA-256 of the scenario text and the grid.
  var id: String
  /// The scenario file's text.
  var scenario: String
  /// The canonical grid text.
  var grid: String
  var pointCount: Int
  /// ISO 8601 UTC.
  var createdAt: String
}

/// A row of `sweepPoint`: one finished grid point and what it was computed from.
struct SweepPointRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "sweepPoint"
  var sweepId: String
  var pointIndex: Int
  var grid: String
  var codeVersion: String?
  /// A JSON array of ``SeriesHash`` (`NULL` for points stored before "v4-sweep-provenance").
  var dataHashes: [SeriesHash]?
}

/// A row of `sweepResult`: one program of a finished point (its metrics are rows of
/// `sweepMetric`; the metric columns of migration "v2-sweeps" are no longer written).
struct SweepProgramRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "sweepResult"
  var sweepId: String
  var pointIndex: Int
  var programIndex: Int
  var program: String
}

/// A row of `sweepMetric`: one metric of one program at one finished point.
struct SweepMetricRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "sweepMetric"
  var sweepId: String
  var pointIndex: Int
  var programIndex: Int
  var key: String
  /// `NULL` when undefined, never NaN.
  var value: Double?

  enum CodingKeys: String, CodingKey, CaseIterable {
    case sweepId, pointIndex, programIndex, key, value
  }

  /// The value of `column` (an exhaustive switch: a new column cannot be left out).
  func databaseValue(_ column: CodingKeys) -> (any DatabaseValueConvertible)? {
    switch column {
    case .sweepId: return sweepId
    case .pointIndex: return pointIndex
    case .programIndex: return programIndex
    case .key: return key
    case .value: return value
    }
  }

  /// Inserts or replaces the row through one cached statement: the hot path of a sweep
  /// (one row per metric, program and point, next to backtests of well under a millisecond),
  /// where GRDB's generic `insert` would encode each row through a dictionary and build its
  /// SQL again.
  func replace(_ db: Database) throws {
    let statement = try db.cachedStatement(sql: Self.replaceSQL)
    try statement.execute(arguments: StatementArguments(CodingKeys.allCases.map(databaseValue)))
  }

  static let replaceSQL =
    "INSERT OR REPLACE INTO \(databaseTableName) (\(CodingKeys.allCases.map(\.rawValue).joined(separator: ", "))) VALUES (\(CodingKeys.allCases.map { _ in "?" }.joined(separator: ", ")))"
}

extension ExperimentStore {
  /// Records a sweep (once; later calls with the same id keep the first row).
  /// - Parameters:
  ///   - id: the sweep id (hex SHA-256 of scenario and grid).
  ///   - scenario: the scenario file's text; `grid` the canonical grid text.
  ///   - pointCount: number of grid points.
  public func registerSweep(id: String, scenario: String, grid: String, pointCount: Int) throws {
    let now = ISO8601DateFormatter().string(from: Date())
    try write { db in
      try SweepRow(id: id, scenario: scenario, grid: grid, pointCount: pointCount, createdAt: now)
        .insert(db, onConflict: .ignore)
    }
  }

  /// The indices of the points of sweep `id` already finished (stored).
  public func finishedSweepPoints(id: String) throws -> Set<Int> {
    try read { db in
      Set(try SweepPointRow.select(Column("pointIndex"), as: Int.self).filter(Column("sweepId") == id).fetchAll(db))
    }
  }

  /// Stores finished points of sweep `id` in one transaction (all or none), replacing any
  /// stored row of the same point.
  /// - Parameter keys: the metric keys, one per value of each program's `metrics`.
  public func storeSweepPoints(id: String, keys: [String], _ points: [StoredSweepPoint]) throws {
    guard !points.isEmpty else { return }
    try write { db in
      for point in points {
        try SweepPointRow(
          sweepId: id, pointIndex: point.index, grid: point.grid, codeVersion: point.codeVersion,
          dataHashes: point.dataHashes
        ).insert(db, onConflict: .replace)
        for (p, program) in point.programs.enumerated() {
          precondition(program.metrics.count == keys.count, "one value per sweep metric key")
          try SweepProgramRow(sweepId: id, pointIndex: point.index, programIndex: p, program: program.program)
            .insert(db, onConflict: .replace)
          for (key, value) in zip(keys, program.metrics) {
            try SweepMetricRow(sweepId: id, pointIndex: point.index, programIndex: p, key: key, value: value)
              .replace(db)
          }
        }
      }
    }
  }

  /// The stored points of sweep `id` among `indices` (all when `nil`), by index, with their
  /// programs in file order and one value per `keys` each (`nil` when not stored or
  /// undefined).
  public func sweepPoints(id: String, keys: [String], indices: Set<Int>? = nil) throws -> [StoredSweepPoint] {
    let column = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
    return try read { db in
      var points: [Int: StoredSweepPoint] = [:]
      let pointRows = try SweepPointRow.filter(Column("sweepId") == id).order(Column("pointIndex")).fetchCursor(db)
      while let row = try pointRows.next() {
        guard indices?.contains(row.pointIndex) ?? true else { continue }
        points[row.pointIndex] = StoredSweepPoint(
          index: row.pointIndex, grid: row.grid, codeVersion: row.codeVersion, dataHashes: row.dataHashes ?? [],
          programs: [])
      }
      let programRows = try SweepProgramRow.filter(Column("sweepId") == id)
        .order(Column("pointIndex"), Column("programIndex")).fetchCursor(db)
      while let row = try programRows.next() {
        guard points[row.pointIndex] != nil else { continue }
        points[row.pointIndex]!.programs.append(
          StoredSweepProgram(program: row.program, metrics: [Double?](repeating: nil, count: keys.count)))
      }
      let metricRows = try SweepMetricRow.filter(Column("sweepId") == id).fetchCursor(db)
      while let row = try metricRows.next() {
        guard let c = column[row.key], points[row.pointIndex] != nil,
          row.programIndex < points[row.pointIndex]!.programs.count
        else { continue }
        points[row.pointIndex]!.programs[row.programIndex].metrics[c] = row.value
      }
      return points.keys.sorted().map { points[$0]! }
    }
  }
}
