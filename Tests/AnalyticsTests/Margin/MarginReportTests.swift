import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

@testable import Analytics

/// The margin in the comparison: the "Margin" rows of the metrics table and `summary.csv`,
/// and the "Portfolio margin" charts of the HTML report.
@Suite("Margin in the report")
struct MarginReportTests {
  static let keys = [
    "peak_margin", "peak_margin_date", "average_margin", "average_margin_pct_of_value",
    "return_on_margin_pct",
  ]

  @Test("the Margin section holds each program's MarginSummary; benchmarks are missing")
  func sectionRows() throws {
    let run = try DemoRun.golden.get()
    let c = run.comparison
    for report in c.reports {
      let section = try #require(report.sections.last)
      #expect(section.title == "Margin")
      #expect(section.rows.map(\.key) == Self.keys)
      guard let program = report.program else {
        #expect(section.rows.allSatisfy { $0.value == .missing }, "\(report.name)")
        #expect(report.margin == nil)
        continue
      }
      let summary = try #require(MarginSummary(program, days: run.result.days))
      #expect(report.margin == summary)
      #expect(section.rows == summary.rows)
      // The daily margin the report summarises is the engine's.
      let margin = try #require(program.margin)
      #expect(summary.peak == margin.max())
      #expect(isClose(summary.average, margin.reduce(0, +) / Double(margin.count), relative: 1e-12))
    }
    // The unhedged HLX holding, fully invested (financing: holdings, dividends reinvested),
    // needs its index range, 15 % of its value, every day; the 95 % put caps the loss of a
    // 15 % fall at about 5 % plus the put's time value, so it needs far less.
    let unhedged = try #require(c.reports.first?.margin)
    #expect(isClose(try #require(unhedged.averageFractionOfValue), 0.15, relative: 1e-9))
    let put = try #require(c.reports.first { $0.name == "protective-put-95" }?.margin)
    #expect(put.average < 0.5 * unhedged.average)
    #expect(try #require(put.returnOnMargin) > #require(unhedged.returnOnMargin))
    // summary.csv: the five columns, the peak date in ISO form, empty for benchmarks.
    let csv = CSVExport.summary(c)
    let header = try #require(csv.split(separator: "\n").first).split(separator: ",").map(String.init)
    #expect(Array(header.suffix(5)) == Self.keys)
    let first = try #require(csv.split(separator: "\n").dropFirst().first)
    #expect(first.hasSuffix(",\(unhedged.peakDay),\(unhedged.average),\(unhedged.averageFractionOfValue! * 100),\(unhedged.returnOnMargin! * 100)"))
  }

  @Test("a run without margin keeps the Margin rows, all missing, and draws no margin chart")
  func withoutMargin() throws {
    var scenario = try DemoRun.golden.get().scenario
    scenario.period = Period(from: DemoRun.goldenFrom, to: DemoRun.goldenTo)
    let tape = try MarketTape.load(scenario, from: DemoRun.database.get())
    let result = Backtest(scenario: scenario, tape: tape).run()
    let c = try ScenarioComparison(result: result, scenario: scenario, tape: tape)
    for report in c.reports {
      #expect(report.sections.last?.rows.map(\.key) == Self.keys)
      #expect(report.sections.last?.rows.allSatisfy { $0.value == .missing } == true)
    }
    let html = HTMLReport.html(c, version: "0.1.0")
    #expect(!html.contains("<h2>Portfolio margin</h2>"))
    #expect(html.contains("<th colspan=\"10\">Margin</th>"))
  }

  @Test("the HTML report draws the daily margin of every program, in currency and % of value, one panel each")
  func chart() throws {
    let c = try DemoRun.golden.get().comparison
    let html = HTMLReport.html(c, version: "0.1.0")
    #expect(html.contains("<h2>Portfolio margin</h2>"))
    for title in ["Portfolio margin", "Portfolio margin (% of value)"] {
      // Small multiples: one panel, with one line, per simulated program.
      let start = try #require(html.range(of: "<h3>\(SVG.escape(title))</h3>"))
      let panels = html[start.upperBound...].components(separatedBy: "</div>")[0]
      #expect(panels.components(separatedBy: "<polyline").count - 1 == c.programReports.count, "\(title)")
      for report in c.programReports {
        #expect(panels.contains("aria-label=\"\(SVG.escape(report.name))\""), "\(title): \(report.name)")
      }
    }
  }
}
