import Foundation
import GRDB
import GRDBSQLite

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The market database: one SQLite file holding every series a backtest reads (the schema is
/// in ``Schema`` and the README's "Database schema" section).
///
/// A `Sendable` value over a GRDB database writer, migrated when opened (the GRDB demo's
/// `AppDatabase` pattern). Files are opened in WAL mode with `synchronous = NORMAL` and foreign
/// keys on; every write is one transaction, so a crash or `kill -9` leaves the database as it
/// was before the interrupted write.
///
/// Reads implement ``MarketDataSource``; they return canonical units (prices in currency;
/// volatilities, rates and yields as annualised decimals; rates continuously compounded).
public struct MarketDatabase: MarketDataSource {
  package let writer: any DatabaseWriter
  /// The file path, or `":memory:"`.
  public let path: String
  /// Seconds a statement waits for another process's lock.
  let busyTimeout: Double

  /// `PRAGMA application_id` of a HedgeLab database: "HdLb" in ASCII. Set when the database
  /// is created (or first opened by a version that knows it), so another application's SQLite
  /// file is recognised before anything is written into it.
  public static let applicationID: Int32 = 0x4864_4C62

  /// How long a write waits for another process's lock before giving up, in seconds.
  public static let defaultBusyTimeout: Double = 10

  /// Opens (creating if needed) the database at `path` and brings its schema up to date.
  /// - Parameter busyTimeout: seconds to wait for another process's lock before a statement
  ///   fails with `MarketDataError.databaseBusy`.
  /// - Throws: `MarketDataError.databaseUnreadable` for a file that is not SQLite,
  ///   `.notAHedgeLabDatabase` for another application's SQLite file, `.databaseNotWritable`
  ///   when it cannot be created, `.databaseBusy` when it stays locked.
  public init(path: String, busyTimeout: Double = MarketDatabase.defaultBusyTimeout) throws {
    var configuration = Configuration()
    configuration.journalMode = .wal
    configuration.busyMode = .timeout(busyTimeout)
    configuration.foreignKeysEnabled = true
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
    }
    let queue: DatabaseQueue
    do {
      try Self.requireHedgeLabDatabase(at: path)
      queue = try DatabaseQueue(path: path, configuration: configuration)
    } catch let error as DatabaseError {
      throw MarketDatabase.classify(error, path: path, busyTimeout: busyTimeout)
    }
    try self.init(writer: queue, path: path, busyTimeout: busyTimeout)
  }

  /// Opens an existing database for reading (and migrates it).
  /// - Throws: `MarketDataError.databaseNotFound` when there is no file at `path`.
  public static func open(existingAt path: String) throws -> MarketDatabase {
    guard FileManager.default.fileExists(atPath: path) else {
      throw MarketDataError.databaseNotFound(path: path)
    }
    return try MarketDatabase(path: path)
  }

  /// A fresh database in memory, with the production schema (for tests).
  public static func inMemory() throws -> MarketDatabase {
    try MarketDatabase(writer: DatabaseQueue(), path: ":memory:")
  }

  init(writer: any DatabaseWriter, path: String, busyTimeout: Double = MarketDatabase.defaultBusyTimeout) throws {
    self.writer = writer
    self.path = path
    self.busyTimeout = busyTimeout
    do {
      try Schema.migrator.migrate(writer)
      // A read-only file that predates the application id keeps working without it.
      try? writer.write { db in
        if try Int32.fetchOne(db, sql: "PRAGMA application_id") != Self.applicationID {
          try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
        }
      }
    } catch let error as DatabaseError {
      throw MarketDatabase.classify(error, path: path, busyTimeout: busyTimeout)
    }
  }

  /// True when the file's SQLite header (its first 100 bytes) carries HedgeLab's application
  /// id (big-endian at offset 68): the fast path, without opening a connection. A header not
  /// yet checkpointed from the write-ahead log falls back to the full check.
  private static func headerHasApplicationID(_ path: String) -> Bool {
    #if canImport(Glibc)
      let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK)
    #else
      let fd = Darwin.open(path, O_RDONLY | O_NONBLOCK)
    #endif
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var header = [UInt8](repeating: 0, count: 100)
    #if canImport(Glibc)
      let count = Glibc.read(fd, &header, 100)
    #else
      let count = Darwin.read(fd, &header, 100)
    #endif
    guard count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else { return false }
    let id = header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    return id == UInt32(bitPattern: applicationID)
  }

  /// Refuses an SQLite file that another application wrote: one with tables but neither
  /// HedgeLab's application id nor HedgeLab's migrations table (databases written before the
  /// application id was set have the latter).
  /// The check runs on a read-only connection before the file is opened for writing, so a
  /// refused file is not even switched to WAL mode.
  private static func requireHedgeLabDatabase(at path: String) throws {
    var info = stat()
    guard stat(path, &info) == 0, info.st_size > 0 else { return }
    if headerHasApplicationID(path) { return }
    var configuration = Configuration()
    configuration.readonly = true
    let reader = try DatabaseQueue(path: path, configuration: configuration)
    defer { try? reader.close() }
    let tables: [String] = try reader.read { db in
      let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
      if id == applicationID { return [] }
      let names = try String.fetchAll(
        db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
      if names.isEmpty { return [] }
      if id == 0, names.contains("grdb_migrations"),
        try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations").contains("v1-schema")
      {
        return []
      }
      return names
    }
    if !tables.isEmpty { throw MarketDataError.notAHedgeLabDatabase(path: path, tables: tables) }
  }

  /// SQLite's `PRAGMA integrity_check`: `"ok"`, or the problems found, one per line.
  public func integrityCheck() throws -> String {
    try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
  }

  /// The names of the migrations applied to this database, in order.
  public func appliedMigrations() throws -> [String] {
    try writer.read { db in try Schema.migrator.appliedMigrations(db) }
  }

  package static func classify(_ error: DatabaseError, path: String, busyTimeout: Double = MarketDatabase.defaultBusyTimeout)
    -> MarketDataError
  {
    switch error.resultCode {
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      return .databaseBusy(path: path, seconds: Int(exactly: busyTimeout.rounded()) ?? 0)
    case .SQLITE_NOTADB, .SQLITE_CORRUPT:
      return .databaseUnreadable(path: path, reason: error.message ?? "not an SQLite database")
    case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_PERM:
      return .databaseNotWritable(path: path, reason: error.message ?? "\(error.resultCode)")
    default:
      return .databaseUnreadable(path: path, reason: error.description)
    }
  }

  /// Runs a read, mapping SQLite failures to `MarketDataError`.
  package func read<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try writer.read { db in try body(db) }
    } catch let error as DatabaseError {
      throw MarketDatabase.classify(error, path: path)
    }
  }

  // MARK: - MarketDataSource

  private static let lowest = "0000-01-01"
  private static let highest = "9999-12-31"

  private func bounds(_ from: Day?, _ to: Day?) -> [String] {
    [from?.description ?? Self.lowest, to?.description ?? Self.highest]
  }

  /// Throws `unknownSeries` unless the catalogue lists `name` under `kind`.
  private func requireSeries(_ db: Database, _ kind: SeriesKind, _ name: String) throws {
    var found = false
    try SQLiteRaw.forEachRow(
      db, sql: "SELECT 1 FROM series WHERE kind = ?1 AND symbol = ?2", arguments: [kind.rawValue, name]
    ) { _ in found = true }
    if found { return }
    var available = [String]()
    try SQLiteRaw.forEachRow(
      db, sql: "SELECT symbol FROM series WHERE kind = ?1 ORDER BY symbol", arguments: [kind.rawValue]
    ) { s in available.append(SQLiteRaw.text(s, 0)) }
    throw MarketDataError.unknownSeries(kind: kind, name: name, available: available)
  }

  /// A daily series from a `SELECT day, value` query with parameters `(name, from, to)`.
  private func dailySeries(_ kind: SeriesKind, _ name: String, sql: String, extra: [String] = [], from: Day?, to: Day?)
    throws -> DailySeries
  {
    try read { db in
      try requireSeries(db, kind, name)
      var days = [Day]()
      var values = [Double]()
      try SQLiteRaw.forEachRow(db, sql: sql, arguments: [name] + bounds(from, to) + extra) { s in
        guard let day = SQLiteRaw.day(s, 0) else { return }
        days.append(day)
        values.append(sqlite3_column_double(s, 1))
      }
      return DailySeries(name: name, days: days, values: values)
    }
  }

  public func closes(of symbol: String, from: Day?, to: Day?) throws -> DailySeries {
    try dailySeries(
      .price, symbol,
      sql: "SELECT day, close FROM priceBar WHERE symbol = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day",
      from: from, to: to)
  }

  /// The tenors (calendar days) at which `symbol` has at-the-money (moneyness 1.0) points.
  public func atTheMoneyTenors(of symbol: String) throws -> [Int] {
    try read { db in
      try requireSeries(db, .impliedVolatility, symbol)
      var tenors = [Int]()
      try SQLiteRaw.forEachRow(
        db,
        sql: "SELECT DISTINCT tenorDays FROM impliedVolatility WHERE symbol = ?1 AND moneyness = 1.0 ORDER BY tenorDays",
        arguments: [symbol]
      ) { s in tenors.append(Int(sqlite3_column_int64(s, 0))) }
      return tenors
    }
  }

  /// The at-the-money series at the stored tenor nearest to `tenorDays` (the shorter one on a
  /// tie; the shortest when `tenorDays` is `nil`).
  public func atTheMoneyVolatility(of symbol: String, tenorDays: Int?, from: Day?, to: Day?) throws
    -> DailySeries
  {
    let tenors = try atTheMoneyTenors(of: symbol)
    guard let first = tenors.first else {
      return DailySeries(name: symbol, days: [], values: [])
    }
    var chosen = first
    if let wanted = tenorDays {
      for t in tenors where abs(t - wanted) < abs(chosen - wanted) { chosen = t }
    }
    return try dailySeries(
      .impliedVolatility, symbol,
      sql: """
        SELECT day, volatility FROM impliedVolatility
        WHERE symbol = ?1 AND day BETWEEN ?2 AND ?3 AND tenorDays = ?4 AND moneyness = 1.0
        ORDER BY day
        """,
      extra: [String(chosen)], from: from, to: to)
  }

  public func volatilityPoints(of symbol: String, on day: Day) throws -> [VolatilityPoint] {
    try read { db in
      var points = [VolatilityPoint]()
      try SQLiteRaw.forEachRow(
        db,
        sql: """
          SELECT tenorDays, moneyness, volatility FROM impliedVolatility
          WHERE symbol = ?1 AND day = ?2 ORDER BY tenorDays, moneyness
          """,
        arguments: [symbol, day.description]
      ) { s in
        points.append(
          VolatilityPoint(
            day: day, tenorDays: Int(sqlite3_column_int64(s, 0)), moneyness: sqlite3_column_double(s, 1),
            volatility: sqlite3_column_double(s, 2)))
      }
      return points
    }
  }

  /// Every implied-volatility point of `symbol` in the range, ordered by day, tenor and
  /// moneyness: the whole surface history in one range scan.
  public func volatilitySurfaces(of symbol: String, from: Day?, to: Day?) throws -> [VolatilityPoint] {
    try read { db in
      try requireSeries(db, .impliedVolatility, symbol)
      var points = [VolatilityPoint]()
      try SQLiteRaw.forEachRow(
        db,
        sql: """
          SELECT day, tenorDays, moneyness, volatility FROM impliedVolatility
          WHERE symbol = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day, tenorDays, moneyness
          """,
        arguments: [symbol] + bounds(from, to)
      ) { s in
        guard let day = SQLiteRaw.day(s, 0) else { return }
        points.append(
          VolatilityPoint(
            day: day, tenorDays: Int(sqlite3_column_int64(s, 1)), moneyness: sqlite3_column_double(s, 2),
            volatility: sqlite3_column_double(s, 3)))
      }
      return points
    }
  }

  public func rates(_ name: String, from: Day?, to: Day?) throws -> DailySeries {
    try dailySeries(
      .rate, name,
      sql: "SELECT day, rate FROM rate WHERE name = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day",
      from: from, to: to)
  }

  public func dividendYields(of symbol: String, from: Day?, to: Day?) throws -> DailySeries {
    try dailySeries(
      .dividendYield, symbol,
      sql: "SELECT day, yield FROM dividendYield WHERE symbol = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day",
      from: from, to: to)
  }

  /// Cash dividends of `symbol` in the range; empty (not an error) for a symbol without any,
  /// as most symbols have none stored.
  public func cashDividends(of symbol: String, from: Day?, to: Day?) throws -> [CashDividend] {
    try read { db in
      var dividends = [CashDividend]()
      try SQLiteRaw.forEachRow(
        db,
        sql: "SELECT exDate, amount FROM cashDividend WHERE symbol = ?1 AND exDate BETWEEN ?2 AND ?3 ORDER BY exDate",
        arguments: [symbol] + bounds(from, to)
      ) { s in
        guard let day = SQLiteRaw.day(s, 0) else { return }
        dividends.append(CashDividend(exDate: day, amount: sqlite3_column_double(s, 1)))
      }
      return dividends
    }
  }
}
