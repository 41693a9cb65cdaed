import GRDB
import GRDBSQLite

/// A hole in a series: no observation strictly between `after` and `before`.
public struct SeriesGap: Sendable, Equatable {
  /// The last day with a value before the hole.
  public var after: Day
  /// The first day with a value after it.
  public var before: Day
  /// Missing weekdays (Monday to Friday) strictly between the two days, for a daily series;
  /// missing months for a monthly one.
  public var missing: Int
}

/// One series of the catalogue with what is stored for it.
public struct SeriesSummary: Sendable, Equatable {
  public var kind: SeriesKind
  /// Symbol, or rate name.
  public var symbol: String
  /// The unit as stored (see ``SeriesKind/storedUnit``).
  public var unit: String
  /// `daily` or `monthly`.
  public var frequency: String
  public var sourceFile: String
  public var notes: String
  /// Stored rows (points of an implied-volatility surface).
  public var rows: Int
  /// Distinct days with a value.
  public var days: Int
  public var firstDay: Day?
  public var lastDay: Day?
  /// Holes longer than ``SeriesSummary/gapThreshold`` weekdays (daily series) or longer than
  /// one month (monthly series), and the longest of them.
  public var gapCount: Int
  public var longestGap: SeriesGap?
  /// For implied volatilities: the stored tenors (days) and moneyness levels.
  public var tenors: [Int]
  public var moneynessLevels: [Double]

  /// A daily series has a gap when more than this many weekdays are missing in a row.
  public static let gapThreshold = 5
}

extension Day {
  /// Weekdays (Monday–Friday) in `[1970-01-05, self)`, negative before; 1970-01-05 is a Monday.
  fileprivate var weekdaysSinceMonday19700105: Int {
    let k = daysSinceEpoch - 4
    let weeks = k >= 0 ? k / 7 : (k - 6) / 7
    let rest = k - weeks * 7
    return weeks * 5 + min(rest, 5)
  }

  /// Weekdays strictly between `self` and `later`.
  public func weekdays(until later: Day) -> Int {
    guard later.daysSinceEpoch > daysSinceEpoch + 1 else { return 0 }
    return later.weekdaysSinceMonday19700105 - (self + 1).weekdaysSinceMonday19700105
  }
}

extension MarketDatabase {
  /// Every series of the catalogue, ordered by kind (as in ``SeriesKind/allCases``) and symbol,
  /// with row counts, first and last days and gaps.
  public func catalogue() throws -> [SeriesSummary] {
    try read { db in
      var entries: [SeriesSummary] = []
      try SQLiteRaw.forEachRow(
        db, sql: "SELECT kind, symbol, unit, frequency, sourceFile, notes FROM series ORDER BY symbol", arguments: []
      ) { s in
        guard let kind = SeriesKind(rawValue: SQLiteRaw.text(s, 0)) else { return }
        entries.append(
          SeriesSummary(
            kind: kind, symbol: SQLiteRaw.text(s, 1), unit: SQLiteRaw.text(s, 2), frequency: SQLiteRaw.text(s, 3),
            sourceFile: SQLiteRaw.text(s, 4), notes: SQLiteRaw.text(s, 5), rows: 0, days: 0, firstDay: nil,
            lastDay: nil, gapCount: 0, longestGap: nil, tenors: [], moneynessLevels: []))
      }
      let order = Dictionary(uniqueKeysWithValues: SeriesKind.allCases.enumerated().map { ($1, $0) })
      entries.sort { (order[$0.kind]!, $0.symbol) < (order[$1.kind]!, $1.symbol) }
      for i in entries.indices { try fill(&entries[i], db) }
      return entries
    }
  }

  private func fill(_ entry: inout SeriesSummary, _ db: Database) throws {
    let (table, symbolColumn, dayColumn) = entry.kind.table
    let monthly = entry.frequency == "monthly"
    var previous: Day? = nil
    try SQLiteRaw.forEachRow(
      db, sql: "SELECT \(dayColumn) FROM \(table) WHERE \(symbolColumn) = ?1 ORDER BY \(dayColumn)",
      arguments: [entry.symbol]
    ) { s in
      entry.rows += 1
      guard let day = SQLiteRaw.day(s, 0), day != previous else { return }
      entry.days += 1
      if entry.firstDay == nil { entry.firstDay = day }
      entry.lastDay = day
      if let previous {
        let missing: Int
        if monthly {
          let (y0, m0, _) = previous.components
          let (y1, m1, _) = day.components
          missing = (y1 * 12 + m1) - (y0 * 12 + m0) - 1
        } else {
          missing = previous.weekdays(until: day)
        }
        if missing > (monthly ? 0 : SeriesSummary.gapThreshold) {
          entry.gapCount += 1
          if missing > (entry.longestGap?.missing ?? 0) {
            entry.longestGap = SeriesGap(after: previous, before: day, missing: missing)
          }
        }
      }
      previous = day
    }
    if entry.kind == .impliedVolatility {
      try SQLiteRaw.forEachRow(
        db, sql: "SELECT DISTINCT tenorDays FROM impliedVolatility WHERE symbol = ?1 ORDER BY 1", arguments: [entry.symbol]
      ) { s in entry.tenors.append(Int(sqlite3_column_int64(s, 0))) }
      try SQLiteRaw.forEachRow(
        db, sql: "SELECT DISTINCT moneyness FROM impliedVolatility WHERE symbol = ?1 ORDER BY 1", arguments: [entry.symbol]
      ) { s in entry.moneynessLevels.append(sqlite3_column_double(s, 0)) }
    }
  }

