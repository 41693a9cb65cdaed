import ArgumentParser
import Experiments
import Foundation
import Simulation
import Testing

@testable import HedgeLabCLI

/// `hedgelab run PATH_SCENARIO --shard I/N --out DIR` and `hedgelab merge` of path shards,
/// in-process (issue 6 item 5: N shards merged equal one run byte for byte).
@Suite("hedgelab run --shard and merge for path scenarios")
struct PathShardCommandTests {
  /// 60 GBM paths of 60 steps: a short call, alone and delta hedged daily.
  static let yaml = """
    name: shard-paths
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
      count: 60
      horizon-days: 60
      seed: 5
      implied-volatility: 0.2
    """

  /// A fresh temporary folder for one test.
  static func folder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("hedgelab-pathshard-\(ProcessInfo.processInfo.processIdentifier)-\(name)")
    try? FileManager.default.removeItem(at: url)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Runs a command; nil when it succeeds, else its exit status and error text.
  static func failure(_ arguments: [String]) -> (Int32, String)? {
    let run = CommandOutput.run(arguments)
    guard run.status != 0 else { return nil }
    return (run.status, run.standardError)
  }

  static func contents(_ url: URL, _ name: String) throws -> Data {
    try Data(contentsOf: url.appendingPathComponent(name))
  }

  @Test("3 path shards merged equal the unsharded paths.csv and paths-summary.json byte for byte")
  func mergedEqualsUnsharded() throws {
    let root = try Self.folder("equal")
    let scenario = root.appendingPathComponent("paths.yaml").path
    try Self.yaml.write(toFile: scenario, atomically: true, encoding: .utf8)
    let full = root.appendingPathComponent("full").path
    #expect(Self.failure(["run", scenario, "--out", full]) == nil)
    var shards: [String] = []
    for i in 0..<3 {
      let dir = root.appendingPathComponent("shard-\(i)").path
      #expect(Self.failure(["run", scenario, "--shard", "\(i)/3", "--out", dir]) == nil)
      shards.append(dir)
    }
    // The shard's own rows only: paths 1, 4, 7, … for shard 1 of 3, both programs each.
    let shardCSV = String(decoding: try Self.contents(URL(fileURLWithPath: shards[1]), "paths.csv"), as: UTF8.self)
    let lines = shardCSV.split(separator: "\n")
    #expect(lines.count == 1 + 20 * 2)
    #expect(lines[1].hasPrefix("1,short-call,") && lines[3].hasPrefix("4,short-call,"))
    let manifest = try JSONDecoder().decode(
      PathShardManifest.self, from: try Self.contents(URL(fileURLWithPath: shards[1]), "shard.json"))
    #expect(manifest.kind == "paths" && manifest.shard == 1 && manifest.shards == 3 && manifest.paths == 20)
    #expect(manifest.header.pathCount == 60 && manifest.header.stepCount == 60)

    let merged = root.appendingPathComponent("merged").path
    // Shard order on the command line does not matter.
    #expect(Self.failure(["merge", merged, shards[2], shards[0], shards[1]]) == nil)
    let fullURL = URL(fileURLWithPath: full)
    let mergedURL = URL(fileURLWithPath: merged)
    let fullCSV = try Self.contents(fullURL, "paths.csv")
    #expect(fullCSV.count > 1000)
    #expect(try Self.contents(mergedURL, "paths.csv") == fullCSV)
    let fullSummary = try Self.contents(fullURL, "paths-summary.json")
    #expect(try Self.contents(mergedURL, "paths-summary.json") == fullSummary)
    // The summary is the object --json prints, with its paired bootstrap intervals.
    let object = try #require(try JSONSerialization.jsonObject(with: fullSummary) as? [String: Any])
    #expect(object["paths"] as? Int == 60)
    #expect((object["comparisons"] as? [[String: Any]])?.count == 1)
  }

