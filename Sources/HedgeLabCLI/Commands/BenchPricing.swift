import Analytics
import ArgumentParser
import Foundation
import MarketData
import Pricing

extension HedgeLab.Bench {
  /// `hedgelab bench pricing`: nanoseconds per option of the batch pricer and of batch
  /// implied volatility, optionally against the numpy/scipy peer in the same run.
  struct BenchPricing: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "pricing",
      abstract: "Measure ns per option for batch price+greeks and batch implied volatility (optionally vs numpy).",
      discussion: """
        Inputs are random but seeded: call or put, spot 100, strike 50–200 (moneyness \
        0.5–2), expiry 1 day–5 years (log-uniform), volatility 5–100 %, rate −1–8 %, \
        dividend yield 0–4 %. 'greeks' times BatchPricer.priceAndGreeks (price, delta, gamma, \
        vega, theta); 'implied vol' times BatchPricer.impliedVolatilities on the prices just \
        computed and then checks the recovered volatilities against the inputs (over the \
        options whose price carries volatility information: price ≥ 1e-8·spot and \
        vega ≥ 1e-4·price). Each figure is the best of --repetitions runs, wall-clock, with \
        --threads threads (default: all cores).

        --peer also runs Benchmarks/pricing/numpy_peer.py (vectorised numpy/scipy: the same \
        greeks, and a vectorised Newton implied volatility, on the same number of options) \
        and prints the speed ratios; without python3 and numpy it says so and skips the peer.

        Build in release mode to measure: swift build -c release. Release builds target this \
        machine's vector units (-march=native, see Package.swift); a portable build \
        (HEDGELAB_PORTABLE=1) vectorises for SSE2 only and is slower (46.6 ns for the greeks in one run here).
        """
    )

    @Option(help: "Number of options per run.")
    var count: Int = 1_000_000

    @Option(help: "Threads to use (default: the number of active cores).")
    var threads: Int?

    @Option(help: "Timed runs of each measurement; the best is reported.")
    var repetitions: Int = 3

    @Option(help: "Seed of the random inputs.")
    var seed: UInt64 = 20_240_601

    @Flag(help: "Also run the numpy/scipy peer script and print the speed ratios.")
    var peer = false

    @Option(help: "The numpy peer script (default: Benchmarks/pricing/numpy_peer.py of this checkout).")
    var peerScript: String?

    @Option(help: "The Python interpreter for --peer.")
    var python: String = "python3"

    @Flag(help: "Print the results as one JSON object.")
    var json = false

    func validate() throws {
      guard (1_000...200_000_000).contains(count) else {
        throw ValidationError("--count (\(count)) must be between 1000 and 200000000")
      }
      if let threads, !(1...1024).contains(threads) {
        throw ValidationError("--threads (\(threads)) must be between 1 and 1024")
      }
      guard (1...100).contains(repetitions) else {
        throw ValidationError("--repetitions (\(repetitions)) must be between 1 and 100")
      }
    }

    func run() throws {
      print(render())
    }

    /// Runs the measurements and returns the report (text or one JSON object).
    func render() -> String {
      let cores = ProcessInfo.processInfo.activeProcessorCount
      let threadCount = threads ?? cores
      let batch = Self.randomBatch(count: count, seed: seed)

      var greeks = GreeksBatch(count: count)
      BatchPricer.priceAndGreeks(batch, into: &greeks, threads: threadCount)  // warm-up
      let greeksNs = Self.best(of: repetitions, count: count) {
        BatchPricer.priceAndGreeks(batch, into: &greeks, threads: threadCount)
      }

      var volatilities = [Double](repeating: 0, count: count)
      var unsolvable: [Int] = []
      let ivNs = Self.best(of: repetitions, count: count) {
        unsolvable = BatchPricer.impliedVolatilities(
          prices: greeks.price, batch, into: &volatilities, threads: threadCount)
      }
      var maxError = 0.0
      var checked = 0
      for i in 0..<count
      where greeks.price[i] >= 1e-8 * batch.spots[i] && greeks.vega[i] >= 1e-4 * greeks.price[i] {
        checked += 1
        maxError = max(maxError, abs(volatilities[i] - batch.vols[i]))
      }

      var peerResult: PeerResult?
      var peerNote: String?
      if peer {
        switch Self.runPeer(python: python, script: peerScript, count: count, seed: seed) {
        case .success(let result): peerResult = result
        case .failure(let note): peerNote = note.message
        }
      }

      if json {
        var fields: [(String, JSONValue)] = [
          ("greeks_ns_per_option", .decimal(greeksNs, 2)),
          ("implied_vol_ns_per_option", .decimal(ivNs, 2)),
          ("threads", .integer(threadCount)), ("count", .integer(count)), ("cores", .integer(cores)),
          ("repetitions", .integer(repetitions)), ("seed", .unsigned(seed)),
          ("implied_vol_max_abs_error", .number(maxError)),
          ("implied_vol_checked", .integer(checked)), ("implied_vol_unsolvable", .integer(unsolvable.count)),
        ]
        if let peerResult {
          fields += [
            ("numpy_greeks_ns_per_option", .decimal(peerResult.greeksNs, 2)),
            ("numpy_implied_vol_ns_per_option", .decimal(peerResult.impliedVolNs, 2)),
            ("greeks_speedup", .decimal(peerResult.greeksNs / greeksNs, 2)),
            ("implied_vol_speedup", .decimal(peerResult.impliedVolNs / ivNs, 2)),
          ]
        } else if let peerNote {
          fields.append(("peer_skipped", .string(peerNote)))
        }
        return JSONValue.object(fields).compactText()
      }
      var lines: [String] = []
      lines.append("options: \(count) per run (seed \(seed)), \(threadCount) threads on \(cores) cores, best of \(repetitions)")
      lines.append("price+delta+gamma+vega+theta (batch): \(DecimalText.fixed(greeksNs, 1)) ns per option")
      lines.append("implied volatility (batch):          \(DecimalText.fixed(ivNs, 1)) ns per option")
      lines.append("  max |recovered − input| volatility: \(String(format: "%.2e", maxError)) over \(checked) options with price ≥ 1e-8·spot and vega ≥ 1e-4·price; \(unsolvable.count) unsolvable")
      if let peerResult {
        lines.append("numpy/scipy peer (\(peerResult.label)):")
        lines.append("  greeks:             \(DecimalText.fixed(peerResult.greeksNs, 1)) ns per option, HedgeLab \(DecimalText.fixed(peerResult.greeksNs / greeksNs, 1))× faster")
        lines.append("  implied volatility: \(DecimalText.fixed(peerResult.impliedVolNs, 1)) ns per option, HedgeLab \(DecimalText.fixed(peerResult.impliedVolNs / ivNs, 1))× faster")
      } else if let peerNote {
        lines.append("numpy/scipy peer skipped: \(peerNote)")
      }
      return lines.joined(separator: "\n")
    }

    // MARK: - Inputs and timing

    /// Seeded random options (see the command's discussion for the ranges).
    static func randomBatch(count: Int, seed: UInt64) -> OptionBatch {
      var random = SplitMix(state: seed)
      var batch = OptionBatch(reservingCapacity: count)
      for _ in 0..<count {
        let kind: OptionKind = random.next() & 1 == 0 ? .call : .put
        let strike = 100 * random.uniform(0.5, 2)
        let expiry = exp(random.uniform(log(1.0 / 365), log(5.0)))
        let vol = random.uniform(0.05, 1)
        let rate = random.uniform(-0.01, 0.08)
        let dividend = random.uniform(0, 0.04)
        batch.append(
          OptionContract(kind: kind, strike: strike, timeToExpiry: expiry),
          MarketState(spot: 100, volatility: vol, riskFreeRate: rate, dividendYield: dividend))
      }
      return batch
    }

    /// The best wall-clock time of `runs` calls of `body`, in nanoseconds per option.
    static func best(of runs: Int, count: Int, _ body: () -> Void) -> Double {
      var best = Double.infinity
      for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        let end = DispatchTime.now().uptimeNanoseconds
        best = min(best, Double(end - start) / Double(count))
      }
      return best
    }


    /// SplitMix64 (Steele, Lea & Flood 2014), as in the test support, for seeded inputs.
    struct SplitMix {
      var state: UInt64
      mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
      }
      mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * Double(next() >> 11) * 0x1p-53
      }
    }

    // MARK: - The numpy peer

    struct PeerResult {
      var greeksNs: Double
      var impliedVolNs: Double
      var label: String
    }

    /// Runs the peer script with the same count and seed and reads its JSON line.
    static func runPeer(
      python: String, script: String?, count: Int, seed: UInt64
    ) -> Result<PeerResult, PeerScript.Unavailable> {
      let peer = PeerScript(
        python: python, script: script, defaultRelativePath: "Benchmarks/pricing/numpy_peer.py")
      return peer.run(arguments: ["--count", String(count), "--seed", String(seed), "--json"])
        .flatMap { object in
          guard let greeksNs = object["greeks_ns_per_option"] as? Double,
            let ivNs = object["implied_vol_ns_per_option"] as? Double
          else {
            return .failure(PeerScript.Unavailable(message: "\(peer.path) printed no JSON result line"))
          }
          let label = (object["label"] as? String) ?? "numpy"
          return .success(PeerResult(greeksNs: greeksNs, impliedVolNs: ivNs, label: label))
        }
    }
  }
}
