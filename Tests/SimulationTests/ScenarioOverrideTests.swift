import Foundation
import HedgeLabTestSupport
import MarketData
import Testing
import Yams

@testable import Simulation

/// `Scenario.applying(_:)`: period, symbol and parameter overrides change the typed value, as
/// editing the file would, and name the key and what to do when they cannot.
@Suite("Scenario overrides")
struct ScenarioOverrideTests {
  static let text = """
    name: overrides
    data:
      underlyings: [AAA, IDX]
      volatility:
        AAA: { atm: AAA, tenor-days: 91 }
        IDX: 0.2
      rate: 0.01
      dividend-yield: { AAA: 0.02 }
    period: { from: 2015-01-05, to: 2015-12-31 }
    portfolio:
      holdings: [ { symbol: AAA, notional: 100000 } ]
      options: [ { symbol: AAA, kind: put, strike: 0.9, tenor-days: 30, quantity: 10 } ]
    costs: { option-half-spread: 0.02 }
    programs:
      - name: unhedged
        rules: []
      - name: put
        rules:
          - { type: protective-put, symbol: AAA, strike: 0.95, tenor-days: 30 }
          - { type: index-hedge, index: IDX }
      - name: AAA
        rules: [ { type: delta, symbol: AAA } ]
    """

  static func base() throws -> Scenario { try ScenarioLoader.load(yaml: text, file: "overrides.yaml") }

  /// The scenario of `text` with `old` replaced by `new` (each must occur once).
  static func edited(_ edits: [(String, String)]) throws -> Scenario {
    var edited = text
    for (old, new) in edits {
      precondition(edited.components(separatedBy: old).count == 2, "'\(old)' must occur once")
      edited = edited.replacingOccurrences(of: old, with: new)
    }
    var s = try ScenarioLoader.load(yaml: edited, file: "overrides.yaml")
    s.origin = try base().origin
    return s
  }

  static func parameter(_ path: String, _ value: String) throws -> Scenario.Override {
    .parameter(try ScenarioKeyPath(path), value)
  }

  /// The message of the error `overrides` raise (nil: none).
  static func message(_ overrides: [Scenario.Override]) throws -> String? {
    do {
      _ = try base().applying(overrides)
      return nil
    } catch {
      return String(describing: error)
    }
  }

