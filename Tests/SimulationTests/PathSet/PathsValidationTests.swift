import Foundation
import Simulation
import Testing

/// Each kind of mistake in a `paths:` section, and in what a path scenario can run, with the
/// exact message a user sees.
@Suite("Paths section validation")
struct PathsValidationTests {
  static let base = """
    name: paths
    data:
      underlyings: [IDX]
      rate: 0.02
    portfolio:
      holdings:
        - { symbol: IDX, units: 100 }
    programs:
      - name: puts
        rules:
          - { type: protective-put, strike: 0.95 }
    paths:
      model: heston
      parameters:
        initial-variance: 0.04
        mean-reversion: 2
        long-run-variance: 0.04
        vol-of-variance: 0.5
        correlation: -0.7
      count: 100
      horizon-years: 0.5
      seed: 3
    """

  static func edit(_ old: String, _ new: String) -> String {
    precondition(base.components(separatedBy: old).count == 2, "'\(old)' must occur once")
    return base.replacingOccurrences(of: old, with: new)
  }

  static func message(_ yaml: String) -> String? {
    do {
      _ = try ScenarioLoader.load(yaml: yaml, file: "mc.yaml")
      return nil
    } catch {
      return String(describing: error)
    }
  }

  @Test("the base is valid, needs no database, period or volatility, and has 126 steps")
  func baseIsValid() throws {
    #expect(Self.message(Self.base) == nil)
    let scenario = try ScenarioLoader.load(yaml: Self.base, file: "mc.yaml")
    #expect(scenario.paths?.steps(stepsPerYear: 252) == 126)
    #expect(scenario.paths?.seed == 3)
    #expect(PathSetRunner.stepsPerYear(of: scenario) == 252)
  }

