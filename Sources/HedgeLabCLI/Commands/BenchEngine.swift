import Analytics
import ArgumentParser
import Foundation
import MarketData
import Simulation

extension HedgeLab.Bench {
  /// `hedgelab bench engine`: the simulator's speed on a 33-year daily backtest.
  struct BenchEngine: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "engine",
      abstract: "Measure the engine on a 33-year daily backtest: monthly 95 % put rolls plus daily delta hedging.",
      discussion: """
        The market is the S&P 500 with options priced on the SSVI smile calibrated daily to \
        VIX as a variance swap (the default model; --volatility legacy-skew prices them at \
        "ATM = VIX" plus a parametric skew, the model before it) when ../shared/data holds spx_daily.csv and vix_daily.csv (ingested into an \
        in-memory database first, not timed), else a seeded 33-year geometric Brownian path \
        of 8,316 weekdays with a constant 20 % volatility. Loading and aligning the series \
        into the tape is timed apart ('load'); the figure that matters is the engine alone: \
        one program stepping every day (mark to market, carry, expiries, a protective put \
        rolled at each monthly expiry, a delta hedge rebalanced every day, costs, ledger and \
        daily record), median over the repetitions.
        """
    )

    @Option(help: "The folder holding spx_daily.csv and vix_daily.csv.")
    var sharedData: String = "../shared/data"

    @Option(help: "Timed repetitions of the backtest.")
    var repetitions: Int = 200

    @Flag(help: "Use the generated path even when the real history is available.")
    var synthetic = false

    /// The volatility model the options are priced on.
    enum VolatilityChoice: String, ExpressibleByArgument, CaseIterable {
      case smile
      case legacySkew = "legacy-skew"
    }

    @Option(help: "The volatility model: smile (calibrated to VIX as a variance swap) or legacy-skew.")
    var volatility: VolatilityChoice = .smile

    @Option(help: "spx (S&P 500 + VIX, puts + daily delta) or btc (real BTC closes of crypto/btc_daily.csv with the generated DVOL-like index, inverse puts + short perpetual).")
    var market: BenchMarket = .spx

    @Flag(help: "Print the results as one JSON object.")
    var json = false

    func validate() throws {
      guard (1...100_000).contains(repetitions) else {
        throw ValidationError("--repetitions (\(repetitions)) must be between 1 and 100000")
      }
    }

    func run() throws {
      try withUserFacingErrors {
        let (source, label) =
          market == .btc
          ? try Self.bitcoinMarket(sharedData: sharedData)
          : try Self.market(sharedData: sharedData, synthetic: synthetic)
        let scenario = try ScenarioLoader.load(
          yaml: market == .btc ? Self.bitcoinScenarioYAML : Self.scenarioYAML(volatility), file: "bench-engine.yaml")
        let loadStart = Date()
        let tape = try MarketTape.load(scenario, from: source)
        let loadSeconds = Date().timeIntervalSince(loadStart)
        let backtest = Backtest(scenario: scenario, tape: tape)
        // Warm up, then time each repetition.
        var check = backtest.run(program: 0)
        var times: [Double] = []
        times.reserveCapacity(repetitions)
        for _ in 0..<repetitions {
          let start = DispatchTime.now().uptimeNanoseconds
          let result = backtest.run(program: 0)
          let end = DispatchTime.now().uptimeNanoseconds
          times.append(Double(end - start) / 1e6)
          check = result
        }
        times.sort()
        let median = times[times.count / 2]
        let days = tape.count
        let daysPerSecond = Double(days) / (median / 1000)
        let trades = check.trades.count
        if json {
          let fields: [(String, JSONValue)] = [
            ("data", .string("\(label)")), ("days", .integer(days)),
            ("first_day", .string("\(tape.days.first!)")), ("last_day", .string("\(tape.days.last!)")),
            ("repetitions", .integer(repetitions)), ("trades", .integer(trades)),
            ("load_ms", .decimal(loadSeconds * 1000, 3)),
            ("ms_per_backtest", .decimal(median, 4)),
            ("ms_min", .decimal(times[0], 4)),
            ("ms_p90", .decimal(times[min(times.count - 1, times.count * 9 / 10)], 4)),
            ("ns_per_day", .decimal(median * 1e6 / Double(days), 1)),
            ("days_per_second", .decimal(daysPerSecond, 0)),
          ]
          print(JSONValue.object(fields).compactText())
        } else {
          print("data: \(label), \(tape.days.first!) to \(tape.days.last!), \(days) days")
          print(
            market == .btc
              ? "program: inverse 90 % puts on last-Friday monthly expiries + 1x short inverse perpetual (funding every day, 5 % band); \(trades) trades per run"
              : "program: protective put 95 % rolled at each monthly expiry + daily delta hedge; \(trades) trades per run")
          print("load (align series into the tape): \(ScenarioRunner.plain(loadSeconds * 1000, 1)) ms")
          print("engine: \(ScenarioRunner.plain(median, 3)) ms per backtest (median of \(repetitions); min \(ScenarioRunner.plain(times[0], 3)) ms), \(ScenarioRunner.plain(median * 1e6 / Double(days), 0)) ns per day, \(ScenarioRunner.number(daysPerSecond, 0)) days per second")
        }
      }
    }

    /// The S&P 500 + VIX history from `sharedData` in an in-memory database, or a generated path.
    static func market(sharedData: String, synthetic: Bool) throws -> (any MarketDataSource, String) {
      let folder = URL(fileURLWithPath: sharedData, isDirectory: true)
      let spx = folder.appendingPathComponent("spx_daily.csv").path
      let vix = folder.appendingPathComponent("vix_daily.csv").path
      if !synthetic, FileManager.default.fileExists(atPath: spx), FileManager.default.fileExists(atPath: vix) {
        let database = try MarketDatabase.inMemory()
        var prices = IngestOptions(kind: .price)
        prices.symbol = "SPX"
        _ = try database.ingest(file: spx, options: prices)
        var iv = IngestOptions(kind: .impliedVolatility)
        iv.symbol = "VIX"
        iv.valueColumn = "close"
        iv.unit = .percent
        iv.tenorDays = 30
        iv.moneyness = 1
        _ = try database.ingest(file: vix, options: iv)
        return (database, "S&P 500 + VIX (\(sharedData))")
      }
      return (syntheticMarket(), "generated GBM path (seed 33)")
    }

    /// 8,316 weekdays from 1990-01-02 of a GBM with 7 % drift and 20 % volatility (seeded),
    /// with a flat 20 % `VIX`.
    static func syntheticMarket() -> InMemoryMarketData {
      var days: [Day] = []
      var day = Day(year: 1990, month: 1, day: 2)!
      while days.count < 8_316 {
        if !day.isWeekend { days.append(day) }
        day = day + 1
      }
      var state: UInt64 = 33
      func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
      }
      var path = [360.0]
      let dt = 1.0 / 252
      for _ in 1..<days.count {
        let z = (-2 * Foundation.log(max(uniform(), 1e-300))).squareRoot() * Foundation.cos(2 * .pi * uniform())
        path.append(path[path.count - 1] * Foundation.exp((0.07 - 0.02) * dt + 0.2 * dt.squareRoot() * z))
      }
      return InMemoryMarketData(
        closes: ["SPX": DailySeries(name: "SPX", days: days, values: path)],
        atTheMoneyVolatilities: ["VIX": DailySeries(name: "VIX", days: days, values: [Double](repeating: 0.2, count: days.count))])
    }

    static func scenarioYAML(_ volatility: VolatilityChoice) -> String {
      let source = volatility == .smile
        ? "{ series: VIX, kind: variance-swap, tenor-days: 30 }"
        : "{ atm: VIX, tenor-days: 30, skew: { slope: -0.8, curvature: 0.6, floor: 0.05 } }"
      return """
      name: bench-engine
      data:
        underlyings: [SPX]
        volatility:
          SPX: \(source)
        rate: 0.02
        dividend-yield: { SPX: 0.018 }
      portfolio:
        holdings: [ { symbol: SPX, notional: 1000000 } ]
      costs: { underlying-bps: 1, option-half-spread: 0.02, contract-fee: 0.65, minimum-fee: 1 }
      programs:
        - name: puts-and-daily-delta
          rules:
            - { type: protective-put, strike: 0.95, tenor-days: 30 }
            - { type: delta, every-days: 1 }
      """
    }
  }
}
