import MarketData
import Pricing

/// An option position: a European option on one underlying, held until it expires or a rule
/// closes it. A value: the engine replaces it, nobody shares it.
public struct OptionPosition: Sendable, Hashable {
  /// Unique within one program run.
  public let id: Int
  /// Index of the rule that opened it in its program; −1 for the initial portfolio.
  public let owner: Int
  /// Index of the underlying in the scenario's `data.underlyings`.
  public let underlying: Int
  public let kind: OptionKind
  /// Strike, in currency.
  public let strike: Double
  /// Settlement day and its calendar index.
  public let expiry: Expiry
  /// Signed units of the underlying (+ long, − short).
  public internal(set) var quantity: Double
  /// Today's mid price per unit, in currency (intrinsic value on the settlement day).
  public internal(set) var price: Double
  /// Today's greeks per unit at the implied volatility used: delta (units of underlying),
  /// gamma (per unit of spot), vega (per 1.00 of volatility), theta (per year).
  public internal(set) var delta: Double
  public internal(set) var gamma: Double
  public internal(set) var vega: Double
  public internal(set) var theta: Double
  /// The implied volatility used today (decimal, annualised).
  public internal(set) var volatility: Double
  /// The price at the previous step, for the day's option P&L.
  var previousPrice: Double

  /// Value of the position today: `quantity · price`.
  public var value: Double { quantity * price }
}

/// A futures position on one underlying, settled daily (variation margin paid to cash), so its
/// value after each step is zero. The futures price follows cost of carry:
/// `F = S·e^{(r − q)·T}`, T in years (calendar days / 365).
public struct FuturePosition: Sendable, Hashable {
  public let id: Int
  /// Index of the rule that opened it; −1 for the initial portfolio.
  public let owner: Int
  public let underlying: Int
  public let expiry: Expiry
  /// Signed units of the underlying.
  public internal(set) var quantity: Double
  /// Today's futures price, in currency.
  public internal(set) var price: Double
  /// ∂F/∂S = e^{(r − q)·T}: the delta of one unit of the future, in units of underlying.
  public internal(set) var delta: Double
  /// The terms of a perpetual swap (price = spot, delta 1, funding), nil for a dated future.
  public internal(set) var perpetual: PerpetualTerms? = nil
  /// An inverse perpetual's or inverse dated future's fixed USD face value `N·size` (its
  /// quantity is `face/price` at each close); 0 otherwise.
  public internal(set) var faceValue: Double = 0
  /// The terms of a dated future opened by a rule with a basis (``DatedFutureTerms``); nil for
  /// a perpetual or a cost-of-carry future.
  public internal(set) var dated: DatedFutureTerms? = nil
  /// The index in ``MarketTape/ruleSeries`` of its stored funding or basis series; −1 for none.
  var storedSeries: Int = -1

  /// True when its margin and P&L are paid in the coin (an inverse perpetual or dated future).
  var isInverse: Bool {
    perpetual?.settlement == .inverse || dated?.settlement == .inverse
  }
}
