import GRDB
import GRDBSQLite

/// Thin helpers over the SQLite C API, for the loops that read or write hundreds of thousands of
/// rows: binding and reading without boxing values into GRDB's `DatabaseValue`.
enum SQLiteRaw {
  /// `SQLITE_TRANSIENT`: SQLite copies the bound bytes before the call returns.
  nonisolated(unsafe) static let transient = unsafeBitCast(
    OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

  /// Binds UTF-8 bytes as TEXT, copied by SQLite.
  @inline(__always)
  static func bindText(
    _ statement: OpaquePointer, _ index: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int
  ) {
    bytes.withMemoryRebound(to: CChar.self, capacity: max(count, 1)) { p in
      _ = sqlite3_bind_text(statement, index, p, Int32(count), transient)
    }
  }

  /// Binds UTF-8 bytes as TEXT without a copy: they must stay valid until the statement is
  /// re-bound or finalised.
  @inline(__always)
  static func bindStaticText(
    _ statement: OpaquePointer, _ index: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int
  ) {
    bytes.withMemoryRebound(to: CChar.self, capacity: max(count, 1)) { p in
      _ = sqlite3_bind_text(statement, index, p, Int32(count), nil)
    }
  }

  /// Binds a Swift string as TEXT (copied).
  static func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String) {
    var text = text
    text.withUTF8 { buffer in
      bindText(statement, index, buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
    }
  }

  /// Binds a double, or NULL.
  @inline(__always)
  static func bind(_ statement: OpaquePointer, _ index: Int32, _ value: Double?) {
    if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
  }

  /// The day stored as ISO text in column `index`, or `nil` when the cell is not an ISO day.
  @inline(__always)
  static func day(_ statement: OpaquePointer, _ index: Int32) -> Day? {
    guard let text = sqlite3_column_text(statement, index) else { return nil }
    let n = Int(sqlite3_column_bytes(statement, index))
    return ByteParsing.isoDay(text, count: n)
  }

  /// Text of column `index` (empty for NULL).
  static func text(_ statement: OpaquePointer, _ index: Int32) -> String {
    guard let text = sqlite3_column_text(statement, index) else { return "" }
    let n = Int(sqlite3_column_bytes(statement, index))
    return String(decoding: UnsafeBufferPointer(start: text, count: n), as: UTF8.self)
  }

  /// Double of column `index`, or `nil` for NULL.
  @inline(__always)
  static func double(_ statement: OpaquePointer, _ index: Int32) -> Double? {
    sqlite3_column_type(statement, index) == SQLITE_NULL ? nil : sqlite3_column_double(statement, index)
  }

  /// Steps a statement that returns no row, throwing SQLite's error otherwise.
  @inline(__always)
  static func stepDone(_ statement: OpaquePointer, _ connection: OpaquePointer) throws {
    let rc = sqlite3_step(statement)
    guard rc == SQLITE_DONE else { throw error(rc, connection) }
  }

  static func error(_ rc: Int32, _ connection: OpaquePointer) -> DatabaseError {
    DatabaseError(
      resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(connection)))
  }

  /// Runs `body` for every row of a SELECT whose TEXT parameters are `arguments`.
  static func forEachRow(
    _ db: Database, sql: String, arguments: [String], _ body: (OpaquePointer) throws -> Void
  ) throws {
    let statement = try db.makeStatement(sql: sql)
    let s = statement.sqliteStatement
    for (i, a) in arguments.enumerated() { bind(s, Int32(i + 1), a) }
    guard let connection = db.sqliteConnection else { return }
    while true {
      let rc = sqlite3_step(s)
      if rc == SQLITE_DONE { break }
      guard rc == SQLITE_ROW else { throw error(rc, connection) }
      try body(s)
    }
    sqlite3_reset(s)
  }
}
