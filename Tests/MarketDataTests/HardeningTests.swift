import Foundation
import GRDB
import GRDBSQLite
import HedgeLabTestSupport
import Pricing
import Testing

@testable import MarketData

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Issue 13: no input may destroy data, crash the process or hang it (library level; the
/// command-line cases are in `HedgeLabCLITests/HardeningCommandTests`).
@Suite("Hardening: inputs that must not destroy, crash or hang")
struct HardeningTests {
  private func ingestError(_ body: () throws -> Void) -> (any Error)? {
    do {
      try body()
      return nil
    } catch {
      return error
    }
  }

  @Test("the file identity sees through spellings and links, and only clashes involving a write")
  func fileIdentity() throws {
    let folder = ScratchFolder()
    let a = folder.file("a.csv", "x")
    symlink(a, folder.path("link.csv"))
    link(a, folder.path("hard.csv"))
    #expect(FileIdentity(path: a) == FileIdentity(path: folder.path("link.csv")))
    #expect(FileIdentity(path: a) == FileIdentity(path: folder.path("hard.csv")))
    #expect(FileIdentity(path: a) == FileIdentity(path: folder.url.path + "/./sub/../a.csv") || !FileManager.default.fileExists(atPath: folder.path("sub")))
    #expect(FileIdentity(path: folder.path("new.csv")) == FileIdentity(path: folder.url.path + "/./new.csv"))
    #expect(FileIdentity(path: folder.path("new.csv")) != FileIdentity(path: folder.path("other.csv")))
    // Two inputs may be the same file; an output over an input may not.
    #expect(FileIdentity.firstClash([.init("A", a, .input), .init("B", folder.path("link.csv"), .input)]) == nil)
    let clash = try #require(FileIdentity.firstClash([.init("FILE", a, .input), .init("--rejects", folder.path("link.csv"), .output)]))
    #expect(FileIdentity.clashMessage(clash).contains("--rejects"))
    #expect(FileIdentity.clashMessage(clash).contains("FILE"))
  }

  @Test(
    "--rejects naming the database is refused before anything is written: the real S&P 500 rows stay",
    .enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason)))
  func rejectsOverDatabase() throws {
    // Given: a database holding the 8,313 real S&P 500 closes.
    let folder = ScratchFolder()
    let db = folder.path("market.sqlite")
    let database = try MarketDatabase(path: db)
    var spx = IngestOptions(kind: .price)
    spx.symbol = "SPX"
    _ = try database.ingest(file: SharedData.file("spx_daily.csv").path, options: spx)
    let before = try database.contentDigest()
    // When: a bad file and a valid file are ingested with --rejects naming the database (as
    // given, through a link, and its write-ahead log).
    let bad = folder.file("bad.csv", "date,close\n2020-01-02,abc\n")
    symlink(db, folder.path("link.sqlite"))
    for rejects in [db, folder.path("link.sqlite"), db + "-wal", bad] {
      for input in [bad, SharedData.file("spx_daily.csv").path] where !(rejects == bad && input != bad) {
        var options = IngestOptions(kind: .price)
        options.symbol = "X"
        options.skipInvalid = true
        options.rejectsPath = rejects
        let error = ingestError { _ = try database.ingest(file: input, options: options) }
        // Then: a usage error naming both paths, and every stored row still there.
        guard case .invalidOptions(_, let reason)? = error as? IngestError else {
          Issue.record("rejects \(rejects): expected a usage error, got \(String(describing: error))")
          continue
        }
        #expect(reason.contains("--rejects") && reason.contains("the same file"))
      }
    }
    #expect(try MarketDatabase(path: db).contentDigest() == before)
    #expect(try MarketDatabase(path: db).rowCount(.price) == 8313)
  }

  @Test("a FIFO, a folder and a device are refused without blocking")
  func notRegularFiles() throws {
    let folder = ScratchFolder()
    let fifo = folder.path("fifo.csv")
    #expect(mkfifo(fifo, 0o600) == 0)
    let database = try MarketDatabase.inMemory()
    var options = IngestOptions(kind: .price)
    options.symbol = "X"
    for path in [fifo, folder.url.path, "/dev/zero"] {
      let error = ingestError { _ = try database.ingest(file: path, options: options) }
      guard case .unreadableFile(_, let reason)? = error as? IngestError else {
        Issue.record("\(path): \(String(describing: error))")
        continue
      }
      #expect(reason.contains("not a regular file") || reason.contains("folder"))
    }
  }

  @Test("a file truncated and rewritten while it is ingested gives a result or a clean error, never a fault")
  func fileChangingUnderneath() throws {
    let folder = ScratchFolder()
    var text = "date,close\n"
    var day = Day(iso: "1990-01-01")!
    for i in 0..<20_000 {
      text += "\(day),\(100 + i % 50)\n"
      day = day + 1
    }
    let path = folder.file("moving.csv", text)
    let full = Data(text.utf8)
    let stop = ManagedAtomicFlag()
    let writer = Thread {
      var k = 0
      while !stop.isSet {
        k += 1
        if k % 2 == 0 { truncate(path, off_t(full.count / 3)) } else { try? full.write(to: URL(fileURLWithPath: path)) }
        usleep(200)
      }
    }
    writer.start()
    defer { stop.set() }
    var options = IngestOptions(kind: .price)
    options.symbol = "X"
    for _ in 0..<20 {
      let database = try MarketDatabase.inMemory()
      do {
        _ = try database.ingest(file: path, options: options)
      } catch let error as IngestError {
        // A clean, named error (a cut line, a changed file), never a crash.
        #expect(error.description.contains(path))
      }
    }
  }

  @Test("one symbol rule for the symbol column, a wide header and --symbol")
  func symbolRules() throws {
    let bad = ["", " SPX", "A\"B", "A\u{1B}[31mB", "A\u{7}", String(repeating: "S", count: 65), "A\u{85}B"]
    for name in bad { #expect(SymbolName.problem(name) != nil, "\(name.debugDescription)") }
    for name in ["SPX", "^GSPC", "BRK.B", "HL3M", "Société", String(repeating: "S", count: 64)] {
      #expect(SymbolName.problem(name) == nil, "\(name)")
    }
    let folder = ScratchFolder()
    let database = try MarketDatabase.inMemory()
    for name in bad where !name.isEmpty && !name.hasPrefix(" ") {
      // A wide header: a header fault (65).
      let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      let wide = folder.file("wide.csv", "date,\(quoted)\n2020-01-02,100\n")
      var options = IngestOptions(kind: .price)
      options.layout = .wide
      let error = ingestError { _ = try database.ingest(file: wide, options: options) }
      guard case .invalidHeader? = error as? IngestError else {
        Issue.record("wide header \(name.debugDescription): \(String(describing: error))")
        continue
      }
      // --symbol: a usage error (64).
      let long = folder.file("long.csv", "date,close\n2020-01-02,100\n")
      var flag = IngestOptions(kind: .price)
      flag.symbol = name
      guard case .invalidOptions? = ingestError({ _ = try database.ingest(file: long, options: flag) }) as? IngestError
      else {
        Issue.record("--symbol \(name.debugDescription) was accepted")
        continue
      }
      // The symbol column: a rejected row.
      let column = folder.file("column.csv", "date,symbol,close\n2020-01-02,\(quoted),100\n")
      var long2 = IngestOptions(kind: .price)
      long2.symbolColumn = "symbol"
      guard case .invalidRows? = ingestError({ _ = try database.ingest(file: column, options: long2) }) as? IngestError
      else {
        Issue.record("symbol column \(name.debugDescription) was accepted")
        continue
      }
    }
    var empty = IngestOptions(kind: .price)
    empty.symbol = ""
    let long = folder.file("empty.csv", "date,close\n2020-01-02,100\n")
    #expect(throws: IngestError.self) { _ = try database.ingest(file: long, options: empty) }
    #expect(try database.rowCount(.price) == 0)
  }

  @Test("header and layout faults are data errors; a file of empty cells and two close columns are refused")
  func headerFaults() throws {
    let folder = ScratchFolder()
    let database = try MarketDatabase.inMemory()
    var seed = IngestOptions(kind: .price)
    seed.symbol = "SPX"
    _ = try database.ingest(file: folder.file("seed.csv", "date,close\n2020-01-02,100\n"), options: seed)
    let before = try database.contentDigest()
    var wide = IngestOptions(kind: .price)
    wide.layout = .wide
    let cases: [(String, IngestOptions, String)] = [
      ("date,AAA,,BBB\n2020-01-02,1,2,3\n", wide, "has no name"),
      ("date,AAA,AAA\n2020-01-02,1,2\n", wide, "names two columns"),
      ("date,close,close\n2020-01-02,1,2\n", seed, "appears 2 times"),
      ("date,a,b\n2020-01-02,1,2\n", seed, "cannot tell which column"),
    ]
    for (text, options, phrase) in cases {
      let path = folder.file("h.csv", text)
      let error = ingestError { _ = try database.ingest(file: path, options: options) }
      guard case .invalidHeader(_, let reason)? = error as? IngestError else {
        Issue.record("\(text.debugDescription): \(String(describing: error))")
        continue
      }
      #expect(reason.contains(phrase), "\(reason)")
      #expect((error as? IngestError)?.description.hasPrefix(path + ":1:") == true)
    }
    // Every cell empty: refused, and no ingest-log row.
    let empty = folder.file("empty.csv", "date,AAA,BBB\n2020-01-02,,\n2020-01-03, ,\n")
    #expect(throws: IngestError.noValues(path: empty)) { _ = try database.ingest(file: empty, options: wide) }
    #expect(try database.contentDigest() == before)
    #expect(try database.ingestLog().count == 1)
  }

  @Test("a database locked by another writer fails with databaseBusy after the busy timeout")
  func busyDatabase() throws {
    let folder = ScratchFolder()
    let db = folder.path("busy.sqlite")
    _ = try MarketDatabase(path: db)
    // Another process's writer: a raw connection holding the write lock.
    var holder: OpaquePointer? = nil
    #expect(sqlite3_open(db, &holder) == SQLITE_OK)
    #expect(sqlite3_exec(holder, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK)
    defer {
      sqlite3_exec(holder, "ROLLBACK", nil, nil, nil)
      sqlite3_close(holder)
    }
    var options = IngestOptions(kind: .price)
    options.symbol = "X"
    let file = folder.file("p.csv", "date,close\n2020-01-02,100\n")
    // Opening (which may migrate) or ingesting: either waits, then reports the lock.
    let error = ingestError { _ = try MarketDatabase(path: db, busyTimeout: 0.2).ingest(file: file, options: options) }
    guard case .databaseBusy(let path, _)? = error as? MarketDataError else {
      Issue.record("expected databaseBusy, got \(String(describing: error))")
      return
    }
    #expect(path == db)
    #expect(MarketDataError.databaseBusy(path: db, seconds: 10).description.contains("Retry"))
    #expect(!MarketDataError.databaseBusy(path: db, seconds: 10).description.contains("rebuild"))
  }

  @Test("another application's SQLite file is refused untouched; a HedgeLab database gets its application id")
  func foreignDatabase() throws {
    let folder = ScratchFolder()
    let path = folder.path("other.sqlite")
    let other = try DatabaseQueue(path: path)
    try other.write { try $0.execute(sql: "CREATE TABLE contact (name TEXT); INSERT INTO contact VALUES ('Ada')") }
    try other.close()
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(throws: MarketDataError.notAHedgeLabDatabase(path: path, tables: ["contact"])) {
      _ = try MarketDatabase(path: path)
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    let ours = folder.path("ours.sqlite")
    _ = try MarketDatabase(path: ours)
    let check = try DatabaseQueue(path: ours)
    #expect(try check.read { try Int32.fetchOne($0, sql: "PRAGMA application_id") } == MarketDatabase.applicationID)
    // A HedgeLab database written before the application id existed still opens.
    try check.write { try $0.execute(sql: "PRAGMA application_id = 0") }
    try check.close()
    _ = try MarketDatabase(path: ours)
  }

  @Test("messages escape control characters and cut long fields")
  func messageHygiene() throws {
    let folder = ScratchFolder()
    let database = try MarketDatabase.inMemory()
    var options = IngestOptions(kind: .price)
    options.symbol = "X"
    let field = String(repeating: "9", count: 2_000_000) + "x"
    let path = folder.file("bad.csv", "date,close\n2020-01-02,\u{1B}[2Jboom\n2020-01-03,\(field)\n")
    let error = try #require(ingestError { _ = try database.ingest(file: path, options: options) } as? IngestError)
    let text = error.description
    #expect(!text.contains("\u{1B}"))
    #expect(text.contains("\\u{1B}[2Jboom"))
    #expect(text.count < 2_000)
    #expect(Excerpt.text(String(repeating: "a", count: 500)).count == Excerpt.maximumLength + 1)
  }

  /// Issue 12: units checked in both directions for every kind, on the real files.
  @Test(
    "volatilities, rates and yields in the other unit than declared are refused, in both directions",
    .enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason)))
  func unitPlausibility() throws {
    let folder = ScratchFolder()
    // Decimal copies of GS3M (percent) and percent copies of the sample dividend yields.
    let gs3m = try String(contentsOf: SharedData.file("gs3m_monthly.csv"), encoding: .utf8)
    let gs3mDecimal = folder.file(
      "gs3m_decimal.csv",
      gs3m.split(separator: "\n").enumerated().map { i, line in
        guard i > 0, let comma = line.firstIndex(of: ","), let v = Double(line[line.index(after: comma)...]) else {
          return String(line)
        }
        return "\(line[..<comma]),\(v / 100)"
      }.joined(separator: "\n") + "\n")
    let yields = SharedData.projectRoot.appendingPathComponent("Data/hlx_dividend_yield.csv").path
    let yieldText = try String(contentsOfFile: yields, encoding: .utf8)
    let yieldPercent = folder.file(
      "yield_percent.csv",
      yieldText.split(separator: "\n").enumerated().map { i, line in
        guard i > 0, let comma = line.firstIndex(of: ","), let v = Double(line[line.index(after: comma)...]) else {
          return String(line)
        }
        return "\(line[..<comma]),\(v * 100)"
      }.joined(separator: "\n") + "\n")

    func options(_ kind: SeriesKind, _ unit: ValueUnit?, _ configure: (inout IngestOptions) -> Void) -> IngestOptions {
      var o = IngestOptions(kind: kind)
      o.unit = unit
      configure(&o)
      return o
    }
    let iv3m: (inout IngestOptions) -> Void = { $0.layout = .wide; $0.tenorDays = 91; $0.moneyness = 1 }
    let vix: (inout IngestOptions) -> Void = { $0.symbol = "VIX"; $0.valueColumn = "close"; $0.tenorDays = 30; $0.moneyness = 1 }
    let rate: (inout IngestOptions) -> Void = {
      $0.symbol = "GS3M"; $0.dateFormat = .month; $0.rateConvention = .bondEquivalent; $0.tenorDays = 91
    }
    let yield: (inout IngestOptions) -> Void = { $0.symbol = "HLX" }
    let cases: [(file: String, options: IngestOptions, looksLike: ValueUnit)] = [
      (SharedData.file("stocks20_iv3m.csv").path, options(.impliedVolatility, .percent, iv3m), .decimal),
      (SharedData.file("vix_daily.csv").path, options(.impliedVolatility, nil, vix), .percent),
      (SharedData.file("vix_daily.csv").path, options(.impliedVolatility, .decimal, vix), .percent),
      (SharedData.file("gs3m_monthly.csv").path, options(.rate, .decimal, rate), .percent),
      (gs3mDecimal, options(.rate, .percent, rate), .decimal),
      (yields, options(.dividendYield, .percent, yield), .decimal),
      (yieldPercent, options(.dividendYield, .decimal, yield), .percent),
    ]
    let database = try MarketDatabase.inMemory()
    for (file, options, looksLike) in cases {
      let error = ingestError { _ = try database.ingest(file: file, options: options) }
      guard case .implausibleUnit(_, let kind, _, let declared, let found, _, _)? = error as? IngestError else {
        Issue.record("\(file) \(options.kind) --unit \(options.unit?.rawValue ?? "none"): \(String(describing: error))")
        continue
      }
      #expect(kind == options.kind && declared == options.unit && found == looksLike)
      let message = (error as? IngestError)?.description ?? ""
      #expect(message.contains("--unit \(looksLike.rawValue)") && message.contains("--force-unit"), "\(message)")
      // The right unit, or --force-unit, is accepted.
      var right = options
      right.unit = looksLike
      #expect(throws: Never.self) { _ = try database.ingest(file: file, options: right) }
      var forced = options
      forced.unit = options.unit ?? .decimal
      forced.forceUnit = true
      if forced.unit == .percent {
        // (Percentages forced to decimals exceed the ranges, and are refused row by row.)
        #expect(throws: Never.self) { _ = try MarketDatabase.inMemory().ingest(file: file, options: forced) }
      }
    }
    #expect(try database.rowCount(.impliedVolatility) > 0)
  }

  @Test("Double to Int conversions saturate or fail instead of trapping")
  func checkedConversions() {
    #expect(Int(rounding: 1e17) == 100_000_000_000_000_000)
    #expect(Int(rounding: 1e300) == nil)
    #expect(Int(rounding: .nan) == nil)
    #expect(Int(clamping: 1e300) == Int.max)
    #expect(Int(clamping: -Double.infinity) == Int.min)
    #expect(Int(clamping: Double.nan) == 0)
    #expect(Int(clamping: 2.7) == 2)
    #expect(Int(clamping: 2.5, .toNearestOrAwayFromZero) == 3)
  }
}

/// A flag set by one thread and read by another.
private final class ManagedAtomicFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false
  var isSet: Bool { lock.withLock { value } }
  func set() { lock.withLock { value = true } }
}
