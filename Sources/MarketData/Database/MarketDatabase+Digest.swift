import GRDB
import GRDBSQLite

extension MarketDatabase {
  /// Folds the write-ahead log into the database file (`PRAGMA wal_checkpoint(TRUNCATE)`), so
  /// that the file alone holds every committed row (to copy it as a whole).
  public func checkpoint() throws {
    do {
      try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    } catch let error as DatabaseError {
      throw MarketDatabase.classify(error, path: path)
    }
  }

  /// SHA-256 (lowercase hexadecimal) of everything the database holds: its schema
  /// (`sqlite_master`), its application id and every row of every table in key order, with
  /// each value's SQLite type. Two databases with the same digest hold the same data, whatever
  /// their pages or write-ahead log look like: the check that a refused command left the
  /// database as it was.
  public func contentDigest() throws -> String {
    try read { db in
      var bytes: [UInt8] = []
      func append(_ text: String) { bytes.append(contentsOf: text.utf8); bytes.append(0) }
      append("application_id \(try Int.fetchOne(db, sql: "PRAGMA application_id") ?? 0)")
      let tables = try Row.fetchAll(
        db, sql: "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
      for table in tables {
        let name: String = table["name"]
        append(name)
        append(table["sql"] ?? "")
        let isTable = try Bool.fetchOne(
          db, sql: "SELECT type = 'table' FROM sqlite_master WHERE name = ?", arguments: [name]) ?? false
        guard isTable else { continue }
        let columns = try db.columns(in: name).count
        let order = (1...max(columns, 1)).map(String.init).joined(separator: ", ")
        let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let statement = try db.makeStatement(sql: "SELECT * FROM \(quoted) ORDER BY \(order)")
        let s = statement.sqliteStatement
        while true {
          let rc = sqlite3_step(s)
          if rc == SQLITE_DONE { break }
          guard rc == SQLITE_ROW else { throw SQLiteRaw.error(rc, db.sqliteConnection!) }
          for c in 0..<sqlite3_column_count(s) {
            let type = sqlite3_column_type(s, c)
            bytes.append(UInt8(truncatingIfNeeded: type))
            switch type {
            case SQLITE_INTEGER: append(String(sqlite3_column_int64(s, c)))
            case SQLITE_FLOAT: append(String(sqlite3_column_double(s, c).bitPattern))
            case SQLITE_NULL: break
            default:
              let n = Int(sqlite3_column_bytes(s, c))
              if n > 0, let p = sqlite3_column_blob(s, c) {
                bytes.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n))
              }
              bytes.append(0)
            }
          }
        }
        sqlite3_reset(s)
      }
      return bytes.withUnsafeBufferPointer { SHA256.hex(of: $0.baseAddress!, count: $0.count) }
    }
  }
}
