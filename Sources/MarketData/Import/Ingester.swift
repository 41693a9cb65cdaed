import Dispatch
import Foundation
import GRDB
import GRDBSQLite

/// How far an ingest has got, for a progress line.
public struct IngestProgress: Sendable {
  public var bytesRead: Int
  public var totalBytes: Int
  /// Observations read so far (cells of a wide file).
  public var rows: Int
  /// Seconds since the ingest started.
  public var seconds: Double

  public var fraction: Double { totalBytes == 0 ? 1 : Double(bytesRead) / Double(totalBytes) }
}

/// What one ingest did.
public struct IngestSummary: Sendable, Equatable, CustomStringConvertible {
  public var file: String
  public var kind: SeriesKind
  /// SHA-256 of the file's bytes, lowercase hexadecimal.
  public var sha256: String
  /// Observations read: data rows of a long file, non-empty value cells of a wide one.
  public var rowsRead: Int
  /// Rows stored that were not in the database.
  public var inserted: Int
  /// Rows already in the database whose values this file changed.
  public var changed: Int
  /// Rows already in the database with exactly these values.
  public var unchanged: Int
  /// Rows repeating an earlier row of the same file with the same values (stored once).
  public var duplicatesIgnored: Int
  /// Rows (or cells) rejected; non-zero only with `skipInvalid`.
  public var rejected: Int
  /// The symbols (or rate names) stored, sorted.
  public var series: [String]
  public var seconds: Double
  public var rejectsPath: String?

  /// Rows stored: inserted, changed or unchanged.
  public var accepted: Int { inserted + changed + unchanged }

  /// The one-line summary `hedgelab ingest` prints.
  public var description: String {
    let names = series.count <= 5 ? series.joined(separator: ", ") : series.prefix(5).joined(separator: ", ") + ", …"
    var text =
      "\(file): \(rowsRead) rows read: \(inserted) new, \(changed) changed, \(unchanged) unchanged, \(rejected) rejected"
    if duplicatesIgnored > 0 { text += ", \(duplicatesIgnored) repeated rows ignored" }
    text += "; \(series.count) \(kind.rawValue) series (\(names))"
    text += String(format: " in %.2f s", seconds)
    if let rejectsPath, rejected > 0 { text += "; rejects written to \(rejectsPath)" }
    return text
  }
}

extension MarketDatabase {
  /// Loads one CSV file into the database, in one transaction: every valid row or none.
  ///
  /// Rows are upserted on their primary key: a row already stored with the same values is left
  /// alone (`unchanged`), so re-ingesting a file changes nothing; a corrected file updates the
  /// rows whose values differ (`changed`). Every run that stores rows adds one `ingestLog` row.
  ///
  /// Without `options.skipInvalid`, any invalid row aborts the whole file with
  /// `IngestError.invalidRows` (the first 20 problems and the total count), leaving the
  /// database exactly as it was.
  ///
  /// - Parameter progress: called about every 64 Ki rows (at most a few times a second).
  public func ingest(
    file path: String, options: IngestOptions, progress: ((IngestProgress) -> Void)? = nil
  ) throws -> IngestSummary {
    var paths = [FileIdentity.NamedPath("FILE", path, .input)]
    if self.path != ":memory:" { paths += FileIdentity.NamedPath.database("--db", self.path) }
    if let rejects = options.rejectsPath { paths.append(FileIdentity.NamedPath("--rejects", rejects, .output)) }
    if let clash = FileIdentity.firstClash(paths) {
      throw IngestError.invalidOptions(path: path, reason: FileIdentity.clashMessage(clash))
    }
    let file = try MappedFile(path: path)
    let ingester = try Ingester(path: path, file: file, options: options, database: self.path)
    do {
      return try writer.writeWithoutTransaction { db in
        try ingester.run(db, progress: progress)
      }
    } catch let error as DatabaseError {
      if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
        throw MarketDatabase.classify(error, path: self.path, busyTimeout: busyTimeout)
      }
      throw IngestError.databaseWriteFailed(database: self.path, reason: error.message ?? error.description)
    }
  }
}

/// One parsed observation, ready to bind.
private struct Observation {
  var symbol: Int32 = 0
  var series: Int32 = 0
  var day = Day(daysSinceEpoch: 0)
  var tenor: Int = 0
  var moneyness: Double = 0
  /// Close, volatility, continuously compounded rate, yield or amount.
  var value: Double = 0
  /// A rate as quoted (decimal, before conversion).
  var quoted: Double = 0
  var open: Double? = nil
  var high: Double? = nil
  var low: Double? = nil
  var volume: Double? = nil
}

private struct SeriesKey: Hashable {
  var symbol: Int32
  var tenor: Int32
  var moneyness: UInt64
}

/// Days already stored per series during one ingest, to catch a key repeated within the file.
/// Files are usually in date order, so the check is one comparison with the last day; a
/// series that goes back in time switches to a set of its days.
private struct SeriesDays {
  var last = Int.min
  var days: [Int32] = []
  var set: Set<Int32>? = nil

