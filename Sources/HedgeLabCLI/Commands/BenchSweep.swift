import Analytics
import ArgumentParser
import Experiments
import Foundation
import MarketData
import Simulation

extension HedgeLab.Bench {
  /// `hedgelab bench sweep`: backtests per second of a parameter sweep, one thread and all.
  struct BenchSweep: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sweep",
      abstract: "Measure a sweep of daily protective-put backtests (strike × tenor × stock) on one thread and on all.",
      discussion: """
        With ../shared/data present: the 20 stocks of stocks20_prices.csv with their 3-month \
        implied volatilities (stocks20_iv3m.csv), ingested into an in-memory database first \
        (not timed), 2010-01-04 to 2022-12-28 (13 years, 3,270 trading days); the grid is \
        stock (20) × put strike 0.80:1.00:0.01 (21) × tenor 30,61,91,182 days (4), of which \
        the first --points points run. Otherwise a seeded 33-year S&P-like path with a flat \
        20 % volatility (the one of 'bench engine'), and the grid is strike (21) × tenor (4) \
        × hedge ratio 0.45:1.00:0.05 (12). Each point is one backtest of one program (a \
        protective put rolled at expiry, costs included). Timed: building each point's \
        scenario, running it and storing the results in a fresh in-memory database, in \
        batches; the tapes are loaded before (timed apart). Best of --repetitions runs. The \
        process's CPU time of each timed run is shown too: on a machine whose cores are busy \
        with other work the speed-up falls short of the thread count while the CPU time \
        stays the same.
        """
    )

    @Option(help: "Grid points (backtests) per run.")
    var points: Int = 1000

    @Option(help: "Threads of the parallel run (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Timed runs of each configuration; the fastest counts.")
    var repetitions: Int = 3

    @Option(help: "The folder holding stocks20_prices.csv and stocks20_iv3m.csv.")
    var sharedData: String = "../shared/data"

    @Flag(help: "Use the generated path even when the real history is available.")
    var synthetic = false

    @Flag(help: "Print the results as one JSON object.")
    var json = false

    func validate() throws {
      guard (1...1680).contains(points) else {
        throw ValidationError("--points (\(points)) must be between 1 and 1680 (the size of the benchmark grid)")
      }
      guard (1...1024).contains(threads) else {
        throw ValidationError("--threads (\(threads)) must be between 1 and 1024")
      }
      guard (1...100).contains(repetitions) else {
        throw ValidationError("--repetitions (\(repetitions)) must be between 1 and 100")
      }
    }

    func run() throws {
      try withUserFacingErrors {
        let (source, yaml, axes, label) = try Self.setup(sharedData: sharedData, synthetic: synthetic)
        let grid = try SweepGrid(axes: axes.map { spec throws(SweepError) in try SweepAxis.parse(spec) })
        let plan = try SweepPlan(scenarioText: yaml, file: "bench-sweep.yaml", grid: grid)
        let loadStart = DispatchTime.now().uptimeNanoseconds
        let tapes = try plan.loadTapes(from: source)
        let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e9
        let runner = SweepRunner(
          plan: plan, tapes: tapes, scorer: ProgramMetrics.sweepScorer, codeVersion: HedgeLab.version)
        let days = tapes.map(\.count)

        /// Best wall time, the CPU time of that run (all threads), and the results.
        func timed(_ threads: Int) throws -> (Double, Double, [SweepPointResult]) {
          var best = Double.infinity
          var cpu = 0.0
          var result: [SweepPointResult] = []
          for _ in 0..<repetitions {
            let store = try ExperimentStore(MarketDatabase.inMemory())
            let cpuStart = Self.processCPUSeconds()
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = try runner.run(options: SweepRunner.Options(threads: threads, maxPoints: points), store: store)
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if wall < best {
              best = wall
              cpu = Self.processCPUSeconds() - cpuStart
            }
            result = outcome.points
          }
          return (best, cpu, result)
        }
        let (one, cpuOne, serial) = try timed(1)
        let (many, cpuMany, parallel) = try timed(threads)
        guard serial == parallel else {
          throw CommandFailure("the sweep on \(threads) threads differs from the sweep on 1 thread; this is a bug, please report it", exitStatus: ExitStatus.failure)
        }
        let backtests = points * plan.programs.count
        let speedup = one / many
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let usedTapes = Set(serial.map { plan.grid.coordinates(of: $0.index) }.map { $0.first ?? 0 })
        if json {
          let fields: [(String, JSONValue)] = [
            ("data", .string("\(label)")), ("cores", .integer(cores)),
            ("backtests", .integer(backtests)), ("threads", .integer(threads)),
            ("seconds", .decimal(many, 4)),
            ("backtests_per_second", .decimal(Double(backtests) / many, 0)),
            ("seconds_one_thread", .decimal(one, 4)),
            ("backtests_per_second_one_thread", .decimal(Double(backtests) / one, 0)),
            ("speedup", .decimal(speedup, 2)),
            ("cpu_seconds", .decimal(cpuMany, 4)),
            ("cpu_seconds_one_thread", .decimal(cpuOne, 4)),
            ("days_min", .integer(days.min() ?? 0)), ("days_max", .integer(days.max() ?? 0)),
            ("load_seconds", .decimal(loadSeconds, 3)),
          ]
          print(JSONValue.object(fields).compactText())
        } else {
          print("data: \(label); \(tapes.count) tape(s) of \(days.min() ?? 0)–\(days.max() ?? 0) days, loaded in \(ScenarioRunner.plain(loadSeconds, 3)) s; \(cores) core(s)")
          print("grid: \(axes.joined(separator: " × ")); first \(points) points, \(usedTapes.count) value(s) of the first axis")
          print("1 thread: \(backtests) backtests in \(ScenarioRunner.plain(one, 3)) s (\(ScenarioRunner.plain(Double(backtests) / one, 0)) backtests/s)")
          print("\(threads) threads: \(backtests) backtests in \(ScenarioRunner.plain(many, 3)) s (\(ScenarioRunner.plain(Double(backtests) / many, 0)) backtests/s), speed-up \(ScenarioRunner.plain(speedup, 2))× (best of \(repetitions))")
          print("CPU time (all threads): \(ScenarioRunner.plain(cpuOne, 3)) s on 1 thread, \(ScenarioRunner.plain(cpuMany, 3)) s on \(threads); a speed-up below \(threads)× with equal CPU times means the cores were busy with other work")
        }
      }
    }

    /// CPU time of the whole process (every thread), in seconds.
    static func processCPUSeconds() -> Double {
      var t = timespec()
      clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
      return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// The market, the scenario, the grid axes and a label.
    static func setup(sharedData: String, synthetic: Bool) throws -> (any MarketDataSource, String, [String], String) {
      let folder = URL(fileURLWithPath: sharedData, isDirectory: true)
      let prices = folder.appendingPathComponent("stocks20_prices.csv").path
      let iv = folder.appendingPathComponent("stocks20_iv3m.csv").path
      let rule = "programs.put.rules[0]"
      if !synthetic, FileManager.default.fileExists(atPath: prices), FileManager.default.fileExists(atPath: iv) {
        let database = try MarketDatabase.inMemory()
        var p = IngestOptions(kind: .price)
        p.layout = .wide
        _ = try database.ingest(file: prices, options: p)
        var v = IngestOptions(kind: .impliedVolatility)
        v.layout = .wide
        v.unit = .decimal
        v.tenorDays = 91
        v.moneyness = 1
        _ = try database.ingest(file: iv, options: v)
        let symbols = "AAPL,AMD,BAC,BBY,CVX,GE,HD,JNJ,JPM,KO,LLY,MRK,MSFT,PEP,PFE,PG,RRC,UNH,WMT,XOM"
        let yaml = """
          name: bench-sweep
          data:
            underlyings: [AAPL]
            volatility:
              AAPL: { atm: AAPL, tenor-days: 91, skew: { slope: -0.5, curvature: 1.0, floor: 0.05 } }
            rate: 0.02
            max-stale-days: 10
          period: { from: 2010-01-04, to: 2022-12-28 }
          portfolio:
            holdings: [ { symbol: AAPL, notional: 1000000 } ]
          costs: { underlying-bps: 1, option-half-spread: 0.03, contract-fee: 0.65, minimum-fee: 1 }
          programs:
            - name: put
              rules:
                - { type: protective-put, strike: 0.95, tenor-days: 30 }
          """
        return (
          database, yaml,
          ["symbol=\(symbols)", "\(rule).strike=0.80:1.00:0.01", "\(rule).tenor-days=30,61,91,182"],
          "20 stocks + 3-month IV (\(sharedData)), 2010-2022"
        )
      }
      let yaml = """
        name: bench-sweep
        data:
          underlyings: [SPX]
          volatility:
            SPX: { atm: VIX, tenor-days: 30, skew: { slope: -0.5, curvature: 1.0, floor: 0.05 } }
          rate: 0.02
          dividend-yield: { SPX: 0.018 }
        portfolio:
          holdings: [ { symbol: SPX, notional: 1000000 } ]
        costs: { underlying-bps: 1, option-half-spread: 0.03, contract-fee: 0.65, minimum-fee: 1 }
        programs:
          - name: put
            rules:
              - { type: protective-put, strike: 0.95, tenor-days: 30 }
        """
      return (
        BenchEngine.syntheticMarket(), yaml,
        ["\(rule).strike=0.80:1.00:0.01", "\(rule).tenor-days=30,61,91,182", "\(rule).hedge-ratio=0.45:1.00:0.05"],
        "generated 33-year GBM path (seed 33)"
      )
    }
  }
}
