import MarketData

/// Which listed crypto expiries a rule trades: the cycles of the large crypto options venue
/// (Deribit), every one at 08:00 UTC.
///
/// - `daily`: every calendar day (crypto trades 24/7, weekends included);
/// - `weekly`: every Friday;
/// - `monthly`: the last Friday of each month;
/// - `quarterly`: the last Friday of March, June, September and December.
public enum CryptoExpiryCycle: String, Sendable, Codable, CaseIterable {
  case daily, weekly, monthly, quarterly
}

/// The 24/7 expiry calendar of crypto options and dated futures, and how a backtest on daily
/// closes settles them.
///
/// Expiries are at **08:00 UTC** on the expiry date (Deribit settles on a 30-minute TWAP of its
/// index ending then). Daily history has one close per UTC day, taken at 24:00 UTC, so no
/// observation falls at 08:00. HedgeLab settles an expiry dated D at the **close of D − 1**
/// (24:00 UTC of the day before, i.e. 00:00 UTC of D): the nearest close, 8 hours before the true
/// settlement (the close of D would be 16 hours after it). The option's life is shortened by
/// those 8 hours (1/3 of a day, 1.1 % of a 30-day option): time to expiry from the close of day t
/// is `days(t → D − 1)/365`, so the value on the settlement close is exactly the payoff. The
/// difference from the venue's settlement price is the BTC move over 8 hours (about
/// σ·√(8/24/365) ≈ 2.4 % at 80 % volatility), plus the gap between an aggregated index and the
/// venue's own; both average out over many expiries but not within one.
public enum CryptoExpiryCalendar {
  /// The hour of day (UTC) at which crypto options and dated futures expire.
  public static let expiryHourUTC = 8

  /// Every expiry of `cycle` dated in `year`, in order.
  public static func expiries(_ cycle: CryptoExpiryCycle, in year: Int) -> [Day] {
    let first = Day(year: year, month: 1, day: 1)!
    let last = Day(year: year, month: 12, day: 31)!
    var days: [Day] = []
    var day = next(cycle, after: first - 1)
    while day <= last {
      days.append(day)
      day = next(cycle, after: day)
    }
    return days
  }

  /// The first expiry date of `cycle` strictly after `day`.
  public static func next(_ cycle: CryptoExpiryCycle, after day: Day) -> Day {
    switch cycle {
    case .daily:
      return day + 1
    case .weekly:
      let daysToFriday = (5 - day.weekday + 7) % 7
      return day + (daysToFriday == 0 ? 7 : daysToFriday)
    case .monthly, .quarterly:
      var (year, month, _) = day.components
      while true {
        if cycle == .monthly || month % 3 == 0 {
          let candidate = Day.lastFriday(year: year, month: month)
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

  /// The expiry date of `cycle` nearest to `target` among those whose settlement close
  /// (``settlementDay(ofExpiry:)``) is strictly after `after`; on a tie, the later one.
  public static func expiry(
    _ cycle: CryptoExpiryCycle, nearest target: Day, after: Day
  ) -> Day {
    // Candidates: the first expiry settling after `after`, then onwards past the target.
    var candidate = next(cycle, after: after + 1)
    var best = candidate
    while candidate <= target {
      candidate = next(cycle, after: candidate)
      if abs(candidate.days(to: target)) <= abs(best.days(to: target)) { best = candidate }
    }
    return best
  }

  /// The day whose 24:00 UTC close settles an expiry dated `expiry` (08:00 UTC): the day before.
  public static func settlementDay(ofExpiry expiry: Day) -> Day { expiry - 1 }
}

extension Day {
  /// The last Friday of a month: the monthly expiry of crypto options (Deribit), and in
  /// March, June, September and December the quarterly one.
  public static func lastFriday(year: Int, month: Int) -> Day {
    let last = Day(year: year, month: month, day: daysIn(month: month, year: year))!
    return last - (last.weekday - 5 + 7) % 7
  }
}