  /// The stored rows of one series as CSV text with a header, dates ascending, for
  /// `hedgelab data show`. Numbers are written in Swift's shortest round-trip form; NULL
  /// cells are empty.
  ///
  /// Columns: prices `date,open,high,low,close,volume`; implied volatilities
  /// `date,tenor_days,moneyness,iv`; rates `date,tenor_days,rate,quoted_rate,quote_convention`;
  /// dividend yields `date,yield`; cash dividends `ex_date,amount`.
  /// - Throws: `MarketDataError.unknownSeries` when the catalogue has no such series.
  public func csv(of kind: SeriesKind, symbol: String, from: Day?, to: Day?) throws -> String {
    try read { db in
      var found = false
      try SQLiteRaw.forEachRow(
        db, sql: "SELECT 1 FROM series WHERE kind = ?1 AND symbol = ?2", arguments: [kind.rawValue, symbol]
      ) { _ in found = true }
      guard found else {
        var available: [String] = []
        try SQLiteRaw.forEachRow(
          db, sql: "SELECT symbol FROM series WHERE kind = ?1 ORDER BY symbol", arguments: [kind.rawValue]
        ) { s in available.append(SQLiteRaw.text(s, 0)) }
        throw MarketDataError.unknownSeries(kind: kind, name: symbol, available: available)
      }
      let (header, sql): (String, String)
      switch kind {
      case .price:
        header = "date,open,high,low,close,volume"
        sql = "SELECT day, open, high, low, close, volume FROM priceBar WHERE symbol = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day"
      case .impliedVolatility:
        header = "date,tenor_days,moneyness,iv"
        sql = "SELECT day, tenorDays, moneyness, volatility FROM impliedVolatility WHERE symbol = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day, tenorDays, moneyness"
      case .rate:
        header = "date,tenor_days,rate,quoted_rate,quote_convention"
        sql = "SELECT day, tenorDays, rate, quotedRate, quoteConvention FROM rate WHERE name = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day"
      case .dividendYield:
        header = "date,yield"
        sql = "SELECT day, yield FROM dividendYield WHERE symbol = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day"
      case .dividendCash:
        header = "ex_date,amount"
        sql = "SELECT exDate, amount FROM cashDividend WHERE symbol = ?1 AND exDate BETWEEN ?2 AND ?3 ORDER BY exDate"
      }
      var out = header + "\n"
      try SQLiteRaw.forEachRow(
        db, sql: sql, arguments: [symbol, from?.description ?? "0000-01-01", to?.description ?? "9999-12-31"]
      ) { s in
        let n = sqlite3_column_count(s)
        for i in 0..<n {
          if i > 0 { out += "," }
          switch sqlite3_column_type(s, i) {
          case SQLITE_NULL: break
          case SQLITE_INTEGER: out += String(sqlite3_column_int64(s, i))
          case SQLITE_FLOAT: out += String(sqlite3_column_double(s, i))
          default: out += SQLiteRaw.text(s, i)
          }
        }
        out += "\n"
      }
      return out
    }
  }
}

/// One row of the `ingestLog` table.
public struct IngestLogEntry: Sendable, Equatable {
  public var id: Int
  public var file: String
  public var sha256: String
  public var kind: String
  public var rowsRead: Int
  public var rowsInserted: Int
  public var rowsChanged: Int
  public var rowsUnchanged: Int
  public var rowsRejected: Int
  /// ISO 8601 UTC times.
  public var startedAt: String
  public var finishedAt: String
}

extension MarketDatabase {
  /// Every ingest that stored rows, oldest first.
  public func ingestLog() throws -> [IngestLogEntry] {
    try read { db in
      var entries: [IngestLogEntry] = []
      try SQLiteRaw.forEachRow(
        db,
        sql: """
          SELECT id, file, sha256, kind, rowsRead, rowsInserted, rowsChanged, rowsUnchanged, rowsRejected,
            startedAt, finishedAt FROM ingestLog ORDER BY id
          """,
        arguments: []
      ) { s in
        func int(_ i: Int32) -> Int { Int(sqlite3_column_int64(s, i)) }
        entries.append(
          IngestLogEntry(
            id: int(0), file: SQLiteRaw.text(s, 1), sha256: SQLiteRaw.text(s, 2), kind: SQLiteRaw.text(s, 3),
            rowsRead: int(4), rowsInserted: int(5), rowsChanged: int(6), rowsUnchanged: int(7), rowsRejected: int(8),
            startedAt: SQLiteRaw.text(s, 9), finishedAt: SQLiteRaw.text(s, 10)))
      }
      return entries
    }
  }

  /// The number of rows stored for `kind`, every symbol together.
  public func rowCount(_ kind: SeriesKind) throws -> Int {
    try read { db in
      var n = 0
      try SQLiteRaw.forEachRow(db, sql: "SELECT count(*) FROM \(kind.table.name)", arguments: []) { s in
        n = Int(sqlite3_column_int64(s, 0))
      }
      return n
    }
  }
}
