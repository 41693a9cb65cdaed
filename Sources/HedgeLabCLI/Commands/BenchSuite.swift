import ArgumentParser
import Foundation
import MarketData

extension HedgeLab.Bench {
  /// `hedgelab bench` (or `bench all`): the whole suite, one table.
  ///
  /// Each benchmark runs in its own child process (this executable, `bench NAME --json`), one
  /// after the other, so that one benchmark's heap and threads cannot disturb the next; the
  /// table is assembled from their JSON lines.
  struct Suite: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "all",
      abstract: "Run every benchmark (pricing, ingest, engine, Monte Carlo, sweep) and print one table.",
      discussion: """
        Sizes are the ones the README quotes: 10,000,000 options, a 5,000,000-row CSV, \
        a 33-year backtest, 100,000 Monte Carlo paths × 100 steps, 1,000 sweep backtests. \
        --quick runs the same work at a tenth of the size (except the engine and sweep). Peers \
        (numpy/scipy scripts under Benchmarks/, the sqlite3 shell) run in the same run when \
        they are installed; --no-peer skips the Python peers. Build in release mode first: \
        swift build -c release.
        """
    )

    @Flag(help: "A tenth of the work for pricing, ingest and Monte Carlo.")
    var quick = false

    @Flag(help: "Skip the numpy/scipy peer scripts.")
    var noPeer = false

    @Flag(help: "Print one JSON object: the machine and each benchmark's JSON result.")
    var json = false

    func run() throws {
      try withUserFacingErrors {
        let runs: [(name: String, arguments: [String])] = [
          ("pricing", ["--count", quick ? "1000000" : "10000000"] + (noPeer ? [] : ["--peer"])),
          ("ingest", ["--rows", quick ? "500000" : "5000000"]),
          ("engine", []),
          ("montecarlo", ["--paths", quick ? "10000" : "100000"] + (noPeer ? ["--no-peer"] : [])),
          ("sweep", []),
        ]
        var results: [(name: String, object: [String: Any])] = []
        for run in runs {
          if !json { printError("running bench \(run.name) …") }
          results.append((run.name, try Self.measure(run.name, run.arguments)))
        }
        if json {
          var object: [String: Any] = [
            "version": HedgeLab.version, "cores": ProcessInfo.processInfo.activeProcessorCount,
          ]
          for r in results { object[r.name] = r.object }
          let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
          print(String(decoding: data, as: UTF8.self))
        } else {
          print(Self.table(results))
        }
      }
    }

    /// Runs `hedgelab bench NAME ARGS --json` and parses its last line.
    static func measure(_ name: String, _ arguments: [String]) throws -> [String: Any] {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: executablePath())
      process.arguments = ["bench", name] + arguments + ["--json"]
      let output = Pipe()
      process.standardOutput = output
      process.standardError = FileHandle.standardError
      try process.run()
      let data = output.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      guard process.terminationStatus == 0,
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      else {
        throw CommandFailure(
          "bench \(name) failed (exit status \(process.terminationStatus)); run 'hedgelab bench \(name)' alone to see why",
          exitStatus: ExitStatus.failure)
      }
      return object
    }

    /// This executable: `/proc/self/exe` on Linux, else the path it was started with.
    static func executablePath() -> String {
      let linuxSelf = "/proc/self/exe"
      if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: linuxSelf) {
        return resolved
      }
      return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    /// One row per figure: benchmark, HedgeLab's figure, the peer's, and the ratio.
    static func table(_ results: [(name: String, object: [String: Any])]) -> String {
      func number(_ object: [String: Any], _ key: String) -> Double? {
        (object[key] as? Double) ?? (object[key] as? Int).map(Double.init)
      }
      func fixed(_ value: Double?, _ digits: Int) -> String {
        value.map { DecimalText.fixed($0, digits) } ?? "–"
      }
      func grouped(_ value: Double?) -> String {
        value.map { DecimalText.fixed($0, 0, grouping: true) } ?? "–"
      }
      var rows: [[String]] = [["benchmark", "HedgeLab", "peer (same run)", "ratio"]]
      for (name, o) in results {
        switch name {
        case "pricing":
          let count = grouped(number(o, "count"))
          rows.append([
            "price+delta+gamma+vega+theta, \(count) options", fixed(number(o, "greeks_ns_per_option"), 1) + " ns/option",
            number(o, "numpy_greeks_ns_per_option").map { "numpy " + fixed($0, 1) + " ns/option" } ?? "–",
            number(o, "greeks_speedup").map { fixed($0, 1) + "×" } ?? "–",
          ])
          rows.append([
            "implied volatility (to 1e-10), \(count) options", fixed(number(o, "implied_vol_ns_per_option"), 1) + " ns/option",
            number(o, "numpy_implied_vol_ns_per_option").map { "numpy " + fixed($0, 0) + " ns/option" } ?? "–",
            number(o, "implied_vol_speedup").map { fixed($0, 1) + "×" } ?? "–",
          ])
        case "ingest":
          rows.append([
            "ingest \(grouped(number(o, "rows")))-row IV CSV (validate + upsert)", grouped(number(o, "ours_rows_per_second")) + " rows/s",
            number(o, "peer_rows_per_second").map { "sqlite3 .import " + grouped($0) + " rows/s" } ?? "–",
            number(o, "ratio").map { fixed($0, 2) + "×" } ?? "–",
          ])
          rows.append(["load S&P 500 + VIX history", fixed(number(o, "history_load_ms"), 1) + " ms", "–", "–"])
        case "engine":
          rows.append([
            "engine, \(grouped(number(o, "days"))) days, puts + daily delta",
            fixed(number(o, "ms_per_backtest"), 2) + " ms (" + grouped(number(o, "days_per_second")) + " days/s)", "–", "–",
          ])
        case "montecarlo":
          let steps = (number(o, "paths") ?? 0) * (number(o, "steps") ?? 0)
          rows.append([
            "Monte Carlo delta hedge, \(grouped(steps)) steps", fixed(number(o, "seconds"), 3) + " s (" + grouped(number(o, "hedge_steps_per_second")) + " steps/s)",
            number(o, "numpy_hedge_steps_per_second").map { "numpy " + grouped($0) + " steps/s" } ?? "–",
            number(o, "ratio_vs_numpy").map { fixed($0, 1) + "×" } ?? "–",
          ])
        case "sweep":
          rows.append([
            "sweep of \(grouped(number(o, "backtests"))) backtests, \(grouped(number(o, "threads"))) threads",
            fixed(number(o, "seconds"), 3) + " s (" + grouped(number(o, "backtests_per_second")) + "/s)",
            "1 thread " + fixed(number(o, "seconds_one_thread"), 3) + " s",
            number(o, "speedup").map { fixed($0, 2) + "×" } ?? "–",
          ])
        default:
          continue
        }
      }
      let widths = (0..<4).map { c in rows.map { $0[c].count }.max() ?? 0 }
      let lines = rows.map { row in
        row.enumerated().map { c, cell in cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
          .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
      }
      return "HedgeLab \(HedgeLab.version) benchmarks, \(ProcessInfo.processInfo.activeProcessorCount) cores\n"
        + lines.joined(separator: "\n")
    }
  }
}
