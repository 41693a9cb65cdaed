/// What a program holds on one day: cash, the initial holdings, the underlying units traded by
/// rules, option and futures positions. A value type: rules receive a read-only copy and
/// return orders; only the engine changes it.
public struct Portfolio: Sendable {
  /// Cash account, in currency; earns (or pays, when negative) the risk-free rate.
  public internal(set) var cash: Double
  /// Units of each underlying held from the start (`portfolio.holdings`), by underlying index.
  public internal(set) var baseUnits: [Double]
  /// Units of each underlying bought or sold by rules (the hedge legs), by underlying index.
  public internal(set) var hedgeUnits: [Double]
  public internal(set) var options: [OptionPosition]
  public internal(set) var futures: [FuturePosition]
  /// Incremented whenever an option position is opened, resized, closed or settled, so a
  /// rule can tell that the option book changed since it last looked (futures trades, which
  /// only hedge delta, do not count).
  public internal(set) var revision: Int
  /// With `financing: holdings`: today's hedge cash flow so far (premiums, settlements and
  /// costs; + received), which the engine offsets by trading the holdings after the rules;
  /// `nil` with `financing: cash`. Lets a rule size options on the units held *after* that
  /// financing trade, as the Cboe PPUT/BXM methodologies do.
  public internal(set) var pendingFinancing: Double?

  public init(cash: Double, baseUnits: [Double]) {
    self.cash = cash
    self.baseUnits = baseUnits
    hedgeUnits = [Double](repeating: 0, count: baseUnits.count)
    options = []
    futures = []
    revision = 0
    pendingFinancing = nil
  }

  /// Total units of underlying `u` held (initial holdings plus hedge trades).
  @inline(__always)
  public func units(of u: Int) -> Double { baseUnits[u] + hedgeUnits[u] }

  /// Portfolio delta on underlying `u`, in units of it: shares, plus options' and futures'
  /// deltas at the implied volatility.
  public func delta(of u: Int) -> Double {
    var d = baseUnits[u] + hedgeUnits[u]
    for o in options where o.underlying == u { d += o.quantity * o.delta }
    for f in futures where f.underlying == u { d += f.quantity * f.delta }
    return d
  }

  /// Portfolio gamma on underlying `u` (units of underlying per unit of spot).
  public func gamma(of u: Int) -> Double {
    var g = 0.0
    for o in options where o.underlying == u { g += o.quantity * o.gamma }
    return g
  }

  /// Portfolio vega on underlying `u` (currency per 1.00 of volatility).
  public func vega(of u: Int) -> Double {
    var v = 0.0
    for o in options where o.underlying == u { v += o.quantity * o.vega }
    return v
  }

  /// Value of the option positions, in currency.
  public var optionValue: Double {
    var v = 0.0
    for o in options { v += o.quantity * o.price }
    return v
  }

  /// Marked-to-market value, in currency: cash, underlying units at `spot(u)`, options at mid
  /// (futures are settled daily, so they add nothing).
  public func value(spot: (Int) -> Double) -> Double {
    var v = cash + optionValue
    for u in baseUnits.indices { v += (baseUnits[u] + hedgeUnits[u]) * spot(u) }
    return v
  }

  /// Whether `owner` holds any live option position.
  public func hasOptions(ownedBy owner: Int) -> Bool {
    options.contains { $0.owner == owner }
  }
}
