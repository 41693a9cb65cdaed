extension ScenarioComparison {
  /// Decimals for currency rows: 4 when the portfolio starts below 100 units of its currency
  /// (a coin-denominated portfolio: `portfolio.currency: BTC`), else 0.
  var currencyDecimals: Int {
    guard let first = reports.first?.rows.first(where: { $0.unit == .currency }),
      case .number(let value) = first.value
    else { return 0 }
    return abs(value) < 100 ? 4 : 0
  }
}
