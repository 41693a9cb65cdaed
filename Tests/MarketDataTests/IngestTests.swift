import Foundation
import GRDB
import HedgeLabTestSupport
import Testing

@testable import MarketData

/// A temporary folder for one test's files, removed when the value is released.
final class ScratchFolder {
  let url: URL

  init() {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("hedgelab-md-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// Writes `contents` to `name` and returns its path.
  @discardableResult
  func file(_ name: String, _ contents: String) -> String {
    let path = url.appendingPathComponent(name).path
    _ = FileManager.default.createFile(atPath: path, contents: Data(contents.utf8))
    return path
  }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

private func priceOptions(_ symbol: String = "SPX") -> IngestOptions {
  var o = IngestOptions(kind: .price)
  o.symbol = symbol
  return o
}

/// The full message of an ingest failure, or a note that it did not fail.
private func failure(_ body: () throws -> Void) -> String {
  do {
    try body()
    return "(no error)"
  } catch {
    return String(describing: error)
  }
}

@Suite("Ingest: storing files, upserts, and the ingest log")
struct IngestTests {
  @Test("a long price file is stored with its optional columns; re-ingesting it changes nothing")
  func storeAndReingest() throws {
    // Given
    let folder = ScratchFolder()
    let db = try MarketDatabase.inMemory()
    let path = folder.file(
      "spx.csv", "date,open,high,low,close,volume\n2020-01-02,3244.67,3258.14,3235.53,3257.85,3459930000\n2020-01-03,3226.36,3246.15,3222.34,3234.85,\n")
    // When
    let first = try db.ingest(file: path, options: priceOptions())
    let again = try db.ingest(file: path, options: priceOptions())
    // Then
    #expect(first.inserted == 2 && first.changed == 0 && first.unchanged == 0)
    #expect(again.inserted == 0 && again.changed == 0 && again.unchanged == 2)
    #expect(again.description.contains("0 new, 0 changed, 2 unchanged, 0 rejected"))
    #expect(try db.closes(of: "SPX", from: nil, to: nil).values == [3257.85, 3234.85])
    #expect(try db.rowCount(.price) == 2)
    let csv = try db.csv(of: .price, symbol: "SPX", from: nil, to: nil)
    #expect(csv == "date,open,high,low,close,volume\n2020-01-02,3244.67,3258.14,3235.53,3257.85,3459930000.0\n2020-01-03,3226.36,3246.15,3222.34,3234.85,\n")
    let log = try db.ingestLog()
    #expect(log.count == 2)
    #expect(log[0].sha256 == SHA256.hex(of: Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
    #expect(log[1].rowsUnchanged == 2 && log[1].rowsInserted == 0)
  }

  @Test("a corrected file updates only the rows that differ and says how many changed")
  func correctedFile() throws {
    let folder = ScratchFolder()
    let db = try MarketDatabase.inMemory()
    let original = folder.file("a.csv", "date,close\n2020-01-02,100\n2020-01-03,101\n2020-01-06,102\n")
    let corrected = folder.file("b.csv", "date,close\n2020-01-02,100\n2020-01-03,101.5\n2020-01-06,102.5\n2020-01-07,103\n")
    _ = try db.ingest(file: original, options: priceOptions())
    let summary = try db.ingest(file: corrected, options: priceOptions())
    #expect(summary.inserted == 1)
    #expect(summary.changed == 2)
    #expect(summary.unchanged == 1)
    #expect(try db.closes(of: "SPX", from: nil, to: nil).values == [100, 101.5, 102.5, 103])
  }

  @Test("a wide file stores one series per column and skips empty cells")
  func wideFile() throws {
    let folder = ScratchFolder()
    let db = try MarketDatabase.inMemory()
    let path = folder.file("w.csv", "date,AAA,BBB\n2020-01-02,1.5,\n2020-01-03,1.6,20\n")
    var o = IngestOptions(kind: .price)
    o.layout = .wide
    let s = try db.ingest(file: path, options: o)
    #expect(s.rowsRead == 3 && s.inserted == 3)
    #expect(s.series == ["AAA", "BBB"])
    #expect(try db.closes(of: "BBB", from: nil, to: nil).values == [20])
  }

  @Test("implied volatilities in percent are stored as decimals; without --unit they are refused")
  func percentVolatilities() throws {
    let folder = ScratchFolder()
    let db = try MarketDatabase.inMemory()
    let path = folder.file("vix.csv", "date,open,high,low,close\n2020-03-13,70,77,55,57.83\n2020-03-16,57.83,83.56,57.83,82.69\n")
    var o = IngestOptions(kind: .impliedVolatility)
    o.symbol = "VIX"
    o.valueColumn = "close"
    o.tenorDays = 30
    o.moneyness = 1
    #expect(
      throws: IngestError.implausibleUnit(
        path: path, kind: .impliedVolatility, column: "column 'close'", declared: nil, looksLike: .percent,
        median: 82.69, largest: 82.69)
    ) {
      try db.ingest(file: path, options: o)
    }
    #expect(
      failure { _ = try db.ingest(file: path, options: o) }
        == "\(path): implied volatilities in column 'close' look like percentage points, not decimals (median 82.69, which as a decimal would be 8269.0 % a year; read as decimals (no --unit)); pass --unit percent (17.24 means 17.24 %), or --force-unit if they really are decimals")
    o.unit = .percent
    _ = try db.ingest(file: path, options: o)
    let atm = try db.atTheMoneyVolatility(of: "VIX", tenorDays: 30, from: nil, to: nil)
    let expected: [Double] = [0.5783, 0.8269]
    #expect(atm.values == expected)
    #expect(try db.volatilityPoints(of: "VIX", on: Day(iso: "2020-03-16")!) == [
      VolatilityPoint(day: Day(iso: "2020-03-16")!, tenorDays: 30, moneyness: 1, volatility: expected[1])
    ])
  }

  @Test("long implied-volatility files with tenor and moneyness columns form a surface per day")
  func surface() throws {
    let folder = ScratchFolder()
    let db = try MarketDatabase.inMemory()
    let path = folder.file(
      "iv.csv",
      "date,symbol,tenor_days,moneyness,iv\n2020-01-02,HLX,30,0.9,0.25\n2020-01-02,HLX,30,1.0,0.2\n2020-01-02,HLX,91,1.0,0.21\n2020-01-03,HLX,30,1.0,0.19\n2020-01-03,HLX,91,1.0,0.2\n")
    _ = try db.ingest(file: path, options: IngestOptions(kind: .impliedVolatility))
    #expect(try db.volatilityPoints(of: "HLX", on: Day(iso: "2020-01-02")!).map(\.volatility) == [0.25, 0.2, 0.21])
    #expect(try db.atTheMoneyTenors(of: "HLX") == [30, 91])
    #expect(try db.atTheMoneyVolatility(of: "HLX", tenorDays: 80, from: nil, to: nil).values == [0.21, 0.2])
    #expect(try db.atTheMoneyVolatility(of: "HLX", tenorDays: nil, from: nil, to: nil).values == [0.2, 0.19])
    #expect(try db.volatilitySurfaces(of: "HLX", from: Day(iso: "2020-01-03"), to: nil).count == 2)
  }

  @Test("monthly percent rates in US Treasury bond-equivalent form are stored continuously compounded")
  func monthlyRates() throws {
    let folder = ScratchFolder()
    let db = try MarketDatabase.inMemory()
    let path = folder.file("gs3m.csv", "month,rate_pct\n1986-06,6.4\n1986-07,6.0\n")
    var o = IngestOptions(kind: .rate)
    o.symbol = "GS3M"
    o.dateFormat = .month
    o.unit = .percent
    o.rateConvention = .bondEquivalent
    o.tenorDays = 91
    _ = try db.ingest(file: path, options: o)
    let rates = try db.rates("GS3M", from: nil, to: nil)
    #expect(rates.days == [Day(iso: "1986-06-01")!, Day(iso: "1986-07-01")!])
    let tau = 91.0 / 365
    #expect(isClose(rates.values[0], log(1 + 0.064 * tau) / tau, relative: 1e-14))
    let entry = try #require(try db.catalogue().first)
    #expect(entry.frequency == "monthly" && entry.unit == "decimal, continuously compounded")
    #expect(try db.csv(of: .rate, symbol: "GS3M", from: nil, to: Day(iso: "1986-06-30")).hasSuffix(",0.064,bond-equivalent\n"))
    // Percent text moves the decimal point: 5.69 % is exactly the double 0.0569.
    #expect(try db.csv(of: .rate, symbol: "GS3M", from: Day(iso: "1986-07-01"), to: nil).hasSuffix(",0.06,bond-equivalent\n"))
  }

  @Test("US dates, dividend yields in percent and cash dividends")
  func dividendsAndUSDates() throws {
    let folder = ScratchFolder()
    let db = try MarketDatabase.inMemory()
    var y = IngestOptions(kind: .dividendYield)
    y.symbol = "HLX"
    y.unit = .percent
    y.dateFormat = .us
    _ = try db.ingest(file: folder.file("y.csv", "date,yield\n1/2/2020,1.8\n1/3/2020,1.9\n"), options: y)
    let yields: [Double] = [0.018, 0.019]
    #expect(try db.dividendYields(of: "HLX", from: nil, to: nil).values == yields)
    var c = IngestOptions(kind: .dividendCash)
    c.symbol = "KO"
    _ = try db.ingest(file: folder.file("c.csv", "ex_date,amount\n2020-03-13,0.41\n2020-06-12,0.41\n"), options: c)
    #expect(try db.cashDividends(of: "KO", from: Day(iso: "2020-04-01"), to: nil) == [CashDividend(exDate: Day(iso: "2020-06-12")!, amount: 0.41)])
    #expect(try db.cashDividends(of: "NONE", from: nil, to: nil).isEmpty)
  }

  @Test("an identical repeated row is stored once; symbols with quotes and spaces are data, not SQL")
  func repeatsAndHostileSymbols() throws {
    let folder = ScratchFolder()
    let db = try MarketDatabase.inMemory()
    let path = folder.file(
      "s.csv", "date,symbol,close\n2020-01-02,\"X'); DROP TABLE priceBar;--\",10\n2020-01-02,\"X'); DROP TABLE priceBar;--\",10\n2020-01-02, B B ,5\n")
    let s = try db.ingest(file: path, options: IngestOptions(kind: .price))
    #expect(s.inserted == 2 && s.duplicatesIgnored == 1)
    #expect(try db.closes(of: "X'); DROP TABLE priceBar;--", from: nil, to: nil).values == [10])
    #expect(try db.closes(of: "B B", from: nil, to: nil).values == [5])
  }
}

