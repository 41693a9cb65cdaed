import Analytics
import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

@testable import HedgeLabCLI

/// Issue 12: `vega-then-delta` of `Scenarios/spx-vega-hedged-book.yaml` loses 7.21 %/yr with an
/// 81.57 % drawdown "and nothing says why". Reproduced on the real data, then its mechanism
/// pinned: the vega hedge (a 20–60-day at-the-money call against a 70–91-day strangle: gamma
/// per unit of vega ∝ 1/T, so the shorter hedge adds more gamma than the book has) leaves the
/// book net long gamma; long gamma earns (realised/implied)² of the theta it pays, and over
/// 2000–2021 SPX's realised volatility (19.7 %, RMS of daily log returns) sat below VIX
/// (21.8 %, RMS), a ratio² of 0.82; plus 3.1 %/yr of costs from 35× turnover; all on a fixed
/// 1,000,000 notional while the capital shrinks. Not a bug: the explanation line says it.
/// Most of it was the legacy model's "ATM = VIX": on main's calibrated smile (ATM below VIX)
/// the same program earns +0.41 %/yr.
@Suite("program explanations on the real S&P 500 history", .enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason)))
struct ExplanationTests {
  @Test("vega-then-delta: −7.21 %/yr and −81.57 % explained by net long gamma, costs and fixed notional")
  func vegaThenDelta() throws {
    let folder = TemporaryFolder()
    let db = folder.path("spx.sqlite")
    let d = SharedData.directory.path
    for arguments in [
      ["ingest", "\(d)/spx_daily.csv", "--db", db, "--kind", "price", "--symbol", "SPX"],
      ["ingest", "\(d)/vix_daily.csv", "--db", db, "--kind", "iv", "--symbol", "VIX", "--value-column", "close", "--unit", "percent", "--tenor", "30d", "--moneyness", "1.0"],
      ["ingest", "\(d)/gs3m_monthly.csv", "--db", db, "--kind", "rate", "--symbol", "GS3M", "--date-format", "month", "--unit", "percent", "--rate-convention", "bond-equivalent", "--tenor", "3m"],
    ] {
      #expect(CommandOutput.run(arguments).status == 0)
    }
    let file = SharedData.projectRoot.appendingPathComponent("Scenarios/spx-vega-hedged-book.yaml").path
    let bundled = try String(contentsOfFile: file, encoding: .utf8)
    // The case as reported was priced with "ATM = VIX plus a skew", the model before the
    // calibrated smile (kept in the scenario's comment).
    let legacyText = bundled.replacingOccurrences(
      of: "SPX: { series: VIX, kind: variance-swap, tenor-days: 30 }",
      with: "SPX: { atm: VIX, tenor-days: 30, skew: { slope: -0.5, curvature: 1.0, floor: 0.05 } }")
    let database = try MarketDatabase.open(existingAt: db)
    func vegaThenDelta(_ text: String) throws -> (report: ProgramReport, spec: Program?, cagr: Double) {
      var scenario = try ScenarioLoader.load(yaml: text, file: file)
      scenario.data.database = nil
      let tape = try MarketTape.load(scenario, from: database)
      let result = Backtest(scenario: scenario, tape: tape).run(programs: ["book-unhedged", "vega-then-delta"])
      let comparison = try ScenarioComparison(result: result, scenario: scenario, tape: tape)
      let report = try #require(comparison.programReports.first { $0.name == "vega-then-delta" })
      guard case .number(let cagr) = try #require(report.rows.first { $0.key == "cagr_pct" }).value else {
        throw CommandFailure("no CAGR", exitStatus: 1)
      }
      return (report, scenario.programs.first { $0.name == "vega-then-delta" }, cagr)
    }
    let (report, spec, cagr) = try vegaThenDelta(legacyText)
    #expect(abs(cagr - -7.21) < 0.01, "CAGR \(cagr) %")

    // The mechanism: net long gamma paying theta; gamma earns about (realised/implied)² of it.
    let greeks = try #require(report.attribution?.greekTotals)
    #expect(greeks.gamma > 0 && greeks.theta < 0)
    let ratio = -greeks.gamma / greeks.theta
    #expect(ratio > 0.7 && ratio < 0.9, "gamma / theta = \(ratio); (realised / implied)² ≈ 0.82")
    #expect((report.efficiency?.transactionCostsAnnualFraction ?? 0) > 0.025)

    let line = try #require(ProgramExplanation.line(report, spec: spec))
    #expect(line.contains("net long gamma"), "\(line)")
    #expect(line.contains("fixed notional"), "\(line)")
    #expect(line.contains("vega with a call 1.0 × 60 d, every 5 d"), "\(line)")

    // On the calibrated smile (the bundled scenario since issue 9) the at-the-money hedge is no
    // longer bought at VIX, which sits above the at-the-money level: most of the loss goes.
    let smile = try vegaThenDelta(bundled)
    #expect(smile.cagr > cagr + 5, "smile CAGR \(smile.cagr) % vs legacy \(cagr) %")
  }
}
