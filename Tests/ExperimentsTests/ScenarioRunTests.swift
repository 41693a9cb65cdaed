import Foundation
import MarketData
import Simulation
import Testing

@testable import Experiments

/// One `ScenarioRun` per command: the scenario file is read once, and its text and hash are
/// carried into everything built from the run (the recorded run, the exports).
@Suite("Scenario runs: built once from one read of the scenario")
struct ScenarioRunTests {
  /// The demo market (two years of the seeded sample data) in a fresh database file, and the
  /// demo scenario beside it.
  static func demo() throws -> (folder: URL, database: MarketDatabase, scenario: String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let database = try MarketDatabase(path: folder.appendingPathComponent("demo.sqlite").path)
    for file in SyntheticMarket.files(seed: DemoData.seed, years: 2) {
      try Data(file.contents.utf8).write(to: folder.appendingPathComponent(file.name))
    }
    for (name, options) in DemoData.ingestOptions {
      _ = try database.ingest(file: folder.appendingPathComponent(name).path, options: options)
    }
    let scenario = folder.appendingPathComponent("demo.yaml").path
    try Data(DemoData.scenarioYAML.utf8).write(to: URL(fileURLWithPath: scenario))
    return (folder, database, scenario)
  }

  /// A reader that counts the reads of each path.
  final class CountingReader: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    func reads(of path: String) -> Int { lock.withLock { counts[path, default: 0] } }
    var reader: ScenarioSource.Reader {
      { path, limit throws(IngestError) in
        self.lock.withLock { self.counts[path, default: 0] += 1 }
        return try InputFile.bytes(at: path, limit: limit)
      }
    }
  }

  @Test("the file is read once; the run, its record and its hashes carry that text")
  func readOnce() throws {
    let demo = try Self.demo()
    defer { try? FileManager.default.removeItem(at: demo.folder) }
    let counter = CountingReader()
    // When a scenario is run, compared and recorded
    let source = try ScenarioSource.read(demo.scenario, reader: counter.reader)
    let run = try ScenarioRun.build(
      ScenarioRun.Request(
        source: source, database: .opened(demo.database, path: demo.database.path),
        overrides: [.period(from: Day(iso: "2010-03-01"), to: nil)], programs: ["collar-95-110"],
        includeBaseline: true, compare: true))
    let record = try #require(
      run.record(command: "test", codeVersion: "test", startedAt: "2026-12-04T00:00:00Z", programs: []))
    // Then the file was read once
    #expect(counter.reads(of: demo.scenario) == 1)
    // and the text, its SHA-256 and the data hashes are those of that one read
    let text = try String(contentsOfFile: demo.scenario, encoding: .utf8)
    #expect(run.source.text == text && record.scenarioText == text)
    #expect(record.scenarioSha256 == SHA256.hex(of: Array(text.utf8)) && record.scenarioSha256 == run.source.sha256)
    #expect(record.dataHashes == run.tape.seriesHashes && !record.dataHashes.isEmpty)
    // with the overrides and the selection (baseline first) applied to the decoded value
    #expect(run.scenario.period.from == Day(iso: "2010-03-01"))
    #expect(record.periodFrom == run.tape.days.first && run.tape.days.first! >= Day(iso: "2010-03-01")!)
    #expect(run.selection == ["unhedged", "collar-95-110"])
    #expect(run.result?.programs.map(\.name) == ["unhedged", "collar-95-110"])
    #expect(run.comparison != nil)
  }

  @Test("a recorded run re-runs from its stored text and refuses changed data by name")
  func rerunChecksData() throws {
    let demo = try Self.demo()
    defer { try? FileManager.default.removeItem(at: demo.folder) }
    let store = try ExperimentStore(demo.database)
    let run = try ScenarioRun.build(
      ScenarioRun.Request(
        source: try ScenarioSource.read(demo.scenario), database: .opened(demo.database, path: demo.database.path)))
    let id = try store.record(
      try #require(
        run.record(
          command: "test", codeVersion: "test", startedAt: "2026-12-04T00:00:00Z",
          programs: RecordedMetrics.of(.init(result: run.result!, tape: run.tape), result: run.result!))))
    let record = try #require(try store.recordedRun(id: id))
    // The file is gone: the re-run needs only the record.
    try FileManager.default.removeItem(atPath: demo.scenario)
    let replay = try ScenarioRun.build(.rerun(record, database: demo.database, path: demo.database.path, allowChangedData: false))
    #expect(replay.replayWarnings(of: record, codeVersion: "test").isEmpty)
    #expect(replay.result?.programs.map(\.summary.finalValue) == run.result?.programs.map(\.summary.finalValue))
    // One close changes: the re-run names the series.
    try demo.database.writer.write { db in
      try db.execute(sql: "UPDATE priceBar SET close = close * 1.01 WHERE symbol = 'HLX' AND day = ?", arguments: [run.tape.days[10].description])
    }
    #expect(throws: ExperimentError.recordedDataChanged(runID: id, scenarioFile: demo.scenario, changes: ["close HLX (values changed)"])) {
      try ScenarioRun.build(.rerun(record, database: demo.database, path: demo.database.path, allowChangedData: false))
    }
  }

  @Test("programs and databases are checked with messages that say what to do")
  func selectionAndDatabase() throws {
    let scenario = try ScenarioSource(file: "demo.yaml", text: DemoData.scenarioYAML).decode()
    #expect(throws: ExperimentError.unknownProgram(name: "colar-95-110", available: scenario.programs.map(\.name))) {
      try ScenarioRun.select(["colar-95-110"], in: scenario)
    }
    #expect(
      ExperimentError.unknownProgram(name: "colar-95-110", available: scenario.programs.map(\.name)).description
        .hasSuffix("did you mean 'collar-95-110'?"))
    #expect(try ScenarioRun.select([], in: scenario) == nil)
    // data.database resolves against the scenario file's folder
    #expect(
      try ScenarioRun.databasePath(.resolve(flag: nil, defaultDatabase: "x.sqlite"), scenario: scenario, scenarioFile: "/a/b/demo.yaml")
        == "/a/hlx.sqlite")
    #expect(
      try ScenarioRun.databasePath(.resolve(flag: "m.sqlite", defaultDatabase: "x.sqlite"), scenario: scenario, scenarioFile: "/a/b/demo.yaml")
        == "m.sqlite")
  }
}
