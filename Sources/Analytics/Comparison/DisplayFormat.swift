import Pricing

/// Locale-free number formatting for tables and reports (never Foundation's locale-dependent
/// formatters: the output must be identical on every machine).
///
/// Machine-readable exports use `MetricValue.description` (shortest round-trip decimal);
/// this is for people: fixed decimals, optional thousands separators.
public enum DisplayFormat {
  /// `x` with exactly `digits` decimals (0…9), `.` as decimal separator and, when `grouping`
  /// is set, `,` between thousands: `fixed(-1234.5, 1, grouping: true)` is `-1,234.5`.
  /// Non-finite values print as `nan`/`inf`/`-inf`; magnitudes ≥ 1e15 use the shortest
  /// round-trip form.
  public static func fixed(_ x: Double, _ digits: Int, grouping: Bool = false) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
    let digits = min(max(digits, 0), 9)
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    guard abs(x) * scale < 9e15, let scaled = Int(rounding: abs(x) * scale), let unit = Int(exactly: scale) else {
      return "\(x)"
    }
    let whole = String(scaled / unit)
    var text = ""
    if grouping {
      for (i, ch) in whole.reversed().enumerated() {
        if i > 0 && i % 3 == 0 { text.append(",") }
        text.append(ch)
      }
      text = String(text.reversed())
    } else {
      text = whole
    }
    if digits > 0 {
      let fraction = String(scaled % unit)
      text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
    return (x < 0 && scaled != 0 ? "-" : "") + text
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
