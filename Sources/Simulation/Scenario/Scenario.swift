import MarketData
import Pricing

/// A backtest described in a YAML file: the data, the period, the calendar, the portfolio,
/// the costs and the hedge programs to compare. Every key is documented in
/// `Scenarios/README.md`; ``ScenarioLoader`` reads and validates a file. A scenario is a
/// value: it encodes to the keys it was read from (``yaml()``, `scenario.yaml` of an export)
/// and is varied by typed ``Override``s (``applying(_:)``: `--from`/`--to`, a sweep point).
public struct Scenario: Sendable, Equatable, Decodable {
  /// A short name used in reports.
  public var name: String
  /// Free text shown in reports (`description:` in the file).
  public var summary: String?
  public var data: DataSection
  public var period: Period
  public var calendar: CalendarConvention
  public var portfolio: PortfolioSpec
  public var costs: CostModel
  /// The hedge programs to compare, run independently on the same market path.
  public var programs: [Program]
  /// Simulated paths to run the programs over instead of the history (`paths:`); `nil` for
  /// a backtest on the data.
  public var paths: PathsSpec? = nil
  /// The margin computed each day (`margin: { model: … }`); the equity TIMS-style model when
  /// absent.
  public var margin: MarginModel = .standard
  /// The file and the line of each key, for error messages; not part of the YAML.
  public var origin: ScenarioOrigin = ScenarioOrigin(file: "<scenario>", lines: [:])

  enum Keys: String, CodingKey, CaseIterable {
    case name, description, data, period, calendar, portfolio, costs, programs, paths, margin
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    name = try c.text(.name, expected: "a short name for reports")
    summary = try c.optionalText(.description)
    guard c.contains(.data) else { throw c.issue(.data, .missing(expected: "a mapping with database, underlyings, volatility, rate")) }
    data = try c.decode(DataSection.self, forKey: .data)
    period = try c.decodeIfPresent(Period.self, forKey: .period) ?? Period(from: nil, to: nil)
    calendar = try c.choice(.calendar, CalendarConvention.self, default: .tradingDays)
    guard c.contains(.portfolio) else { throw c.issue(.portfolio, .missing(expected: "a mapping with cash, holdings, options or futures")) }
    portfolio = try c.decode(PortfolioSpec.self, forKey: .portfolio)
    costs = try c.decodeIfPresent(CostModel.self, forKey: .costs) ?? CostModel()
    guard c.contains(.programs) else { throw c.issue(.programs, .missing(expected: "a list of programs, each with a name and rules")) }
    programs = try c.decode([Program].self, forKey: .programs)
    paths = try c.decodeIfPresent(PathsSpec.self, forKey: .paths)
    margin = try c.decodeIfPresent(MarginModel.self, forKey: .margin) ?? .standard
  }
}

/// Where a scenario came from: its file name and the line of every key path.
public struct ScenarioOrigin: Sendable, Equatable {
  /// The file name as given to the loader (shown in messages).
  public var file: String
  /// Line (1-based) of each key path, e.g. `"programs[1].rules[0].strike": 23`.
  public var lines: [String: Int]

  public init(file: String, lines: [String: Int]) {
    self.file = file
    self.lines = lines
  }

  /// The line of `keyPath`, or of its nearest enclosing key.
  public func line(of keyPath: String) -> Int? {
    var path = Substring(keyPath)
    while !path.isEmpty {
      if let line = lines[String(path)] { return line }
      guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
      path = path[..<cut]
    }
    return nil
  }
}

/// Which market data the scenario reads, all through `MarketDataSource`.
public struct DataSection: Sendable, Equatable, Decodable {
  /// Path of the SQLite database, relative to the scenario file (`--db` overrides it).
  public var database: String?
  /// The symbols whose closes are loaded; the first one sets the `trading-days` calendar.
  public var underlyings: [String]
  /// Implied-volatility source per underlying; required for every underlying options are
  /// traded on.
  public var volatility: [String: VolatilitySource]
  /// The risk-free rate: a stored series or a constant (decimal, annualised, continuous).
  public var rate: SeriesOrConstant
  /// Continuous dividend yield per underlying (decimal, annualised); 0 when absent.
  public var dividendYield: [String: SeriesOrConstant]
  /// Underlyings whose stored cash dividends (`dividend-cash`, amount per share on each
  /// ex-date) are paid to the units held over the ex-date, in addition to any yield.
  public var dividendCash: [String]
  /// Longest forward-fill of a missing close or volatility, in calendar days.
  public var maxStaleDays: Int

