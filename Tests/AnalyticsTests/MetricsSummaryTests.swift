import HedgeLabTestSupport
import MarketData
import Testing

@testable import Analytics

@Suite("MetricsSummary: rows for tables and CSV")
struct MetricsSummaryTests {
  let fixture = ReturnsFixture.shared

  @Test("rows have the same keys and names in the same order with or without a baseline")
  func stableRows() throws {
    let alone = try MetricsSummary(curve: fixture.hedgedCurve).rows
    let compared = try MetricsSummary(
      curve: fixture.hedgedCurve, baseline: fixture.baselineCurve,
      underlying: ReturnSeries(days: fixture.days, returns: fixture.underlying)
    ).rows
    #expect(alone.map(\.key) == compared.map(\.key))
    #expect(alone.map(\.name) == compared.map(\.name))
    #expect(Set(alone.map(\.key)).count == alone.count)
    #expect(Set(alone.map(\.name)).count == alone.count)
    #expect(alone.count == 37 + CurveMetrics.all.count)
    #expect(alone.first?.name == "Start date")
    #expect(alone.contains { $0.name == "Annualised volatility (%)" && $0.unit == .percent })
    #expect(alone.contains { $0.name == "VaR 95% 21-day (%)" && $0.key == "var_95_21d_pct" })
    #expect(alone.contains { $0.name == "Max drawdown duration (calendar days)" })
    // Without a baseline or underlying, their rows are missing, not zero.
    let missing = alone.filter { $0.value == .missing }.map(\.key)
    #expect(
      missing == [
        "upside_capture", "downside_capture", "beta_to_underlying", "hedge_effectiveness_daily_pct",
        "hedge_effectiveness_21d_pct", "cvar_95_daily_reduction_pct", "max_drawdown_reduction_pct",
      ])
    #expect(compared.allSatisfy { $0.value != .missing })
  }

  @Test("percent rows hold decimal × 100; descriptions are full-precision and ISO")
  func units() throws {
    let curve = try Build.curve(
      ["2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09", "2024-01-10"],
      [100, 110, 99, 108.9, 119.79])
    let rows = Dictionary(
      uniqueKeysWithValues: try MetricsSummary(curve: curve).rows.map { ($0.key, $0) })
    #expect(isClose(try #require(rows["max_drawdown_pct"]?.value.number), -10, relative: 1e-12))
    #expect(rows["max_drawdown_peak"]?.value.description == "2024-01-05")
    #expect(rows["max_drawdown_duration_trading_days"]?.value == .integer(3))
    #expect(rows["max_drawdown_duration_calendar_days"]?.value == .integer(5))
    #expect(rows["worst_month_month"]?.value.description == "2024-01")
    #expect(rows["daily_returns_count"]?.value == .integer(4))
    #expect(MetricValue.number(0.1).description == "0.1")
    #expect(MetricValue.missing.description == "")
  }

  @Test("the baseline compared with itself: capture 1, hedge effectiveness 0, reductions 0")
  func baselineAgainstItself() throws {
    let base = try fixture.baselineCurve
    let s = try MetricsSummary(curve: base, baseline: base)
    #expect(isClose(try #require(s.upsideCapture), 1, relative: 1e-12))
    #expect(isClose(try #require(s.downsideCapture), 1, relative: 1e-12))
    #expect(s.hedgeEffectivenessDaily == 0)
    #expect(s.hedgeEffectivenessOverHorizon == 0)
    #expect(s.conditionalValueAtRisk95Reduction == 0)
    #expect(s.maxDrawdownReduction == 0)
  }

  @Test("empty, single-value and constant curves give a full table without NaN")
  func degenerateCurves() throws {
    let curves = [
      try EquityCurve(days: [], values: []),
      try Build.curve(values: [100]),
      try Build.curve(values: [100, 100, 100, 100, 100]),
    ]
    for curve in curves {
      let rows = try MetricsSummary(curve: curve, baseline: curve).rows
      #expect(rows.count == 37 + CurveMetrics.all.count)
      for row in rows {
        if case .number(let x) = row.value { #expect(x.isFinite, "\(row.name) of \(curve.values)") }
      }
    }
    let flat = try MetricsSummary(curve: curves[2])
    #expect(flat.annualisedVolatility == 0)
    #expect(flat.sharpeRatio == nil)
    #expect(flat.maxDrawdownDepth == 0 && flat.maxDrawdown == nil && flat.calmarRatio == nil)
  }

  @Test("a baseline or underlying on other days is rejected, naming both series")
  func misaligned() throws {
    let curve = try Build.curve(
      ["2024-01-02", "2024-01-03", "2024-01-04"], [100, 101, 102], name: "collar")
    let other = try Build.curve(
      ["2024-01-02", "2024-01-03", "2024-01-05"], [100, 101, 102], name: "unhedged")
    #expect(throws: AnalyticsError.self) { try MetricsSummary(curve: curve, baseline: other) }
    let underlying = try ReturnSeries(
      days: Build.days(["2024-01-03"]), returns: [0.01], name: "SPX")
    do {
      _ = try MetricsSummary(curve: curve, underlying: underlying)
      Issue.record("a one-day underlying was accepted")
    } catch {
      #expect(
        String(describing: error).contains(
          "length of SPX (1) must equal the length of returns of collar (2)"))
    }
  }
}
