import MarketData

/// Stored series that rules read besides the market's own: a perpetual's funding rates
/// (`funding: { series: … }`), a dated future's basis (`basis: { series: … }`). Loaded and
/// aligned to the run's calendar with the rest of the tape (``MarketTape/load(_:from:)``),
/// flat (`k·count + t`), so the engine reads them without a dictionary or allocation.
///
/// Units: annualised decimals as stored (funding: the day's summed per-interval rates × 365,
/// simple, as `ingest --kind funding` writes it; basis: the continuously compounded
/// annualised basis `b` of `F = S·e^{b·T}`).
public struct RuleSeries: Sendable {
  /// The series' names, in the order of their indices.
  public let names: [String]
  let values: [Double]
  /// Days per series.
  let count: Int

  public init(names: [String], values: [[Double]], count: Int) {
    precondition(names.count == values.count && values.allSatisfy { $0.count == count }, "one value per day per series")
    self.names = names
    self.values = values.flatMap { $0 }
    self.count = count
  }

  /// No series.
  public static let none = RuleSeries(names: [], values: [], count: 0)

  /// The index of the series named `name`; loading has checked that every series a rule names
  /// is present.
  func index(of name: String) -> Int {
    guard let k = names.firstIndex(of: name) else {
      preconditionFailure("series '\(name)' was not loaded with the tape")
    }
    return k
  }

  /// The value of series `k` on step `t`.
  @inline(__always) func value(_ k: Int, _ t: Int) -> Double { values[k &* count &+ t] }

  /// The first `n` steps of every series.
  func prefix(_ n: Int) -> RuleSeries {
    RuleSeries(
      names: names,
      values: names.indices.map { k in Array(values[(k * count)..<(k * count + n)]) }, count: n)
  }
}

extension MarketTape {
  /// Loads every series the scenario's rules name (``RuleSpec/storedSeries``), aligned to
  /// `days`. A rule's series is read on every day of the run (the position is opened on the
  /// first day and held), so a day without a value, after a gap longer than one day, is an
  /// error naming the rule's key and the day.
  static func loadRuleSeries(
    _ scenario: Scenario, days: [Day], from source: any MarketDataSource
  ) throws -> RuleSeries {
    let o = scenario.origin
    var names: [String] = []
    var values: [[Double]] = []
    for (p, program) in scenario.programs.enumerated() {
      for (r, rule) in program.rules.enumerated() {
        for (key, name) in rule.storedSeries where !names.contains(name) {
          let keyPath = "programs[\(p)].rules[\(r)].\(key)"
          let series: DailySeries
          do {
            series = try source.rates(name, from: nil, to: nil)
          } catch MarketDataError.unknownSeries(let kind, let name, let available) {
            throw ScenarioError.unknownSymbol(
              file: o.file, line: o.line(of: keyPath), keyPath: keyPath, symbol: name,
              kind: .series(kind), available: available, suggestion: nearest(name, in: available))
          }
          do {
            values.append(try series.aligned(to: days, maxStaleDays: 1))
          } catch MarketDataError.gap(let name, let day, let last, _) {
            let reason: String
            if let last {
              reason = "no value on \(day), a day the position is held; the last one before is on \(last), a gap of \(last.days(to: day)) days (at most 1 is filled from the day before); ingest the missing days or end the period by \(last + 1)"
            } else if let first = series.days.first {
              reason = "it starts on \(first), after \(day), a day the position is held; start the period on or after \(first)"
            } else {
              reason = "it has no values at all; ingest it first"
            }
            throw ScenarioError.periodNotCovered(
              file: o.file, line: o.line(of: keyPath), keyPath: keyPath, series: name, reason: reason)
          }
          if let bad = values[values.count - 1].firstIndex(where: { !$0.isFinite }) {
            throw ScenarioError.invalid(
              file: o.file, line: o.line(of: keyPath), keyPath: keyPath,
              reason: "series '\(name)' is not a number on \(days[bad]); fix the data and re-ingest")
          }
          names.append(name)
        }
      }
    }
    return RuleSeries(names: names, values: values, count: days.count)
  }
}
