import MarketData
import Pricing

/// How the cash flows of hedges (option premiums paid or received, settlements of the rules'
/// options at expiry, and every trading cost) are funded.
public enum Financing: String, Sendable, Equatable, CaseIterable {
  /// From the cash account, which may go negative and then pays the risk-free rate: an
  /// overlay on a fixed holding.
  case cash
  /// By selling (or, for a net inflow, buying) the holdings in proportion to their values at
  /// the day's closes, after the day's rules have traded: a self-financing, fully invested
  /// portfolio, as in the Cboe PPUT and BXM index methodologies (premiums paid by selling
  /// the index, payoffs and call premiums reinvested in it). Underlying trades of delta
  /// hedges are not offset (only their costs are); the costs of the financing trades
  /// themselves are paid from cash.
  case holdings
}

/// What happens to the dividends of the holdings (`portfolio.dividends`).
///
/// Dividends accrue on every unit held (`units·S_{t−1}·(e^{q_{t−1}Δt} − 1)`, currency) and are
/// always credited to cash and booked as carry; this decides whether they then stay there.
public enum DividendTreatment: String, Sendable, Equatable, CaseIterable {
  /// Each day's dividend of a holding buys units of that holding at the day's close, with no
  /// transaction cost and no ledger entry, as total-return indices reinvest dividends (S&P
  /// Dow Jones Indices' total-return methodology; Cboe PPUT and BXM are computed on the
  /// total-return S&P 500): the holding is the total-return holding. Only the holdings
  /// (`portfolio.holdings` and the units `financing: holdings` trades) are reinvested; units
  /// held by rules (delta hedges) keep paying or receiving their dividends in cash.
  case reinvest
  /// The dividends stay in the cash account and earn the risk-free rate: the number of units
  /// held only changes by trades.
  case cash
}

/// The portfolio held at the start of the period, before any rule trades.
public struct PortfolioSpec: Sendable, Equatable, Decodable {
  /// Initial cash, in currency (may be negative: borrowed).
  public var cash: Double
  /// How hedge cash flows are funded (default `cash`).
  public var financing: Financing
  /// What the holdings' dividends do (default ``defaultDividends(for:)``: `reinvest` with
  /// `financing: holdings`, `cash` with `financing: cash`).
  public var dividends: DividendTreatment
  public var holdings: [HoldingSpec]
  public var options: [OptionSpec]
  public var futures: [FutureSpec]
  /// The unit every value and metric is reported in: `USD` (the default: the currency of the
  /// prices) or the symbol of the scenario's one underlying (`BTC`), dividing each day's USD
  /// values by that day's close. The ledger (trades) stays in USD.
  public var currency: String

  enum Keys: String, CodingKey, CaseIterable { case cash, financing, dividends, holdings, options, futures, currency }

  /// - Parameter dividends: `nil` takes ``defaultDividends(for:)`` of `financing`.
  public init(
    cash: Double = 0, financing: Financing = .cash, dividends: DividendTreatment? = nil,
    holdings: [HoldingSpec] = [], options: [OptionSpec] = [], futures: [FutureSpec] = [],
    currency: String = "USD"
  ) {
    self.cash = cash
    self.financing = financing
    self.dividends = dividends ?? Self.defaultDividends(for: financing)
    self.holdings = holdings
    self.options = options
    self.futures = futures
    self.currency = currency
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    cash = try c.number(.cash, default: 0, .any)
    financing = try c.choice(.financing, Financing.self, default: .cash)
    dividends = try c.choice(.dividends, DividendTreatment.self, default: Self.defaultDividends(for: financing))
    holdings = try c.decodeIfPresent([HoldingSpec].self, forKey: .holdings) ?? []
    if financing == .holdings, holdings.isEmpty {
      throw c.issue(.financing, .invalid("financing: holdings sells holdings to pay for hedges, and portfolio.holdings is empty; add holdings or use financing: cash"))
    }
    options = try c.decodeIfPresent([OptionSpec].self, forKey: .options) ?? []
    futures = try c.decodeIfPresent([FutureSpec].self, forKey: .futures) ?? []
    currency = try c.optionalText(.currency) ?? "USD"
  }

  /// The dividend treatment when `dividends:` is not given: all of a portfolio's cash flows
  /// go the same way. `financing: holdings` is the fully invested portfolio of the Cboe
  /// PPUT/BXM methodologies, which hold the total-return index, so dividends are reinvested;
  /// `financing: cash` keeps every cash flow in the cash account, dividends included.
  public static func defaultDividends(for financing: Financing) -> DividendTreatment {
    financing == .holdings ? .reinvest : .cash
  }
}

