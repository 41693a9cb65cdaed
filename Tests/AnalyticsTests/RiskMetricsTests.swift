import HedgeLabTestSupport
import MarketData
import Testing

@testable import Analytics

private func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-12) -> Bool {
  guard let a else { return false }
  return isClose(a, b, absolute: tol, relative: tol)
}

/// Thu 2024-01-04 … Wed 2024-01-10 (weekend between Fri and Mon):
/// 100 → 110 (peak, Fri) → 99 (trough, Mon: −10 %) → 108.9 → 119.79 (recovered, Wed).
private let tradingWeek = ["2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09", "2024-01-10"]

@Suite("Drawdown, VaR/CVaR, horizons and worst periods")
struct RiskMetricsTests {
  @Test("max drawdown: peak Fri, trough Mon, recovered Wed; 3 trading days, 5 calendar days")
  func recoveredDrawdown() throws {
    let curve = try Build.curve(tradingWeek, [100, 110, 99, 108.9, 119.79])
    let dd = try #require(MaxDrawdown.of(curve))
    #expect(close(dd.depth, -0.1))
    #expect(dd.peak == Build.day("2024-01-05"))
    #expect(dd.trough == Build.day("2024-01-08"))
    #expect(dd.recovery == Build.day("2024-01-10"))
    #expect(dd.isRecovered)
    #expect(dd.declineTradingDays == 1)
    #expect(dd.declineCalendarDays == 3)
    #expect(dd.durationTradingDays == 3)
    #expect(dd.durationCalendarDays == 5)
    #expect(
      MaxDrawdown.series(curve.values).map { ($0 * 1e12).rounded() / 1e12 } == [
        0, 0, -0.1, -0.01, 0,
      ])
  }

  @Test("never-recovered drawdown: recovery nil, duration runs to the last observation")
  func unrecovered() throws {
    let curve = try Build.curve(tradingWeek, [100, 90, 95, 80, 85])
    let dd = try #require(MaxDrawdown.of(curve))
    #expect(close(dd.depth, -0.2))
    #expect(dd.peakIndex == 0 && dd.troughIndex == 3)
    #expect(dd.recovery == nil && dd.recoveryIndex == nil && !dd.isRecovered)
    #expect(dd.durationTradingDays == 4)  // Thu → Wed
    #expect(dd.durationCalendarDays == 6)
  }

  @Test("a loss on the first day is a drawdown from the starting value")
  func firstDayLoss() throws {
    let curve = try Build.curve(values: [100, 95, 100])
    let dd = try #require(MaxDrawdown.of(curve))
    #expect(close(dd.depth, -0.05))
    #expect(dd.peakIndex == 0 && dd.recoveryIndex == 2)
  }

  @Test("the deepest of several drawdowns is reported, and returning to the peak resets it")
  func deepestOfSeveral() throws {
    // 100 → 90 (−10 %) → 100 (recovered, new peak index 2) → 120 → 96 (−20 %) → 130
    let curve = try Build.curve(values: [100, 90, 100, 120, 96, 130])
    let dd = try #require(MaxDrawdown.of(curve))
    #expect(close(dd.depth, -0.2))
    #expect(dd.peakIndex == 3 && dd.troughIndex == 4 && dd.recoveryIndex == 5)
    // Regaining exactly the peak value recovers; the next fall starts from that later day.
    let tie = try #require(MaxDrawdown.of(try Build.curve(values: [100, 90, 100, 80, 100])))
    #expect(close(tie.depth, -0.2))
    #expect(tie.peakIndex == 2 && tie.troughIndex == 3 && tie.recoveryIndex == 4)
  }

  @Test("no drawdown: empty, single, rising and flat curves")
  func noDrawdown() throws {
    for values in [[], [100], [100, 101, 102], [100, 100, 100]] as [[Double]] {
      let curve = try Build.curve(values: values)
      #expect(MaxDrawdown.of(curve) == nil)
      #expect(MaxDrawdown.depth(curve.values) == 0)
    }
  }

  @Test("VaR/CVaR on −5 %…+5 % in 1 % steps (n = 11): h = 10·p")
  func valueAtRisk() throws {
    var rng = SplitMix64(seed: 42)  // the input order must not matter
    let x = (-5...5).map { Double($0) / 100 }.shuffled(using: &rng)
    // 95 %: h = 0.5 → VaR = −0.05 + 0.5·0.01 = −0.045; CVaR = mean{−0.05} = −0.05
    #expect(close(ValueAtRisk.historical(x, confidence: .percent95), -0.045))
    #expect(close(ConditionalValueAtRisk.historical(x, confidence: .percent95), -0.05))
    // 90 %: h = 10·(1 − 0.9) = 0.99999999999999978, snapped to 1 → VaR = x₁ = −0.04,
    // CVaR = mean{−0.05, −0.04} = −0.045 (numpy: percentile −0.04, the same tail)
    let c90 = try ConfidenceLevel(0.9)
    #expect(close(ValueAtRisk.historical(x, confidence: c90), -0.04))
    #expect(close(ConditionalValueAtRisk.historical(x, confidence: c90), -0.045))
    // CVaR is never above VaR.
    for c in [ConfidenceLevel.percent95, .percent99, c90] {
      let tail = HistoricalTail(x)
      #expect(try #require(tail.conditionalValueAtRisk(c)) <= #require(tail.valueAtRisk(c)))
    }
  }

  @Test("VaR/CVaR edge cases: empty → nil, one value is its own VaR and CVaR")
  func valueAtRiskEdges() {
    #expect(ValueAtRisk.historical([], confidence: .percent95) == nil)
    #expect(ConditionalValueAtRisk.historical([], confidence: .percent99) == nil)
    #expect(ValueAtRisk.historical([-0.02], confidence: .percent99) == -0.02)
    #expect(ConditionalValueAtRisk.historical([-0.02], confidence: .percent99) == -0.02)
    // Ties at the quantile are all in the tail: [−1, −1, −1, 0, …]
    let ties = [-0.01, -0.01, -0.01] + [Double](repeating: 0.01, count: 17)
    #expect(ConditionalValueAtRisk.historical(ties, confidence: .percent95) == -0.01)
  }

  @Test(
    "2-day returns of 100, 110, 99, 108.9, 119.79: overlapping −1 %, −1 %, +21 %; blocks −1 %, +21 %"
  )
  func horizons() throws {
    let curve = try Build.curve(tradingWeek, [100, 110, 99, 108.9, 119.79])
    let overlapping = HorizonChanges.returns(curve, horizon: try Horizon(tradingDays: 2))
    #expect(overlapping.count == 3)
    #expect(zip(overlapping, [-0.01, -0.01, 0.21]).allSatisfy { close($0, $1) })
    let blocks = HorizonChanges.returns(
      curve, horizon: try Horizon(tradingDays: 2, windows: .nonOverlapping))
    #expect(blocks.count == 2)
    #expect(zip(blocks, [-0.01, 0.21]).allSatisfy { close($0, $1) })
    // 3-day blocks: one complete window (0→3); the last value is dropped.
    #expect(
      HorizonChanges.returns(curve, horizon: try Horizon(tradingDays: 3, windows: .nonOverlapping))
        .count == 1)
    // No complete window.
    #expect(HorizonChanges.returns(curve, horizon: try Horizon(tradingDays: 5)).isEmpty)
    #expect(
      zip(
        HorizonChanges.pnl(curve.values, horizon: try Horizon(tradingDays: 2)), [-1, -1.1, 20.79]
      ).allSatisfy { close($0, $1) })
    // A 1-day horizon is the daily series.
    #expect(
      HorizonChanges.returns(curve, horizon: try Horizon(tradingDays: 1)) == curve.returns.returns)
  }

  @Test("worst day is the lowest return and its date; nil when empty")
  func worstDay() throws {
    let curve = try Build.curve(tradingWeek, [100, 110, 99, 108.9, 119.79])
    let worst = try #require(WorstDay.of(curve.returns))
    #expect(worst.day == Build.day("2024-01-08"))
    #expect(close(worst.value, -0.1))
    #expect(WorstDay.of(try ReturnSeries(days: [], returns: [])) == nil)
  }

  @Test("calendar months: Jan −10 % (1 return), Feb 89.1/90 − 1 = −1 % (2), Mar 100/89.1 − 1")
  func months() throws {
    let curve = try Build.curve(
      ["2024-01-30", "2024-01-31", "2024-02-01", "2024-02-29", "2024-03-01"],
      [100, 90, 99, 89.1, 100])
    let months = MonthlyReturns.of(curve)
    #expect(months.map(\.month.description) == ["2024-01", "2024-02", "2024-03"])
    #expect(months.map(\.observations) == [1, 2, 1])
    #expect(zip(months.map(\.value), [-0.1, -0.01, 100 / 89.1 - 1]).allSatisfy { close($0, $1) })
    let worst = try #require(WorstMonth.of(curve))
    #expect(worst.month == CalendarMonth(year: 2024, month: 1))
  }

  @Test("a start value alone in its month has no month return; the first month runs from it")
  func partialFirstMonth() throws {
    let curve = try Build.curve(["2023-12-29", "2024-01-02", "2024-01-31"], [100, 105, 94.5])
    let months = MonthlyReturns.of(curve)
    #expect(months.count == 1)
    #expect(months[0].month.description == "2024-01")
    #expect(close(months[0].value, -0.055))  // 94.5 / 100 − 1
    #expect(WorstMonth.of(try Build.curve(values: [100])) == nil)
    #expect(MonthlyReturns.of(try Build.curve(values: [])).isEmpty)
  }
}
