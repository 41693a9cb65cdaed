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

    func scheduled(_ schedule: PeriodSchedule, _ keyPath: String) throws -> [Double] {
      try days.map { day in
        guard let value = schedule.value(on: day) else {
          let (year, month, _) = day.components
          throw ScenarioError.invalid(
            file: o.file, line: o.line(of: keyPath), keyPath: keyPath,
            reason: "no value for \(schedule.entries.first?.month == nil ? String(year) : String(format: "%04d-%02d", year, month)), which the period reaches (\(day)); add it or shorten the period")
        }
        return value
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
    var storedCloses: [DailySeries] = []
    for (i, symbol) in data.underlyings.enumerated() {
      let keyPath = "data.underlyings[\(i)]"
      let closes = i == 0 ? firstCloses : try fetch(keyPath) { try source.closes(of: symbol, from: nil, to: nil) }
      storedCloses.append(closes)
      try checkCalendar(scenario, symbol: symbol, closes: closes, from: start, to: end, keyPath: keyPath)
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
    case .schedule(let schedule): rates = try scheduled(schedule, "data.rate")
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
      case .schedule(let schedule)?: yields.append(try scheduled(schedule, keyPath))
      case .series(let name, let stale)?:
        let series = try fetch(keyPath) { try source.dividendYields(of: name, from: nil, to: nil) }
        yields.append(try align(series, days, stale, keyPath))
      }
    }

    // 4b. Cash dividends: each paid on the first step on or after its ex-date.
    var cash = [[Double]](repeating: [Double](repeating: 0, count: days.count), count: data.underlyings.count)
    for (i, symbol) in data.dividendCash.enumerated() {
      let keyPath = "data.dividend-cash[\(i)]"
      let all = try fetch(keyPath) { try source.cashDividends(of: symbol, from: nil, to: nil) }
      guard !all.isEmpty else {
        throw notCovered(
          keyPath, symbol,
          "no cash dividends are stored for it; ingest them with 'hedgelab ingest FILE --kind dividend-cash --symbol \(symbol)', or remove it from data.dividend-cash")
      }
      cash[data.underlyings.firstIndex(of: symbol)!] = Self.cashDividendColumn(all, on: days)
    }

    // 5. Implied volatilities.
    var atm: [[Double]] = []
    var models: [VolatilityModel] = []
    var surfaces: [[VolatilitySurface]] = []
    var longRuns: [[Double]?] = []
    var summaries: [VolatilitySummary] = []
    for (u, symbol) in data.underlyings.enumerated() {
      let keyPath = "data.volatility.\(symbol)"
      longRuns.append(nil)
      switch data.volatility[symbol] {
      case .smile(let spec)?:
        // The level, per day.
        var level: [Double]
        switch spec.level {
        case .series(let name):
          let series = try fetch(keyPath) {
            try source.atTheMoneyVolatility(of: name, tenorDays: spec.tenorDays, from: nil, to: nil)
          }
          level = try align(series, days, maxStale, keyPath)
          if let bad = level.firstIndex(where: { !($0 > 0) || !$0.isFinite || $0 > 5 }) {
            throw ScenarioError.invalid(
              file: o.file, line: o.line(of: keyPath), keyPath: keyPath,
              reason: "implied volatility '\(name)' on \(days[bad]) is \(level[bad]); it must be a decimal in (0, 5] (0.2 is 20 %): was it ingested in percent without --unit percent?")
          }
        case .realised(let window, _):
          level = try realisedVolatility(
            storedCloses[u], on: days, window: window, stepsPerYear: scenario.calendar.stepsPerYear,
            keyPath: keyPath + ".realised.window-days", origin: o)
        case .constant(let value):
          level = [Double](repeating: value, count: days.count)
        }
        for t in level.indices { level[t] = spec.scale * level[t] + spec.offset }
        if let bad = level.firstIndex(where: { !($0 > 0.001) }) {
          throw ScenarioError.invalid(
            file: o.file, line: o.line(of: keyPath + ".offset") ?? o.line(of: keyPath), keyPath: keyPath,
            reason: "the volatility level on \(days[bad]) is \(level[bad]) after scale and offset; it must stay above 0.001: reduce the negative offset")
        }
        // The variance-swap variance V₀ at T₀, then the calibrated ATM.
        let calibration = VarianceSwapCalibration.shared(for: spec.smile)
        let T0 = Double(spec.tenorDays) / 365
        var varianceSwap = [Double](repeating: 0, count: days.count)
        var atmColumn = [Double](repeating: 0, count: days.count)
        for t in level.indices {
          switch (spec.level, spec.kind) {
          case (.realised(_, let premium), _):
            varianceSwap[t] = max(level[t] * level[t] + premium, 1e-6)
          case (_, .varianceSwap):
            varianceSwap[t] = level[t] * level[t]
          case (_, .atTheMoney):
            varianceSwap[t] = calibration.varianceSwapTotalVariance(atTheMoneyTotalVariance: level[t] * level[t] * T0) / T0
          }
          atmColumn[t] = (calibration.atTheMoneyTotalVariance(varianceSwapTotalVariance: varianceSwap[t] * T0) / T0).squareRoot()
        }
        let longRun: [Double]
        switch spec.longRun {
        case .fixed(let σ): longRun = [Double](repeating: σ * σ, count: days.count)
        case .trailing(let window):
          var out = [Double](repeating: 0, count: days.count)
          var sum = 0.0
          for t in varianceSwap.indices {
            sum += varianceSwap[t]
            if t >= window { sum -= varianceSwap[t - window] }
            out[t] = sum / Double(min(t + 1, window))
          }
          longRun = out
        }
        longRuns[u] = longRun
        atm.append(atmColumn)
        models.append(.smile(SmileModel(calibration: calibration, referenceTenor: T0, meanReversion: spec.meanReversion)))
        surfaces.append([])
        let n = Double(days.count)
        let meanLevel = level.reduce(0, +) / n
        let meanATM = atmColumn.reduce(0, +) / n
        summaries.append(
          VolatilitySummary(
            symbol: symbol, source: spec.sourceDescription, model: spec.modelDescription,
            meanLevel: meanLevel, meanAtTheMoney: meanATM, meanGapPoints: 100 * (meanATM - meanLevel)))
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
        // One range query for the whole period (plus the stale window before it), grouped by day.
        let stored = try fetch(keyPath) {
          try source.volatilitySurfaces(of: name, from: days[0] - maxStale, to: days[days.count - 1])
        }
        var byDay: [Day: [VolatilityPoint]] = [:]
        for point in stored { byDay[point.day, default: []].append(point) }
        if let first = byDay.keys.filter({ $0 < days[0] }).max(), let points = byDay[first] {
          let drift = rates[0] - yields[u][0]
          if let surface = try? VolatilitySurface(points: points.map { p in
            let T = Double(p.tenorDays) / 365
            return (T, Double.log(p.moneyness) - drift * T, p.volatility)
          }) { last = (first, surface) }
        }
        for (t, day) in days.enumerated() {
          let points = byDay[day] ?? []
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
      dividendYields: yields, surfaces: surfaces, longRunVariances: longRuns,
      volatilitySummaries: summaries,
      ruleSeries: try loadRuleSeries(scenario, days: days, from: source), cashDividends: cash)
  }

  /// Annualised sample volatility of the last `window` daily log returns of `closes` ending on
  /// or before each day (no look-ahead), using stored closes before the period where present.
  static func realisedVolatility(
    _ closes: DailySeries, on days: [Day], window: Int, stepsPerYear: Double, keyPath: String,
    origin o: ScenarioOrigin
  ) throws -> [Double] {
    let values = closes.values
    var out = [Double](repeating: 0, count: days.count)
    for (t, day) in days.enumerated() {
      guard let end = closes.indexOnOrBefore(day), end >= window else {
        throw ScenarioError.periodNotCovered(
          file: o.file, line: o.line(of: keyPath), keyPath: keyPath, series: "closes",
          reason: "realised volatility on \(day) needs \(window) returns (\(window + 1) closes) on or before it; start the period later or shorten window-days")
      }
      var sum = 0.0
      var sumSquares = 0.0
      for j in (end - window + 1)...end {
        let r = Double.log(values[j] / values[j - 1])
        sum += r
        sumSquares += r * r
      }
      let n = Double(window)
      out[t] = (max(0, (sumSquares - sum * sum / n) / (n - 1)) * stepsPerYear).squareRoot()
    }
    return out
  }

  /// The cash dividend per unit paid at each step of `days`: a dividend with ex-date in
  /// (day_{t−1}, day_t] is paid at step t (to the units held over that interval); dividends on
  /// or before the first day, or after the last, are not paid.
  static func cashDividendColumn(_ dividends: [CashDividend], on days: [Day]) -> [Double] {
    var column = [Double](repeating: 0, count: days.count)
    for d in dividends {
      guard let first = days.first, d.exDate > first, let t = days.firstIndex(where: { $0 >= d.exDate }) else { continue }
      column[t] += d.amount
    }
    return column
  }
}
