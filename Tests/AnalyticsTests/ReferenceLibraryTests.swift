import HedgeLabTestSupport
import MarketData
import Testing

@testable import Analytics

// Reference numbers computed by independent libraries on Fixtures/returns.csv, printed by
// Benchmarks/metrics/reference_metrics.py (see its docstring for the exact command) and
// pasted here verbatim. Libraries: quantstats 0.0.86, empyrical-reloaded 0.7.1, scipy 1.17.1,
// pandas 3.1.1 and numpy 2.4.6, on Python 3.11.7.
//
// Numbers in `PandasNumPy` come from plain pandas/numpy code in that script (for metrics the
// two libraries lack or define differently); they check the same formulas written
// independently in another language, not a third-party implementation.
// quantstats 0.0.86, empyrical-reloaded 0.7.1, pandas 3.1.1, numpy 2.4.6, scipy 1.17.1
// fixture Tests/AnalyticsTests/Fixtures/returns.csv, seed 20250505, 500 returns
enum QuantStats {
  static let totalReturn = 0.027704882870795533
  static let cagrTradingPeriods = 0.013868625005670543
  static let volatility = 0.09529212055275234
  static let sharpe = 0.19210858032346664
  static let sharpeExcess = -0.017772436488260584
  static let sortino = 0.2695927148123493
  static let sortinoExcess = -0.024691588134043842
  static let calmar = 0.14225994274185927
  static let omega = 1.0312972977639407
  static let maxDrawdown = -0.09748791359234654
  static let cvar95 = -0.012714775414306257
  static let cvar99 = -0.01600828886329491
  static let skew = -0.08970357926266405
  static let kurtosis = 0.18555303033610746
  static let worstDay = -0.018968717807234612
  static let beta = 0.5118196472088005
  static let drawdownStart = "2020-01-02"
  static let drawdownValley = "2020-06-23"
  static let drawdownEnd = "2020-10-02"
}
enum Empyrical {
  static let var95 = -0.01042588851715688
  static let var99 = -0.01410918164797388
  static let cvar95 = -0.012714775414306257
  static let cvar99 = -0.01600828886329491
  static let upCapture = 0.3714954614033246
  static let downCapture = 0.7733297578670357
  static let beta = 0.5118196472087999
  static let sharpe = 0.19210858032346642
  static let sortino = 0.269592714812349
  static let downsideRisk = 0.06790403816417713
  static let annualVolatility = 0.09529212055275234
  static let omega = 1.03129729776394
  static let maxDrawdown = -0.09748791359234658
  static let baselineMaxDrawdown = -0.15940528936628062
  static let baselineCvar95 = -0.023215922387616703
}
enum SciPy {
  static let skew = -0.08970357926266412
  static let excessKurtosis = 0.18555303033610837
}
enum PandasNumPy {
  static let calendarDays = 701
  static let cagrCalendar = 0.014340901033010445
  static let monthCount = 24
  static let worstMonth = -0.051090222153432396
  static let worstMonthLabel = "2020-01"
  static let drawdownDepth = -0.09748791359234654
  static let drawdownPeak = "2019-12-31"
  static let drawdownTrough = "2020-06-23"
  static let drawdownRecovery = "2020-10-05"
  static let drawdownPeakIndex = 0
  static let drawdownTroughIndex = 124
  static let drawdownRecoveryIndex = 198
  static let horizonCountOverlapping = 480
  static let horizonVar95Overlapping = -0.04589062552379514
  static let horizonCvar95Overlapping = -0.053275601403426597
  static let horizonVar99Overlapping = -0.05807566408146421
  static let horizonCvar99Overlapping = -0.06251020961925002
  static let hedgeEffectivenessOverlapping = 0.5717379156047971
  static let horizonCountNonOverlapping = 23
  static let horizonVar95NonOverlapping = -0.05331921568275284
  static let horizonCvar95NonOverlapping = -0.053835742678279175
  static let horizonVar99NonOverlapping = -0.05399225077395639
  static let horizonCvar99NonOverlapping = -0.05411522142055991
  static let hedgeEffectivenessNonOverlapping = 0.5589687709068465
  static let hedgeEffectivenessDaily = 0.6289114420512314
}