/// How large a position is: a number of units, or a notional in currency converted to units
/// at the first day's close.
public enum PositionSize: Sendable, Equatable {
  case units(Double)
  case notional(Double)
}

/// Shares (or index units) of one underlying held from the first day.
public struct HoldingSpec: Sendable, Equatable, Decodable {
  public var symbol: String
  public var size: PositionSize

  enum Keys: String, CodingKey, CaseIterable { case symbol, units, notional }

  public init(symbol: String, size: PositionSize) {
    self.symbol = symbol
    self.size = size
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    symbol = try c.text(.symbol, expected: "one of data.underlyings")
    let nonZero = Condition(holds: { $0 != 0 }, text: "non-zero (negative is short)")
    switch try c.exactlyOne(of: [.units, .notional]) {
    case .units: size = .units(try c.number(.units, nonZero))
    default: size = .notional(try c.number(.notional, nonZero))
    }
  }
}

/// A strike as a fraction of the day's spot (0.95 = 5 % out of the money for a put) or as a
/// price.
public enum StrikeSpec: Sendable, Equatable {
  case fractionOfSpot(Double)
  case absolute(Double)
}

/// An expiry as a date, or as a tenor in calendar days mapped to the nearest standard monthly
/// expiry (see ``ExpiryCalendar``).
public enum ExpirySpec: Sendable, Equatable {
  case date(Day)
  case tenorDays(Int)
}

/// An option position held from the first day, bought or sold at that day's mid price
/// (no costs: it is assumed already held).
public struct OptionSpec: Sendable, Equatable, Decodable {
  public var symbol: String
  public var kind: OptionKind
  public var strike: StrikeSpec
  public var expiry: ExpirySpec
  /// Signed units of the underlying (+ long, − short).
  public var quantity: Double

  enum Keys: String, CodingKey, CaseIterable {
    case symbol, kind, strike, expiry, quantity
    case strikePrice = "strike-price"
    case tenorDays = "tenor-days"
  }

  public init(
    symbol: String, kind: OptionKind, strike: StrikeSpec, expiry: ExpirySpec, quantity: Double
  ) {
    self.symbol = symbol
    self.kind = kind
    self.strike = strike
    self.expiry = expiry
    self.quantity = quantity
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    symbol = try c.text(.symbol, expected: "one of data.underlyings")
    kind = try c.choice(.kind, OptionKind.self)
    switch try c.exactlyOne(of: [.strike, .strikePrice]) {
    case .strike: strike = .fractionOfSpot(try c.number(.strike, .strikeFraction))
    default: strike = .absolute(try c.number(.strikePrice, .positive))
    }
    expiry = try decodeExpiry(c, date: .expiry, tenor: .tenorDays)
    quantity = try c.number(
      .quantity, Condition(holds: { $0 != 0 }, text: "non-zero (units of underlying; negative is short)"))
  }
}

/// A futures position held from the first day, entered at that day's futures price.
public struct FutureSpec: Sendable, Equatable, Decodable {
  public var symbol: String
  public var expiry: ExpirySpec
  /// Signed units of the underlying (+ long, − short).
  public var quantity: Double

  enum Keys: String, CodingKey, CaseIterable {
    case symbol, expiry, quantity
    case tenorDays = "tenor-days"
  }

  public init(symbol: String, expiry: ExpirySpec, quantity: Double) {
    self.symbol = symbol
    self.expiry = expiry
    self.quantity = quantity
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    symbol = try c.text(.symbol, expected: "one of data.underlyings")
    expiry = try decodeExpiry(c, date: .expiry, tenor: .tenorDays)
    quantity = try c.number(
      .quantity, Condition(holds: { $0 != 0 }, text: "non-zero (units of underlying; negative is short)"))
  }
}

func decodeExpiry<K: Equatable>(_ c: KeyedDecodingContainer<K>, date: K, tenor: K) throws -> ExpirySpec {
  switch try c.exactlyOne(of: [date, tenor]) {
  case date:
    guard let day = try c.optionalDay(date) else {
      throw c.issue(date, .missing(expected: "a date of the form YYYY-MM-DD"))
    }
    return .date(day)
  default: return .tenorDays(try c.integer(tenor, in: 1...3650))
  }
}

extension Condition {
  /// A strike as a fraction of spot.
  static let strikeFraction = Condition.within(0.05, 3, "a fraction of spot: 0.95 is 95 %")
}
