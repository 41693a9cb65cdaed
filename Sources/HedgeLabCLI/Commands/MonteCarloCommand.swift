import ArgumentParser
import Analytics
import Foundation
import Pricing
import Simulation

extension HedgeLab {
  /// `hedgelab montecarlo …`: experiments on simulated paths.
  struct MonteCarloCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "montecarlo",
      abstract: "Experiments on simulated price paths (Monte Carlo).",
      subcommands: [DeltaHedge.self]
    )
  }
}

extension HedgeLab.MonteCarloCommand {
  /// `hedgelab montecarlo delta-hedge`: the distribution of the cost of writing an option and
  /// delta hedging it, for one or several rebalancing intervals on the same paths.
  struct DeltaHedge: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "delta-hedge",
      abstract: "Write a European option, delta hedge it on simulated paths, and report the P&L distribution.",
      discussion: """
        The option is sold at its Black-Scholes-Merton price at --vol and delta hedged \
        (Black-Scholes delta at --vol) on --paths geometric Brownian paths with volatility \
        --realised-vol and expected total return --drift, over --steps equal steps to \
        expiry. Cash earns --rate, the shares pay --dividend, every trade pays --cost × \
        traded notional; at expiry the payoff is paid and the shares sold. All money is \
        discounted to t = 0. The accounting is the backtest engine's (a delta rule on the \
        same path gives the same P&L to 1e-9 of the premium): the dividend accrues on the \
        shares' value at the start of each step, and trades of at most 1e-9 shares are not \
        made.

        --rebalance takes one or more intervals, comma-separated: a number of steps, or \
        'daily' (every step) or 'weekly' (every 5 steps; with the default 100 steps over 20 \
        weeks one step is one trading day). Every interval runs on the same paths (same \
        seed), so the differences between intervals are paired: each is reported against \
        the first interval with a 95 % percentile-bootstrap confidence interval.

        Columns: N hedging decisions; mean and standard deviation of the P&L; std/premium \
        and its Derman-Kamal approximation sqrt(pi/(4N))·vega·vol/premium; percentiles 1, 5, \
        50, 95, 99 of the P&L; ES, the mean of the worst --tail fraction of P&L (expected \
        shortfall, a P&L: negative is a loss); mean transaction costs; mean trades per path.
        """
    )

    @Option(help: "call or put.")
    var type: OptionTypeArgument = .call

    @Option(parsing: .unconditional, help: "Spot price at t = 0.")
    var spot: Double = 100

    @Option(parsing: .unconditional, help: "Strike price (default: the spot).")
    var strike: Double?

    @Option(parsing: .unconditional, help: "Time to expiry: a year fraction (0.25) or a tenor (30d, 2w, 3m, 1y); default 20 weeks (20/52 years).")
    var expiry: String?

    @Option(parsing: .unconditional, help: "Implied volatility at which the option is sold and hedged, decimal (0.2 = 20 %).")
    var vol: Double = 0.2

    @Option(parsing: .unconditional, help: "Volatility of the simulated prices, decimal (default: --vol).")
    var realisedVol: Double?

    @Option(parsing: .unconditional, help: "Expected total return of the underlying, decimal per year (default: --rate, risk neutral).")
    var drift: Double?

    @Option(parsing: .unconditional, help: "Risk-free rate, decimal, continuously compounded.")
    var rate: Double = 0

    @Option(parsing: .unconditional, help: "Continuous dividend yield, decimal.")
    var dividend: Double = 0

    @Option(parsing: .unconditional, help: "Proportional transaction cost, decimal fraction of traded notional (0.001 = 10 bp).")
    var cost: Double = 0

    @Option(help: "Simulated paths.")
    var paths: Int = 100_000

    @Option(help: "Time steps from now to expiry.")
    var steps: Int = 100

    @Option(help: "Rebalancing intervals, comma-separated: steps (1, 5, …), daily (1) or weekly (5).")
    var rebalance: String = "daily,weekly"

    @Option(help: "Tail fraction of the expected shortfall (0.05 = worst 5 %).")
    var tail: Double = 0.05

    @Option(help: "Seed of the simulated paths (and of the bootstrap).")
    var seed: UInt64 = 1

    @Option(help: "Threads to use (default: the number of active cores); results do not depend on it.")
    var threads: Int?

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    /// The rebalancing intervals in steps, in the order given.
    func intervals() throws -> [(label: String, steps: Int)] {
      try rebalance.split(separator: ",").map { part in
        let word = part.trimmingCharacters(in: .whitespaces).lowercased()
        switch word {
        case "daily": return ("daily", 1)
        case "weekly": return ("weekly", 5)
        default:
          guard let every = Int(word), every >= 1 else {
            throw ValidationError(
              "--rebalance ('\(part)') must be a positive number of steps, 'daily' or 'weekly', comma-separated (e.g. daily,weekly,10)")
          }
          return ("every \(every)", every)
        }
      }
    }

    func validate() throws {
      try OptionInputs.positive(spot, flag: "--spot", what: "the price of the underlying at t = 0")
      if let strike { try OptionInputs.positive(strike, flag: "--strike", what: "the strike price") }
      if let expiry {
        let years = try OptionInputs.expiry(expiry)
        guard years > 0 else {
          throw ValidationError("--expiry (\(expiry)) must be positive; pass e.g. 0.25 or 91d")
        }
      }
      try OptionInputs.volatility(vol)
      guard vol > 0 else { throw ValidationError("--vol (0.0) must be positive; pass e.g. 0.2 for 20 %") }
      if let realisedVol { try OptionInputs.volatility(realisedVol, flag: "--realised-vol") }
      if let drift { try OptionInputs.rate(drift, flag: "--drift") }
      try OptionInputs.rate(rate, flag: "--rate")
      try OptionInputs.rate(dividend, flag: "--dividend")
      guard cost.isFinite, (0...0.1).contains(cost) else {
        throw ValidationError("--cost (\(cost)) must be a decimal fraction between 0 and 0.1; for 10 bp pass 0.001")
      }
      guard (1...50_000_000).contains(paths) else {
        throw ValidationError("--paths (\(paths)) must be between 1 and 50000000")
      }
      guard (1...100_000).contains(steps) else {
        throw ValidationError("--steps (\(steps)) must be between 1 and 100000")
      }
      guard paths * steps <= 2_000_000_000 else {
        throw ValidationError("--paths × --steps (\(paths * steps)) must be at most 2e9 hedge steps; lower one of them")
      }
      let list = try intervals()
      guard !list.isEmpty else {
        throw ValidationError("--rebalance ('\(rebalance)') must name at least one interval, e.g. daily")
      }
      if let tooLong = list.first(where: { $0.steps > steps }) {
        throw ValidationError("--rebalance (\(tooLong.label) = \(tooLong.steps) steps) must not exceed --steps (\(steps))")
      }
      guard tail.isFinite, tail > 0, tail < 1 else {
        throw ValidationError("--tail (\(tail)) must be between 0 and 1 (exclusive); pass e.g. 0.05")
      }
      if let threads, !(1...1024).contains(threads) {
        throw ValidationError("--threads (\(threads)) must be between 1 and 1024")
      }
    }

    func run() throws {
      try withUserFacingErrors { print(try render()) }
    }

    /// Runs every interval on the same paths and returns the report (table or JSON).
    func render() throws -> String {
      let years = try expiry.map(OptionInputs.expiry) ?? 20.0 / 52
      let option = OptionContract(kind: type.kind, strike: strike ?? spot, timeToExpiry: years)
      let market = MarketState(spot: spot, volatility: vol, riskFreeRate: rate, dividendYield: dividend)
      let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
      var rows: [(label: String, outcomes: HedgingOutcomes, summary: HedgingSummary, stdOverPremium: Double)] = []
      for interval in try intervals() {
        let experiment = MonteCarloDeltaHedge(
          option: option, market: market, rebalanceEvery: interval.steps, costRate: cost)
        let outcomes = try experiment.simulate(
          paths: paths, steps: steps, realisedVolatility: realisedVol, drift: drift, seed: seed,
          threads: threadCount)
        rows.append(
          (
            interval.label, outcomes, try outcomes.summary(tailLevel: tail),
            try HedgingError.performanceMeasure(profitAndLoss: outcomes.profitAndLoss, premium: outcomes.premium)
          ))
      }
      var comparisons: [(label: String, comparison: PairedComparison)] = []
      if paths >= 2 {
        for row in rows.dropFirst() {
          let comparison = try PairedComparison(
            first: row.outcomes.profitAndLoss, second: rows[0].outcomes.profitAndLoss,
            seed: seed, threads: threadCount)
          comparisons.append(("\(row.label) − \(rows[0].label)", comparison))
        }
      }
      let premium = rows[0].outcomes.premium
      if json {
        func number(_ x: Double) -> String { String(format: "%.8g", x) }
        let results = rows.map { row -> String in
          let p = row.summary.profitAndLoss
          let fields: [(String, String)] = [
            ("rebalance", "\"\(row.label)\""), ("rebalance_count", String(row.outcomes.rebalanceCount)),
            ("mean_pnl", number(p.mean)), ("std_pnl", number(p.standardDeviation)),
            ("std_over_premium", number(row.stdOverPremium)),
            ("derman_kamal", number(row.summary.dermanKamalRelativeStandardDeviation)),
            ("p1", number(p.percentile1)), ("p5", number(p.percentile5)), ("p50", number(p.median)),
            ("p95", number(p.percentile95)), ("p99", number(p.percentile99)),
            ("expected_shortfall", number(p.lowerTailMean)),
            ("mean_hedging_cost", number(row.summary.hedgingCost.mean)),
            ("mean_transaction_costs", number(row.summary.transactionCosts.mean)),
            ("mean_trades", number(row.summary.meanTradeCount)),
          ]
          return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }
        let pairs = comparisons.map { item -> String in
          let c = item.comparison
          return "{\"difference\": \"\(item.label)\", \"mean\": \(number(c.meanDifference)), "
            + "\"standard_error\": \(number(c.standardError)), \"lower\": \(number(c.lowerBound)), "
            + "\"upper\": \(number(c.upperBound)), \"confidence\": \(c.confidenceLevel)}"
        }
        return "{\"premium\": \(number(premium)), \"paths\": \(paths), \"steps\": \(steps), "
          + "\"seed\": \(seed), \"tail\": \(tail), \"results\": [" + results.joined(separator: ", ")
          + "], \"paired_pnl_differences\": [" + pairs.joined(separator: ", ") + "]}"
      }
      func f(_ x: Double, _ decimals: Int = 4) -> String { String(format: "%.\(decimals)f", x) }
      func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
      }
      var lines: [String] = []
      lines.append(
        "short \(type.rawValue) K = \(f(option.strike, 2)), T = \(f(years)) years, premium \(f(premium)) at vol \(f(vol, 3)); "
          + "\(paths) paths × \(steps) steps, realised vol \(f(realisedVol ?? vol, 3)), cost \(cost), seed \(seed)")
      let header = ["rebalance", "N", "mean P&L", "std P&L", "std/prem", "D-K", "P1", "P5", "P50", "P95", "P99", "ES", "costs", "trades"]
      let widths = [10, 6, 10, 10, 9, 9, 10, 10, 10, 10, 10, 10, 9, 7]
      lines.append(zip(header, widths).map { pad($0, $1) }.joined(separator: " "))
      for row in rows {
        let p = row.summary.profitAndLoss
        let cells = [
          row.label, String(row.outcomes.rebalanceCount), f(p.mean), f(p.standardDeviation),
          f(row.stdOverPremium), f(row.summary.dermanKamalRelativeStandardDeviation),
          f(p.percentile1), f(p.percentile5), f(p.median), f(p.percentile95), f(p.percentile99),
          f(p.lowerTailMean), f(row.summary.transactionCosts.mean), f(row.summary.meanTradeCount, 1),
        ]
        lines.append(zip(cells, widths).map { pad($0, $1) }.joined(separator: " "))
      }
      for item in comparisons {
        let c = item.comparison
        lines.append(
          "P&L \(item.label): mean \(f(c.meanDifference)) (standard error \(f(c.standardError))), "
            + "\(Int(clamping: c.confidenceLevel * 100)) % bootstrap interval [\(f(c.lowerBound)), \(f(c.upperBound))]")
      }
      return lines.joined(separator: "\n")
    }
  }
}

extension MonteCarloError: UserFacingError {
  /// 64 for a parameter out of range (they come from flags), 65 for inconsistent data series.
  public var exitStatus: Int32 {
    switch self {
    case .invalidParameter: return ExitStatus.usage
    case .mismatchedLengths, .missingSeries: return ExitStatus.dataError
    }
  }
}