@Suite("Ingest: bad input aborts the whole file with FILE:LINE messages and exit-worthy errors")
struct IngestBadInputTests {
  /// Ingests `contents` into a database holding one good row, expects failure with `message`,
  /// and checks the database did not change.
  private func expectRefused(
    _ contents: String, options: IngestOptions = priceOptions(), message: (String) -> String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let folder = ScratchFolder()
    let db = try MarketDatabase(path: folder.path("m.sqlite"))
    _ = try db.ingest(file: folder.file("good.csv", "date,close\n2019-12-31,99\n"), options: priceOptions())
    let path = folder.file("bad.csv", contents)
    let got = failure { _ = try db.ingest(file: path, options: options) }
    #expect(got == message(path), sourceLocation: sourceLocation)
    #expect(try db.rowCount(.price) == 1, "the database must be unchanged", sourceLocation: sourceLocation)
    #expect(try db.ingestLog().count == 1, sourceLocation: sourceLocation)
    #expect(try db.closes(of: "SPX", from: nil, to: nil).values == [99], sourceLocation: sourceLocation)
  }

  private func rows(_ path: String, _ total: Int) -> String {
    "\(path): \(total) invalid row\(total == 1 ? "" : "s"); nothing was stored. Fix the file, or pass --skip-invalid --rejects PATH to store the valid rows and write the others to PATH"
  }

