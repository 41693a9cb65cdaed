import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

@testable import Analytics

/// The HTML report: self-contained, every required chart, small for long histories, and the
/// chart helpers (point reduction, ticks). The rendered page is checked by eye in Chromium
/// (`Benchmarks/report/screenshot.sh`); its bytes are pinned by the golden `report.html`.
@Suite("HTML report")
struct HTMLReportTests {
  @Test("self-contained: one inline script, no external resource, every section and chart present")
  func selfContained() throws {
    let html = HTMLReport.html(try DemoRun.golden.get().comparison, version: "0.1.0")
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    for forbidden in ["<link", "<img", "@import", "url(http", "src=", "fetch(", "XMLHttpRequest"] {
      #expect(!html.contains(forbidden), "\(forbidden)")
    }
    #expect(html.components(separatedBy: "<script>").count == 2, "exactly one inline script")
    for section in [
      "Delta exposure", "Gamma", "Vega", "Theta", "What each program does", "Crisis windows", "Five worst drawdowns of each program",
      "Calendar returns", "Yearly returns (%)", "Monthly returns (%)", "Rolling beta and Sharpe ratio",
      "Portfolio greeks and exposure", "Positions opened by the rules", "Trade statistics", "Assumptions",
    ] {
      #expect(html.contains(">\(section)</h"), "section \(section)")
    }
    // Every rule's parameters and the volatility model, from the scenario.
    #expect(html.contains("<dt>Volatility model</dt><dd>HLX: surface"))
    #expect(html.contains("<dt>Program collar-95-110</dt><dd>collar: "))
    #expect(html.contains("@media print"))
    // The run (2016) covers no crisis window: each is "–" with its reason.
    #expect(html.contains("title=\"before the run (starts 2016-01-01)\">–</td>"))
    // The only URL is the SVG namespace.
    let urls = html.components(separatedBy: "http").count - 1
    let namespaces = html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1
    #expect(urls == namespaces)
    for title in [
      "Portfolio value (linear scale)", "Portfolio value (logarithmic scale)",
      "Drawdown from the running peak", "Rolling 3-month volatility", "Daily returns",
      "Roll-period returns (21 steps, non-overlapping)", "Cumulative hedge cost", "Total P&amp;L by source", "Rolling beta to HLX",
      "Rolling Sharpe ratio",
    ] {
      #expect(html.contains(">\(title)</text>"), "chart \(title)")
    }
    #expect(html.contains("<table class=\"metrics\">"))
    #expect(html.contains("stroke-dasharray=\"2 3\" stroke-linejoin=\"round\" data-series=\"protective-put-95 stock+cash\""), "benchmarks dashed")
    #expect(html.contains("Cost of protection a year (% of portfolio)"))
    for nonFinite in [">nan<", " nan", "nan,", "\"nan", ">inf<", " inf", "inf,"] {
      #expect(!html.contains(nonFinite), "no non-finite numbers drawn: \(nonFinite)")
    }
  }

  @Test("33 years × 6 programs: under 2 MB, at most 1,500 points per line")
  func longHistoryStaysSmall() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "hedgelab-report-33y-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = try MarketDatabase(path: folder.appendingPathComponent("long.sqlite").path)
    var prices = IngestOptions(kind: .price)
    prices.symbol = "HLX"
    var iv = IngestOptions(kind: .impliedVolatility)
    iv.unit = .decimal
    var rate = IngestOptions(kind: .rate)
    rate.symbol = "HL3M"
    rate.valueColumn = "rate_pct"
    rate.unit = .percent
    rate.rateConvention = .simple
    rate.tenorDays = 91
    var dividend = IngestOptions(kind: .dividendYield)
    dividend.symbol = "HLX"
    dividend.valueColumn = "yield"
    dividend.unit = .decimal
    let options = [
      "hlx_prices.csv": prices, "hlx_iv.csv": iv, "hl3m_rate.csv": rate,
      "hlx_dividend_yield.csv": dividend,
    ]
    for file in SyntheticMarket.files(seed: 7, years: 33) {
      let path = folder.appendingPathComponent(file.name)
      try file.contents.write(to: path, atomically: true, encoding: .utf8)
      _ = try database.ingest(file: path.path, options: try #require(options[file.name]))
    }
    let yaml = try DemoRun.scenarioText() + """
        - name: put-90
          rules:
            - { type: protective-put, strike: 0.90, tenor-days: 30 }

      """
    let scenario = try ScenarioLoader.load(yaml: yaml, file: "long.yaml")
    #expect(scenario.programs.count == 6)
    let tape = try MarketTape.load(scenario, from: database)
    #expect(tape.count > 33 * 250)
    let result = Backtest(scenario: scenario, tape: tape).run()
    let comparison = try ScenarioComparison(result: result, scenario: scenario, tape: tape)
    let html = HTMLReport.html(comparison, version: "0.1.0")
    #expect(html.utf8.count < 2_000_000, "\(html.utf8.count) bytes")
    var longest = 0
    for part in html.components(separatedBy: "points=\"").dropFirst() {
      let points = part.prefix { $0 != "\"" }.split(separator: " ").count
      longest = max(longest, points)
    }
    #expect(longest <= 1500 && longest > 500, "longest line: \(longest) points")
  }

