import HedgeLabTestSupport
import MarketData
import Testing

@testable import Simulation

/// Rules describe themselves (roll schedule, premium flows, hedging target), so reports never
/// switch on rule kinds.
@Suite("Rule profiles")
struct RuleProfileTests {
  static func profiles(_ rules: String) throws -> [RuleProfile] {
    let yaml = """
      name: profiles
      data: { underlyings: [AAA], volatility: { AAA: 0.2 }, rate: 0.01 }
      portfolio: { holdings: [ { symbol: AAA, notional: 100000 } ] }
      programs:
        - name: p
          rules:
      \(rules)
      """
    let scenario = try ScenarioLoader.load(yaml: yaml, file: "profiles.yaml")
    return scenario.programs[0].profiles(in: scenario)
  }

  @Test("each rule kind says whether it trades, when it rolls, whether it pays premiums and what it hedges to")
  func profiles() throws {
    let none = try Self.profiles("      - { type: none }")
    #expect(none == [RuleProfile(trades: false)])

    let put = try #require(try Self.profiles("      - { type: protective-put, strike: 0.95, tenor-days: 30 }").first)
    #expect(put.trades && put.paysOptionPremiums && put.target == .none)
    #expect(put.holdsPut?.strike == 0.95 && put.holdsPut?.tenorDays == 30)
    #expect(put.rollSchedule?.steps(stepsPerYear: 252) == 21)
    #expect(put.rollSchedule?.steps(stepsPerYear: 365) == 30)

    let collar = try #require(try Self.profiles("      - { type: collar, put-strike: 0.95, call-strike: 1.1, tenor-days: 91, roll-every-days: 10 }").first)
    #expect(collar.holdsPut == nil && collar.paysOptionPremiums)
    #expect(collar.rollSchedule?.steps(stepsPerYear: 252) == 10)

    let replicating = try #require(
      try Self.profiles("      - { type: delta, synthetic-put: { strike: 0.9, tenor-days: 60 }, every-days: 1 }").first)
    #expect(replicating.target == .replicatesPut(strike: 0.9, tenorDays: 60))
    #expect(try Self.profiles("      - { type: delta, every-days: 1 }").first?.target == .neutral)
    #expect(try Self.profiles("      - { type: delta, target-delta: 1, every-days: 1 }").first?.target == .directional(targetDelta: 1))
    #expect(try Self.profiles("      - { type: vega, every-days: 5 }").first?.target == .neutral)
  }
}
