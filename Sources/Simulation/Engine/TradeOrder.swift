import MarketData
import Pricing

/// Why a trade happened, as recorded in the ledger.
public enum TradeReason: String, Sendable, Hashable, Codable, CaseIterable {
  /// The initial portfolio, bought at the first day's mid without costs.
  case initial
  /// A rule opened a new position.
  case open
  /// A rule closed a position to replace it.
  case roll
  /// A rule adjusted a hedge (delta, gamma, vega, beta).
  case rebalance
  /// A rule closed a position without replacing it.
  case close
  /// An option or future reached its settlement day and settled at intrinsic value.
  case expiry
  /// Holdings sold or bought to pay for the day's hedge trades (`financing: holdings`).
  case financing
}

/// A trade a rule asks for; the engine executes it at the day's prices, charges the costs
/// and books it. Quantities are signed units of the underlying (+ buy, − sell).
public enum TradeOrder: Sendable, Equatable {
  /// Buy or sell units of an underlying.
  case underlying(Int, quantity: Double, reason: TradeReason)
  /// Open a new option position.
  case openOption(
    underlying: Int, kind: OptionKind, strike: Double, expiry: Expiry, quantity: Double,
    reason: TradeReason)
  /// Add `by` (signed) to the option position with this id.
  case resizeOption(id: Int, by: Double, reason: TradeReason)
  /// Close the option position with this id at mid.
  case closeOption(id: Int, reason: TradeReason)
  /// Open a futures position at today's futures price.
  case openFuture(underlying: Int, expiry: Expiry, quantity: Double, reason: TradeReason)
  /// Add `by` (signed) to the futures position with this id.
  case resizeFuture(id: Int, by: Double, reason: TradeReason)
  /// Close the futures position with this id.
  case closeFuture(id: Int, reason: TradeReason)
  /// Open a perpetual swap at today's spot (resized and closed as a future).
  case openPerpetual(underlying: Int, quantity: Double, terms: PerpetualTerms, reason: TradeReason)
  /// Open a dated future with a basis (``DatedFutureTerms``) at today's futures price;
  /// `quantity` in coin (units of the underlying).
  case openDatedFuture(
    underlying: Int, expiry: Expiry, quantity: Double, terms: DatedFutureTerms, reason: TradeReason)
}

/// What a trade was in: an underlying, an option or a future.
public struct Instrument: Sendable, Hashable, Codable {
  public enum Kind: String, Sendable, Hashable, Codable { case underlying, option, future }
  public var kind: Kind
  /// Index of the underlying in the scenario's `data.underlyings`.
  public var underlying: Int
  /// Call or put, for options.
  public var optionKind: OptionKind?
  /// Strike in currency, for options.
  public var strike: Double?
  /// Settlement day, for options and futures.
  public var expiry: Day?

  public init(kind: Kind, underlying: Int, optionKind: OptionKind? = nil, strike: Double? = nil, expiry: Day? = nil) {
    self.kind = kind
    self.underlying = underlying
    self.optionKind = optionKind
    self.strike = strike
    self.expiry = expiry
  }

  /// `SPX`, `SPX put 2850.00 2020-03-20` or `SPX future 2020-03-20`.
  public func description(symbols: [String]) -> String {
    let symbol = symbols[underlying]
    switch kind {
    case .underlying: return symbol
    case .option:
      return "\(symbol) \(optionKind?.rawValue ?? "?") \(fixed(strike ?? 0, 2)) \(expiry?.description ?? "")"
    case .future: return expiry.map { "\(symbol) future \($0)" } ?? "\(symbol) perpetual"
    }
  }
}

/// One booked trade or settlement.
public struct TradeRecord: Sendable, Hashable, Codable {
  public var day: Day
  /// Index of the rule in its program; −1 for the initial portfolio.
  public var rule: Int
  public var instrument: Instrument
  /// Signed units of the underlying.
  public var quantity: Double
  /// Execution price per unit at mid (options: premium; futures: futures price; settlements:
  /// intrinsic value), in currency.
  public var price: Double
  /// Costs charged, by kind, in currency.
  public var costs: TradeCosts
  public var reason: TradeReason
}

/// `value` with exactly `digits` decimals (``DecimalText/fixed(_:_:grouping:)``).
func fixed(_ value: Double, _ digits: Int) -> String { DecimalText.fixed(value, digits) }