  mutating func contains(_ day: Int) -> Bool {
    if day > last { return false }
    if set == nil { set = Set(days) }
    return set!.contains(Int32(truncatingIfNeeded: day))
  }

  mutating func record(_ day: Int) {
    let d = Int32(truncatingIfNeeded: day)
    days.append(d)
    set?.insert(d)
    if day > last { last = day }
  }
}

/// Interned symbols, with stable byte storage to bind without copying.
private final class SymbolTable {
  private var ids: [String: Int32] = [:]
  private(set) var names: [String] = []
  private(set) var bytes: [UnsafeMutablePointer<UInt8>] = []
  private(set) var lengths: [Int] = []
  private var lastStart = 0
  private var lastLength = -1
  private var lastID: Int32 = 0
  private var lastBase: UnsafePointer<UInt8>? = nil

  deinit { for b in bytes { b.deallocate() } }

  func id(_ name: String) -> Int32 {
    if let id = ids[name] { return id }
    let id = Int32(names.count)
    ids[name] = id
    names.append(name)
    let utf8 = Array(name.utf8)
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(utf8.count, 1))
    p.initialize(from: utf8, count: utf8.count)
    bytes.append(p)
    lengths.append(utf8.count)
    return id
  }

  /// The id of the symbol spelled by bytes `[start, end)` of `base`, remembering the last one
  /// (long files repeat a symbol on consecutive rows).
  @inline(__always)
  func id(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
    let n = end - start
    if n == lastLength, let lb = lastBase, memcmp(base + start, lb + lastStart, n) == 0 {
      lastStart = start
      return lastID
    }
    let name = String(decoding: UnsafeBufferPointer(start: base + start, count: n), as: UTF8.self)
    let id = id(name)
    lastBase = base
    lastStart = start
    lastLength = n
    lastID = id
    return id
  }
}

/// Writes rejected rows as CSV: `line,column,reason,record`, to a temporary file in the
/// destination's folder that `finish` renames over the destination: a failed ingest leaves
/// the destination as it was.
private final class RejectsWriter {
  let path: String
  private let temporary: String
  private let handle: UnsafeMutablePointer<FILE>
  private var renamed = false
  private(set) var failed: String? = nil

  init(path: String) throws(IngestError) {
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    temporary = "\(folder).\(name).\(getpid()).tmp"
    guard let h = fopen(temporary, "w") else {
      throw .cannotWriteRejects(path: path, reason: String(cString: strerror(errno)))
    }
    handle = h
    self.path = path
    write("line,column,reason,record\n")
  }

  deinit {
    fclose(handle)
    if !renamed { unlink(temporary) }
  }

  private func write(_ text: String) {
    var text = text
    text.withUTF8 { b in
      if fwrite(b.baseAddress, 1, b.count, handle) != b.count, failed == nil {
        failed = String(cString: strerror(errno))
      }
    }
  }

  static func quoted(_ field: String) -> String { CSVText.field(field) }

  func reject(line: Int, column: String?, reason: String, record: String) {
    write("\(line),\(Self.quoted(column ?? "")),\(Self.quoted(reason)),\(Self.quoted(record))\n")
  }

  /// Flushes the rows written; `commit` then puts them in place.
  func finish() throws(IngestError) {
    if fflush(handle) != 0, failed == nil { failed = String(cString: strerror(errno)) }
    if let failed { throw .cannotWriteRejects(path: path, reason: failed) }
  }

  /// Renames the temporary file over the destination (after the database commit).
  func commit() throws(IngestError) {
    guard rename(temporary, path) == 0 else {
      throw .cannotWriteRejects(path: path, reason: String(cString: strerror(errno)))
    }
    renamed = true
  }
}

/// Computes a SHA-256 on another thread while the file is parsed and stored.
/// It holds the mapping alive until the digest is done, even when the ingest fails first.
private final class BackgroundDigest: @unchecked Sendable {
  private let file: MappedFile
  private let group = DispatchGroup()
  private var result = ""

  init(file: MappedFile) {
    self.file = file
    group.enter()
    DispatchQueue.global(qos: .userInitiated).async { [self] in
      result = SHA256.hex(of: self.file.base, count: self.file.count)
      group.leave()
    }
  }

  var value: String {
    group.wait()
    return result
  }
}

/// The ingest of one file: parse, validate, upsert.
private final class Ingester {
  let path: String
  let file: MappedFile
  let options: IngestOptions
  let kind: SeriesKind
  let database: String
  var map: ColumnMap
  var headerScanner: CSVScanner
  /// True when volatilities, rates or yields are quoted in percent: the parser moves the
  /// decimal point (17.24 gives exactly 0.1724).
  let percent: Bool
  /// 100 for percent, else 1: turns stored decimals back into the file's unit in messages.
  let divisor: Double

  // Results.
  var rowsRead = 0
  var inserted = 0
  var changed = 0
  var unchanged = 0
  var duplicates = 0
  var problemCount = 0
  var problems: [IngestProblem] = []
  var rejects: RejectsWriter?

  let symbols = SymbolTable()
  var touched: [Bool] = []
  var seriesIndex: [SeriesKey: Int32] = [:]
  var seriesDays: [SeriesDays] = []
  var lastKey = SeriesKey(symbol: -1, tenor: -1, moneyness: 0)
  var lastSeries: Int32 = -1

