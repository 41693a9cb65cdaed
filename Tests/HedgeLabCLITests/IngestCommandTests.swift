import ArgumentParser
import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

@testable import HedgeLabCLI

/// A temporary folder removed when released.
final class TemporaryFolder {
  let url: URL
  init() {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("hedgelab-cli-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(at: url) }
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
  @discardableResult
  func write(_ name: String, _ text: String) -> String {
    _ = FileManager.default.createFile(atPath: path(name), contents: Data(text.utf8))
    return path(name)
  }
}

@Suite("hedgelab ingest / data: flags and exit codes")
struct IngestCommandTests {
  @Test("flags that cannot work together are usage errors (exit 64)")
  func usageErrors() {
    let cases: [[String]] = [
      ["ingest", "f.csv", "--db", "d.sqlite", "--kind", "prices", "--skip-invalid"],
      ["ingest", "f.csv", "--db", "d.sqlite", "--kind", "prices", "--rejects", "r.csv"],
      ["ingest", "f.csv", "--db", "d.sqlite", "--kind", "iv", "--tenor", "thirty"],
      ["ingest", "f.csv", "--db", "d.sqlite", "--kind", "rates", "--rate-convention", "simple"],
      ["ingest", "f.csv", "--db", "d.sqlite", "--kind", "rates", "--unit", "percent"],
      ["ingest", "f.csv", "--db", "d.sqlite", "--kind", "dividends"],
      ["ingest", "f.csv", "--db", "d.sqlite", "--kind", "iv", "--unit", "basis-points"],
      ["data", "show", "SPX", "--db", "d.sqlite", "--from", "2020/01/01"],
      ["generate", "--out", "x", "--years", "0"],
      ["generate", "--out", "x", "--model", "crypto"],
      ["ingest", "f.csv", "--db", "d.sqlite", "--kind", "prices", "--date-format", "unix-ms", "--wide"],
    ]
    for arguments in cases {
      do {
        _ = try HedgeLab.parseAsRoot(arguments)
        Issue.record("\(arguments) must be refused")
      } catch {
        #expect(HedgeLab.exitCode(for: error).rawValue == 64, "\(arguments)")
      }
    }
  }

  @Test("the flags map onto the loader's options")
  func optionsMapping() throws {
    let command = try HedgeLab.parseAsRoot([
      "ingest", "gs3m.csv", "--db", "m.sqlite", "--kind", "rates", "--symbol", "GS3M", "--date-format", "month",
      "--unit", "percent", "--rate-convention", "bond-equivalent", "--tenor", "3m",
    ])
    let ingest = try #require(command as? HedgeLab.Ingest)
    var expected = IngestOptions(kind: .rate)
    expected.symbol = "GS3M"
    expected.dateFormat = .month
    expected.unit = .percent
    expected.rateConvention = .bondEquivalent
    expected.tenorDays = 91
    #expect(ingest.ingestOptions == expected)
  }

  @Test("loader and database errors carry the documented exit codes")
  func exitCodes() {
    #expect(IngestError.fileNotFound(path: "x").exitStatus == 66)
    #expect(IngestError.invalidRows(path: "x", problems: [], total: 1).exitStatus == 65)
    #expect(IngestError.implausibleUnit(path: "x", kind: .impliedVolatility, column: "column 'close'", declared: nil, looksLike: .percent, median: 17, largest: 80).exitStatus == 65)
    #expect(IngestError.emptyFile(path: "x").exitStatus == 65)
    #expect(IngestError.missingHeader(path: "x", firstField: "1").exitStatus == 65)
    #expect(IngestError.invalidOptions(path: "x", reason: "r").exitStatus == 64)
    #expect(IngestError.cannotWriteRejects(path: "x", reason: "r").exitStatus == 73)
    #expect(IngestError.databaseWriteFailed(database: "x", reason: "r").exitStatus == 73)
    #expect(MarketDataError.databaseNotFound(path: "x").exitStatus == 66)
    #expect(MarketDataError.unknownSeries(kind: .price, name: "X", available: []).exitStatus == 66)
    #expect(MarketDataError.databaseNotWritable(path: "x", reason: "r").exitStatus == 73)
    #expect(MarketDataError.databaseBusy(path: "x", seconds: 10).exitStatus == 75)
    #expect(MarketDataError.notAHedgeLabDatabase(path: "x", tables: ["t"]).exitStatus == 65)
    #expect(IngestError.invalidHeader(path: "x", reason: "r").exitStatus == 65)
    #expect(IngestError.noValues(path: "x").exitStatus == 65)
  }

  @Test("a bad file makes 'hedgelab ingest' fail with exit 65 and leave the database as it was")
  func badFileExitCode() throws {
    let folder = TemporaryFolder()
    let db = folder.path("m.sqlite")
    let good = folder.write("good.csv", "date,close\n2020-01-02,100\n")
    let bad = folder.write("bad.csv", "date,close\n2020-01-03,-5\n")
    #expect(CommandOutput.run(["ingest", good, "--db", db, "--kind", "prices", "--symbol", "SPX"]).status == 0)
    #expect(CommandOutput.run(["ingest", bad, "--db", db, "--kind", "prices", "--symbol", "SPX"]).status == 65)
    #expect(try MarketDatabase(path: db).closes(of: "SPX", from: nil, to: nil).values == [100])
    #expect(CommandOutput.run(["ingest", folder.path("none.csv"), "--db", db, "--kind", "prices", "--symbol", "SPX"]).status == 66)
    #expect(CommandOutput.run(["data", "list", "--db", folder.path("none.sqlite")]).status == 66)
  }

  @Test(
    "data list shows every series of ../shared/data with kind, unit, dates, rows and gaps",
    .enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason)))
  func dataList() throws {
    let folder = TemporaryFolder()
    let db = folder.path("real.sqlite")
    let d = SharedData.directory.path
    let commands: [[String]] = [
      ["ingest", "\(d)/spx_daily.csv", "--db", db, "--kind", "prices", "--symbol", "SPX"],
      ["ingest", "\(d)/vix_daily.csv", "--db", db, "--kind", "iv", "--symbol", "VIX", "--value-column", "close", "--unit", "percent", "--tenor", "30d", "--moneyness", "1.0"],
      ["ingest", "\(d)/stocks20_prices.csv", "--db", db, "--kind", "prices", "--wide"],
      ["ingest", "\(d)/stocks20_iv3m.csv", "--db", db, "--kind", "iv", "--wide", "--tenor", "3m", "--moneyness", "1.0", "--unit", "decimal"],
      ["ingest", "\(d)/gs3m_monthly.csv", "--db", db, "--kind", "rates", "--symbol", "GS3M", "--date-format", "month", "--unit", "percent", "--rate-convention", "bond-equivalent", "--tenor", "3m"],
    ]
    for arguments in commands {
      let run = CommandOutput.run(arguments)
      #expect(run.status == 0, "\(arguments): \(run.standardError)")
    }
    let table = HedgeLab.DataCommand.table(try MarketDatabase.open(existingAt: db).catalogue())
    let lines = table.split(separator: "\n").map(String.init)
    #expect(lines.count == 44)
    #expect(lines[0].hasPrefix("kind "))
    let spx = try #require(lines.first { $0.hasPrefix("price ") && $0.contains(" SPX ") })
    #expect(spx.contains("currency") && spx.contains("1990-01-02") && spx.contains("2022-12-28") && spx.contains(" 8313 "))
    let vix = try #require(lines.first { $0.contains(" VIX ") })
    #expect(vix.hasPrefix("iv ") && vix.contains("decimal") && vix.contains("2026-07-23") && vix.contains("9235"))
    #expect(vix.hasSuffix("tenors 30 d; moneyness 1.0"))
    let gs3m = try #require(lines.first { $0.contains(" GS3M ") })
    #expect(gs3m.contains("monthly") && gs3m.contains("1986-06-01") && gs3m.contains("2021-12-01") && gs3m.contains(" 427 "))
    let xomIV = try #require(lines.first { $0.hasPrefix("iv ") && $0.contains(" XOM ") })
    #expect(xomIV.contains("2010-01-04") && xomIV.contains("3270") && xomIV.contains("tenors 91 d"))
  }

