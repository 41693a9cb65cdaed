import Analytics
import Foundation
import HedgeLabTestSupport
import Testing

@testable import HedgeLabCLI

/// Every command reads a program's metrics from one Analytics definition: `run --json`,
/// `compare --json`, `sweep.csv` and `runs list` agree in value, sign and unit for every
/// program of every bundled (historical) scenario, on the real data of `../shared/data`
/// (the demo's `Data/`, and generated crypto model series), over 2019.
@Suite("One metric system: run, compare, sweep and runs list agree")
struct OneMetricSystemTests {
  /// The headline metrics every path shows: percent (decimal × 100), losses negative.
  static let keys = ["cagr_pct", "annualised_volatility_pct", "sharpe_ratio", "max_drawdown_pct", "cvar_95_daily_pct"]
  static let from = "2019-01-02"
  static let to = "2019-12-31"

  /// Runs the built `hedgelab` in the project root; returns its standard output.
  static func hedgelab(_ arguments: [String], in folder: TemporaryFolder) throws -> String {
    let executable = try #require(hedgelabExecutable(), "swift build builds the hedgelab executable")
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = SharedData.projectRoot
    let out = folder.write("stdout-\(UUID().uuidString)", "")
    let err = folder.write("stderr-\(UUID().uuidString)", "")
    let outHandle = try #require(FileHandle(forWritingAtPath: out))
    let errHandle = try #require(FileHandle(forWritingAtPath: err))
    process.standardOutput = outHandle
    process.standardError = errHandle
    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    let stderr = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
    #expect(process.terminationStatus == 0, "hedgelab \(arguments.joined(separator: " ")): \(stderr)")
    return try String(contentsOfFile: out, encoding: .utf8)
  }

  /// The bundled scenarios that backtest one history (path scenarios print distributions).
  static func historicalScenarios() throws -> [String] {
    let folder = SharedData.projectRoot.appendingPathComponent("Scenarios")
    return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
      .filter { name in
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return !text.contains("\npaths:")
      }.map { "Scenarios/" + $0 }
  }

  /// One database with every series the bundled scenarios read, ingested with the commands
  /// their headers give.
  static func database(in folder: TemporaryFolder, scenarios: [String]) throws -> String {
    let db = folder.path("market.sqlite")
    var seen = Set<String>()
    for scenario in scenarios {
      let text = try String(contentsOf: SharedData.projectRoot.appendingPathComponent(scenario), encoding: .utf8)
      // The set-up commands of the header: ingests, and generated model series (written to a
      // scratch folder instead of the project's crypto-model/).
      for line in text.split(separator: "\n")
      where line.hasPrefix("#   hedgelab ingest ") || line.hasPrefix("#   hedgelab generate ") {
        var words = line.dropFirst("#   hedgelab ".count).split(separator: " ").map {
          String($0).replacingOccurrences(of: "crypto-model", with: folder.path("crypto-model"))
        }
        if let dbFlag = words.firstIndex(of: "--db") { words[dbFlag + 1] = db }
        guard seen.insert(words.joined(separator: " ")).inserted else { continue }
        _ = try hedgelab(words, in: folder)
      }
    }
    return db
  }

  /// The headline metrics of each program in pretty-printed JSON (`run --json`, `compare
  /// --json`: one key per line, each program's `name` before its metrics), parsed from their
  /// text with `Double(_:)` (exact; JSONSerialization may round the last digit).
  static func metrics(inJSON text: String) -> [String: [String: Double?]] {
    var out: [String: [String: Double?]] = [:]
    var program: String? = nil
    for line in text.split(separator: "\n") {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("\"name\": \"") {
        program = String(trimmed.dropFirst("\"name\": \"".count).prefix { $0 != "\"" })
        continue
      }
      guard let program else { continue }
      for key in keys where trimmed.hasPrefix("\"\(key)\": ") {
        let value = trimmed.dropFirst(key.count + 4).trimmingCharacters(in: CharacterSet(charactersIn: ", "))
        out[program, default: [:]][key] = .some(Double(value))
      }
    }
    return out
  }

