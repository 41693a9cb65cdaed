/// Everything the Pricing module can reject, with the facts needed to say why.
///
/// Messages follow the QuantLib pattern "<name> (<value>) must be <condition>", followed by
/// what to do about it.
public enum PricingError: Error, Equatable, CustomStringConvertible, Sendable {
  /// An input outside its domain, e.g. a negative volatility or a zero spot.
  case invalidInput(name: String, value: Double, condition: String, remedy: String)

  /// No volatility reproduces `price`: it lies outside the no-arbitrage bounds
  /// `[lowerBound, upperBound)` of a European option with these terms (lower bound =
  /// discounted intrinsic value of the forward, upper bound = S·e^{−qT} for a call,
  /// K·e^{−rT} for a put).
  case noImpliedVolatility(
    kind: OptionKind, price: Double, spot: Double, strike: Double, timeToExpiry: Double,
    riskFreeRate: Double, dividendYield: Double, lowerBound: Double, upperBound: Double)

  /// The solver stopped without reaching its accuracy (a bug: the algorithm is meant to
  /// converge for every admissible price). Carries the best volatility found.
  case impliedVolatilityNotConverged(
    kind: OptionKind, price: Double, spot: Double, strike: Double, timeToExpiry: Double,
    riskFreeRate: Double, dividendYield: Double, bestVolatility: Double)

  /// A volatility surface needs at least one point.
  case emptySurface

  /// Two points of a volatility surface share an expiry and a log-moneyness.
  case duplicateSurfacePoint(timeToExpiry: Double, logMoneyness: Double)

  public var description: String {
    switch self {
    case let .invalidInput(name, value, condition, remedy):
      return "\(name) (\(value)) must be \(condition); \(remedy)"
    case let .noImpliedVolatility(kind, price, spot, strike, t, r, q, lower, upper):
      return "no implied volatility exists for a European \(kind) priced \(price) "
        + "(spot \(spot), strike \(strike), timeToExpiry \(t) years, riskFreeRate \(r), "
        + "dividendYield \(q)): price (\(price)) must be at least \(lower) (discounted "
        + "intrinsic value) and below \(upper) (the price at infinite volatility); "
        + "check the price, the option type and the rate/dividend inputs"
    case let .impliedVolatilityNotConverged(kind, price, spot, strike, t, r, q, best):
      return "implied volatility of a European \(kind) priced \(price) (spot \(spot), "
        + "strike \(strike), timeToExpiry \(t) years, riskFreeRate \(r), dividendYield \(q)) "
        + "did not converge (best volatility \(best)); this is a bug in HedgeLab, "
        + "please report these inputs"
    case .emptySurface:
      return "volatility surface points (0 points) must be at least one point; "
        + "pass one or more (timeToExpiry, logMoneyness, volatility) points"
    case let .duplicateSurfacePoint(t, k):
      return "volatility surface point (timeToExpiry \(t), logMoneyness \(k)) must be unique; "
        + "remove or average the duplicate quotes"
    }
  }
}