  enum Keys: String, CodingKey, CaseIterable {
    case database, underlyings, volatility, rate
    case dividendYield = "dividend-yield"
    case maxStaleDays = "max-stale-days"
    case dividendCash = "dividend-cash"
  }

  public init(
    database: String? = nil, underlyings: [String], volatility: [String: VolatilitySource] = [:],
    rate: SeriesOrConstant = .constant(0), dividendYield: [String: SeriesOrConstant] = [:],
    maxStaleDays: Int = 5
  ) {
    self.database = database
    self.underlyings = underlyings
    self.volatility = volatility
    self.rate = rate
    self.dividendYield = dividendYield
    self.maxStaleDays = maxStaleDays
    self.dividendCash = []
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    database = try c.optionalText(.database)
    guard c.contains(.underlyings) else {
      throw c.issue(.underlyings, .missing(expected: "a list of symbols, e.g. [SPX]"))
    }
    underlyings = try c.decode([String].self, forKey: .underlyings)
    guard !underlyings.isEmpty else {
      throw c.issue(.underlyings, .outOfRange(value: "[]", condition: "a non-empty list of symbols"))
    }
    for (i, symbol) in underlyings.enumerated() where underlyings[..<i].contains(symbol) {
      throw ScenarioIssue(
        codingPath: c.codingPath + [Keys.underlyings, AnyKey(intValue: i)],
        problem: .invalid("'\(symbol)' is listed twice; list each underlying once"))
    }
    volatility = try c.decodeIfPresent([String: VolatilitySource].self, forKey: .volatility) ?? [:]
    rate = try c.decodeIfPresent(SeriesOrConstant.self, forKey: .rate) ?? .constant(0)
    if case .constant(let r) = rate, !(-0.2...0.5).contains(r) {
      throw c.issue(
        .rate,
        .outOfRange(value: formatNumber(r), condition: "in [-0.2, 0.5] (decimal: 0.02 is 2 % a year)"))
    }
    dividendYield =
      try c.decodeIfPresent([String: SeriesOrConstant].self, forKey: .dividendYield) ?? [:]
    for symbol in dividendYield.keys.sorted() {
      if case .constant(let q) = dividendYield[symbol]!, !(-0.2...0.5).contains(q) {
        throw ScenarioIssue(
          codingPath: c.codingPath + [Keys.dividendYield, AnyKey(stringValue: symbol)],
          problem: .outOfRange(
            value: formatNumber(q), condition: "in [-0.2, 0.5] (decimal: 0.02 is 2 % a year)"))
      }
    }
    maxStaleDays = try c.integer(.maxStaleDays, in: 0...366, default: 5)
    dividendCash = try c.decodeIfPresent([String].self, forKey: .dividendCash) ?? []
    for (i, symbol) in dividendCash.enumerated() where !underlyings.contains(symbol) || dividendCash[..<i].contains(symbol) {
      throw ScenarioIssue(
        codingPath: c.codingPath + [Keys.dividendCash, AnyKey(intValue: i)],
        problem: .invalid(
          underlyings.contains(symbol)
            ? "'\(symbol)' is listed twice; list each underlying once"
            : "'\(symbol)' is not one of data.underlyings (\(underlyings.joined(separator: ", "))); list underlyings whose cash dividends are paid"))
    }
  }
}

/// Where an underlying's implied volatility comes from.
public enum VolatilitySource: Sendable, Equatable, Decodable {
  /// A stored at-the-money series (e.g. `VIX` ingested as an IV series of `SPX`'s name or its
  /// own), optionally at a tenor (calendar days), with a parametric skew for other strikes.
  case atTheMoney(series: String, tenorDays: Int?, skew: ParametricSkew?)
  /// The stored surface of a symbol (every tenor and moneyness of the day).
  case surface(symbol: String)
  /// One volatility (decimal, annualised) for every day, optionally with a skew.
  case constant(Double, skew: ParametricSkew?)
  /// A level (a stored series, realised volatility plus a premium, or a constant) with an
  /// SSVI smile and a term structure, calibrated to variance swaps for VIX-like series.
  case smile(SmileVolatility)

  enum Keys: String, CodingKey, CaseIterable {
    case atm, surface, constant, skew
    case tenorDays = "tenor-days"
  }
  /// Keys that select the smile model.
  static let smileModelKeys: Set<String> = ["series", "realised", "smile", "kind", "term-structure", "scale", "offset"]
  enum SkewKeys: String, CodingKey, CaseIterable { case slope, curvature, floor }

