/// A calendar day with no time of day and no time zone, stored as the number of days since
/// 1970-01-01 (negative before).
///
/// Market data are daily; a `Day` is what a row's date column means. Conversions use Howard
/// Hinnant's `days_from_civil` / `civil_from_days` algorithms (proleptic Gregorian calendar),
/// so no Foundation `Calendar` or time zone can shift a date.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Days since 1970-01-01.
  public var daysSinceEpoch: Int

  public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

  /// The day `year-month-day`, or `nil` when it does not exist (2023-02-29, month 13).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else {
      return nil
    }
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    daysSinceEpoch = era * 146_097 + doe - 719_468
  }

  /// Parses `YYYY-MM-DD` (ISO 8601 calendar date), or returns `nil`.
  public init?(iso text: some StringProtocol) {
    let u = Array(text.utf8)
    guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
      let y = Day.digits(u[0..<4]), let m = Day.digits(u[5..<7]), let d = Day.digits(u[8..<10])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// Year, month (1–12) and day of month (1–31).
  public var components: (year: Int, month: Int, day: Int) {
    let z = daysSinceEpoch + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  public var year: Int { components.year }
  public var month: Int { components.month }

  /// ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
  public var weekday: Int {
    let w = (daysSinceEpoch + 3) % 7
    return (w < 0 ? w + 7 : w) + 1
  }

  /// True on Saturday and Sunday.
  public var isWeekend: Bool { weekday >= 6 }

  /// `YYYY-MM-DD`.
  public var description: String {
    let (y, m, d) = components
    func pad(_ v: Int, _ width: Int) -> String {
      let s = String(v)
      return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }

  public static func < (a: Day, b: Day) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

  /// The day `n` calendar days later (earlier when negative).
  public static func + (day: Day, n: Int) -> Day { Day(daysSinceEpoch: day.daysSinceEpoch + n) }
  public static func - (day: Day, n: Int) -> Day { Day(daysSinceEpoch: day.daysSinceEpoch - n) }

  /// Calendar days from `self` to `other` (positive when `other` is later).
  public func days(to other: Day) -> Int { other.daysSinceEpoch - daysSinceEpoch }

  /// Number of days in a month of the proleptic Gregorian calendar.
  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// The third Friday of a month: the standard expiry of monthly listed equity-index options
  /// (Cboe SPX monthly options; the VIX methodology's "standard" expiries).
  public static func thirdFriday(year: Int, month: Int) -> Day {
    let first = Day(year: year, month: month, day: 1)!
    let offset = (5 - first.weekday + 7) % 7  // days to the first Friday
    return first + offset + 14
  }

  private static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
    var v = 0
    for b in bytes {
      guard b >= 48, b <= 57 else { return nil }
      v = v * 10 + Int(b - 48)
    }
    return v
  }
}

extension Day: Codable {
  /// Encodes as the ISO string `YYYY-MM-DD`.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    let text = try c.decode(String.self)
    guard let day = Day(iso: text) else {
      throw DecodingError.dataCorruptedError(
        in: c, debugDescription: "'\(text)' is not a date of the form YYYY-MM-DD")
    }
    self = day
  }
}
