import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

@testable import Analytics

/// The exports of `--out`: CSV format, the resolved scenario, the manifest, and golden files
/// of the demo scenario over 2016.
@Suite("Exports")
struct ExportTests {
  /// The golden run's export, with no generation time (the only non-deterministic field).
  static func files() throws -> [ExportFile] {
    let run = try DemoRun.golden.get()
    return try RunExport.files(
      run.comparison, scenarioText: run.text, scenarioFile: DemoRun.scenarioPath,
      database: "demo.sqlite", version: "0.1.0", generated: nil)
  }

  @Test(
    "golden files: the demo scenario over 2016 exports byte for byte the committed files",
    arguments: ["summary.csv", "daily.csv", "trades.csv", "scenario.yaml", "manifest.json", "report.html"])
  func golden(name: String) throws {
    let file = try #require(try Self.files().first { $0.name == name })
    let mismatch = goldenMismatch(file.contents, file: goldenDirectory().appendingPathComponent(name))
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test("the export is deterministic: two runs give the same bytes")
  func deterministic() throws {
    let first = try Self.files()
    let run = try DemoRun.run(from: DemoRun.goldenFrom, to: DemoRun.goldenTo)
    let second = try RunExport.files(
      run.comparison, scenarioText: run.text, scenarioFile: DemoRun.scenarioPath,
      database: "demo.sqlite", version: "0.1.0", generated: nil)
    #expect(first == second)
    #expect(first.map(\.name) == [
      "summary.csv", "daily.csv", "trades.csv", "scenario.yaml", "report.html", "manifest.json",
    ])
  }

  @Test("RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled")
  func quoting() {
    #expect(CSVExport.field("plain") == "plain")
    #expect(CSVExport.field("") == "")
    #expect(CSVExport.field("a,b") == "\"a,b\"")
    #expect(CSVExport.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(CSVExport.field("two\nlines") == "\"two\nlines\"")
    #expect(CSVExport.field("cr\rlf") == "\"cr\rlf\"")
    #expect(CSVExport.row(["x", "1,5", ""]) == "x,\"1,5\",\n")
  }

  /// Reads a CSV text with RFC 4180 quoting (a reader independent of the writer).
  static func parse(_ text: String) -> [[String]] {
    var rows = [[String]]()
    var row = [String]()
    var field = ""
    var quoted = false
    var chars = Array(text)
    if chars.last != "\n" { chars.append("\n") }
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if quoted {
        if c == "\"" {
          if i + 1 < chars.count, chars[i + 1] == "\"" {
            field.append("\"")
            i += 1
          } else {
            quoted = false
          }
        } else {
          field.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        row.append(field)
        field = ""
      } else if c == "\n" {
        row.append(field)
        rows.append(row)
        row = []
        field = ""
      } else {
        field.append(c)
      }
      i += 1
    }
    return rows
  }

  @Test("daily.csv: long format, one row per program and day, full-precision numbers")
  func dailyCSV() throws {
    let run = try DemoRun.golden.get()
    let rows = Self.parse(CSVExport.daily(run.comparison))
    let header = rows[0]
    #expect(header == CSVExport.dailyColumns(symbols: ["HLX"]))
    #expect(rows.count == 1 + run.result.days.count * run.result.programs.count)
    #expect(rows.allSatisfy { $0.count == header.count })
    let column = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
    // The numbers read back exactly (shortest round-trip text), and dates are ISO.
    let put = run.result.programs[1]
    let firstPut = try #require(rows.firstIndex { $0[1] == put.name })
    for t in [0, 1, 100, run.result.days.count - 1] {
      let row = rows[firstPut + t]
      #expect(row[0] == run.result.days[t].description)
      #expect(Double(row[column["value"]!]) == put.daily.value[t])
      #expect(Double(row[column["vega"]!]) == put.daily.vega[t])
      #expect(Double(row[column["spot_HLX"]!]) == run.result.spots[0][t])
      #expect(Double(row[column["pnl_costs"]!]) == 0 - put.daily.costs[t])
    }
    #expect(rows[firstPut][column["return"]!] == "", "no return on the first day")
    #expect(rows[firstPut][column["greek_pnl_delta"]!] == "")
    #expect(Double(rows[firstPut + 1][column["greek_pnl_delta"]!]) != nil)
    // The P&L columns add up to the change in value.
    for r in rows.dropFirst().prefix(300).dropFirst() where r[column["return"]!] != "" {
      let parts = ["pnl_underlying", "pnl_options", "pnl_carry", "pnl_costs"].map { Double(r[column[$0]!])! }
      let value = Double(r[column["value"]!])!
      let previous = value / (1 + Double(r[column["return"]!])!)
      #expect(isClose(value - previous, parts.reduce(0, +), absolute: 1e-6, relative: 1e-9))
    }
  }

  @Test("summary.csv: one row per report, one column per metric with its unit in the name")
  func summaryCSV() throws {
    let c = try DemoRun.golden.get().comparison
    let rows = Self.parse(CSVExport.summary(c))
    #expect(rows.count == 1 + c.reports.count)
    #expect(rows.allSatisfy { $0.count == rows[0].count })
    #expect(Array(rows[0].prefix(4)) == ["program", "role", "benchmark_of", "hedging_error_target"])
    #expect(rows[0].contains("annualised_volatility_pct"))
    #expect(rows[0].contains("transaction_costs_currency"))
    #expect(rows[0].contains("max_drawdown_duration_trading_days"))
    #expect(rows.dropFirst().map { $0[1] } == c.reports.map(\.role.label))
    #expect(rows[4][0] == "collar-95-110" && rows[4][3] == "", "an overlay has no target")
    #expect(rows[8][0] == "delta-hedged" && rows[8][3] == "protective-put-95")
  }

  @Test("trades.csv: the ledger of every program, amount = quantity × price")
  func tradesCSV() throws {
    let run = try DemoRun.golden.get()
    let rows = Self.parse(CSVExport.trades(run.comparison))
    #expect(rows[0] == CSVExport.tradeColumns)
    #expect(rows.count == 1 + run.result.programs.map(\.trades.count).reduce(0, +))
    let options = rows.dropFirst().filter { $0[3] == "option" }
    #expect(!options.isEmpty)
    for row in options.prefix(50) {
      #expect(row[2].hasPrefix("HLX put ") || row[2].hasPrefix("HLX call "))
      #expect(Day(iso: row[7]) != nil)
      #expect(Double(row[10]) == Double(row[8])! * Double(row[9])!)
    }
    #expect(rows.contains { $0.last == "expiry" } && rows.contains { $0.last == "financing" })
  }

  @Test("scenario.yaml re-loads, with the period run and the database read")
  func resolvedScenarioReloads() throws {
    let file = try #require(try Self.files().first { $0.name == "scenario.yaml" })
    let scenario = try ScenarioLoader.load(yaml: file.contents, file: "scenario.yaml")
    #expect(scenario.period.from == Day(iso: "2016-01-01"), "the sample data trade every weekday")
    #expect(scenario.period.to == Day(iso: "2016-12-30"))
    #expect(scenario.data.database == "demo.sqlite")
    #expect(scenario.programs == (try DemoRun.golden.get().scenario.programs))
  }

  @Test("resolved scenario: encoded from the value as run, period and database set, header says so")
  func resolvedScenarioEncoded() throws {
    let from = Day(iso: "2001-02-03")!
    let to = Day(iso: "2004-05-06")!
    let text = """
      name: x
      data:
        underlyings: [SPX] # the index
        database: "old.sqlite"
        volatility: { SPX: 0.2 }
      period:
        from: 1990-01-02

        to: 2021-12-31
      # programs follow
      portfolio: { holdings: [ { symbol: SPX, units: 10 } ] }
      programs: [ { name: put, rules: [ { type: protective-put, strike: 0.9 } ] } ]

      """
    let scenario = try ScenarioLoader.load(yaml: text, file: "x.yaml")
    let resolved = try ResolvedScenario.yaml(
      scenario, file: "x.yaml", from: from, to: to, database: "/data/my \"db\".sqlite", version: "9.9")
    #expect(
      resolved == """
        # Resolved by hedgelab 9.9 from x.yaml: period set to the days run and data.database to the database read.
        name: x
        data:
          database: /data/my "db".sqlite
          underlyings:
          - SPX
          volatility:
            SPX: 0.2
        period:
          from: '2001-02-03'
          to: '2004-05-06'
        portfolio:
          holdings:
          - symbol: SPX
            units: 10
        programs:
        - name: put
          rules:
          - type: protective-put
            strike: 0.9

        """)
    let reloaded = try ScenarioLoader.load(yaml: resolved, file: "scenario.yaml")
    #expect(reloaded.period == Period(from: from, to: to))
    #expect(reloaded.data.database == "/data/my \"db\".sqlite")
    #expect(reloaded.programs == scenario.programs && reloaded.portfolio == scenario.portfolio)
    let kept = try ResolvedScenario.yaml(scenario, file: "x.yaml", from: from, to: to, database: nil, version: "9.9")
    #expect(kept.hasPrefix("# Resolved by hedgelab 9.9 from x.yaml: period set to the days run.\nname: x\ndata:\n  database: old.sqlite\n"))
  }

  @Test("manifest: version, scenario hash, one hash per aligned series, file hashes, time last")
  func manifest() throws {
    let run = try DemoRun.golden.get()
    let files = try Self.files()
    let text = try #require(files.last?.contents)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["hedgelab_version"] as? String == "0.1.0")
    #expect(object["generated"] == nil, "no time in the reproducible manifest")
    let scenario = try #require(object["scenario"] as? [String: Any])
    #expect(scenario["sha256"] as? String == SHA256.hex(of: Array(run.text.utf8)))
    let data = try #require(object["data"] as? [[String: Any]])
    #expect(
      data.map { $0["series"] as? String } == [
        "close HLX", "implied_volatility HLX", "risk_free_rate", "dividend_yield HLX",
      ])
    #expect(data.allSatisfy { $0["observations"] as? Int == run.result.days.count })
    let listed = try #require(object["files"] as? [[String: Any]])
    #expect(listed.map { $0["name"] as? String } == files.dropLast().map(\.name))
    #expect(listed[0]["sha256"] as? String == SHA256.hex(of: Array(files[0].contents.utf8)))

    // FIPS 180-2 example: SHA-256("abc").
    #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    // A series hash changes when one value changes in its last bit.
    let days = run.result.days
    var values = run.result.spots[0]
    let before = SeriesHash(series: "close", days: days, values: values).sha256
    values[10] = values[10].nextUp
    #expect(SeriesHash(series: "close", days: days, values: values).sha256 != before)

    let timed = RunExport.manifest(
      run.comparison, scenarioText: run.text, scenarioFile: "s.yaml", database: "d",
      version: "0.1.0", files: [], generated: "2024-05-06T07:08:09Z")
    #expect(timed.hasSuffix("  \"generated\": \"2024-05-06T07:08:09Z\"\n}\n"))
  }
}
