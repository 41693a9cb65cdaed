import MarketData

/// One program's day-by-day state, as structure of arrays (one element per step).
///
/// Units: currency unless stated. `delta` and `gamma` are summed over underlyings as money
/// exposures: `delta = Σ_u Δ_u·S_u` (the first-order P&L of a 100 % move, i.e. the
/// equivalent holding in currency) and `gamma = Σ_u Γ_u·S_u²` (so a relative move `x` gives
/// about `½·gamma·x²`); `vega` per 1.00 of volatility, `theta` per year. The P&L columns split
/// the change of `value` since the previous step exactly:
/// `value[t] − value[t−1] = pnlUnderlying + pnlOptions + pnlCarry − costs`.
public struct DailyRecord: Sendable, Equatable, Codable {
  /// Marked-to-market value after the day's trades.
  public var value: [Double]
  /// Value of the positions opened by rules (hedge units at spot, options at mid).
  public var hedgeValue: [Double]
  public var cash: [Double]
  public var delta: [Double]
  public var gamma: [Double]
  public var vega: [Double]
  public var theta: [Double]
  /// Price moves of held underlying units plus futures variation margin.
  public var pnlUnderlying: [Double]
  /// Change in option values (settlements at intrinsic included; trades at mid add nothing).
  public var pnlOptions: [Double]
  /// Interest on cash and dividends on underlying units (paid when short).
  public var pnlCarry: [Double]
  /// Costs charged that day (≥ 0; subtracted from value).
  public var costs: [Double]

  init(
    value: [Double], hedgeValue: [Double], cash: [Double], delta: [Double], gamma: [Double],
    vega: [Double], theta: [Double], pnlUnderlying: [Double], pnlOptions: [Double],
    pnlCarry: [Double], costs: [Double]
  ) {
    self.value = value
    self.hedgeValue = hedgeValue
    self.cash = cash
    self.delta = delta
    self.gamma = gamma
    self.vega = vega
    self.theta = theta
    self.pnlUnderlying = pnlUnderlying
    self.pnlOptions = pnlOptions
    self.pnlCarry = pnlCarry
    self.costs = costs
  }

  init(count: Int) {
    let zeros = [Double](repeating: 0, count: count)
    value = zeros
    hedgeValue = zeros
    cash = zeros
    delta = zeros
    gamma = zeros
    vega = zeros
    theta = zeros
    pnlUnderlying = zeros
    pnlOptions = zeros
    pnlCarry = zeros
    costs = zeros
  }
}
