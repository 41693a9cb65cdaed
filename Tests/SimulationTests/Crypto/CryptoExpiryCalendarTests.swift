import MarketData
import Testing

@testable import Simulation

/// The 24/7 crypto expiry calendar (Deribit's cycles, 08:00 UTC), checked date by date for 2021.
///
/// The 2021 monthly and quarterly dates are Deribit's listed BTC expiries of that year
/// (instrument names such as BTC-26MAR21, BTC-25JUN21, BTC-24SEP21, BTC-31DEC21).
@Suite("Crypto expiry calendar")
struct CryptoExpiryCalendarTests {
  static func days(_ texts: [String]) -> [Day] { texts.map { Day(iso: $0)! } }

  @Test("2021 monthly expiries: the last Friday of every month")
  func monthly2021() {
    let expected = Self.days([
      "2021-01-29", "2021-02-26", "2021-03-26", "2021-04-30", "2021-05-28", "2021-06-25",
      "2021-07-30", "2021-08-27", "2021-09-24", "2021-10-29", "2021-11-26", "2021-12-31",
    ])
    #expect(CryptoExpiryCalendar.expiries(.monthly, in: 2021) == expected)
    #expect(expected.allSatisfy { $0.weekday == 5 && ($0 + 7).month != $0.month })
  }

  @Test("2021 quarterly expiries: the last Friday of March, June, September, December")
  func quarterly2021() {
    #expect(
      CryptoExpiryCalendar.expiries(.quarterly, in: 2021)
        == Self.days(["2021-03-26", "2021-06-25", "2021-09-24", "2021-12-31"]))
  }

  @Test("2021 weekly expiries: all 53 Fridays; daily: all 365 days")
  func weeklyAndDaily2021() {
    let weekly = CryptoExpiryCalendar.expiries(.weekly, in: 2021)
    #expect(weekly.count == 53)
    #expect(weekly.first == Day(iso: "2021-01-01") && weekly.last == Day(iso: "2021-12-31"))
    #expect(weekly.allSatisfy { $0.weekday == 5 })
    #expect(zip(weekly, weekly.dropFirst()).allSatisfy { $0.days(to: $1) == 7 })
    let daily = CryptoExpiryCalendar.expiries(.daily, in: 2021)
    #expect(daily.count == 365 && daily.first == Day(iso: "2021-01-01"))
  }

  @Test("next expiry is strictly after the day, on the same day's boundary too")
  func nextIsStrict() {
    let friday = Day(iso: "2021-03-26")!
    #expect(CryptoExpiryCalendar.next(.weekly, after: friday) == Day(iso: "2021-04-02"))
    #expect(CryptoExpiryCalendar.next(.monthly, after: friday) == Day(iso: "2021-04-30"))
    #expect(CryptoExpiryCalendar.next(.quarterly, after: friday) == Day(iso: "2021-06-25"))
    #expect(CryptoExpiryCalendar.next(.quarterly, after: friday - 1) == friday)
    // Year boundary: after the last Friday of 2021 comes 2022-01-28.
    #expect(
      CryptoExpiryCalendar.next(.monthly, after: Day(iso: "2021-12-31")!)
        == Day(iso: "2022-01-28"))
  }

  @Test("settlement on daily closes: the close of the day before the 08:00 UTC expiry")
  func settlement() {
    #expect(CryptoExpiryCalendar.expiryHourUTC == 8)
    #expect(
      CryptoExpiryCalendar.settlementDay(ofExpiry: Day(iso: "2021-03-26")!)
        == Day(iso: "2021-03-25"))
  }

  @Test("the expiry nearest a 30-day target, settling after the trade day")
  func nearest() {
    let trade = Day(iso: "2021-03-25")!  // the March quarterly settles on this close
    #expect(
      CryptoExpiryCalendar.expiry(.monthly, nearest: trade + 30, after: trade)
        == Day(iso: "2021-04-30"))
    #expect(
      CryptoExpiryCalendar.expiry(.weekly, nearest: trade + 30, after: trade)
        == Day(iso: "2021-04-23"))
    // Nothing settles on or before the trade day, even when the target is closer to it.
    #expect(
      CryptoExpiryCalendar.expiry(.monthly, nearest: trade, after: trade)
        == Day(iso: "2021-04-30"))
  }
}
