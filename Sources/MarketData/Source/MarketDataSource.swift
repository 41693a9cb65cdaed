/// What a stored series holds. Raw values are the strings stored in the database's `series.kind`.
public enum SeriesKind: String, Sendable, Codable, CaseIterable {
  /// Daily price bars (close required), in the instrument's currency.
  case price
  /// Implied volatility points, decimal and annualised (0.2 means 20 % a year).
  case impliedVolatility = "iv"
  /// Interest rates, decimal, annualised, continuously compounded once stored.
  case rate
  /// Continuous dividend yield, decimal and annualised.
  case dividendYield = "dividend_yield"
  /// Cash dividends per share, in currency, on their ex-dates.
  case dividendCash = "dividend_cash"
}

/// One daily series: strictly increasing days, one finite value per day.
public struct DailySeries: Sendable, Equatable {
  /// The symbol or rate name.
  public var name: String
  public var days: [Day]
  public var values: [Double]

  public init(name: String, days: [Day], values: [Double]) {
    precondition(days.count == values.count, "a series needs one value per day")
    self.name = name
    self.days = days
    self.values = values
  }

  public var isEmpty: Bool { days.isEmpty }
  public var count: Int { days.count }

  /// Index of the last day `<= day`, or `nil` when the series starts later.
  public func indexOnOrBefore(_ day: Day) -> Int? {
    var lo = 0
    var hi = days.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if days[mid] <= day { lo = mid + 1 } else { hi = mid }
    }
    return lo == 0 ? nil : lo - 1
  }

  /// The part of the series within `[from, to]` (either bound optional).
  public func slice(from: Day?, to: Day?) -> DailySeries {
    let start = from.map { f in days.firstIndex { $0 >= f } ?? days.count } ?? 0
    let end = to.map { t in (indexOnOrBefore(t) ?? -1) + 1 } ?? days.count
    guard start < end else { return DailySeries(name: name, days: [], values: []) }
    return DailySeries(name: name, days: Array(days[start..<end]), values: Array(values[start..<end]))
  }
}

/// One implied-volatility quote.
public struct VolatilityPoint: Sendable, Equatable, Hashable {
  public var day: Day
  /// Time to expiry in calendar days (VIX: 30).
  public var tenorDays: Int
  /// Strike divided by spot (1.0 is at the money spot).
  public var moneyness: Double
  /// Implied volatility, decimal and annualised.
  public var volatility: Double

  public init(day: Day, tenorDays: Int, moneyness: Double, volatility: Double) {
    self.day = day
    self.tenorDays = tenorDays
    self.moneyness = moneyness
    self.volatility = volatility
  }
}

/// A cash dividend per share, paid to holders on its ex-date.
public struct CashDividend: Sendable, Equatable {
  public var exDate: Day
  /// Amount per share, in the instrument's currency.
  public var amount: Double

  public init(exDate: Day, amount: Double) {
    self.exDate = exDate
    self.amount = amount
  }
}

/// Failures of reading or aligning market data.
public enum MarketDataError: Error, Equatable, CustomStringConvertible {
  /// No series of that kind and name is stored.
  case unknownSeries(kind: SeriesKind, name: String, available: [String])
  /// A series has no value within `maxStaleDays` calendar days before a day of the calendar.
  case gap(series: String, day: Day, lastAvailable: Day?, maxStaleDays: Int)
  /// The database file named for reading does not exist.
  case databaseNotFound(path: String)
  /// The file exists but cannot be read as a HedgeLab market database (not SQLite, damaged, or
  /// written by a newer HedgeLab).
  case databaseUnreadable(path: String, reason: String)
  /// The database cannot be created or written (permissions, full disk, read-only medium).
  case databaseNotWritable(path: String, reason: String)
  /// Another process held the database's lock for longer than the busy timeout (a temporary
  /// failure: nothing was read or written).
  case databaseBusy(path: String, seconds: Int)
  /// An SQLite file holding tables of some other application: HedgeLab neither migrates nor
  /// writes it.
  case notAHedgeLabDatabase(path: String, tables: [String])

