import Analytics
import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

/// Programs run over a scenario's simulated paths with the ordinary engine: the same paths
/// for every program, results independent of the thread count, distributions that match
/// closed forms, and exact paired differences.
@Suite("Path sets")
struct PathSetRunnerTests {
  static let base = """
    name: paths-test
    data:
      underlyings: [IDX]
      rate: 0
    portfolio:
      holdings:
        - { symbol: IDX, units: 100 }
    costs:
      underlying-bps: 2
      option-half-spread: 0.02
    programs:
      - name: unhedged
        rules: []
      - name: puts
        rules:
          - { type: protective-put, strike: 0.95 }
      - name: synthetic-put
        rules:
          - { type: delta, synthetic-put: { strike: 0.95, tenor-days: 30 }, every-days: 1 }
    paths:
      model: gbm
      parameters: { volatility: 0.2 }
      count: 300
      horizon-days: 63
      seed: 11
      drift: 0.05
    """

  /// `text` with `old` replaced by `new` (which must occur exactly once).
  static func edit(_ old: String, _ new: String, in text: String = base) -> String {
    precondition(text.components(separatedBy: old).count == 2, "'\(old)' must occur once")
    return text.replacingOccurrences(of: old, with: new)
  }

  static func load(_ yaml: String) throws -> Scenario {
    try ScenarioLoader.load(yaml: yaml, file: "paths.yaml")
  }

  @Test("every program sees the same paths, whatever the programs run and their order")
  func samePathsForEveryProgram() throws {
    let all = try Self.load(Self.base)
    var reordered = all
    reordered.programs = [all.programs[2], all.programs[0]]
    let a = try PathSetRunner.run(all, history: nil, threads: 2, resamples: 200, hedgingError: HedgingError.pathMeasure)
    let b = try PathSetRunner.run(reordered, history: nil, threads: 2, resamples: 200, hedgingError: HedgingError.pathMeasure)
    for outcome in b.programs {
      let same = try #require(a.programs.first { $0.name == outcome.name })
      #expect(same.profitAndLoss == outcome.profitAndLoss, "\(outcome.name)")
      #expect(same.hedgingError == outcome.hedgingError, "\(outcome.name)")
      #expect(same.costs == outcome.costs, "\(outcome.name)")
    }
    // The spot paths themselves depend only on the paths: section.
    let p1 = try PathSetRunner.simulate(all, history: nil, threads: 1)
    let p2 = try PathSetRunner.simulate(reordered, history: nil, threads: 2)
    #expect(p1.spots == p2.spots)
    // A program run alone gives the results it gives among others.
    let alone = try PathSetRunner.run(all, history: nil, programs: ["puts"], threads: 1, resamples: 200, hedgingError: HedgingError.pathMeasure)
    #expect(alone.programs.map(\.name) == ["puts"])
    #expect(alone.programs[0].profitAndLoss == a.programs[1].profitAndLoss)
    #expect(alone.comparisons.isEmpty)
  }

  @Test("results are identical for 1, 2 and 3 threads")
  func threadCountIndependence() throws {
    let scenario = try Self.load(
      Self.edit("model: gbm\n  parameters: { volatility: 0.2 }", """
        model: heston
          parameters: { initial-variance: 0.04, mean-reversion: 2, long-run-variance: 0.05, vol-of-variance: 0.6, correlation: -0.7 }
          implied-volatility: { model: { premium: 0.02, tenor-days: 30 } }
        """))
    let runs = try [1, 2, 3].map {
      try PathSetRunner.run(scenario, history: nil, threads: $0, resamples: 300, hedgingError: HedgingError.pathMeasure)
    }
    for run in runs.dropFirst() {
      for (x, y) in zip(runs[0].programs, run.programs) {
        #expect(x.profitAndLoss == y.profitAndLoss)
        #expect(x.hedgingError == y.hedgingError)
        #expect(x.costs == y.costs)
        #expect(x.profitAndLossSummary == y.profitAndLossSummary)
      }
      for (x, y) in zip(runs[0].comparisons, run.comparisons) {
        #expect(x.profitAndLoss == y.profitAndLoss)
        #expect(x.hedgingError == y.hedgingError)
        #expect(x.costs == y.costs)
      }
    }
  }

