import RealModule

/// The Black-Scholes-Merton volatility that reproduces `price`.
///
/// Method (chosen for accuracy everywhere and for speed in batches):
/// 1. Bound checks first: the price must lie in `[e^{−rT}·max(θ(F−K), 0), S·e^{−qT})` for a
///    call, `[…, K·e^{−rT})` for a put; outside, no volatility exists and the error names
///    every input and both bounds (QuantLib's `blackFormulaImpliedStdDev` checks the same).
/// 2. Normalise to Jäckel's form (`x = ln(F/K)`, `β = P·e^{rT}/√(F·K)`; "Let's Be Rational",
///    Wilmott 2015) and map by put-call parity to the out-of-the-money call, which has the
///    largest vega/price ratio and no cancellation.
/// 3. Solve b(x, s) = β for s = σ√T by Householder's third-order method on ln b below the
///    inflection point s_c = √(2|x|) and on ln(e^{x/2} − b) above it (both nearly quadratic
///    in s), from a guess inside a rigorous bracket (the tangent at s_c and the wing
///    asymptotics), with bisection as the safeguard and a hard cap on iterations; b itself
///    is evaluated through erfcx so that it keeps relative accuracy deep in the wings.
/// Why not Jäckel's rational-cubic initial guess: it reaches machine precision in two
/// iterations, but it is long and delicate to reproduce; this scheme needs 2–3 evaluations,
/// is short enough to audit, and its branch-free steps vectorise in ``BatchPricer``.
///
/// Accuracy: the repriced option matches `price` to better than 1e-10 relative or 1e-12
/// absolute (tested over 40,000 seeded inputs: moneyness up to e^±6, expiries 1 day–30
/// years, volatilities 1 %–300 %); the volatility itself is recovered to ~1e-12 wherever the
/// price carries volatility information. Never NaN; never more than 48 iterations.
///
/// Special cases: a price equal to the discounted intrinsic value (within 8 ulps of
/// `e^{−rT}·(F + K)`, the round-off of computing it) returns 0, and so does any admissible
/// price when `timeToExpiry == 0`, where every volatility fits.
///
/// - Parameters:
///   - price: The option's present value, in currency units.
///   - option: Kind, strike (currency units) and time to expiry (year fraction).
///   - spot: Spot price of the underlying (currency units).
///   - riskFreeRate: Decimal, annualised, continuously compounded.
///   - dividendYield: Decimal, annualised, continuously compounded.
/// - Returns: Annualised volatility, decimal (0.2 = 20 %).
/// - Throws: ``PricingError/invalidInput(name:value:condition:remedy:)`` for a non-positive
///   spot or strike, a negative or non-finite price or expiry;
///   ``PricingError/noImpliedVolatility(kind:price:spot:strike:timeToExpiry:riskFreeRate:dividendYield:lowerBound:upperBound:)``
///   when the price is outside `[e^{−rT}·max(θ(F−K), 0), S·e^{−qT} (call) or K·e^{−rT} (put))`.
public func impliedVolatility(
  price: Double, of option: OptionContract, spot: Double, riskFreeRate: Double,
  dividendYield: Double
) throws(PricingError) -> Double {
  guard price.isFinite, price >= 0 else {
    throw .invalidInput(
      name: "price", value: price, condition: "finite and non-negative",
      remedy: "pass the option's present value in currency units")
  }
  try option.validate()
  try MarketState(
    spot: spot, volatility: 0, riskFreeRate: riskFreeRate, dividendYield: dividendYield
  ).validate()

  let T = option.timeToExpiry
  let K = option.strike
  let discount = Double.exp(-riskFreeRate * T)
  let forward = spot * Double.exp((riskFreeRate - dividendYield) * T)
  let θ: Double = option.kind == .call ? 1 : -1
  let lower = discount * max(θ * (forward - K), 0)
  let upper = option.kind == .call ? spot * Double.exp(-dividendYield * T) : K * discount
  func outside() -> PricingError {
    .noImpliedVolatility(
      kind: option.kind, price: price, spot: spot, strike: K, timeToExpiry: T,
      riskFreeRate: riskFreeRate, dividendYield: dividendYield, lowerBound: lower,
      upperBound: upper)
  }
  // Prices computed in floating point may sit a few ulps below the exact intrinsic value;
  // such prices are the intrinsic value (volatility 0), anything lower is an error.
  let roundOff = 8 * Double.ulpOfOne * (discount * (forward + K))
  guard price >= lower - roundOff, price < upper else { throw outside() }
  if T == 0 || price <= lower { return 0 }

  let normalisation = discount * (forward.squareRoot() * K.squareRoot())
  let x = Double.log(forward / K)
  // Out-of-the-money call price by parity: a put with x > 0 is the OTM option directly
  // (b_put(x) = b_call(−x)), an ITM call subtracts its intrinsic value.
  let otm = (θ * x <= 0 ? price : price - lower) / normalisation
  let xOTM = -abs(x)
  // The OTM price can fall to 0 or reach its bound through round-off at the extremes.
  guard otm > 0 else { return 0 }
  guard otm < Double.exp(0.5 * xOTM) else { throw outside() }
  let (s, converged) = ImpliedVolatilitySolver.solve(beta: otm, x: xOTM)
  let σ = s / T.squareRoot()
  guard converged, σ.isFinite, σ >= 0 else {
    throw .impliedVolatilityNotConverged(
      kind: option.kind, price: price, spot: spot, strike: K, timeToExpiry: T,
      riskFreeRate: riskFreeRate, dividendYield: dividendYield, bestVolatility: σ)
  }
  return σ
}