  init(path: String, file: MappedFile, options: IngestOptions, database: String) throws(IngestError) {
    self.path = path
    self.file = file
    self.options = options
    self.kind = options.kind
    self.database = database
    var scanner = CSVScanner(base: file.base, count: file.count)
    var fields: [CSVField] = []
    let gotHeader: Bool
    do { gotHeader = try scanner.next(into: &fields) } catch {
      throw .invalidRows(
        path: path, problems: [IngestProblem(file: path, line: error.line, column: nil, reason: error.reason)], total: 1)
    }
    guard gotHeader else { throw .emptyFile(path: path) }
    let header = fields.map { scanner.text($0) }
    for (i, name) in header.enumerated() {
      let f = fields[i]
      let looksLikeData = ByteParsing.double(file.base, f.start, f.end) != nil
        || DateFormat.allCases.contains { ByteParsing.day(file.base, f.start, f.end, format: $0) != nil }
      if looksLikeData { throw .missingHeader(path: path, firstField: name) }
    }
    map = try ColumnMap.resolve(header: header, options: options, path: path)
    headerScanner = scanner
    switch kind {
    case .rate, .dividendYield:
      guard let unit = options.unit else {
        throw .invalidOptions(
          path: path,
          reason: "\(kind == .rate ? "rates" : "dividend yields") need --unit percent or --unit decimal (0.05 could be 5 % or 0.05 %)")
      }
      divisor = unit == .percent ? 100 : 1
      percent = unit == .percent
    case .impliedVolatility:
      divisor = options.unit == .percent ? 100 : 1
      percent = options.unit == .percent
    default:
      if options.unit != nil {
        throw .invalidOptions(path: path, reason: "--unit applies to implied volatilities, rates and dividend yields only")
      }
      divisor = 1
      percent = false
    }
    if kind == .rate, options.rateConvention == nil {
      throw .invalidOptions(
        path: path,
        reason: "rates need --rate-convention (continuous, simple, bond-equivalent or annual); US Treasury yields such as GS3M are bond-equivalent")
    } else if kind != .rate, options.rateConvention != nil {
      throw .invalidOptions(path: path, reason: "--rate-convention applies to rates only")
    }
    if let t = options.tenorDays, !(1...36_500).contains(t) {
      throw .invalidOptions(path: path, reason: "tenor (\(t) days) must be between 1 and 36500 days")
    }
    if let m = options.moneyness, !(m > 0 && m <= 10) {
      throw .invalidOptions(path: path, reason: "moneyness (\(m)) must be a strike / spot ratio between 0 and 10")
    }
    if options.skipInvalid != (options.rejectsPath != nil) {
      throw .invalidOptions(path: path, reason: "--skip-invalid and --rejects PATH go together: pass both or neither")
    }
    try checkUnitPlausible()
  }

  // MARK: Unit safety

  /// Refuses volatilities, rates and yields whose values do not fit the declared unit (or
  /// decimal, when none is declared), in both directions, unless `options.forceUnit`. Reads
  /// the first 10,000 values as written in the file; the median and the largest magnitude
  /// decide (``UnitPlausibility``).
  private func checkUnitPlausible() throws(IngestError) {
    guard !options.forceUnit, let rule = UnitPlausibility(kind: kind) else { return }
    var scanner = headerScanner
    var fields: [CSVField] = []
    var values: [Double] = []
    let columns = map.valueColumns
    while values.count < 10_000 {
      guard let more = try? scanner.next(into: &fields) else { continue }
      if !more { break }
      for c in columns where c < fields.count {
        if let v = ByteParsing.double(file.base, fields[c].start, fields[c].end), v.isFinite { values.append(v.magnitude) }
      }
    }
    guard !values.isEmpty else { return }
    values.sort()
    let median = values[values.count / 2]
    let largest = values[values.count - 1]
    guard let looksLike = rule.implausible(declared: options.unit ?? .decimal, median: median, largest: largest) else { return }
    let column = map.wide.isEmpty ? "column '\(Excerpt.text(map.header[map.value]))'" : "the \(map.wide.count) symbol columns"
    throw .implausibleUnit(
      path: path, kind: kind, column: column, declared: options.unit, looksLike: looksLike, median: median,
      largest: largest)
  }

  // MARK: Problems

  private func problem(
    _ scanner: CSVScanner, line: Int, column: String?, _ reason: String
  ) {
    problemCount += 1
    let text = column.map { "column '\(Excerpt.text($0))': \(reason)" } ?? reason
    if problems.count < IngestError.listedProblems {
      problems.append(IngestProblem(file: path, line: line, column: column, reason: text))
    }
    rejects?.reject(line: line, column: column, reason: reason, record: scanner.recordText())
  }