  static let mistakes: [(String, String, String)] = [
    ("unknown key in paths, with the nearest valid one", edit("count: 100", "cout: 100"),
     "mc.yaml:20: paths.cout is not a known key; did you mean 'count'? valid keys here: model, parameters, count, horizon-years, horizon-days, steps-per-year, seed, spot, drift, implied-volatility (see Scenarios/README.md)"),
    ("unknown model parameter, with the nearest valid one", edit("mean-reversion: 2", "mean-reverson: 2"),
     "mc.yaml:16: paths.parameters.mean-reverson is not a known key; did you mean 'mean-reversion'? valid keys here: initial-variance, mean-reversion, long-run-variance, vol-of-variance, correlation (see Scenarios/README.md)"),
    ("a parameter of another model", edit("correlation: -0.7", "correlation: -0.7\n    jump-intensity: 1"),
     "mc.yaml:20: paths.parameters.jump-intensity is not a known key; valid keys here: initial-variance, mean-reversion, long-run-variance, vol-of-variance, correlation (see Scenarios/README.md)"),
    ("unknown model", edit("model: heston", "model: hestn"),
     "mc.yaml:13: paths.model ('hestn') must be one of gbm, heston, merton, bootstrap; did you mean 'heston'?"),
    ("missing parameter", edit("    vol-of-variance: 0.5\n", ""),
     "mc.yaml:14: paths.parameters.vol-of-variance is missing; add it (a number, in [0, 5])"),
    ("correlation out of range", edit("correlation: -0.7", "correlation: -1.5"),
     "mc.yaml:19: paths.parameters.correlation (-1.5) must be in [-1, 1]"),
    ("too few paths", edit("count: 100", "count: 1"),
     "mc.yaml:20: paths.count (1) must be in [2, 1000000]"),
    ("two horizons", edit("horizon-years: 0.5", "horizon-years: 0.5\n  horizon-days: 20"),
     "mc.yaml:12: paths must give exactly one of horizon-years, horizon-days, not horizon-years and horizon-days; keep one"),
    ("steps per year other than the calendars'", edit("seed: 3", "seed: 3\n  steps-per-year: 260"),
     "mc.yaml:23: paths.steps-per-year (260) must be 252 (weekday steps, calendar: trading-days) or 365 (every day, calendar: calendar-365)"),
    ("steps per year against the calendar", edit("seed: 3", "seed: 3\n  steps-per-year: 365"),
     "mc.yaml:23: paths.steps-per-year (365) must be 252 with calendar: trading-days; set calendar: calendar-365 or remove steps-per-year"),
    ("implied volatility word", edit("seed: 3", "seed: 3\n  implied-volatility: modle"),
     "mc.yaml:23: paths.implied-volatility ('modle') must be one of model, a number, {constant: …}, {model: {premium: …}}; did you mean 'model'?"),
    ("implied volatility in percent", edit("seed: 3", "seed: 3\n  implied-volatility: { constant: 20 }"),
     "mc.yaml:23: paths.implied-volatility.constant (20) must be in [0.001, 5] (decimal: 0.2 is 20 % a year)"),
    ("premium key typo", edit("seed: 3", "seed: 3\n  implied-volatility: { model: { premum: 0.02 } }"),
     "mc.yaml:23: paths.implied-volatility.model.premum is not a known key; did you mean 'premium'? valid keys here: premium, tenor-days (see Scenarios/README.md)"),
    ("two underlyings", edit("underlyings: [IDX]", "underlyings: [IDX, AAA]"),
     "mc.yaml:3: data.underlyings: paths: simulates one underlying, and data.underlyings lists 2 (IDX, AAA); keep one symbol, or remove paths: to backtest the basket on its history"),
    ("a stored rate series", edit("rate: 0.02", "rate: GS3M"),
     "mc.yaml:4: data.rate: paths: runs on synthetic days, which the stored series 'GS3M' has no values for; give a constant rate (e.g. rate: 0.02)"),
    ("a period without a bootstrap", edit("programs:", "period: { from: 2010-01-04 }\nprograms:"),
     "mc.yaml:8: period: a heston path set does not read history; remove period (the paths start on 2000-01-03 and last paths.horizon-years or horizon-days)"),
    ("an index hedge", edit("      - { type: protective-put, strike: 0.95 }", "      - { type: index-hedge, index: IDX }"),
     "mc.yaml:11: programs[0].rules[0]: index-hedge hedges a basket against an index, and paths: simulates one underlying; remove program 'puts' or run it on the history without paths:"),
    ("an option expiry as a date", edit("    - { symbol: IDX, units: 100 }", "    - { symbol: IDX, units: 100 }\n  options:\n    - { symbol: IDX, kind: put, strike: 0.9, expiry: 2000-06-16, quantity: 100 }"),
     "mc.yaml:9: portfolio.options[0].expiry: a path's days are synthetic (from 2000-01-03); give the expiry as tenor-days"),
    ("a bootstrap without a volatility history", edit("model: heston\n  parameters:\n    initial-variance: 0.04\n    mean-reversion: 2\n    long-run-variance: 0.04\n    vol-of-variance: 0.5\n    correlation: -0.7", "model: bootstrap\n  parameters: { mean-block-length: 20 }"),
     "mc.yaml:13: paths.model: a bootstrap takes implied volatility from the history, and 'IDX' has no stored at-the-money series; add data.volatility.IDX: { atm: SERIES }, or set paths.implied-volatility to a constant"),
    ("a drift for a bootstrap", edit("model: heston\n  parameters:\n    initial-variance: 0.04\n    mean-reversion: 2\n    long-run-variance: 0.04\n    vol-of-variance: 0.5\n    correlation: -0.7", "model: bootstrap\n  drift: 0.05\n  parameters: { block-length: 20 }"),
     "mc.yaml:14: paths.drift: a bootstrap replays the history's returns and has no drift; remove drift"),
  ]

  @Test("each mistake gives its exact message", arguments: mistakes.indices)
  func mistake(_ i: Int) {
    let (what, yaml, expected) = Self.mistakes[i]
    #expect(Self.message(yaml) == expected, "\(what)")
  }
}
