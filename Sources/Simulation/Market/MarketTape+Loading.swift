import MarketData
import Pricing
import RealModule

extension MarketTape {
  /// Loads and aligns every series a scenario needs, checking its symbols and period against
  /// the data.
  ///
  /// The calendar is the first underlying's trading days within the period (`trading-days`)
  /// or every calendar day of it (`calendar-365`). Every other series is aligned to it,
  /// forward-filling a missing day from the last value at most `max-stale-days` calendar days
  /// old (prices and volatilities: `data.max-stale-days`; rate and yield series: their own
  /// `max-stale-days`, 45 by default, since monthly series such as GS3M are common).
  /// - Throws: ``ScenarioError/unknownSymbol(file:line:keyPath:symbol:kind:available:suggestion:)``
  ///   for a series absent from the source, ``ScenarioError/periodNotCovered(file:line:keyPath:series:reason:)``
  ///   when the data do not cover the period, ``ScenarioError/invalid(file:line:keyPath:reason:)``
  ///   for unusable values; other errors of the source (I/O) pass through.
  public static func load(_ scenario: Scenario, from source: any MarketDataSource) throws -> MarketTape {
    let o = scenario.origin
    let data = scenario.data
    let period = scenario.period
    let maxStale = data.maxStaleDays

    func notCovered(_ keyPath: String, _ series: String, _ reason: String) -> ScenarioError {
      .periodNotCovered(file: o.file, line: o.line(of: keyPath), keyPath: keyPath, series: series, reason: reason)
    }
    func fetch<T>(_ keyPath: String, _ body: () throws -> T) throws -> T {
      do {
        return try body()
      } catch MarketDataError.unknownSeries(let kind, let name, let available) {
        throw ScenarioError.unknownSymbol(
          file: o.file, line: o.line(of: keyPath), keyPath: keyPath, symbol: name,
          kind: .series(kind), available: available, suggestion: nearest(name, in: available))
      }
    }
    func align(_ series: DailySeries, _ calendar: [Day], _ stale: Int, _ keyPath: String) throws -> [Double] {
      do {
        return try series.aligned(to: calendar, maxStaleDays: stale)
      } catch MarketDataError.gap(let name, let day, let last, let limit) {
        let reason: String
        if let last {
          let until = last + limit
          reason = "no value on \(day); the last one before is on \(last), more than max-stale-days (\(limit)) calendar days earlier; end the period by \(until), or raise max-stale-days if the gap is expected"
        } else if let first = series.days.first {
          reason = "it starts on \(first), after \(day); start the period on or after \(first)"
        } else {
          reason = "it has no values at all; ingest it first"
        }
        throw notCovered(keyPath, name, reason)
      }
    }

    // 1. The calendar, from the first underlying.
    let first = data.underlyings[0]
    let firstCloses = try fetch("data.underlyings[0]") { try source.closes(of: first, from: nil, to: nil) }
    guard let dataStart = firstCloses.days.first, let dataEnd = firstCloses.days.last else {
      throw notCovered("data.underlyings[0]", first, "it has no closes; ingest them first")
    }
    let start = period.from ?? dataStart
    let end = period.to ?? dataEnd
    if let from = period.from, from < dataStart - maxStale {
      throw notCovered(
        "period.from", first,
        "period.from (\(from)) is before its first close (\(dataStart)); start on or after \(dataStart)")
    }
    if let to = period.to, to > dataEnd + maxStale {
      throw notCovered(
        "period.to", first,
        "period.to (\(to)) is after its last close (\(dataEnd)); end on or before \(dataEnd)")
    }
    let days: [Day]
    switch scenario.calendar {
    case .tradingDays:
      days = firstCloses.days.filter { $0 >= start && $0 <= end }
    case .calendar365:
      let from = max(start, dataStart)
      days = from <= end ? (0...from.days(to: end)).map { from + $0 } : []
    }
    guard days.count >= 2 else {
      throw notCovered(
        "period", first,
        "the period \(start) to \(end) holds \(days.count) day(s) of data (closes run from \(dataStart) to \(dataEnd)); choose a longer period")
    }

    // 2. Closes of every underlying.
    var spots: [[Double]] = []
    for (i, symbol) in data.underlyings.enumerated() {
      let keyPath = "data.underlyings[\(i)]"
      let closes = i == 0 ? firstCloses : try fetch(keyPath) { try source.closes(of: symbol, from: nil, to: nil) }
      let aligned = try align(closes, days, maxStale, keyPath)
      if let bad = aligned.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
        throw ScenarioError.invalid(
          file: o.file, line: o.line(of: keyPath), keyPath: keyPath,
          reason: "the close of '\(symbol)' on \(days[bad]) is \(aligned[bad]); closes must be positive (fix the data and re-ingest)")
      }
      spots.append(aligned)
    }