  private func dateProblem(_ f: CSVField) -> String {
    let text = fieldText(f)
    var reason = "date '\(text)' is not a date of the form \(options.dateFormat.pattern)"
    for other in DateFormat.allCases where other != options.dateFormat {
      if ByteParsing.day(file.base, f.start, f.end, format: other) != nil {
        reason += "; it reads as \(other.pattern): pass --date-format \(other.rawValue)"
        return reason
      }
    }
    if options.dateFormat == .iso, text.count == 10, text.split(separator: "-").count == 3 {
      reason = "date '\(text)' does not exist in the calendar"
    }
    return reason
  }

  /// A field's text for a message: escaped and shortened (``Excerpt``).
  private func fieldText(_ f: CSVField) -> String {
    Excerpt.text(String(decoding: UnsafeBufferPointer(start: file.base + f.start, count: f.end - f.start), as: UTF8.self))
  }

  // MARK: Statements

  private struct Statements {
    /// Inserts `Ingester.batchSize` rows at once (`ON CONFLICT DO NOTHING`).
    var insertBatch: OpaquePointer
    /// Inserts one row (`ON CONFLICT DO NOTHING`).
    var insert: OpaquePointer
    /// Updates one existing row when its values differ.
    var update: OpaquePointer
    /// Reads one stored row's values.
    var select: OpaquePointer
  }

  /// Rows per multi-row INSERT: one statement execution for 32 rows costs far less than 32
  /// (measured: about 30 % faster overall than one row per statement).
  static let batchSize = 32

  /// Parameters per row: `?1` symbol, `?2` day, then the kind's values.
  private var parametersPerRow: Int32 {
    switch kind {
    case .price: return 7
    case .impliedVolatility: return 5
    case .rate: return 6
    case .dividendYield, .dividendCash: return 3
    }
  }

  private func sql() -> (insertBatch: String, insert: String, update: String, select: String) {
    let table = kind.table
    let valueColumns: [(String, Int)]
    switch kind {
    case .price:
      var columns = [("close", 3)]
      if map.open != nil { columns.append(("open", 4)) }
      if map.high != nil { columns.append(("high", 5)) }
      if map.low != nil { columns.append(("low", 6)) }
      if map.volume != nil { columns.append(("volume", 7)) }
      valueColumns = columns
    case .impliedVolatility: valueColumns = [("tenorDays", 3), ("moneyness", 4), ("volatility", 5)]
    case .rate: valueColumns = [("tenorDays", 3), ("rate", 4), ("quotedRate", 5), ("quoteConvention", 6)]
    case .dividendYield: valueColumns = [("yield", 3)]
    case .dividendCash: valueColumns = [("amount", 3)]
    }
    let names = ([table.symbolColumn, table.dayColumn] + valueColumns.map(\.0)).joined(separator: ", ")
    func tuple(_ row: Int) -> String {
      let b = row * Int(parametersPerRow)
      return "(" + ([1, 2] + valueColumns.map(\.1)).map { "?\(b + $0)" }.joined(separator: ", ") + ")"
    }
    let insertBatch = "INSERT INTO \(table.name) (\(names)) VALUES "
      + (0..<Self.batchSize).map(tuple).joined(separator: ", ") + " ON CONFLICT DO NOTHING"
    let insert = "INSERT INTO \(table.name) (\(names)) VALUES \(tuple(0)) ON CONFLICT DO NOTHING"
    // Key columns of the primary key, and the values an update may change.
    let keyColumns: [(String, Int)]
    let changing: [(String, Int)]
    switch kind {
    case .impliedVolatility:
      keyColumns = [(table.symbolColumn, 1), (table.dayColumn, 2), ("tenorDays", 3), ("moneyness", 4)]
      changing = [("volatility", 5)]
    default:
      keyColumns = [(table.symbolColumn, 1), (table.dayColumn, 2)]
      changing = valueColumns
    }
    let key = keyColumns.map { "\($0.0) = ?\($0.1)" }.joined(separator: " AND ")
    let set = changing.map { "\($0.0) = ?\($0.1)" }.joined(separator: ", ")
    let differs = changing.map { "\($0.0) IS NOT ?\($0.1)" }.joined(separator: " OR ")
    let update = "UPDATE \(table.name) SET \(set) WHERE \(key) AND (\(differs))"
    let selected: [String]
    switch kind {
    case .price: selected = valueColumns.map(\.0)
    case .rate: selected = ["quotedRate"]
    case .impliedVolatility: selected = ["volatility"]
    case .dividendYield: selected = ["yield"]
    case .dividendCash: selected = ["amount"]
    }
    let select = "SELECT \(selected.joined(separator: ", ")) FROM \(table.name) WHERE \(key)"
    return (insertBatch, insert, update, select)
  }

