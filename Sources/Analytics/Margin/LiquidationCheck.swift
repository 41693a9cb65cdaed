import MarketData
import Simulation

/// Would a venue have liquidated the program? Each day's equity against its maintenance margin,
/// with the peak and average margin in USD and in coin.
///
/// From the daily maintenance margin `M_t` and value (equity) `V_t`, both in the portfolio's
/// currency (coin for `portfolio.currency: BTC`), after each day's trades (``MarginModel``):
/// - a **breach** is a day with `V_t < M_t`: the equity would have fallen below maintenance
///   margin and the venue would have started to liquidate (listed with `V_t` and `M_t`);
/// - `peakUSD = max_t M_t·P_t`, `averageUSD = (1/n)·Σ_t M_t·P_t`, with `P_t` the USD price of
///   one unit of the portfolio's currency (1 for USD, the coin's close for a coin);
/// - with a coin `c` (the portfolio's currency, or the only underlying of a scenario margined
///   by a crypto model): `peakCoin = max_t M_t·P_t/S_{c,t}` and `averageCoin` likewise.
///
/// The check uses closes only: a day whose intraday low breached the margin but whose close
/// did not is not flagged (daily data have no intraday path).
public struct LiquidationCheck: Sendable, Equatable {
  /// One day on which equity was below the maintenance margin (portfolio currency).
  public struct Breach: Sendable, Equatable {
    public var day: Day
    public var equity: Double
    public var maintenance: Double
  }

  /// The margin model's scenario word (`tims`, `crypto-portfolio`, `crypto-standard`).
  public var model: String
  /// The portfolio's currency (`USD` or a coin).
  public var currency: String
  public var breaches: [Breach]
  /// USD.
  public var peakUSD: Double
  public var averageUSD: Double
  /// The coin the margin is also stated in, or `nil`.
  public var coin: String?
  /// Coin, or `nil` without a coin.
  public var peakCoin: Double?
  public var averageCoin: Double?

  /// - Parameters:
  ///   - margin: maintenance margin per day, portfolio currency.
  ///   - equity: value per day, portfolio currency.
  ///   - currencyPrice: USD per unit of the portfolio currency per day (`nil`: USD).
  ///   - coinPrice: USD per coin per day, with `coin` (`nil`: no coin figures).
  public init?(
    model: String, currency: String, margin: [Double], equity: [Double], days: [Day],
    currencyPrice: [Double]?, coin: String?, coinPrice: [Double]?
  ) {
    guard !margin.isEmpty, margin.count == days.count, equity.count == days.count else { return nil }
    self.model = model
    self.currency = currency
    breaches = days.indices.filter { equity[$0] < margin[$0] }.map {
      Breach(day: days[$0], equity: equity[$0], maintenance: margin[$0])
    }
    let usd = margin.indices.map { margin[$0] * (currencyPrice?[$0] ?? 1) }
    peakUSD = usd.max()!
    averageUSD = usd.reduce(0, +) / Double(usd.count)
    if let coin, let coinPrice {
      let coins = usd.indices.map { usd[$0] / coinPrice[$0] }
      self.coin = coin
      peakCoin = coins.max()!
      averageCoin = coins.reduce(0, +) / Double(coins.count)
    } else {
      self.coin = nil
      peakCoin = nil
      averageCoin = nil
    }
  }

  /// The lines `compare` prints under its table for a crypto margin model (empty for `tims`):
  /// per program the peak and average margin (USD, coin) and the days below maintenance.
  public static func text(_ c: ScenarioComparison) -> String {
    if case .tims = c.scenario.margin { return "" }
    var text = "\nliquidation check (\(c.scenario.margin.name) maintenance margin vs equity at each close; Scenarios/README.md, margin)\n"
    for (name, check) in checks(c) {
      text += "  \(name): margin peak \(DisplayFormat.fixed(check.peakUSD, 0, grouping: true)) USD"
      if let coin = check.coin, let peak = check.peakCoin, let average = check.averageCoin {
        text += " (\(DisplayFormat.fixed(peak, 4)) \(coin)), average \(DisplayFormat.fixed(check.averageUSD, 0, grouping: true)) USD (\(DisplayFormat.fixed(average, 4)) \(coin))"
      } else {
        text += ", average \(DisplayFormat.fixed(check.averageUSD, 0, grouping: true)) USD"
      }
      text += "; \(check.breaches.count) days below maintenance"
      if let first = check.breaches.first { text += " (first \(first.day), last \(check.breaches.last!.day))" }
      text += "\n"
    }
    return text
  }

  /// The check of every program of `c` run with a margin model, in report order.
  public static func checks(_ c: ScenarioComparison) -> [(program: String, check: LiquidationCheck)] {
    let model = c.scenario.margin
    let crypto: Bool
    if case .tims = model { crypto = false } else { crypto = true }
    return c.programReports.compactMap { report in
      guard let program = report.program, let margin = program.margin else { return nil }
      let spec = c.scenario.programs.first { $0.name == report.name }?.portfolio ?? c.scenario.portfolio
      let currencyIndex = c.symbols.firstIndex(of: spec.currency)
      let coinIndex = currencyIndex ?? (crypto && c.symbols.count == 1 ? 0 : nil)
      return LiquidationCheck(
        model: model.name, currency: spec.currency, margin: margin, equity: program.daily.value,
        days: c.days, currencyPrice: currencyIndex.map { c.spots[$0] },
        coin: coinIndex.map { c.symbols[$0] }, coinPrice: coinIndex.map { c.spots[$0] }
      ).map { (report.name, $0) }
    }
  }
}