  @Test("merging a sweep shard with a path shard, or shards of two scenarios, fails with a message that says so")
  func mismatchedShards() throws {
    let root = try Self.folder("mismatch")
    let scenario = root.appendingPathComponent("paths.yaml").path
    try Self.yaml.write(toFile: scenario, atomically: true, encoding: .utf8)
    let other = root.appendingPathComponent("other.yaml").path
    try Self.yaml.replacingOccurrences(of: "seed: 5", with: "seed: 6").write(toFile: other, atomically: true, encoding: .utf8)
    let a0 = root.appendingPathComponent("a0").path
    let b1 = root.appendingPathComponent("b1").path
    #expect(Self.failure(["run", scenario, "--shard", "0/2", "--out", a0]) == nil)
    #expect(Self.failure(["run", other, "--shard", "1/2", "--out", b1]) == nil)
    #expect(Self.failure(["merge", root.appendingPathComponent("m1").path, a0, b1])?.0 == 65)
    func outputs(_ folders: [String]) throws -> [SweepMerge.ShardOutput] {
      try folders.map {
        SweepMerge.ShardOutput(
          folder: $0, manifest: try String(contentsOfFile: $0 + "/shard.json", encoding: .utf8),
          csv: try String(contentsOfFile: $0 + "/paths.csv", encoding: .utf8))
      }
    }
    let twoScenarios = #expect(throws: SweepError.self) { try PathSetMerge.merge(try outputs([a0, b1])) }
    #expect(twoScenarios?.description.hasPrefix("cannot merge: \(b1) holds path run ") == true)
    #expect(twoScenarios?.description.hasSuffix("(another scenario file or --program selection); merge the shards of one path run only") == true)

    let sweep = root.appendingPathComponent("sweep-1").path
    try FileManager.default.createDirectory(atPath: sweep, withIntermediateDirectories: true)
    let sweepManifest = SweepManifest(
      sweepID: String(repeating: "a", count: 64), shard: try SweepShard("1/2"), totalPoints: 2, finished: 1)
    try sweepManifest.json.write(toFile: sweep + "/shard.json", atomically: true, encoding: .utf8)
    try "point,program\n1,p\n".write(toFile: sweep + "/sweep.csv", atomically: true, encoding: .utf8)
    #expect(Self.failure(["merge", root.appendingPathComponent("m2").path, a0, sweep])?.0 == 65)
    let manifests = try [a0, sweep].map { try String(contentsOfFile: $0 + "/shard.json", encoding: .utf8) }
    let mixed = #expect(throws: SweepError.self) {
      try PathShardManifest.commonKind(folders: [a0, sweep], manifests: manifests)
    }
    #expect(mixed?.description == "cannot merge: \(sweep) is a sweep shard but \(a0) is a paths shard; merge the shards of one sweep or of one path run only")
    #expect(try PathShardManifest.commonKind(folders: [a0], manifests: [manifests[0]]) == "paths")

    #expect(Self.failure(["merge", root.appendingPathComponent("m3").path, a0])?.0 == 65)
    let missing = #expect(throws: SweepError.self) { try PathSetMerge.merge(try outputs([a0])) }
    #expect(missing?.description == "cannot merge: shard(s) 1/2 missing; run 'hedgelab run PATH_SCENARIO --shard I/N --out DIR' for each and pass their folders")
  }

  @Test("--shard on a scenario without paths: is a usage error")
  func shardNeedsPaths() throws {
    let root = try Self.folder("history")
    let scenario = root.appendingPathComponent("history.yaml").path
    let history = Self.yaml[..<Self.yaml.range(of: "paths:")!.lowerBound]
      .replacingOccurrences(of: "  rate: 0.02\n", with: "  rate: 0.02\n  volatility:\n    IDX: { constant: 0.2 }\n")
    try history.write(toFile: scenario, atomically: true, encoding: .utf8)
    let problem = try #require(
      Self.failure(["run", scenario, "--shard", "0/2", "--out", root.appendingPathComponent("o").path]))
    #expect(problem.0 == 64)
  }
}
