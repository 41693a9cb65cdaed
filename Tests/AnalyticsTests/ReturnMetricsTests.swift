import HedgeLabTestSupport
import MarketData
import Testing

@testable import Analytics

private func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-12) -> Bool {
  guard let a else { return false }
  return isClose(a, b, absolute: tol, relative: tol)
}

/// r = [+10 %, −10 %, +10 %, +10 %]; by hand:
///   mean = 0.2 / 4 = 0.05; deviations 0.05, −0.15, 0.05, 0.05
///   S2 = 3·0.0025 + 0.0225 = 0.03 → sample variance 0.03 / 3 = 0.01, sd = 0.1
///   S3 = 3·0.000125 − 0.003375 = −0.003; S4 = 3·0.00000625 + 0.00050625 = 0.000525
///   total = 1.1·0.9·1.1·1.1 − 1 = 0.1979
private let fourReturns = [0.10, -0.10, 0.10, 0.10]

@Suite("Return metrics: hand-computed series")
struct ReturnMetricsTests {
  @Test("total return compounds: 1.1·0.9·1.1·1.1 − 1 = 0.1979")
  func totalReturn() throws {
    #expect(close(TotalReturn.compounding(fourReturns), 0.1979))
    // 100 → 110 → 99 → 108.9 → 119.79
    let curve = try Build.curve(values: [100, 110, 99, 108.9, 119.79])
    #expect(close(TotalReturn.of(curve), 0.1979))
  }

  @Test("CAGR: 100 → 146.41 over 2020-01-01…2024-01-01 (1461 days = 4 × 365.25) is 10 %")
  func cagrCalendar() throws {
    let curve = try Build.curve(["2020-01-01", "2024-01-01"], [100, 146.41])
    #expect(close(CompoundAnnualGrowthRate.of(curve), 0.10))
    // 100 → 121 over 731 days: 1.21^(365.25/731) − 1 = 0.09992829153182337 (numpy)
    let twoYears = try Build.curve(["2020-01-01", "2022-01-01"], [100, 121])
    #expect(close(CompoundAnnualGrowthRate.of(twoYears), 0.09992829153182337))
  }

