import MarketData

/// The expiry convention of listed options and futures.
///
/// Monthly options expire on the third Friday of the month (Cboe SPX monthly options, the
/// "standard" expiries of the VIX methodology); when that Friday is not a trading day of the
/// run's calendar (Good Friday, a holiday), the option settles on the last trading day before
/// it. Quarterly futures expire on the third Friday of March, June, September and December,
/// with the same adjustment. The exchange calendar (which days trade) is treated as known in
/// advance, as a published holiday calendar is.
public enum ExpiryCalendar {
  /// The monthly expiry (third Friday, unadjusted) nearest to `target`, strictly after
  /// `after`; on a tie, the later one.
  public static func monthlyExpiry(nearest target: Day, after: Day) -> Day {
    var (year, month, _) = target.components
    // Start one month before the target's month and walk forward.
    month -= 1
    if month == 0 {
      month = 12
      year -= 1
    }
    var best: Day? = nil
    for _ in 0..<4 {
      let candidate = Day.thirdFriday(year: year, month: month)
      if candidate > after {
        if let b = best {
          if abs(candidate.days(to: target)) <= abs(b.days(to: target)) { best = candidate }
        } else {
          best = candidate
        }
      }
      month += 1
      if month == 13 {
        month = 1
        year += 1
      }
    }
    if let best { return best }
    return nextMonthlyExpiry(after: after)
  }

  /// The first monthly expiry (third Friday) strictly after `day`.
  public static func nextMonthlyExpiry(after day: Day) -> Day {
    var (year, month, _) = day.components
    while true {
      let candidate = Day.thirdFriday(year: year, month: month)
      if candidate > day { return candidate }
      month += 1
      if month == 13 {
        month = 1
        year += 1
      }
    }
  }

  /// The first quarterly expiry (third Friday of Mar, Jun, Sep, Dec) on or after `day`.
  public static func quarterlyExpiry(onOrAfter day: Day) -> Day {
    var (year, month, _) = day.components
    month = ((month + 2) / 3) * 3
    while true {
      let candidate = Day.thirdFriday(year: year, month: month)
      if candidate >= day { return candidate }
      month += 3
      if month > 12 {
        month -= 12
        year += 1
      }
    }
  }
}

/// A fixed cycle of expiry months, as index-option strategies roll on (Cboe BXM and PUT: every
/// month; PPUT's quarterly variants and the CLL collar's put: March/June/September/December).
public enum ExpiryCycle: String, Sendable, Equatable, CaseIterable {
  /// Every month's third Friday.
  case monthly
  /// Third Fridays of March, June, September and December.
  case quarterlyMar = "quarterly-mar"
  /// Third Fridays of January, April, July and October.
  case quarterlyJan = "quarterly-jan"

  /// Whether options of the cycle expire in `month` (1–12).
  public func contains(month: Int) -> Bool {
    switch self {
    case .monthly: return true
    case .quarterlyMar: return month % 3 == 0
    case .quarterlyJan: return month % 3 == 1
    }
  }
}

extension ExpiryCalendar {
  /// The first third Friday of a `cycle` month strictly after `day` (unadjusted).
  public static func nextExpiry(in cycle: ExpiryCycle, after day: Day) -> Day {
    var (year, month, _) = day.components
    while true {
      if cycle.contains(month: month) {
        let candidate = Day.thirdFriday(year: year, month: month)
        if candidate > day { return candidate }
      }
      month += 1
      if month == 13 {
        month = 1
        year += 1
      }
    }
  }
}

/// A settlement date: the day an option or future settles, and its index in the run's
/// calendar (`Int.max` when it falls after the last day of the run).
public struct Expiry: Sendable, Hashable {
  /// The settlement day: the last trading day on or before the nominal expiry.
  public var day: Day
  /// Index of `day` in the run's calendar, or `Int.max` when after the period.
  public var index: Int

  public init(day: Day, index: Int) {
    self.day = day
    self.index = index
  }
}