  @Test("kill -9 in the middle of an ingest leaves the database as it was, and the next ingest works")
  func killDuringIngest() throws {
    let executable = try #require(
      hedgelabExecutable(), "the hedgelab executable must be built beside the test bundle (swift build builds it)")
    let folder = TemporaryFolder()
    let dbPath = folder.path("kill.sqlite")
    // Given: a database holding one earlier ingest.
    let database = try MarketDatabase(path: dbPath)
    var options = IngestOptions(kind: .impliedVolatility)
    options.unit = .decimal
    let before = folder.write("before.csv", "date,symbol,tenor_days,moneyness,iv\n1999-12-31,S00,30,1.0,0.2\n1999-12-31,S01,30,1.0,0.3\n")
    _ = try database.ingest(file: before, options: options)
    // A large file: the commit writes tens of megabytes to the write-ahead log.
    let big = folder.path("big.csv")
    _ = try HedgeLab.Bench.BenchIngest.writeVolatilityFile(path: big, rows: 600_000)

    // When: an ingest is killed while it writes.
    let process = Process()
    process.executableURL = executable
    process.arguments = ["ingest", big, "--db", dbPath, "--kind", "iv", "--unit", "decimal"]
    let log = folder.write("ingest.log", "")
    let logHandle = try #require(FileHandle(forWritingAtPath: log))
    process.standardOutput = logHandle
    process.standardError = logHandle
    try process.run()
    let wal = dbPath + "-wal"
    var lastSize = -1
    var killed = false
    let deadline = Date().addingTimeInterval(300)
    while process.isRunning, Date() < deadline {
      let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
      if size > 2_000_000, lastSize >= 0, size > lastSize {
        kill(process.processIdentifier, SIGKILL)
        killed = true
        break
      }
      lastSize = size
      usleep(1_000)
    }
    process.waitUntilExit()
    try logHandle.close()
    let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    #expect(killed, "the ingest ended before it could be killed mid-write (status \(process.terminationStatus)): \(output)")
    #expect(process.terminationReason == .uncaughtSignal)

