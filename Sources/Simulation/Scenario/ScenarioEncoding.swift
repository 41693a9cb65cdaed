import Foundation
import MarketData
import Pricing
import Yams

// Encoding a scenario as its file is written: the same kebab-case keys the decoders read
// (`Scenarios/README.md`), values the decoders fill in by default left out, so that
// `decode(encode(s)) == s` for every scenario the loader accepts. Mappings keyed by symbol are
// written in sorted order (the output does not depend on dictionary order). Each type encodes
// next to the keys its decoder declares; rules encode in `RuleSpec+Encoding.swift`.

/// A number as a user writes it: whole numbers without a decimal point (`100`), others in the
/// shortest form that reads back to the same `Double` (`0.95`, `1.0e-05`), so `scenario.yaml`
/// reads like the file it came from. Other encoders (JSON) get the plain `Double`.
struct ScenarioNumber: Encodable, YAMLEncodable {
  var value: Double

  init(_ value: Double) { self.value = value }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(value)
  }

  func box() -> Node {
    if abs(value) < 1e15, let whole = Int(exactly: value) { return Node(String(whole), Tag(.int)) }
    var text = String(value)
    // YAML 1.1 floats need a '.' before the exponent ("1e-05" would read as text).
    if let e = text.firstIndex(of: "e"), !text[..<e].contains(".") { text.insert(contentsOf: ".0", at: e) }
    return Node(text, Tag(.float))
  }
}

extension KeyedEncodingContainer {
  /// Writes `value` as a ``ScenarioNumber``.
  mutating func encodeNumber(_ value: Double, forKey key: Key) throws {
    try encode(ScenarioNumber(value), forKey: key)
  }

  /// Writes `value` unless it is nil or equal to `omitted` (the decoder's default).
  mutating func encodeNumber(_ value: Double?, forKey key: Key, omitting omitted: Double?) throws {
    guard let value, value != omitted else { return }
    try encodeNumber(value, forKey: key)
  }

  /// Writes `value` unless it equals `omitted` (the decoder's default).
  mutating func encode<T: Encodable & Equatable>(_ value: T, forKey key: Key, omitting omitted: T) throws {
    guard value != omitted else { return }
    try encode(value, forKey: key)
  }

  /// Writes the raw value of a choice unless it equals `omitted` (the decoder's default).
  mutating func encodeChoice<E: RawRepresentable & Equatable>(
    _ value: E, forKey key: Key, omitting omitted: E? = nil
  ) throws where E.RawValue == String {
    guard value != omitted else { return }
    try encode(value.rawValue, forKey: key)
  }

  /// Writes a mapping keyed by symbol, in sorted key order; nothing when it is empty.
  mutating func encodeSorted<V: Encodable>(_ values: [String: V], forKey key: Key) throws {
    guard !values.isEmpty else { return }
    var nested = nestedContainer(keyedBy: AnyKey.self, forKey: key)
    for name in values.keys.sorted() { try nested.encode(values[name]!, forKey: AnyKey(stringValue: name)) }
  }

  /// Writes an expiry under `date` (a day) or `tenor` (calendar days), as ``decodeExpiry(_:date:tenor:)`` reads it.
  mutating func encodeExpiry(_ expiry: ExpirySpec, date: Key, tenor: Key) throws {
    switch expiry {
    case .date(let day): try encode(day, forKey: date)
    case .tenorDays(let days): try encode(days, forKey: tenor)
    }
  }
}

/// The error for a value no scenario file can express (e.g. a program-built rule parameter).
func unwritable(_ value: Any, _ codingPath: [any CodingKey], _ reason: String) -> EncodingError {
  EncodingError.invalidValue(value, EncodingError.Context(codingPath: codingPath, debugDescription: reason))
}

extension Scenario {
  /// A scenario built in code (a file is read by ``ScenarioLoader``); `origin` names it in
  /// messages.
  public init(
    name: String, summary: String? = nil, data: DataSection, period: Period = Period(from: nil, to: nil),
    calendar: CalendarConvention = .tradingDays, portfolio: PortfolioSpec, costs: CostModel = CostModel(),
    programs: [Program], paths: PathsSpec? = nil, margin: MarginModel = .standard,
    origin: ScenarioOrigin = ScenarioOrigin(file: "<scenario>", lines: [:])
  ) {
    self.name = name
    self.summary = summary
    self.data = data
    self.period = period
    self.calendar = calendar
    self.portfolio = portfolio
    self.costs = costs
    self.programs = programs
    self.paths = paths
    self.margin = margin
    self.origin = origin
  }

