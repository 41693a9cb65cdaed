import ArgumentParser
import Testing

@testable import HedgeLabCLI

@Suite("hedgelab bench: the suite table")
struct BenchSuiteTests {
  @Test("bench without a subcommand is the suite")
  func defaultSubcommand() throws {
    let command = try HedgeLab.parseAsRoot(["bench", "--quick", "--no-peer"])
    let suite = try #require(command as? HedgeLab.Bench.Suite)
    #expect(suite.quick && suite.noPeer && !suite.json)
  }

  @Test("the table shows each benchmark's figure, its peer and the ratio from their JSON")
  func table() {
    let text = HedgeLab.Bench.Suite.table([
      ("pricing", [
        "count": 10_000_000, "greeks_ns_per_option": 7.13, "implied_vol_ns_per_option": 67.2,
        "numpy_greeks_ns_per_option": 88.7, "numpy_implied_vol_ns_per_option": 2136.7,
        "greeks_speedup": 12.44, "implied_vol_speedup": 31.8,
      ]),
      ("ingest", [
        "rows": 5_000_000, "ours_rows_per_second": 719_124, "peer_rows_per_second": 597_513,
        "ratio": 1.2035, "history_load_ms": 4.61,
      ]),
      ("engine", ["days": 8313, "ms_per_backtest": 1.843, "days_per_second": 4_511_317]),
      ("montecarlo", [
        "paths": 100_000, "steps": 100, "seconds": 0.0422, "hedge_steps_per_second": 237_000_000,
      ]),
      ("sweep", [
        "backtests": 1000, "threads": 2, "seconds": 0.293, "backtests_per_second": 3409,
        "seconds_one_thread": 0.556, "speedup": 1.8976,
      ]),
    ])
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.count == 9)
    #expect(lines[2].hasPrefix("price+delta+gamma+vega+theta, 10,000,000 options"))
    #expect(lines[2].contains("7.1 ns/option") && lines[2].contains("numpy 88.7 ns/option"))
    #expect(lines[2].hasSuffix("12.4×"))
    #expect(lines[3].contains("67.2 ns/option") && lines[3].hasSuffix("31.8×"))
    #expect(lines[4].contains("719,124 rows/s") && lines[4].contains("sqlite3 .import 597,513 rows/s"))
    #expect(lines[4].hasSuffix("1.20×"))
    #expect(lines[5].contains("4.6 ms"))
    #expect(lines[6].contains("1.84 ms (4,511,317 days/s)"))
    // No numpy figure in the JSON: the peer and ratio columns say so with a dash.
    #expect(lines[7].contains("10,000,000 steps") && lines[7].hasSuffix("–"))
    #expect(lines[8].contains("0.293 s (3,409/s)") && lines[8].hasSuffix("1.90×"))
  }
}
