import Analytics
import ArgumentParser
import Experiments
import Foundation
import MarketData
import Simulation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A seeded mutation fuzzer over the bundled inputs: the CSV files of `Data/` (ingested as
/// their scenario headers say) and the scenarios of `Scenarios/` (loaded, then run over a
/// short period on the sample data).
///
/// Each case mutates one input (``FuzzMutator``) and runs the command's own code in-process;
/// every `subprocessEvery`-th case also runs the built `hedgelab` binary on the same input.
/// A case fails when the process is stopped by a signal (subprocess) or the fuzzer itself
/// crashes (in-process), takes longer than the time limit, exits with a status outside
/// {0, 64, 65, 66, 73, 75}, refuses without naming the input file (or prints a line over
/// 10,000 characters), or changes the database's content (``MarketDatabase/contentDigest()``)
/// while exiting non-zero.
final class Fuzzer {
  /// The exit statuses an input may cause.
  static let allowedStatuses: Set<Int32> = [0, 64, 65, 66, 73, 75]

  struct Target {
    var name: String
    var bytes: [UInt8]
    /// `ingest` flags after `FILE --db DB`; `nil` for a scenario.
    var ingestArguments: [String]?
  }

  struct Failure: CustomStringConvertible {
    var caseNumber: Int
    var target: String
    var mutations: [String]
    var problem: String
    var description: String {
      "case \(caseNumber) (\(target); \(mutations.joined(separator: "; "))): \(problem)"
    }
  }

  struct Report: CustomStringConvertible {
    var seed: UInt64
    var cases = 0
    var csvCases = 0
    var yamlCases = 0
    var subprocessCases = 0
    var statuses: [Int32: Int] = [:]
    var failures: [Failure] = []
    var seconds = 0.0
    var slowest = 0.0

    var description: String {
      let counts = statuses.keys.sorted().map { "\($0): \(statuses[$0]!)" }.joined(separator: ", ")
      var text =
        "fuzz: \(cases) cases (\(csvCases) CSV, \(yamlCases) YAML; \(subprocessCases) also as a subprocess), seed \(seed), \(String(format: "%.1f", seconds)) s, slowest case \(String(format: "%.2f", slowest)) s; exit statuses {\(counts)}; \(failures.count) failures"
      for f in failures.prefix(20) { text += "\n  \(f)" }
      return text
    }
  }

  /// The bundled CSV files and how the scenario headers ingest them.
  static let csvTargets: [(file: String, arguments: [String])] = [
    ("hlx_prices.csv", ["--kind", "prices", "--symbol", "HLX"]),
    ("hlx_prices.csv", ["--kind", "prices", "--wide"]),
    ("hlx_iv.csv", ["--kind", "iv", "--unit", "decimal"]),
    ("hl3m_rate.csv", ["--kind", "rates", "--symbol", "HL3M", "--unit", "percent", "--rate-convention", "simple", "--tenor", "3m"]),
    ("hlx_dividend_yield.csv", ["--kind", "dividend-yield", "--symbol", "HLX", "--unit", "decimal"]),
  ]

  let work: URL
  let targets: [Target]
  let executable: URL?
  let timeLimit: Double
  /// The database each CSV case ingests into: seeded with a slice of every sample series, and
  /// restored from `templateBytes` after an ingest that stored rows.
  private let ingestDatabase: String
  private var templateBytes: [UInt8] = []
  private var templateDigest = ""
  private var databaseDirty = true
  /// The database scenarios run on (the whole sample history; never written).
  private let scenarioDatabase: String

  /// - Parameters:
  ///   - projectRoot: the folder holding `Data/` and `Scenarios/`.
  ///   - work: an empty folder for the cases' files and databases.
  ///   - executable: the `hedgelab` binary for the subprocess sample, if any.
  init(projectRoot: URL, work: URL, executable: URL?, timeLimit: Double = 20) throws {
    self.work = work
    self.executable = executable
    self.timeLimit = timeLimit
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    let data = projectRoot.appendingPathComponent("Data")
    var targets: [Target] = []
    for (file, arguments) in Self.csvTargets {
      let bytes = try InputFile.bytes(at: data.appendingPathComponent(file).path, limit: 50_000_000)
      targets.append(Target(name: "Data/\(file) \(arguments.joined(separator: " "))", bytes: bytes, ingestArguments: arguments))
    }
    let scenarios = projectRoot.appendingPathComponent("Scenarios")
    for name in try FileManager.default.contentsOfDirectory(atPath: scenarios.path).sorted() where name.hasSuffix(".yaml") {
      let bytes = try InputFile.bytes(at: scenarios.appendingPathComponent(name).path, limit: 1_000_000)
      targets.append(Target(name: "Scenarios/\(name)", bytes: bytes, ingestArguments: nil))
    }
    self.targets = targets
    ingestDatabase = work.appendingPathComponent("ingest.sqlite").path
    scenarioDatabase = work.appendingPathComponent("scenarios.sqlite").path
    // The scenario database: every sample file, as documented.
    let full = try MarketDatabase(path: scenarioDatabase)
    let seed = try MarketDatabase(path: ingestDatabase)
    for (file, arguments) in Self.csvTargets where !arguments.contains("--wide") {
      let path = data.appendingPathComponent(file).path
      _ = try full.ingest(file: path, options: try Self.options(arguments, file: path))
      // The ingest database: the first 200 lines of each, so refusals have rows to protect.
      let text = try String(contentsOfFile: path, encoding: .utf8)
      let head = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(200).joined(separator: "\n") + "\n"
      let slice = work.appendingPathComponent("seed-\(file)").path
      try head.write(toFile: slice, atomically: true, encoding: .utf8)
      _ = try seed.ingest(file: slice, options: try Self.options(arguments, file: slice))
    }
    try checkpoint(ingestDatabase)
    templateBytes = try InputFile.bytes(at: ingestDatabase, limit: 100_000_000)
    templateDigest = try seed.contentDigest()
    databaseDirty = false
  }

  /// The loader options `hedgelab ingest` derives from `arguments`.
  private static func options(_ arguments: [String], file: String) throws -> IngestOptions {
    guard let command = try HedgeLab.parseAsRoot(["ingest", file, "--db", "x"] + arguments) as? HedgeLab.Ingest else {
      throw CommandFailure("not an ingest command: \(arguments)", exitStatus: ExitStatus.failure)
    }
    return command.ingestOptions
  }

  /// Folds the write-ahead log into the database file, so the file alone is the template.
  private func checkpoint(_ path: String) throws {
    let database = try MarketDatabase(path: path)
    try database.checkpoint()
  }

  /// Runs `cases` cases from `seed`; `progress` is called after each with the report so far.
  func run(cases: Int, seed: UInt64, subprocessEvery: Int?, progress: ((Report) -> Void)? = nil) -> Report {
    var report = Report(seed: seed)
    let started = Date()
    var mutator = FuzzMutator(seed: seed)
    for n in 0..<cases {
      let target = targets[mutator.below(targets.count)]
      var input = target.bytes
      if target.ingestArguments != nil, input.count > 20_000 {
        // A window of a large file: the header and up to 300 lines from a random place.
        input = window(of: input, mutator: &mutator)
      }
      let (bytes, mutations) = mutator.mutate(input, yaml: target.ingestArguments == nil)
      let skipInvalid = target.ingestArguments != nil && mutator.chance(3)
      let subprocess = subprocessEvery.map { executable != nil && n % $0 == 0 } ?? false
      let begin = Date()
      var problems: [String]
      if let arguments = target.ingestArguments {
        report.csvCases += 1
        problems = csvCase(n, bytes, arguments, skipInvalid: skipInvalid, report: &report)
        if subprocess {
          report.subprocessCases += 1
          problems += csvSubprocess(n, arguments, skipInvalid: skipInvalid)
        }
      } else {
        report.yamlCases += 1
        problems = yamlCase(n, bytes, report: &report)
        if subprocess, !String(decoding: bytes, as: UTF8.self).contains("paths") {
          report.subprocessCases += 1
          problems += yamlSubprocess(n)
        }
      }
      let seconds = Date().timeIntervalSince(begin)
      report.slowest = max(report.slowest, seconds)
      if seconds > timeLimit { problems.append("took \(String(format: "%.1f", seconds)) s, over the \(timeLimit) s limit") }
      for p in problems {
        report.failures.append(Failure(caseNumber: n, target: target.name, mutations: mutations, problem: p))
        let kept = work.appendingPathComponent("failure-\(n)" + (target.ingestArguments == nil ? ".yaml" : ".csv"))
        try? Data(bytes).write(to: kept)
      }
      report.cases += 1
      report.seconds = Date().timeIntervalSince(started)
      progress?(report)
    }
    return report
  }

  private func window(of bytes: [UInt8], mutator: inout FuzzMutator) -> [UInt8] {
    let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    let start = 1 + mutator.below(max(1, lines.count - 1))
    let end = min(lines.count, start + 1 + mutator.below(300))
    return Array(([lines[0]] + lines[start..<end]).joined(separator: [0x0A])) + [0x0A]
  }

  // MARK: CSV

  private var csvPath: String { work.appendingPathComponent("case.csv").path }
  private var rejectsPath: String { work.appendingPathComponent("rejects.csv").path }

  private func restoreDatabase() throws {
    for suffix in ["", "-wal", "-shm"] { unlink(ingestDatabase + suffix) }
    try Data(templateBytes).write(to: URL(fileURLWithPath: ingestDatabase))
    databaseDirty = false
  }

  private func ingestCommand(_ arguments: [String], skipInvalid: Bool) throws -> HedgeLab.Ingest {
    let extra = skipInvalid ? ["--skip-invalid", "--rejects", rejectsPath] : []
    guard
      let command = try HedgeLab.parseAsRoot(["ingest", csvPath, "--db", ingestDatabase] + arguments + extra)
        as? HedgeLab.Ingest
    else { throw CommandFailure("not an ingest command", exitStatus: ExitStatus.failure) }
    return command
  }

  private func csvCase(_ n: Int, _ bytes: [UInt8], _ arguments: [String], skipInvalid: Bool, report: inout Report)
    -> [String]
  {
    var problems: [String] = []
    do {
      if databaseDirty { try restoreDatabase() }
      try Data(bytes).write(to: URL(fileURLWithPath: csvPath))
    } catch {
      return ["the fuzzer could not prepare the case: \(error)"]
    }
    let status: Int32
    var message = ""
    do {
      _ = try ingestCommand(arguments, skipInvalid: skipInvalid).perform()
      status = 0
    } catch {
      (status, message) = Self.outcome(error)
    }
    report.statuses[status, default: 0] += 1
    problems += Self.judge(status: status, message: message, file: csvPath)
    if status == 0 {
      databaseDirty = true
    } else if let digest = try? MarketDatabase(path: ingestDatabase).contentDigest(), digest != templateDigest {
      problems.append("exit \(status), but the database changed")
      databaseDirty = true
    }
    return problems
  }

  private func csvSubprocess(_ n: Int, _ arguments: [String], skipInvalid: Bool) -> [String] {
    guard let executable else { return [] }
    do { try restoreDatabase() } catch { return ["the fuzzer could not restore the database: \(error)"] }
    let extra = skipInvalid ? ["--skip-invalid", "--rejects", rejectsPath] : []
    let (status, signal, stderr, timedOut) = Self.runProcess(
      executable, ["ingest", csvPath, "--db", ingestDatabase] + arguments + extra, timeLimit: timeLimit)
    var problems: [String] = []
    if timedOut { problems.append("subprocess: no exit within \(timeLimit) s (killed)") }
    if let signal { problems.append("subprocess: stopped by signal \(signal)") }
    if let status {
      problems += Self.judge(status: status, message: stderr, file: csvPath).map { "subprocess: " + $0 }
      if status == 0 {
        databaseDirty = true
      } else if let digest = try? MarketDatabase(path: ingestDatabase).contentDigest(), digest != templateDigest {
        problems.append("subprocess: exit \(status), but the database changed")
        databaseDirty = true
      }
    }
    databaseDirty = true
    return problems
  }

  // MARK: YAML

  private var yamlPath: String { work.appendingPathComponent("case.yaml").path }

  private func yamlCase(_ n: Int, _ bytes: [UInt8], report: inout Report) -> [String] {
    do {
      try Data(bytes).write(to: URL(fileURLWithPath: yamlPath))
    } catch {
      return ["the fuzzer could not prepare the case: \(error)"]
    }
    let status: Int32
    var message = ""
    do {
      let source = try ScenarioSource.read(yamlPath)
      if try source.decode().paths == nil {
        // A short period keeps each case fast; the numbers still meet every formatter.
        let run = try ScenarioRun.build(
          ScenarioRun.Request(
            source: source, database: ScenarioRunner.database(scenarioDatabase),
            overrides: [.period(from: Day(iso: "2015-01-02"), to: Day(iso: "2015-03-31"))],
            margin: true, compare: true))
        _ = RunSummary(result: run.result!, tape: run.tape).text
        _ = CSVExport.summary(run.comparison!)
      }
      status = 0
    } catch {
      (status, message) = Self.outcome(error)
    }
    report.statuses[status, default: 0] += 1
    // Missing series (66) and gaps name the series, not the file; a portfolio that loses all
    // its value on the data names the program and the day.
    let located = status == 66 || message.contains("series '") || message.contains(" of program ")
    return Self.judge(status: status, message: message, file: located ? nil : yamlPath)
  }

  private func yamlSubprocess(_ n: Int) -> [String] {
    guard let executable else { return [] }
    let (status, signal, stderr, timedOut) = Self.runProcess(
      executable,
      ["run", yamlPath, "--db", scenarioDatabase, "--no-record", "--from", "2015-01-02", "--to", "2015-03-31"],
      timeLimit: timeLimit)
    var problems: [String] = []
    if timedOut { problems.append("subprocess: no exit within \(timeLimit) s (killed)") }
    if let signal { problems.append("subprocess: stopped by signal \(signal)") }
    if let status {
      let located = status == 66 || stderr.contains("series '") || stderr.contains(" of program ")
      problems += Self.judge(status: status, message: stderr, file: located ? nil : yamlPath).map { "subprocess: " + $0 }
    }
    return problems
  }

  // MARK: Judging

  /// The exit status and message `withUserFacingErrors` would give for `error`.
  static func outcome(_ error: any Error) -> (Int32, String) {
    if let e = error as? any UserFacingError { return (e.exitStatus, "error: " + e.description) }
    return (HedgeLab.exitCode(for: error).rawValue, HedgeLab.fullMessage(for: error))
  }

  /// The problems with one outcome: a status outside the allowed set, a refusal that does not
  /// name `file` (when given), an over-long line.
  static func judge(status: Int32, message: String, file: String?) -> [String] {
    var problems: [String] = []
    if !allowedStatuses.contains(status) {
      problems.append("exit status \(status) is not one of \(allowedStatuses.sorted()): \(Excerpt.text(message))")
    }
    if status != 0, let file, !message.contains(file) {
      problems.append("the message does not name the input file: \(Excerpt.text(message))")
    }
    if let long = Excerpt.message(message).split(separator: "\n").first(where: { $0.count > 10_000 }) {
      problems.append("a message line has \(long.count) characters: \(Excerpt.text(String(long)))")
    }
    return problems
  }

  /// Runs `executable` with `arguments`, killing it after `timeLimit` seconds.
  static func runProcess(_ executable: URL, _ arguments: [String], timeLimit: Double)
    -> (status: Int32?, signal: Int32?, stderr: String, timedOut: Bool)
  {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("hedgelab-fuzz-\(getpid())-stderr").path
    _ = FileManager.default.createFile(atPath: errorFile, contents: nil)
    defer { unlink(errorFile) }
    guard let errorHandle = FileHandle(forWritingAtPath: errorFile) else { return (nil, nil, "cannot capture stderr", false) }
    process.standardError = errorHandle
    process.standardOutput = FileHandle.nullDevice
    do { try process.run() } catch { return (nil, nil, "cannot start: \(error)", false) }
    let deadline = Date().addingTimeInterval(timeLimit)
    var timedOut = false
    while process.isRunning {
      if Date() > deadline {
        kill(process.processIdentifier, SIGKILL)
        timedOut = true
        break
      }
      usleep(2_000)
    }
    process.waitUntilExit()
    try? errorHandle.close()
    let errorData = (try? InputFile.bytes(at: errorFile, limit: 100_000_000)) ?? []
    let stderr = String(decoding: errorData, as: UTF8.self)
    if process.terminationReason == .uncaughtSignal {
      return (nil, timedOut ? nil : process.terminationStatus, stderr, timedOut)
    }
    return (process.terminationStatus, nil, stderr, timedOut)
  }
}