  /// The scenario as a scenario file writes it (block style, keys in documentation order,
  /// defaults left out); ``ScenarioLoader/load(yaml:file:)`` reads it back to an equal value.
  /// - Throws: `EncodingError` for a value no scenario file can hold (only values built in
  ///   code can have one, e.g. a `protective-put` rule with two legs).
  public func yaml() throws -> String { try Self.yaml(self) }

  /// `part` as YAML; with `longForm`, values a file may write as one word (`rate: 0.02`,
  /// `rate: GS3M`, `SPX: 0.2`, `implied-volatility: 0.3`) are written as the mappings they
  /// abbreviate (`rate: {constant: 0.02}`), so an override can address their keys
  /// (`data.rate.constant`, `data.rate.max-stale-days`) whichever form the file used.
  static func yaml<T: Encodable>(_ part: T, longForm: Bool = false) throws -> String {
    let encoder = YAMLEncoder()
    encoder.options.width = -1  // long texts (a description) stay on one line
    return try encoder.encode(part, userInfo: longForm ? [.scenarioLongForm: true] : [:])
  }
}

extension CodingUserInfoKey {
  /// `true`: encode the long form of abbreviated values (see ``Scenario/yaml(_:longForm:)``).
  static let scenarioLongForm = CodingUserInfoKey(rawValue: "hedgelab.scenario.long-form")!
}

extension Encoder {
  /// Whether abbreviated values are written in their long form.
  var writesLongForm: Bool { userInfo[.scenarioLongForm] as? Bool == true }
}

extension Scenario: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(name, forKey: .name)
    try c.encodeIfPresent(summary, forKey: .description)
    try c.encode(data, forKey: .data)
    try c.encode(period, forKey: .period, omitting: Period(from: nil, to: nil))
    try c.encodeChoice(calendar, forKey: .calendar, omitting: .tradingDays)
    try c.encode(portfolio, forKey: .portfolio)
    try c.encode(costs, forKey: .costs, omitting: CostModel())
    try c.encode(programs, forKey: .programs)
    try c.encodeIfPresent(paths, forKey: .paths)
    try c.encode(margin, forKey: .margin, omitting: .standard)
  }
}

extension DataSection: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encodeIfPresent(database, forKey: .database)
    try c.encode(underlyings, forKey: .underlyings)
    try c.encodeSorted(volatility, forKey: .volatility)
    try c.encode(rate, forKey: .rate, omitting: .constant(0))
    try c.encodeSorted(dividendYield, forKey: .dividendYield)
    if !dividendCash.isEmpty { try c.encode(dividendCash, forKey: .dividendCash) }
    try c.encode(maxStaleDays, forKey: .maxStaleDays, omitting: 5)
  }
}

extension VolatilitySource: Encodable {
  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .constant(let value, nil) where !encoder.writesLongForm:
      var c = encoder.singleValueContainer()
      try c.encode(ScenarioNumber(value))
    case .constant(let value, let skew):
      var c = encoder.container(keyedBy: Keys.self)
      try c.encodeNumber(value, forKey: .constant)
      if let skew { try Self.encode(skew, in: &c) }
    case .atTheMoney(let series, let tenorDays, let skew):
      var c = encoder.container(keyedBy: Keys.self)
      try c.encode(series, forKey: .atm)
      try c.encodeIfPresent(tenorDays, forKey: .tenorDays)
      if let skew { try Self.encode(skew, in: &c) }
    case .surface(let symbol):
      var c = encoder.container(keyedBy: Keys.self)
      try c.encode(symbol, forKey: .surface)
    case .smile(let smile):
      try smile.encode(to: encoder)
    }
  }

  private static func encode(_ skew: ParametricSkew, in c: inout KeyedEncodingContainer<Keys>) throws {
    var s = c.nestedContainer(keyedBy: SkewKeys.self, forKey: .skew)
    try s.encodeNumber(skew.slope, forKey: .slope)
    try s.encodeNumber(skew.curvature, forKey: .curvature, omitting: 0)
    try s.encodeNumber(skew.floor, forKey: .floor, omitting: 0.01)
  }
}

