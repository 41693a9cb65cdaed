import Foundation
import HedgeLabTestSupport
import Testing

@testable import MarketData

private func logReturns(_ h: [SyntheticMarket.DayState]) -> [Double] {
  (1..<h.count).map { log(h[$0].close / h[$0 - 1].close) }
}

private func correlation(_ a: [Double], _ b: [Double]) -> Double {
  let ma = a.reduce(0, +) / Double(a.count)
  let mb = b.reduce(0, +) / Double(b.count)
  var sab = 0.0
  var saa = 0.0
  var sbb = 0.0
  for i in a.indices {
    sab += (a[i] - ma) * (b[i] - mb)
    saa += (a[i] - ma) * (a[i] - ma)
    sbb += (b[i] - mb) * (b[i] - mb)
  }
  return sab / (saa * sbb).squareRoot()
}

/// Index of the 30-day at-the-money quote in `impliedVolatilities` (tenor-major).
private let atm30 = SyntheticMarket.Parameters().moneynessLevels.firstIndex(of: 1.0)!

@Suite("Synthetic HLX history (Bates model): stylised facts of equity-index data")
struct SyntheticMarketTests {
  static let seeds: [UInt64] = [3, 7, 11, 42, 20_240_601]

  @Test("the same seed gives the same files; another seed another history")
  func deterministic() {
    let a = SyntheticMarket.files(seed: 11, years: 2)
    let b = SyntheticMarket.files(seed: 11, years: 2)
    let c = SyntheticMarket.files(seed: 12, years: 2)
    #expect(a == b)
    #expect(a[0].contents != c[0].contents)
  }

  @Test("at least ten years of weekdays from 2010-01-04, no weekends")
  func calendar() {
    let days = SyntheticMarket.tradingDays(from: SyntheticMarket.defaultStart, years: 12)
    #expect(days.first == Day(iso: "2010-01-04"))
    #expect(days.count == 3_131)
    #expect(days.allSatisfy { !$0.isWeekend })
    #expect(days.last! < Day(iso: "2022-01-04")!)
  }

  @Test("variance risk premium: 30-day implied variance above realised variance on average", arguments: seeds)
  func varianceRiskPremium(seed: UInt64) {
    let h = SyntheticMarket.simulate(seed: seed, years: 12)
    let r = logReturns(h)
    let realisedVariance = r.map { $0 * $0 }.reduce(0, +) / Double(r.count) * 252
    let impliedVariance = h.map { $0.impliedVolatilities[atm30] * $0.impliedVolatilities[atm30] }.reduce(0, +) / Double(h.count)
    #expect(impliedVariance > realisedVariance, "seed \(seed)")
    // And in volatility terms against the trailing one-month realised volatility.
    var trailing: [Double] = []
    for i in 21..<r.count { trailing.append((r[(i - 21)..<i].map { $0 * $0 }.reduce(0, +) / 21 * 252).squareRoot()) }
    let meanIV = h.dropFirst(22).map { $0.impliedVolatilities[atm30] }.reduce(0, +) / Double(h.count - 22)
    #expect(meanIV > trailing.reduce(0, +) / Double(trailing.count) + 0.01, "seed \(seed)")
  }

  @Test("leverage, clustering, jumps: returns fall when implied volatility rises", arguments: seeds)
  func stylisedFacts(seed: UInt64) {
    let h = SyntheticMarket.simulate(seed: seed, years: 12)
    let r = logReturns(h)
    let dIV = (1..<h.count).map { h[$0].impliedVolatilities[atm30] - h[$0 - 1].impliedVolatilities[atm30] }
    #expect(correlation(r, dIV) < -0.3, "leverage effect, seed \(seed)")
    let absolute = r.map(abs)
    #expect(correlation(Array(absolute.dropLast()), Array(absolute.dropFirst())) > 0.1, "volatility clustering, seed \(seed)")
    #expect(abs(correlation(Array(r.dropLast()), Array(r.dropFirst()))) < 0.1, "returns nearly uncorrelated, seed \(seed)")
    #expect(h.contains { $0.jumped }, "jumps, seed \(seed)")
    let sd = (r.map { $0 * $0 }.reduce(0, +) / Double(r.count)).squareRoot()
    #expect(r.min()! < -5 * sd, "a crash day beyond five standard deviations, seed \(seed)")
  }

  @Test("skew and bars: puts dearer than calls, low ≤ open, close ≤ high, positive rates and yields")
  func skewAndBars() {
    let p = SyntheticMarket.Parameters()
    let h = SyntheticMarket.simulate(seed: 11, years: 12)
    let m80 = p.moneynessLevels.firstIndex(of: 0.8)!
    let m100 = p.moneynessLevels.firstIndex(of: 1.0)!
    let m110 = p.moneynessLevels.firstIndex(of: 1.1)!
    var skew = 0.0
    for s in h {
      for t in p.tenors.indices {
        let base = t * p.moneynessLevels.count
        #expect(s.impliedVolatilities[base + m80] > s.impliedVolatilities[base + m100])
        skew += s.impliedVolatilities[base + m80] - s.impliedVolatilities[base + m110]
      }
      #expect(s.low <= min(s.open, s.close) && s.high >= max(s.open, s.close) && s.low > 0)
      #expect(s.rate >= 0 && s.dividendYield > 0 && s.dividendYield < 0.1)
    }
    // SPX-like: the 80 % put about 10 volatility points over the 110 % call on average.
    #expect(skew / Double(h.count * p.tenors.count) > 0.05)
  }

  @Test("the files in Data/ are exactly what 'hedgelab generate --seed 11 --years 12' writes, and ingest cleanly")
  func committedData() throws {
    let folder = SharedData.projectRoot.appendingPathComponent("Data")
    let db = try MarketDatabase.inMemory()
    for file in SyntheticMarket.files(seed: 11, years: 12) {
      let committed = try String(contentsOf: folder.appendingPathComponent(file.name), encoding: .utf8)
      #expect(committed == file.contents, "Data/\(file.name) is stale: regenerate it with the command in Data/README.md")
    }
    var prices = IngestOptions(kind: .price)
    prices.symbol = "HLX"
    #expect(try db.ingest(file: folder.appendingPathComponent("hlx_prices.csv").path, options: prices).inserted == 3_131)
    var iv = IngestOptions(kind: .impliedVolatility)
    iv.unit = .decimal
    #expect(try db.ingest(file: folder.appendingPathComponent("hlx_iv.csv").path, options: iv).inserted == 3_131 * 12)
    var rate = IngestOptions(kind: .rate)
    rate.symbol = "HL3M"
    rate.unit = .percent
    rate.rateConvention = .simple
    rate.tenorDays = 91
    #expect(try db.ingest(file: folder.appendingPathComponent("hl3m_rate.csv").path, options: rate).inserted == 3_131)
    var yield = IngestOptions(kind: .dividendYield)
    yield.symbol = "HLX"
    yield.unit = .decimal
    #expect(try db.ingest(file: folder.appendingPathComponent("hlx_dividend_yield.csv").path, options: yield).inserted == 3_131)
    #expect(try db.atTheMoneyTenors(of: "HLX") == [30, 91])
    #expect(try db.volatilityPoints(of: "HLX", on: Day(iso: "2015-06-01")!).count == 12)
  }
}
