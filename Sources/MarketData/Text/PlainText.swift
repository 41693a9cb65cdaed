/// Locale-free number text (never Foundation's locale-dependent formatters or `printf`: the
/// output must be identical on every machine). The one implementation every module uses.
public enum DecimalText {
  /// `x` with exactly `digits` decimals (0…9), `.` as decimal separator and, when `grouping`
  /// is set, `,` between thousands: `fixed(-1234.5, 1, grouping: true)` is `-1,234.5`.
  /// Non-finite values print as `nan`/`inf`/`-inf`; magnitudes ≥ 1e15 use the shortest
  /// round-trip form.
  public static func fixed(_ x: Double, _ digits: Int, grouping: Bool = false) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
    let digits = min(max(digits, 0), 9)
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    guard abs(x) * scale < 9e15, let scaled = Int(exactly: (abs(x) * scale).rounded()),
      let unit = Int(exactly: scale)
    else { return "\(x)" }
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
}

/// CSV fields (RFC 4180 §2.6–2.7): the one quoting rule of every CSV HedgeLab writes.
public enum CSVText {
  /// `text` unchanged unless it holds `,`, `"`, CR or LF; then wrapped in double quotes with
  /// every `"` doubled.
  public static func field(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
