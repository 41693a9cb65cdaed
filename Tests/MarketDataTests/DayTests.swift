import HedgeLabTestSupport
import Testing

@testable import MarketData

@Suite("Day: calendar arithmetic")
struct DayTests {
  @Test("known dates round-trip through ISO text and day numbers")
  func knownDates() throws {
    #expect(Day(iso: "1970-01-01")?.daysSinceEpoch == 0)
    #expect(Day(iso: "2000-03-01")?.daysSinceEpoch == 11_017)
    #expect(Day(iso: "1969-12-31")?.daysSinceEpoch == -1)
    #expect(Day(iso: "2008-10-10")?.description == "2008-10-10")
    #expect(Day(iso: "2024-02-29") != nil)
    #expect(Day(iso: "2023-02-29") == nil)
    #expect(Day(iso: "2023-13-01") == nil)
    #expect(Day(iso: "2023-1-01") == nil)
    #expect(Day(iso: "2023/01/01") == nil)
  }

  @Test("every day from 1900 to 2100 round-trips through its components")
  func roundTripAllDays() {
    let start = Day(year: 1900, month: 1, day: 1)!
    let end = Day(year: 2100, month: 12, day: 31)!
    var day = start
    var weekday = day.weekday
    while day <= end {
      let (y, m, d) = day.components
      #expect(Day(year: y, month: m, day: d) == day)
      #expect(day.weekday == weekday)
      weekday = weekday % 7 + 1
      day = day + 1
    }
  }

  @Test("weekdays and third Fridays (Cboe monthly expiries)")
  func thirdFridays() {
    #expect(Day(iso: "1970-01-01")!.weekday == 4)  // Thursday
    #expect(Day(iso: "2020-03-16")!.weekday == 1)  // Monday
    #expect(Day.thirdFriday(year: 2020, month: 3) == Day(iso: "2020-03-20"))
    #expect(Day.thirdFriday(year: 2008, month: 11) == Day(iso: "2008-11-21"))
    #expect(Day.thirdFriday(year: 2021, month: 1) == Day(iso: "2021-01-15"))
  }
}

@Suite("DailySeries: alignment of calendars")
struct AlignmentTests {
  let series = DailySeries(
    name: "VIX",
    days: ["2020-01-02", "2020-01-03", "2020-01-07"].map { Day(iso: $0)! },
    values: [12.0, 13.0, 14.0])

  @Test("forward-fills within the limit")
  func forwardFill() throws {
    let calendar = ["2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07"].map { Day(iso: $0)! }
    #expect(try series.aligned(to: calendar, maxStaleDays: 3) == [12, 13, 13, 14])
  }

  @Test("a gap longer than the limit is an error naming the day")
  func gap() {
    let calendar = ["2020-01-02", "2020-01-06"].map { Day(iso: $0)! }
    #expect(throws: MarketDataError.gap(series: "VIX", day: Day(iso: "2020-01-06")!,
      lastAvailable: Day(iso: "2020-01-03"), maxStaleDays: 2)) {
      try series.aligned(to: calendar, maxStaleDays: 2)
    }
    #expect(throws: MarketDataError.self) {
      try series.aligned(to: [Day(iso: "2019-12-31")!], maxStaleDays: 5)
    }
  }

  @Test("slices are inclusive and binary search finds the last day on or before")
  func slicing() {
    let s = series.slice(from: Day(iso: "2020-01-03"), to: Day(iso: "2020-01-06"))
    #expect(s.values == [13])
    #expect(series.indexOnOrBefore(Day(iso: "2020-01-06")!) == 1)
    #expect(series.indexOnOrBefore(Day(iso: "2020-01-01")!) == nil)
    #expect(series.slice(from: Day(iso: "2021-01-01"), to: nil).isEmpty)
  }
}
