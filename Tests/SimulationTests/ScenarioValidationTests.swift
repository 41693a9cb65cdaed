import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

/// Each kind of scenario mistake, with the exact message a user sees: file, line, key path,
/// problem and what to do.
@Suite("Scenario validation")
struct ScenarioValidationTests {
  static let base = """
    name: validation
    data:
      underlyings: [IDX]
      volatility:
        IDX: { atm: IDXVOL }
      rate: RATE
    portfolio:
      holdings:
        - { symbol: IDX, units: 100 }
    programs:
      - name: puts
        rules:
          - { type: protective-put, strike: 0.95 }
    """

  /// `base` with `old` replaced by `new` (which must occur exactly once).
  static func edit(_ old: String, _ new: String, in text: String = base) -> String {
    precondition(text.components(separatedBy: old).count == 2, "'\(old)' must occur once")
    return text.replacingOccurrences(of: old, with: new)
  }

  /// The message of the first error met loading `yaml` and its data (nil: none).
  static func message(_ yaml: String, data: any MarketDataSource = Fixtures.indexMarket(seed: 1, count: 100)) -> String? {
    do {
      let scenario = try ScenarioLoader.load(yaml: yaml, file: "base.yaml")
      _ = try MarketTape.load(scenario, from: data)
      return nil
    } catch {
      return String(describing: error)
    }
  }

  @Test("the base scenario is valid")
  func baseIsValid() {
    #expect(Self.message(Self.base) == nil)
  }

  static let mistakes: [(String, String, String)] = [
    ("unknown key, with the nearest valid one", edit("strike: 0.95", "strik: 0.95"),
     "base.yaml:13: programs[0].rules[0].strik is not a known key; did you mean 'strike'? valid keys here: type, strike, symbol, tenor-days, cycle, roll-every-days, roll-below-days, hedge-ratio, units, notional, budget, expiry, settlement, whole-contracts (see Scenarios/README.md)"),
    ("unknown top-level key", edit("programs:", "program:"),
     "base.yaml:10: program is not a known key; did you mean 'programs'? valid keys here: name, description, data, period, calendar, portfolio, costs, programs, paths, margin (see Scenarios/README.md)"),
    ("wrong type: text for a number", edit("strike: 0.95", "strike: high"),
     "base.yaml:13: programs[0].rules[0].strike ('high') must be a number"),
    ("wrong type: a value for a list", edit("[IDX]", "IDX"),
     "base.yaml:3: data.underlyings ('IDX') must be a list"),
    ("out of range", edit("strike: 0.95", "strike: 5"),
     "base.yaml:13: programs[0].rules[0].strike (5) must be in [0.05, 3] (a fraction of spot: 0.95 is 95 %)"),
    ("a percentage where a decimal is expected", edit("rate: RATE", "rate: 2"),
     "base.yaml:6: data.rate (2) must be in [-0.2, 0.5] (decimal: 0.02 is 2 % a year)"),
    ("unknown choice, with the nearest one", edit("protective-put", "protective-pot"),
     "base.yaml:13: programs[0].rules[0].type ('protective-pot') must be one of none, delta, delta-gamma, vega, protective-put, collar, put-spread, covered-call, options, cash-secured-put, index-hedge, perpetual-hedge, future-hedge; did you mean 'protective-put'?"),
    ("keys that exclude each other", edit("units: 100", "units: 100, notional: 5000"),
     "base.yaml:9: portfolio.holdings[0] must give exactly one of units, notional, not units and notional; keep one"),
    ("missing key", edit("name: validation\n", ""),
     "base.yaml: name is missing; add it (a short name for reports)"),
    ("symbol not among the underlyings", edit("strike: 0.95", "symbol: IDY"),
     "base.yaml:13: programs[0].rules[0].symbol ('IDY') must be one of data.underlyings (IDX); did you mean 'IDX'? fix the symbol or add it to data.underlyings"),
    ("symbol not in the database", edit("underlyings: [IDX]", "underlyings: [IDX, SPX]"),
     "base.yaml:3: data.underlyings[1] ('SPX') must name a price series in the database (stored: IDX); did you mean 'IDX'? fix the symbol or ingest the series with 'hedgelab ingest'"),
    ("period not covered", edit("name: validation\n", "name: validation\nperiod: { from: 2019-06-03 }\n"),
     "base.yaml:2: period.from: the data of 'IDX' do not cover the period: period.from (2019-06-03) is before its first close (2020-01-02); start on or after 2020-01-02"),
    ("YAML syntax", edit("  rate: RATE", " rate: RATE"),
     "base.yaml:6:2: invalid YAML: while parsing a block mapping did not find expected key; fix the indentation or quoting there"),
    ("options without an implied volatility", edit("  volatility:\n    IDX: { atm: IDXVOL }\n", ""),
     "base.yaml:11: programs[0].rules[0]: protective-put on 'IDX' needs an implied volatility; add data.volatility.IDX (atm, surface or constant)"),
    ("two programs with one name", base + "\n  - name: puts\n    rules: []\n",
     "base.yaml:14: programs[1].name: the name 'puts' is already used by programs[0]; give each program its own name"),
    ("impossible date", edit("name: validation\n", "name: validation\nperiod: { from: 2020-13-01 }\n"),
     "base.yaml:2: period.from (2020-13-01) must be a date of the form YYYY-MM-DD"),
    ("a hedge sized by a holding that does not exist", edit("\n    - { symbol: IDX, units: 100 }", " []"),
     "base.yaml:12: programs[0].rules[0]: protective-put is sized by the holding of 'IDX' (hedge-ratio), but portfolio.holdings has none; add a holding of IDX, or size the rule with units or notional"),
    ("a roll threshold longer than the tenor", edit("strike: 0.95", "strike: 0.95, tenor-days: 30, roll-below-days: 40"),
     "base.yaml:13: programs[0].rules[0].roll-below-days (40) must be below tenor-days (30), or every new option would roll at once"),
    ("two triggers for one delta hedge", edit("{ type: protective-put, strike: 0.95 }", "{ type: delta, every-days: 5, band-units: 10 }"),
     "base.yaml:13: programs[0].rules[0] must give exactly one of every-days, band-units, band-fraction, move-sigmas, whalley-wilmott, not every-days and band-units; keep one"),
  ]

