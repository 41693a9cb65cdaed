import HedgeLabTestSupport
import MarketData
import Testing

@testable import Analytics

@Suite("Equity curves, return series, risk-free returns and parameters")
struct SeriesTests {
  @Test("a curve's returns, daily P&L, calendar span and average")
  func curveDerivedSeries() throws {
    let curve = try Build.curve(["2024-01-05", "2024-01-08", "2024-01-09"], [100, 110, 99])
    #expect(curve.returns.days == Build.days(["2024-01-08", "2024-01-09"]))
    #expect(curve.returns.returns.count == 2)
    #expect(isClose(curve.returns.returns[1], -0.1, relative: 1e-12))
    #expect(curve.dailyPnL == [10, -11])
    #expect(curve.calendarDays == 4)
    #expect(curve.averageValue == 103)
  }

  @Test("a curve built from returns starts at the starting value the day before")
  func curveFromReturns() throws {
    let returns = try ReturnSeries(
      days: Build.days(["2024-01-02", "2024-01-03"]), returns: [0.1, -0.5])
    let curve = try EquityCurve(
      start: Build.day("2024-01-01"), startingValue: 200, returns: returns)
    #expect(curve.days.first == Build.day("2024-01-01"))
    #expect(zip(curve.values, [200, 220, 110]).allSatisfy { isClose($0, $1, relative: 1e-15) })
    // The start must precede the first return's day.
    #expect(throws: AnalyticsError.self) {
      try EquityCurve(start: Build.day("2024-01-02"), returns: returns)
    }
  }

  @Test("invalid curves throw with the day, the value and what to do")
  func invalidCurves() throws {
    #expect(
      throws: AnalyticsError.nonPositiveValue(
        series: "collar", index: 1, day: Build.day("2024-01-03"), value: -5)
    ) { try Build.curve(["2024-01-02", "2024-01-03"], [100, -5], name: "collar") }
    #expect(throws: AnalyticsError.self) {
      try Build.curve(["2024-01-02", "2024-01-03"], [100, .nan])
    }
    #expect(throws: AnalyticsError.self) { try Build.curve(["2024-01-02"], [100, 101]) }
    do {
      _ = try Build.curve(["2024-01-03", "2024-01-03"], [100, 101], name: "put program")
      Issue.record("duplicate days were accepted")
    } catch {
      #expect(
        String(describing: error)
          == "day 1 of put program (2024-01-03) must be after the previous day (2024-01-03); sort the series by date and remove duplicate dates"
      )
    }
    #expect(throws: AnalyticsError.self) {
      try ReturnSeries(days: Build.days(["2024-01-02"]), returns: [-1.0])  // −100 %
    }
  }

  @Test("parameters reject values outside their domain")
  func parameters() {
    #expect(throws: AnalyticsError.self) { try ConfidenceLevel(95) }
    #expect(throws: AnalyticsError.self) { try ConfidenceLevel(0) }
    #expect(throws: AnalyticsError.self) { try PeriodsPerYear(0) }
    #expect(throws: AnalyticsError.self) { try Horizon(tradingDays: 0) }
    #expect(ConfidenceLevel.percent95.description == "95%")
    #expect((try? ConfidenceLevel(0.975))?.description == "97.5%")
    do {
      _ = try ConfidenceLevel(95)
    } catch {
      #expect(
        String(describing: error).hasPrefix(
          "confidence level (95.0) must be strictly between 0 and 1"))
    }
  }

  @Test("risk-free accrual: 5 % continuous over Fri→Mon earns exp(0.05·3/365) − 1")
  func accrual() throws {
    let days = Build.days(["2024-01-04", "2024-01-05", "2024-01-08"])
    guard
      case .series(let rf) = try RiskFree.accruing(continuousRates: [0.05, 0.05, 0.04], on: days)
    else {
      Issue.record("expected a series")
      return
    }
    #expect(rf.count == 2)
    // expm1(x) = x + x²/2 + x³/6 + …
    // x = 0.05/365 = 1.36986301e-4 → 1.36986301e-4 + 9.3826e-9 + 4.3e-13 = 1.369956844e-4
    #expect(isClose(rf[0], 1.369956844e-4, relative: 1e-9))
    // x = 0.05·3/365 = 4.10958904e-4 (Friday's rate over three days; Monday's 4 % is unused)
    //   → 4.10958904e-4 + 8.44436e-8 + 1.157e-11 = 4.110433592e-4
    #expect(isClose(rf[1], 4.110433592e-4, relative: 1e-9))
    let excess = try RiskFree.perPeriod(0.01).excessReturns([0.02, 0.03])
    #expect(zip(excess, [0.01, 0.02]).allSatisfy { isClose($0, $1, relative: 1e-14) })
    #expect(throws: AnalyticsError.self) {
      try RiskFree.accruing(continuousRates: [0.05], on: days)
    }
  }
}