    // Then: exactly the rows from before, an intact file, and a working next ingest.
    let reopened = try MarketDatabase(path: dbPath)
    #expect(try reopened.integrityCheck() == "ok")
    #expect(try reopened.rowCount(.impliedVolatility) == 2)
    #expect(try reopened.ingestLog().count == 1)
    #expect(try reopened.catalogue().map(\.symbol) == ["S00", "S01"])
    let next = folder.write("next.csv", "date,symbol,tenor_days,moneyness,iv\n2000-01-03,S00,30,1.0,0.21\n")
    let summary = try reopened.ingest(file: next, options: options)
    #expect(summary.inserted == 1)
    #expect(try reopened.rowCount(.impliedVolatility) == 3)
  }
}

@Suite("hedgelab ingest: crypto formats")
struct CryptoIngestCommandTests {
  static func ms(_ day: String, hour: Int) -> Int64 {
    Int64(Day(iso: day)!.daysSinceEpoch) * 86_400_000 + Int64(hour) * 3_600_000
  }

  @Test("--date-format unix-ms stores each UTC day's last price; --kind funding an annualised daily rate")
  func unixMillisecondsAndFunding() throws {
    let folder = TemporaryFolder()
    let db = folder.path("m.sqlite")
    let prices = folder.write(
      "btc.csv",
      "timestamp,close\n\(Self.ms("2020-03-12", hour: 6)),5500\n\(Self.ms("2020-03-12", hour: 23)),4724.39\n\(Self.ms("2020-03-13", hour: 23)),5450\n")
    #expect(CommandOutput.run(["ingest", prices, "--db", db, "--kind", "prices", "--symbol", "BTC", "--date-format", "unix-ms"]).status == 0)
    #expect(try MarketDatabase(path: db).closes(of: "BTC", from: nil, to: nil).values == [4724.39, 5450])
    var text = "timestamp,funding_rate\n"
    for hour in [0, 8, 16, 24, 32, 40] { text += "\(Self.ms("2021-03-01", hour: hour)),0.0001\n" }
    let funding = folder.write("funding.csv", text)
    #expect(
      CommandOutput.run([
        "ingest", funding, "--db", db, "--kind", "funding", "--interval", "8h", "--symbol", "BTC-FUNDING",
        "--date-format", "unix-ms",
      ]).status == 0)
    let rates = try MarketDatabase(path: db).rates("BTC-FUNDING", from: nil, to: nil)
    #expect(rates.days == [Day(iso: "2021-03-01")!, Day(iso: "2021-03-02")!])
    #expect(rates.values.allSatisfy { isClose($0, 0.0003 * 365, relative: 1e-12) })
  }

  @Test("funding without --interval or in seconds: usage error 64, bad data 65")
  func fundingErrors() throws {
    for arguments in [
      ["ingest", "f.csv", "--db", "d.sqlite", "--kind", "funding", "--symbol", "F", "--date-format", "unix-ms"],
      ["ingest", "f.csv", "--db", "d.sqlite", "--kind", "funding", "--symbol", "F", "--interval", "8h"],
      ["ingest", "f.csv", "--db", "d.sqlite", "--kind", "prices", "--interval", "8h"],
    ] {
      #expect(throws: (any Error).self) { try HedgeLab.parseAsRoot(arguments) }
    }
    let folder = TemporaryFolder()
    let seconds = folder.write("s.csv", "timestamp,close\n1636329600,67500.02\n")
    let refused = CommandOutput.run(["ingest", seconds, "--db", folder.path("m.sqlite"), "--kind", "prices", "--symbol", "BTC", "--date-format", "unix-ms"])
    #expect(refused.status == 65)
    #expect(refused.standardError.contains("it looks like seconds since 1970-01-01"), "\(refused.standardError)")
  }
}

