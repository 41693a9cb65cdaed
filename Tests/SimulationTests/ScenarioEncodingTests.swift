import Foundation
import HedgeLabTestSupport
import MarketData
import Pricing
import Testing
import Yams

@testable import Simulation

/// `Scenario` encodes to the keys its decoders read: `decode(encode(s)) == s` for every bundled
/// scenario and for random values of every spec.
@Suite("Scenario encoding")
struct ScenarioEncodingTests {
  static let bundled: [URL] = {
    let folder = SharedData.projectRoot.appendingPathComponent("Scenarios")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0) }
  }()

  /// `s` with the origin (file and lines, not part of the YAML) of `like`.
  static func located(_ s: Scenario, like other: Scenario) -> Scenario {
    var s = s
    s.origin = other.origin
    return s
  }

  @Test("the bundled scenarios are all found")
  func bundledFound() {
    #expect(Self.bundled.count >= 10, "\(Self.bundled.map(\.lastPathComponent))")
  }

  @Test("every bundled scenario: load(encode(s)) == s, and encoding the reloaded value gives the same text",
    arguments: bundled)
  func bundledRoundTrip(file: URL) throws {
    let text = try String(contentsOf: file, encoding: .utf8)
    let scenario = try ScenarioLoader.load(yaml: text, file: file.lastPathComponent)
    let encoded = try scenario.yaml()
    let reloaded = try ScenarioLoader.load(yaml: encoded, file: "encoded.yaml")
    #expect(Self.located(reloaded, like: scenario) == scenario, "\(encoded)")
    #expect(try reloaded.yaml() == encoded)
  }

  @Test("the encoding writes the file's keys, kebab-case, defaults left out, numbers as written")
  func layout() throws {
    let scenario = try ScenarioLoader.load(
      yaml: """
        name: layout
        data:
          underlyings: [SPX]
          volatility: { SPX: 0.2 }
          rate: 0.02
        period: { from: 2020-01-02 }
        portfolio:
          holdings: [ { symbol: SPX, notional: 1000000 } ]
        costs: { option-half-spread: 0.02 }
        programs:
          - name: put
            rules: [ { type: protective-put, strike: 0.95, tenor-days: 91, hedge-ratio: 0.5 } ]
        """, file: "layout.yaml")
    #expect(
      try scenario.yaml() == """
        name: layout
        data:
          underlyings:
          - SPX
          volatility:
            SPX: 0.2
          rate: 0.02
        period:
          from: '2020-01-02'
        portfolio:
          holdings:
          - symbol: SPX
            notional: 1000000
        costs:
          option-half-spread: 0.02
        programs:
        - name: put
          rules:
          - type: protective-put
            strike: 0.95
            tenor-days: 91
            hedge-ratio: 0.5

        """)
  }

  @Test("a value no file can hold is refused with the reason, not written wrong")
  func unwritable() {
    var scenario = Scenario.random(seed: 1)
    scenario.programs = [
      Program(name: "two-legged", rules: [.overlay(.protectivePut, OptionOverlay.Parameters(legs: [
        .init(kind: .put, strike: 0.9, ratio: 1), .init(kind: .call, strike: 1.1, ratio: -1),
      ]))])
    ]
    #expect(throws: EncodingError.self) { try scenario.yaml() }
  }

  @Test("property: decode(encode(s)) == s, short and long form, for 120 random scenarios covering every spec and rule")
  func randomRoundTrip() throws {
    for seed in 1...120 {
      let scenario = Scenario.random(seed: UInt64(seed))
      for longForm in [false, true] {
        let encoded = try Scenario.yaml(scenario, longForm: longForm)
        let decoded = try YAMLDecoder().decode(Scenario.self, from: encoded)
        #expect(Self.located(decoded, like: scenario) == scenario, "seed \(seed), long form \(longForm):\n\(encoded)")
      }
    }
  }
}

// MARK: - Random scenarios, within every decoder's ranges

struct ScenarioGenerator {
  var rng: SplitMix64

