import ArgumentParser
import Experiments
import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

@testable import HedgeLabCLI

/// `hedgelab sweep`, `hedgelab merge` and the progress reporter, in-process on the synthetic
/// HLX history of `Data/` (one year, so the tests stay fast).
@Suite("hedgelab sweep and merge")
struct SweepCommandTests {
  static let scenarioText = """
    name: hlx-put-sweep
    data:
      underlyings: [HLX]
      volatility: { HLX: 0.2 }
      rate: 0.01
    period: { from: 2010-01-04, to: 2010-12-31 }
    portfolio:
      holdings: [ { symbol: HLX, notional: 1000000 } ]
    costs: { option-half-spread: 0.02, contract-fee: 0.65 }
    programs:
      - name: unhedged
        rules: []
      - name: put
        rules:
          - { type: protective-put, strike: 0.95, tenor-days: 30 }
    """
  static let grid = ["--grid", "programs.put.rules[0].strike=0.85:1.00:0.05", "--grid", "programs[1].rules[0].tenor-days=30,61,91"]

  /// A scratch folder with the scenario and a database holding HLX's closes.
  static func folder(_ name: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("hedgelab-sweep-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try scenarioText.write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    let database = try MarketDatabase(path: folder.appendingPathComponent("market.sqlite").path)
    var options = IngestOptions(kind: .price)
    options.symbol = "HLX"
    _ = try database.ingest(file: SharedData.projectRoot.appendingPathComponent("Data/hlx_prices.csv").path, options: options)
    return folder
  }

  static func status(_ arguments: [String]) -> Int32 {
    CommandOutput.run(arguments).status
  }

  @Test("a re-ingested, corrected series reruns the sweep's points and says so; unchanged data resumes them all")
  func staleAfterReingest() throws {
    let scratch = TemporaryFolder()
    let folder = try Self.folder("stale")
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("market.sqlite").path
    let scenario = folder.appendingPathComponent("s.yaml").path
    let sweep = ["sweep", scenario, "--db", db, "--out", scratch.path("out"), "--threads", "1", "--quiet", "--json"] + Self.grid
    func run() throws -> [String: Any] {
      let text = try OneMetricSystemTests.hedgelab(sweep, in: scratch)
      return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
    // Given a finished sweep
    let first = try run()
    #expect(first["ran"] as? Int == 12)
    // When the data are unchanged, every point resumes
    let same = try run()
    #expect(same["ran"] as? Int == 0 && same["resumed"] as? Int == 12)
    #expect((same["rerun"] as? [Any])?.isEmpty == true)
    // When a corrected HLX file is ingested (the last close of 2010 changed)
    let original = try String(
      contentsOf: SharedData.projectRoot.appendingPathComponent("Data/hlx_prices.csv"), encoding: .utf8)
    let line = try #require(original.split(separator: "\n").first { $0.hasPrefix("2010-12-31,") })
    var fields = line.split(separator: ",").map(String.init)
    fields[4] = String(Double(fields[4])! * 1.01)
    let corrected = scratch.write("hlx_prices.csv", original.replacingOccurrences(of: line, with: fields.joined(separator: ",")))
    _ = try OneMetricSystemTests.hedgelab(["ingest", corrected, "--db", db, "--kind", "prices", "--symbol", "HLX"], in: scratch)
    // Then every point reruns, and the output says why
    let text = try OneMetricSystemTests.hedgelab(Array(sweep.dropLast(Self.grid.count + 1)) + Self.grid, in: scratch)
    #expect(text.contains("12 points rerun: close HLX changed since they ran\nran 12 point(s)"))
    // (and again, in JSON, after the original file is ingested back)
    _ = try OneMetricSystemTests.hedgelab(
      ["ingest", SharedData.projectRoot.appendingPathComponent("Data/hlx_prices.csv").path, "--db", db, "--kind", "prices", "--symbol", "HLX"],
      in: scratch)
    let after = try run()
    #expect(after["ran"] as? Int == 12 && after["resumed"] as? Int == 0)
    let rerun = try #require((after["rerun"] as? [[String: Any]])?.first)
    #expect(rerun["reason"] as? String == "close HLX changed since they ran")
    #expect(rerun["points"] as? Int == 12)
  }

  static func copy(_ folder: URL, _ from: String, _ to: String) throws {
    try FileManager.default.copyItem(at: folder.appendingPathComponent(from), to: folder.appendingPathComponent(to))
  }

  @Test("N shards run by the CLI and merged equal one unsharded run, byte for byte")
  func shardsAndMerge() throws {
    let f = try Self.folder("shards")
    try Self.copy(f, "market.sqlite", "whole.sqlite")
    let s = f.appendingPathComponent("s.yaml").path
    #expect(Self.status(["sweep", s, "--db", f.path + "/whole.sqlite", "--out", f.path + "/whole", "--quiet"] + Self.grid) == 0)
    var shardDirs: [String] = []
    for i in 0..<3 {
      let dir = f.path + "/shard-\(i)"
      #expect(Self.status(["sweep", s, "--db", f.path + "/market.sqlite", "--out", dir, "--shard", "\(i)/3", "--threads", "1", "--quiet"] + Self.grid) == 0)
      shardDirs.append(dir)
    }
    #expect(Self.status(["merge", f.path + "/merged"] + shardDirs.reversed()) == 0)
    let whole = try Data(contentsOf: f.appendingPathComponent("whole/sweep.csv"))
    let merged = try Data(contentsOf: f.appendingPathComponent("merged/sweep.csv"))
    #expect(whole == merged)
    #expect(String(decoding: whole, as: UTF8.self).split(separator: "\n").count == 1 + 12 * 2)
    let manifest = try JSONDecoder().decode(SweepManifest.self, from: Data(contentsOf: f.appendingPathComponent("shard-1/shard.json")))
    #expect(manifest.shard == 1 && manifest.shards == 3 && manifest.points == 4 && manifest.finished == 4 && manifest.totalPoints == 12)
    // A missing shard is a data error; a folder without shard files is a missing input.
    #expect(Self.status(["merge", f.path + "/m2", shardDirs[0], shardDirs[2]]) == ExitStatus.dataError)
    #expect(Self.status(["merge", f.path + "/m3", f.path + "/nowhere"]) == ExitStatus.noInput)
  }

  @Test("re-running an interrupted sweep with the same --db runs only the unfinished points")
  func resume() throws {
    let f = try Self.folder("resume")
    try Self.copy(f, "market.sqlite", "fresh.sqlite")
    let s = f.appendingPathComponent("s.yaml").path
    let db = f.path + "/market.sqlite"
    #expect(Self.status(["sweep", s, "--db", db, "--out", f.path + "/a", "--max-points", "5", "--quiet"] + Self.grid) == 0)
    let grid = try SweepGrid(axes: [
      SweepAxis.parse("programs.put.rules[0].strike=0.85:1.00:0.05"), SweepAxis.parse("programs[1].rules[0].tenor-days=30,61,91"),
    ])
    let id = try SweepPlan(scenarioText: Self.scenarioText, file: s, grid: grid).id
    #expect(try ExperimentStore(MarketDatabase(path: db)).finishedSweepPoints(id: id) == Set(0..<5))
    let partial = try String(contentsOf: f.appendingPathComponent("a/sweep.csv"), encoding: .utf8)
    #expect(partial.split(separator: "\n").count == 1 + 5 * 2)
    #expect(Self.status(["sweep", s, "--db", db, "--out", f.path + "/a", "--quiet"] + Self.grid) == 0)
    #expect(Self.status(["sweep", s, "--db", f.path + "/fresh.sqlite", "--out", f.path + "/b", "--quiet", "--threads", "1"] + Self.grid) == 0)
    #expect(try Data(contentsOf: f.appendingPathComponent("a/sweep.csv")) == Data(contentsOf: f.appendingPathComponent("b/sweep.csv")))
    #expect(try ExperimentStore(MarketDatabase(path: db)).finishedSweepPoints(id: id) == Set(0..<12))
  }

  @Test("bad flags exit with 64, an invalid grid point with 65")
  func exitCodes() throws {
    let f = try Self.folder("codes")
    let s = f.appendingPathComponent("s.yaml").path
    let db = ["--db", f.path + "/market.sqlite", "--out", f.path + "/o", "--quiet"]
    #expect(Self.status(["sweep", s] + db + ["--grid", "programs[1].rules[0].strike"]) == ExitStatus.usage)
    #expect(Self.status(["sweep", s] + db + ["--grid", "programs[7].rules[0].strike=0.9"]) == ExitStatus.usage)
    #expect(Self.status(["sweep", s] + db + Self.grid + ["--shard", "3/3"]) == ExitStatus.usage)
    #expect(Self.status(["sweep", s] + db) == ExitStatus.usage)
    #expect(Self.status(["sweep", s] + db + ["--grid", "programs.put.rules[0].strike=0.9,9"]) == ExitStatus.dataError)
    #expect(Self.status(["sweep", s] + db + ["--symbol", "HLX,NOPE"]) == ExitStatus.noInput)
    #expect(Self.status(["sweep", s] + db + ["--symbols", "HLX,NOPE"]) == ExitStatus.noInput, "the old spelling still works")
  }
}

@Suite("Progress reporter")
struct ProgressReporterTests {
  final class Capture {
    var text = ""
    var now = 0.0
  }

  @Test("the mode follows --quiet, the terminal and --progress")
  func modes() {
    #expect(ProgressReporter.mode(progress: false, quiet: true, isTerminal: true) == .silent)
    #expect(ProgressReporter.mode(progress: false, quiet: false, isTerminal: true) == .bar)
    #expect(ProgressReporter.mode(progress: true, quiet: false, isTerminal: false) == .lines(interval: 2))
    #expect(ProgressReporter.mode(progress: false, quiet: false, isTerminal: false) == .silent)
  }

  @Test("plain lines: periodic, with done/total, rate from the first update, and ETA")
  func lines() {
    let c = Capture()
    let p = ProgressReporter(
      label: "sweep", unit: "points", total: 1000, mode: .lines(interval: 2), clock: { c.now }, write: { c.text += $0 })
    p.update(done: 200)  // resumed points: the rate starts here
    c.now = 1
    p.update(done: 300)  // within the interval: no line
    c.now = 2.5
    p.update(done: 450)
    c.now = 5
    p.update(done: 1000)
    p.finish()
    #expect(c.text == """
      sweep: 200/1000 (20 %)
      sweep: 450/1000 (45 %), 100 points/s, ETA 6s
      sweep: 1000/1000 (100 %), 160 points/s, 5s elapsed

      """)
  }

  @Test("the bar redraws one line in place and ends it; silent prints nothing")
  func bar() {
    let c = Capture()
    let p = ProgressReporter(label: "sweep", unit: "points", total: 4, mode: .bar, clock: { c.now }, write: { c.text += $0 })
    p.update(done: 0)
    c.now = 1
    p.update(done: 2)
    p.finish()
    #expect(c.text.hasPrefix("\rsweep [........................] 0/4 (0 %)"))
    #expect(c.text.contains("\rsweep [############............] 2/4 (50 %), 2.0 points/s, ETA 1s"))
    #expect(c.text.hasSuffix("\n") && !c.text.dropLast().contains("\n"))
    let q = Capture()
    let silent = ProgressReporter(label: "x", unit: "y", total: 3, mode: .silent, clock: { q.now }, write: { q.text += $0 })
    silent.update(done: 1)
    silent.finish()
    #expect(q.text.isEmpty)
  }
}
