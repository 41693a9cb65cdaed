import Foundation
import HedgeLabTestSupport
import Testing

@testable import HedgeLabCLI

/// The short run of the mutation fuzzer (issue 13, item 7); the long one is
/// `hedgelab bench fuzz --cases 100000`.
@Suite("Fuzz: mutated bundled inputs never crash, hang, lie about their exit or change data")
struct FuzzTests {
  @Test("150 mutated CSV files and scenarios, every 30th also through the hedgelab binary")
  func shortRun() throws {
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("hedgelab-fuzz-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: work) }
    let executable = try #require(
      hedgelabExecutable(), "the hedgelab executable must be built beside the test bundle (swift build builds it)")
    let fuzzer = try Fuzzer(projectRoot: SharedData.projectRoot, work: work, executable: executable, timeLimit: 30)
    let report = fuzzer.run(cases: 150, seed: 2026, subprocessEvery: 30)
    #expect(report.failures.isEmpty, "\(report)")
    #expect(report.cases == 150 && report.csvCases > 30 && report.yamlCases > 30)
    #expect(report.subprocessCases >= 3)
    // The mutations reach every kind of outcome: stored, refused as data, missing series.
    #expect(report.statuses[0, default: 0] > 0 && report.statuses[65, default: 0] > 0)
  }

  @Test("the judge flags what the fuzzer must catch")
  func judge() {
    #expect(Fuzzer.judge(status: 1, message: "error: f.csv: x", file: "f.csv").count == 1)
    #expect(Fuzzer.judge(status: 65, message: "error: something", file: "f.csv").count == 1)
    #expect(Fuzzer.judge(status: 65, message: "error: f.csv:3: " + String(repeating: "x", count: 20_000), file: "f.csv").count == 1)
    #expect(Fuzzer.judge(status: 65, message: "error: f.csv:3: bad", file: "f.csv").isEmpty)
    #expect(Fuzzer.judge(status: 0, message: "", file: "f.csv").isEmpty)
  }
}