  public var description: String {
    switch self {
    case .unknownSeries(let kind, let name, let available):
      let list = available.isEmpty ? "none are stored" : "stored: " + available.joined(separator: ", ")
      return "no \(kind.rawValue) series '\(name)' in the database (\(list)); ingest it first with 'hedgelab ingest'"
    case .gap(let series, let day, let last, let maxStale):
      let lastText = last.map { "its last value before is on \($0)" } ?? "it has no earlier value"
      return "series '\(series)' has no value on \(day) and \(lastText), more than \(maxStale) calendar days of forward-fill allowed; shorten the period or raise the forward-fill limit"
    case .databaseNotFound(let path):
      return "database '\(path)' does not exist; create it by ingesting data first ('hedgelab ingest FILE --db \(path) --kind ...') or check the --db path"
    case .databaseUnreadable(let path, let reason):
      return "database '\(path)' cannot be read as a HedgeLab market database (\(reason)); check the --db path, or rebuild it with 'hedgelab ingest'"
    case .databaseNotWritable(let path, let reason):
      return "database '\(path)' cannot be written (\(reason)); check the folder's permissions and free disk space, or choose another --db path"
    case .databaseBusy(let path, let seconds):
      return "database '\(path)' is locked by another process (waited \(seconds) s); nothing was changed. Retry when the other ingest or run has finished"
    case .notAHedgeLabDatabase(let path, let tables):
      let shown = tables.prefix(5).map { Excerpt.text($0) }.joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
      return "'\(path)' is an SQLite database of another application (tables: \(shown)), not a HedgeLab market database; it was left untouched. Choose another --db path"
    }
  }
}

/// The typed read API the simulator uses; implemented over SQLite (`MarketDatabase`) and in
/// memory (`InMemoryMarketData`, for tests).
///
/// Every value comes back in canonical units: prices in currency, volatilities, rates and
/// yields as annualised decimals, rates continuously compounded. `from`/`to` bounds are
/// inclusive and optional.
public protocol MarketDataSource: Sendable {
  /// Daily closing prices of `symbol`.
  func closes(of symbol: String, from: Day?, to: Day?) throws -> DailySeries

  /// The at-the-money implied-volatility series of `symbol` (moneyness 1.0) at the stored
  /// tenor nearest to `tenorDays` (any tenor when `nil`), one value per day.
  func atTheMoneyVolatility(of symbol: String, tenorDays: Int?, from: Day?, to: Day?) throws
    -> DailySeries

  /// Every implied-volatility point of `symbol` stored for one day: that day's surface.
  func volatilityPoints(of symbol: String, on day: Day) throws -> [VolatilityPoint]

  /// Every implied-volatility point of `symbol` with a day in the range, ordered by day, tenor
  /// and moneyness: a surface history in one query. Throws `unknownSeries` when `symbol` has
  /// no implied volatilities at all.
  func volatilitySurfaces(of symbol: String, from: Day?, to: Day?) throws -> [VolatilityPoint]

  /// A rate series by name (e.g. `GS3M`), decimal, annualised, continuously compounded.
  func rates(_ name: String, from: Day?, to: Day?) throws -> DailySeries

  /// The continuous dividend-yield series of `symbol`, decimal and annualised.
  func dividendYields(of symbol: String, from: Day?, to: Day?) throws -> DailySeries

  /// Cash dividends of `symbol` with ex-dates in the range.
  func cashDividends(of symbol: String, from: Day?, to: Day?) throws -> [CashDividend]
}