  @Test("a non-positive price")
  func nonPositivePrice() throws {
    try expectRefused("date,close\n2020-01-02,100\n2020-01-03,-1\n2020-01-06,0\n") { p in
      "\(p):3: column 'close': price (-1.0) must be positive\n\(p):4: column 'close': price (0.0) must be positive\n" + rows(p, 2)
    }
  }

  @Test("an unparseable number and an empty value")
  func unparseableNumber() throws {
    try expectRefused("date,close\n2020-01-02,1O0\n2020-01-03,\n") { p in
      "\(p):2: column 'close': '1O0' is not a number\n\(p):3: column 'close': the value is empty\n" + rows(p, 2)
    }
  }

  @Test("an unparseable date, an impossible date, and a date in another format")
  func badDates() throws {
    try expectRefused("date,close\n02.01.2020,100\n2023-02-29,100\n2020-01,100\n1/3/2020,100\n") { p in
      [
        "\(p):2: column 'date': date '02.01.2020' is not a date of the form YYYY-MM-DD",
        "\(p):3: column 'date': date '2023-02-29' does not exist in the calendar",
        "\(p):4: column 'date': date '2020-01' is not a date of the form YYYY-MM-DD; it reads as YYYY-MM: pass --date-format month",
        "\(p):5: column 'date': date '1/3/2020' is not a date of the form YYYY-MM-DD; it reads as M/D/YYYY: pass --date-format us",
        rows(p, 4),
      ].joined(separator: "\n")
    }
  }

