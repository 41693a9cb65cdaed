/// Many European options as a structure of arrays: the input of ``BatchPricer``.
///
/// Element `i` of every array describes option `i`. Units as in ``OptionContract`` and
/// ``MarketState``: `kinds` is +1 for a call and −1 for a put; strikes and spots in currency
/// units; expiries as year fractions; vols, rates and dividends decimal, annualised,
/// continuously compounded. All arrays must have the same length (a programming error,
/// checked with a precondition by the pricer).
public struct OptionBatch: Sendable {
  /// +1 (call) or −1 (put).
  public var kinds: [Double]
  public var strikes: [Double]
  /// Year fractions.
  public var expiries: [Double]
  public var spots: [Double]
  /// Decimal annualised volatilities.
  public var vols: [Double]
  /// Risk-free rates, decimal, continuously compounded.
  public var rates: [Double]
  /// Dividend yields, decimal, continuously compounded.
  public var dividends: [Double]

  /// An empty batch with room for `capacity` options.
  public init(reservingCapacity capacity: Int = 0) {
    kinds = []
    strikes = []
    expiries = []
    spots = []
    vols = []
    rates = []
    dividends = []
    kinds.reserveCapacity(capacity)
    strikes.reserveCapacity(capacity)
    expiries.reserveCapacity(capacity)
    spots.reserveCapacity(capacity)
    vols.reserveCapacity(capacity)
    rates.reserveCapacity(capacity)
    dividends.reserveCapacity(capacity)
  }

  /// A batch from whole arrays (all of the same length).
  public init(
    kinds: [Double], strikes: [Double], expiries: [Double], spots: [Double], vols: [Double],
    rates: [Double], dividends: [Double]
  ) {
    self.kinds = kinds
    self.strikes = strikes
    self.expiries = expiries
    self.spots = spots
    self.vols = vols
    self.rates = rates
    self.dividends = dividends
  }

  /// The number of options.
  public var count: Int { strikes.count }

  /// True when every array has `count` elements.
  public var isConsistent: Bool {
    let n = strikes.count
    return kinds.count == n && expiries.count == n && spots.count == n && vols.count == n
      && rates.count == n && dividends.count == n
  }

  /// Appends one option priced in one market.
  public mutating func append(_ option: OptionContract, _ market: MarketState) {
    kinds.append(option.kind == .call ? 1 : -1)
    strikes.append(option.strike)
    expiries.append(option.timeToExpiry)
    spots.append(market.spot)
    vols.append(market.volatility)
    rates.append(market.riskFreeRate)
    dividends.append(market.dividendYield)
  }

  /// Option `index` as scalar values.
  public func option(at index: Int) -> (OptionContract, MarketState) {
    (
      OptionContract(
        kind: kinds[index] > 0 ? .call : .put, strike: strikes[index],
        timeToExpiry: expiries[index]),
      MarketState(
        spot: spots[index], volatility: vols[index], riskFreeRate: rates[index],
        dividendYield: dividends[index])
    )
  }
}

/// The output of ``BatchPricer/priceAndGreeks(_:into:threads:)``: element `i` belongs to
/// option `i`. Units as in ``Greeks`` (vega per 1.00 vol, theta per year).
public struct GreeksBatch: Sendable {
  public var price: [Double]
  public var delta: [Double]
  public var gamma: [Double]
  public var vega: [Double]
  public var theta: [Double]

  /// Zero-filled arrays for `count` options.
  public init(count: Int = 0) {
    price = Array(repeating: 0, count: count)
    delta = price
    gamma = price
    vega = price
    theta = price
  }

  public var count: Int { price.count }

  /// Resizes every array to `count` (no allocation if the size already matches).
  mutating func resize(to count: Int) {
    guard price.count != count || delta.count != count || gamma.count != count
      || vega.count != count || theta.count != count
    else { return }
    self = GreeksBatch(count: count)
  }
}
