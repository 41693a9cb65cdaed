import ArgumentParser
import Analytics
import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

@testable import HedgeLabCLI

/// `hedgelab run` on a scenario with a `paths:` section, in-process.
@Suite("hedgelab run with paths")
struct RunPathsCommandTests {
  static let yaml = """
    name: cli-paths
    data:
      underlyings: [IDX]
      rate: 0.02
    portfolio:
      cash: 100000
    programs:
      - name: short-call
        rules:
          - &call { type: options, notional: 100000, tenor-days: 30, legs: [ { kind: call, strike: 1.0, ratio: -1 } ] }
      - name: short-call-delta
        rules:
          - *call
          - { type: delta, every-days: 1 }
    paths:
      model: gbm
      parameters: { volatility: 0.2 }
      count: 200
      horizon-days: 40
      seed: 5
      implied-volatility: 0.2
    """

  /// `text` written to a fresh temporary scenario file.
  static func file(_ text: String, _ name: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("hedgelab-paths-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  /// The exit status a command ends with (0 when it succeeds).
  static func status(_ arguments: [String]) -> Int32 {
    CommandOutput.run(arguments).status
  }

  @Test("a path scenario runs without a database, as a table and as JSON")
  func runsWithoutDatabase() throws {
    let path = try Self.file(Self.yaml, "cli-paths.yaml")
    #expect(Self.status(["run", path]) == 0)
    #expect(Self.status(["run", path, "--json", "--program", "short-call-delta"]) == 0)
  }

  @Test("the report lists each distribution and the paired differences against the first program")
  func reportContents() throws {
    let scenario = try ScenarioLoader.load(yaml: Self.yaml, file: "cli-paths.yaml")
    let result = try PathSetRunner.run(scenario, history: nil, threads: 2, resamples: 300, hedgingError: HedgingError.pathMeasure)
    let table = PathReport.table(result)
    #expect(table.hasPrefix("cli-paths: 200 gbm paths of IDX, 40 steps each (252 a year), seed 5, synthetic days 2000-01-03 to 2000-03-02\n"))
    for heading in ["\nfinal P&L (", "\nhedging error (", "\ncosts (", "\npaired differences, program - short-call on the same paths"] {
      #expect(table.contains(heading), "\(heading)")
    }
    // One row in each of the three distributions and one per metric in the differences.
    #expect(table.components(separatedBy: "\nshort-call-delta ").count == 7)
    let json = PathReport.json(result)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["paths"] as? Int == 200)
    #expect(object["steps"] as? Int == 40)
    let programs = try #require(object["programs"] as? [[String: Any]])
    #expect(programs.map { $0["name"] as? String } == ["short-call", "short-call-delta"])
    let pnl = try #require(programs[1]["final_pnl"] as? [String: Any])
    #expect(Set(pnl.keys) == ["mean", "std", "min", "max", "p1", "p5", "p50", "p95", "p99", "expected_shortfall_95"])
    // JSON text round-trips a double to within an ulp or so.
    func same(_ value: Any?, _ expected: Double) -> Bool {
      guard let value = value as? Double else { return false }
      return abs(value - expected) <= 1e-13 * max(1, abs(expected))
    }
    #expect(same(pnl["mean"], result.programs[1].profitAndLossSummary.mean))
    #expect(same(pnl["expected_shortfall_95"], result.programs[1].profitAndLossSummary.lowerTailMean))
    let comparisons = try #require(object["comparisons"] as? [[String: Any]])
    #expect(comparisons.count == 1)
    let difference = try #require(comparisons[0]["final_pnl"] as? [String: Any])
    #expect(same(difference["mean_difference"], result.comparisons[0].profitAndLoss.meanDifference))
    #expect(same(difference["ci_low"], result.comparisons[0].profitAndLoss.lowerBound))
    // Delta hedging a short call shrinks the spread of its P&L and the daily hedging error.
    #expect(result.programs[1].profitAndLossSummary.standardDeviation < 0.5 * result.programs[0].profitAndLossSummary.standardDeviation)
    #expect(result.comparisons[0].hedgingError.upperBound < 0)
  }

  @Test("flags that a path scenario cannot use are usage errors that say why")
  func unusableFlags() throws {
    let path = try Self.file(Self.yaml, "cli-paths-flags.yaml")
    let spec = try #require(try ScenarioLoader.load(yaml: Self.yaml, file: path).paths)
    func problem(_ arguments: [String]) throws -> String? {
      let command = try #require(try HedgeLab.parseAsRoot(["run", path] + arguments) as? HedgeLab.Run)
      return command.pathFlagProblem(spec).map { "\($0.exitStatus): \($0.message)" }
    }
    #expect(try problem(["--json", "--program", "short-call"]) == nil)
    #expect(try problem(["--out", "/tmp/never"]) == nil)
    #expect(
      try problem(["--html", "/tmp/never.html"])
        == "64: --html reports one history, and \(path) runs simulated paths (paths:); write the per-path results and the distributions with --out DIR instead")
    #expect(
      try problem(["--shard", "0/3"])
        == "64: --shard 0/3 writes the shard's per-path rows for 'hedgelab merge', and there is no --out; add --out DIR")
    #expect(
      try problem(["--from", "2010-01-04"])
        == "64: --from and --to choose the history a bootstrap resamples, and the paths of \(path) come from the gbm model; remove them (the length is paths.horizon-years or horizon-days)")
    #expect(Self.status(["run", path, "--html", "/tmp/never.html"]) == 64)
  }

  @Test("a bootstrap without a database exits 66 (no --db, no data.database, no market.sqlite here)")
  func bootstrapNeedsDatabase() throws {
    let text = Self.yaml
      .replacingOccurrences(of: "model: gbm\n  parameters: { volatility: 0.2 }", with: "model: bootstrap\n  parameters: { block-length: 5 }")
    let path = try Self.file(text, "cli-paths-bootstrap.yaml")
    if !FileManager.default.fileExists(atPath: "market.sqlite") {
      #expect(Self.status(["run", path]) == 66)
    }
    #expect(Self.status(["run", path, "--db", path + ".missing.sqlite"]) == 66)
  }

  @Test("a scenario error in paths: exits 65")
  func scenarioError() throws {
    let path = try Self.file(Self.yaml.replacingOccurrences(of: "count: 200", with: "cuont: 200"), "cli-paths-bad.yaml")
    #expect(Self.status(["run", path]) == 65)
  }

  @Test("the bundled Monte Carlo scenarios load as path scenarios")
  func bundledScenarios() throws {
    let folder = SharedData.projectRoot.appendingPathComponent("Scenarios")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasPrefix("montecarlo-") && $0.hasSuffix(".yaml") }.sorted()
    #expect(names.count >= 2)
    for name in names {
      let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      let scenario = try ScenarioLoader.load(yaml: text, file: name)
      #expect(scenario.paths?.count == 2000, "\(name)")
      #expect(scenario.data.database == nil, "\(name)")
    }
  }
}