  /// A holding of N units of a GBM with drift μ and no dividend, no costs, zero rate:
  /// `E[P&L] = N·S₀·(e^{μT} − 1)` with T = steps / steps-per-year (the lognormal mean,
  /// e.g. Hull, *Options, Futures, and Other Derivatives*, 10th ed., eq. 15.4).
  @Test("an unhedged holding's mean P&L on GBM matches the lognormal mean within its CI")
  func lognormalMean() throws {
    let scenario = try Self.load(
      Self.edit("count: 300\n  horizon-days: 63", "count: 4000\n  horizon-years: 1"))
    let result = try PathSetRunner.run(scenario, history: nil, programs: ["unhedged"], threads: 2, hedgingError: HedgingError.pathMeasure)
    let pnl = result.programs[0].profitAndLossSummary
    let expected = 100 * 100 * Foundation.expm1(0.05 * 1.0)
    let standardError = pnl.standardDeviation / Double(pnl.count).squareRoot()
    #expect(result.stepCount == 252)
    #expect(abs(pnl.mean - expected) < 2.58 * standardError, "mean \(pnl.mean), expected \(expected) ± \(2.58 * standardError)")
    // The standard deviation of N·S_T: N·S₀·e^{μT}·√(e^{σ²T} − 1).
    let expectedStd = 100 * 100 * Foundation.exp(0.05) * Foundation.expm1(0.04).squareRoot()
    #expect(abs(pnl.standardDeviation / expectedStd - 1) < 4 * pnl.standardDeviationRelativeError)
    #expect(result.programs[0].costsSummary.maximum == 0)
  }

  @Test("a book of cash only has zero hedging error and earns the rate")
  func cashOnlyBook() throws {
    let yaml = """
      name: cash
      data: { underlyings: [IDX], rate: 0.03 }
      portfolio: { cash: 1000000 }
      programs: [{ name: unhedged, rules: [] }]
      paths: { model: merton, parameters: { volatility: 0.2, jump-intensity: 1, jump-mean: -0.1, jump-volatility: 0.1 }, count: 50, horizon-days: 100 }
      """
    let result = try PathSetRunner.run(try Self.load(yaml), history: nil, threads: 1, hedgingError: HedgingError.pathMeasure)
    let outcome = result.programs[0]
    #expect(outcome.hedgingErrorSummary.maximum < 1e-6)
    // Interest over the calendar days of the synthetic weekdays: e^{r·days/365} − 1.
    let days = Double(result.firstDay.days(to: result.lastDay))
    let interest = 1_000_000 * Foundation.expm1(0.03 * days / 365)
    #expect(abs(outcome.profitAndLossSummary.mean - interest) < 1e-6)
    #expect(outcome.profitAndLossSummary.standardDeviation < 1e-6)
  }

  @Test("identical programs differ by exactly 0 with the interval [0, 0]")
  func identicalPrograms() throws {
    let yaml = Self.edit(
      "  - name: synthetic-put\n", "  - name: puts-again\n    rules:\n      - { type: protective-put, strike: 0.95 }\n  - name: synthetic-put\n")
    let result = try PathSetRunner.run(try Self.load(yaml), history: nil, programs: ["puts", "puts-again"], threads: 2, hedgingError: HedgingError.pathMeasure)
    #expect(result.comparisons.count == 1)
    let c = result.comparisons[0]
    #expect(c.program == "puts-again" && c.baseline == "puts")
    for d in [c.profitAndLoss, c.hedgingError, c.costs] {
      #expect(d.meanDifference == 0 && d.standardError == 0)
      #expect(d.lowerBound == 0 && d.upperBound == 0)
    }
  }

  @Test("paired differences are differences of the per-path results")
  func pairedAgainstBaseline() throws {
    let result = try PathSetRunner.run(try Self.load(Self.base), history: nil, threads: 2, resamples: 500, hedgingError: HedgingError.pathMeasure)
    #expect(result.comparisons.map(\.program) == ["puts", "synthetic-put"])
    for (c, outcome) in zip(result.comparisons, result.programs.dropFirst()) {
      let direct = zip(outcome.profitAndLoss, result.programs[0].profitAndLoss).map { $0 - $1 }
      let mean = direct.reduce(0, +) / Double(direct.count)
      #expect(abs(c.profitAndLoss.meanDifference - mean) < 1e-9 * max(1, abs(mean)))
      #expect(c.profitAndLoss.lowerBound <= c.profitAndLoss.meanDifference)
      #expect(c.profitAndLoss.upperBound >= c.profitAndLoss.meanDifference)
    }
    // Puts cost premiums and spreads: every path pays costs, the unhedged book none.
    #expect(result.programs[1].costsSummary.minimum > 0)
    #expect(result.comparisons[0].costs.lowerBound > 0)
  }

  @Test("implied volatility along the path: constant, model, and Heston's variance")
  func impliedVolatilityChoices() throws {
    let constant = try Self.load(Self.edit("drift: 0.05", "drift: 0.05\n  implied-volatility: 0.25"))
    #expect(PathSetRunner.impliedVolatility(of: constant) == .constant(0.25))
    let fromData = try Self.load(Self.edit("rate: 0", "rate: 0\n  volatility: { IDX: 0.3 }"))
    #expect(PathSetRunner.impliedVolatility(of: fromData) == .constant(0.3))
    let model = try Self.load(Self.base)
    #expect(PathSetRunner.impliedVolatility(of: model) == .model(premium: 0, tenorDays: 0))
    let heston = try Self.load(
      Self.edit("model: gbm\n  parameters: { volatility: 0.2 }", """
        model: heston
          parameters: { initial-variance: 0.04, mean-reversion: 2, long-run-variance: 0.04, vol-of-variance: 0.5, correlation: -0.7 }
          implied-volatility: { model: { premium: 0.02 } }
        """))
    let paths = try PathSetRunner.simulate(heston, history: nil, threads: 1)
    let vols = try #require(paths.impliedVolatilities)
    let variances = try #require(paths.variances)
    for i in stride(from: 0, to: vols.count, by: 97) {
      #expect(abs(vols[i] - (variances[i].squareRoot() + 0.02)) < 1e-12)
    }
  }

