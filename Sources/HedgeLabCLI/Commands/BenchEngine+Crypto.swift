import ArgumentParser
import Foundation
import MarketData

/// The market `bench engine` runs on.
enum BenchMarket: String, ExpressibleByArgument, CaseIterable {
  case spx, btc
}

extension HedgeLab.Bench.BenchEngine {
  /// The real BTC closes (`crypto/btc_daily.csv` in `sharedData`) with the generated
  /// DVOL-like index (``SyntheticCrypto``, seed 7) in an in-memory database (not timed).
  static func bitcoinMarket(sharedData: String) throws -> (any MarketDataSource, String) {
    let file = URL(fileURLWithPath: sharedData, isDirectory: true)
      .appendingPathComponent("crypto/btc_daily.csv").path
    guard FileManager.default.fileExists(atPath: file) else {
      throw CommandFailure(
        "\(file) is missing: --market btc needs the real BTC history (see ../shared/data/crypto/README.md); pass --shared-data",
        exitStatus: ExitStatus.noInput)
    }
    let database = try MarketDatabase.inMemory()
    var prices = IngestOptions(kind: .price)
    prices.symbol = "BTC"
    _ = try database.ingest(file: file, options: prices)
    let closes = try database.closes(of: "BTC", from: nil, to: nil)
    let model = SyntheticCrypto.series(days: closes.days, closes: closes.values, seed: 7)
    let source = InMemoryMarketData(
      closes: ["BTC": closes],
      atTheMoneyVolatilities: [
        "BTC-DVOL": DailySeries(name: "BTC-DVOL", days: model.days, values: model.impliedVolatility)
      ])
    return (source, "BTC (\(file)) + generated DVOL-like index (seed 7)")
  }

  static let bitcoinScenarioYAML = """
    name: bench-engine-btc
    calendar: calendar-365
    data:
      underlyings: [BTC]
      volatility:
        BTC: { series: BTC-DVOL, kind: variance-swap, tenor-days: 30, smile: { rho: 0.0, eta: 1.0 } }
      rate: 0
    portfolio:
      holdings: [ { symbol: BTC, units: 1 } ]
    costs: { underlying-bps: 5, future-bps: 5, option-half-spread: 0.05 }
    programs:
      - name: inverse-puts-and-short-perpetual
        rules:
          - { type: protective-put, strike: 0.9, expiry: monthly, tenor-days: 30, settlement: inverse }
          - { type: perpetual-hedge, hedge-ratio: 1, rebalance-band: 0.05, funding: { interval: 8h, rate: 0.0001 } }
    """
}
