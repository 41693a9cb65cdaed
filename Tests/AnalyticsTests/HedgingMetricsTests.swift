import HedgeLabTestSupport
import MarketData
import Testing

@testable import Analytics

private func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-12) -> Bool {
  guard let a else { return false }
  return isClose(a, b, absolute: tol, relative: tol)
}

@Suite("Hedging efficiency: hand-computed")
struct HedgingMetricsTests {
  @Test("Ederington: unhedged P&L ±1 (var 4/3), hedged ±0.5 (var 1/3) → 1 − 1/4 = 0.75")
  func ederington() throws {
    #expect(
      close(
        try HedgeEffectiveness.ederington(
          hedgedPnL: [0.5, -0.5, 0.5, -0.5], unhedgedPnL: [1, -1, 1, -1]), 0.75))
    // A hedge that doubles the swings has HE = 1 − 4 = −3.
    #expect(
      close(
        try HedgeEffectiveness.ederington(hedgedPnL: [2, -2, 2, -2], unhedgedPnL: [1, -1, 1, -1]),
        -3))
    // Same P&L: no reduction.
    #expect(
      close(try HedgeEffectiveness.ederington(hedgedPnL: [1, -1, 3], unhedgedPnL: [1, -1, 3]), 0))
  }

  @Test("Ederington over curves: daily P&L differences, and N-day P&L over the horizon")
  func ederingtonCurves() throws {
    // Unhedged 100, 101, 100, 101, 100: daily ±1; hedged 100, 100.5, 100, 100.5, 100: ±0.5.
    let unhedged = try Build.curve(values: [100, 101, 100, 101, 100], name: "unhedged")
    let hedged = try Build.curve(values: [100, 100.5, 100, 100.5, 100], name: "hedged")
    #expect(close(try HedgeEffectiveness.ederington(hedged: hedged, unhedged: unhedged), 0.75))
    // 2-day overlapping P&L of both is 0, 0, 0: the unhedged is constant → undefined.
    #expect(
      try HedgeEffectiveness.ederington(
        hedged: hedged, unhedged: unhedged, horizon: Horizon(tradingDays: 2)) == nil)
    // 3-day overlapping P&L: unhedged +1, −1; hedged +0.5, −0.5 → 0.75 again.
    #expect(
      close(
        try HedgeEffectiveness.ederington(
          hedged: hedged, unhedged: unhedged, horizon: Horizon(tradingDays: 3)), 0.75))
  }

  @Test("Ederington edge cases: too few changes, constant unhedged P&L, misaligned days")
  func ederingtonEdges() throws {
    #expect(try HedgeEffectiveness.ederington(hedgedPnL: [], unhedgedPnL: []) == nil)
    #expect(try HedgeEffectiveness.ederington(hedgedPnL: [1], unhedgedPnL: [2]) == nil)
    #expect(try HedgeEffectiveness.ederington(hedgedPnL: [1, 2], unhedgedPnL: [3, 3]) == nil)
    let a = try Build.curve(["2024-01-02", "2024-01-03"], [100, 101], name: "collar")
    let b = try Build.curve(["2024-01-02", "2024-01-04"], [100, 101], name: "unhedged")
    #expect(
      throws: AnalyticsError.misalignedDays(
        series: "collar", index: 1, day: Build.day("2024-01-03"), expected: Build.day("2024-01-04"),
        reference: "unhedged")
    ) { try HedgeEffectiveness.ederington(hedged: a, unhedged: b) }
  }

  @Test("risk reduction: CVaR −2 % → −1.5 % is 25 %; max drawdown −20 % → −5 % is 75 %")
  func reduction() throws {
    #expect(close(RiskReduction.fraction(hedged: -0.015, unhedged: -0.02), 0.25))
    #expect(close(RiskReduction.fraction(hedged: -0.03, unhedged: -0.02), -0.5))  // worse
    #expect(RiskReduction.fraction(hedged: -0.01, unhedged: 0) == nil)  // nothing to reduce
    let unhedged = try Build.curve(values: [100, 80, 90], name: "unhedged")
    let hedged = try Build.curve(values: [100, 95, 97], name: "hedged")
    #expect(close(RiskReduction.maxDrawdown(hedged: hedged, unhedged: unhedged), 0.75))
    // One sample each: CVaR is the value itself.
    #expect(close(RiskReduction.conditionalValueAtRisk(hedged: [-0.015], unhedged: [-0.02]), 0.25))
    #expect(RiskReduction.conditionalValueAtRisk(hedged: [], unhedged: [-0.02]) == nil)
  }

  @Test("cost of protection: 4 puts × 10 − payoff 25 = 15 over 2 years on 1000 = 0.75 % a year")
  func costOfProtection() throws {
    let cost = try CostOfProtection(
      premiumsPaid: [10, 10, 10, 10], payoffsReceived: [0, 25, 0, 0], years: 2,
      averagePortfolioValue: 1000)
    #expect(cost.netCost == 15)
    #expect(cost.netCostPerYear == 7.5)
    #expect(close(cost.annualFractionOfPortfolio, 0.0075))
    // Over a curve spanning 1461 days = 4 years with values 900, 1100 (average 1000):
    // 15 / 4 / 1000 = 0.375 %. A collar's sold call enters as a negative premium.
    let curve = try Build.curve(["2020-01-01", "2024-01-01"], [900, 1100])
    let collar = try #require(
      try CostOfProtection.of(
        premiumsPaid: [10, -4, 10, -4], payoffsReceived: [0, 25, 0, -6], over: curve))
    #expect(collar.netCost == -7)  // 12 − 19: the options earned money
    #expect(close(collar.annualFractionOfPortfolio, -7 / 4 / 1000))
    #expect(
      try CostOfProtection.of(
        premiumsPaid: [1], payoffsReceived: [], over: Build.curve(values: [100])) == nil)
    #expect(throws: AnalyticsError.self) {
      try CostOfProtection(
        premiumsPaid: [1], payoffsReceived: [], years: 0, averagePortfolioValue: 1)
    }
    #expect(throws: AnalyticsError.self) {
      try CostOfProtection(
        premiumsPaid: [.nan], payoffsReceived: [], years: 1, averagePortfolioValue: 1)
    }
  }

  @Test("trading activity over 4 years on an average of 1000: costs, gross turnover, trade count")
  func tradingActivity() throws {
    let curve = try Build.curve(["2020-01-01", "2024-01-01"], [900, 1100])
    #expect(try TransactionCosts.total([1, 2, 3]) == 6)
    #expect(close(try TransactionCosts.annualFraction([1, 2, 3], over: curve), 6 / 4 / 1000))
    // |500| + |−500| + |1000| = 2000 → 2000 / 4 / 1000 = 0.5 times a year.
    #expect(close(try Turnover.annual(tradedNotionals: [500, -500, 1000], over: curve), 0.5))
    #expect(TradeCount.of(quantities: [1, 0, -2, 3]) == 3)
    #expect(close(TradeCount.perYear(quantities: [1, 0, -2, 3], over: curve), 0.75))
    #expect(TradeCount.of(quantities: []) == 0)
    #expect(try TransactionCosts.total([]) == 0)
    let single = try Build.curve(values: [100])
    #expect(try Turnover.annual(tradedNotionals: [1], over: single) == nil)
    #expect(try TransactionCosts.annualFraction([1], over: single) == nil)
    #expect(TradeCount.perYear(quantities: [1], over: single) == nil)
  }

  @Test("hedging error of P&L 1, −1, 3 vs zero: mean 1, std 2, RMSE √(11/3); premium 10 → 0.2")
  func hedgingError() throws {
    let e = try #require(try HedgingError.of(dailyPnL: [1, -1, 3], optionPremium: 10))
    #expect(e.count == 3)
    #expect(close(e.mean, 1))
    #expect(close(e.standardDeviation, 2))  // deviations 0, −2, 2 → 8 / 2 = 4
    #expect(close(e.rootMeanSquare, (11.0 / 3).squareRoot()))
    #expect(e.cumulative == 3)
    #expect(close(e.standardDeviationRelativeToPremium, 0.2))
    #expect(close(e.rootMeanSquareRelativeToPremium, (11.0 / 3).squareRoot() / 10))
    #expect(close(e.cumulativeRelativeToPremium, 0.3))
    // Against a target: errors 0, 0, 0.
    let perfect = try #require(try HedgingError.of(dailyPnL: [1, -1, 3], target: [1, -1, 3]))
    #expect(perfect.rootMeanSquare == 0 && perfect.standardDeviation == 0)
    #expect(perfect.standardDeviationRelativeToPremium == nil)  // no premium given
  }

  @Test("hedging error edge cases: empty → nil, one day has no std, bad premium throws")
  func hedgingErrorEdges() throws {
    #expect(try HedgingError.of(dailyPnL: []) == nil)
    let one = try #require(try HedgingError.of(dailyPnL: [-2]))
    #expect(one.standardDeviation == nil && one.rootMeanSquare == 2)
    #expect(throws: AnalyticsError.self) { try HedgingError.of(dailyPnL: [1], optionPremium: 0) }
    #expect(throws: AnalyticsError.self) { try HedgingError.of(dailyPnL: [1, 2], target: [0]) }
    #expect(throws: AnalyticsError.self) { try HedgingError.of(dailyPnL: [.infinity]) }
  }

  @Test("path-set hedging error: values 100 → 101, 103, 102 at 1 % interest a step: errors 0, 0.99, −2.03")
  func riskFreeExcess() throws {
    // Value before the first day 100, g = 0 on the first step (no interest yet), then 0.01.
    // e_0 = 101 − 100 − 0 = 1; e_1 = 103 − 101 − 1.01 = 0.99; e_2 = 102 − 103 − 1.03 = −2.03.
    let e = try #require(
      try HedgingError.riskFreeExcess(values: [101, 103, 102], initialValue: 100, interestGrowth: [0, 0.01, 0.01]))
    #expect(close(e.cumulative, 1 + 0.99 - 2.03))
    let rms = ((1 + 0.99 * 0.99 + 2.03 * 2.03) / 3).squareRoot()
    #expect(close(e.rootMeanSquare, rms))
    #expect(close(HedgingError.pathMeasure([101, 103, 102], 100, [0, 0.01, 0.01]), rms))
    #expect(HedgingError.pathMeasure([], 100, []) == 0)
    #expect(HedgingError.pathMeasure([.nan], 100, [0]).isNaN)
    #expect(throws: AnalyticsError.self) {
      try HedgingError.riskFreeExcess(values: [1, 2], initialValue: 1, interestGrowth: [0])
    }
  }

  @Test("Hull's performance measure: std of terminal P&L 1, −1, 3 over premium 10 is 0.2; needs 2 paths and a premium")
  func performanceMeasure() throws {
    #expect(close(try HedgingError.performanceMeasure(profitAndLoss: [1, -1, 3], premium: 10), 0.2))
    #expect(throws: AnalyticsError.self) { try HedgingError.performanceMeasure(profitAndLoss: [1], premium: 10) }
    #expect(throws: AnalyticsError.self) { try HedgingError.performanceMeasure(profitAndLoss: [1, 2], premium: 0) }
    #expect(throws: AnalyticsError.self) { try HedgingError.performanceMeasure(profitAndLoss: [1, .nan], premium: 1) }
  }
}
