import MarketData
import Simulation

/// A simulated program's P&L explained two ways: by source (underlying, options, carry,
/// costs, from the engine's exact split) and, for option books on one underlying, by greek
/// (delta, gamma, vega, theta, residual; a Taylor expansion, see `GreekAttribution`).
///
/// All amounts in currency units. Day 0's P&L is the change from the initial value (before the
/// first day's trades) to the first close, i.e. the first day's costs; every later day's P&L
/// is `value[t] − value[t−1] = underlying + options + carry − costs`.
public struct ProgramAttribution: Sendable {
  /// Cumulative P&L by source: components `underlying`, `options`, `carry`, `costs` (costs
  /// negative), with the residual against the actual value changes (0 up to rounding: a
  /// non-zero residual is a simulator bug).
  public let pnl: PnLAttribution
  /// Daily greek attribution of the market P&L (underlying + options, carry and costs
  /// excluded) from day 1 on, or `nil` when the program held no options or the scenario
  /// has more than one underlying (the recorded greeks are money greeks summed over
  /// underlyings, which one spot move cannot explain).
  public let greeks: [GreekAttribution]?

  /// The source components' names, in the order of `pnl.names`.
  public static let componentNames = ["underlying", "options", "carry", "costs"]

  /// Σ over days of each greek term: (delta, gamma, vega, theta, residual), currency units;
  /// `nil` without a greek attribution.
  public var greekTotals: (delta: Double, gamma: Double, vega: Double, theta: Double, residual: Double)? {
    guard let greeks else { return nil }
    var t = (delta: 0.0, gamma: 0.0, vega: 0.0, theta: 0.0, residual: 0.0)
    for g in greeks {
      t.delta += g.delta
      t.gamma += g.gamma
      t.vega += g.vega
      t.theta += g.theta
      t.residual += g.residual
    }
    return t
  }

  /// Attribution of one program of `result`.
  ///
  /// Greeks: the engine records money greeks (`delta = Σ Δ·S`, `gamma = Σ Γ·S²`), converted
  /// back to per-unit greeks of the single underlying (`Δ = delta / S`, `Γ = gamma / S²`);
  /// the volatility change is that of the at-the-money implied volatility, so skew moves of
  /// other strikes land in the residual.
  ///
  /// - Throws: `AnalyticsError` when a recorded series is not finite or has the wrong length.
  public init(program: ProgramResult, in result: BacktestResult) throws(AnalyticsError) {
    let d = program.daily
    let n = d.value.count
    var actual = [Double](repeating: 0, count: n)
    if n > 0 { actual[0] = d.value[0] - program.summary.initialValue }
    for t in 1..<max(n, 1) { actual[t] = d.value[t] - d.value[t - 1] }
    pnl = try PnLAttribution(
      components: [
        PnLComponent(name: "underlying", daily: d.pnlUnderlying),
        PnLComponent(name: "options", daily: d.pnlOptions),
        PnLComponent(name: "carry", daily: d.pnlCarry),
        PnLComponent(name: "costs", daily: d.costs.map { 0 - $0 }),
      ],
      actual: actual)

    let holdsOptions =
      program.trades.contains { $0.instrument.kind == .option } || d.vega.contains { $0 != 0 }
    if holdsOptions, result.symbols.count == 1, n >= 2 {
      let spot = result.spots[0]
      var delta = [Double](repeating: 0, count: n)
      var gamma = [Double](repeating: 0, count: n)
      for t in 0..<n {
        delta[t] = d.delta[t] / spot[t]
        gamma[t] = d.gamma[t] / (spot[t] * spot[t])
      }
      var market = [Double](repeating: 0, count: n - 1)
      for t in 1..<n { market[t - 1] = d.pnlUnderlying[t] + d.pnlOptions[t] }
      greeks = try GreekAttribution.daily(
        days: result.days, spot: spot, volatility: result.impliedVolatility[0], delta: delta,
        gamma: gamma, vega: d.vega, theta: d.theta, actualPnL: market, daysPerYear: 365)
    } else {
      greeks = nil
    }
  }
}
