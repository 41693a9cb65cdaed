import ArgumentParser
import Experiments
import Foundation
import HedgeLabTestSupport
import MarketData
import Testing

@testable import HedgeLabCLI

/// Every command's `--help`: golden files (swift-argument-parser's snapshot convention:
/// `RECORD_GOLDEN=1 swift test --filter HelpTests` re-records, and recording fails the test),
/// help text without stray gaps, and every example line of every help run as written.
@Suite("hedgelab --help: golden text and executed examples")
struct HelpTests {
  /// Every command of the tree with its space-separated path (`data show`).
  static let commands: [(path: String, type: any ParsableCommand.Type)] = {
    var out: [(String, any ParsableCommand.Type)] = []
    func walk(_ type: any ParsableCommand.Type, _ prefix: [String]) {
      let name = type.configuration.commandName ?? type._commandName
      let path = prefix + [name]
      out.append((path.joined(separator: " "), type))
      for sub in type.configuration.subcommands { walk(sub, path) }
    }
    walk(HedgeLab.self, [])
    return out
  }()

  @Test("every command's --help matches its golden file (80 columns)", arguments: commands.map(\.path))
  func goldenHelp(path: String) throws {
    let type = try #require(Self.commands.first { $0.path == path }?.type)
    let help = HedgeLab.helpMessage(for: type, columns: 80) + "\n"
    let file = goldenDirectory().appendingPathComponent("help")
      .appendingPathComponent(path.replacingOccurrences(of: " ", with: "-") + ".txt")
    if let mismatch = goldenMismatch(help, file: file) { Issue.record("\(mismatch)") }
  }

  @Test("help paragraphs have no stray gaps (runs of blanks inside a line)")
  func noStrayGaps() {
    for (path, type) in Self.commands {
      for line in type.configuration.discussion.split(separator: "\n") {
        let text = line.drop { $0 == " " }
        #expect(!text.contains("   "), "\(path): '\(line)'")
      }
    }
  }

  /// The example command lines of a help text: lines starting with `hedgelab `, joined with
  /// their `\` continuation lines.
  static func examples(in discussion: String) -> [String] {
    var out: [String] = []
    var pending: String? = nil
    for raw in discussion.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if var current = pending {
        current += " " + line
        if current.hasSuffix("\\") {
          pending = String(current.dropLast()).trimmingCharacters(in: .whitespaces)
        } else {
          out.append(current)
          pending = nil
        }
        continue
      }
      guard line.hasPrefix("hedgelab ") else { continue }
      if line.hasSuffix("\\") {
        pending = String(line.dropLast()).trimmingCharacters(in: .whitespaces)
      } else {
        out.append(line)
      }
    }
    return out
  }

  /// The order the examples run in: data first (ingest), then what reads it, then what reads
  /// recorded runs and sweep shards.
  static let order = [
    "ingest", "data", "generate", "run", "compare", "risk", "runs", "report", "sweep", "merge",
    "price", "implied-vol", "montecarlo", "demo", "bench",
  ]

  @Test(
    "every example of every --help runs as written (exit 0), in a folder laid out as the README says",
    .enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason)))
  func examplesRun() throws {
    let executable = try #require(
      hedgelabExecutable(), "the hedgelab executable must be built beside the test bundle")
    // A working folder like the project root after the README's set-up: Scenarios/, the
    // real CSV files by name, hlx.sqlite built from Data/ (Scenarios/demo.yaml's header).
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("hedgelab-help-examples-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in ["Scenarios", "Data"] {
      try FileManager.default.createSymbolicLink(
        at: folder.appendingPathComponent(name),
        withDestinationURL: SharedData.projectRoot.appendingPathComponent(name))
    }
    for name in ["spx_daily.csv", "vix_daily.csv", "stocks20_prices.csv", "stocks20_iv3m.csv", "gs3m_monthly.csv"] {
      try FileManager.default.createSymbolicLink(
        at: folder.appendingPathComponent(name), withDestinationURL: SharedData.file(name))
    }
    let hlx = try MarketDatabase(path: folder.appendingPathComponent("hlx.sqlite").path)
    for (name, options) in DemoData.ingestOptions {
      _ = try hlx.ingest(file: SharedData.projectRoot.appendingPathComponent("Data/\(name)").path, options: options)
    }

    let byCommand = Dictionary(grouping: Self.commands) { $0.path.split(separator: " ").dropFirst().first.map(String.init) ?? "" }
    var ran = 0
    for top in Self.order {
      for (path, type) in byCommand[top] ?? [] {
        for example in Self.examples(in: type.configuration.discussion) {
          let process = Process()
          process.executableURL = URL(fileURLWithPath: "/bin/sh")
          process.arguments = ["-c", "exec " + executable.path + " " + example.dropFirst("hedgelab ".count)]
          process.currentDirectoryURL = folder
          let log = folder.appendingPathComponent("example.log")
          FileManager.default.createFile(atPath: log.path, contents: nil)
          let handle = try FileHandle(forWritingTo: log)
          process.standardOutput = handle
          process.standardError = handle
          try process.run()
          process.waitUntilExit()
          try handle.close()
          let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
          #expect(process.terminationStatus == 0, "'\(path) --help' example failed (\(process.terminationStatus)): \(example)\n\(output.suffix(2000))")
          ran += 1
        }
      }
    }
    #expect(ran >= 20, "examples found: \(ran)")
  }
}

/// The built `hedgelab` executable: `$HEDGELAB_EXECUTABLE` when set, else the one beside
/// this test bundle (SwiftPM builds every product before running tests), or `.build/debug`'s.
func hedgelabExecutable() -> URL? {
  if let path = ProcessInfo.processInfo.environment["HEDGELAB_EXECUTABLE"] {
    return URL(fileURLWithPath: path)
  }
  let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  for candidate in [
    bundleFolder.appendingPathComponent("hedgelab"),
    bundleFolder.deletingLastPathComponent().appendingPathComponent("hedgelab"),
    SharedData.projectRoot.appendingPathComponent(".build/debug/hedgelab"),
  ] where FileManager.default.isExecutableFile(atPath: candidate.path) {
    return candidate
  }
  return nil
}
