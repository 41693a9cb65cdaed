import Foundation
import GRDB

/// One program's metrics at one finished grid point, as stored in `sweepResult`.
public struct StoredSweepProgram: Sendable, Equatable {
  public var program: String
  /// One value per ``MarketDatabase/sweepMetricColumns`` (same order); `nil` where undefined.
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
  /// Every program of the scenario, in file order.
  public var programs: [StoredSweepProgram]

  public init(index: Int, grid: String, programs: [StoredSweepProgram]) {
    self.index = index
    self.grid = grid
    self.programs = programs
  }
}

extension MarketDatabase {
  /// The metric columns of `sweepResult`, in the order of ``StoredSweepProgram/metrics``:
  /// initial and final value (currency), annualised return and volatility (decimals), maximum
  /// drawdown (decimal fraction), commission, spread, fees, minimum-fee top-ups and total costs
  /// (currency), and the number of trades (a count, stored as INTEGER).
  public static let sweepMetricColumns = [
    "initialValue", "finalValue", "annualisedReturn", "annualisedVolatility", "maxDrawdown",
    "commission", "spread", "fees", "minimumFee", "totalCosts", "tradeCount",
  ]

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
  public func storeSweepPoints(id: String, _ points: [StoredSweepPoint]) throws {
    guard !points.isEmpty else { return }
    let columns = Self.sweepMetricColumns
    let resultSQL = "INSERT OR REPLACE INTO sweepResult (sweepId, pointIndex, programIndex, program, "
      + columns.joined(separator: ", ") + ") VALUES (?, ?, ?, ?"
      + String(repeating: ", ?", count: columns.count) + ")"
    try write { db in
      let pointStatement = try db.cachedStatement(
        sql: "INSERT OR REPLACE INTO sweepPoint (sweepId, pointIndex, grid) VALUES (?, ?, ?)")
      let resultStatement = try db.cachedStatement(sql: resultSQL)
      for point in points {
        try pointStatement.execute(arguments: [id, point.index, point.grid])
        for (p, program) in point.programs.enumerated() {
          precondition(program.metrics.count == columns.count, "one value per sweep metric column")
          var values: [(any DatabaseValueConvertible)?] = [id, point.index, p, program.program]
          for (c, value) in program.metrics.enumerated() {
            if c == columns.count - 1 {
              values.append(value.flatMap { Int(exactly: $0) })
            } else {
              values.append(value)
            }
          }
          try resultStatement.execute(arguments: StatementArguments(values))
        }
      }
    }
  }

  /// The stored points of sweep `id` among `indices` (all when `nil`), by index, with their
  /// programs in file order.
  public func sweepPoints(id: String, indices: Set<Int>? = nil) throws -> [StoredSweepPoint] {
    let columns = Self.sweepMetricColumns
    return try read { db in
      var grids: [Int: String] = [:]
      let pointRows = try Row.fetchCursor(
        db, sql: "SELECT pointIndex, grid FROM sweepPoint WHERE sweepId = ? ORDER BY pointIndex", arguments: [id])
      while let row = try pointRows.next() {
        let index: Int = row[0]
        if indices?.contains(index) ?? true { grids[index] = row[1] }
      }
      var programs: [Int: [StoredSweepProgram]] = [:]
      let rows = try Row.fetchCursor(
        db,
        sql: "SELECT pointIndex, program, " + columns.joined(separator: ", ")
          + " FROM sweepResult WHERE sweepId = ? ORDER BY pointIndex, programIndex",
        arguments: [id])
      while let row = try rows.next() {
        let index: Int = row[0]
        guard grids[index] != nil else { continue }
        var metrics: [Double?] = []
        for c in columns.indices { metrics.append(row[c + 2] as Double?) }
        programs[index, default: []].append(StoredSweepProgram(program: row[1], metrics: metrics))
      }
      return grids.keys.sorted().map { StoredSweepPoint(index: $0, grid: grids[$0]!, programs: programs[$0] ?? []) }
    }
  }
}