/// Library results agree among themselves to a few ulps; HedgeLab's sums run in a different
/// order, so allow a relative 1e-12 (about 4500 ulps), far below any meaningful difference.
private func close(_ actual: Double?, _ expected: Double, _ relative: Double = 1e-12) -> Bool {
  guard let actual else { return false }
  return isClose(actual, expected, absolute: 1e-15, relative: relative)
}

@Suite("Reference libraries: return metrics on 500 seeded returns")
struct ReferenceLibraryTests {
  let fixture = ReturnsFixture.shared
  var r: [Double] { fixture.returns }

  @Test("the fixture is the one the script wrote")
  func fixtureShape() throws {
    #expect(fixture.days.count == 500)
    #expect(fixture.days.first == Build.day("2020-01-02"))
    #expect(try fixture.hedgedCurve.calendarDays == PandasNumPy.calendarDays)
  }

  @Test("total return and CAGR match quantstats comp/cagr and the calendar-day formula")
  func growth() throws {
    let curve = try fixture.hedgedCurve
    #expect(close(TotalReturn.of(curve), QuantStats.totalReturn))
    #expect(close(TotalReturn.compounding(r), QuantStats.totalReturn))
    #expect(
      close(
        CompoundAnnualGrowthRate.of(curve, basis: .tradingPeriods(.tradingDays)),
        QuantStats.cagrTradingPeriods))
    #expect(
      close(
        CompoundAnnualGrowthRate.tradingPeriods(r, periodsPerYear: .tradingDays),
        QuantStats.cagrTradingPeriods))
    #expect(close(CompoundAnnualGrowthRate.of(curve), PandasNumPy.cagrCalendar))
  }

  @Test("volatility, Sharpe and Sortino match quantstats and empyrical")
  func riskAdjusted() throws {
    #expect(close(AnnualisedVolatility.of(r), QuantStats.volatility))
    #expect(close(AnnualisedVolatility.of(r), Empyrical.annualVolatility))
    #expect(close(SharpeRatio.annualised(excessReturns: r), QuantStats.sharpe))
    #expect(close(SharpeRatio.annualised(excessReturns: r), Empyrical.sharpe))
    #expect(
      close(
        try SharpeRatio.annualised(r, riskFree: .series(fixture.riskFree)), QuantStats.sharpeExcess)
    )
    #expect(close(SortinoRatio.annualised(r), QuantStats.sortino))
    #expect(close(SortinoRatio.annualised(r), Empyrical.sortino))
    let excess = try RiskFree.series(fixture.riskFree).excessReturns(r)
    #expect(close(SortinoRatio.annualised(excess), QuantStats.sortinoExcess))
    #expect(
      close(
        SortinoRatio.downsideDeviation(r).map { $0 * 252.0.squareRoot() }, Empyrical.downsideRisk))
  }

  @Test("Calmar, Omega and max drawdown match quantstats and empyrical")
  func drawdownBased() throws {
    let curve = try fixture.hedgedCurve
    #expect(close(CalmarRatio.of(curve, basis: .tradingPeriods(.tradingDays)), QuantStats.calmar))
    #expect(close(OmegaRatio.of(r), QuantStats.omega))
    #expect(close(OmegaRatio.of(r), Empyrical.omega))
    #expect(close(MaxDrawdown.depth(curve.values), QuantStats.maxDrawdown))
    #expect(close(MaxDrawdown.depth(curve.values), Empyrical.maxDrawdown))
    #expect(
      close(MaxDrawdown.depth(try fixture.baselineCurve.values), Empyrical.baselineMaxDrawdown))
  }

  @Test("drawdown dates match pandas and quantstats' drawdown_details")
  func drawdownDates() throws {
    let curve = try fixture.hedgedCurve
    let dd = try #require(MaxDrawdown.of(curve))
    #expect(close(dd.depth, PandasNumPy.drawdownDepth))
    #expect(dd.peakIndex == PandasNumPy.drawdownPeakIndex)
    #expect(dd.troughIndex == PandasNumPy.drawdownTroughIndex)
    #expect(dd.recoveryIndex == PandasNumPy.drawdownRecoveryIndex)
    #expect(dd.peak.description == PandasNumPy.drawdownPeak)
    #expect(dd.trough.description == PandasNumPy.drawdownTrough)
    #expect(dd.recovery?.description == PandasNumPy.drawdownRecovery)
    // quantstats reports the first and last days spent below the peak.
    #expect(curve.days[dd.peakIndex + 1].description == QuantStats.drawdownStart)
    #expect(dd.trough.description == QuantStats.drawdownValley)
    let recovery = try #require(dd.recoveryIndex)
    #expect(curve.days[recovery - 1].description == QuantStats.drawdownEnd)
    #expect(dd.durationTradingDays == recovery - dd.peakIndex)
    #expect(dd.durationCalendarDays == dd.peak.days(to: try #require(dd.recovery)))
  }

  @Test("historical VaR and CVaR match empyrical and quantstats")
  func tail() {
    #expect(close(ValueAtRisk.historical(r, confidence: .percent95), Empyrical.var95))
    #expect(close(ValueAtRisk.historical(r, confidence: .percent99), Empyrical.var99))
    #expect(close(ConditionalValueAtRisk.historical(r, confidence: .percent95), Empyrical.cvar95))
    #expect(close(ConditionalValueAtRisk.historical(r, confidence: .percent99), Empyrical.cvar99))
    #expect(close(ConditionalValueAtRisk.historical(r, confidence: .percent95), QuantStats.cvar95))
    #expect(close(ConditionalValueAtRisk.historical(r, confidence: .percent99), QuantStats.cvar99))
  }

  @Test("N-day VaR and CVaR over overlapping and non-overlapping windows match numpy")
  func horizonTail() throws {
    let curve = try fixture.hedgedCurve
    let overlapping = HorizonChanges.returns(curve, horizon: try Horizon(tradingDays: 21))
    #expect(overlapping.count == PandasNumPy.horizonCountOverlapping)
    #expect(
      close(
        ValueAtRisk.historical(overlapping, confidence: .percent95),
        PandasNumPy.horizonVar95Overlapping))
    #expect(
      close(
        ConditionalValueAtRisk.historical(overlapping, confidence: .percent95),
        PandasNumPy.horizonCvar95Overlapping))
    #expect(
      close(
        ValueAtRisk.historical(overlapping, confidence: .percent99),
        PandasNumPy.horizonVar99Overlapping))
    #expect(
      close(
        ConditionalValueAtRisk.historical(overlapping, confidence: .percent99),
        PandasNumPy.horizonCvar99Overlapping))
    let blocks = HorizonChanges.returns(
      curve, horizon: try Horizon(tradingDays: 21, windows: .nonOverlapping))
    #expect(blocks.count == PandasNumPy.horizonCountNonOverlapping)
    #expect(
      close(
        ValueAtRisk.historical(blocks, confidence: .percent95),
        PandasNumPy.horizonVar95NonOverlapping))
    #expect(
      close(
        ConditionalValueAtRisk.historical(blocks, confidence: .percent95),
        PandasNumPy.horizonCvar95NonOverlapping))
    #expect(
      close(
        ValueAtRisk.historical(blocks, confidence: .percent99),
        PandasNumPy.horizonVar99NonOverlapping))
    #expect(
      close(
        ConditionalValueAtRisk.historical(blocks, confidence: .percent99),
        PandasNumPy.horizonCvar99NonOverlapping))
  }

  @Test("skewness and excess kurtosis match pandas (via quantstats) and scipy bias=False")
  func moments() {
    #expect(close(Skewness.adjusted(r), QuantStats.skew, 1e-10))
    #expect(close(Skewness.adjusted(r), SciPy.skew, 1e-10))
    #expect(close(ExcessKurtosis.adjusted(r), QuantStats.kurtosis, 1e-10))
    #expect(close(ExcessKurtosis.adjusted(r), SciPy.excessKurtosis, 1e-10))
  }

  @Test("worst day, worst calendar month and month count match quantstats and pandas")
  func worstPeriods() throws {
    let curve = try fixture.hedgedCurve
    #expect(close(WorstDay.of(curve.returns)?.value, QuantStats.worstDay))
    let months = MonthlyReturns.of(curve)
    #expect(months.count == PandasNumPy.monthCount)  // December 2019 holds only the start value
    #expect(months.reduce(0) { $0 + $1.observations } == 500)
    let worst = try #require(WorstMonth.of(curve))
    #expect(close(worst.value, PandasNumPy.worstMonth))
    #expect(worst.month.description == PandasNumPy.worstMonthLabel)
  }

  @Test("beta and capture ratios match quantstats greeks and empyrical")
  func paired() throws {
    #expect(close(try Beta.of(r, to: fixture.underlying), QuantStats.beta))
    #expect(close(try Beta.of(r, to: fixture.underlying), Empyrical.beta))
    #expect(close(try CaptureRatio.upside(r, baseline: fixture.baseline), Empyrical.upCapture))
    #expect(close(try CaptureRatio.downside(r, baseline: fixture.baseline), Empyrical.downCapture))
  }

  @Test("Ederington hedge effectiveness and CVaR reduction match numpy")
  func hedging() throws {
    let hedged = try fixture.hedgedCurve
    let unhedged = try fixture.baselineCurve
    #expect(
      close(
        try HedgeEffectiveness.ederington(hedged: hedged, unhedged: unhedged),
        PandasNumPy.hedgeEffectivenessDaily))
    #expect(
      close(
        try HedgeEffectiveness.ederington(hedged: hedged, unhedged: unhedged, horizon: .oneMonth),
        PandasNumPy.hedgeEffectivenessOverlapping))
    #expect(
      close(
        try HedgeEffectiveness.ederington(
          hedged: hedged, unhedged: unhedged,
          horizon: Horizon(tradingDays: 21, windows: .nonOverlapping)),
        PandasNumPy.hedgeEffectivenessNonOverlapping))
    #expect(
      close(
        RiskReduction.conditionalValueAtRisk(hedged: r, unhedged: fixture.baseline),
        1 - Empyrical.cvar95 / Empyrical.baselineCvar95))
  }

  @Test("the summary reports the same numbers, in percent where its rows say so")
  func summary() throws {
    let summary = try MetricsSummary(
      curve: fixture.hedgedCurve, baseline: fixture.baselineCurve,
      underlying: ReturnSeries(days: fixture.days, returns: fixture.underlying, name: "underlying"),
      configuration: .init(riskFree: .series(fixture.riskFree)))
    let rows = Dictionary(uniqueKeysWithValues: summary.rows.map { ($0.key, $0.value) })
    #expect(close(rows["total_return_pct"]?.number, QuantStats.totalReturn * 100))
    #expect(close(rows["cagr_pct"]?.number, PandasNumPy.cagrCalendar * 100))
    #expect(close(rows["annualised_volatility_pct"]?.number, QuantStats.volatility * 100))
    #expect(close(rows["sharpe_ratio"]?.number, QuantStats.sharpeExcess))
    #expect(close(rows["sortino_ratio"]?.number, QuantStats.sortinoExcess))
    #expect(close(rows["omega_ratio"]?.number, QuantStats.omega))
    #expect(close(rows["max_drawdown_pct"]?.number, QuantStats.maxDrawdown * 100))
    #expect(rows["max_drawdown_recovery"] == .day(Build.day(PandasNumPy.drawdownRecovery)))
    #expect(close(rows["var_99_daily_pct"]?.number, Empyrical.var99 * 100))
    #expect(close(rows["cvar_95_21d_pct"]?.number, PandasNumPy.horizonCvar95Overlapping * 100))
    #expect(close(rows["skewness"]?.number, SciPy.skew, 1e-10))
    #expect(close(rows["excess_kurtosis"]?.number, SciPy.excessKurtosis, 1e-10))
    #expect(close(rows["worst_month_pct"]?.number, PandasNumPy.worstMonth * 100))
    #expect(rows["worst_month_month"]?.description == PandasNumPy.worstMonthLabel)
    #expect(close(rows["upside_capture"]?.number, Empyrical.upCapture))
    #expect(close(rows["downside_capture"]?.number, Empyrical.downCapture))
    #expect(close(rows["beta_to_underlying"]?.number, QuantStats.beta))
    #expect(
      close(
        rows["hedge_effectiveness_21d_pct"]?.number, PandasNumPy.hedgeEffectivenessOverlapping * 100
      ))
    #expect(
      close(
        rows["max_drawdown_reduction_pct"]?.number,
        (1 - Empyrical.maxDrawdown / Empyrical.baselineMaxDrawdown) * 100))
  }
}
