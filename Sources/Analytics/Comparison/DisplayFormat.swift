import MarketData

/// Locale-free number formatting for tables and reports (never Foundation's locale-dependent
/// formatters: the output must be identical on every machine).
///
/// Machine-readable exports use `MetricValue.description` (shortest round-trip decimal);
/// this is for people: fixed decimals, optional thousands separators.
public enum DisplayFormat {
  /// `x` with exactly `digits` decimals (``DecimalText/fixed(_:_:grouping:)``).
  public static func fixed(_ x: Double, _ digits: Int, grouping: Bool = false) -> String {
    DecimalText.fixed(x, digits, grouping: grouping)
  }

  /// A metric value for display: percent rows with 2 decimals, ratios with 3, currency with 0
  /// and thousands separators, per-year rates with 2, counts as integers, dates in ISO form;
  /// a missing value prints as `–` (en dash).
  public static func value(_ row: MetricRow) -> String { value(row, currencyDecimals: 0) }

  /// As ``value(_:)``, with `currencyDecimals` decimals for currency rows (4 for a portfolio
  /// counted in coins, whose values are a few units).
  public static func value(_ row: MetricRow, currencyDecimals: Int) -> String {
    switch row.value {
    case .missing: return "–"
    case .integer(let n): return "\(n)"
    case .day(let d): return d.description
    case .month(let m): return m.description
    case .number(let x):
      switch row.unit {
      case .percent: return fixed(x, 2)
      case .currency: return fixed(x, currencyDecimals, grouping: true)
      case .perYear: return fixed(x, 2)
      case .tradingDays, .calendarDays, .count: return fixed(x, 0)
      case .ratio, .date, .month: return fixed(x, 3)
      }
    }
  }
}