    // 3. The rate.
    let rates: [Double]
    switch data.rate {
    case .constant(let r): rates = [Double](repeating: r, count: days.count)
    case .series(let name, let stale):
      let series = try fetch("data.rate") { try source.rates(name, from: nil, to: nil) }
      rates = try align(series, days, stale, "data.rate")
    }

    // 4. Dividend yields.
    var yields: [[Double]] = []
    for symbol in data.underlyings {
      let keyPath = "data.dividend-yield.\(symbol)"
      switch data.dividendYield[symbol] {
      case nil: yields.append([Double](repeating: 0, count: days.count))
      case .constant(let q)?: yields.append([Double](repeating: q, count: days.count))
      case .series(let name, let stale)?:
        let series = try fetch(keyPath) { try source.dividendYields(of: name, from: nil, to: nil) }
        yields.append(try align(series, days, stale, keyPath))
      }
    }

    // 5. Implied volatilities.
    var atm: [[Double]] = []
    var models: [VolatilityModel] = []
    var surfaces: [[VolatilitySurface]] = []
    for (u, symbol) in data.underlyings.enumerated() {
      let keyPath = "data.volatility.\(symbol)"
      switch data.volatility[symbol] {
      case nil:
        // No options on this underlying (validation ensures it): a zero column no rule reads.
        atm.append([Double](repeating: 0, count: days.count))
        models.append(.flat)
        surfaces.append([])
      case .constant(let σ, let skew)?:
        atm.append([Double](repeating: σ, count: days.count))
        models.append(skew.map { .skew($0) } ?? .flat)
        surfaces.append([])
      case .atTheMoney(let name, let tenor, let skew)?:
        let series = try fetch(keyPath) {
          try source.atTheMoneyVolatility(of: name, tenorDays: tenor, from: nil, to: nil)
        }
        let aligned = try align(series, days, maxStale, keyPath)
        if let bad = aligned.firstIndex(where: { !($0 > 0) || !$0.isFinite || $0 > 5 }) {
          throw ScenarioError.invalid(
            file: o.file, line: o.line(of: keyPath), keyPath: keyPath,
            reason: "implied volatility '\(name)' on \(days[bad]) is \(aligned[bad]); it must be a decimal in (0, 5] (0.2 is 20 %): was it ingested in percent without --unit percent?")
        }
        atm.append(aligned)
        models.append(skew.map { .skew($0) } ?? .flat)
        surfaces.append([])
      case .surface(let name)?:
        var perDay: [VolatilitySurface] = []
        var at: [Double] = []
        var last: (Day, VolatilitySurface)? = nil
        for (t, day) in days.enumerated() {
          let points = try fetch(keyPath) { try source.volatilityPoints(of: name, on: day) }
          if !points.isEmpty {
            let drift = (rates[t] - yields[u][t])
            do {
              let surface = try VolatilitySurface(
                points: points.map { p in
                  let T = Double(p.tenorDays) / 365
                  return (T, Double.log(p.moneyness) - drift * T, p.volatility)
                })
              last = (day, surface)
            } catch {
              throw ScenarioError.invalid(
                file: o.file, line: o.line(of: keyPath), keyPath: keyPath,
                reason: "the surface of '\(name)' on \(day) is unusable: \(error)")
            }
          }
          guard let (lastDay, surface) = last, lastDay.days(to: day) <= maxStale else {
            throw notCovered(
              keyPath, name,
              last.map { "no surface points on \(day); the last ones are from \($0.0), more than max-stale-days (\(maxStale)) earlier" }
                ?? "no surface points on or before \(day); start the period later or ingest the surface")
          }
          perDay.append(surface)
          let T = 30.0 / 365
          at.append(surface.volatility(timeToExpiry: T, logMoneyness: 0))
        }
        atm.append(at)
        models.append(.surface)
        surfaces.append(perDay)
      }
    }

    // 6. Initial positions expiring inside the period.
    for (i, option) in scenario.portfolio.options.enumerated() {
      if case .date(let d) = option.expiry, d <= days[0] {
        let keyPath = "portfolio.options[\(i)].expiry"
        throw ScenarioError.outOfRange(
          file: o.file, line: o.line(of: keyPath), keyPath: keyPath, value: d.description,
          condition: "after the first day of the period (\(days[0]))")
      }
    }
    for (i, future) in scenario.portfolio.futures.enumerated() {
      if case .date(let d) = future.expiry, d <= days[0] {
        let keyPath = "portfolio.futures[\(i)].expiry"
        throw ScenarioError.outOfRange(
          file: o.file, line: o.line(of: keyPath), keyPath: keyPath, value: d.description,
          condition: "after the first day of the period (\(days[0]))")
      }
    }

    return MarketTape(
      symbols: data.underlyings, days: days, calendar: scenario.calendar, spots: spots,
      atTheMoneyVolatilities: atm, volatilityModels: models, riskFreeRates: rates,
      dividendYields: yields, surfaces: surfaces)
  }
}
