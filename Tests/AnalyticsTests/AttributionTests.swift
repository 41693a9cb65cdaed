import HedgeLabTestSupport
import MarketData
import Testing

@testable import Analytics

@Suite("P&L and greek attribution")
struct AttributionTests {
  @Test(
    "cumulative components: underlying 1,2,3 and options −1,0,5 vs actual 0.5,2,8 leave 0.5 unexplained"
  )
  func components() throws {
    let attribution = try PnLAttribution(
      components: [
        PnLComponent(name: "underlying", daily: [1, 2, 3]),
        PnLComponent(name: "options", daily: [-1, 0, 5]),
      ],
      actual: [0.5, 2, 8])
    #expect(attribution.names == ["underlying", "options"])
    #expect(attribution.cumulative == [[1, 3, 6], [-1, -1, 4]])
    #expect(attribution.cumulativeTotal == [0, 2, 10])
    #expect(attribution.totals == [6, 4])
    // actual cumulates to 0.5, 2.5, 10.5 → residual 0.5 each day
    #expect(attribution.cumulativeResidual == [0.5, 0.5, 0.5])
  }

  @Test("components must have equal lengths and finite values")
  func componentErrors() throws {
    #expect(throws: AnalyticsError.self) {
      try PnLAttribution(components: [
        PnLComponent(name: "a", daily: [1]), PnLComponent(name: "b", daily: [1, 2]),
      ])
    }
    #expect(throws: AnalyticsError.self) {
      try PnLAttribution(components: [PnLComponent(name: "a", daily: [1])], actual: [1, 2])
    }
    #expect(throws: AnalyticsError.self) {
      try PnLAttribution(components: [PnLComponent(name: "a", daily: [.nan])])
    }
    let empty = try PnLAttribution(components: [])
    #expect(empty.cumulativeTotal.isEmpty && empty.totals.isEmpty)
  }

  @Test(
    "one day by hand: ΔS = 2, Δσ = 0.02, Δt = 1/365 → 1 + 0.08 + 0.8 − 10/365, residual 0.0473973")
  func oneDay() throws {
    let days = Build.days(["2024-01-08", "2024-01-09"])
    let result = try GreekAttribution.daily(
      days: days, spot: [100, 102], volatility: [0.20, 0.22], delta: [0.5, 0.6],
      gamma: [0.04, 0.04],
      vega: [40, 39], theta: [-10, -10], actualPnL: [1.9])
    #expect(result.count == 1)
    let day = result[0]
    #expect(day.day == days[1])
    #expect(isClose(day.delta, 1, relative: 1e-12))  // 0.5 · 2
    #expect(isClose(day.gamma, 0.08, relative: 1e-12))  // ½ · 0.04 · 2²
    #expect(isClose(day.vega, 0.8, relative: 1e-12))  // 40 · 0.02
    #expect(isClose(day.theta, -10.0 / 365, relative: 1e-12))
    #expect(isClose(day.residual, 0.047397260273972286, relative: 1e-10))
    #expect(isClose(day.explained + day.residual, day.actual, relative: 1e-15))
  }

  @Test(
    "identity: a book V = 3S + 0.05S² + 40σ − 10t is explained exactly (residual ≈ 0) on a seeded path"
  )
  func quadraticBookIsExplained() throws {
    var rng = SplitMix64(seed: 7)
    let days = Build.weekdays(from: "2024-01-01", count: 60)
    var spot = [100.0]
    var vol = [0.2]
    for _ in 1..<days.count {
      spot.append(spot.last! * (1 + rng.uniform(-0.03, 0.03)))
      vol.append(max(0.05, vol.last! + rng.uniform(-0.01, 0.01)))
    }
    let t = days.map { Double(days[0].days(to: $0)) / 365 }
    let value = days.indices.map {
      3 * spot[$0] + 0.05 * spot[$0] * spot[$0] + 40 * vol[$0] - 10 * t[$0]
    }
    let pnl = (1..<days.count).map { value[$0] - value[$0 - 1] }
    let result = try GreekAttribution.daily(
      days: days, spot: spot, volatility: vol,
      delta: spot.map { 3 + 0.1 * $0 }, gamma: spot.map { _ in 0.1 },
      vega: spot.map { _ in 40 }, theta: spot.map { _ in -10 }, actualPnL: pnl)
    #expect(result.count == 59)
    for day in result {
      #expect(abs(day.residual) < 1e-9, "seed 7, \(day.day): residual \(day.residual)")
    }
  }

  @Test("greek attribution rejects inconsistent inputs and returns nothing for one observation")
  func greekErrors() throws {
    let days = Build.days(["2024-01-08", "2024-01-09"])
    #expect(throws: AnalyticsError.self) {
      try GreekAttribution.daily(
        days: days, spot: [100], volatility: [0.2, 0.2], delta: [0, 0], gamma: [0, 0],
        vega: [0, 0],
        theta: [0, 0], actualPnL: [0])
    }
    #expect(throws: AnalyticsError.self) {
      try GreekAttribution.daily(
        days: days, spot: [100, 101], volatility: [0.2, 0.2], delta: [0, 0], gamma: [0, 0],
        vega: [0, 0],
        theta: [0, 0], actualPnL: [0, 0])
    }
    #expect(
      try GreekAttribution.daily(
        days: [days[0]], spot: [100], volatility: [0.2], delta: [1], gamma: [0], vega: [0],
        theta: [0],
        actualPnL: []
      ).isEmpty)
  }
}