extension SeriesOrConstant: Encodable {
  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .constant(let value) where encoder.writesLongForm:
      var c = encoder.container(keyedBy: Keys.self)
      try c.encodeNumber(value, forKey: .constant)
    case .constant(let value):
      var c = encoder.singleValueContainer()
      try c.encode(ScenarioNumber(value))
    case .series(let name, 45) where !encoder.writesLongForm:
      var c = encoder.singleValueContainer()
      try c.encode(name)
    case .series(let name, let maxStaleDays):
      var c = encoder.container(keyedBy: Keys.self)
      try c.encode(name, forKey: .series)
      try c.encode(maxStaleDays, forKey: .maxStaleDays, omitting: 45)
    case .schedule(let schedule):
      var c = encoder.container(keyedBy: Keys.self)
      let byMonth = schedule.entries.first?.month != nil
      guard schedule.entries.allSatisfy({ ($0.month != nil) == byMonth }) else {
        throw unwritable(self, encoder.codingPath, "a schedule mixes whole years and months; a file writes by-year or by-month")
      }
      var nested = c.nestedContainer(keyedBy: AnyKey.self, forKey: byMonth ? .byMonth : .byYear)
      for entry in schedule.entries {
        let name = entry.month.map { String(format: "%04d-%02d", entry.year, $0) } ?? String(format: "%04d", entry.year)
        try nested.encodeNumber(entry.value, forKey: AnyKey(stringValue: name))
      }
    }
  }
}

extension Period: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encodeIfPresent(from, forKey: .from)
    try c.encodeIfPresent(to, forKey: .to)
  }
}

extension PortfolioSpec: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encodeNumber(cash, forKey: .cash, omitting: 0)
    try c.encodeChoice(financing, forKey: .financing, omitting: .cash)
    try c.encodeChoice(dividends, forKey: .dividends, omitting: Self.defaultDividends(for: financing))
    try c.encode(holdings, forKey: .holdings, omitting: [])
    try c.encode(options, forKey: .options, omitting: [])
    try c.encode(futures, forKey: .futures, omitting: [])
    try c.encode(currency, forKey: .currency, omitting: "USD")
  }
}

extension HoldingSpec: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(symbol, forKey: .symbol)
    switch size {
    case .units(let units): try c.encodeNumber(units, forKey: .units)
    case .notional(let notional): try c.encodeNumber(notional, forKey: .notional)
    }
  }
}

extension OptionSpec: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(symbol, forKey: .symbol)
    try c.encodeChoice(kind, forKey: .kind)
    switch strike {
    case .fractionOfSpot(let fraction): try c.encodeNumber(fraction, forKey: .strike)
    case .absolute(let price): try c.encodeNumber(price, forKey: .strikePrice)
    }
    try c.encodeExpiry(expiry, date: .expiry, tenor: .tenorDays)
    try c.encodeNumber(quantity, forKey: .quantity)
  }
}

extension FutureSpec: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(symbol, forKey: .symbol)
    try c.encodeExpiry(expiry, date: .expiry, tenor: .tenorDays)
    try c.encodeNumber(quantity, forKey: .quantity)
  }
}

extension CostModel: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encodeNumber(underlyingBasisPoints, forKey: .underlyingBps, omitting: 0)
    try c.encodeNumber(futureBasisPoints, forKey: .futureBps, omitting: 0)
    switch optionSpread {
    case .none: break
    case .fractionOfPremium(let f): try c.encodeNumber(f, forKey: .optionHalfSpread)
    case .volatilityPoints(let v): try c.encodeNumber(v, forKey: .optionHalfSpreadVol)
    }
    try c.encodeNumber(contractFee, forKey: .contractFee, omitting: 0)
    try c.encodeNumber(contractMultiplier, forKey: .contractMultiplier, omitting: 100)
    try c.encodeNumber(minimumFee, forKey: .minimumFee, omitting: 0)
  }
}

extension Program: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(name, forKey: .name)
    try c.encode(rules, forKey: .rules)
    try c.encodeIfPresent(portfolio, forKey: .portfolio)
  }
}