  @Test("a negative and an absurd implied volatility")
  func badVolatilities() throws {
    var o = IngestOptions(kind: .impliedVolatility)
    o.symbol = "VIX"
    o.tenorDays = 30
    o.moneyness = 1
    o.unit = .decimal
    try expectRefused("date,iv\n2020-01-02,-0.2\n2020-01-03,0.2\n2020-01-06,17.5\n", options: o) { p in
      "\(p):2: column 'iv': implied volatility (-0.2) must be positive\n\(p):4: column 'iv': implied volatility (17.5) must be at most 5.0 (500 % a year) as a decimal; if the file is in percentage points, pass --unit percent\n"
        + rows(p, 2)
    }
  }

  @Test("the same date twice with different values")
  func duplicateDate() throws {
    try expectRefused("date,close\n2020-01-02,100\n2020-01-03,101\n2020-01-02,100.5\n") { p in
      "\(p):4: column 'close': SPX 2020-01-02 appears twice in the file with different values (100.0 earlier, 100.5 here); keep one row per date\n"
        + rows(p, 1)
    }
  }

  @Test("a wrong number of fields")
  func wrongColumnCount() throws {
    try expectRefused("date,close\n2020-01-02,100,7\n2020-01-03\n") { p in
      "\(p):2: 3 fields, but the header has 2 columns\n\(p):3: 1 field, but the header has 2 columns\n" + rows(p, 2)
    }
  }

  @Test("an empty file, a header without rows, a missing header")
  func emptyAndHeaderless() throws {
    try expectRefused("") { p in
      "\(p):1: the file is empty; a CSV file needs a header line naming its columns and at least one data row"
    }
    try expectRefused("date,close\n") { p in "\(p):2: the file has a header but no data rows; nothing to ingest" }
    try expectRefused("2020-01-02,100\n2020-01-03,101\n") { p in
      "\(p):1: the first line must name the columns, but its first field ('2020-01-02') looks like data; add a header line such as 'date,close'"
    }
  }

