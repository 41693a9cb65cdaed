import Analytics
import ArgumentParser
import Experiments
import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

@testable import HedgeLabCLI

/// `hedgelab run` and `hedgelab demo`, in-process.
@Suite("hedgelab run and demo")
struct RunCommandTests {
  static let scenarios = SharedData.projectRoot.appendingPathComponent("Scenarios")

  /// The demo, run once for the suite into a fresh temporary folder.
  static let demoFolder: Result<URL, any Error> = Result {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("hedgelab-run-tests-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: folder)
    let demo = CommandOutput.run(["demo", "--out", folder.path])
    guard demo.status == 0 else {
      throw CommandFailure("demo failed (\(demo.status)): \(demo.standardError)", exitStatus: demo.status)
    }
    // What the demo printed, for the tests of its text.
    try demo.standardOutput.write(to: folder.appendingPathComponent("demo-output.txt"), atomically: true, encoding: .utf8)
    return folder
  }

  /// The exit status a command ends with (0 when it succeeds).
  static func status(_ arguments: [String]) -> Int32 {
    CommandOutput.run(arguments).status
  }

  @Test("the demo's embedded scenario is Scenarios/demo.yaml, byte for byte")
  func embeddedDemoScenario() throws {
    let file = try String(contentsOf: Self.scenarios.appendingPathComponent("demo.yaml"), encoding: .utf8)
    #expect(file == DemoData.scenarioYAML)
  }

  @Test("the demo regenerates exactly the sample files of Data/")
  func demoDataMatchesDataFolder() throws {
    let folder = SharedData.projectRoot.appendingPathComponent("Data")
    for file in SyntheticMarket.files(seed: DemoData.seed, years: DemoData.years) {
      let stored = try String(contentsOf: folder.appendingPathComponent(file.name), encoding: .utf8)
      #expect(stored == file.contents, "Data/\(file.name)")
    }
  }

  @Test("every bundled scenario is valid")
  func bundledScenariosParse() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.scenarios.path)
      .filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(files.count >= 6)
    for name in files {
      let text = try String(contentsOf: Self.scenarios.appendingPathComponent(name), encoding: .utf8)
      #expect(throws: Never.self, "\(name)") { try ScenarioLoader.load(yaml: text, file: name) }
    }
  }

  @Test("demo needs no set-up: it builds its database and writes daily.csv and trades.csv")
  func demoWritesOutputs() throws {
    let folder = try Self.demoFolder.get()
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("demo.sqlite").path))
    let daily = try String(contentsOf: folder.appendingPathComponent("daily.csv"), encoding: .utf8)
    let lines = daily.split(separator: "\n")
    // Long format (CSVExport.daily): one row per program and day.
    #expect(lines.first?.hasPrefix("date,program,value,return,spot_HLX,implied_volatility_HLX,") == true)
    #expect(lines.count > 3000, "twelve years of weekdays")
    let trades = try String(contentsOf: folder.appendingPathComponent("trades.csv"), encoding: .utf8)
    #expect(trades.contains(",protective-put-95,HLX put "))
    #expect(trades.contains(",expiry\n"))
    #expect(trades.contains(",financing\n"))
  }

  @Test("demo's rerun hint names the scenario.yaml it wrote, and that command works from any folder")
  func demoRerunHint() throws {
    let folder = try Self.demoFolder.get()
    let printed = try String(contentsOf: folder.appendingPathComponent("demo-output.txt"), encoding: .utf8)
    let written = folder.appendingPathComponent("scenario.yaml").path
    #expect(printed.contains("hedgelab run \(written)\n"), "\(printed)")
    #expect(!printed.contains("hedgelab run Scenarios/demo.yaml"))
    // The hint as printed: no --db, no repository-relative path.
    #expect(Self.status(["run", written, "--no-record"]) == 0)
  }

  @Test("run on the demo database: all programs, one program, JSON, and determinism")
  func runOnDemoDatabase() throws {
    let folder = try Self.demoFolder.get()
    let db = folder.appendingPathComponent("demo.sqlite").path
    let path = Self.scenarios.appendingPathComponent("demo.yaml").path
    #expect(Self.status(["run", path, "--db", db]) == 0)
    #expect(Self.status(["run", path, "--db", db, "--program", "collar-95-110", "--json"]) == 0)

    let scenario = try ScenarioRunner.loadScenario(at: path)
    let tape = try MarketTape.load(scenario, from: MarketDatabase.open(existingAt: db))
    let all = Backtest(scenario: scenario, tape: tape).run()
    let one = Backtest(scenario: scenario, tape: tape).run(programs: ["collar-95-110"])
    #expect(one.programs == [all.programs[2]])
    let json = RunSummary(result: all, tape: tape).jsonValue.text()
    #expect(json == RunSummary(result: Backtest(scenario: scenario, tape: tape).run(), tape: tape).jsonValue.text())
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let programs = object?["programs"] as? [[String: Any]]
    #expect(programs?.map { $0["name"] as? String } == scenario.programs.map(\.name))
    #expect(programs?.allSatisfy { $0["final_value"] is Double && ($0["max_drawdown_pct"] as? Double ?? 1) <= 0 } == true)
    let table = RunSummary(result: all, tape: tape).text
    #expect(table.split(separator: "\n").count == 2 + scenario.programs.count)
    // The unhedged holding pays no costs; every hedge does.
    #expect(all.programs[0].summary.totalCosts == 0)
    #expect(all.programs.dropFirst().allSatisfy { $0.summary.totalCosts > 0 })
  }

  @Test("--from and --to restrict the period")
  func periodOverride() throws {
    let folder = try Self.demoFolder.get()
    let db = folder.appendingPathComponent("demo.sqlite").path
    let path = Self.scenarios.appendingPathComponent("demo.yaml").path
    var scenario = try ScenarioRunner.loadScenario(at: path)
    scenario.period = Period(from: Day(iso: "2015-01-05"), to: Day(iso: "2015-12-31"))
    let tape = try MarketTape.load(scenario, from: MarketDatabase.open(existingAt: db))
    #expect(tape.days.first == Day(iso: "2015-01-05"))
    #expect(tape.days.last == Day(iso: "2015-12-31"))
    #expect(Self.status(["run", path, "--db", db, "--from", "2015-01-05", "--to", "2015-12-31"]) == 0)
  }

  @Test("exit statuses: 64 bad flags, 65 bad scenario, 66 missing scenario, database or series")
  func exitStatuses() throws {
    let folder = try Self.demoFolder.get()
    let db = folder.appendingPathComponent("demo.sqlite").path
    let demo = Self.scenarios.appendingPathComponent("demo.yaml").path
    #expect(Self.status(["run", demo, "--db", db, "--from", "2015-13-01"]) == 64)
    #expect(Self.status(["run", demo, "--db", db, "--from", "2016-01-04", "--to", "2015-01-05"]) == 64)
    #expect(Self.status(["run", demo, "--db", db, "--program", "colar-95-110"]) == 64)
    #expect(Self.status(["run", folder.appendingPathComponent("absent.yaml").path, "--db", db]) == 66)
    #expect(Self.status(["run", demo, "--db", folder.appendingPathComponent("absent.sqlite").path]) == 66)

    let bad = folder.appendingPathComponent("bad.yaml")
    try DemoData.scenarioYAML.replacingOccurrences(of: "strike: 0.95, tenor-days: 30 }", with: "strike: 9.5, tenor-days: 30 }")
      .write(to: bad, atomically: true, encoding: .utf8)
    #expect(Self.status(["run", bad.path, "--db", db]) == 65)

    let unknown = folder.appendingPathComponent("unknown.yaml")
    try DemoData.scenarioYAML.replacingOccurrences(of: "rate: HL3M", with: "rate: GS3M")
      .write(to: unknown, atomically: true, encoding: .utf8)
    #expect(Self.status(["run", unknown.path, "--db", db]) == 66)
  }

  @Test("the scenario error messages name the file given on the command line")
  func scenarioErrorNamesFile() throws {
    let folder = try Self.demoFolder.get()
    let bad = folder.appendingPathComponent("typo.yaml")
    try DemoData.scenarioYAML.replacingOccurrences(of: "call-strike: 1.10", with: "call-strik: 1.10")
      .write(to: bad, atomically: true, encoding: .utf8)
    do {
      _ = try ScenarioRunner.loadScenario(at: bad.path)
      Issue.record("a misspelt key must be rejected")
    } catch let error as ScenarioError {
      #expect(error.description.hasPrefix("\(bad.path):42: programs[2].rules[0].call-strik is not a known key; did you mean 'call-strike'?"))
      #expect(error.exitStatus == 65)
    }
  }
}
