import ArgumentParser
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension HedgeLab.Bench {
  /// `hedgelab bench fuzz`: the long run of the mutation fuzzer (the test suite runs a short one).
  struct BenchFuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "fuzz",
      abstract: "Fuzz ingest and scenarios with mutated copies of the bundled CSV files and scenarios.",
      discussion: """
        Each case mutates one file of Data/ or Scenarios/ (byte flips, truncation, repeated \
        lines and columns, huge numbers, random Unicode, escape sequences, YAML anchors and \
        alias bombs) and runs 'hedgelab ingest' or loads and runs the scenario, in-process; \
        every --subprocess-every-th case also runs this binary on it, to prove that no input \
        stops the process with a signal. A case fails on a signal, a hang (over --time-limit), \
        an exit status outside {0, 64, 65, 66, 73, 75}, a refusal that does not name the file, \
        or a database changed by a refused ingest. Exits 1 when any case fails; the failing \
        inputs are kept in --work. The long run of the closing note was --cases 100000 \
        --seed 13 from the project root.

        Example:
          hedgelab bench fuzz --cases 50 --seed 13 --project .
        """
    )

    @Option(help: "Number of cases.")
    var cases = 10_000

    @Option(help: "Seed of the mutations: the same seed gives the same cases.")
    var seed: UInt64 = 13

    @Option(help: "Also run every N-th case as a subprocess of this binary (0: never).")
    var subprocessEvery = 500

    @Option(help: "Seconds after which a case counts as a hang.")
    var timeLimit = 20.0

    @Option(help: "The repository root, holding Data/ and Scenarios/.")
    var project = "."

    @Option(help: "Folder for the cases' files and databases (default: a new temporary folder).")
    var work: String?

    func validate() throws {
      guard cases >= 1 else { throw ValidationError("--cases (\(cases)) must be at least 1") }
      guard subprocessEvery >= 0 else { throw ValidationError("--subprocess-every (\(subprocessEvery)) must be 0 or more") }
      guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit (\(timeLimit)) must be positive") }
    }

    func run() throws {
      try withUserFacingErrors {
        let root = URL(fileURLWithPath: project)
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("Data").path) else {
          throw CommandFailure(
            "--project '\(project)' has no Data/ folder; pass the repository root", exitStatus: ExitStatus.noInput)
        }
        let folder = work.map { URL(fileURLWithPath: $0) }
          ?? FileManager.default.temporaryDirectory.appendingPathComponent("hedgelab-fuzz-\(UUID().uuidString)")
        let executable = Bundle.main.executableURL
        let fuzzer = try Fuzzer(projectRoot: root, work: folder, executable: executable, timeLimit: timeLimit)
        let progress = ProgressReporter(
          label: "fuzz", unit: "cases", total: cases,
          mode: ProgressReporter.mode(progress: true, quiet: false, isTerminal: isatty(2) == 1))
        let report = fuzzer.run(cases: cases, seed: seed, subprocessEvery: subprocessEvery == 0 ? nil : subprocessEvery) {
          progress.update(done: $0.cases)
        }
        progress.finish()
        print(report.description)
        print("work folder: \(folder.path)")
        if !report.failures.isEmpty { throw ExitCode.failure }
      }
    }
  }
}