  @Test("run --json, compare --json, sweep.csv and runs list give the same CAGR, volatility, Sharpe, max drawdown and CVaR")
  func fourPathsAgree() throws {
    let folder = TemporaryFolder()
    let scenarios = try Self.historicalScenarios()
    #expect(scenarios.count >= 6, "\(scenarios)")
    let db = try Self.database(in: folder, scenarios: scenarios)
    let period = ["--from", Self.from, "--to", Self.to]
    var checked = 0
    for scenario in scenarios {
      // run --json (recorded in the database for runs list)
      let runText = try Self.hedgelab(["run", scenario, "--db", db, "--json"] + period, in: folder)
      let run = try #require(try JSONSerialization.jsonObject(with: Data(runText.utf8)) as? [String: Any])
      let runPrograms = try #require(run["programs"] as? [[String: Any]])
      let fromRun = Self.metrics(inJSON: runText)
      #expect(Set(fromRun.keys) == Set(runPrograms.compactMap { $0["name"] as? String }), "\(scenario)")
      #expect(fromRun.values.allSatisfy { $0.count == Self.keys.count }, "\(scenario): every headline metric")

      // compare --json
      let compareText = try Self.hedgelab(["compare", scenario, "--db", db, "--json", "--no-record"] + period, in: folder)
      let compare = try #require(try JSONSerialization.jsonObject(with: Data(compareText.utf8)) as? [String: Any])
      let comparePrograms = try #require(compare["programs"] as? [[String: Any]]).filter {
        ($0["benchmark_of"] as? String) == nil
      }
      #expect(Set(comparePrograms.compactMap { $0["name"] as? String }) == Set(fromRun.keys), "\(scenario)")
      let fromCompare = Self.metrics(inJSON: compareText)

      // sweep.csv (one grid point: the scenario's own first underlying, the same period)
      let firstSymbol = try ScenarioRunner.loadScenario(
        at: SharedData.projectRoot.appendingPathComponent(scenario).path
      ).data.underlyings[0]
      let out = folder.path("sweep-\(checked)")
      _ = try Self.hedgelab(
        [
          "sweep", scenario, "--db", db, "--from", Self.from, "--to", Self.to, "--symbols", firstSymbol,
          "--out", out, "--threads", "1", "--quiet",
        ], in: folder)
      let csv = try String(contentsOfFile: out + "/sweep.csv", encoding: .utf8).split(separator: "\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      }
      let header = try #require(csv.first)
      let programColumn = try #require(header.firstIndex(of: "program"))

      // runs list: the run just recorded is the last one listed
      let list = try Self.hedgelab(["runs", "list", "--db", db], in: folder).split(separator: "\n").map {
        $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
      }
      let listHeader = ["CAGR", "vol", "Sharpe", "max DD", "CVaR 95% 1d"]
      #expect(list.first?.joined(separator: " ").contains("CAGR % vol % Sharpe max DD % CVaR 95% 1d %") == true)

      for (name, metrics) in fromRun {
        let compareMetrics = try #require(fromCompare[name], "\(scenario) \(name) in compare --json")
        let row = try #require(csv.first { $0.count > programColumn && $0[programColumn] == name }, "\(scenario) \(name)")
        let listed = try #require(list.last { $0.contains(name) }, "\(scenario) \(name) in runs list")
        for (k, key) in Self.keys.enumerated() {
          let value = metrics[key] ?? nil
          let where_ = "\(scenario) \(name) \(key)"
          #expect(compareMetrics[key] ?? nil == value, "compare --json \(where_)")
          let cell = row[try #require(header.firstIndex(of: key))]
          #expect((cell.isEmpty ? nil : Double(cell)) == value, "sweep.csv \(where_)")
          // runs list prints percent with 2 decimals and ratios with 3, the five metrics after
          // the program's name.
          let shown = listed[listed.lastIndex(of: name)! + 1 + k]
          let expected = value.map { DisplayFormat.fixed($0, key == "sharpe_ratio" ? 3 : 2, grouping: true) } ?? "–"
          #expect(shown == expected, "runs list \(where_) (\(listHeader[k]))")
        }
        // One sign convention: drawdowns and tail losses are negative percent.
        if let drawdown = metrics["max_drawdown_pct"] ?? nil { #expect(drawdown <= 0, "\(scenario) \(name)") }
        if let cvar = metrics["cvar_95_daily_pct"] ?? nil { #expect(cvar < 0 && cvar > -100, "\(scenario) \(name)") }
        if let volatility = metrics["annualised_volatility_pct"] ?? nil {
          #expect(volatility >= 0 && volatility < 500, "\(scenario) \(name): percent, not a decimal")
        }
        checked += 1
      }
    }
    #expect(checked >= 15, "every program of every scenario")
  }
}
