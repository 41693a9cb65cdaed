import Foundation
import HedgeLabTestSupport
import Testing

@testable import Simulation

/// Block bootstrap of a daily history: block structure, same-day pairing of returns and
/// implied-volatility changes, and the dependence between them on real S&P 500 / VIX data.
@Suite("Historical block bootstrap")
struct HistoricalBootstrapTests {
  /// A history whose days are recognisable: return of day i = 0.001·(i + 1), volatility change
  /// of day i = −0.5 × that.
  static let days = 997
  static let returns = (0..<days).map { 0.001 * Double($0 + 1) }
  static let changes = returns.map { -0.5 * $0 }

  static func bootstrap(_ blocks: HistoricalBootstrap.BlockScheme) throws -> HistoricalBootstrap {
    try HistoricalBootstrap(
      logReturns: returns, impliedVolatilityLogChanges: changes, blocks: blocks, spot: 50,
      impliedVolatility: 0.25)
  }

  @Test("Fixed blocks: every block is `length` consecutive days (circularly), starting every `length` steps")
  func fixedBlocks() throws {
    let paths = try Self.bootstrap(.fixed(length: 5)).paths(count: 300, steps: 23, timeStep: 1.0 / 252, seed: 1, threads: 2)
    let drawn = try #require(paths.historicalDays)
    for p in 0..<300 {
      for t in 1..<23 where t % 5 != 0 {
        #expect(drawn[p * 23 + t] == (drawn[p * 23 + t - 1] + 1) % Self.days, "path \(p) step \(t)")
      }
    }
    // Block starts are uniform over the days: their mean index is (n − 1)/2 within 4 SE.
    let starts = (0..<300).flatMap { p in stride(from: 0, to: 23, by: 5).map { drawn[p * 23 + $0] } }
    let standardError = (Double(Self.days * Self.days) / 12 / Double(starts.count)).squareRoot()
    #expect((PathStatistics.mean(starts.map(Double.init)) - Double(Self.days - 1) / 2).magnitude < 4 * standardError)
  }

  @Test("Stationary blocks: consecutive days, a new block after each day with probability 1/meanLength")
  func stationaryBlocks() throws {
    let paths = try Self.bootstrap(.stationary(meanLength: 10)).paths(count: 400, steps: 100, timeStep: 1.0 / 252, seed: 2, threads: 2)
    let drawn = try #require(paths.historicalDays)
    var breaks = 0
    var transitions = 0
    for p in 0..<400 {
      for t in 1..<100 {
        transitions += 1
        if drawn[p * 100 + t] != (drawn[p * 100 + t - 1] + 1) % Self.days { breaks += 1 }
      }
    }
    // A new block lands on the next day with probability 1/n, so breaks ~ Binomial(·, 0.1·(1 − 1/n)).
    let p = 0.1 * (1 - 1 / Double(Self.days))
    let fraction = Double(breaks) / Double(transitions)
    #expect((fraction - p).magnitude < 4 * (p * (1 - p) / Double(transitions)).squareRoot())
  }

  @Test("Each step applies the drawn day's return and the same day's volatility change")
  func samedayPairing() throws {
    let paths = try Self.bootstrap(.stationary(meanLength: 3)).paths(count: 50, steps: 40, timeStep: 1.0 / 252, seed: 3, threads: 1)
    let drawn = try #require(paths.historicalDays)
    let vols = try #require(paths.impliedVolatilities)
    for p in 0..<50 {
      #expect(paths.spot(path: p, step: 0) == 50 && vols[p * 41] == 0.25)
      for t in 0..<40 {
        let i = p * 41 + t
        let day = drawn[p * 40 + t]
        #expect((Foundation.log(paths.spots[i + 1] / paths.spots[i]) - Self.returns[day]).magnitude < 1e-12)
        #expect((Foundation.log(vols[i + 1] / vols[i]) - Self.changes[day]).magnitude < 1e-12)
      }
    }
  }

  @Test("Paths are identical for 1 and 2 threads")
  func determinism() throws {
    let model = try Self.bootstrap(.fixed(length: 7))
    let one = try model.paths(count: 31, steps: 50, timeStep: 1.0 / 252, seed: 4, threads: 1)
    let two = try model.paths(count: 31, steps: 50, timeStep: 1.0 / 252, seed: 4, threads: 2)
    #expect(one.spots == two.spots && one.historicalDays == two.historicalDays)
    #expect(one.impliedVolatilities == two.impliedVolatilities)
  }

  @Test("Misaligned or invalid histories are rejected with names and counts")
  func validation() throws {
    #expect(throws: MonteCarloError.self) {
      try HistoricalBootstrap(logReturns: [0.01, 0.02], impliedVolatilityLogChanges: [0.1], blocks: .fixed(length: 2), spot: 1, impliedVolatility: 0.2)
    }
    do {
      _ = try HistoricalBootstrap(closes: [100, 101, 0, 102], blocks: .fixed(length: 2))
      Issue.record("a zero close must be rejected")
    } catch {
      #expect(error.description.hasPrefix("closes[2] (0.0) must be positive and finite"))
    }
    let model = try HistoricalBootstrap(closes: [100, 101, 102], blocks: .stationary(meanLength: 0.5))
    #expect(throws: MonteCarloError.self) {
      try model.paths(count: 1, steps: 1, timeStep: 1.0 / 252, seed: 1, threads: 1)
    }
  }

  /// Closes of the S&P 500 and VIX (as a decimal) on the days both files have.
  static func spxAndVix() throws -> (closes: [Double], vols: [Double]) {
    func read(_ name: String) throws -> [String: Double] {
      let text = try String(contentsOf: SharedData.file(name), encoding: .utf8)
      var values: [String: Double] = [:]
      for line in text.split(whereSeparator: \.isNewline).dropFirst() {
        let fields = line.split(separator: ",")
        if let value = fields.last.flatMap({ Double($0) }) { values[String(fields[0])] = value }
      }
      return values
    }
    let spx = try read("spx_daily.csv")
    let vix = try read("vix_daily.csv")
    let days = spx.keys.filter { vix[$0] != nil }.sorted()
    return (days.map { spx[$0]! }, days.map { vix[$0]! / 100 })
  }

  @Test("On S&P 500 and VIX history, bootstrapped returns and volatility changes keep their correlation",
        .enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason)))
  func realHistory() throws {
    let (closes, vols) = try Self.spxAndVix()
    #expect(closes.count > 8_000)
    let history = try HistoricalBootstrap(closes: closes, impliedVolatilities: vols, blocks: .stationary(meanLength: 20))
    let historical = PathStatistics.correlation(history.logReturns, history.impliedVolatilityLogChanges!)
    // The leverage effect: S&P 500 returns and VIX changes are strongly negatively correlated.
    #expect(historical < -0.6)
    let paths = try history.paths(count: 500, steps: 252, timeStep: 1.0 / 252, seed: 5, threads: 2)
    let pathVols = try #require(paths.impliedVolatilities)
    var returns: [Double] = []
    var changes: [Double] = []
    for p in 0..<500 {
      for t in 0..<252 {
        let i = p * 253 + t
        returns.append(Foundation.log(paths.spots[i + 1] / paths.spots[i]))
        changes.append(Foundation.log(pathVols[i + 1] / pathVols[i]))
      }
    }
    // 126000 draws in about 6300 blocks of 20 days: the correlation is estimated to about ±0.01.
    #expect((PathStatistics.correlation(returns, changes) - historical).magnitude < 0.04)
    #expect(pathVols.allSatisfy { $0 > 0 && $0.isFinite })
    #expect(paths.spot(path: 0, step: 0) == closes.last)
  }
}
