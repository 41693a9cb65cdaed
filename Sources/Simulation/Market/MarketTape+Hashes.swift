import MarketData

extension MarketTape {
  /// The hash of every aligned input series of the tape, as recorded with runs and sweep
  /// points and written to `manifest.json`: `close S` and `implied_volatility S` per
  /// underlying, `risk_free_rate`, `dividend_yield S` per underlying (``SeriesHash``).
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
    return series.map { SeriesHash(series: $0, days: days, values: $1) }
  }
}
