import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

@testable import Analytics

/// Metrics that are undefined or meaningless for the input are shown as `–` with a reason,
/// never as a huge number (issue 12). Each case is reproduced first.
@Suite("Undefined metrics: – with a reason")
struct UndefinedMetricsTests {
  @Test("a 3-day run: no annualised return (it was −99.63 %), the total return stays")
  func shortRun() throws {
    // Given a 3-day run that loses 5 % (the case of issue 12)
    let curve = try Build.curve(["2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07"], [100, 97, 96, 95])
    // When its metrics are computed with the default minimum of 60 daily returns
    let summary = try MetricsSummary(curve: curve)
    // Then the annualised figures are undefined, with the reason, and the rest is there
    let rows = Dictionary(uniqueKeysWithValues: summary.rows.map { ($0.key, $0) })
    for key in ["cagr_pct", "sharpe_ratio", "sortino_ratio", "calmar_ratio"] {
      #expect(rows[key]?.value == .missing, "\(key)")
      #expect(rows[key]?.note?.contains("annualised over 3 daily returns, fewer than the minimum of 60") == true, "\(key)")
    }
    #expect(isClose(try #require(rows["total_return_pct"]?.value.number), -5, relative: 1e-12))
    #expect(rows["max_drawdown_pct"]?.value != .missing)
    #expect(rows["annualised_volatility_pct"]?.note == nil)
    // The minimum is configurable: with 3, the CAGR is the (huge) number it used to be.
    var configuration = MetricsSummary.Configuration()
    configuration.minimumAnnualisationDays = 3
    let allowed = try MetricsSummary(curve: curve, configuration: configuration)
    #expect(try #require(allowed.compoundAnnualGrowthRate) < -0.99)
    #expect(allowed.undefined.isEmpty)
  }

  @Test("a near-riskless curve: no Calmar (was 3568) and no Omega (was 14369)")
  func nearRiskless() throws {
    // Given a year of cash accruing 2 % a year with a few tiny dips (a 0 %-stock benchmark)
    let days = Build.weekdays(from: "2021-01-04", count: 261)
    var values = [1_000_000.0]
    for i in 1..<days.count { values.append(values[i - 1] * (i % 50 == 0 ? 0.999_999_5 : 1.000_08)) }
    let curve = try EquityCurve(days: days, values: values, name: "0% stock")
    let old = try #require(CalmarRatio.of(curve))
    #expect(old > 1000, "the meaningless value of issue 12: \(old)")
    #expect(try #require(OmegaRatio.of(curve.returns.returns)) > 1000)
    // When summarised
    let summary = try MetricsSummary(curve: curve)
    // Then both ratios are undefined with their reasons, CAGR and drawdown are shown
    let rows = Dictionary(uniqueKeysWithValues: summary.rows.map { ($0.key, $0) })
    #expect(rows["calmar_ratio"]?.value == .missing)
    #expect(rows["calmar_ratio"]?.note?.contains("is smaller than 0.1 %: the ratio would divide by almost nothing") == true)
    #expect(rows["omega_ratio"]?.value == .missing)
    #expect(rows["omega_ratio"]?.note?.contains("mean shortfall under 0.1 bp") == true)
    #expect(isClose(try #require(summary.compoundAnnualGrowthRate), 0.0207, relative: 0.05))
    #expect(summary.maxDrawdownDepth < 0)
    // A real drawdown keeps the ratio.
    let riskyValues: [Double] = (0..<80).map { i in
      let trend = 100 * (1 + 0.001 * Double(i))
      return i % 7 == 0 ? trend * 0.97 : trend
    }
    let risky = try EquityCurve(days: Build.weekdays(from: "2021-01-04", count: 80), values: riskyValues)
    #expect(try MetricsSummary(curve: risky).calmarRatio != nil)
  }

  @Test("tables show – and a footnote; JSON says why under undefined")
  func display() throws {
    let curve = try Build.curve(["2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07"], [100, 97, 96, 95])
    let rows = try MetricsSummary(curve: curve).rows
    let cagr = try #require(rows.first { $0.key == "cagr_pct" })
    #expect(DisplayFormat.value(cagr) == "–")
    let notes = ScenarioComparison.undefinedNotes(rows: [("a", rows), ("b", rows)])
    #expect(notes.contains { $0.hasPrefix("CAGR (%) (a, b): – because annualised over 3 daily returns") })
  }

  @Test("a delta-hedged short call with target-delta 1 is not a hedge: no hedging error (was 218 % of premium)")
  func deltaTargetOne() throws {
    // Given the demo's delta program turned into a short call kept at delta 1
    let text = try DemoRun.scenarioText().replacingOccurrences(
      of: "{ type: delta, synthetic-put: { strike: 0.95, tenor-days: 30 }, every-days: 1 }",
      with: "{ type: delta, target-delta: 1, every-days: 1 }")
    let run = try DemoRun.run(from: DemoRun.goldenFrom, to: DemoRun.goldenTo, yaml: text)
    // Then it has no hedging error, and a note says why
    let delta = try #require(run.comparison.reports.first { $0.name == "delta-hedged" })
    #expect(delta.efficiency?.hedgingError == nil)
    let rows = Dictionary(uniqueKeysWithValues: delta.rows.map { ($0.key, $0) })
    #expect(rows["hedging_error_rmse_pct_of_premium"]?.value == .missing)
    #expect(
      run.comparison.notes.contains {
        $0.hasPrefix("no hedging error for delta-hedged: its delta rule keeps target-delta 1.00") && $0.contains("not a hedge")
      })
  }
}
