import Analytics
import ArgumentParser
import Experiments
import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

@testable import HedgeLabCLI

/// `hedgelab compare`, the `--out`/`--html` exports of `run`, `compare` and `demo`, and the
/// atomic file writer, in-process.
@Suite("hedgelab compare and exports")
struct CompareCommandTests {
  static let demoScenario = SharedData.projectRoot.appendingPathComponent("Scenarios/demo.yaml").path

  /// The demo, run once for the suite into a fresh temporary folder (its database is reused).
  static let demoFolder: Result<URL, any Error> = Result {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("hedgelab-compare-tests-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: folder)
    let demo = CommandOutput.run(["demo", "--out", folder.path])
    guard demo.status == 0 else {
      throw CommandFailure("demo failed (\(demo.status)): \(demo.standardError)", exitStatus: demo.status)
    }
    return folder
  }

  static func database() throws -> String {
    try demoFolder.get().appendingPathComponent("demo.sqlite").path
  }

  /// A fresh folder for one test's outputs.
  static func scratch(_ name: String) throws -> URL {
    let url = try demoFolder.get().appendingPathComponent(name, isDirectory: true)
    try? FileManager.default.removeItem(at: url)
    return url
  }

  /// The exit status a command ends with (0 when it succeeds).
  static func status(_ arguments: [String]) -> Int32 {
    CommandOutput.run(arguments).status
  }

  static let exportNames = [
    "summary.csv", "daily.csv", "trades.csv", "scenario.yaml", "report.html", "manifest.json",
  ]

  @Test("demo writes the exports and the report into its folder")
  func demoWritesReports() throws {
    let folder = try Self.demoFolder.get()
    for name in Self.exportNames {
      #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "\(name)")
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
    #expect(leftovers.isEmpty, "no temporary files left: \(leftovers)")
  }

  @Test("compare --out and --html write every file; scenario.yaml re-runs; --json parses")
  func compareWritesExports() throws {
    let out = try Self.scratch("compare-out")
    let html = out.appendingPathComponent("nested/report-copy.html").path
    let db = try Self.database()
    #expect(
      Self.status(["compare", Self.demoScenario, "--db", db, "--from", "2016-01-01", "--to", "2016-12-31", "--out", out.path, "--html", html]) == 0)
    for name in Self.exportNames {
      #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
    }
    #expect(
      try String(contentsOfFile: html, encoding: .utf8)
        == String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8))
    let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
    #expect(manifest.contains("\"generated\": \""))
    #expect(manifest.contains("\"database\": \"\(db)\""))
    // The resolved scenario runs as it is, from its own folder.
    let resolved = out.appendingPathComponent("scenario.yaml").path
    #expect(Self.status(["run", resolved]) == 0)
    let scenario = try ScenarioRunner.loadScenario(at: resolved)
    #expect(scenario.period.from == Day(iso: "2016-01-01"))
    // Encoded from the value as run: everything but the period and the database is the file's.
    var asRun = try ScenarioRunner.loadScenario(at: Self.demoScenario)
    (asRun.period, asRun.data.database, asRun.origin) = (scenario.period, db, scenario.origin)
    #expect(scenario == asRun)
    #expect(Self.status(["compare", Self.demoScenario, "--db", db, "--json", "--programs", "collar-95-110"]) == 0)
  }

  @Test("--program always includes the baseline, first; unknown names are usage errors")
  func programSelection() throws {
    let scenario = try ScenarioRunner.loadScenario(at: Self.demoScenario)
    #expect(try ScenarioRun.select(["collar-95-110"], in: scenario, includeBaseline: true) == ["unhedged", "collar-95-110"])
    #expect(try ScenarioRun.select(nil, in: scenario, includeBaseline: true) == nil)
    #expect(Vocabulary.names([" a, b ,,c ", "d"]) == ["a", "b", "c", "d"])
    let db = try Self.database()
    #expect(Self.status(["compare", Self.demoScenario, "--db", db, "--programs", "colar-95-110"]) == 64)
    #expect(Self.status(["compare", Self.demoScenario, "--db", db, "--program", ","]) == 64)
    #expect(Self.status(["compare", Self.demoScenario, "--db", db, "--from", "2016-02-30"]) == 64)
  }

  @Test("exit statuses: 66 missing scenario or database, 73 unwritable output")
  func exitStatuses() throws {
    let db = try Self.database()
    let folder = try Self.demoFolder.get()
    #expect(Self.status(["compare", folder.appendingPathComponent("absent.yaml").path, "--db", db]) == 66)
    #expect(Self.status(["compare", Self.demoScenario, "--db", folder.appendingPathComponent("absent.sqlite").path]) == 66)
    // --out names an existing file, not a folder.
    let file = folder.appendingPathComponent("a-file")
    try "x".write(to: file, atomically: true, encoding: .utf8)
    #expect(Self.status(["compare", Self.demoScenario, "--db", db, "--from", "2016-01-01", "--to", "2016-03-31", "--out", file.path]) == 73)
    #expect(Self.status(["run", Self.demoScenario, "--db", db, "--from", "2016-01-01", "--to", "2016-03-31", "--html", folder.path]) == 73)
  }

  @Test("run --out writes the same exports as compare for the same programs")
  func runWritesExports() throws {
    let db = try Self.database()
    let a = try Self.scratch("run-out")
    let b = try Self.scratch("compare-out-2")
    let period = ["--from", "2016-01-01", "--to", "2016-06-30"]
    #expect(Self.status(["run", Self.demoScenario, "--db", db, "--out", a.path] + period) == 0)
    #expect(Self.status(["compare", Self.demoScenario, "--db", db, "--out", b.path] + period) == 0)
    for name in ["summary.csv", "daily.csv", "trades.csv", "report.html", "scenario.yaml"] {
      let x = try String(contentsOf: a.appendingPathComponent(name), encoding: .utf8)
      let y = try String(contentsOf: b.appendingPathComponent(name), encoding: .utf8)
      #expect(x == y, "\(name)")
    }
  }

  @Test("the writer replaces a file atomically and leaves no temporary file")
  func atomicWrite() throws {
    let folder = try Self.scratch("atomic")
    let path = folder.appendingPathComponent("deep/file.txt").path
    try OutputWriter.write("first", to: path)
    try OutputWriter.write("second", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("deep").path)
    #expect(names == ["file.txt"])
    #expect(throws: CommandFailure.self) { try OutputWriter.write("x", to: folder.path) }
  }
}
