import Foundation
import HedgeLabTestSupport
import MarketData
import Testing

@testable import Analytics

/// The report's tearsheet views, on hand-built curves whose answers are known exactly, and
/// the program explanations on the demo run.
@Suite("Tearsheet: calendar returns, drawdown episodes, rolling beta and Sharpe, crisis windows")
struct TearsheetTests {
  static func curve(_ values: [Double], from start: String = "2019-12-30") -> EquityCurve {
    let first = Day(iso: start)!
    // Valid by construction: increasing days, positive values.
    return try! EquityCurve(days: values.indices.map { first + $0 }, values: values, name: "test")
  }

  @Test("yearly returns compound the months: 100 → 110 (2019) → 99 (2020) gives +10 % and −10 %")
  func yearlyReturns() {
    // 2019-12-30, 2019-12-31, 2020-01-01, 2020-01-02
    let years = Tearsheet.yearlyReturns(Self.curve([100, 110, 104.5, 99]))
    #expect(years.map(\.year) == [2019, 2020])
    #expect(isClose(years[0].value, 0.10, relative: 1e-12))
    #expect(isClose(years[1].value, -0.10, relative: 1e-12))
  }

  @Test("drawdown episodes: peak, trough, recovery and length; deepest first; an open one has no recovery")
  func drawdownEpisodes() {
    //                     0    1   2    3    4   5    6    7
    let c = Self.curve([100, 90, 100, 120, 60, 90, 130, 117], from: "2021-01-04")
    let episodes = Tearsheet.worstDrawdowns(c, count: 5)
    #expect(episodes.count == 3)
    #expect(isClose(episodes[0].depth, -0.5, relative: 1e-12))
    #expect(episodes[0].peak == c.days[3] && episodes[0].trough == c.days[4] && episodes[0].recovery == c.days[6])
    #expect(episodes[0].length == 3)
    #expect(isClose(episodes[1].depth, -0.1, relative: 1e-12))
    // The last one (130 → 117, also −10 %) is still open at the end.
    #expect(episodes.contains { $0.recovery == nil && $0.peak == c.days[6] && $0.length == 1 })
    #expect(Tearsheet.worstDrawdowns(c, count: 1).count == 1)
  }

  @Test("rolling beta of a program that moves twice the underlying is 2; undefined where the underlying is flat")
  func rollingBeta() {
    var rng = SplitMix64(seed: 7)
    var spot = [100.0]
    var value = [1_000.0]
    for _ in 0..<300 {
      let r = rng.uniform(-0.02, 0.02)
      spot.append(spot.last! * (1 + r))
      value.append(value.last! * (1 + 2 * r))
    }
    let beta = Tearsheet.rollingBeta(value, underlying: spot, window: 126)
    #expect(beta.count == 300 - 126 + 1)
    #expect(beta.allSatisfy { $0.map { isClose($0, 2, relative: 1e-9) } ?? false })
    let flat = Tearsheet.rollingBeta(value, underlying: [Double](repeating: 100, count: 301), window: 126)
    #expect(flat.allSatisfy { $0 == nil })
  }

  @Test("rolling Sharpe: mean/std of excess returns × √252 (hand-computed), nil for a cash-like curve")
  func rollingSharpe() {
    // Alternating +2 %, −1 % on weekdays, zero rate: mean 0.005, sample std of the pair.
    var values = [100.0]
    for i in 0..<10 { values.append(values.last! * (i % 2 == 0 ? 1.02 : 0.99)) }
    let days = (0..<11).map { Day(iso: "2021-01-04")! + $0 }
    let sharpe = Tearsheet.rollingSharpe(values, days: days, riskFreeRates: [Double](repeating: 0, count: 11), window: 4, periodsPerYear: 252)
    let mean = 0.005
    let sd = ((2 * 0.015 * 0.015 + 2 * 0.015 * 0.015) / 3).squareRoot()
    #expect(sharpe.count == 7)
    #expect(isClose(sharpe[0]!, mean / sd * 252.0.squareRoot(), relative: 1e-9))
    let cash = Tearsheet.rollingSharpe([Double](repeating: 1, count: 11), days: days, riskFreeRates: [Double](repeating: 0, count: 11), window: 4, periodsPerYear: 252)
    #expect(cash.allSatisfy { $0 == nil })
  }

  @Test("crisis windows: the S&P 500 peak-to-trough dates; a window outside the run is undefined with its reason")
  func crisisWindows() {
    #expect(Tearsheet.crisisWindows.count == 7)
    #expect(Tearsheet.crisisWindows.map { $0.from.description } == [
      "1990-07-16", "1998-07-17", "2000-03-24", "2007-10-09", "2011-04-29", "2018-09-20", "2020-02-19",
    ])
    let c = Self.curve([100, 90, 80, 85], from: "2020-02-18")
    let covid = Tearsheet.crisisWindows[6]
    // The run ends 2020-02-21, before the window's end.
    #expect(Tearsheet.windowReturn(days: c.days, values: c.values, window: covid) == .undefined(reason: "after the run (ends 2020-02-21)"))
    let gulf = Tearsheet.crisisWindows[0]
    #expect(Tearsheet.windowReturn(days: c.days, values: c.values, window: gulf) == .undefined(reason: "before the run (starts 2020-02-18)"))
    let inside = Tearsheet.CrisisWindow(name: "t", from: Day(iso: "2020-02-19")!, to: Day(iso: "2020-02-20")!)
    #expect(Tearsheet.windowReturn(days: c.days, values: c.values, window: inside) == .value(80.0 / 90.0 - 1))
  }

  @Test("every simulated program gets one explanation line: what it holds, how often it trades, what it pays")
  func explanations() throws {
    let comparison = try DemoRun.golden.get().comparison
    let lines = ComparisonTable.explanations(comparison)
    #expect(lines.count == comparison.programReports.count)
    for (line, report) in zip(lines, comparison.programReports) {
      #expect(line.hasPrefix("\(report.name): holds "), "\(line)")
      #expect(line.contains(" trades ") && line.contains(" pays "), "\(line)")
    }
    #expect(lines[0].contains("holds the portfolio alone"))
    #expect(lines.contains { $0.contains("protective-put put 0.95 × 30 d, held to expiry") })
  }
}
