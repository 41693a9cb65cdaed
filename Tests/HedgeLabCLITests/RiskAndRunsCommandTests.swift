import Analytics
import ArgumentParser
import Experiments
import Foundation
import GRDB
import HedgeLabTestSupport
import Simulation
import Testing

@testable import HedgeLabCLI
@testable import MarketData

/// `hedgelab risk`, `hedgelab runs list`, `hedgelab report` and run recording, in-process, on
/// two years of the demo's generated HLX history in a fresh database.
@Suite("hedgelab risk, runs and report", .serialized)
struct RiskAndRunsCommandTests {
  struct Setup {
    var folder: URL
    var db: String
    var scenario: String
  }

  static let setup: Result<Setup, any Error> = Result {
    let made = try smallDemo(named: "hedgelab-risk-runs")
    return Setup(folder: made.folder, db: made.db, scenario: made.scenario)
  }

  static func status(_ arguments: [String]) -> Int32 {
    CommandOutput.run(arguments).status
  }

  static func tape(_ s: Setup) throws -> (Scenario, MarketTape) {
    let scenario = try ScenarioRunner.loadScenario(at: s.scenario)
    return (scenario, try MarketTape.load(scenario, from: MarketDatabase.open(existingAt: s.db)))
  }

  @Test("risk: a weekend date uses the Friday before; the grid has the requested shape")
  func riskSnapshot() throws {
    let s = try Self.setup.get()
    let (scenario, tape) = try Self.tape(s)
    let saturday = try #require(tape.days.first { $0.weekday == 5 && $0 > tape.days[200] }) + 1
    #expect(
      Self.status([
        "risk", s.scenario, "--db", s.db, "--date", saturday.description, "--program", "protective-put-95",
        "--spot-moves", "-20:20:10", "--vol-shifts", "-5,0,10",
      ]) == 0)
    let spec = RiskGridSpec(spotMoves: [-0.2, -0.1, 0, 0.1, 0.2], volatilityShifts: [-0.05, 0, 0.1])
    let snapshot = try Backtest(scenario: scenario, tape: tape)
      .riskSnapshot(program: "protective-put-95", on: saturday, grid: spec)
    #expect(snapshot.day == saturday - 1)
    let text = RiskText.text([snapshot], scenario: "demo", requested: saturday)
    #expect(text.hasPrefix("note: \(saturday) is not a trading day of the run; using the last trading day before it, \(saturday - 1)\n"))
    #expect(text.contains("\n  -20.0 %  "))
    #expect(
      text.split(separator: "\n").contains { $0.hasPrefix("  put ") && $0.contains(" HLX ") },
      "the protective put is listed")
    // The hedged book loses less on a 20 % fall than the holding's 20 %.
    #expect(-snapshot.grid.pnl[0][1] < 0.2 * snapshot.underlyings[0].units * snapshot.underlyings[0].spot)
    let json = RiskText.json([snapshot], scenario: "demo", requested: saturday)
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let program = (object?["programs"] as? [[String: Any]])?.first
    #expect((program?["pnl_grid"] as? [[Double]])?.count == 5)
    #expect(program?["spot_moves_pct"] as? [Double] == [-20, -10, 0, 10, 20])
  }

  @Test("risk: flag parsing and refusals (64)")
  func riskRefusals() throws {
    let s = try Self.setup.get()
    #expect(try HedgeLab.Risk.levels("-30:30:5", flag: "--spot-moves", bounds: -99...1000).count == 13)
    #expect(try HedgeLab.Risk.levels("10, -10,0", flag: "--vol-shifts", bounds: -100...500) == [-10, 0, 10])
    #expect(Self.status(["risk", s.scenario, "--db", s.db, "--date", "1999-01-04"]) == 64)
    #expect(Self.status(["risk", s.scenario, "--db", s.db, "--date", "2030-01-04"]) == 64)
    #expect(Self.status(["risk", s.scenario, "--db", s.db, "--date", "2021-02-30"]) == 64)
    #expect(Self.status(["risk", s.scenario, "--db", s.db, "--date", "2021-03-01", "--spot-moves", "5:-5:1"]) == 64)
    #expect(Self.status(["risk", s.scenario, "--db", s.db, "--date", "2021-03-01", "--program", "colar"]) == 64)
    let message = RiskError.dateOutsidePeriod(
      date: Day(iso: "1999-01-04")!, first: Day(iso: "2015-01-02")!, last: Day(iso: "2016-12-30")!
    ).description
    #expect(message.contains("within the backtest period 2015-01-02 to 2016-12-30"))
  }

  @Test("run and compare record runs (not with --no-record); runs list shows them")
  func recordingAndList() throws {
    let s = try Self.setup.get()
    let database = try ExperimentStore(MarketDatabase.open(existingAt: s.db))
    let before = try database.recordedRuns().count
    #expect(Self.status(["run", s.scenario, "--db", s.db, "--margin"]) == 0)
    #expect(Self.status(["run", s.scenario, "--db", s.db, "--no-record"]) == 0)
    #expect(Self.status(["compare", s.scenario, "--db", s.db, "--programs", "collar-95-110"]) == 0)
    let runs = try database.recordedRuns()
    #expect(runs.count == before + 2)
    let run = runs[runs.count - 2]
    let compare = runs[runs.count - 1]
    #expect(run.programs.map(\.program) == ["unhedged", "protective-put-95", "collar-95-110", "put-spread-95-80", "delta-hedged"])
    #expect(run.command == "hedgelab run \(s.scenario) --db \(s.db) --margin")
    #expect(run.scenarioText == DemoData.scenarioYAML)
    #expect(run.scenarioSha256 == SHA256.hex(of: Array(DemoData.scenarioYAML.utf8)))
    #expect(run.programSelection == nil)
    #expect(compare.programSelection == ["unhedged", "collar-95-110"])
    #expect(compare.programs.map(\.program) == ["unhedged", "collar-95-110"])
    // Headline metrics: the unhedged holding's margin is 15 % of the holding (HLX is margined
    // as an index), which is its whole value: with `financing: holdings` the dividends are
    // reinvested (`dividends: reinvest` by default), so no cash builds up.
    let unhedged = run.programs[0]
    let unhedgedMargin = try #require(unhedged.value("average_margin"))
    #expect(unhedgedMargin > 0)
    #expect(try isClose(#require(unhedged.value("average_margin_pct_of_value")), 15, relative: 1e-9))
    #expect(try #require(run.programs[2].value("average_margin")) < unhedgedMargin)
    #expect(try #require(compare.programs[1].value("return_on_margin_pct")).isFinite)
    #expect(compare.programs[1].metrics.count > 20, "compare records its whole table")
    // The data hashes are those of manifest.json.
    let (scenario, tape) = try Self.tape(s)
    let result = Backtest(scenario: scenario, tape: tape).run()
    let comparison = try ScenarioComparison(result: result, scenario: scenario, tape: tape)
    #expect(
      run.dataHashes.map { [$0.series, String($0.observations), $0.sha256] }
        == RunExport.seriesHashes(comparison).map { [$0.series, String($0.observations), $0.sha256] })
    // The listing: a header, then one line per program.
    let list = RunRecorder.list(runs, database: s.db)
    let lines = list.split(separator: "\n")
    #expect(lines[0].hasPrefix("id  started (UTC)"))
    #expect(lines.count == 1 + runs.reduce(0) { $0 + $1.programs.count })
    #expect(lines.contains { $0.hasPrefix(String(run.id) + "  ") && $0.contains(s.scenario) && $0.contains("unhedged") })
    #expect(Self.status(["runs", "list", "--db", s.db]) == 0)
    #expect(RunRecorder.list([], database: "x.sqlite").hasPrefix("no runs recorded in x.sqlite"))
  }

  @Test("report re-runs a recorded run; it refuses changed data unless --allow-changed-data")
  func reportAndChangedData() throws {
    let s = try Self.setup.get()
    // A copy of the database, so the other tests keep the original data.
    let copy = s.folder.appendingPathComponent("changed.sqlite").path
    try? FileManager.default.removeItem(atPath: copy)
    try MarketDatabase.open(existingAt: s.db).writer.backup(to: DatabaseQueue(path: copy))
    #expect(Self.status(["run", s.scenario, "--db", copy, "--program", "protective-put-95"]) == 0)
    let store = try ExperimentStore(MarketDatabase.open(existingAt: copy))
    let database = store.database
    let id = try #require(try store.recordedRuns().last?.id)
    let html = s.folder.appendingPathComponent("report-\(id).html")
    let out = s.folder.appendingPathComponent("out-\(id)")
    #expect(Self.status(["report", String(id), "--db", copy, "--html", html.path, "--out", out.path]) == 0)
    let page = try String(contentsOf: html, encoding: .utf8)
    #expect(page.contains("protective-put-95"))
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("summary.csv").path))
    // Re-running gives the recorded results (deterministic engine, same data).
    let record = try #require(try store.recordedRun(id: id))
    func rerun(allowChangedData: Bool) throws -> ScenarioRun {
      try ScenarioRun.build(.rerun(record, database: database, path: copy, allowChangedData: allowChangedData))
    }
    let outcome = try rerun(allowChangedData: false)
    #expect(outcome.warnings.isEmpty && outcome.replayWarnings(of: record, codeVersion: HedgeLab.version).isEmpty)
    #expect(outcome.result!.programs.map(\.summary.finalValue) == record.programs.map { $0.value("final_value") })
    // The scenario text and its hash are carried from the record, not read from a file.
    #expect(outcome.source.text == record.scenarioText && outcome.source.sha256 == record.scenarioSha256)

    // One close changes: the report names the series and refuses (65).
    let (_, tape) = try Self.tape(s)
    let day = tape.days[tape.count / 2]
    try database.writer.write { db in
      try db.execute(
        sql: "UPDATE priceBar SET close = close * 1.01 WHERE symbol = 'HLX' AND day = ?", arguments: [day.description])
    }
    #expect(throws: ExperimentError.self) { try rerun(allowChangedData: false) }
    do {
      _ = try rerun(allowChangedData: false)
    } catch let failure as ExperimentError {
      #expect(failure.exitStatus == 65)
      #expect(failure.description.contains("close HLX (values changed)"))
      #expect(failure.description.contains("--allow-changed-data"))
    }
    #expect(Self.status(["report", String(id), "--db", copy, "--html", html.path]) == 65)
    #expect(Self.status(["report", String(id), "--db", copy, "--html", html.path, "--allow-changed-data"]) == 0)
    let changed = try rerun(allowChangedData: true)
    #expect(changed.warnings.contains { $0.contains("close HLX (values changed)") })
    // Unknown run (66); without --html/--out the table is printed, after the same data check.
    #expect(Self.status(["report", "9999", "--db", copy, "--html", html.path]) == 66)
    #expect(Self.status(["report", String(id), "--db", copy]) == 65)
    #expect(Self.status(["report", String(id), "--db", copy, "--allow-changed-data"]) == 0)
  }
}
