import ArgumentParser
import Experiments
import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

@testable import HedgeLabCLI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A scratch folder for one test, removed when released.
private final class Scratch {
  let url: URL
  init() {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("hedgelab-harden-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(at: url) }
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
  @discardableResult
  func write(_ name: String, _ text: String) -> String {
    _ = FileManager.default.createFile(atPath: path(name), contents: Data(text.utf8))
    return path(name)
  }
}

/// The exit status of `hedgelab ARGUMENTS` run in-process (0 when it returns), its output
/// captured (``CommandOutput``) so that a passing suite prints nothing.
private func status(_ arguments: [String]) -> Int32 {
  CommandOutput.run(arguments).status
}

/// The scenario error of a scenario text, or `nil` when it loads.
private func scenarioError(_ yaml: String, file: String = "s.yaml") -> ScenarioError? {
  do {
    _ = try ScenarioLoader.load(yaml: yaml, file: file)
    return nil
  } catch {
    return error
  }
}

/// A one-underlying scenario on SPX with `holding` and `extra` lines under `portfolio:`.
private func spxScenario(notional: String = "1000000", cash: String = "0") -> String {
  """
  name: hardening
  data:
    underlyings: [SPX]
    rate: 0.02
  calendar: trading-days
  portfolio:
    cash: \(cash)
    holdings:
      - { symbol: SPX, notional: \(notional) }
  programs:
    - name: unhedged
      rules: []

  """
}

/// Issue 13, "Why": each bullet reproduced through the command line.
@Suite("Hardening: the command line refuses what would destroy, crash or hang")
struct HardeningCommandTests {
  @Test(
    "one typo no longer destroys the database: --rejects, --html or --out naming an input is a usage error",
    .enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason)))
  func outputsNeverOverwriteInputs() throws {
    // Given: the 8,313 real S&P 500 closes.
    let folder = Scratch()
    let db = folder.path("market.sqlite")
    let spx = SharedData.file("spx_daily.csv").path
    #expect(status(["ingest", spx, "--db", db, "--kind", "prices", "--symbol", "SPX"]) == 0)
    let before = try MarketDatabase(path: db).contentDigest()
    let bad = folder.write("bad.csv", "date,close\n2020-01-02,abc\n")
    // When: the rejects file, the HTML report or an export names the database or the input.
    let scenario = folder.write("s.yaml", spxScenario())
    let commands: [[String]] = [
      ["ingest", bad, "--db", db, "--kind", "prices", "--symbol", "X", "--skip-invalid", "--rejects", db],
      ["ingest", spx, "--db", db, "--kind", "prices", "--symbol", "X", "--skip-invalid", "--rejects", db],
      ["ingest", bad, "--db", db, "--kind", "prices", "--symbol", "X", "--skip-invalid", "--rejects", bad],
      ["ingest", db, "--db", db, "--kind", "prices", "--symbol", "X"],
      ["run", scenario, "--db", db, "--html", db],
      ["compare", scenario, "--db", db, "--html", db],
      ["compare", scenario, "--db", db, "--html", scenario],
      ["run", scenario, "--db", db, "--out", folder.url.path, "--html", folder.path("summary.csv")],
    ]
    for arguments in commands {
      #expect(status(arguments) == 64, "\(arguments.dropFirst(1).joined(separator: " "))")
    }
    // The scenario exported as DIR/scenario.yaml cannot be re-run into DIR.
    let exported = folder.write("scenario.yaml", spxScenario())
    #expect(status(["run", exported, "--db", db, "--out", folder.url.path, "--no-record"]) == 64)
    // Then: every stored row is still there, and the inputs are unchanged.
    #expect(try MarketDatabase(path: db).contentDigest() == before)
    #expect(try MarketDatabase(path: db).rowCount(.price) == 8313)
    #expect(try String(contentsOfFile: bad, encoding: .utf8) == "date,close\n2020-01-02,abc\n")
  }

