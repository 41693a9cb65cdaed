import RealModule

/// The Black-Scholes-Merton volatility that reproduces `price`.
///
/// Method: the price is normalised to Jäckel's form `β = P·e^{rT}/√(F·K)` with
/// `x = ln(F/K)`, `F = S·e^{(r−q)T}`, and mapped by put-call parity to the out-of-the-money
/// call (x ≤ 0), which has the largest vega/price ratio and no cancellation
/// (see ``ImpliedVolatilitySolver`` for the iteration). After the bound checks below every
/// price has exactly one solution, and the solver returns it to machine precision in the
/// normalised price (relative error ≲ 1e-14; the tested guarantee is 1e-10 relative or
/// 1e-12 absolute in the price), from one day to 30 years and for strikes far beyond
/// moneyness 0.5–2. It never returns NaN and never iterates more than a fixed number of times.
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