  @Test("a parameter override gives the scenario of the file with that value written in")
  func parameterEqualsEditedFile() throws {
    let s = try Self.base()
    #expect(try s.applying([Self.parameter("programs.put.rules[0].strike", "0.9")])
      == Self.edited([("strike: 0.95", "strike: 0.9")]))
    #expect(try s.applying([Self.parameter("programs[1].rules[0].tenor-days", "61")])
      == Self.edited([("strike: 0.95, tenor-days: 30", "strike: 0.95, tenor-days: 61")]))
    #expect(try s.applying([Self.parameter("programs.put.rules[0].roll-every-days", "5")])
      == Self.edited([("tenor-days: 30 }\n", "tenor-days: 30, roll-every-days: 5 }\n")]))
    #expect(try s.applying([Self.parameter("data.rate", "0.03"), Self.parameter("costs.contract-fee", "0.65")])
      == Self.edited([("rate: 0.01", "rate: 0.03"), ("option-half-spread: 0.02 }", "option-half-spread: 0.02, contract-fee: 0.65 }")]))
    #expect(try s.applying([Self.parameter("data.volatility.IDX", "0.3"), Self.parameter("calendar", "calendar-365")])
      == Self.edited([("IDX: 0.2", "IDX: 0.3"), ("period:", "calendar: calendar-365\nperiod:")]))
    #expect(try s.applying([Self.parameter("portfolio.holdings[0].notional", "5e5"), Self.parameter("period.to", "2015-06-30")])
      == Self.edited([("notional: 100000", "notional: 5e5"), ("to: 2015-12-31", "to: 2015-06-30")]))
    // Keys of a value the file abbreviates (`rate: 0.01`, `IDX: 0.2`), and the other form.
    #expect(try s.applying([Self.parameter("data.rate.constant", "0.03"), Self.parameter("data.volatility.IDX.constant", "0.3")])
      == Self.edited([("rate: 0.01", "rate: 0.03"), ("IDX: 0.2", "IDX: 0.3")]))
    #expect(try s.applying([Self.parameter("data.rate", "GS3M"), Self.parameter("data.rate.max-stale-days", "10")])
      == Self.edited([("rate: 0.01", "rate: { series: GS3M, max-stale-days: 10 }")]))
    // The file and the other values are untouched.
    let changed = try s.applying([Self.parameter("programs.put.rules[0].strike", "0.9")])
    #expect(changed.portfolio == s.portfolio && changed.data == s.data && changed.programs[0] == s.programs[0])
  }

  @Test("setting every value of every bundled scenario to itself changes nothing (every spec is reachable)")
  func identityOnEveryLeaf() throws {
    var count = 0
    for file in ScenarioEncodingTests.bundled {
      let scenario = try ScenarioLoader.load(yaml: String(contentsOf: file, encoding: .utf8), file: file.lastPathComponent)
      let short = try #require(try Yams.compose(yaml: scenario.yaml()))
      let long = try #require(try Yams.compose(yaml: Scenario.yaml(scenario, longForm: true)))
      for (path, value) in Self.leaves(short, path: "") + Self.leaves(long, path: "")
      where !path.hasSuffix(".name") || !path.hasPrefix("programs") {
        let applied = try scenario.applying([Self.parameter(path, value)])
        #expect(applied == scenario, "\(file.lastPathComponent): \(path)=\(value)")
        count += 1
      }
    }
    #expect(count > 300)
  }

  @Test("property: setting every value of 8 random scenarios (every spec and rule) to itself changes nothing")
  func identityOnRandomScenarios() throws {
    for seed in 1...8 {
      let scenario = Scenario.random(seed: UInt64(seed))
      let long = try #require(try Yams.compose(yaml: Scenario.yaml(scenario, longForm: true)))
      for (path, value) in Self.leaves(long, path: "") where !path.hasSuffix(".name") || !path.hasPrefix("programs") {
        let applied = try scenario.applying([Self.parameter(path, value)], validate: false)
        #expect(applied == scenario, "seed \(seed): \(path)=\(value)")
      }
    }
  }

  /// Every scalar of `node` with its key path.
  static func leaves(_ node: Node, path: String) -> [(String, String)] {
    switch node {
    case .scalar(let scalar): return [(path, scalar.string)]
    case .mapping(let mapping):
      return mapping.flatMap { key, value in leaves(value, path: path.isEmpty ? key.string! : "\(path).\(key.string!)") }
    case .sequence(let sequence):
      return sequence.enumerated().flatMap { i, value in leaves(value, path: "\(path)[\(i)]") }
    case .alias: return []
    }
  }

  @Test("a period override replaces the bounds given; to before from names period.to and its line")
  func period() throws {
    let s = try Self.base()
    let from = Day(iso: "2015-03-02")!
    #expect(try s.applying([.period(from: from, to: nil)]).period == Period(from: from, to: Day(iso: "2015-12-31")))
    #expect(try s.applying([.period(from: nil, to: nil)]) == s)
    let late = try Self.message([.period(from: Day(iso: "2016-01-04"), to: nil)])
    #expect(late == "overrides.yaml:9: period.to (2015-12-31) must be on or after period.from (2016-01-04)", "\(late ?? "")")
  }

  @Test("a symbol override renames every place the symbol is named, and nothing else")
  func symbol() throws {
    let renamed = try Self.base().applying([.symbol(replacing: "AAA", with: "BBB")])
    let expected = try Self.edited([
      ("underlyings: [AAA, IDX]", "underlyings: [BBB, IDX]"), ("AAA: { atm: AAA,", "BBB: { atm: BBB,"),
      ("dividend-yield: { AAA: 0.02 }", "dividend-yield: { BBB: 0.02 }"),
      ("holdings: [ { symbol: AAA,", "holdings: [ { symbol: BBB,"), ("options: [ { symbol: AAA,", "options: [ { symbol: BBB,"),
      ("{ type: protective-put, symbol: AAA,", "{ type: protective-put, symbol: BBB,"),
      ("[ { type: delta, symbol: AAA } ]", "[ { type: delta, symbol: BBB } ]"),
    ])
    #expect(renamed == expected)
    #expect(renamed.programs.map(\.name) == ["unhedged", "put", "AAA"], "program names are not symbols")
    let index = try Self.base().applying([.symbol(replacing: "IDX", with: "SPX")])
    #expect(index.programs[1].rules[1] == .indexHedge(IndexHedge.Parameters(index: "SPX")))
    #expect(index.data.volatility["SPX"] == .constant(0.2, skew: nil))
    #expect(try Self.message([.symbol(replacing: "AAA", with: "IDX")])
      == "overrides.yaml:3: data.underlyings[1]: 'IDX' is already an underlying, so 'AAA' cannot become it (each underlying is listed once); choose a symbol the scenario does not list")
    #expect(try Self.base().applying([.symbol(replacing: "AAA", with: "AAA")]) == Self.base())
  }

  @Test("errors name the key path and what is valid there")
  func errors() throws {
    #expect(try Self.message([Self.parameter("progams[1].rules[0].strike", "0.9")])
      == "key path (progams[1].rules[0].strike) must address a value of the scenario: the scenario's top level has no key 'progams'; did you mean 'programs'? keys there: name, description, data, period, calendar, portfolio, costs, programs, paths, margin")
    #expect(try Self.message([Self.parameter("programs.put.rulez[0].strike", "0.9")])
      == "key path (programs.put.rulez[0].strike) must address a value of the scenario: programs[1] has no key 'rulez'; did you mean 'rules'? keys there: name, rules, portfolio")
    #expect(try Self.message([Self.parameter("programs.put.rules[2].strike", "0.9")])
      == "key path (programs.put.rules[2].strike) must address a value of the scenario: programs[1].rules has 2 item(s), so its index must be in 0…1, not 2")
    #expect(try Self.message([Self.parameter("programs.put.name", "x")])?.contains("program names must stay as in the file") == true)
    // Inside a part, its own decoder names the key, the line and the valid keys or type.
    #expect(try Self.message([Self.parameter("programs.put.rules[0].strik", "0.9")])
      == "overrides.yaml:19: programs[1].rules[0].strik is not a known key; did you mean 'strike'? valid keys here: type, strike, symbol, tenor-days, cycle, roll-every-days, roll-below-days, hedge-ratio, units, notional, budget, expiry, settlement, whole-contracts (see Scenarios/README.md)")
    #expect(try Self.message([Self.parameter("programs.put.rules[0].strike", "deep")])
      == "overrides.yaml:19: programs[1].rules[0].strike ('deep') must be a number")
    let list = try Self.message([Self.parameter("costs.contract-fee", "[1, 2]")])
    #expect(list == "overrides.yaml:13: costs.contract-fee ('[1, 2]') must be a number", "\(list ?? "")")
    #expect(try Self.message([Self.parameter("data.rate", "0.9")])
      == "overrides.yaml:7: data.rate (0.9) must be in [-0.2, 0.5] (decimal: 0.02 is 2 % a year)")
    #expect(try Self.message([Self.parameter("calendar", "calendar-366")])?.contains("calendar ('calendar-366') must be one of trading-days, calendar-365; did you mean 'calendar-365'?") == true)
    #expect(try Self.message([.currency("BTC")])?.contains("portfolio.currency (BTC) must be USD or the symbol of the scenario's only underlying (AAA, IDX)") == true)
    // The whole scenario is validated after the overrides: a symbol not among the underlyings.
    #expect(try Self.message([Self.parameter("programs.put.rules[0].symbol", "ZZZ")])?.contains("programs[1].rules[0].symbol ('ZZZ') must be one of data.underlyings (AAA, IDX)") == true)
  }
}
