import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation

/// Synthetic markets for the simulator and experiment tests: seeded geometric Brownian paths on a weekday or
/// every-day calendar, held in `InMemoryMarketData`.
public enum Fixtures {
  /// `count` weekdays (Monday to Friday) from `start` on.
  public static func weekdays(from start: Day, count: Int) -> [Day] {
    var days: [Day] = []
    var d = start
    while days.count < count {
      if !d.isWeekend { days.append(d) }
      d = d + 1
    }
    return days
  }

  /// `count` consecutive calendar days from `start`.
  public static func everyDay(from start: Day, count: Int) -> [Day] {
    (0..<count).map { start + $0 }
  }

  /// A standard normal variate (Box-Muller on two uniforms).
  public static func normal(_ rng: inout SplitMix64) -> Double {
    let u1 = max(rng.uniform(0, 1), 1e-300)
    let u2 = rng.uniform(0, 1)
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }

  /// A geometric Brownian path `S_{t+1} = S_t·exp((μ − σ²/2)Δt + σ√Δt·Z)`, Δt in calendar
  /// days / 365 between consecutive days (the engine's year fraction).
  public static func gbm(
    days: [Day], spot: Double, drift: Double = 0, volatility: Double, rng: inout SplitMix64
  ) -> [Double] {
    var path = [spot]
    for t in 1..<days.count {
      let dt = Double(days[t - 1].days(to: days[t])) / 365
      let z = normal(&rng)
      path.append(
        path[t - 1] * Foundation.exp((drift - volatility * volatility / 2) * dt + volatility * dt.squareRoot() * z))
    }
    return path
  }

  /// A market with one or more price series, optional ATM volatility series and rate series.
  public static func market(
    closes: [String: (days: [Day], values: [Double])],
    volatility: [String: (days: [Day], values: [Double])] = [:],
    rates: [String: (days: [Day], values: [Double])] = [:]
  ) -> InMemoryMarketData {
    func series(_ table: [String: (days: [Day], values: [Double])]) -> [String: DailySeries] {
      Dictionary(
        uniqueKeysWithValues: table.map {
          ($0.key, DailySeries(name: $0.key, days: $0.value.days, values: $0.value.values))
        })
    }
    return InMemoryMarketData(
      closes: series(closes), atTheMoneyVolatilities: series(volatility), rates: series(rates))
  }

  /// Loads `yaml` and runs it on `data`.
  public static func run(_ yaml: String, on data: any MarketDataSource, file: String = "test.yaml") throws
    -> BacktestResult
  {
    let scenario = try ScenarioLoader.load(yaml: yaml, file: file)
    let tape = try MarketTape.load(scenario, from: data)
    return Backtest(scenario: scenario, tape: tape).run()
  }

  /// A one-index market: `IDX` on weekdays from 2020-01-02, GBM with the given volatility, an
  /// ATM volatility series `IDXVOL` equal to `impliedVolatility`, and a rate series `RATE`.
  public static func indexMarket(
    seed: UInt64, count: Int = 300, volatility: Double = 0.2, impliedVolatility: Double = 0.2,
    rate: Double = 0.02, drift: Double = 0.05
  ) -> InMemoryMarketData {
    var rng = SplitMix64(seed: seed)
    let days = weekdays(from: Day(year: 2020, month: 1, day: 2)!, count: count)
    let path = gbm(days: days, spot: 100, drift: drift, volatility: volatility, rng: &rng)
    return market(
      closes: ["IDX": (days, path)],
      volatility: ["IDXVOL": (days, [Double](repeating: impliedVolatility, count: count))],
      rates: ["RATE": (days, [Double](repeating: rate, count: count))])
  }
}