  /// Binds an observation's parameters at row `row` of a statement (`?1` symbol, `?2` day,
  /// then the kind's values, shifted by `row × parametersPerRow`). The day text must stay
  /// valid until the statement has run.
  @inline(__always)
  private func bind(_ s: OpaquePointer, _ o: Observation, dayText: UnsafePointer<UInt8>, row: Int32 = 0) {
    let b = row * parametersPerRow
    let sym = Int(o.symbol)
    SQLiteRaw.bindStaticText(s, b + 1, symbols.bytes[sym], symbols.lengths[sym])
    SQLiteRaw.bindStaticText(s, b + 2, dayText, 10)
    switch kind {
    case .price:
      sqlite3_bind_double(s, b + 3, o.value)
      if map.open != nil { SQLiteRaw.bind(s, b + 4, o.open) }
      if map.high != nil { SQLiteRaw.bind(s, b + 5, o.high) }
      if map.low != nil { SQLiteRaw.bind(s, b + 6, o.low) }
      if map.volume != nil { SQLiteRaw.bind(s, b + 7, o.volume) }
    case .impliedVolatility:
      sqlite3_bind_int64(s, b + 3, Int64(o.tenor))
      sqlite3_bind_double(s, b + 4, o.moneyness)
      sqlite3_bind_double(s, b + 5, o.value)
    case .rate:
      sqlite3_bind_int64(s, b + 3, Int64(o.tenor))
      sqlite3_bind_double(s, b + 4, o.value)
      sqlite3_bind_double(s, b + 5, o.quoted)
    case .dividendYield, .dividendCash:
      sqlite3_bind_double(s, b + 3, o.value)
    }
  }

  // MARK: Validation of one value

  /// Parses and checks the main value of a cell; returns a reason when it is invalid.
  @inline(__always)
  private func parseValue(_ f: CSVField, into o: inout Observation) -> String? {
    guard let value = ByteParsing.double(file.base, f.start, f.end, percent: percent) else {
      let (s, e) = ByteParsing.trimmed(file.base, f.start, f.end)
      return s == e ? "the value is empty" : "'\(fieldText(f))' is not a number"
    }
    // For messages: the number as parsed, or as written when in percent.
    let raw: String = percent ? fieldText(f).trimmingCharacters(in: .whitespaces) : "\(value)"
    switch kind {
    case .price:
      guard value > 0 else { return "price (\(raw)) must be positive" }
      o.value = value
    case .impliedVolatility:
      let v = value
      guard v > 0 else { return "implied volatility (\(raw)) must be positive" }
      guard v <= 5 else {
        let hint = options.unit == .percent ? "" : "; if the file is in percentage points, pass --unit percent"
        return "implied volatility (\(raw)) must be at most 5.0 (500 % a year) as a decimal\(hint)"
      }
      o.value = v
    case .rate:
      let q = value
      guard let r = options.rateConvention!.continuouslyCompounded(q, tenorDays: o.tenor), r >= -1, r <= 1 else {
        let hint = options.unit == .percent ? "" : "; if the file is in percent, pass --unit percent"
        return "rate (\(raw)) must be between -100 % and 100 % a year once converted to a decimal\(hint)"
      }
      o.quoted = q
      o.value = r
    case .dividendYield:
      let y = value
      guard y >= 0, y <= 1 else {
        let hint = options.unit == .percent ? "" : "; if the file is in percent, pass --unit percent"
        return "dividend yield (\(raw)) must be between 0 and 100 % a year as a decimal\(hint)"
      }
      o.value = y
    case .dividendCash:
      guard value > 0 else { return "cash dividend (\(raw)) must be positive" }
      o.value = value
    }
    return nil
  }

  /// An optional price column (open, high, low: positive; volume: non-negative).
  @inline(__always)
  private func optionalPrice(_ fields: [CSVField], _ index: Int?, volume: Bool, _ out: inout Double?) -> String? {
    guard let index else { return nil }
    let f = fields[index]
    let (s, e) = ByteParsing.trimmed(file.base, f.start, f.end)
    if s == e {
      out = nil
      return nil
    }
    guard let v = ByteParsing.double(file.base, f.start, f.end) else { return "'\(fieldText(f))' is not a number" }
    if volume {
      guard v >= 0 else { return "volume (\(v)) must not be negative" }
    } else {
      guard v > 0 else { return "price (\(v)) must be positive" }
    }
    out = v
    return nil
  }

  // MARK: Series bookkeeping

  @inline(__always)
  private func seriesID(_ key: SeriesKey) -> Int32 {
    if key == lastKey { return lastSeries }
    let id: Int32
    if let existing = seriesIndex[key] {
      id = existing
    } else {
      id = Int32(seriesDays.count)
      seriesIndex[key] = id
      seriesDays.append(SeriesDays())
    }
    lastKey = key
    lastSeries = id
    return id
  }

  // MARK: The run