  public init(from decoder: any Decoder) throws {
    if let value = try? decoder.singleValueContainer().decode(Double.self) {
      try self.init(constant: value, codingPath: decoder.codingPath)
      return
    }
    if let keys = try? decoder.container(keyedBy: AnyKey.self).allKeys,
      keys.contains(where: { Self.smileModelKeys.contains($0.stringValue) })
    {
      if keys.contains(where: { $0.stringValue == "atm" || $0.stringValue == "skew" || $0.stringValue == "surface" }) {
        let c = try decoder.container(keyedBy: AnyKey.self)
        let key = AnyKey(stringValue: ["atm", "skew", "surface"].first { name in keys.contains { $0.stringValue == name } }!)
        throw c.issue(key, .invalid("the smile model (series:, kind:, smile:, term-structure:) and the legacy atm:/skew: form cannot be mixed; use series: VIX with kind: variance-swap, or atm: with skew: for the old behaviour"))
      }
      self = .smile(try SmileVolatility(from: decoder))
      return
    }
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    let skew: ParametricSkew?
    if c.contains(.skew) {
      let s = try c.nestedDecoder(.skew).strictContainer(keyedBy: SkewKeys.self)
      skew = ParametricSkew(
        slope: try s.number(.slope, .within(-5, 5, "vol per unit of ln(K/F); equity skews are negative")),
        curvature: try s.number(.curvature, default: 0, .within(-5, 20)),
        floor: try s.number(.floor, default: 0.01, .within(0.001, 1, "decimal vol")))
    } else {
      skew = nil
    }
    switch try c.exactlyOne(of: [.atm, .surface, .constant]) {
    case .atm:
      self = .atTheMoney(
        series: try c.text(.atm, expected: "an IV series name"),
        tenorDays: try c.optionalInteger(.tenorDays, in: 1...3650), skew: skew)
    case .surface:
      if c.contains(.skew) {
        throw c.issue(.skew, .invalid("a surface carries its own skew; remove skew or use atm"))
      }
      if c.contains(.tenorDays) {
        throw c.issue(.tenorDays, .invalid("a surface has every tenor; remove tenor-days"))
      }
      self = .surface(symbol: try c.text(.surface, expected: "a symbol with a stored surface"))
    default:
      if c.contains(.tenorDays) {
        throw c.issue(.tenorDays, .invalid("a constant volatility has no tenor; remove tenor-days"))
      }
      let value = try c.number(.constant, .within(0.001, 5, "decimal: 0.2 is 20 % a year"))
      self = .constant(value, skew: skew)
    }
  }

  init(constant value: Double, codingPath: [any CodingKey]) throws {
    guard value.isFinite, value >= 0.001, value <= 5 else {
      throw ScenarioIssue(
        codingPath: codingPath,
        problem: .outOfRange(
          value: formatNumber(value), condition: "in [0.001, 5] (decimal: 0.2 is 20 % a year)"))
    }
    self = .constant(value, skew: nil)
  }
}

/// A stored daily series (forward-filled up to `maxStaleDays` calendar days), a constant, or
/// a schedule of values by calendar year or month written in the scenario.
public enum SeriesOrConstant: Sendable, Equatable, Decodable {
  case series(String, maxStaleDays: Int)
  case constant(Double)
  /// Values by period: `by-year: {"1990": 0.036, …}` or `by-month: {"1990-01": 0.036, …}`;
  /// every day takes the value of its year (month), which must be listed.
  case schedule(PeriodSchedule)

  enum Keys: String, CodingKey, CaseIterable {
    case series, constant
    case maxStaleDays = "max-stale-days"
    case byYear = "by-year"
    case byMonth = "by-month"
  }