  @Test("each mistake gives its exact message", arguments: mistakes.indices)
  func mistake(_ i: Int) {
    let (name, yaml, expected) = Self.mistakes[i]
    #expect(Self.message(yaml) == expected, "\(name)")
  }

  @Test("a hole in a rate series longer than max-stale-days names the day and the remedy")
  func rateGap() {
    let days = Fixtures.weekdays(from: Day(year: 2020, month: 1, day: 2)!, count: 100)
    var rateDays = days
    rateDays.removeSubrange(40..<50)
    let data = Fixtures.market(
      closes: ["IDX": (days, [Double](repeating: 100, count: 100))],
      volatility: ["IDXVOL": (days, [Double](repeating: 0.2, count: 100))],
      rates: ["RATE": (rateDays, [Double](repeating: 0.01, count: 90))])
    let yaml = Self.edit("rate: RATE", "rate: { series: RATE, max-stale-days: 7 }")
    #expect(
      Self.message(yaml, data: data)
        == "base.yaml:6: data.rate: the data of 'RATE' do not cover the period: no value on 2020-03-05; the last one before is on 2020-02-26, more than max-stale-days (7) calendar days earlier; end the period by 2020-03-04, or raise max-stale-days if the gap is expected")
  }

  @Test("an implied volatility stored in percent is caught with the likely cause")
  func volatilityInPercent() {
    let data = Fixtures.indexMarket(seed: 1, count: 100, impliedVolatility: 20)
    #expect(
      Self.message(Self.base, data: data)
        == "base.yaml:5: data.volatility.IDX: implied volatility 'IDXVOL' on 2020-01-02 is 20.0; it must be a decimal in (0, 5] (0.2 is 20 %): was it ingested in percent without --unit percent?")
  }

  @Test("errors carry the file, key path and facts as values, not only as text")
  func structuredError() {
    do {
      _ = try ScenarioLoader.load(yaml: Self.edit("strike: 0.95", "strike: 5"), file: "x.yaml")
      Issue.record("an out-of-range strike must be rejected")
    } catch {
      #expect(
        error == .outOfRange(
          file: "x.yaml", line: 13, keyPath: "programs[0].rules[0].strike", value: "5",
          condition: "in [0.05, 3] (a fraction of spot: 0.95 is 95 %)"))
      #expect(error.file == "x.yaml")
    }
  }
}
