import HedgeLabTestSupport
import MarketData
import Testing

@testable import Analytics

/// The Ulcer index (Martin & McCann 1989): √(mean of squared percentage drawdowns).
@Suite("Ulcer index")
struct UlcerIndexTests {
  @Test("by hand: drawdowns 0, −10, −5, 0, −20 % give √105 %")
  func byHand() throws {
    let curve = try Build.curve(
      ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08"], [100, 90, 95, 100, 80])
    // D = 0, −10, −5, 0, −20; (0 + 100 + 25 + 0 + 400) / 5 = 105.
    #expect(isClose(try #require(UlcerIndex.of(curve)), 105.0.squareRoot(), relative: 1e-14))
  }

  @Test("properties: 0 for a curve that never falls, scale-free, at most the max drawdown, and a row of every summary")
  func properties() throws {
    let days = Build.weekdays(from: "2023-01-02", count: 200)
    var rng = SplitMix64(seed: 42)
    var values = [100.0]
    for _ in 1..<days.count { values.append(values.last! * (1 + rng.uniform(-0.01, 0.01))) }
    let curve = try EquityCurve(days: days, values: values)
    let ui = try #require(UlcerIndex.of(curve))
    #expect(ui > 0)
    #expect(ui <= -100 * MaxDrawdown.depth(values) + 1e-12)
    let scaled = try EquityCurve(days: days, values: values.map { $0 * 7.5 })
    #expect(isClose(try #require(UlcerIndex.of(scaled)), ui, relative: 1e-12))
    let rising = try EquityCurve(days: days, values: (0..<days.count).map { 100 + Double($0) })
    #expect(UlcerIndex.of(rising) == 0)
    let row = try #require(try MetricsSummary(curve: curve).rows.first { $0.key == "ulcer_index_pct" })
    #expect(row.value == .number(ui) && row.unit == .percent && row.name == "Ulcer index (%)")
  }
}
