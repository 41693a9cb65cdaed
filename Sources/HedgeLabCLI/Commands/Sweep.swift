import Analytics
import ArgumentParser
import Experiments
import Foundation
import MarketData
import Simulation

extension SweepError: UserFacingError {
  /// 64 for flags (`--grid`, `--symbol`, `--shard`), 65 for a grid point that is not a valid
  /// scenario (66 when it names a series the database lacks), shards that cannot be merged or
  /// an inconsistent stored sweep.
  public var exitStatus: Int32 {
    switch self {
    case .malformedGrid, .unknownGridKey, .duplicateGridKey, .tooManyPoints, .badShard:
      return ExitStatus.usage
    case .invalidPoint(_, _, let error): return error.exitStatus
    case .mergeMismatch, .storedMismatch: return ExitStatus.dataError
    }
  }
}

extension HedgeLab {
  /// `hedgelab sweep SCENARIO --grid KEY=VALUES …`: one backtest per grid point, on all cores.
  struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Backtest a scenario over a grid of parameter values (and symbols), on all cores.",
      discussion: """
        Each --grid KEY=VALUES sets one scenario key to each of its values; several grids \
        form the cartesian product (the first grid varies slowest, the last fastest; \
        --symbol comes first of all). VALUES is a list (0.8,0.9,1.0) or a range \
        START:END:STEP (0.80:1.00:0.01 gives 0.80, 0.81, … 1.00, labelled exactly). KEY is a \
        path into the scenario file: keys joined by '.', list items by index \
        (programs[1].rules[0].strike) or, for programs, by name \
        (programs.put.rules[0].tenor-days). Every grid point is validated like the file \
        itself. --symbol A,B,C (or --grid symbol=A,B,C) replaces the scenario's first \
        underlying (data.underlyings[0]) wherever it appears (keys and values) by each symbol.

        Output: DIR/sweep.csv, one row per grid point and program (the point's index in the \
        whole grid, the grid values, the program, its summary metrics: values and costs in \
        currency, returns, volatility and drawdown as decimals). Finished points are also \
        stored in the database (tables sweep, sweepPoint, sweepResult): re-running the same \
        sweep (same file text and grid) with the same --db skips them, so an interrupted \
        sweep resumes where it stopped. Results are identical whatever --threads.

        --shard I/N runs only the points whose index mod N is I and writes DIR/shard.json \
        next to sweep.csv; 'hedgelab merge' combines the N shard folders into the sweep.csv \
        of an unsharded run (see deploy/README.md for Kubernetes and Slurm).

        Examples:
          hedgelab sweep Scenarios/spx-protective-put.yaml --db market.sqlite \\
            --grid 'programs.put-95-monthly.rules[0].strike=0.80:1.00:0.05' \\
            --grid 'programs.put-95-monthly.rules[0].tenor-days=30,91' --out sweep-out
          hedgelab sweep Scenarios/spx-protective-put.yaml \\
            --grid 'programs.put-95-monthly.rules[0].strike=0.9,0.95' --shard 0/2 --out shard-0
          hedgelab sweep Scenarios/spx-protective-put.yaml \\
            --grid 'programs.put-95-monthly.rules[0].strike=0.9,0.95' --shard 1/2 --out shard-1
        """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .customLong("grid"), help: "KEY=VALUES: a scenario key path and its values (list a,b,c or range START:END:STEP); repeat for a product.")
    var grids: [String] = []

    @Option(help: "First day of every point's backtest, YYYY-MM-DD (overrides period.from).")
    var from: String?

    @Option(help: "Last day of every point's backtest, YYYY-MM-DD (overrides period.to).")
    var to: String?

    @Option(name: .customLong("symbol"), help: "Symbols replacing the scenario's first underlying, comma-separated (one sweep axis).")
    var symbol: String?

    @Option(name: .customLong("symbols"), help: .hidden)
    var symbolsAlias: String?

    /// `--symbol`, or its old spelling `--symbols`.
    var symbols: String? { symbol ?? symbolsAlias }

    @Option(help: ArgumentHelp(
      "The SQLite market database, also holding finished points.",
      discussion: Vocabulary.scenarioDatabaseHelp.discussion))
    var db: String?

    @Option(help: "Folder for sweep.csv (and shard.json with --shard).")
    var out: String = "sweep-out"

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Run only shard I of N (points whose index mod N is I), e.g. 0/4.")
    var shard: String?

    @Option(help: .hidden)
    var maxPoints: Int?

    @OptionGroup var progressOptions: ProgressOptions

    @Flag(help: "Print the run's summary as JSON.")
    var json = false

    func validate() throws {
      try ScenarioRunner.validatePeriod(from: from, to: to)
      guard (1...1024).contains(threads) else {
        throw ValidationError("--threads (\(threads)) must be between 1 and 1024")
      }
      guard !grids.isEmpty || symbols != nil else {
        throw ValidationError("give at least one --grid KEY=VALUES or --symbol A,B,C to sweep over")
      }
      if let maxPoints, maxPoints < 0 {
        throw ValidationError("--max-points (\(maxPoints)) must be zero or positive")
      }
    }

    func run() throws {
      try withUserFacingErrors {
        let started = DispatchTime.now().uptimeNanoseconds
        let shard = try shard.map { text throws(SweepError) in try SweepShard(text) } ?? .whole
        var axes: [SweepAxis] = []
        if let symbols {
          let list = symbols.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
          guard !list.contains(where: \.isEmpty) else {
            throw CommandFailure("--symbol (\(symbols)) must be a comma-separated list of symbols such as AAPL,MSFT", exitStatus: ExitStatus.usage)
          }
          for (i, s) in list.enumerated() where list[..<i].contains(s) {
            throw CommandFailure("--symbol (\(symbols)) lists '\(s)' twice; list each symbol once", exitStatus: ExitStatus.usage)
          }
          axes.append(SweepAxis(key: SweepAxis.symbolKey, values: list))
        }
        for spec in grids { axes.append(try SweepAxis.parse(spec)) }
        let grid = try SweepGrid(axes: axes)
        let sweep = try SweepExperiment.build(
          ScenarioSource.read(scenario), grid: grid, overrides: ScenarioRunner.overrides(from: from, to: to),
          database: ScenarioRunner.database(db), codeVersion: HedgeLab.version
        ) { base, path in
          try PathCheck.refuseClashes(
            ScenarioRunner.inputs(scenarioFile: scenario, database: path, flag: ScenarioRunner.database(db))
              + ["sweep.csv", "shard.json"].map {
                FileIdentity.NamedPath("--out", URL(fileURLWithPath: out).appendingPathComponent($0).path, .output)
              })
        }
        let plan = sweep.plan
        let path = sweep.databasePath
        let reporter = ProgressReporter(
          label: shard == .whole ? "sweep" : "sweep shard \(shard)", unit: "points",
          total: shard.pointCount(of: grid.count), mode: progressOptions.mode)
        let computeStart = DispatchTime.now().uptimeNanoseconds
        let outcome = try sweep.run(
          SweepRunner.Options(threads: threads, shard: shard, maxPoints: maxPoints),
          progress: { done, total in reporter.update(done: done, total: total) })
        reporter.finish()
        let computeSeconds = Double(DispatchTime.now().uptimeNanoseconds - computeStart) / 1e9
        let csvPath = URL(fileURLWithPath: out).appendingPathComponent("sweep.csv").path
        try OutputWriter.createDirectory(out)
        try OutputWriter.write(sweep.csv(outcome), to: csvPath)
        var written = [csvPath]
        if self.shard != nil {
          let manifest = SweepManifest(sweepID: plan.id, shard: shard, totalPoints: grid.count, finished: outcome.points.count)
          let manifestPath = URL(fileURLWithPath: out).appendingPathComponent("shard.json").path
          try OutputWriter.write(manifest.json, to: manifestPath)
          written.append(manifestPath)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let backtests = outcome.ran * plan.programs.count
        let rate = computeSeconds > 0 ? Double(backtests) / computeSeconds : 0
        if json {
          // Times in seconds to the millisecond, the rate to the whole backtest.
          let record = JSONValue.object([
            ("sweep_id", .string(plan.id)), ("grid_points", .integer(grid.count)),
            ("shard", .string(shard.description)), ("shard_points", .integer(outcome.shardPoints)),
            ("ran", .integer(outcome.ran)), ("resumed", .integer(outcome.resumed)),
            ("rerun", .array(outcome.rerun.map { .object([("reason", .string($0.reason)), ("points", .integer($0.points))]) })),
            ("complete", .bool(outcome.isComplete)),
            ("programs", .integer(plan.programs.count)), ("backtests", .integer(backtests)),
            ("threads", .integer(threads)),
            ("seconds", .number((seconds * 1000).rounded() / 1000)),
            ("backtest_seconds", .number((computeSeconds * 1000).rounded() / 1000)),
            ("backtests_per_second", .number(rate.rounded())),
            ("csv", .string(csvPath)),
          ])
          print(record.compactText())
        } else {
          print("sweep \(plan.id.prefix(12)): \(grid.count) grid points × \(plan.programs.count) program(s)\(shard == .whole ? "" : ", shard \(shard) (\(outcome.shardPoints) point(s))")")
          for rerun in outcome.rerun { print(rerun.description) }
          print("ran \(outcome.ran) point(s) (\(backtests) backtests) on \(threads) thread(s) in \(ScenarioRunner.plain(computeSeconds, 3)) s (\(ScenarioRunner.plain(rate, 0)) backtests/s); resumed \(outcome.resumed) from \(path)")
          if !outcome.isComplete {
            print("stopped with \(outcome.points.count) of \(outcome.shardPoints) points finished; run the same command again to resume")
          }
          print("wrote \(written.joined(separator: ", "))")
        }
      }
    }
  }
}
