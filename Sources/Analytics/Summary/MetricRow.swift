import MarketData

/// The unit a metric row is expressed in.
public enum MetricUnit: String, Sendable {
  /// Percent: the row holds the decimal metric × 100 (12.5 means 12.5 %).
  case percent = "%"
  /// A dimensionless ratio (Sharpe, beta, capture).
  case ratio = ""
  /// A count of observations (trading days when observed once per trading day).
  case tradingDays = "trading days"
  /// A count of calendar days.
  case calendarDays = "calendar days"
  /// A count of events.
  case count = "count"
  /// A calendar day (ISO `YYYY-MM-DD`).
  case date = "date"
  /// A calendar month (ISO `YYYY-MM`).
  case month = "month"
  /// An amount in the portfolio's currency units.
  case currency = "currency"
  /// A rate per calendar year (trades a year, turnover as a multiple of the portfolio a year).
  case perYear = "per year"
}

/// The value of one metric row.
public enum MetricValue: Equatable, Sendable, CustomStringConvertible {
  case number(Double)
  case integer(Int)
  case day(Day)
  case month(CalendarMonth)
  /// Undefined for this input (e.g. Sharpe of a constant series, a capture ratio without a
  /// baseline, the recovery date of a drawdown that has not recovered).
  case missing

  /// The number, when the value is `.number` or `.integer`.
  public var number: Double? {
    switch self {
    case .number(let x): return x
    case .integer(let n): return Double(n)
    default: return nil
    }
  }

  /// Machine-readable text: the shortest round-trip decimal for numbers (full precision,
  /// `.` decimal separator), ISO dates and months, and the empty string when missing.
  public var description: String {
    switch self {
    case .number(let x): return "\(x)"
    case .integer(let n): return "\(n)"
    case .day(let d): return d.description
    case .month(let m): return m.description
    case .missing: return ""
    }
  }
}

/// One row of a metrics table: a stable key, a display name that carries its unit, and the
/// value in that unit.
public struct MetricRow: Equatable, Sendable {
  /// Stable snake_case identifier for JSON and code, e.g. `annualised_volatility_pct`.
  public let key: String
  /// Display name with the unit, e.g. "Annualised volatility (%)"; also the CSV header.
  public let name: String
  public let unit: MetricUnit
  public let value: MetricValue
  /// Why the value is missing, when it is undefined or meaningless for this input rather than
  /// not applicable (e.g. "annualised over 3 daily returns, fewer than the minimum of 60");
  /// tables show `–` with this as a footnote, JSON lists it under `undefined`.
  public let note: String?

  public init(key: String, name: String, unit: MetricUnit, value: MetricValue, note: String? = nil) {
    self.key = key
    self.name = name
    self.unit = unit
    self.value = value
    self.note = value == .missing ? note : nil
  }
}
