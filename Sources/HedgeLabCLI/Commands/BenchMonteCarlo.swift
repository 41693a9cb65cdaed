import Analytics
import ArgumentParser
import Foundation
import MarketData
import Pricing
import Simulation

extension HedgeLab.Bench {
  /// `hedgelab bench montecarlo`: hedge steps per second of the Monte Carlo delta hedge, the
  /// Derman-Kamal check, and the numpy peer in the same run.
  struct BenchMonteCarlo: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "montecarlo",
      abstract: "Measure Monte Carlo delta-hedging speed (hedge steps/s), check Derman-Kamal, and compare with numpy.",
      discussion: """
        Writes a European call (spot 100, strike 100, 20 weeks = 20/52 years, implied = \
        realised volatility 20 %, zero costs) and delta hedges it on --paths geometric \
        Brownian paths of --steps steps. One hedge step is: draw a normal, move the price \
        (exact log-step), finance the cash and credit dividends, compute the Black-Scholes \
        delta, trade. The timed run rebalances at every step (--paths × --steps hedge \
        steps); the figure is the best of --repetitions wall-clock runs on --threads threads.

        It then reports the standard deviation of the hedging P&L relative to the premium \
        for daily (every step) and weekly (every --steps/20 steps) rebalancing against the \
        Derman-Kamal approximation sqrt(pi/(4N))·vega·sigma/premium (Derman & Kamal 1999), \
        and their ratio against sqrt(1/5).

        Unless --no-peer is given, it runs Benchmarks/montecarlo/numpy_peer.py (the same \
        simulation vectorised with numpy and scipy.special.ndtr, one thread) with the same \
        paths, steps and repetitions, and prints the speed ratio; without python3, numpy \
        and scipy it says so and skips the peer. Build in release mode to measure: \
        swift build -c release.
        """
    )

    @Option(help: "Simulated paths.")
    var paths: Int = 100_000

    @Option(help: "Time steps over the 20 weeks (a multiple of 20, so that weekly rebalancing falls on steps).")
    var steps: Int = 100

    @Option(help: "Threads to use (default: the number of active cores).")
    var threads: Int?

    @Option(help: "Timed runs; the best is reported.")
    var repetitions: Int = 3

    @Option(help: "Seed of the simulated paths.")
    var seed: UInt64 = 1

    @Flag(help: "Do not run the numpy peer.")
    var noPeer = false

    @Option(help: "The numpy peer script (default: Benchmarks/montecarlo/numpy_peer.py of this checkout).")
    var peerScript: String?

    @Option(help: "The Python interpreter of the peer.")
    var python: String = "python3"

    @Flag(help: "Print the results as one JSON object.")
    var json = false

    func validate() throws {
      guard (1_000...10_000_000).contains(paths) else {
        throw ValidationError("--paths (\(paths)) must be between 1000 and 10000000")
      }
      guard (20...10_000).contains(steps), steps % 20 == 0 else {
        throw ValidationError("--steps (\(steps)) must be a multiple of 20 between 20 and 10000 (weekly rebalancing over 20 weeks)")
      }
      if let threads, !(1...1024).contains(threads) {
        throw ValidationError("--threads (\(threads)) must be between 1 and 1024")
      }
      guard (1...100).contains(repetitions) else {
        throw ValidationError("--repetitions (\(repetitions)) must be between 1 and 100")
      }
    }

    func run() throws {
      try withUserFacingErrors { print(try render()) }
    }

    /// The experiment of the benchmark: a 20-week at-the-money call, σ = 20 %, r = q = 0.
    static func experiment(rebalanceEvery: Int) -> MonteCarloDeltaHedge {
      MonteCarloDeltaHedge(
        option: OptionContract(kind: .call, strike: 100, timeToExpiry: 20.0 / 52),
        market: MarketState(spot: 100, volatility: 0.2, riskFreeRate: 0, dividendYield: 0),
        rebalanceEvery: rebalanceEvery, costRate: 0)
    }

    /// Runs the measurements and returns the report (text or one JSON object).
    func render() throws -> String {
      let cores = ProcessInfo.processInfo.activeProcessorCount
      let threadCount = threads ?? cores
      let daily = Self.experiment(rebalanceEvery: 1)
      let weekly = Self.experiment(rebalanceEvery: steps / 20)

      var best = Double.infinity
      var dailyOutcomes: HedgingOutcomes?
      for _ in 0..<repetitions {
        let start = DispatchTime.now().uptimeNanoseconds
        let outcomes = try daily.simulate(paths: paths, steps: steps, seed: seed, threads: threadCount)
        let end = DispatchTime.now().uptimeNanoseconds
        best = min(best, Double(end - start) / 1e9)
        dailyOutcomes = outcomes
      }
      let hedgeSteps = Double(paths) * Double(steps)
      let rate = hedgeSteps / best
      let dailySummary = try dailyOutcomes!.summary()
      let weeklyOutcomes = try weekly.simulate(paths: paths, steps: steps, seed: seed, threads: threadCount)
      let weeklySummary = try weeklyOutcomes.summary()
      let dailyRatio = try HedgingError.performanceMeasure(
        profitAndLoss: dailyOutcomes!.profitAndLoss, premium: dailyOutcomes!.premium)
      let weeklyRatio = try HedgingError.performanceMeasure(
        profitAndLoss: weeklyOutcomes.profitAndLoss, premium: weeklyOutcomes.premium)
      let dailyDK = dailySummary.dermanKamalRelativeStandardDeviation
      let weeklyDK = weeklySummary.dermanKamalRelativeStandardDeviation

      var peerResult: PeerResult?
      var peerNote: String?
      if !noPeer {
        switch Self.runPeer(
          python: python, script: peerScript, paths: paths, steps: steps, repetitions: repetitions)
        {
        case .success(let result): peerResult = result
        case .failure(let note): peerNote = note.message
        }
      }

      if json {
        var fields: [(String, JSONValue)] = [
          ("hedge_steps_per_second", .decimal(rate, 0)),
          ("seconds", .decimal(best, 4)),
          ("threads", .integer(threadCount)), ("cores", .integer(cores)),
          ("paths", .integer(paths)), ("steps", .integer(steps)),
          ("repetitions", .integer(repetitions)), ("seed", .unsigned(seed)),
          ("daily_std_over_premium", .decimal(dailyRatio, 5)),
          ("daily_derman_kamal", .decimal(dailyDK, 5)),
          ("weekly_std_over_premium", .decimal(weeklyRatio, 5)),
          ("weekly_derman_kamal", .decimal(weeklyDK, 5)),
          ("daily_over_weekly", .decimal(dailyRatio / weeklyRatio, 5)),
          ("daily_mean_pnl_over_premium", .decimal(dailySummary.profitAndLoss.mean / dailySummary.premium, 6)),
        ]
        if let peerResult {
          fields += [
            ("numpy_hedge_steps_per_second", .decimal(peerResult.stepsPerSecond, 0)),
            ("numpy_seconds", .decimal(peerResult.seconds, 4)),
            ("numpy_std_over_premium", .decimal(peerResult.stdOverPremium, 5)),
            ("ratio_vs_numpy", .decimal(rate / peerResult.stepsPerSecond, 2)),
          ]
        } else if let peerNote {
          fields.append(("peer_skipped", .string(peerNote)))
        }
        return JSONValue.object(fields).compactText()
      }

      func deviation(_ measured: Double, _ reference: Double) -> String {
        String(format: "%+.1f %%", 100 * (measured / reference - 1))
      }
      var lines: [String] = []
      lines.append("Monte Carlo delta hedge of a short call (S = K = 100, 20 weeks, σ = 20 %, r = q = 0, no costs)")
      lines.append("\(paths) paths × \(steps) steps, seed \(seed), \(threadCount) threads on \(cores) cores, best of \(repetitions)")
      lines.append(String(format: "rebalancing every step: %.4f s for %.0f hedge steps = %.1f M hedge steps/s", best, hedgeSteps, rate / 1e6))
      lines.append("std(P&L)/premium vs Derman-Kamal sqrt(π/(4N))·vega·σ/premium:")
      let root = (0.2).squareRoot()
      lines.append("  daily  (N = \(daily.rebalanceCount(steps: steps))): \(DecimalText.fixed(dailyRatio, 5)) vs \(DecimalText.fixed(dailyDK, 5)) (\(deviation(dailyRatio, dailyDK)))")
      lines.append("  weekly (N = \(weekly.rebalanceCount(steps: steps))): \(DecimalText.fixed(weeklyRatio, 5)) vs \(DecimalText.fixed(weeklyDK, 5)) (\(deviation(weeklyRatio, weeklyDK)))")
      lines.append("  daily/weekly: \(DecimalText.fixed(dailyRatio / weeklyRatio, 4)) vs sqrt(1/5) = \(DecimalText.fixed(root, 4)) (\(deviation(dailyRatio / weeklyRatio, root)))")
      if let peerResult {
        lines.append("numpy peer (\(peerResult.label), 1 thread): \(DecimalText.fixed(peerResult.seconds, 4)) s = \(DecimalText.fixed(peerResult.stepsPerSecond / 1e6, 1)) M hedge steps/s (std/premium \(DecimalText.fixed(peerResult.stdOverPremium, 5))); HedgeLab \(DecimalText.fixed(rate / peerResult.stepsPerSecond, 1))× faster")
      } else if let peerNote {
        lines.append("numpy peer skipped: \(peerNote)")
      }
      return lines.joined(separator: "\n")
    }


    // MARK: - The numpy peer

    struct PeerResult {
      var seconds: Double
      var stepsPerSecond: Double
      var stdOverPremium: Double
      var label: String
    }

    /// Runs the peer script (daily rebalancing) and reads its JSON line.
    static func runPeer(
      python: String, script: String?, paths: Int, steps: Int, repetitions: Int
    ) -> Result<PeerResult, PeerScript.Unavailable> {
      let peer = PeerScript(
        python: python, script: script, defaultRelativePath: "Benchmarks/montecarlo/numpy_peer.py")
      let arguments = [
        "--paths", String(paths), "--steps", String(steps), "--every", "1",
        "--repetitions", String(repetitions), "--json",
      ]
      return peer.run(arguments: arguments).flatMap { object in
        guard let seconds = object["seconds"] as? Double,
          let stepsPerSecond = object["hedge_steps_per_second"] as? Double,
          let ratio = object["std_over_premium"] as? Double
        else {
          return .failure(PeerScript.Unavailable(message: "\(peer.path) printed no JSON result line"))
        }
        let label = (object["label"] as? String) ?? "numpy"
        return .success(
          PeerResult(seconds: seconds, stepsPerSecond: stepsPerSecond, stdOverPremium: ratio, label: label))
      }
    }
  }
}
