import HedgeLabTestSupport
import MarketData
import Testing

@testable import Analytics

/// Peak and average margin and return on margin, on hand-computed series.
@Suite("Margin summary")
struct MarginSummaryTests {
  @Test("peak, average, share of value and return on margin of a four-year series")
  func handComputed() throws {
    // 1461 calendar days = 4 years of 365.25 days; 100 → 146.41 is 10 % a year, so the
    // annualised profit on the initial 100 is 10 a year.
    let start = Day(year: 2016, month: 1, day: 4)!
    let days = [start, start + 365, start + 900, start + 1461]
    let values = [100, 110, 125, 146.41]
    let margin = [15.0, 30, 20, 15]
    let s = try #require(MarginSummary(margin: margin, values: values, days: days, initialValue: 100))
    #expect(s.peak == 30)
    #expect(s.peakDay == start + 365)
    #expect(s.average == 20)
    let share = (15.0 / 100 + 30.0 / 110 + 20.0 / 125 + 15 / 146.41) / 4
    #expect(isClose(s.averageFractionOfValue!, share, relative: 1e-14))
    #expect(isClose(s.annualisedProfit!, 10, relative: 1e-12))
    #expect(isClose(s.returnOnMargin!, 0.5, relative: 1e-12))
    let rows = Dictionary(uniqueKeysWithValues: s.rows.map { ($0.key, $0.value) })
    #expect(rows["return_on_margin_pct"]?.number.map { isClose($0, 50, relative: 1e-12) } == true)
    #expect(rows["peak_margin_date"] == .day(start + 365))
  }

  @Test("no margin anywhere, a lost portfolio and an empty series give nil, never NaN")
  func edgeCases() throws {
    let start = Day(year: 2020, month: 1, day: 2)!
    let days = [start, start + 1, start + 2]
    let free = try #require(MarginSummary(margin: [0, 0, 0], values: [1, 1.01, 1.02], days: days, initialValue: 1))
    #expect(free.average == 0 && free.returnOnMargin == nil)
    let lost = try #require(MarginSummary(margin: [1, 2, 3], values: [1, 0.5, 0], days: days, initialValue: 1))
    #expect(lost.annualisedProfit == nil && lost.returnOnMargin == nil)
    #expect(lost.averageFractionOfValue.map { isClose($0, (1.0 + 4) / 2, relative: 1e-14) } == true)
    #expect(MarginSummary(margin: [], values: [], days: [], initialValue: 1) == nil)
    #expect(MarginSummary(margin: [1], values: [1, 2], days: [start, start + 1], initialValue: 1) == nil)
  }
}