@Suite("hedgelab ingest: option chains")
struct OptionChainIngestCommandTests {
  /// `Tests/MarketDataTests/Fixtures/btc_option_chain.csv`: two days of a BTC chain as a long
  /// file (date, expiry, strike, underlying price, IV in percent), made up in the venue's
  /// export format; one expiry written in the instrument style (25JUN21).
  static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("MarketDataTests/Fixtures/btc_option_chain.csv").path

  static func ingest(_ file: String, _ db: String, _ extra: [String] = []) -> CommandOutput.Captured {
    CommandOutput.run(
      ["ingest", file, "--db", db, "--kind", "iv", "--symbol", "BTC-IV", "--expiry-column", "expiry",
       "--strike-column", "strike", "--value-column", "mark_iv", "--unit", "percent"] + extra)
  }

  @Test("a chain is stored as a surface: tenor = days to the expiry, moneyness = K/S, IV decimal")
  func storedSurface() throws {
    let folder = TemporaryFolder()
    let db = folder.path("m.sqlite")
    let output = Self.ingest(Self.fixture, db)
    #expect(output.status == 0, "\(output.standardError)")
    let points = try MarketDatabase(path: db).volatilitySurfaces(of: "BTC-IV", from: nil, to: nil)
    #expect(points.count == 13)
    // 2021-06-01 → 2021-06-25: 24 days; 30,000 / 36,000; 92.5 %.
    let first = try #require(points.first { $0.day == Day(iso: "2021-06-01")! && $0.tenorDays == 24 && abs($0.moneyness - 30_000.0 / 36_000) < 1e-12 })
    #expect(isClose(first.volatility, 0.925, relative: 1e-12))
    // 25JUN21 is the same expiry; 2021-06-02 → 2021-09-24 is 114 days at 45,000 / 37,500 = 1.2.
    #expect(points.contains { $0.tenorDays == 24 && abs($0.moneyness - 40_000.0 / 36_000) < 1e-12 })
    #expect(points.contains { $0.day == Day(iso: "2021-06-02")! && $0.tenorDays == 114 && abs($0.moneyness - 1.2) < 1e-12 && isClose($0.volatility, 0.85, relative: 1e-12) })
  }