extension DailySeries {
  /// This series' values on each day of `calendar`, forward-filling a missing day from the last
  /// earlier value when it is at most `maxStaleDays` calendar days old.
  ///
  /// Calendars differ between sources (VIX has days the S&P 500 file lacks; GS3M is monthly):
  /// alignment is explicit, and a hole longer than the limit is an error naming the day, never
  /// a silent NaN or a stale value.
  /// - Throws: `MarketDataError.gap` for the first day without a fresh enough value.
  public func aligned(to calendar: [Day], maxStaleDays: Int) throws -> [Double] {
    var out = [Double]()
    out.reserveCapacity(calendar.count)
    var j = 0
    var last: Int? = nil
    for day in calendar {
      while j < days.count, days[j] <= day {
        last = j
        j += 1
      }
      guard let i = last, days[i].days(to: day) <= maxStaleDays else {
        throw MarketDataError.gap(
          series: name, day: day, lastAvailable: last.map { days[$0] }, maxStaleDays: maxStaleDays)
      }
      out.append(values[i])
    }
    return out
  }
}

/// A `MarketDataSource` held in memory: for tests and for simulated paths.
public struct InMemoryMarketData: MarketDataSource {
  public var closes: [String: DailySeries]
  public var atTheMoneyVolatilities: [String: DailySeries]
  public var surfaces: [String: [Day: [VolatilityPoint]]]
  public var rateSeries: [String: DailySeries]
  public var dividendYieldSeries: [String: DailySeries]
  public var dividends: [String: [CashDividend]]

  public init(
    closes: [String: DailySeries] = [:],
    atTheMoneyVolatilities: [String: DailySeries] = [:],
    surfaces: [String: [Day: [VolatilityPoint]]] = [:],
    rates: [String: DailySeries] = [:],
    dividendYields: [String: DailySeries] = [:],
    dividends: [String: [CashDividend]] = [:]
  ) {
    self.closes = closes
    self.atTheMoneyVolatilities = atTheMoneyVolatilities
    self.surfaces = surfaces
    self.rateSeries = rates
    self.dividendYieldSeries = dividendYields
    self.dividends = dividends
  }

  private func lookup(_ table: [String: DailySeries], _ kind: SeriesKind, _ name: String) throws
    -> DailySeries
  {
    guard let s = table[name] else {
      throw MarketDataError.unknownSeries(kind: kind, name: name, available: table.keys.sorted())
    }
    return s
  }

  public func closes(of symbol: String, from: Day?, to: Day?) throws -> DailySeries {
    try lookup(closes, .price, symbol).slice(from: from, to: to)
  }

  public func atTheMoneyVolatility(of symbol: String, tenorDays: Int?, from: Day?, to: Day?) throws
    -> DailySeries
  {
    try lookup(atTheMoneyVolatilities, .impliedVolatility, symbol).slice(from: from, to: to)
  }

  public func volatilityPoints(of symbol: String, on day: Day) throws -> [VolatilityPoint] {
    surfaces[symbol]?[day] ?? []
  }

  public func volatilitySurfaces(of symbol: String, from: Day?, to: Day?) throws -> [VolatilityPoint] {
    guard let byDay = surfaces[symbol] else {
      throw MarketDataError.unknownSeries(kind: .impliedVolatility, name: symbol, available: surfaces.keys.sorted())
    }
    return byDay.keys.sorted()
      .filter { d in (from.map { d >= $0 } ?? true) && (to.map { d <= $0 } ?? true) }
      .flatMap { byDay[$0]! }
  }

  public func rates(_ name: String, from: Day?, to: Day?) throws -> DailySeries {
    try lookup(rateSeries, .rate, name).slice(from: from, to: to)
  }

  public func dividendYields(of symbol: String, from: Day?, to: Day?) throws -> DailySeries {
    try lookup(dividendYieldSeries, .dividendYield, symbol).slice(from: from, to: to)
  }

  public func cashDividends(of symbol: String, from: Day?, to: Day?) throws -> [CashDividend] {
    (dividends[symbol] ?? []).filter { d in
      (from.map { d.exDate >= $0 } ?? true) && (to.map { d.exDate <= $0 } ?? true)
    }
  }
}
