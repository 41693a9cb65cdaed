import ArgumentParser
import Foundation
import Pricing
import Simulation
import Testing

@testable import HedgeLabCLI

/// `hedgelab montecarlo delta-hedge` and `hedgelab bench montecarlo` (plus the usage errors of
/// `bench engine`, `bench sweep` and `bench ingest`), parsed and run in-process: the commands'
/// `render()` is exactly what `run()` prints. `bench pricing` is covered by
/// `PriceCommandTests`, whose parsing helpers these tests reuse.
///
/// Reference: Derman & Kamal (1999), "When you cannot hedge continuously: the corrections of
/// Black-Scholes", Risk 12(1): hedging N times to expiry leaves std(P&L)/premium ≈
/// √(π/(4N))·vega·σ/premium.
///
/// No timing thresholds: speed figures come from `hedgelab bench`, never from tests. The whole
/// suite runs in about 2 s in a debug build on 2 cores.
@Suite("hedgelab montecarlo delta-hedge and bench montecarlo")
struct MonteCarloCommandTests {
  /// `parse(_:as:)`, `jsonObject(_:)` and `usageError(_:)` of the `price` tests.
  let cli = PriceCommandTests()

  /// The documented keys of one element of `results` in `montecarlo delta-hedge --json`.
  static let resultKeys: Set<String> = [
    "rebalance", "rebalance_count", "mean_pnl", "std_pnl", "std_over_premium", "derman_kamal",
    "p1", "p5", "p50", "p95", "p99", "expected_shortfall", "mean_hedging_cost",
    "mean_transaction_costs", "mean_trades",
  ]

  /// Paths of the Derman-Kamal run: 2,000 paths × 100 steps (20 weeks, one step a trading day).
  static let paths = 2_000

  /// The arguments of the shared Derman-Kamal run: the default 20-week at-the-money call at
  /// σ = 20 %, r = q = 0, no costs, hedged daily (N = 100) and weekly (N = 20) on the same paths.
  static let dermanKamalArguments = [
    "montecarlo", "delta-hedge", "--paths", String(paths), "--steps", "100",
    "--rebalance", "daily,weekly", "--seed", "2024", "--threads", "2", "--json",
  ]

  /// The JSON text of the shared run, computed once for the suite (about 0.5 s in debug).
  static let dermanKamalRun: Result<String, any Error> = Result {
    let command = try HedgeLab.parseAsRoot(dermanKamalArguments)
    guard let hedge = command as? HedgeLab.MonteCarloCommand.DeltaHedge else {
      throw ValidationError("\(dermanKamalArguments) did not parse as montecarlo delta-hedge")
    }
    return try hedge.render()
  }

  /// A JSON number as a Double (Foundation on Linux gives integers such as `0` as integer
  /// NSNumbers, which `as? Double` may refuse).
  func number(_ object: [String: Any], _ key: String) throws -> Double {
    let value = try #require(object[key] as? NSNumber, "\(key) must be a JSON number in \(object)")
    return value.doubleValue
  }

  func deltaHedge(_ arguments: [String]) throws -> HedgeLab.MonteCarloCommand.DeltaHedge {
    try cli.parse(["montecarlo", "delta-hedge"] + arguments, as: HedgeLab.MonteCarloCommand.DeltaHedge.self)
  }

  func benchMonteCarlo(_ arguments: [String]) throws -> HedgeLab.Bench.BenchMonteCarlo {
    try cli.parse(["bench", "montecarlo"] + arguments, as: HedgeLab.Bench.BenchMonteCarlo.self)
  }