extension SmileVolatility: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    switch level {
    case .series(let name):
      try c.encode(name, forKey: .series)
      try c.encodeChoice(kind, forKey: .kind)
      try c.encode(tenorDays, forKey: .tenorDays)
    case .realised(let windowDays, let premium):
      guard kind == .varianceSwap else {
        throw unwritable(self, encoder.codingPath, "realised volatility plus a premium is a variance-swap level")
      }
      var r = c.nestedContainer(keyedBy: RealisedKeys.self, forKey: .realised)
      try r.encode(windowDays, forKey: .windowDays, omitting: 21)
      try r.encodeNumber(premium, forKey: .premium, omitting: 0)
      try c.encode(tenorDays, forKey: .tenorDays, omitting: 30)
    case .constant(let value):
      try c.encodeNumber(value, forKey: .constant)
      // Always written: without a smile-model key the mapping would read as a plain constant.
      try c.encodeChoice(kind, forKey: .kind)
      try c.encode(tenorDays, forKey: .tenorDays, omitting: 30)
    }
    try c.encodeNumber(scale, forKey: .scale, omitting: 1)
    try c.encodeNumber(offset, forKey: .offset, omitting: 0)
    if smile != .spxDefault {
      var s = c.nestedContainer(keyedBy: SmileKeys.self, forKey: .smile)
      try s.encodeNumber(smile.rho, forKey: .rho)
      try s.encodeNumber(smile.eta, forKey: .eta)
      try s.encodeNumber(smile.gamma, forKey: .gamma)
    }
    if meanReversion != 1.15 || longRun != .trailing(days: 252) {
      var t = c.nestedContainer(keyedBy: TermKeys.self, forKey: .termStructure)
      try t.encodeNumber(meanReversion, forKey: .meanReversion, omitting: 1.15)
      switch longRun {
      case .trailing(let days): try t.encode(days, forKey: .windowDays, omitting: 252)
      case .fixed(let volatility): try t.encodeNumber(volatility, forKey: .longRun)
      }
    }
  }
}

extension PathsSpec: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encodeChoice(model.name, forKey: .model)
    switch model {
    case .gbm(let volatility):
      var p = c.nestedContainer(keyedBy: GBMKeys.self, forKey: .parameters)
      try p.encodeNumber(volatility, forKey: .volatility)
    case .heston(let v0, let kappa, let theta, let xi, let rho):
      var p = c.nestedContainer(keyedBy: HestonKeys.self, forKey: .parameters)
      try p.encodeNumber(v0, forKey: .initialVariance)
      try p.encodeNumber(kappa, forKey: .meanReversion)
      try p.encodeNumber(theta, forKey: .longRunVariance)
      try p.encodeNumber(xi, forKey: .volatilityOfVariance)
      try p.encodeNumber(rho, forKey: .correlation)
    case .merton(let sigma, let lambda, let m, let delta):
      var p = c.nestedContainer(keyedBy: MertonKeys.self, forKey: .parameters)
      try p.encodeNumber(sigma, forKey: .volatility)
      try p.encodeNumber(lambda, forKey: .jumpIntensity)
      try p.encodeNumber(m, forKey: .jumpMean)
      try p.encodeNumber(delta, forKey: .jumpVolatility)
    case .bootstrap(let scheme):
      var p = c.nestedContainer(keyedBy: BootstrapKeys.self, forKey: .parameters)
      switch scheme {
      case .fixed(let length): try p.encode(length, forKey: .blockLength)
      case .stationary(let meanLength): try p.encodeNumber(meanLength, forKey: .meanBlockLength)
      }
    }
    try c.encode(count, forKey: .count)
    switch horizon {
    case .years(let years): try c.encodeNumber(years, forKey: .horizonYears)
    case .days(let days): try c.encode(days, forKey: .horizonDays)
    }
    try c.encodeIfPresent(stepsPerYear, forKey: .stepsPerYear)
    try c.encode(seed, forKey: .seed, omitting: 1)
    try c.encodeNumber(spot, forKey: .spot, omitting: nil)
    try c.encodeNumber(drift, forKey: .drift, omitting: nil)
    switch impliedVolatility {
    case nil: break
    case .constant(let value)? where encoder.writesLongForm:
      var v = c.nestedContainer(keyedBy: VolatilityKeys.self, forKey: .impliedVolatility)
      try v.encodeNumber(value, forKey: .constant)
    case .constant(let value)?: try c.encodeNumber(value, forKey: .impliedVolatility)
    case .model(0, 0)? where !encoder.writesLongForm: try c.encode("model", forKey: .impliedVolatility)
    case .model(let premium, let tenorDays)?:
      var v = c.nestedContainer(keyedBy: VolatilityKeys.self, forKey: .impliedVolatility)
      var m = v.nestedContainer(keyedBy: PremiumKeys.self, forKey: .model)
      try m.encodeNumber(premium, forKey: .premium, omitting: 0)
      try m.encode(tenorDays, forKey: .tenorDays, omitting: 0)
    }
  }
}