  @Test("a 900-byte alias bomb and an oversized scenario are refused quickly, with a line")
  func boundedYAML() throws {
    var lines = ["name: bomb", "a0: &a0 [x,x,x,x,x,x,x,x,x,x]"]
    for i in 1...9 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ",") + "]") }
    let bomb = lines.joined(separator: "\n") + "\n"
    #expect(bomb.utf8.count < 900)
    let start = Date()
    guard case .syntax(_, let line?, _, let reason)? = scenarioError(bomb) else {
      Issue.record("the alias bomb was not refused as a located syntax error")
      return
    }
    #expect(Date().timeIntervalSince(start) < 10)
    #expect(line >= 2 && reason.contains("100000 values"))
    let huge = "name: x\ndescription: \"" + String(repeating: "a", count: 1_100_000) + "\"\n"
    guard case .syntax(_, _, _, let tooBig)? = scenarioError(huge) else {
      Issue.record("an oversized scenario was accepted")
      return
    }
    #expect(tooBig.contains("at most 1000000"))
  }

  @Test(
    "huge scenario numbers are refused at load with their line; the largest allowed ones run without trapping",
    .enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason)))
  func numbersThatCannotTrap() throws {
    for (yaml, key) in [
      (spxScenario(notional: "1e17"), "portfolio.holdings[0].notional"),
      (spxScenario(cash: "1e300"), "portfolio.cash"),
      (spxScenario().replacingOccurrences(of: "rate: 0.02", with: "rate: 1e300"), "data.rate"),
    ] {
      guard case .outOfRange(_, let line?, let keyPath, _, _)? = scenarioError(yaml) else {
        Issue.record("\(key) was not refused as out of range with a line")
        continue
      }
      #expect(keyPath == key && line > 1)
    }
    // The largest notional and cash the scenario check accepts: the run prints, no trap.
    let folder = Scratch()
    let db = folder.path("spx.sqlite")
    #expect(status(["ingest", SharedData.file("spx_daily.csv").path, "--db", db, "--kind", "prices", "--symbol", "SPX"]) == 0)
    let scenario = folder.write("max.yaml", spxScenario(notional: "1e12", cash: "1e12"))
    #expect(status(["run", scenario, "--db", db, "--no-record"]) == 0)
    #expect(status(["risk", scenario, "--db", db, "--date", "2008-10-10"]) == 0)
    // An implied-volatility file whose median is 1e17: refused with a message, not a trap.
    let iv = folder.write("iv.csv", "date,iv\n2020-01-02,1e17\n2020-01-03,1e17\n")
    #expect(status(["ingest", iv, "--db", db, "--kind", "iv", "--symbol", "X", "--tenor", "30d", "--moneyness", "1"]) == 65)
    // A price whose discounting overflows: an error naming the inputs, not -nan.
    #expect(status(["price", "--type", "put", "--spot", "100", "--strike", "100", "--expiry", "1000", "--vol", "0.2", "--rate", "-1"]) == 65)
    #expect(throws: CommandFailure.self) {
      _ = try (HedgeLab.parseAsRoot(["price", "--type", "put", "--spot", "100", "--strike", "100", "--expiry", "1000", "--vol", "0.2", "--rate", "-1"]) as? HedgeLab.Price)?.render()
    }
  }

  @Test("FIFOs, folders and changing files are refused without hanging (ingest and scenarios)")
  func filesThatAreNotFiles() throws {
    let folder = Scratch()
    let fifo = folder.path("fifo")
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(status(["ingest", fifo, "--db", folder.path("m.sqlite"), "--kind", "prices", "--symbol", "X"]) == 66)
    #expect(status(["run", fifo, "--db", folder.path("m.sqlite")]) == 66)
    #expect(status(["run", folder.url.path, "--db", folder.path("m.sqlite")]) == 66)
  }

  @Test("scenario keys and encodings: non-scalar keys, empty keys and invalid UTF-8 are located data errors")
  func scenarioShape() throws {
    let base = spxScenario()
    guard case .invalid(_, let line?, _, let reason)? = scenarioError(base + "? [a, b]\n: 1\n") else {
      Issue.record("a non-scalar key was ignored")
      return
    }
    #expect(line > 10 && reason.contains("single word"))
    guard case .invalid(_, let emptyLine?, _, _)? = scenarioError(base + "\"\": 1\n") else {
      Issue.record("an empty key was not located")
      return
    }
    #expect(emptyLine > 10)
    let folder = Scratch()
    let path = folder.path("latin1.yaml")
    try Data("name: caf".utf8 + [0xE9] + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
    let result = Result { () throws(ExperimentError) in try ScenarioSource.read(path) }
    if case .success = result { Issue.record("invalid UTF-8 was accepted") }
    if case .failure(let failure) = result {
      #expect(failure.exitStatus == 65)
      #expect(failure.description.contains("\(path):1: byte 9 (0xE9)"))
    }
    // A symbol with an escape sequence in data.underlyings.
    guard case .invalid(_, _, let keyPath, _)? = scenarioError(base.replacingOccurrences(of: "[SPX]", with: "[\"S\\e[31m\"]"))
    else {
      Issue.record("an escape sequence in a symbol was accepted")
      return
    }
    #expect(keyPath == "data.underlyings[0]")
  }

  @Test("--symbol follows the symbol rule: empty, quotes, control characters, over 64 characters are usage errors")
  func symbolFlag() {
    for symbol in ["", "A\"B", "A\u{1B}[31m", String(repeating: "S", count: 65), " SPX"] {
      #expect(status(["ingest", "f.csv", "--db", "d.sqlite", "--kind", "prices", "--symbol", symbol]) == 64, "\(symbol.debugDescription)")
    }
  }

  @Test(
    "a killed run's temporary files are removed by the next run of the same output",
    .enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason)))
  func staleTemporaries() throws {
    let folder = Scratch()
    let db = folder.path("spx.sqlite")
    #expect(status(["ingest", SharedData.file("spx_daily.csv").path, "--db", db, "--kind", "prices", "--symbol", "SPX"]) == 0)
    let scenario = folder.write("s.yaml", spxScenario())
    let out = folder.path("out")
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    // A process id that cannot be alive (above the kernel's limit), and our own, which is.
    let stale = folder.write("out/.summary.csv.2147483646.tmp", "half")
    let live = folder.write("out/.daily.csv.1.tmp", "another live run's")
    #expect(status(["compare", scenario, "--db", db, "--out", out, "--no-record", "--to", "1990-06-29"]) == 0)
    #expect(!FileManager.default.fileExists(atPath: stale))
    #expect(FileManager.default.fileExists(atPath: live))
    #expect(FileManager.default.fileExists(atPath: folder.path("out/summary.csv")))
  }
}
