import Foundation
import HedgeLabTestSupport
import Testing

@testable import MarketData

/// The DVOL-like index and funding generated for the real BTC history (`generate --model crypto`).
@Suite(
  "Synthetic crypto volatility and funding on the real BTC history",
  .enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason)))
struct SyntheticCryptoTests {
  static func btc() throws -> DailySeries {
    let db = try MarketDatabase.inMemory()
    var options = IngestOptions(kind: .price)
    options.symbol = "BTC"
    _ = try db.ingest(file: SharedData.file("crypto/btc_daily.csv").path, options: options)
    return try db.closes(of: "BTC", from: nil, to: nil)
  }

  @Test("deterministic, bounded, a variance premium, clustering, and funding that rises in rallies")
  func properties() throws {
    let closes = try Self.btc()
    let a = SyntheticCrypto.series(days: closes.days, closes: closes.values, seed: 7)
    #expect(a == SyntheticCrypto.series(days: closes.days, closes: closes.values, seed: 7))
    #expect(a != SyntheticCrypto.series(days: closes.days, closes: closes.values, seed: 8))
    #expect(a.impliedVolatility.allSatisfy { $0 >= 0.2 && $0 <= 3 })
    #expect(a.fundingRates.allSatisfy { abs($0) <= 0.0009 })
    #expect(a.fundingRates.count == 3 * closes.count)
    let r = zip(closes.values.dropFirst(), closes.values).map { Foundation.log($0 / $1) }
    // Variance premium: implied variance today above the realised variance of the next 30
    // days, on average over the history.
    var implied = 0.0
    var realised = 0.0
    var n = 0.0
    for t in stride(from: 30, to: r.count - 30, by: 1) {
      implied += a.impliedVolatility[t] * a.impliedVolatility[t]
      realised += r[t..<(t + 30)].map { $0 * $0 }.reduce(0, +) / 30 * 365
      n += 1
    }
    #expect(implied / n > realised / n, "implied \(implied / n), realised \(realised / n)")
    // Clustering: the implied level follows the size of recent moves (correlation of IV with
    // the absolute return of the last 10 days is clearly positive).
    var x: [Double] = []
    var y: [Double] = []
    for t in 10..<r.count {
      x.append(r[(t - 10)..<t].map { abs($0) }.reduce(0, +))
      y.append(a.impliedVolatility[t])
    }
    #expect(correlation(x, y) > 0.5, "\(correlation(x, y))")
    // Funding: higher after 30-day rallies than after 30-day sell-offs.
    var up: [Double] = []
    var down: [Double] = []
    for t in 30..<closes.count {
      let dailyFunding = a.fundingRates[(3 * t)..<(3 * t + 3)].reduce(0, +)
      if closes.values[t] > closes.values[t - 30] { up.append(dailyFunding) } else { down.append(dailyFunding) }
    }
    #expect(mean(up) > 0.0003 && mean(down) < mean(up) / 2, "up \(mean(up)), down \(mean(down))")
  }

  func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }

  func correlation(_ x: [Double], _ y: [Double]) -> Double {
    let mx = mean(x)
    let my = mean(y)
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for (a, b) in zip(x, y) {
      sxy += (a - mx) * (b - my)
      sxx += (a - mx) * (a - mx)
      syy += (b - my) * (b - my)
    }
    return sxy / (sxx * syy).squareRoot()
  }
}