  func run(_ db: Database, progress: ((IngestProgress) -> Void)?) throws -> IngestSummary {
    let started = Date()
    let clock = ContinuousClock()
    let start = clock.now
    let digest = BackgroundDigest(file: file)
    if let r = options.rejectsPath { rejects = try RejectsWriter(path: r) }
    guard let connection = db.sqliteConnection else {
      throw IngestError.databaseWriteFailed(database: database, reason: "the connection is closed")
    }
    let oldCache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
    try db.execute(sql: "PRAGMA cache_size = -262144")
    defer { try? db.execute(sql: "PRAGMA cache_size = \(oldCache)") }

    var summary: IngestSummary? = nil
    try db.inTransaction(.immediate) {
      let text = sql()
      let insertBatchStatement = try db.makeStatement(sql: text.insertBatch)
      let insertStatement = try db.makeStatement(sql: text.insert)
      let updateStatement = try db.makeStatement(sql: text.update)
      let selectStatement = try db.makeStatement(sql: text.select)
      let st = Statements(
        insertBatch: insertBatchStatement.sqliteStatement, insert: insertStatement.sqliteStatement,
        update: updateStatement.sqliteStatement, select: selectStatement.sqliteStatement)
      if kind == .rate {
        // The convention is the same for every row: bound once (bindings survive resets).
        let convention = options.rateConvention!.rawValue
        for row in 0..<Int32(Self.batchSize) { SQLiteRaw.bind(st.insertBatch, row * parametersPerRow + 6, convention) }
        SQLiteRaw.bind(st.insert, 6, convention)
        SQLiteRaw.bind(st.update, 6, convention)
      }
      try scan(st, connection, progress: progress, clock: clock, start: start)
      try flush(st, connection)
      if rowsRead == 0, problemCount == 0 { throw IngestError.noValues(path: path) }
      try rejects?.finish()
      if problemCount > 0, !options.skipInvalid { return .rollback }
      summary = try finish(db, started: started, digest: digest.value, seconds: (clock.now - start).seconds)
      return .commit
    }
    guard var summary else {
      throw IngestError.invalidRows(path: path, problems: problems, total: problemCount)
    }
    try rejects?.commit()
    summary.seconds = (clock.now - start).seconds  // including the commit
    return summary
  }

  private func scan(
    _ st: Statements, _ connection: OpaquePointer, progress: ((IngestProgress) -> Void)?,
    clock: ContinuousClock, start: ContinuousClock.Instant
  ) throws {
    var scanner = headerScanner
    var fields: [CSVField] = []
    fields.reserveCapacity(map.header.count + 1)
    let base = file.base
    let columnCount = map.header.count
    let dateFormat = options.dateFormat
    let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 16)
    defer { scratch.deallocate() }
    var anyRecord = false
    var records = 0

    // Constant parts of the key.
    var template = Observation()
    if let s = map.constantSymbol { template.symbol = symbols.id(s) }
    let wideSymbols = map.wide.map { symbols.id($0.symbol) }
    if let t = map.constantTenor { template.tenor = t }
    if let m = map.constantMoneyness { template.moneyness = m }

