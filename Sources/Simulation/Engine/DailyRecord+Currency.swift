import MarketData

extension DailyRecord {
  /// The same record counted in units of an asset whose USD price is `price[t]` (the coin of a
  /// `portfolio.currency: BTC` scenario).
  ///
  /// With `V` the USD value and `S` the coin's price: value, hedge value and cash become
  /// `V/S`; the P&L columns are divided by today's `S_t`, and the coin's own revaluation of
  /// yesterday's value, `V_{t−1}·(1/S_t − 1/S_{t−1})`, joins the underlying P&L, so the
  /// columns still add up: `V_t/S_t − V_{t−1}/S_{t−1} = (V_t − V_{t−1})/S_t + V_{t−1}·(1/S_t −
  /// 1/S_{t−1})`. Money greeks are taken with respect to the coin's price (one underlying):
  /// `delta = S·∂(V/S)/∂S·S/S = (ΣΔS − V)/S`, `gamma = S²·∂²(V/S)/∂S² = (ΣΓS² − 2ΣΔS + 2V)/S`,
  /// vega and theta `/S`.
  func inUnits(of price: [Double]) -> DailyRecord {
    let n = value.count
    var out = DailyRecord(count: n)
    for t in 0..<n {
      let s = price[t]
      out.value[t] = value[t] / s
      out.hedgeValue[t] = hedgeValue[t] / s
      out.cash[t] = cash[t] / s
      out.delta[t] = (delta[t] - value[t]) / s
      out.gamma[t] = (gamma[t] - 2 * delta[t] + 2 * value[t]) / s
      out.vega[t] = vega[t] / s
      out.theta[t] = theta[t] / s
      let revaluation = t > 0 ? value[t - 1] * (1 / s - 1 / price[t - 1]) : 0
      out.pnlUnderlying[t] = pnlUnderlying[t] / s + revaluation
      out.pnlOptions[t] = pnlOptions[t] / s
      out.pnlCarry[t] = pnlCarry[t] / s
      out.costs[t] = costs[t] / s
    }
    return out
  }
}

extension [TradeRecord] {
  /// The ledger counted in units of an asset whose USD price on `days[t]` is `price[t]`:
  /// each trade's price and costs divided by that day's close (quantities stay in units of the
  /// underlying), so premium and cost metrics share the unit of the values.
  func inUnits(of price: [Double], days: [Day]) -> [TradeRecord] {
    var index = 0
    return map { trade in
      while index < days.count - 1, days[index] < trade.day { index += 1 }
      let s = price[index]
      var converted = trade
      converted.price /= s
      converted.costs.commission /= s
      converted.costs.spread /= s
      converted.costs.fees /= s
      converted.costs.minimumFee /= s
      return converted
    }
  }
}
