#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Number and date parsers that read straight from the bytes of a CSV field, with no `String`
/// in between: the ingest hot path parses a few million fields a second with them.
enum ByteParsing {
  /// Exact powers of ten: every one up to 1e22 is a double without rounding.
  private static let powersOfTen: [Double] = (0...22).map { k in
    var p = 1.0
    for _ in 0..<k { p *= 10 }
    return p
  }

  @inline(__always)
  static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

  /// The range `[start, end)` without leading and trailing blanks and tabs.
  @inline(__always)
  static func trimmed(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
    var s = start
    var e = end
    while s < e, isSpace(p[s]) { s += 1 }
    while e > s, isSpace(p[e - 1]) { e -= 1 }
    return (s, e)
  }

  /// A decimal number such as `17.24`, `-0.5`, `1e-3` or `.25`, correctly rounded; `nil` for
  /// anything else (empty, `nan`, `inf`, hexadecimal, thousands separators, trailing text).
  ///
  /// Fast path (Clinger 1990, "How to read floating point numbers accurately"): when the digits
  /// form an integer `m ≤ 2^53` and there are at most 22 decimals, `m / 10^k` is one correctly
  /// rounded IEEE division of two exact doubles, so the result is exact to the last bit. Every
  /// other spelling goes to the C library's `strtod`, which is correctly rounded too.
  ///
  /// With `percent`, the text is read as percentage points and the result is the double
  /// nearest to the decimal value / 100 (`17.24` gives exactly the double `0.1724`, which
  /// `17.24 / 100` in binary arithmetic does not always give): the decimal point moves two
  /// places before any rounding.
  static func double(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, percent: Bool = false) -> Double? {
    let (s, e) = trimmed(p, start, end)
    guard s < e else { return nil }
    var i = s
    var negative = false
    if p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
      negative = p[i] == UInt8(ascii: "-")
      i += 1
    }
    var mantissa: UInt64 = 0
    var digits = 0
    var decimals = 0
    var sawPoint = false
    var anyDigit = false
    var simple = true
    while i < e {
      let b = p[i]
      if b >= 0x30, b <= 0x39 {
        anyDigit = true
        if digits < 19 {
          mantissa = mantissa &* 10 &+ UInt64(b &- 0x30)
          if mantissa != 0 { digits += 1 }
        } else {
          simple = false
        }
        if sawPoint { decimals += 1 }
      } else if b == UInt8(ascii: "."), !sawPoint {
        sawPoint = true
      } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
        simple = false
        break
      } else {
        return nil
      }
      i += 1
    }
    if simple {
      guard anyDigit else { return nil }
      let shifted = decimals + (percent ? 2 : 0)
      if mantissa <= (1 << 53), shifted <= 22 {
        let v = Double(mantissa) / powersOfTen[shifted]
        return negative ? -v : v
      }
    }
    return slowDouble(p, s, e, percent: percent)
  }

  /// `strtod` on a NUL-terminated copy of a field whose characters are only those of a decimal
  /// number (so `strtod` cannot read `nan`, `inf` or hexadecimal).
  /// With `percent`, `e-2` is appended to a number without an exponent, so that `strtod`
  /// rounds once; a number with its own exponent is divided by 100 after parsing.
  private static func slowDouble(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, percent: Bool) -> Double? {
    let n = e - s
    guard n > 0, n < 128 else { return nil }
    var digitSeen = false
    var exponent = false
    for k in s..<e {
      let b = p[k]
      switch b {
      case 0x30...0x39: digitSeen = true
      case UInt8(ascii: "e"), UInt8(ascii: "E"): exponent = true
      case UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"):
        continue
      default: return nil
      }
    }
    guard digitSeen else { return nil }
    let suffix: [CChar] = percent && !exponent ? [CChar(UInt8(ascii: "e")), CChar(UInt8(ascii: "-")), CChar(UInt8(ascii: "2"))] : []
    let length = n + suffix.count
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Double? in
      for k in 0..<n { buffer[k] = CChar(bitPattern: p[s + k]) }
      for (k, c) in suffix.enumerated() { buffer[n + k] = c }
      buffer[length] = 0
      var endPointer: UnsafeMutablePointer<CChar>? = nil
      let v = strtod(buffer.baseAddress!, &endPointer)
      guard let endPointer, endPointer == buffer.baseAddress! + length, v.isFinite else { return nil }
      return percent && exponent ? v / 100 : v
    }
  }

  /// A non-negative decimal integer of at most 9 digits (tenor days), or `nil`.
  static func integer(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
    let (s, e) = trimmed(p, start, end)
    guard e - s <= 9 else { return nil }
    return digitsValue(p, s, e)
  }

  @inline(__always)
  private static func digitsValue(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
    guard s < e else { return nil }
    var v = 0
    for i in s..<e {
      let b = p[i]
      guard b >= 0x30, b <= 0x39 else { return nil }
      v = v * 10 + Int(b - 0x30)
    }
    return v
  }

  /// A date in `format`, or `nil`. `.month` gives the first day of the month.
  static func day(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, format: DateFormat) -> Day? {
    let (s, e) = trimmed(p, start, end)
    switch format {
    case .iso:
      guard e - s == 10, p[s + 4] == UInt8(ascii: "-"), p[s + 7] == UInt8(ascii: "-"),
        let y = digitsValue(p, s, s + 4), let m = digitsValue(p, s + 5, s + 7),
        let d = digitsValue(p, s + 8, s + 10)
      else { return nil }
      return Day(year: y, month: m, day: d)
    case .month:
      guard e - s == 7, p[s + 4] == UInt8(ascii: "-"),
        let y = digitsValue(p, s, s + 4), let m = digitsValue(p, s + 5, s + 7)
      else { return nil }
      return Day(year: y, month: m, day: 1)
    case .us:
      // M/D/YYYY with one- or two-digit month and day.
      var i = s
      var parts = [0, 0]
      for k in 0..<2 {
        let from = i
        while i < e, p[i] != UInt8(ascii: "/") { i += 1 }
        guard i < e, i - from >= 1, i - from <= 2, let v = digitsValue(p, from, i) else { return nil }
        parts[k] = v
        i += 1
      }
      guard e - i == 4, let y = digitsValue(p, i, e) else { return nil }
      return Day(year: y, month: parts[0], day: parts[1])
    case .unixMilliseconds:
      // Whole milliseconds since 1970-01-01 UTC, at least 10^11 (smaller values are seconds).
      guard e - s >= 12, e - s <= 15, let ms = digitsValue(p, s, e) else { return nil }
      return Day(daysSinceEpoch: ms / 86_400_000)
    }
  }

  /// Writes `day` as `YYYY-MM-DD` into 10 bytes at `out` (years 0–9999).
  @inline(__always)
  static func writeISO(_ day: Day, to out: UnsafeMutablePointer<UInt8>) {
    let (y, m, d) = day.components
    out[0] = UInt8(0x30 + (y / 1000) % 10)
    out[1] = UInt8(0x30 + (y / 100) % 10)
    out[2] = UInt8(0x30 + (y / 10) % 10)
    out[3] = UInt8(0x30 + y % 10)
    out[4] = UInt8(ascii: "-")
    out[5] = UInt8(0x30 + m / 10)
    out[6] = UInt8(0x30 + m % 10)
    out[7] = UInt8(ascii: "-")
    out[8] = UInt8(0x30 + d / 10)
    out[9] = UInt8(0x30 + d % 10)
  }

  /// `day` parsed from the 10 bytes of an ISO date, trusted to be well formed (read back from
  /// our own database), or `nil` when it is not.
  @inline(__always)
  static func isoDay(_ p: UnsafePointer<UInt8>, count: Int) -> Day? {
    day(p, 0, count, format: .iso)
  }
}

/// How the date column of a CSV file is written.
public enum DateFormat: String, Sendable, CaseIterable, Codable {
  /// ISO 8601 `YYYY-MM-DD` (the default).
  case iso
  /// `YYYY-MM`: a monthly series, whose value holds for the whole month; stored on the first
  /// calendar day of the month.
  case month
  /// US `M/D/YYYY`, month first (`3/16/2020`).
  case us
  /// Unix time in milliseconds (`1636416000000`), converted to the UTC day; several rows of a
  /// day keep the last (see ``TimestampedFile``).
  case unixMilliseconds = "unix-ms"

  /// How a date of this format looks, for messages.
  public var pattern: String {
    switch self {
    case .iso: return "YYYY-MM-DD"
    case .month: return "YYYY-MM"
    case .us: return "M/D/YYYY"
    case .unixMilliseconds: return "Unix milliseconds"
    }
  }
}