  @Test("a bootstrap resamples the loaded history and needs it")
  func bootstrap() throws {
    let yaml = Self.edit(
      "model: gbm\n  parameters: { volatility: 0.2 }", "model: bootstrap\n  parameters: { block-length: 10 }",
      in: Self.edit("  drift: 0.05\n", "", in: Self.edit("rate: 0", "rate: 0\n  volatility: { IDX: { atm: IDXVOL } }") + "\n"))
    let scenario = try Self.load(yaml)
    let history = try MarketTape.load(scenario, from: Fixtures.indexMarket(seed: 3, count: 200))
    let paths = try PathSetRunner.simulate(scenario, history: history, threads: 2)
    // Every step is one of the history's daily returns, from the last close.
    let returns = Set((1..<history.count).map { Foundation.log(history.spot(0, $0) / history.spot(0, $0 - 1)) })
    #expect(paths.spot(path: 0, step: 0) == history.spot(0, history.count - 1))
    for step in 1...paths.stepCount {
      let r = Foundation.log(paths.spot(path: 5, step: step) / paths.spot(path: 5, step: step - 1))
      #expect(returns.contains { abs($0 - r) < 1e-12 })
    }
    let result = try PathSetRunner.run(scenario, history: history, threads: 2, resamples: 200, hedgingError: HedgingError.pathMeasure)
    #expect(result.programs.count == 3)
    #expect(throws: ScenarioError.self) { try PathSetRunner.run(scenario, history: nil, threads: 1, hedgingError: HedgingError.pathMeasure) }
    do {
      _ = try PathSetRunner.run(scenario, history: nil, threads: 1, hedgingError: HedgingError.pathMeasure)
    } catch {
      #expect(
        String(describing: error)
          == "paths.yaml:22: paths.model: a bootstrap resamples the history of 'IDX', which needs the market database; pass --db or set data.database")
    }
  }

  @Test("the synthetic calendar: weekdays from Monday 3 January 2000, 252 to a calendar year")
  func syntheticCalendar() {
    let weekdays = PathSetRunner.calendar(.tradingDays, count: 253 * 3)
    #expect(weekdays.first?.description == "2000-01-03")
    #expect(weekdays.allSatisfy { !$0.isWeekend })
    #expect(zip(weekdays, weekdays.dropFirst()).allSatisfy { $0 < $1 })
    // Steps 252, 504, 756 fall within a weekend of 1, 2, 3 calendar years.
    for years in 1...2 {
      let span = weekdays[0].days(to: weekdays[252 * years])
      #expect(abs(span - 365 * years) <= 2, "\(years) year(s): \(span) days")
    }
    let everyDay = PathSetRunner.calendar(.calendar365, count: 10)
    #expect(everyDay.last?.description == "2000-01-12")
  }

  /// A call written every month at the volatility the GBM path realises and delta-hedged
  /// every day, with no costs and a zero rate, has a mean P&L of zero: the hedge replicates
  /// it, and the discrete-hedging error has mean zero to first order (its spread is Derman &
  /// Kamal's, 1999, "When you cannot hedge continuously", Goldman Sachs Quantitative
  /// Strategies Research Notes). This checks that the synthetic calendar's clock (calendar
  /// days / 365, for pricing) agrees with the model's (1/252 a step): on plain weekdays
  /// (261 a year) the writer loses, measured −52 a year on 2,760 of premiums, 22 standard
  /// errors.
  @Test("monthly calls written at the realised volatility and delta-hedged daily are fairly priced")
  func deltaHedgedCallIsFair() throws {
    let yaml = """
      name: fair
      data: { underlyings: [IDX], rate: 0 }
      portfolio: { cash: 0 }
      programs:
        - name: delta-daily
          rules:
            - { type: options, notional: 10000, tenor-days: 30, legs: [ { kind: call, strike: 1.0, ratio: -1 } ] }
            - { type: delta, every-days: 1 }
      paths: { model: gbm, parameters: { volatility: 0.2 }, count: 2000, horizon-years: 1, seed: 9, drift: 0, implied-volatility: 0.2 }
      """
    let result = try PathSetRunner.run(try Self.load(yaml), history: nil, threads: 2, resamples: 100, hedgingError: HedgingError.pathMeasure)
    let pnl = result.programs[0].profitAndLossSummary
    let standardError = pnl.standardDeviation / Double(pnl.count).squareRoot()
    #expect(abs(pnl.mean) < 3 * standardError, "mean \(pnl.mean) ± \(standardError)")
    #expect(standardError < 5)
  }
}