  @Test("point reduction keeps the first, last, lowest and highest points, in x order")
  func reductionKeepsExtremes() {
    var rng = SplitMix64(seed: 42)
    let n = 10_000
    let xs = (0..<n).map(Double.init)
    var y = 0.0
    let ys = (0..<n).map { _ in
      y += Double(rng.next() % 2001) / 1000 - 1
      return y
    }
    let reduced = ChartScale.reduce(xs: xs, ys: ys, maxPoints: 1500)
    #expect(reduced.count <= 1500)
    #expect(reduced.first?.x == 0 && reduced.last?.x == Double(n - 1))
    #expect(reduced.map(\.y).min() == ys.min())
    #expect(reduced.map(\.y).max() == ys.max())
    #expect(zip(reduced, reduced.dropFirst()).allSatisfy { $0.x < $1.x })
    // Short series are left alone.
    #expect(ChartScale.reduce(xs: [1, 2, 3], ys: [3, 1, 2], maxPoints: 1500).map(\.y) == [3, 1, 2])
  }

  @Test("ticks: nice value steps, years or months on the date axis, 1-2-5 on log axes")
  func ticks() {
    #expect(ChartScale.linearTicks(0, 10) == [0, 2, 4, 6, 8, 10])
    #expect(ChartScale.linearTicks(-31.2, 0.4) == [-30, -20, -10, 0])
    #expect(ChartScale.niceStep(0.3) == 0.5)
    #expect(ChartScale.logTicks(0.9e6, 3.2e7) == [1e6, 2e6, 5e6, 1e7, 2e7])
    let years = ChartScale.dateTicks(Day(iso: "1990-01-02")!, Day(iso: "2021-12-31")!)
    #expect(years.map(\.label) == ["1995", "2000", "2005", "2010", "2015", "2020"])
    let months = ChartScale.dateTicks(Day(iso: "2016-01-04")!, Day(iso: "2016-12-30")!)
    #expect(months.map(\.label) == ["2016-02", "2016-03", "2016-04", "2016-05", "2016-06", "2016-07", "2016-08", "2016-09", "2016-10", "2016-11", "2016-12"])
    #expect(ChartScale.compact(1_500_000, step: 500_000) == "1.5M")
    #expect(ChartScale.compact(0, step: 2_000) == "0")
    #expect(ChartScale.compact(-2_000, step: 1_000) == "-2k")
  }

  @Test("rolling volatility: 63-day sample standard deviation, annualised, in percent")
  func rollingVolatility() {
    // Returns alternate +1 % and −1 %: a window of 63 has 32 of one and 31 of the other.
    var values = [100.0]
    for i in 0..<100 { values.append(values.last! * (i % 2 == 0 ? 1.01 : 0.99)) }
    let vol = HTMLReport.rollingVolatility(values, window: 63, periodsPerYear: 252)
    #expect(vol.count == 101 - 63)
    let r = (1..<64).map { values[$0] / values[$0 - 1] - 1 }
    let mean = r.reduce(0, +) / 63
    let sd = (r.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 62).squareRoot()
    #expect(isClose(vol[0], sd * 252.0.squareRoot() * 100, relative: 1e-12))
    #expect(HTMLReport.rollingVolatility([1, 2, 3], window: 63, periodsPerYear: 252).isEmpty)
  }
}
