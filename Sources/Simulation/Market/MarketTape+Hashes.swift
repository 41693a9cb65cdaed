import MarketData

extension MarketTape {
  /// The hash of every aligned input series of the tape, as recorded with runs and sweep
  /// points and written to `manifest.json`: `close S` and `implied_volatility S` per
  /// underlying, `risk_free_rate`, `dividend_yield S` per underlying, and `dividend_cash S`
  /// (the cash dividend paid at each step) for underlyings that are paid any (``SeriesHash``).
  public var seriesHashes: [SeriesHash] {
    let n = count
    var series = [(String, [Double])]()
    for (u, s) in symbols.enumerated() { series.append(("close \(s)", (0..<n).map { spot(u, $0) })) }
    for (u, s) in symbols.enumerated() {
      series.append(("implied_volatility \(s)", (0..<n).map { atTheMoneyVolatility(u, $0) }))
    }
    series.append(("risk_free_rate", (0..<n).map { riskFreeRate($0) }))
    for (u, s) in symbols.enumerated() {
      series.append(("dividend_yield \(s)", (0..<n).map { dividendYield(u, $0) }))
    }
    // Cash dividends only where paid: runs recorded without them keep their hashes.
    for (u, s) in symbols.enumerated() {
      let column = Array(cashDividends[(u * n)..<((u + 1) * n)])
      if column.contains(where: { $0 != 0 }) { series.append(("dividend_cash \(s)", column)) }
    }
    return series.map { SeriesHash(series: $0, days: days, values: $1) }
  }
}
