import HedgeLabTestSupport
import RealModule
import Testing

@testable import Pricing

@Suite("Implied volatility")
struct ImpliedVolatilityTests {
  /// Round trip price → implied vol → price for `count` seeded inputs; returns the worst
  /// relative price error among prices above 1e-12 and the worst volatility error among
  /// prices that carry volatility information.
  func roundTrip(
    seed: UInt64, count: Int, logMoneyness: ClosedRange<Double>, expiry: ClosedRange<Double>,
    volatility: ClosedRange<Double> = 0.01...2
  ) {
    var random = SplitMix64(seed: seed)
    for _ in 0..<count {
      let spot = random.logUniform(1, 1_000)
      let kind: OptionKind = random.next() & 1 == 0 ? .call : .put
      let option = OptionContract(
        kind: kind, strike: spot * Double.exp(random.uniform(logMoneyness.lowerBound, logMoneyness.upperBound)),
        timeToExpiry: random.logUniform(expiry.lowerBound, expiry.upperBound))
      let market = MarketState(
        spot: spot, volatility: random.uniform(volatility.lowerBound, volatility.upperBound),
        riskFreeRate: random.uniform(-0.02, 0.1), dividendYield: random.uniform(0, 0.05))
      let price = BlackScholesMerton.price(option, market)
      do {
        let σ = try impliedVolatility(
          price: price, of: option, spot: spot, riskFreeRate: market.riskFreeRate,
          dividendYield: market.dividendYield)
        #expect(σ.isFinite && σ >= 0)
        var repriced = market
        repriced.volatility = σ
        let back = BlackScholesMerton.price(option, repriced)
        // The guarantee: 1e-10 relative or 1e-12 absolute in the price.
        #expect(
          abs(back - price) <= max(1e-10 * price, 1e-12),
          "price \(price) → σ \(σ) → \(back); \(option) \(market)")
        let vega = BlackScholesMerton.greeks(option, market).vega
        if price >= 1e-8 * spot && vega >= 1e-4 * price {
          #expect(abs(σ - market.volatility) <= 1e-9, "σ \(σ) vs \(market.volatility); \(option) \(market)")
        }
      } catch {
        Issue.record("\(error) for \(option) \(market)")
      }
    }
  }

  @Test("round trip, moneyness 0.5–2, 1 day to 30 years (20,000 inputs, seed 11)")
  func roundTripUsual() {
    roundTrip(seed: 11, count: 20_000, logMoneyness: -0.7...0.7, expiry: (1.0 / 365)...30)
  }

  @Test("round trip, deep in and out of the money (moneyness e^±6) (10,000 inputs, seed 12)")
  func roundTripDeep() {
    roundTrip(seed: 12, count: 10_000, logMoneyness: -6...6, expiry: (1.0 / 365)...30)
  }

  @Test("round trip, 1-day expiries, vol 1 %–300 % (10,000 inputs, seed 13)")
  func roundTripOneDay() {
    roundTrip(seed: 13, count: 10_000, logMoneyness: -0.5...0.5, expiry: (1.0 / 365)...(1.0 / 365), volatility: 0.01...3)
  }

  @Test("Hull: S = K = 100, r = 5 %, T = 1, σ = 20 % gives c = 10.4506; back to 20 %")
  func hullCall() throws {
    let option = OptionContract(kind: .call, strike: 100, timeToExpiry: 1)
    let price = BlackScholesMerton.price(option, MarketState(spot: 100, volatility: 0.2, riskFreeRate: 0.05))
    #expect(abs(price - 10.4506) < 0.00005)
    let σ = try impliedVolatility(price: price, of: option, spot: 100, riskFreeRate: 0.05, dividendYield: 0)
    #expect(abs(σ - 0.2) < 1e-14)
  }

  @Test("at the money forward (x = 0) and the intrinsic value (σ = 0) are solved exactly")
  func specialPoints() throws {
    // F = K exactly: r = q.
    let option = OptionContract(kind: .put, strike: 100, timeToExpiry: 0.5)
    let market = MarketState(spot: 100, volatility: 0.35, riskFreeRate: 0.03, dividendYield: 0.03)
    let price = BlackScholesMerton.price(option, market)
    let σ = try impliedVolatility(price: price, of: option, spot: 100, riskFreeRate: 0.03, dividendYield: 0.03)
    #expect(abs(σ - 0.35) < 1e-13)
    let itm = OptionContract(kind: .call, strike: 80, timeToExpiry: 1)
    let intrinsic = 100 - 80 * Double.exp(-0.05)
    #expect(try impliedVolatility(price: intrinsic, of: itm, spot: 100, riskFreeRate: 0.05, dividendYield: 0) == 0)
  }

  @Test("prices outside the no-arbitrage bounds throw an error naming every input and bound")
  func outsideBounds() {
    let call = OptionContract(kind: .call, strike: 90, timeToExpiry: 0.5)
    // Below intrinsic: S − K·e^{−rT} = 100 − 90·e^{−0.025} ≈ 12.22.
    do {
      _ = try impliedVolatility(price: 12, of: call, spot: 100, riskFreeRate: 0.05, dividendYield: 0)
      Issue.record("a call below its intrinsic value has no implied volatility")
    } catch {
      guard case let .noImpliedVolatility(kind, price, spot, strike, t, r, q, lower, upper) = error else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(kind == .call && price == 12 && spot == 100 && strike == 90 && t == 0.5 && r == 0.05 && q == 0)
      #expect(isClose(lower, 100 - 90 * Double.exp(-0.025), relative: 1e-15))
      #expect(upper == 100)
      for fragment in ["12.0", "spot 100.0", "strike 90.0", "timeToExpiry 0.5", "riskFreeRate 0.05", "dividendYield 0.0"] {
        #expect(error.description.contains(fragment), "\(fragment) missing in: \(error)")
      }
    }
    // At or above the upper bound: S·e^{−qT} for a call, K·e^{−rT} for a put.
    #expect(throws: PricingError.self) {
      try impliedVolatility(price: 100, of: call, spot: 100, riskFreeRate: 0.05, dividendYield: 0)
    }
    let put = OptionContract(kind: .put, strike: 90, timeToExpiry: 0.5)
    #expect(throws: PricingError.self) {
      try impliedVolatility(price: 90 * Double.exp(-0.025), of: put, spot: 100, riskFreeRate: 0.05, dividendYield: 0)
    }
  }

  @Test("invalid inputs are rejected, not solved: negative price, zero spot, NaN, negative expiry")
  func invalidInputs() {
    let option = OptionContract(kind: .call, strike: 100, timeToExpiry: 1)
    #expect(throws: PricingError.self) { try impliedVolatility(price: -1, of: option, spot: 100, riskFreeRate: 0, dividendYield: 0) }
    #expect(throws: PricingError.self) { try impliedVolatility(price: .nan, of: option, spot: 100, riskFreeRate: 0, dividendYield: 0) }
    #expect(throws: PricingError.self) { try impliedVolatility(price: 5, of: option, spot: 0, riskFreeRate: 0, dividendYield: 0) }
    #expect(throws: PricingError.self) {
      try impliedVolatility(price: 5, of: OptionContract(kind: .call, strike: 100, timeToExpiry: -1), spot: 100, riskFreeRate: 0, dividendYield: 0)
    }
  }

  @Test("the solver converges within its evaluation cap over the whole normalised domain")
  func solverConvergesEverywhere() {
    // x = ln(F/K) ≤ 0 from 0 to −50, total volatility s from 1e-3 to 40 (seed 14).
    var random = SplitMix64(seed: 14)
    for _ in 0..<10_000 {
      let x = -random.logUniform(1e-8, 50)
      let s = random.logUniform(1e-3, 40)
      let h = x / s
      let t = 0.5 * s
      let beta = NormalisedBlack(h: h, t: t, upperBound: Double.exp(0.5 * x)).value
      guard beta > 1e-300, beta < Double.exp(0.5 * x) else { continue }
      let (solved, converged) = ImpliedVolatilitySolver.solve(beta: beta, x: x)
      #expect(converged, "x \(x), s \(s)")
      let back = NormalisedBlack(h: x / solved, t: 0.5 * solved, upperBound: Double.exp(0.5 * x)).value
      // b is evaluated to ~1e-16·(1 + h²) relative (the wings amplify rounding of s by
      // d ln b/d ln s ≈ h²) and, above the inflection point, to a few ulps of e^{x/2}.
      let tolerance = 1e-13 * (1 + h * h) * beta + 8 * Double.ulpOfOne * Double.exp(0.5 * x)
      #expect(abs(back - beta) <= tolerance, "x \(x), s \(s) → \(solved)")
    }
  }
}