    while true {
      let more: Bool
      do { more = try scanner.next(into: &fields) } catch {
        anyRecord = true
        problem(scanner, line: error.line, column: nil, error.reason)
        continue
      }
      guard more else { break }
      anyRecord = true
      records += 1
      if records & 0xFFFF == 0, let progress {
        progress(
          IngestProgress(
            bytesRead: scanner.position, totalBytes: file.count, rows: rowsRead, seconds: (clock.now - start).seconds))
      }
      let line = scanner.recordLine
      guard fields.count == columnCount else {
        // A lone empty field is a line of blanks.
        if fields.count == 1, ByteParsing.trimmed(base, fields[0].start, fields[0].end).0 == fields[0].end { continue }
        rowsRead += 1
        problem(scanner, line: line, column: nil, "\(fields.count) field\(fields.count == 1 ? "" : "s"), but the header has \(columnCount) columns")
        continue
      }
      let df = fields[map.date]
      guard let day = ByteParsing.day(base, df.start, df.end, format: dateFormat) else {
        rowsRead += 1
        problem(scanner, line: line, column: map.header[map.date], dateProblem(df))
        continue
      }
      // The day as ISO text: the file's own bytes when they already are, else formatted.
      let (ds, de) = ByteParsing.trimmed(base, df.start, df.end)
      let dayIsStatic = dateFormat == .iso && de - ds == 10
      let dayText: UnsafePointer<UInt8>
      if dayIsStatic {
        dayText = base + ds
      } else {
        ByteParsing.writeISO(day, to: scratch)
        dayText = UnsafePointer(scratch)
      }
      var o = template
      o.day = day

      if map.wide.isEmpty {
        rowsRead += 1
        // Symbol.
        if let sc = map.symbol {
          let f = fields[sc]
          let (s, e) = f.quoted ? (f.start, f.end) : ByteParsing.trimmed(base, f.start, f.end)
          if let reason = SymbolName.problem(base, s, e, shown: scanner.text(f)) {
            problem(scanner, line: line, column: map.header[sc], reason)
            continue
          }
          o.symbol = symbols.id(base, s, e)
        }
        if let tc = map.tenor {
          let f = fields[tc]
          guard let t = ByteParsing.integer(base, f.start, f.end), t >= 1, t <= 36_500 else {
            problem(scanner, line: line, column: map.header[tc], "tenor ('\(fieldText(f))') must be a whole number of calendar days between 1 and 36500")
            continue
          }
          o.tenor = t
        }
        if let mc = map.moneyness {
          let f = fields[mc]
          guard let m = ByteParsing.double(base, f.start, f.end), m > 0, m <= 10 else {
            problem(scanner, line: line, column: map.header[mc], "moneyness ('\(fieldText(f))') must be a strike / spot ratio between 0 and 10")
            continue
          }
          o.moneyness = m
        }
        if let reason = parseValue(fields[map.value], into: &o) {
          problem(scanner, line: line, column: map.header[map.value], reason)
          continue
        }
        if kind == .price {
          var reason: String? = nil
          var bad = 0
          reason = optionalPrice(fields, map.open, volume: false, &o.open)
          if reason != nil { bad = map.open! }
          if reason == nil { reason = optionalPrice(fields, map.high, volume: false, &o.high); if reason != nil { bad = map.high! } }
          if reason == nil { reason = optionalPrice(fields, map.low, volume: false, &o.low); if reason != nil { bad = map.low! } }
          if reason == nil { reason = optionalPrice(fields, map.volume, volume: true, &o.volume); if reason != nil { bad = map.volume! } }
          if let reason {
            problem(scanner, line: line, column: map.header[bad], reason)
            continue
          }
        }
        try store(&o, st, connection, dayText: dayText, scanner: scanner, line: line, column: map.header[map.value])
      } else {
        for (k, entry) in map.wide.enumerated() {
          let f = fields[entry.column]
          let (s, e) = ByteParsing.trimmed(base, f.start, f.end)
          if s == e { continue }  // a missing value in a wide file
          rowsRead += 1
          o.symbol = wideSymbols[k]
          if let reason = parseValue(f, into: &o) {
            problem(scanner, line: line, column: entry.symbol, reason)
            continue
          }
          try store(&o, st, connection, dayText: dayText, scanner: scanner, line: line, column: entry.symbol)
        }
      }
    }
    if !anyRecord { throw IngestError.noDataRows(path: path) }
  }

  /// Rows waiting for the next multi-row INSERT, and their days as ISO text (16 bytes a slot).
  private var pending: [Observation] = []
  private lazy var pendingDays: UnsafeMutablePointer<UInt8> = .allocate(capacity: 16 * Self.batchSize)

  deinit { pendingDays.deallocate() }

  /// Checks a key repeated within the file, then queues the row for insertion.
  @inline(__always)
  private func store(
    _ o: inout Observation, _ st: Statements, _ connection: OpaquePointer,
    dayText: UnsafePointer<UInt8>, scanner: CSVScanner, line: Int, column: String
  ) throws {
    let key = SeriesKey(
      symbol: o.symbol, tenor: Int32(truncatingIfNeeded: o.tenor), moneyness: o.moneyness.bitPattern)
    let series = Int(seriesID(key))
    let dayNumber = o.day.daysSinceEpoch
    if seriesDays[series].contains(dayNumber) {
      // The same key earlier in this file: once the queue is written, the database holds
      // that row's values.
      try flush(st, connection)
      bind(st.select, o, dayText: dayText)
      let rc = sqlite3_step(st.select)
      var earlier: Double? = nil
      var same = false
      if rc == SQLITE_ROW {
        earlier = SQLiteRaw.double(st.select, 0)
        same = sameValues(st.select, o)
      }
      sqlite3_reset(st.select)
      guard rc == SQLITE_ROW || rc == SQLITE_DONE else { throw SQLiteRaw.error(rc, connection) }
      if same {
        duplicates += 1
      } else {
        let name = symbols.names[Int(o.symbol)]
        let keyText = kind == .impliedVolatility ? "\(name) \(o.day) tenor \(o.tenor) moneyness \(o.moneyness)" : "\(name) \(o.day)"
        let earlierText = earlier.map { "\(kind == .rate ? $0 * divisor : $0)" } ?? "another value"
        let here = kind == .rate ? o.quoted * divisor : o.value
        problem(scanner, line: line, column: column, "\(keyText) appears twice in the file with different values (\(earlierText) earlier, \(here) here); keep one row per date")
      }
      return
    }
    let slot = pending.count
    (pendingDays + 16 * slot).update(from: dayText, count: 10)
    pending.append(o)
    seriesDays[series].record(dayNumber)
    let sym = Int(o.symbol)
    if sym >= touched.count { touched.append(contentsOf: repeatElement(false, count: sym + 1 - touched.count)) }
    touched[sym] = true
    if pending.count == Self.batchSize { try flush(st, connection) }
  }

  /// Writes the queued rows: one multi-row INSERT for a full batch (one row at a time for the
  /// last, partial one), then, for rows that were already stored, an UPDATE that changes them
  /// only when their values differ. `sqlite3_changes` counts what each statement did.
  private func flush(_ st: Statements, _ connection: OpaquePointer) throws {
    let count = pending.count
    guard count > 0 else { return }
    defer { pending.removeAll(keepingCapacity: true) }
    if count == Self.batchSize {
      for (k, o) in pending.enumerated() { bind(st.insertBatch, o, dayText: pendingDays + 16 * k, row: Int32(k)) }
      let rc = sqlite3_step(st.insertBatch)
      sqlite3_reset(st.insertBatch)
      guard rc == SQLITE_DONE else { throw SQLiteRaw.error(rc, connection) }
      let stored = Int(sqlite3_changes(connection))
      inserted += stored
      guard stored < count else { return }
      // Some keys were already stored: a row inserted just now has exactly its values, so the
      // UPDATE changes only the older rows that differ.
      var updated = 0
      for (k, o) in pending.enumerated() {
        bind(st.update, o, dayText: pendingDays + 16 * k)
        let rc = sqlite3_step(st.update)
        sqlite3_reset(st.update)
        guard rc == SQLITE_DONE else { throw SQLiteRaw.error(rc, connection) }
        updated += Int(sqlite3_changes(connection))
      }
      changed += updated
      unchanged += count - stored - updated
      return
    }
    for (k, o) in pending.enumerated() {
      bind(st.insert, o, dayText: pendingDays + 16 * k)
      var rc = sqlite3_step(st.insert)
      sqlite3_reset(st.insert)
      guard rc == SQLITE_DONE else { throw SQLiteRaw.error(rc, connection) }
      if sqlite3_changes(connection) == 1 {
        inserted += 1
        continue
      }
      bind(st.update, o, dayText: pendingDays + 16 * k)
      rc = sqlite3_step(st.update)
      sqlite3_reset(st.update)
      guard rc == SQLITE_DONE else { throw SQLiteRaw.error(rc, connection) }
      if sqlite3_changes(connection) == 1 { changed += 1 } else { unchanged += 1 }
    }
  }

  /// True when the selected stored row has exactly `o`'s values.
  private func sameValues(_ s: OpaquePointer, _ o: Observation) -> Bool {
    switch kind {
    case .price:
      var i: Int32 = 0
      func next() -> Double? {
        defer { i += 1 }
        return SQLiteRaw.double(s, i)
      }
      guard next() == o.value else { return false }
      if map.open != nil, next() != o.open { return false }
      if map.high != nil, next() != o.high { return false }
      if map.low != nil, next() != o.low { return false }
      if map.volume != nil, next() != o.volume { return false }
      return true
    case .rate:
      return SQLiteRaw.double(s, 0) == o.quoted
    default:
      return SQLiteRaw.double(s, 0) == o.value
    }
  }

  // MARK: Catalogue and log

  private func finish(_ db: Database, started: Date, digest: String, seconds: Double) throws -> IngestSummary {
    let finished = Date()
    let iso = ISO8601DateFormatter()
    iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let optionsJSON = String(decoding: (try? encoder.encode(options)) ?? Data("{}".utf8), as: UTF8.self)
    try db.execute(
      sql: """
        INSERT INTO ingestLog (file, sha256, kind, options, rowsRead, rowsInserted, rowsChanged,
          rowsUnchanged, rowsRejected, startedAt, finishedAt)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        path, digest, kind.rawValue, optionsJSON, rowsRead, inserted, changed, unchanged, problemCount,
        iso.string(from: started), iso.string(from: finished),
      ])
    let logID = db.lastInsertedRowID
    var stored: [String] = []
    for (id, name) in symbols.names.enumerated() where id < touched.count && touched[id] {
      stored.append(name)
      try db.execute(
        sql: """
          INSERT INTO series (kind, symbol, unit, frequency, sourceFile, notes, lastIngestId)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (kind, symbol) DO UPDATE SET
            unit = excluded.unit, frequency = excluded.frequency, sourceFile = excluded.sourceFile,
            notes = excluded.notes, lastIngestId = excluded.lastIngestId
          """,
        arguments: [
          kind.rawValue, name, kind.storedUnit, options.dateFormat == .month ? "monthly" : "daily", path,
          notes(for: name), logID,
        ])
    }
    return IngestSummary(
      file: path, kind: kind, sha256: digest, rowsRead: rowsRead, inserted: inserted, changed: changed,
      unchanged: unchanged, duplicatesIgnored: duplicates, rejected: problemCount, series: stored.sorted(),
      seconds: seconds, rejectsPath: options.rejectsPath)
  }

  /// The catalogue note: the user's, or what was read and how it was converted.
  private func notes(for symbol: String) -> String {
    if let n = options.notes { return n }
    let base = (path as NSString).lastPathComponent
    let column = map.wide.isEmpty ? map.header[map.value] : symbol
    var parts = ["from \(base), column '\(column)'"]
    switch kind {
    case .impliedVolatility:
      if let t = map.constantTenor { parts.append("tenor \(t) days") }
      if let m = map.constantMoneyness { parts.append("moneyness (strike/spot) \(m)") }
      parts.append(options.unit == .percent ? "quoted in percent, divided by 100" : "quoted as decimals")
    case .rate:
      if let t = map.constantTenor { parts.append("tenor \(t) days") }
      parts.append(
        "quoted \(options.unit == .percent ? "in percent" : "as decimals"), \(options.rateConvention!.rawValue) compounding, stored continuously compounded (quotedRate keeps the quote as a decimal)")
    case .dividendYield:
      parts.append(options.unit == .percent ? "quoted in percent, divided by 100" : "quoted as decimals")
    case .price, .dividendCash:
      break
    }
    if options.dateFormat == .month { parts.append("monthly values, each stored on the first day of its month") }
    return parts.joined(separator: "; ")
  }
}

extension Duration {
  /// This duration in seconds.
  var seconds: Double {
    let (s, attoseconds) = components
    return Double(s) + Double(attoseconds) * 1e-18
  }
}