  public init(from decoder: any Decoder) throws {
    if let value = try? decoder.singleValueContainer().decode(Double.self) {
      guard value.isFinite else {
        throw ScenarioIssue(
          codingPath: decoder.codingPath, problem: .outOfRange(value: String(value), condition: "finite"))
      }
      self = .constant(value)
      return
    }
    if let name = try? decoder.singleValueContainer().decode(String.self) {
      self = .series(name, maxStaleDays: 45)
      return
    }
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    switch try c.exactlyOne(of: [.series, .constant, .byYear, .byMonth]) {
    case .byYear, .byMonth:
      let key: Keys = c.contains(.byYear) ? .byYear : .byMonth
      if c.contains(.maxStaleDays) {
        throw c.issue(.maxStaleDays, .invalid("a schedule is never stale; remove max-stale-days"))
      }
      let nested = try c.nestedContainer(keyedBy: AnyKey.self, forKey: key)
      var entries: [PeriodSchedule.Entry] = []
      for name in nested.allKeys.map(\.stringValue).sorted() {
        let path = c.codingPath + [key, AnyKey(stringValue: name)]
        let value = try nested.number(AnyKey(stringValue: name), .any)
        let parts = name.split(separator: "-").map { Int($0) }
        let valid = key == .byYear
          ? (parts.count == 1 && parts[0].map { (1800...2200).contains($0) } == true)
          : (parts.count == 2 && parts[0].map { (1800...2200).contains($0) } == true && parts[1].map { (1...12).contains($0) } == true)
        guard valid else {
          throw ScenarioIssue(codingPath: path, problem: .invalid(key == .byYear ? "'\(name)' is not a year; write \"1990\"" : "'\(name)' is not a month; write \"1990-01\""))
        }
        guard value.isFinite, (-0.2...0.5).contains(value) else {
          throw ScenarioIssue(codingPath: path, problem: .outOfRange(value: formatNumber(value), condition: "in [-0.2, 0.5] (decimal: 0.02 is 2 % a year)"))
        }
        entries.append(PeriodSchedule.Entry(year: parts[0]!, month: key == .byMonth ? parts[1]! : nil, value: value))
      }
      guard !entries.isEmpty else { throw c.issue(key, .outOfRange(value: "{}", condition: "at least one period")) }
      self = .schedule(PeriodSchedule(entries: entries))
    case .series:
      self = .series(
        try c.text(.series, expected: "a series name"),
        maxStaleDays: try c.integer(.maxStaleDays, in: 0...3660, default: 45))
    default:
      if c.contains(.maxStaleDays) {
        throw c.issue(.maxStaleDays, .invalid("a constant is never stale; remove max-stale-days"))
      }
      self = .constant(try c.number(.constant, .any))
    }
  }
}

/// Values by calendar year or month (`by-year`, `by-month`).
public struct PeriodSchedule: Sendable, Equatable {
  public struct Entry: Sendable, Equatable {
    public var year: Int
    /// 1–12, or nil for a whole year.
    public var month: Int?
    public var value: Double
  }
  public var entries: [Entry]

  /// The value for `day`, or nil when its year (month) is not listed.
  public func value(on day: Day) -> Double? {
    let (year, month, _) = day.components
    return entries.first { $0.year == year && ($0.month == nil || $0.month == month) }?.value
  }
}

/// The backtest period, inclusive; absent bounds mean the data's first or last day.
public struct Period: Sendable, Equatable, Decodable {
  public var from: Day?
  public var to: Day?

  enum Keys: String, CodingKey, CaseIterable { case from, to }

  public init(from: Day?, to: Day?) {
    self.from = from
    self.to = to
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    from = try c.optionalDay(.from)
    to = try c.optionalDay(.to)
    if let f = from, let t = to, t < f {
      throw c.issue(.to, .outOfRange(value: t.description, condition: "on or after period.from (\(f))"))
    }
  }
}

/// Which days the engine steps through, and how returns are annualised.
public enum CalendarConvention: String, Sendable, Equatable, CaseIterable {
  /// The days on which the first underlying has a close; 252 steps a year.
  case tradingDays = "trading-days"
  /// Every calendar day (24/7 markets such as crypto), series forward-filled; 365 steps a year.
  case calendar365 = "calendar-365"

  /// Steps per year used to annualise volatilities of daily returns.
  public var stepsPerYear: Double { Double(wholeStepsPerYear) }
  /// ``stepsPerYear`` as a whole number.
  public var wholeStepsPerYear: Int { self == .tradingDays ? 252 : 365 }
}

/// One named program: rules applied in order each day.
public struct Program: Sendable, Equatable, Decodable {
  public var name: String
  /// Applied in order; each rule's trades are executed before the next rule decides.
  public var rules: [RuleSpec]
  /// This program's own initial portfolio (e.g. cash collateral for a cash-secured put-write
  /// compared with a holding); `nil` uses the scenario's `portfolio`.
  public var portfolio: PortfolioSpec?

  enum Keys: String, CodingKey, CaseIterable { case name, rules, portfolio }

  public init(name: String, rules: [RuleSpec], portfolio: PortfolioSpec? = nil) {
    self.name = name
    self.rules = rules
    self.portfolio = portfolio
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    name = try c.text(.name, expected: "a program name, e.g. protective-put")
    rules = try c.decodeIfPresent([RuleSpec].self, forKey: .rules) ?? []
    portfolio = try c.decodeIfPresent(PortfolioSpec.self, forKey: .portfolio)
  }
}

extension KeyedDecodingContainer {
  /// The decoder of a nested value (for types decoded by hand).
  func nestedDecoder(_ key: Key) throws -> any Decoder { try superDecoder(forKey: key) }
}