  @Test("an unterminated quote")
  func unterminatedQuote() throws {
    try expectRefused("date,close\n2020-01-02,\"100\n2020-01-03,101\n") { p in
      "\(p):2: a quoted field opened on this line is never closed (a missing \")\n" + rows(p, 1)
    }
  }

  @Test("a column flag naming a column the header lacks")
  func missingColumn() throws {
    var o = priceOptions()
    o.valueColumn = "adj_close"
    try expectRefused("date,close\n2020-01-02,100\n", options: o) { p in
      "\(p):1: column 'adj_close' (--value-column) is not in the header (columns: date, close); pass the right column name with --value-column"
    }
  }

  @Test("more than 20 problems: the first 20 are listed, then the total")
  func manyProblems() throws {
    let body = (1...30).map { "2020-02-\(String(format: "%02d", $0 % 28 + 1)),-\($0)" }.joined(separator: "\n")
    try expectRefused("date,close\n" + body + "\n") { p in
      let listed = (1...20).map { "\(p):\($0 + 1): column 'close': price (-\($0).0) must be positive" }
      return (listed + ["… and 10 more", rows(p, 30)]).joined(separator: "\n")
    }
  }

  @Test("--skip-invalid stores the valid rows and writes every rejected row with its reason")
  func skipInvalid() throws {
    let folder = ScratchFolder()
    let db = try MarketDatabase.inMemory()
    let path = folder.file("mixed.csv", "date,close\n2020-01-02,100\n2020-01-03,abc\n2020-01-06,\"1,5\"\n2020-01-07,103\n")
    var o = priceOptions()
    o.skipInvalid = true
    o.rejectsPath = folder.path("rejects.csv")
    let s = try db.ingest(file: path, options: o)
    #expect(s.inserted == 2 && s.rejected == 2)
    #expect(s.description.contains("rejects written to \(folder.path("rejects.csv"))"))
    let rejects = try String(contentsOfFile: folder.path("rejects.csv"), encoding: .utf8)
    #expect(
      rejects
        == "line,column,reason,record\n3,close,'abc' is not a number,\"2020-01-03,abc\"\n4,close,\"'1,5' is not a number\",\"2020-01-06,\"\"1,5\"\"\"\n")
    #expect(try db.ingestLog().last?.rowsRejected == 2)
  }

  @Test("flags that do not fit the kind are refused before reading")
  func invalidOptions() throws {
    let folder = ScratchFolder()
    let db = try MarketDatabase.inMemory()
    let path = folder.file("r.csv", "date,rate\n2020-01-02,1.5\n")
    var o = IngestOptions(kind: .rate)
    o.symbol = "R"
    o.unit = .percent
    o.tenorDays = 91
    #expect(
      failure { _ = try db.ingest(file: path, options: o) }
        == "\(path): rates need --rate-convention (continuous, simple, bond-equivalent or annual); US Treasury yields such as GS3M are bond-equivalent")
    var p = priceOptions()
    p.moneyness = 1
    #expect(failure { _ = try db.ingest(file: path, options: p) } == "\(path): --moneyness and --moneyness-column apply to implied volatilities only")
    #expect(throws: IngestError.fileNotFound(path: folder.path("nope.csv"))) {
      try db.ingest(file: folder.path("nope.csv"), options: priceOptions())
    }
  }
}

