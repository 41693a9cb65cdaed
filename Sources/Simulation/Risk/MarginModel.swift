import MarketData

/// Which margin a run computes each day (the scenario's `margin: { model: … }`).
///
/// - `tims`: the equity risk-based portfolio margin (``PortfolioMarginModel``), in currency;
///   initial = maintenance.
/// - `cryptoPortfolio`: a crypto venue's portfolio margin in coin (``CryptoPortfolioMarginModel``).
/// - `cryptoStandard`: a crypto venue's per-position margin in coin (``CryptoStandardMarginModel``).
///
/// Every model returns USD (the engine's unit); a run in `portfolio.currency: BTC` divides the
/// daily series by the close, which gives back the coin requirement.
public enum MarginModel: Sendable, Equatable {
  case tims(PortfolioMarginModel)
  case cryptoPortfolio(CryptoPortfolioMarginModel)
  case cryptoStandard(CryptoStandardMarginModel)

  /// The default of a scenario without `margin:`: the equity TIMS-style model.
  public static let standard = MarginModel.tims(.standard)

  /// The scenario word of the model.
  public var name: String {
    switch self {
    case .tims: "tims"
    case .cryptoPortfolio: "crypto-portfolio"
    case .cryptoStandard: "crypto-standard"
    }
  }

  /// The words `margin.model` accepts.
  public static let names = ["tims", "crypto-portfolio", "crypto-standard"]

  /// One line saying what produced the number, for reports.
  public var explanation: String {
    switch self {
    case .tims(let m):
      return "Worst loss over spot ±\(percent(m.indexRange)) % (index), ±\(percent(m.singleStockRange)) % (stock) and vol shifts; currency"
    case .cryptoPortfolio(let m):
      return "Crypto portfolio margin (Deribit style): worst coin loss of options and futures over ±\(percent(m.priceRange)) % in \(2 * m.priceSteps + 1) points × vol up/same/down ((30/days)^\(m.tenorPower) × \(percent(m.volatilityUp)) %), extended moves at \(percent(m.extendedFraction)) %, plus \(m.shortOptionContingency) coin per net short option; maintenance"
    case .cryptoStandard(let m):
      return "Crypto standard margin (Deribit style), per position in coin: short options \(m.shortOptionMaintenance) + mark, futures \(percent(m.futureMaintenance)) % (+\(percent(m.futureRatePerCoin * 100)) % per 100 coin), long options none; maintenance"
    }
  }

  /// Today's requirement of `portfolio`, in USD.
  public func requirement(_ portfolio: Portfolio, _ view: MarketView) -> MarginRequirement {
    switch self {
    case .tims(let m):
      let margin = m.margin(portfolio, view)
      return MarginRequirement(initial: margin, maintenance: margin)
    case .cryptoPortfolio(let m): return m.requirement(PortfolioRevaluation(portfolio, view))
    case .cryptoStandard(let m): return m.requirement(portfolio, view)
    }
  }
}

private func percent(_ x: Double) -> String {
  let p = x * 100
  return p == p.rounded() ? String(Int(p)) : String(p)
}