  @Test("the engine reads the ingested surface: an ATM option is priced at the stored ATM IV")
  func engineReadsSurface() throws {
    let folder = TemporaryFolder()
    let db = folder.path("m.sqlite")
    #expect(Self.ingest(Self.fixture, db).status == 0)
    let prices = folder.write("btc.csv", "date,close\n2021-06-01,36000\n2021-06-02,37500\n")
    #expect(CommandOutput.run(["ingest", prices, "--db", db, "--kind", "price", "--symbol", "BTC"]).status == 0)
    let scenario = try ScenarioLoader.load(
      yaml: """
        name: chain
        calendar: calendar-365
        data: { underlyings: [BTC], volatility: { BTC: { surface: BTC-IV } }, rate: 0 }
        portfolio: { holdings: [ { symbol: BTC, units: 1 } ] }
        programs: [ { name: p, rules: [] } ]
        """, file: "chain.yaml")
    let tape = try MarketTape.load(scenario, from: try MarketDatabase(path: db))
    // 2021-06-02, K = S = F (rate 0), 23 days: the stored point 83.9 %, and between the
    // stored tenors (23 and 114 days) in total variance.
    let vol = tape.impliedVolatility(0, 1, strike: 37_500, timeToExpiry: 23.0 / 365)
    let longer = tape.impliedVolatility(0, 1, strike: 37_500, timeToExpiry: 60.0 / 365)
    let w = (60.0 - 23) / (114 - 23)
    let expected = (((1 - w) * 0.839 * 0.839 * 23 + w * 0.831 * 0.831 * 114) / 60).squareRoot()
    #expect(isClose(longer, expected, relative: 1e-9), "\(longer) vs \(expected)")
    #expect(isClose(vol, 0.839, relative: 1e-12), "\(vol)")
  }

  @Test("bad chains: expiry before the date, strike ≤ 0, decimal IV as percent, a missing column")
  func errors() throws {
    let folder = TemporaryFolder()
    let db = folder.path("m.sqlite")
    let header = "date,expiry,strike,underlying_price,mark_iv\n"
    let expired = folder.write("expired.csv", header + "2021-06-01,2021-06-25,30000,36000,92.5\n2021-06-26,2021-06-25,30000,36000,92.5\n")
    var output = Self.ingest(expired, db)
    #expect(output.status == 65)
    #expect(output.standardError.contains("expired.csv:3") && output.standardError.contains("not after the observation date"), "\(output.standardError)")
    #expect(output.standardError.contains("stored whole") && !output.standardError.contains("--skip-invalid"))
    let strike = folder.write("strike.csv", header + "2021-06-01,2021-06-25,0,36000,92.5\n")
    output = Self.ingest(strike, db)
    #expect(output.status == 65)
    #expect(output.standardError.contains("strike.csv:2") && output.standardError.contains("strike ('0') must be a positive number"), "\(output.standardError)")
    let decimal = folder.write("decimal.csv", header + (0..<12).map { "2021-06-01,2021-06-25,\(30_000 + 1000 * $0),36000,0.8\($0 % 10)\n" }.joined())
    output = Self.ingest(decimal, db)
    #expect(output.status != 0)
    #expect(output.standardError.contains("decimal.csv") && output.standardError.contains("'mark_iv' look like decimals"), "\(output.standardError)")
    output = Self.ingest(Self.fixture, db, ["--underlying-column", "index"])
    #expect(output.status != 0)
    #expect(output.standardError.contains("index") && output.standardError.contains("underlying_price"), "\(output.standardError)")
    #expect(throws: (any Error).self) {
      try HedgeLab.parseAsRoot(["ingest", "f.csv", "--db", "d.sqlite", "--kind", "price", "--symbol", "X", "--expiry-column", "e", "--strike-column", "k"])
    }
  }
}