@Suite("MarketDatabase: schema, reads and the catalogue")
struct MarketDatabaseTests {
  @Test("migration names are frozen, and a file database runs in WAL mode")
  func schema() throws {
    // The runs' and sweeps' migrations ("v2-sweeps" … "v5-run-metric-convention") are the
    // Experiments module's (ExperimentsTests checks them).
    #expect(Schema.migrationNames == ["v1-schema"])
    let folder = ScratchFolder()
    let db = try MarketDatabase(path: folder.path("x.sqlite"))
    #expect(try db.appliedMigrations() == Schema.migrationNames)
    let mode = try db.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
    #expect(mode == "wal")
    let fk = try db.writer.read { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") }
    #expect(fk == 1)
    // Reopening a migrated file is fine.
    _ = try MarketDatabase(path: folder.path("x.sqlite"))
  }

  @Test("a missing database and a file that is not one are reported as such")
  func openErrors() throws {
    let folder = ScratchFolder()
    #expect(throws: MarketDataError.databaseNotFound(path: folder.path("none.sqlite"))) {
      try MarketDatabase.open(existingAt: folder.path("none.sqlite"))
    }
    let junk = folder.file("junk.sqlite", String(repeating: "this is not a database\n", count: 200))
    #expect {
      try MarketDatabase.open(existingAt: junk)
    } throws: { error in
      if case .databaseUnreadable = error as? MarketDataError { return true }
      return false
    }
  }

  @Test("an unknown series names the stored ones")
  func unknownSeries() throws {
    let folder = ScratchFolder()
    let db = try MarketDatabase.inMemory()
    _ = try db.ingest(file: folder.file("a.csv", "date,close\n2020-01-02,1\n"), options: priceOptions("AAA"))
    #expect(throws: MarketDataError.unknownSeries(kind: .price, name: "ZZZ", available: ["AAA"])) {
      try db.closes(of: "ZZZ", from: nil, to: nil)
    }
    #expect(throws: MarketDataError.unknownSeries(kind: .rate, name: "GS3M", available: [])) {
      try db.rates("GS3M", from: nil, to: nil)
    }
  }

  @Test("the catalogue counts rows and finds gaps longer than 5 weekdays")
  func catalogueGaps() throws {
    let folder = ScratchFolder()
    let db = try MarketDatabase.inMemory()
    // 2020-01-03 (Fri) → 2020-01-13 (Mon): 5 weekdays missing, not a gap;
    // 2020-01-13 → 2020-01-22 (Wed): 6 weekdays missing, a gap.
    _ = try db.ingest(
      file: folder.file("g.csv", "date,close\n2020-01-02,1\n2020-01-03,1\n2020-01-13,1\n2020-01-22,1\n"),
      options: priceOptions())
    let entry = try #require(try db.catalogue().first)
    #expect(entry.rows == 4 && entry.days == 4)
    #expect(entry.firstDay == Day(iso: "2020-01-02") && entry.lastDay == Day(iso: "2020-01-22"))
    #expect(entry.gapCount == 1)
    #expect(entry.longestGap == SeriesGap(after: Day(iso: "2020-01-13")!, before: Day(iso: "2020-01-22")!, missing: 6))
    #expect(Day(iso: "2020-01-03")!.weekdays(until: Day(iso: "2020-01-13")!) == 5)
    #expect(Day(iso: "2020-01-02")!.weekdays(until: Day(iso: "2020-01-03")!) == 0)
  }

  @Test("reads with bounds are inclusive and agree with the in-memory source")
  func readsMatchInMemory() throws {
    let folder = ScratchFolder()
    let db = try MarketDatabase.inMemory()
    _ = try db.ingest(file: folder.file("a.csv", "date,close\n2020-01-02,1\n2020-01-03,2\n2020-01-06,3\n"), options: priceOptions())
    let all = try db.closes(of: "SPX", from: nil, to: nil)
    let memory = InMemoryMarketData(closes: ["SPX": all])
    for (from, to) in [("2020-01-03", "2020-01-06"), ("2020-01-04", "2020-01-05"), ("2019-01-01", "2020-01-02")] {
      let f = Day(iso: from)
      let t = Day(iso: to)
      #expect(try db.closes(of: "SPX", from: f, to: t) == memory.closes(of: "SPX", from: f, to: t))
    }
  }
}