  mutating func number(_ low: Double, _ high: Double) -> Double {
    // Half the draws are short decimals (as users write them), half full-precision doubles.
    let x = Double.random(in: low...high, using: &rng)
    return Bool.random(using: &rng) ? x : min(high, max(low, (x * 100).rounded() / 100))
  }
  mutating func integer(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
  mutating func flip() -> Bool { Bool.random(using: &rng) }
  mutating func pick<T>(_ values: [T]) -> T { values[integer(0...values.count - 1)] }
  mutating func maybe<T>(_ make: (inout Self) -> T) -> T? { flip() ? make(&self) : nil }
  mutating func nonZero(_ low: Double, _ high: Double) -> Double {
    let x = number(low, high)
    return x == 0 ? 1 : x
  }
  mutating func day() -> Day { Day(year: integer(1990...2030), month: integer(1...12), day: integer(1...28))! }
  mutating func strike() -> Double { number(0.05, 3) }

  mutating func skew() -> ParametricSkew {
    ParametricSkew(slope: number(-5, 5), curvature: pick([0, number(-5, 20)]), floor: pick([0.01, number(0.001, 1)]))
  }

  mutating func volatility() -> VolatilitySource {
    switch integer(0...4) {
    case 0: return .atTheMoney(series: "IV\(integer(0...9))", tenorDays: maybe { $0.integer(1...3650) }, skew: maybe { $0.skew() })
    case 1: return .surface(symbol: "S\(integer(0...9))")
    case 2: return .constant(number(0.001, 5), skew: maybe { $0.skew() })
    default:
      let level: SmileVolatility.Level
      var kind: SmileVolatility.Kind = pick([.atTheMoney, .varianceSwap])
      switch integer(0...2) {
      case 0: level = .series("VIX\(integer(0...9))")
      case 1:
        level = .realised(windowDays: pick([21, integer(2...2520)]), variancePremium: pick([0, number(-0.25, 1)]))
        kind = .varianceSwap
      default: level = .constant(number(0.001, 5))
      }
      let rho = number(-0.999, 0.999)
      let smile = flip() ? SurfaceSVI.spxDefault
        : SurfaceSVI(rho: rho, eta: number(1e-6, 2 / (1 + abs(rho))), gamma: number(0.01, 0.5))
      return .smile(SmileVolatility(
        level: level, kind: kind, tenorDays: pick([30, integer(1...3650)]), scale: pick([1, number(0.01, 10)]),
        offset: pick([0, number(-1, 1)]), smile: smile, meanReversion: pick([1.15, number(0.01, 50)]),
        longRun: flip() ? .trailing(days: pick([252, integer(1...10_000)])) : .fixed(number(0.01, 5))))
    }
  }

  mutating func seriesOrConstant() -> SeriesOrConstant {
    switch integer(0...2) {
    case 0: return .constant(number(-0.2, 0.5))
    case 1: return .series("R\(integer(0...9))", maxStaleDays: pick([45, integer(0...3660)]))
    default:
      let byMonth = flip()
      var entries: [PeriodSchedule.Entry] = []
      var year = integer(1800...2100)
      for _ in 0..<integer(1...4) {
        if byMonth {
          for month in 1...integer(1...12) { entries.append(.init(year: year, month: month, value: number(-0.2, 0.5))) }
        } else {
          entries.append(.init(year: year, month: nil, value: number(-0.2, 0.5)))
        }
        year += integer(1...20)
      }
      return .schedule(PeriodSchedule(entries: entries))
    }
  }

  mutating func expiry() -> ExpirySpec { flip() ? .date(day()) : .tenorDays(integer(1...3650)) }

  mutating func portfolio() -> PortfolioSpec {
    let holdings = (0..<integer(0...3)).map { i in
      HoldingSpec(symbol: "S\(i)", size: flip() ? .units(nonZero(-1e6, 1e6)) : .notional(nonZero(-1e9, 1e9)))
    }
    let financing: Financing = holdings.isEmpty ? .cash : pick(Financing.allCases)
    return PortfolioSpec(
      cash: pick([0, number(-1e9, 1e9)]), financing: financing, dividends: maybe { $0.pick(DividendTreatment.allCases) },
      holdings: holdings,
      options: (0..<integer(0...2)).map { _ in
        OptionSpec(
          symbol: "S0", kind: pick(OptionKind.allCases), strike: flip() ? .fractionOfSpot(strike()) : .absolute(number(0.01, 1e5)),
          expiry: expiry(), quantity: nonZero(-1e4, 1e4))
      },
      futures: (0..<integer(0...2)).map { _ in FutureSpec(symbol: "S1", expiry: expiry(), quantity: nonZero(-1e4, 1e4)) },
      currency: pick(["USD", "BTC"]))
  }

  mutating func costs() -> CostModel {
    CostModel(
      underlyingBasisPoints: pick([0, number(0, 1000)]), futureBasisPoints: pick([0, number(0, 1000)]),
      optionSpread: pick([.none, .fractionOfPremium(number(0, 1)), .volatilityPoints(number(0, 20))]),
      contractFee: pick([0, number(0, 1000)]), contractMultiplier: pick([100, number(1, 1e6)]),
      minimumFee: pick([0, number(0, 1e6)]))
  }

  mutating func overlay() -> RuleSpec {
    let type = pick([RuleType.protectivePut, .collar, .putSpread, .coveredCall, .options, .cashSecuredPut])
    var legs: [OptionOverlay.Leg]
    switch type {
    case .protectivePut: legs = [.init(kind: .put, strike: strike(), ratio: 1)]
    case .coveredCall: legs = [.init(kind: .call, strike: strike(), ratio: -1)]
    case .cashSecuredPut: legs = [.init(kind: .put, strike: strike(), ratio: -1)]
    case .collar:
      let put = number(0.05, 1.5)
      legs = [.init(kind: .put, strike: put, ratio: 1), .init(kind: .call, strike: number(put + 0.01, 3), ratio: -1)]
    case .putSpread:
      let long = number(0.5, 3)
      legs = [.init(kind: .put, strike: long, ratio: 1), .init(kind: .put, strike: number(0.05, long - 0.01), ratio: -1)]
    default:
      legs = (0..<integer(1...4)).map { _ in .init(kind: pick(OptionKind.allCases), strike: strike(), ratio: nonZero(-100, 100)) }
    }
    let cycle: ExpiryCycle? = maybe { $0.pick(ExpiryCycle.allCases) }
    let tenorDays = cycle == nil ? pick([30, integer(2...3650)]) : 30
    let roll = pick([OptionOverlay.Roll.atExpiry, .everyDays(integer(1...10_000)), .belowDays(integer(1...tenorDays - 1))])
    let sizing: OptionOverlay.Sizing = type == .cashSecuredPut
      ? .cashSecured : pick([.hedgeRatio(1), .hedgeRatio(number(0, 10)), .units(number(0.01, 1e6)), .notional(number(1, 1e9))])
    var p = OptionOverlay.Parameters(
      symbol: maybe { _ in "S0" }, legs: legs, tenorDays: tenorDays, roll: roll, sizing: sizing,
      budget: type == .cashSecuredPut ? nil : maybe { $0.number(0, 1) }, cycle: cycle)
    if cycle == nil { p.cryptoExpiry = maybe { $0.pick(CryptoExpiryCycle.allCases) } }
    p.settlement = pick(ContractSettlement.allCases)
    p.wholeContracts = flip()
    return .overlay(type, p)
  }

  mutating func sizing() -> CoinHedgeSizing {
    CoinHedgeSizing(hedgeRatio: pick([1, number(0, 10)]), rebalanceBand: pick([0, number(0, 1)]))
  }

  mutating func margin() -> MarginModel {
    switch integer(0...2) {
    case 0: return .standard
    case 1: return .cryptoStandard(.standard)
    default:
      var m = CryptoPortfolioMarginModel.standard
      if flip() { m.priceRange = number(0.01, 0.9) }
      if flip() { m.volatilityUp = number(0, 5) }
      if flip() { m.volatilityDown = number(0, 1) }
      if flip() { m.extendedFraction = number(0, 1) }
      if flip() { m.shortOptionContingency = number(0, 1) }
      if flip() { m.initialFactor = number(1, 10) }
      return .cryptoPortfolio(m)
    }
  }

  mutating func rule() -> RuleSpec {
    switch integer(0...7) {
    case 0: return .none
    case 1:
      let trigger = pick([
        DeltaHedge.Trigger.everyDays(1), .everyDays(integer(1...10_000)), .bandUnits(number(0, 1e4)),
        .bandFraction(number(0, 1)), .moveSigmas(number(0, 20)), .whalleyWilmott(riskAversion: number(0.01, 100)),
      ])
      return .delta(DeltaHedge.Parameters(
        symbol: maybe { _ in "S1" }, instrument: pick(DeltaHedge.HedgeInstrument.allCases), trigger: trigger,
        hedgeVolatility: pick([.implied, .leland, .realised(window: pick([21, integer(2...2520)]))]),
        targetDelta: pick([0, number(-2, 2)]),
        syntheticPut: maybe { DeltaHedge.SyntheticPut(strike: $0.strike(), tenorDays: $0.integer(1...3650)) }))
    case 2, 3:
      let tenor = pick([60, integer(2...3650)])
      let p = GreekHedge.Parameters(
        symbol: maybe { _ in "S0" }, optionKind: pick(OptionKind.allCases), optionStrike: pick([1, strike()]),
        optionTenorDays: tenor, rollBelowDays: min(tenor - 1, pick([20, integer(1...tenor - 1)])),
        everyDays: pick([1, integer(1...10_000)]))
      return flip() ? .deltaGamma(p) : .vega(p)
    case 4:
      let puts = flip()
      return .indexHedge(IndexHedge.Parameters(
        index: "S0", instrument: puts ? .puts : .shortIndex, strike: puts ? strike() : 0.95,
        tenorDays: puts ? pick([30, integer(2...3650)]) : 30,
        roll: puts ? pick([.atExpiry, .everyDays(integer(1...10_000)), .belowDays(1)]) : .atExpiry,
        betaWindow: pick([252, integer(20...2520)]), hedgeRatio: pick([1, number(0, 10)]),
        rebalanceEveryDays: pick([21, integer(1...10_000)]), budget: puts ? maybe { $0.number(0, 1) } : nil))
    case 5:
      return .perpetualHedge(PerpetualHedge.Parameters(
        symbol: maybe { _ in "S0" }, sizing: sizing(),
        terms: PerpetualTerms(
          settlement: pick(ContractSettlement.allCases),
          accrual: pick([.interval(hours: 8), .interval(hours: pick([1, 2, 4, 8])), .continuous(hours: 8)]),
          funding: flip() ? .constant(pick([0.0001, number(-0.05, 0.05)])) : .series("F\(integer(0...9))"))))
    case 6:
      let cycle = pick([CryptoExpiryCycle.monthly, .quarterly])
      return .futureHedge(FutureHedge.Parameters(
        symbol: maybe { _ in "S0" }, sizing: sizing(), cycle: cycle,
        rollDays: pick([7, integer(0...(cycle == .monthly ? 20 : 60))]),
        terms: DatedFutureTerms(
          settlement: pick(ContractSettlement.allCases),
          basis: flip() ? .constant(pick([0, number(-2, 2)])) : .series("B\(integer(0...9))"))))
    default:
      return overlay()
    }
  }

  mutating func paths() -> PathsSpec {
    let model: PathsSpec.Model
    switch integer(0...3) {
    case 0: model = .gbm(volatility: number(0.001, 5))
    case 1:
      model = .heston(
        initialVariance: number(0, 4), meanReversion: number(0, 50), longRunVariance: number(0, 4),
        volatilityOfVariance: number(0, 5), correlation: number(-1, 1))
    case 2:
      model = .merton(volatility: number(0.001, 5), jumpIntensity: number(0, 252), jumpMean: number(-2, 2), jumpVolatility: number(0, 2))
    default:
      model = .bootstrap(flip() ? .fixed(length: integer(1...2520)) : .stationary(meanLength: number(1, 2520)))
    }
    let bootstrap = model.name == .bootstrap
    return PathsSpec(
      model: model, count: integer(2...1_000_000), horizon: flip() ? .years(number(0.01, 50)) : .days(integer(1...12_600)),
      stepsPerYear: pick([nil, 252, 365]), seed: UInt64(pick([1, integer(0...Int.max)])),
      spot: maybe { $0.number(0.01, 1e6) }, drift: bootstrap ? nil : maybe { $0.number(-1, 1) },
      impliedVolatility: pick([
        nil, .constant(number(0.001, 5)), .model(premium: 0, tenorDays: 0),
        .model(premium: number(-0.5, 1), tenorDays: integer(0...3650)),
      ]))
  }

  mutating func scenario() -> Scenario {
    let underlyings = (0..<integer(1...3)).map { "S\($0)" }
    var volatility: [String: VolatilitySource] = [:]
    for symbol in underlyings where flip() { volatility[symbol] = self.volatility() }
    var dividendYield: [String: SeriesOrConstant] = [:]
    for symbol in underlyings where flip() { dividendYield[symbol] = .constant(number(-0.2, 0.5)) }
    if flip() { dividendYield[underlyings[0]] = seriesOrConstant() }
    let from = maybe { $0.day() }
    let to = maybe { $0.day() }.map { t in from.map { max($0, t) } ?? t }
    var programs: [Program] = []
    for i in 0..<integer(1...4) {
      programs.append(Program(name: "p\(i)", rules: (0..<integer(0...3)).map { _ in rule() }, portfolio: maybe { $0.portfolio() }))
    }
    return Scenario(
      name: "random-\(integer(0...999))", summary: maybe { _ in "a random scenario: 5 % \"quoted\" #hash" },
      data: DataSection(
        database: maybe { _ in "../market data.sqlite" }, underlyings: underlyings, volatility: volatility,
        rate: seriesOrConstant(), dividendYield: dividendYield, maxStaleDays: pick([5, integer(0...366)])),
      period: Period(from: from, to: to), calendar: pick(CalendarConvention.allCases), portfolio: portfolio(),
      costs: flip() ? CostModel() : costs(), programs: programs, paths: maybe { $0.paths() }, margin: margin())
  }
}

extension Scenario {
  /// A random scenario within every decoder's ranges (not necessarily one the loader's
  /// whole-scenario checks accept: symbols and volatility sources are not cross-checked).
  static func random(seed: UInt64) -> Scenario {
    var generator = ScenarioGenerator(rng: SplitMix64(seed: seed))
    return generator.scenario()
  }
}