  @Test("CAGR on trading periods: four returns with P = 4 is one year, so CAGR = total")
  func cagrPeriods() throws {
    let four = try PeriodsPerYear(4)
    #expect(
      close(CompoundAnnualGrowthRate.tradingPeriods(fourReturns, periodsPerYear: four), 0.1979))
    // With P = 2 the four returns span two years: sqrt(1.1979) − 1.
    let two = try PeriodsPerYear(2)
    #expect(
      close(
        CompoundAnnualGrowthRate.tradingPeriods(fourReturns, periodsPerYear: two),
        1.1979.squareRoot() - 1))
  }

  @Test("volatility: sd 0.1 × √252 = 1.5874507866387544")
  func volatility() {
    #expect(close(AnnualisedVolatility.of(fourReturns), 0.1 * 252.0.squareRoot()))
    #expect(
      close(
        AnnualisedVolatility.of(fourReturns, periodsPerYear: .calendarDays),
        0.1 * 365.0.squareRoot()))
  }

  @Test(
    "Sharpe: 0.05 / 0.1 × √252 = 7.937253933193772; a 1 % risk-free return per period lowers the mean only"
  )
  func sharpe() throws {
    #expect(close(SharpeRatio.annualised(excessReturns: fourReturns), 0.5 * 252.0.squareRoot()))
    // Excess = r − 0.01: mean 0.04, sd unchanged 0.1 → 0.4 √252.
    #expect(
      close(
        try SharpeRatio.annualised(fourReturns, riskFree: .perPeriod(0.01)),
        0.4 * 252.0.squareRoot()))
    #expect(
      close(
        try SharpeRatio.annualised(fourReturns, riskFree: .series([0.01, 0.01, 0.01, 0.01])),
        0.4 * 252.0.squareRoot()))
  }

  @Test(
    "Sortino: downside deviation sqrt((0 + 0.01 + 0 + 0) / 4) = 0.05 over ALL periods, ratio 0.05/0.05·√252"
  )
  func sortino() {
    #expect(close(SortinoRatio.downsideDeviation(fourReturns), 0.05))
    #expect(close(SortinoRatio.annualised(fourReturns), 252.0.squareRoot()))
    // Target 0.10: shortfalls 0, −0.2, 0, 0 → DD = sqrt(0.04/4) = 0.1; mean excess −0.05.
    #expect(close(SortinoRatio.downsideDeviation(fourReturns, target: 0.10), 0.1))
    #expect(close(SortinoRatio.annualised(fourReturns, target: 0.10), -0.5 * 252.0.squareRoot()))
  }

  @Test("Omega at 0: gains 0.3 / losses 0.1 = 3; at 0.05: 0.15 / 0.15 = 1")
  func omega() {
    #expect(close(OmegaRatio.of(fourReturns), 3))
    #expect(close(OmegaRatio.of(fourReturns, threshold: 0.05), 1))
  }

  @Test("Calmar: CAGR 0.1979 (P = 4) over max drawdown 10 % (110 → 99) = 1.979")
  func calmar() throws {
    let curve = try Build.curve(values: [100, 110, 99, 108.9, 119.79])
    #expect(close(CalmarRatio.of(curve, basis: .tradingPeriods(try PeriodsPerYear(4))), 1.979))
    #expect(CalmarRatio.of(cagr: 0.1, maxDrawdown: 0) == nil)
  }

  @Test(
    "skewness G1 = n√(n−1)/(n−2)·S3/S2^1.5 = 2√3·(−1/√3) = −2; kurtosis G2 = 60·S4/(2·S2²) − 13.5 = 4"
  )
  func moments() {
    #expect(close(Skewness.adjusted(fourReturns), -2, 1e-12))
    #expect(close(ExcessKurtosis.adjusted(fourReturns), 4, 1e-12))
  }

  @Test("beta: r = 0.5 m gives 0.5; r = 2 m + 0.001 gives 2")
  func beta() throws {
    let m = [0.01, -0.02, 0.03, 0.005]
    #expect(close(try Beta.of(m.map { 0.5 * $0 }, to: m), 0.5))
    #expect(close(try Beta.of(m.map { 2 * $0 + 0.001 }, to: m), 2))
  }

  @Test(
    "capture with P = 2 (two up and two down days = one year each): up 0.0302/0.0608, down 0.0298/0.0592"
  )
  func capture() throws {
    let r = [0.02, -0.01, 0.01, -0.02]
    let b = [0.04, -0.02, 0.02, -0.04]
    let p = try PeriodsPerYear(2)
    // up days 0, 2: 1.02·1.01 − 1 = 0.0302 vs 1.04·1.02 − 1 = 0.0608
    #expect(close(try CaptureRatio.upside(r, baseline: b, periodsPerYear: p), 0.0302 / 0.0608))
    // down days 1, 3: 0.99·0.98 − 1 = −0.0298 vs 0.98·0.96 − 1 = −0.0592
    #expect(close(try CaptureRatio.downside(r, baseline: b, periodsPerYear: p), 0.0298 / 0.0592))
    // The baseline against itself captures exactly 1.
    #expect(close(try CaptureRatio.upside(b, baseline: b), 1))
  }
}

@Suite("Return metrics: empty, single, constant and all-negative series")
struct ReturnMetricsEdgeCaseTests {
  @Test("empty input: nil everywhere, except the empty product (total return 0)")
  func empty() throws {
    let curve = try EquityCurve(days: [], values: [])
    #expect(TotalReturn.of(curve) == nil)
    #expect(TotalReturn.compounding([]) == 0)
    #expect(CompoundAnnualGrowthRate.of(curve) == nil)
    #expect(CompoundAnnualGrowthRate.tradingPeriods([], periodsPerYear: .tradingDays) == nil)
    #expect(AnnualisedVolatility.of([]) == nil)
    #expect(SharpeRatio.annualised(excessReturns: []) == nil)
    #expect(SortinoRatio.annualised([]) == nil)
    #expect(SortinoRatio.downsideDeviation([]) == nil)
    #expect(OmegaRatio.of([]) == nil)
    #expect(CalmarRatio.of(curve) == nil)
    #expect(Skewness.adjusted([]) == nil)
    #expect(ExcessKurtosis.adjusted([]) == nil)
    #expect(try Beta.of([], to: []) == nil)
    #expect(try CaptureRatio.upside([], baseline: []) == nil)
    #expect(try CaptureRatio.downside([], baseline: []) == nil)
  }