  /// The shared run's JSON object and its `results`, keyed by the rebalance label.
  func dermanKamalResults() throws -> (object: [String: Any], rows: [String: [String: Any]]) {
    let object = try cli.jsonObject(try Self.dermanKamalRun.get())
    let results = try #require(object["results"] as? [[String: Any]], "results must be an array of objects")
    var rows: [String: [String: Any]] = [:]
    for row in results {
      rows[try #require(row["rebalance"] as? String, "every result names its rebalance")] = row
    }
    return (object, rows)
  }

  // MARK: - Help

  @Test("help of montecarlo delta-hedge and bench montecarlo lists every flag")
  func help() {
    // Help text is wrapped to the terminal width: compare with whitespace collapsed.
    func collapsed(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    let hedge = collapsed(HedgeLab.helpMessage(for: HedgeLab.MonteCarloCommand.DeltaHedge.self))
    for flag in [
      "--type", "--spot", "--strike", "--expiry", "--vol", "--realised-vol", "--drift", "--rate",
      "--dividend", "--cost", "--paths", "--steps", "--rebalance", "--tail", "--seed", "--threads",
      "--json", "daily", "weekly", "Derman-Kamal",
    ] {
      #expect(hedge.contains(flag), "delta-hedge help must mention \(flag)")
    }
    let bench = collapsed(HedgeLab.helpMessage(for: HedgeLab.Bench.BenchMonteCarlo.self))
    for flag in [
      "--paths", "--steps", "--threads", "--repetitions", "--seed", "--no-peer", "--peer-script",
      "--python", "--json", "Derman", "numpy_peer.py",
    ] {
      #expect(bench.contains(flag), "bench montecarlo help must mention \(flag)")
    }
    let parent = HedgeLab.helpMessage(for: HedgeLab.MonteCarloCommand.self)
    #expect(parent.contains("delta-hedge"))
    #expect(HedgeLab.helpMessage(for: HedgeLab.Bench.self).contains("montecarlo"))
  }

  // MARK: - montecarlo delta-hedge

  @Test("the table has the documented columns, one row per interval and the paired difference")
  func table() throws {
    let command = try deltaHedge(["--paths", "500", "--steps", "20", "--rebalance", "daily,weekly,2", "--threads", "2"])
    let lines = try command.render().split(separator: "\n").map(String.init)
    try #require(lines.count == 7, "title, header, 3 rows, 2 paired differences: \(lines)")
    #expect(lines[0].hasPrefix("short call K = 100.00, T = 0.3846 years, premium "))
    #expect(lines[0].contains("500 paths × 20 steps"))
    let header = lines[1].split(separator: " ").joined(separator: " ")
    #expect(header == "rebalance N mean P&L std P&L std/prem D-K P1 P5 P50 P95 P99 ES costs trades")
    // Each row: label (which may hold one space), then 13 numbers; N = ⌈20 / interval⌉.
    for (line, label, count) in [(lines[2], "daily", "20"), (lines[3], "weekly", "4"), (lines[4], "every 2", "10")] {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      #expect(trimmed.hasPrefix(label + " "), "row \(line)")
      let numbers = trimmed.dropFirst(label.count).split(separator: " ")
      #expect(numbers.count == 13, "13 numeric columns in \(line)")
      #expect(numbers.first.map(String.init) == count, "N in \(line)")
      #expect(numbers.allSatisfy { Double($0)?.isFinite == true }, "non-numeric cell in \(line)")
    }
    #expect(lines[5].hasPrefix("P&L weekly − daily: mean "))
    #expect(lines[6].hasPrefix("P&L every 2 − daily: mean "))
    #expect(lines[5].contains("95 % bootstrap interval ["))
  }

  @Test("--json has the documented keys, finite values, consistent percentiles and the BSM premium")
  func json() throws {
    let (object, rows) = try dermanKamalResults()
    #expect(Set(object.keys) == ["premium", "paths", "steps", "seed", "tail", "results", "paired_pnl_differences"])
    #expect(try number(object, "paths") == Double(Self.paths))
    #expect(try number(object, "steps") == 100)
    #expect(try number(object, "seed") == 2024)
    #expect(try number(object, "tail") == 0.05)
    let market = MarketState(spot: 100, volatility: 0.2, riskFreeRate: 0, dividendYield: 0)
    let greeks = BlackScholesMerton.greeks(OptionContract(kind: .call, strike: 100, timeToExpiry: 20.0 / 52), market)
    // Printed with 8 significant digits.
    #expect(abs(try number(object, "premium") / greeks.price - 1) < 1e-7)

    #expect(Set(rows.keys) == ["daily", "weekly"])
    for (label, row) in rows {
      #expect(Set(row.keys) == Self.resultKeys, "\(label)")
      for key in Self.resultKeys where key != "rebalance" {
        #expect(try number(row, key).isFinite, "\(label) \(key)")
      }
      let percentiles = try ["p1", "p5", "p50", "p95", "p99"].map { try number(row, $0) }
      #expect(percentiles == percentiles.sorted(), "\(label): percentiles must increase: \(percentiles)")
      // The mean of the worst 5 % lies below the 5th percentile (and above the minimum).
      #expect(try number(row, "expected_shortfall") <= percentiles[1], "\(label)")
      #expect(try number(row, "std_pnl") > 0)
      #expect(try number(row, "mean_transaction_costs") == 0, "\(label): --cost defaults to 0")
      // The JSON's Derman-Kamal figure is √(π/(4N))·vega·σ/premium, recomputed here.
      let n = try number(row, "rebalance_count")
      let dermanKamal = (Double.pi / (4 * n)).squareRoot() * greeks.vega * 0.2 / greeks.price
      #expect(abs(try number(row, "derman_kamal") / dermanKamal - 1) < 1e-6, "\(label)")
      // Zero-cost hedging at the true volatility: the mean P&L is 0 within 4 standard errors.
      let standardError = try number(row, "std_pnl") / Double(Self.paths).squareRoot()
      #expect(abs(try number(row, "mean_pnl")) < 4 * standardError, "\(label)")
    }
    #expect(try rows["daily"].map { try number($0, "rebalance_count") } == 100)
    #expect(try rows["weekly"].map { try number($0, "rebalance_count") } == 20)

    let pairs = try #require(object["paired_pnl_differences"] as? [[String: Any]])
    try #require(pairs.count == 1)
    #expect(pairs[0]["difference"] as? String == "weekly − daily")
    #expect(Set(pairs[0].keys) == ["difference", "mean", "standard_error", "lower", "upper", "confidence"])
    #expect(try number(pairs[0], "lower") <= number(pairs[0], "mean"))
    #expect(try number(pairs[0], "mean") <= number(pairs[0], "upper"))
    #expect(try number(pairs[0], "standard_error") > 0)
    #expect(try number(pairs[0], "confidence") == 0.95)
  }

  /// Tolerance. The standard deviation of n draws has relative standard error √((κ − 1)/(4n)),
  /// κ the kurtosis of the P&L; a 20,000-path numpy replication of this hedge gives κ ≈ 4.5
  /// (daily and weekly), so κ = 6 is a safe bound, and at n = 2,000 the error is at most
  /// √(5/8000) = 2.5 %. The allowance is the 5 % agreement Derman-Kamal is held to at 100,000
  /// paths (the approximation's own bias, measured −4 % weekly, −2 % daily by `bench
  /// montecarlo`) plus 3 of those standard errors: 12.5 %. For the daily/weekly ratio the two
  /// errors are added in quadrature (they are positively correlated on shared paths, so this
  /// is conservative).
  @Test("std/premium: daily < weekly, each within 12.5 % of Derman-Kamal (2,000 paths), ratio ≈ √(1/5)")
  func dermanKamal() throws {
    let (_, rows) = try dermanKamalResults()
    let daily = try #require(rows["daily"])
    let weekly = try #require(rows["weekly"])
    let standardError = (5.0 / (4 * Double(Self.paths))).squareRoot()
    let tolerance = 0.05 + 3 * standardError
    for (label, row) in [("daily", daily), ("weekly", weekly)] {
      let deviation = try number(row, "std_over_premium") / number(row, "derman_kamal") - 1
      #expect(abs(deviation) < tolerance, "\(label): std/premium is \(deviation * 100) % off Derman-Kamal")
    }
    let dailyRatio = try number(daily, "std_over_premium")
    let weeklyRatio = try number(weekly, "std_over_premium")
    #expect(dailyRatio < weeklyRatio)
    let ratio = dailyRatio / weeklyRatio
    let ratioTolerance = 0.05 + 3 * (2.0).squareRoot() * standardError
    #expect(abs(ratio / (0.2).squareRoot() - 1) < ratioTolerance, "daily/weekly \(ratio) vs √(1/5)")
  }

  @Test("results do not depend on --threads; a positive --cost shows up as transaction costs")
  func threadsAndCosts() throws {
    let arguments = [
      "--paths", "1001", "--steps", "20", "--rebalance", "2,weekly", "--rate", "0.03",
      "--dividend", "0.01", "--cost", "0.001", "--type", "put", "--strike", "105", "--json",
    ]
    let one = try deltaHedge(arguments + ["--threads", "1"]).render()
    let two = try deltaHedge(arguments + ["--threads", "2"]).render()
    #expect(one == two)
    let results = try #require(try cli.jsonObject(one)["results"] as? [[String: Any]])
    try #require(results.count == 2)
    #expect(results.map { $0["rebalance"] as? String } == ["every 2", "weekly"])
    for row in results {
      #expect(try number(row, "mean_transaction_costs") > 0)
      #expect(try number(row, "mean_trades") > 0)
    }
    // More frequent rebalancing trades more and pays more costs on the same paths.
    #expect(try number(results[0], "mean_transaction_costs") > number(results[1], "mean_transaction_costs"))
    // A different seed gives different paths.
    let other = try deltaHedge(arguments + ["--threads", "2", "--seed", "2"]).render()
    #expect(other != two)
  }

  @Test(
    "bad flags are usage errors (exit 64) that name the flag",
    arguments: [
      (["montecarlo", "delta-hedge", "--paths", "0"], "--paths (0) must be between 1 and"),
      (["montecarlo", "delta-hedge", "--steps", "0"], "--steps (0)"),
      (["montecarlo", "delta-hedge", "--vol", "-0.2"], "--vol (-0.2) must be zero or positive"),
      (["montecarlo", "delta-hedge", "--vol", "0"], "--vol (0.0) must be positive"),
      (["montecarlo", "delta-hedge", "--vol", "20"], "--vol (20.0) must be a decimal"),
      (["montecarlo", "delta-hedge", "--realised-vol", "-0.1"], "--realised-vol (-0.1)"),
      (["montecarlo", "delta-hedge", "--rebalance", "hourly"], "--rebalance ('hourly') must be a positive number of steps"),
      (["montecarlo", "delta-hedge", "--rebalance", "daily,0"], "--rebalance ('0')"),
      (["montecarlo", "delta-hedge", "--rebalance", ","], "--rebalance (',') must name at least one interval"),
      (["montecarlo", "delta-hedge", "--steps", "10", "--rebalance", "daily,weekly,20"], "--rebalance (every 20 = 20 steps) must not exceed --steps (10)"),
      (["montecarlo", "delta-hedge", "--spot", "-1"], "--spot (-1.0)"),
      (["montecarlo", "delta-hedge", "--strike", "0"], "--strike (0.0)"),
      (["montecarlo", "delta-hedge", "--expiry", "0d"], "--expiry (0d) must be positive"),
      (["montecarlo", "delta-hedge", "--cost", "0.5"], "--cost (0.5)"),
      (["montecarlo", "delta-hedge", "--drift", "3"], "--drift (3.0)"),
      (["montecarlo", "delta-hedge", "--tail", "1"], "--tail (1.0)"),
      (["montecarlo", "delta-hedge", "--threads", "0"], "--threads (0)"),
      (["montecarlo", "delta-hedge", "--paths", "1000000", "--steps", "10000"], "--paths × --steps"),
      (["bench", "montecarlo", "--paths", "10"], "--paths (10) must be between 1000 and"),
      (["bench", "montecarlo", "--steps", "30"], "--steps (30) must be a multiple of 20"),
      (["bench", "montecarlo", "--repetitions", "0"], "--repetitions (0)"),
      (["bench", "montecarlo", "--threads", "2000"], "--threads (2000)"),
      (["bench", "engine", "--repetitions", "0"], "--repetitions (0)"),
      (["bench", "sweep", "--points", "1681"], "--points (1681) must be between 1 and 1680"),
      (["bench", "sweep", "--threads", "0"], "--threads (0)"),
      (["bench", "ingest", "--rows", "10"], "--rows (10) must be at least 2000"),
    ])
  func usageErrors(arguments: [String], fragment: String) throws {
    let error = try #require(cli.usageError(arguments), "\(arguments) must not parse")
    #expect(error.code == 64, "\(arguments)")
    #expect(error.message.contains(fragment), "message must contain \(fragment): \(error.message)")
  }

  @Test("MonteCarloError maps to 64 for a parameter and 65 for inconsistent series")
  func exitStatuses() {
    let parameter = MonteCarloError.invalidParameter(
      name: "volatility", value: "-0.2", condition: "non-negative", remedy: "pass a decimal")
    #expect(parameter.exitStatus == 64)
    #expect(parameter.description == "volatility (-0.2) must be non-negative; pass a decimal")
    #expect(
      MonteCarloError.mismatchedLengths(name: "a", count: 1, otherName: "b", otherCount: 2, remedy: "align them")
        .exitStatus == 65)
    #expect(MonteCarloError.missingSeries(name: "costs", neededBy: "the summary", remedy: "record them").exitStatus == 65)
  }

  // MARK: - bench montecarlo

  @Test("bench montecarlo --json: the required keys with consistent, sane values (no timing thresholds)")
  func benchJSON() throws {
    let command = try benchMonteCarlo(
      ["--paths", "10000", "--steps", "20", "--no-peer", "--repetitions", "1", "--threads", "2", "--json"])
    let object = try cli.jsonObject(try command.render())
    for key in ["hedge_steps_per_second", "seconds", "threads", "paths", "steps"] {
      #expect(object[key] != nil, "missing \(key)")
    }
    #expect(try number(object, "paths") == 10_000)
    #expect(try number(object, "steps") == 20)
    #expect(try number(object, "threads") == 2)
    #expect(try number(object, "repetitions") == 1)
    #expect(object["peer_skipped"] == nil && object["ratio_vs_numpy"] == nil, "--no-peer runs no peer")
    let rate = try number(object, "hedge_steps_per_second")
    let seconds = try number(object, "seconds")
    #expect(rate.isFinite && rate > 0)
    #expect(seconds.isFinite && seconds > 0)
    // rate = paths × steps / seconds, up to the printing (seconds to 4 decimals, rate to units).
    let hedgeSteps = 10_000.0 * 20
    #expect(abs(rate * seconds - hedgeSteps) <= rate * 0.000_05 + seconds * 0.5 + 1e-9, "\(rate) × \(seconds)")
    // With 20 steps over 20 weeks one step is one week: "daily" (every step) and "weekly"
    // (every steps/20 = 1 step) are the same hedge on the same paths.
    #expect(try number(object, "daily_over_weekly") == 1)
    #expect(try number(object, "daily_std_over_premium") == number(object, "weekly_std_over_premium"))
    // N = 20 on 10,000 paths: 5 % + 3 × √(5/40000) ≈ 8.4 % (see dermanKamal()).
    let deviation = try number(object, "daily_std_over_premium") / number(object, "daily_derman_kamal") - 1
    #expect(abs(deviation) < 0.05 + 3 * (5.0 / 40_000).squareRoot(), "\(deviation)")
  }

  @Test("bench montecarlo's text names daily and weekly N, and a missing peer script is reported, not fatal")
  func benchTextAndMissingPeer() throws {
    let missing = FileManager.default.temporaryDirectory
      .appendingPathComponent("hedgelab-no-such-peer-\(UUID().uuidString).py").path
    let command = try benchMonteCarlo(
      ["--paths", "1000", "--steps", "40", "--repetitions", "1", "--threads", "2", "--peer-script", missing])
    let lines = try command.render().split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("Monte Carlo delta hedge of a short call") == true)
    #expect(lines.contains { $0.hasPrefix("1000 paths × 40 steps, seed 1, 2 threads") })
    #expect(lines.contains { $0.hasPrefix("rebalancing every step: ") && $0.hasSuffix("M hedge steps/s") })
    #expect(lines.contains { $0.hasPrefix("  daily  (N = 40): ") })
    #expect(lines.contains { $0.hasPrefix("  weekly (N = 20): ") })
    #expect(lines.contains { $0.hasPrefix("  daily/weekly: ") && $0.contains("sqrt(1/5) = 0.4472") })
    #expect(lines.last == "numpy peer skipped: \(missing) not found; pass --peer-script PATH")
  }
}
