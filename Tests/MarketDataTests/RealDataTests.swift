import Foundation
import HedgeLabTestSupport
import Testing

@testable import MarketData

/// Ingests every file of `../shared/data` (see its README for units) into a fresh database.
/// Sources: Cboe VIX history; S&P 500 and 20 stocks from skfolio's datasets; FRED GS3M.
func ingestSharedData(into db: MarketDatabase) throws -> [String: IngestSummary] {
  var out: [String: IngestSummary] = [:]
  var spx = IngestOptions(kind: .price)
  spx.symbol = "SPX"
  out["spx"] = try db.ingest(file: SharedData.file("spx_daily.csv").path, options: spx)

  var vix = IngestOptions(kind: .impliedVolatility)
  vix.symbol = "VIX"
  vix.valueColumn = "close"
  vix.unit = .percent
  vix.tenorDays = 30
  vix.moneyness = 1
  out["vix"] = try db.ingest(file: SharedData.file("vix_daily.csv").path, options: vix)

  var stocks = IngestOptions(kind: .price)
  stocks.layout = .wide
  out["stocks"] = try db.ingest(file: SharedData.file("stocks20_prices.csv").path, options: stocks)

  // "3-month" implied volatility: 91 calendar days (3 × 365/12, rounded).
  var iv = IngestOptions(kind: .impliedVolatility)
  iv.layout = .wide
  iv.tenorDays = 91
  iv.moneyness = 1
  iv.unit = .decimal
  out["iv3m"] = try db.ingest(file: SharedData.file("stocks20_iv3m.csv").path, options: iv)

  var gs3m = IngestOptions(kind: .rate)
  gs3m.symbol = "GS3M"
  gs3m.dateFormat = .month
  gs3m.unit = .percent
  gs3m.rateConvention = .bondEquivalent
  gs3m.tenorDays = 91
  out["gs3m"] = try db.ingest(file: SharedData.file("gs3m_monthly.csv").path, options: gs3m)
  return out
}

@Suite("Real data: every file of ../shared/data", .enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason)))
struct RealDataTests {
  @Test("row counts, first and last dates, and values on known dates")
  func ingestEverything() throws {
    let folder = ScratchFolder()
    let db = try MarketDatabase(path: folder.path("real.sqlite"))
    let s = try ingestSharedData(into: db)

    // Row counts from ../shared/data/README.md.
    #expect(s["spx"]?.inserted == 8_313)
    #expect(s["vix"]?.inserted == 9_235)
    #expect(s["stocks"]?.inserted == 8_313 * 20)
    #expect(s["iv3m"]?.inserted == 3_270 * 20)
    #expect(s["gs3m"]?.inserted == 427)
    #expect(s.values.allSatisfy { $0.rejected == 0 && $0.changed == 0 && $0.duplicatesIgnored == 0 })

    let spx = try db.closes(of: "SPX", from: nil, to: nil)
    #expect(spx.days.first == Day(iso: "1990-01-02") && spx.days.last == Day(iso: "2022-12-28"))
    // S&P 500 close on 2008-10-10 in spx_daily.csv.
    #expect(try db.closes(of: "SPX", from: Day(iso: "2008-10-10"), to: Day(iso: "2008-10-10")).values == [899.22])

    let vix = try db.atTheMoneyVolatility(of: "VIX", tenorDays: 30, from: nil, to: nil)
    #expect(vix.days.first == Day(iso: "1990-01-02") && vix.days.last == Day(iso: "2026-07-23"))
    // Cboe VIX closes: 80.86 on 2008-11-20, 82.69 on 2020-03-16 (percentage points).
    let peaks = try db.atTheMoneyVolatility(of: "VIX", tenorDays: 30, from: Day(iso: "2008-11-20"), to: Day(iso: "2008-11-20"))
    #expect(peaks.values == [0.8086])
    let covid = try db.volatilityPoints(of: "VIX", on: Day(iso: "2020-03-16")!)
    #expect(covid.map(\.volatility) == [0.8269])

    let aapl = try db.closes(of: "AAPL", from: nil, to: nil)
    #expect(aapl.count == 8_313 && aapl.values.first == 0.264 && aapl.values.last == 125.674)
    let xomIV = try db.atTheMoneyVolatility(of: "XOM", tenorDays: 91, from: nil, to: nil)
    #expect(xomIV.count == 3_270 && xomIV.days.first == Day(iso: "2010-01-04") && xomIV.values.first == 0.201485)

    // Every quote in percent lands on the double nearest to its decimal value.
    let gsText = try db.csv(of: .rate, symbol: "GS3M", from: Day(iso: "1986-08-01"), to: Day(iso: "1986-08-01"))
    #expect(gsText.hasSuffix(",0.0569,bond-equivalent\n"))
    let gs3m = try db.rates("GS3M", from: nil, to: nil)
    #expect(gs3m.days.first == Day(iso: "1986-06-01") && gs3m.days.last == Day(iso: "2021-12-01"))
    let tau = 91.0 / 365
    #expect(isClose(gs3m.values.first!, log(1 + 0.064 * tau) / tau, relative: 1e-14))

    // The catalogue: 1 + 1 + 20 + 20 + 1 series.
    let catalogue = try db.catalogue()
    #expect(catalogue.count == 43)
    let vixEntry = try #require(catalogue.first { $0.symbol == "VIX" })
    #expect(vixEntry.unit == "decimal" && vixEntry.tenors == [30] && vixEntry.moneynessLevels == [1])
    let gsEntry = try #require(catalogue.first { $0.symbol == "GS3M" })
    #expect(gsEntry.frequency == "monthly" && gsEntry.gapCount == 0 && gsEntry.rows == 427)

    // Aligning calendars: VIX has days the S&P file lacks; forward-filling VIX onto the S&P
    // calendar within 5 days works over the common period.
    let common = spx.slice(from: Day(iso: "1990-01-02"), to: Day(iso: "2022-12-28")).days
    #expect(try vix.aligned(to: common, maxStaleDays: 5).count == common.count)
  }

  @Test("re-ingesting every file changes nothing")
  func reingestIsNoOp() throws {
    let db = try MarketDatabase.inMemory()
    _ = try ingestSharedData(into: db)
    let again = try ingestSharedData(into: db)
    #expect(again.values.allSatisfy { $0.inserted == 0 && $0.changed == 0 })
    #expect(again["spx"]?.unchanged == 8_313)
    #expect(try db.rowCount(.price) == 8_313 * 21)
    #expect(try db.ingestLog().count == 10)
  }
}