  @Test("a single value or a single return")
  func single() throws {
    let curve = try Build.curve(values: [100])
    #expect(TotalReturn.of(curve) == 0)
    #expect(CompoundAnnualGrowthRate.of(curve) == nil)  // no elapsed time
    #expect(curve.returns.count == 0)
    #expect(AnnualisedVolatility.of([0.01]) == nil)
    #expect(SharpeRatio.annualised(excessReturns: [0.01]) == nil)
    #expect(try Beta.of([0.01], to: [0.02]) == nil)
    // One loss: DD = 0.01, mean −0.01 → −√252. One gain: no downside → nil.
    #expect(close(SortinoRatio.annualised([-0.01]), -252.0.squareRoot()))
    #expect(SortinoRatio.annualised([0.01]) == nil)
    #expect(Skewness.adjusted([0.01, 0.02]) == nil)  // needs 3
    #expect(ExcessKurtosis.adjusted([0.01, 0.02, 0.03]) == nil)  // needs 4
  }

  @Test(
    "constant returns: volatility exactly 0; Sharpe, skewness, kurtosis undefined (no 1e15 from round-off)"
  )
  func constant() throws {
    // 0.001 is not exactly representable: Σ/n differs from 0.001 in the last bit, and a naive
    // standard deviation would be ~1e-19 and the Sharpe ratio ~1e16.
    let r = [Double](repeating: 0.001, count: 10)
    #expect(AnnualisedVolatility.of(r) == 0)
    #expect(SharpeRatio.annualised(excessReturns: r) == nil)
    #expect(Skewness.adjusted(r) == nil)
    #expect(ExcessKurtosis.adjusted(r) == nil)
    #expect(SortinoRatio.annualised(r) == nil)  // nothing below the target
    #expect(OmegaRatio.of(r) == nil)  // no losses
    // A constant underlying has no variance to regress on.
    #expect(try Beta.of([0.01, 0.02, 0.03], to: [0.001, 0.001, 0.001]) == nil)
  }

  @Test("all-negative returns: Omega 0, negative Sortino and Calmar, no up capture")
  func allNegative() throws {
    let r = [-0.01, -0.02, -0.01, -0.03]
    #expect(OmegaRatio.of(r) == 0)
    #expect(try #require(SortinoRatio.annualised(r)) < 0)
    let curve = try Build.curve(values: [100, 99, 97.02, 96.0498, 93.168306])
    let calmar = try #require(CalmarRatio.of(curve, basis: .tradingPeriods(.tradingDays)))
    #expect(calmar < 0)
    #expect(try CaptureRatio.upside(r, baseline: r) == nil)  // the baseline never rose
    #expect(close(try CaptureRatio.downside(r, baseline: r), 1))
  }

  @Test("paired metrics reject arrays of different lengths, naming both")
  func lengthMismatch() {
    #expect(
      throws: AnalyticsError.lengthMismatch(
        series: "returns", count: 2, expected: 3, reference: "underlying returns")
    ) {
      try Beta.of([0.01, 0.02], to: [0.01, 0.02, 0.03])
    }
    #expect(throws: AnalyticsError.self) { try CaptureRatio.upside([0.01], baseline: []) }
    #expect(throws: AnalyticsError.self) {
      try SharpeRatio.annualised([0.01, 0.02], riskFree: .series([0.0]))
    }
  }
}
