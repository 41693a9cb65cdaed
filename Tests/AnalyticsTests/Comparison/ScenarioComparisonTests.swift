import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

@testable import Analytics

/// Both defined and within `relative` of each other.
private func isClose(_ a: Double?, _ b: Double?, relative: Double) -> Bool {
  guard let a, let b else { return false }
  return HedgeLabTestSupport.isClose(a, b, relative: relative)
}

/// `ScenarioComparison` on the demo scenario (real pipeline) and on hand-computed series.
@Suite("Scenario comparison")
struct ScenarioComparisonTests {
  static func demo() throws -> ScenarioComparison { try DemoRun.full.get().comparison }

  @Test("baseline first, then each hedge followed by its same-beta stock+cash benchmark")
  func order() throws {
    let c = try Self.demo()
    #expect(c.baselineName == "unhedged")
    #expect(
      c.reports.map(\.name) == [
        "unhedged", "protective-put-95", "protective-put-95 stock+cash", "collar-95-110",
        "collar-95-110 stock+cash", "put-spread-95-80", "put-spread-95-80 stock+cash",
        "delta-hedged", "delta-hedged stock+cash",
      ])
    #expect(c.reports[0].role == .baseline)
    #expect(c.reports[1].role == .hedge)
    guard case .stockCashBenchmark(let of, let w) = c.reports[2].role else {
      Issue.record("the third column must be a benchmark")
      return
    }
    #expect(of == "protective-put-95")
    #expect(w == c.reports[1].stockWeight)
    // Every report has the same rows in the same order.
    let keys = c.reports[0].rows.map(\.key)
    #expect(c.reports.allSatisfy { $0.rows.map(\.key) == keys })
    #expect(Set(keys).count == keys.count, "row keys are unique")
    #expect(c.rollPeriod.tradingDays == 21, "30-day options held to expiry: 21 trading days")
  }

  @Test("a baseline listed after the hedges still comes first")
  func baselineMovesFirst() throws {
    let text = try DemoRun.scenarioText()
    let hedgesFirst = text.replacingOccurrences(
      of: "  - name: unhedged\n    rules: []\n", with: ""
    ) + "  - name: unhedged\n    rules: []\n"
    let run = try DemoRun.run(from: DemoRun.goldenFrom, to: DemoRun.goldenTo, yaml: hedgesFirst)
    #expect(run.scenario.programs.last?.name == "unhedged")
    #expect(run.comparison.reports.first?.name == "unhedged")
    #expect(run.comparison.reports.first?.role == .baseline)
  }

  /// Sharpe (1964): mixing a risky asset with cash scales its excess return and its
  /// volatility by the same weight, so the mix keeps the asset's Sharpe ratio exactly, and its
  /// beta is the weight times the asset's beta, up to the tiny covariance of the daily cash
  /// return with the underlying (Friday-to-Monday returns earn three days of interest).
  @Test("the stock+cash mix has the hedge's beta and the baseline's Sharpe and Sortino ratios")
  func benchmarkIdentities() throws {
    let c = try Self.demo()
    let baseline = c.reports[0].summary
    for (k, report) in c.reports.enumerated() {
      guard case .stockCashBenchmark = report.role else { continue }
      let hedge = c.reports[k - 1].summary
      #expect(isClose(report.summary.betaToUnderlying, hedge.betaToUnderlying, relative: 1e-4))
      #expect(isClose(report.summary.sharpeRatio, baseline.sharpeRatio, relative: 1e-9))
      #expect(isClose(report.summary.sortinoRatio, baseline.sortinoRatio, relative: 1e-9))
      #expect(report.efficiency == nil && report.attribution == nil && report.program == nil)
    }
  }

  @Test("stock+cash mix by hand: 100 → 110 → 99 at w = 0.5 with 0.1 % cash a day")
  func benchmarkByHand() throws {
    let baseline = try Build.curve(["2024-01-01", "2024-01-02", "2024-01-03"], [100, 110, 99])
    let mix = try StockCashBenchmark.curve(
      baseline: baseline, stockWeight: 0.5, riskFree: [0.001, 0.001], name: "mix")
    // 100·(1 + 0.5·0.1 + 0.5·0.001) = 105.05; ·(1 + 0.5·(−0.1) + 0.0005) = 99.850025
    #expect(isClose(mix.values[1], 105.05, relative: 1e-14))
    #expect(isClose(mix.values[2], 99.850025, relative: 1e-14))
    #expect(StockCashBenchmark.stockWeight(programBeta: 0.75, baselineBeta: 0.5) == 1.5)
    #expect(StockCashBenchmark.stockWeight(programBeta: 0.6, baselineBeta: 0.05) == nil)
    #expect(StockCashBenchmark.stockWeight(programBeta: 3, baselineBeta: 1) == nil)
    #expect(StockCashBenchmark.stockWeight(programBeta: nil, baselineBeta: 1) == nil)
    #expect(throws: AnalyticsError.self) {
      try StockCashBenchmark.curve(baseline: baseline, stockWeight: 0.5, riskFree: [0], name: "mix")
    }
  }

  /// Premiums paid − payoffs received − value still held = −(options' P&L): the ledger and the
  /// daily record must tell the same story when the portfolio starts without options.
  @Test("cost of protection from the ledger equals minus the options' P&L of the daily record")
  func costOfProtectionMatchesOptionPnL() throws {
    let c = try Self.demo()
    for report in c.programReports {
      guard let e = report.efficiency, let p = report.program else { continue }
      let optionPnL = p.daily.pnlOptions.reduce(0, +)
      if e.costOfProtection != nil {
        #expect(
          abs((e.optionPremiumsPaid - e.optionPayoffsReceived) + optionPnL) < 1e-6 * e.optionPremiumsPaid,
          "\(report.name)")
        #expect(e.costOfProtection!.annualFractionOfPortfolio > 0, "protection costs money")
      } else {
        #expect(optionPnL == 0, "\(report.name) holds no options")
      }
      #expect(isClose(e.transactionCosts, p.summary.totalCosts, relative: 1e-12))
      #expect(e.tradeCount == p.summary.tradeCount)
    }
  }

  @Test("P&L by source adds up to the change in value; the greeks explain most of it")
  func attribution() throws {
    let c = try Self.demo()
    for report in c.programReports {
      let a = try #require(report.attribution)
      let p = try #require(report.program)
      let change = p.daily.value.last! - p.summary.initialValue
      #expect(isClose(a.pnl.cumulativeTotal.last, change, relative: 1e-9), "\(report.name)")
      #expect(abs(a.pnl.cumulativeResidual!.last!) < 1e-6 * abs(change), "\(report.name)")
      guard let greeks = a.greeks else {
        #expect(!p.trades.contains { $0.instrument.kind == .option }, "\(report.name)")
        continue
      }
      // Day-by-day, the greek terms should explain most of the variance of the market P&L
      // (Taleb 1997, ch. 7): R² = 1 − Var(residual) / Var(actual).
      let residual = SampleMoments(greeks.map(\.residual)).sampleVariance!
      let actual = SampleMoments(greeks.map(\.actual)).sampleVariance!
      #expect(1 - residual / actual > 0.9, "\(report.name): R² \(1 - residual / actual)")
    }
  }

  @Test("the delta program replicating the 95 % put is measured against protective-put-95")
  func hedgingErrorTarget() throws {
    let c = try Self.demo()
    let delta = try #require(c.reports.first { $0.name == "delta-hedged" })
    let put = try #require(c.reports.first { $0.name == "protective-put-95" })
    #expect(delta.efficiency?.hedgingTarget == .program("protective-put-95"))
    #expect(put.efficiency?.hedgingTarget == nil, "an option overlay has no hedging error")
    // Recompute the errors independently from the daily records.
    let d = try #require(delta.program?.daily)
    let q = try #require(put.program?.daily)
    var errors = [Double]()
    for t in 1..<d.value.count {
      let target = (q.pnlUnderlying[t] + q.pnlOptions[t]) / q.value[t - 1] * d.value[t - 1]
      errors.append(d.pnlUnderlying[t] + d.pnlOptions[t] - target)
    }
    let error = try #require(delta.efficiency?.hedgingError)
    #expect(isClose(error.standardDeviation, SampleMoments(errors).sampleStandardDeviation, relative: 1e-9))
    #expect(error.optionPremium! > 0)
  }

  @Test("a delta-neutral book is measured against zero; without its put program, no error")
  func hedgingErrorZeroTarget() throws {
    let text = try DemoRun.scenarioText().replacingOccurrences(
      of: "{ type: delta, synthetic-put: { strike: 0.95, tenor-days: 30 }, every-days: 1 }",
      with: "{ type: delta, every-days: 1 }")
    let run = try DemoRun.run(from: DemoRun.goldenFrom, to: DemoRun.goldenTo, yaml: text)
    let delta = try #require(run.comparison.reports.first { $0.name == "delta-hedged" })
    #expect(delta.efficiency?.hedgingTarget == .zero)
    let market = ScenarioComparison.marketPnL(try #require(delta.program))
    #expect(
      isClose(
        delta.efficiency?.hedgingError?.rootMeanSquare,
        (market.map { $0 * $0 }.reduce(0, +) / Double(market.count)).squareRoot(), relative: 1e-12))

    let withoutPut = try DemoRun.scenarioText().replacingOccurrences(
      of: "{ type: protective-put, strike: 0.95, tenor-days: 30 }",
      with: "{ type: protective-put, strike: 0.96, tenor-days: 30 }")
    let other = try DemoRun.run(from: DemoRun.goldenFrom, to: DemoRun.goldenTo, yaml: withoutPut)
    let replicated = try #require(other.comparison.reports.first { $0.name == "delta-hedged" })
    #expect(replicated.efficiency?.hedgingError == nil)
    #expect(other.comparison.notes.contains { $0.hasPrefix("no hedging error for delta-hedged") })
  }

  @Test("a short straddle book: the first program is the baseline, one note, no benchmarks")
  func bookWithoutMarketExposure() throws {
    let text = try DemoRun.scenarioText()
    let head = String(text[..<text.range(of: "portfolio:")!.lowerBound])
    let yaml = head + """
      portfolio:
        cash: 1000000
      programs:
        - name: straddle
          rules:
            - &straddle { type: options, notional: 1000000, tenor-days: 30, legs: [ { kind: call, strike: 1.0, ratio: -1 }, { kind: put, strike: 1.0, ratio: -1 } ] }
        - name: straddle-delta-hedged
          rules:
            - *straddle
            - { type: delta, every-days: 1 }

      """
    let c = try DemoRun.run(from: DemoRun.goldenFrom, to: DemoRun.goldenTo, yaml: yaml).comparison
    #expect(c.baselineName == "straddle")
    #expect(c.reports.map(\.name) == ["straddle", "straddle-delta-hedged"])
    #expect(c.notes.count == 1)
    #expect(c.notes.first?.hasPrefix("no stock+cash benchmarks: the beta of straddle (") == true)
    let hedged = c.reports[1]
    #expect(hedged.efficiency?.hedgingTarget == .zero)
    #expect(hedged.stockWeight == nil)
    // Delta hedging removes most of the book's daily variance.
    #expect(try #require(hedged.summary.hedgeEffectivenessDaily) > 0.3)
  }

  @Test("roll period: the most common option roll interval, in steps")
  func rollPeriod() throws {
    var scenario = try DemoRun.golden.get().scenario
    #expect(try ScenarioComparison.rollPeriod(of: scenario, stepsPerYear: 252).tradingDays == 21)
    #expect(try ScenarioComparison.rollPeriod(of: scenario, stepsPerYear: 365).tradingDays == 30)
    let legs = [OptionOverlay.Leg(kind: .put, strike: 0.95, ratio: 1)]
    scenario.programs = [
      Program(name: "a", rules: [.overlay(.protectivePut, .init(legs: legs, tenorDays: 91, roll: .everyDays(10)))]),
      Program(name: "b", rules: [.overlay(.protectivePut, .init(legs: legs, tenorDays: 91, roll: .everyDays(10)))]),
      Program(name: "c", rules: [.overlay(.protectivePut, .init(legs: legs, tenorDays: 91))]),
    ]
    #expect(try ScenarioComparison.rollPeriod(of: scenario, stepsPerYear: 252).tradingDays == 10)
    scenario.programs = [Program(name: "none", rules: [])]
    #expect(try ScenarioComparison.rollPeriod(of: scenario, stepsPerYear: 252).tradingDays == 21)
  }

  @Test("the table aligns every column and the JSON keeps its keys in row order")
  func tableAndJSON() throws {
    let c = try DemoRun.golden.get().comparison
    let text = ComparisonTable.text(c)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0].hasPrefix("demo: HLX, 2016-01-01 to 2016-12-30, 261 days; baseline unhedged"))
    // Value rows end at the same column as the header's last name.
    let header = lines[2]
    let width = header.count
    for line in lines.prefix(while: { $0 != "notes:" && $0 != "programs:" }) where line.hasPrefix("  ") {
      #expect(line.count == width, "\(line)")
    }
    #expect(text.contains("  Cost of protection a year (% of portfolio)"))

    let json = ComparisonTable.json(c)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let programs = try #require(object["programs"] as? [[String: Any]])
    #expect(programs.map { $0["name"] as? String } == c.reports.map(\.name))
    #expect(programs[0]["role"] as? String == "baseline")
    #expect(programs[2]["benchmark_of"] as? String == "protective-put-95")
    let metrics = try #require(programs[1]["metrics"] as? [String: Any])
    #expect(metrics["cagr_pct"] is Double)
    #expect(metrics["hedging_error_std_currency"] is NSNull)
    // Stable keys: the first metric keys appear in row order in the text.
    let keys = c.reports[0].rows.map(\.key)
    var position = json.startIndex
    for key in keys.prefix(10) {
      let range = try #require(json.range(of: "\"\(key)\"", range: position..<json.endIndex))
      position = range.upperBound
    }
  }
}
