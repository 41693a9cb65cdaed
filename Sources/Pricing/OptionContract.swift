/// The terms of a European option, independent of the market it is priced in.
///
/// Conventions: `strike` in the currency of the underlying; `timeToExpiry` as a year fraction
/// (the caller converts dates, e.g. calendar days / 365), never negative. The Pricing module has
/// no calendar: time is only ever a number of years.
public struct OptionContract: Sendable, Hashable {
  /// Call or put.
  public var kind: OptionKind
  /// Strike price, in currency units (same unit as the spot).
  public var strike: Double
  /// Time to expiry as a year fraction (0.25 = three months). Zero means expiring now.
  public var timeToExpiry: Double

  public init(kind: OptionKind, strike: Double, timeToExpiry: Double) {
    self.kind = kind
    self.strike = strike
    self.timeToExpiry = timeToExpiry
  }

  /// Checks the terms for untrusted input: strike positive and finite, expiry finite and ≥ 0.
  /// - Throws: ``PricingError/invalidInput(name:value:condition:remedy:)`` naming the first bad field.
  public func validate() throws(PricingError) {
    guard strike.isFinite, strike > 0 else {
      throw .invalidInput(
        name: "strike", value: strike, condition: "positive and finite",
        remedy: "pass the strike price in the currency of the underlying")
    }
    guard timeToExpiry.isFinite, timeToExpiry >= 0 else {
      throw .invalidInput(
        name: "timeToExpiry", value: timeToExpiry, condition: "finite and non-negative",
        remedy: "pass the time to expiry as a year fraction (e.g. 30 calendar days = 30/365)")
    }
  }
}

/// The market an option is priced in under Black-Scholes-Merton.
///
/// All rates are decimal (0.05 = 5 %), annualised and continuously compounded; `volatility` is
/// the decimal annualised volatility of the log return (0.2 = 20 vol points).
public struct MarketState: Sendable, Hashable {
  /// Spot price of the underlying, in currency units.
  public var spot: Double
  /// Annualised volatility, decimal (0.20 = 20 %).
  public var volatility: Double
  /// Risk-free rate, decimal, annualised, continuously compounded. May be zero or negative.
  public var riskFreeRate: Double
  /// Continuous dividend yield (or foreign rate, or borrow cost), decimal, annualised.
  public var dividendYield: Double

  public init(spot: Double, volatility: Double, riskFreeRate: Double, dividendYield: Double = 0) {
    self.spot = spot
    self.volatility = volatility
    self.riskFreeRate = riskFreeRate
    self.dividendYield = dividendYield
  }

  /// Checks the market for untrusted input: spot positive, volatility ≥ 0, all finite.
  /// - Throws: ``PricingError/invalidInput(name:value:condition:remedy:)`` naming the first bad field.
  public func validate() throws(PricingError) {
    guard spot.isFinite, spot > 0 else {
      throw .invalidInput(
        name: "spot", value: spot, condition: "positive and finite",
        remedy: "pass the price of the underlying in currency units")
    }
    guard volatility.isFinite, volatility >= 0 else {
      throw .invalidInput(
        name: "volatility", value: volatility, condition: "finite and non-negative",
        remedy: "pass the annualised volatility as a decimal (0.2 for 20 %)")
    }
    guard riskFreeRate.isFinite else {
      throw .invalidInput(
        name: "riskFreeRate", value: riskFreeRate, condition: "finite",
        remedy: "pass the continuously compounded rate as a decimal (0.05 for 5 %)")
    }
    guard dividendYield.isFinite else {
      throw .invalidInput(
        name: "dividendYield", value: dividendYield, condition: "finite",
        remedy: "pass the continuous dividend yield as a decimal (0.01 for 1 %)")
    }
  }
}
