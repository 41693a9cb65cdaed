import Foundation
import GRDB

/// One program's metrics at one finished grid point, as stored in `sweepMetric`.
public struct StoredSweepProgram: Sendable, Equatable {
  public var program: String
  /// One value per metric key of the sweep (same order as the keys passed to
  /// ``MarketDatabase/sweepPoints(id:keys:indices:)``); `nil` where undefined.
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

extension MarketDatabase {
  private func write<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try writer.write { db in try body(db) }
    } catch let error as DatabaseError {
      throw MarketDatabase.classify(error, path: path)
    }
  }

  /// Records a sweep (once; later calls with the same id keep the first row).
  /// - Parameters:
  ///   - id: the sweep id (hex SHA-256 of scenario and grid).
  ///   - scenario: the scenario file's text; `grid` the canonical grid text.
  ///   - pointCount: number of grid points.
  public func registerSweep(id: String, scenario: String, grid: String, pointCount: Int) throws {
    let now = ISO8601DateFormatter().string(from: Date())
    try write { db in
      try db.execute(
        sql: "INSERT OR IGNORE INTO sweep (id, scenario, grid, pointCount, createdAt) VALUES (?, ?, ?, ?, ?)",
        arguments: [id, scenario, grid, pointCount, now])
    }
  }

  /// The indices of the points of sweep `id` already finished (stored).
  public func finishedSweepPoints(id: String) throws -> Set<Int> {
    try read { db in
      Set(try Int.fetchAll(db, sql: "SELECT pointIndex FROM sweepPoint WHERE sweepId = ?", arguments: [id]))
    }
  }

  /// Stores finished points of sweep `id` in one transaction (all or none), replacing any
  /// stored row of the same point.
  /// - Parameter keys: the metric keys, one per value of each program's `metrics`.
  public func storeSweepPoints(id: String, keys: [String], _ points: [StoredSweepPoint]) throws {
    guard !points.isEmpty else { return }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let hashes = try points.map { String(decoding: try encoder.encode($0.dataHashes), as: UTF8.self) }
    try write { db in
      let pointStatement = try db.cachedStatement(
        sql: "INSERT OR REPLACE INTO sweepPoint (sweepId, pointIndex, grid, codeVersion, dataHashes) VALUES (?, ?, ?, ?, ?)")
      let programStatement = try db.cachedStatement(
        sql: "INSERT OR REPLACE INTO sweepResult (sweepId, pointIndex, programIndex, program) VALUES (?, ?, ?, ?)")
      let metricStatement = try db.cachedStatement(
        sql: "INSERT OR REPLACE INTO sweepMetric (sweepId, pointIndex, programIndex, key, value) VALUES (?, ?, ?, ?, ?)")
      for (point, hashes) in zip(points, hashes) {
        try pointStatement.execute(arguments: [id, point.index, point.grid, point.codeVersion, hashes])
        for (p, program) in point.programs.enumerated() {
          precondition(program.metrics.count == keys.count, "one value per sweep metric key")
          try programStatement.execute(arguments: [id, point.index, p, program.program])
          for (key, value) in zip(keys, program.metrics) {
            try metricStatement.execute(arguments: [id, point.index, p, key, value])
          }
        }
      }
    }
  }

  /// The stored points of sweep `id` among `indices` (all when `nil`), by index, with their
  /// programs in file order and one value per `keys` each (`nil` when not stored or
  /// undefined).
  public func sweepPoints(id: String, keys: [String], indices: Set<Int>? = nil) throws -> [StoredSweepPoint] {
    let decoder = JSONDecoder()
    let column = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
    return try read { db in
      var points: [Int: StoredSweepPoint] = [:]
      let pointRows = try Row.fetchCursor(
        db, sql: "SELECT pointIndex, grid, codeVersion, dataHashes FROM sweepPoint WHERE sweepId = ? ORDER BY pointIndex",
        arguments: [id])
      while let row = try pointRows.next() {
        let index: Int = row[0]
        guard indices?.contains(index) ?? true else { continue }
        let hashText: String? = row[3]
        let hashes = hashText.flatMap { try? decoder.decode([SeriesHash].self, from: Data($0.utf8)) } ?? []
        points[index] = StoredSweepPoint(index: index, grid: row[1], codeVersion: row[2], dataHashes: hashes, programs: [])
      }
      let programRows = try Row.fetchCursor(
        db, sql: "SELECT pointIndex, program FROM sweepResult WHERE sweepId = ? ORDER BY pointIndex, programIndex",
        arguments: [id])
      while let row = try programRows.next() {
        let index: Int = row[0]
        guard points[index] != nil else { continue }
        points[index]!.programs.append(
          StoredSweepProgram(program: row[1], metrics: [Double?](repeating: nil, count: keys.count)))
      }
      let metricRows = try Row.fetchCursor(
        db, sql: "SELECT pointIndex, programIndex, key, value FROM sweepMetric WHERE sweepId = ?", arguments: [id])
      while let row = try metricRows.next() {
        let index: Int = row[0]
        let program: Int = row[1]
        let key: String = row[2]
        guard let c = column[key], points[index] != nil, program < points[index]!.programs.count else { continue }
        points[index]!.programs[program].metrics[c] = row[3] as Double?
      }
      return points.keys.sorted().map { points[$0]! }
    }
  }
}
