import HedgeLabTestSupport
import RealModule
import Testing

@testable import Pricing

/// Identities of the generalized Black-Scholes-Merton model over seeded random grids
/// (SplitMix64; the seed is in each test, so any failure replays exactly).
@Suite("Black-Scholes-Merton identities over random inputs")
struct BlackScholesMertonPropertyTests {
  struct Case: CustomStringConvertible {
    var option: OptionContract
    var market: MarketState
    var description: String { "\(option) \(market)" }
  }

  /// Moneyness K/S e^{±range}, expiry log-uniform in [minimumExpiry, 30 y], vol 1 %–200 %,
  /// rates −3 %…+12 %, dividend yields −1 %…+8 %.
  static func cases(
    seed: UInt64, count: Int = 10_000, logMoneyness: Double = 1.5,
    minimumExpiry: Double = 1.0 / 365, volatility: ClosedRange<Double> = 0.01...2
  ) -> [Case] {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { _ in
      let spot = random.logUniform(1, 10_000)
      let kind: OptionKind = random.next() & 1 == 0 ? .call : .put
      let strike = spot * Double.exp(random.uniform(-logMoneyness, logMoneyness))
      let expiry = random.logUniform(minimumExpiry, 30)
      let vol = random.uniform(volatility.lowerBound, volatility.upperBound)
      let rate = random.uniform(-0.03, 0.12)
      let dividend = random.uniform(-0.01, 0.08)
      return Case(
        option: OptionContract(kind: kind, strike: strike, timeToExpiry: expiry),
        market: MarketState(spot: spot, volatility: vol, riskFreeRate: rate, dividendYield: dividend))
    }
  }

  func price(_ c: Case, kind: OptionKind? = nil, spot: Double? = nil, strike: Double? = nil,
             expiry: Double? = nil, vol: Double? = nil, rate: Double? = nil, dividend: Double? = nil)
    -> Double
  {
    BlackScholesMerton.price(
      OptionContract(
        kind: kind ?? c.option.kind, strike: strike ?? c.option.strike,
        timeToExpiry: expiry ?? c.option.timeToExpiry),
      MarketState(
        spot: spot ?? c.market.spot, volatility: vol ?? c.market.volatility,
        riskFreeRate: rate ?? c.market.riskFreeRate,
        dividendYield: dividend ?? c.market.dividendYield))
  }

  @Test("put-call parity: C − P = S·e^{−qT} − K·e^{−rT} (10,000 inputs, seed 1)")
  func putCallParity() {
    for c in Self.cases(seed: 1) {
      let T = c.option.timeToExpiry
      let call = price(c, kind: .call)
      let put = price(c, kind: .put)
      let forwardValue =
        c.market.spot * Double.exp(-c.market.dividendYield * T)
        - c.option.strike * Double.exp(-c.market.riskFreeRate * T)
      let scale = c.market.spot * Double.exp(-c.market.dividendYield * T)
        + c.option.strike * Double.exp(-c.market.riskFreeRate * T)
      #expect(abs((call - put) - forwardValue) <= 1e-13 * scale, "\(c)")
    }
  }

  @Test("no-arbitrage bounds: discounted intrinsic ≤ V ≤ S·e^{−qT} (call), K·e^{−rT} (put)")
  func priceBounds() {
    for c in Self.cases(seed: 2) {
      let T = c.option.timeToExpiry
      let discountedSpot = c.market.spot * Double.exp(-c.market.dividendYield * T)
      let discountedStrike = c.option.strike * Double.exp(-c.market.riskFreeRate * T)
      let value = price(c)
      let slack = 1e-13 * (discountedSpot + discountedStrike)
      let intrinsic =
        c.option.kind == .call
        ? max(discountedSpot - discountedStrike, 0) : max(discountedStrike - discountedSpot, 0)
      let upper = c.option.kind == .call ? discountedSpot : discountedStrike
      #expect(value.isFinite && value >= intrinsic - slack && value <= upper + slack, "\(c): \(value)")
    }
  }

  @Test("monotonicity: calls fall and puts rise with the strike; both rise with volatility")
  func monotonicity() {
    for c in Self.cases(seed: 3) {
      let higherStrike = c.option.strike * 1.01
      let higherVol = c.market.volatility * 1.01
      let base = price(c)
      let slack = 1e-13 * (c.market.spot + c.option.strike)
      if c.option.kind == .call {
        #expect(price(c, strike: higherStrike) <= base + slack, "\(c)")
      } else {
        #expect(price(c, strike: higherStrike) >= base - slack, "\(c)")
      }
      #expect(price(c, vol: higherVol) >= base - slack, "\(c)")
    }
  }

  @Test("every greek equals its central finite difference (10,000 inputs, seed 4)")
  func greeksMatchFiniteDifferences() {
    // Moderate inputs, where a central difference is itself accurate to ~1e-7.
    for c in Self.cases(seed: 4, logMoneyness: 0.7, minimumExpiry: 0.05, volatility: 0.05...1) {
      let g = BlackScholesMerton.greeks(c.option, c.market)
      let S = c.market.spot
      let T = c.option.timeToExpiry
      let σ = c.market.volatility
      // Steps scaled to the width of the distribution (σ√T), where the curvature lives.
      let width = σ * T.squareRoot()
      let hS = 1e-4 * S * width
      let hσ = 1e-4 * σ
      let hT = 1e-4 * T
      let hr = 1e-4 * width / T
      func delta(spot: Double? = nil, vol: Double? = nil, expiry: Double? = nil) -> Double {
        BlackScholesMerton.delta(
          OptionContract(kind: c.option.kind, strike: c.option.strike, timeToExpiry: expiry ?? T),
          MarketState(
            spot: spot ?? S, volatility: vol ?? σ, riskFreeRate: c.market.riskFreeRate,
            dividendYield: c.market.dividendYield))
      }
      func vega(vol: Double) -> Double {
        var m = c.market
        m.volatility = vol
        return BlackScholesMerton.greeks(c.option, m).vega
      }
      let checks: [(String, Double, Double, Double)] = [
        // (name, analytic, finite difference, absolute scale of the quantity)
        ("delta", g.delta, (price(c, spot: S + hS) - price(c, spot: S - hS)) / (2 * hS), 1),
        ("gamma", g.gamma, (delta(spot: S + hS) - delta(spot: S - hS)) / (2 * hS), 1 / S),
        ("vega", g.vega, (price(c, vol: σ + hσ) - price(c, vol: σ - hσ)) / (2 * hσ), S),
        ("theta", g.theta, -(price(c, expiry: T + hT) - price(c, expiry: T - hT)) / (2 * hT), S),
        ("rho", g.rho,
         (price(c, rate: c.market.riskFreeRate + hr) - price(c, rate: c.market.riskFreeRate - hr)) / (2 * hr), S),
        ("phi", g.phi,
         (price(c, dividend: c.market.dividendYield + hr) - price(c, dividend: c.market.dividendYield - hr)) / (2 * hr), S),
        ("vanna", g.vanna, (delta(vol: σ + hσ) - delta(vol: σ - hσ)) / (2 * hσ), 1),
        ("volga", g.volga, (vega(vol: σ + hσ) - vega(vol: σ - hσ)) / (2 * hσ), S),
        ("charm", g.charm, -(delta(expiry: T + hT) - delta(expiry: T - hT)) / (2 * hT), 1),
      ]
      for (name, analytic, difference, scale) in checks {
        #expect(
          abs(analytic - difference) <= 1e-5 * abs(analytic) + 1e-9 * scale,
          "\(name): analytic \(analytic), finite difference \(difference), \(c)")
      }
    }
  }

  @Test("vega = S²·σ·T·gamma (the identity pfhedge tests) over 10,000 inputs, seed 5")
  func vegaGammaIdentity() {
    for c in Self.cases(seed: 5) {
      let g = BlackScholesMerton.greeks(c.option, c.market)
      let S = c.market.spot
      let expected = S * S * c.market.volatility * c.option.timeToExpiry * g.gamma
      #expect(isClose(g.vega, expected, absolute: 1e-300, relative: 1e-12), "\(c)")
    }
  }

  @Test("every greek is finite over extreme inputs (deep strikes, 1-day to 30-year, σ 1e-6…10)")
  func finiteEverywhere() {
    var random = SplitMix64(seed: 6)
    for _ in 0..<10_000 {
      let spot = random.logUniform(1e-6, 1e8)
      let option = OptionContract(
        kind: random.next() & 1 == 0 ? .call : .put,
        strike: spot * Double.exp(random.uniform(-40, 40)),
        timeToExpiry: random.logUniform(1e-6, 30))
      let market = MarketState(
        spot: spot, volatility: random.logUniform(1e-6, 10), riskFreeRate: random.uniform(-0.2, 0.5),
        dividendYield: random.uniform(-0.2, 0.5))
      let g = BlackScholesMerton.greeks(option, market)
      for value in [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho, g.phi, g.vanna, g.volga, g.charm] {
        #expect(value.isFinite, "\(option) \(market): \(g)")
      }
      #expect(g.price >= 0)
    }
  }
}

/// The limits the documentation promises, value by value.
@Suite("Black-Scholes-Merton edge cases")
struct BlackScholesMertonEdgeCaseTests {
  let market = MarketState(spot: 100, volatility: 0.2, riskFreeRate: 0.05, dividendYield: 0.02)

  @Test("expiry now: intrinsic value and digital delta (1, ½, 0), no gamma or vega")
  func expiryNow() {
    for (strike, callDelta) in [(90.0, 1.0), (100.0, 0.5), (110.0, 0.0)] {
      let call = BlackScholesMerton.greeks(OptionContract(kind: .call, strike: strike, timeToExpiry: 0), market)
      let put = BlackScholesMerton.greeks(OptionContract(kind: .put, strike: strike, timeToExpiry: 0), market)
      #expect(call.price == max(100 - strike, 0))
      #expect(put.price == max(strike - 100, 0))
      #expect(call.delta == callDelta)
      #expect(put.delta == callDelta - 1)
      #expect(call.gamma == 0 && call.vega == 0 && put.gamma == 0 && put.vega == 0)
      #expect(call.rho == 0 && call.phi == 0)
    }
  }

  @Test("zero volatility: the discounted intrinsic value of the forward")
  func zeroVolatility() {
    var flat = market
    flat.volatility = 0
    let T = 0.5
    let forward = 100 * Double.exp((0.05 - 0.02) * T)
    for strike in [80.0, forward, 120.0] {
      let call = BlackScholesMerton.price(OptionContract(kind: .call, strike: strike, timeToExpiry: T), flat)
      let put = BlackScholesMerton.price(OptionContract(kind: .put, strike: strike, timeToExpiry: T), flat)
      let discount = Double.exp(-0.05 * T)
      #expect(isClose(call, discount * max(forward - strike, 0), absolute: 1e-12, relative: 1e-14))
      #expect(isClose(put, discount * max(strike - forward, 0), absolute: 1e-12, relative: 1e-14))
    }
    let g = BlackScholesMerton.greeks(OptionContract(kind: .call, strike: 80, timeToExpiry: T), flat)
    #expect(isClose(g.delta, Double.exp(-0.02 * T), relative: 1e-15))
    #expect(g.gamma == 0 && g.vega == 0 && g.vanna == 0 && g.volga == 0)
  }

  @Test("negative rates: parity and bounds hold, prices finite")
  func negativeRates() {
    let m = MarketState(spot: 100, volatility: 0.3, riskFreeRate: -0.01, dividendYield: -0.005)
    let call = BlackScholesMerton.price(OptionContract(kind: .call, strike: 100, timeToExpiry: 10), m)
    let put = BlackScholesMerton.price(OptionContract(kind: .put, strike: 100, timeToExpiry: 10), m)
    let parity = 100 * Double.exp(0.005 * 10) - 100 * Double.exp(0.01 * 10)
    #expect(isClose(call - put, parity, absolute: 1e-12, relative: 1e-13))
  }

  @Test("huge and tiny strikes: a put is worth K·e^{−rT} − S·e^{−qT}, a call S·e^{−qT}")
  func extremeStrikes() {
    let T = 2.0
    let huge = BlackScholesMerton.greeks(OptionContract(kind: .put, strike: 1e12, timeToExpiry: T), market)
    #expect(isClose(huge.price, 1e12 * Double.exp(-0.05 * T) - 100 * Double.exp(-0.02 * T), relative: 1e-15))
    #expect(isClose(huge.delta, -Double.exp(-0.02 * T), relative: 1e-15))
    #expect(huge.gamma == 0)
    let tiny = BlackScholesMerton.greeks(OptionContract(kind: .call, strike: 1e-12, timeToExpiry: T), market)
    #expect(isClose(tiny.price, 100 * Double.exp(-0.02 * T), relative: 1e-13))
    let otm = BlackScholesMerton.price(OptionContract(kind: .call, strike: 1e12, timeToExpiry: T), market)
    #expect(otm == 0)
  }

  @Test("deep out-of-the-money prices keep relative precision (N through erfc)")
  func deepOutOfTheMoney() {
    // K = 300, σ = 20 %, T = 0.25, r = q = 0: d2 ≈ −11.04; the price 3.4529165077418786e-28
    // was computed with mpmath at 50 digits. With 1 − N(−d) instead of erfc it would be 0.
    let m = MarketState(spot: 100, volatility: 0.2, riskFreeRate: 0, dividendYield: 0)
    let p = BlackScholesMerton.price(OptionContract(kind: .call, strike: 300, timeToExpiry: 0.25), m)
    #expect(isClose(p, 3.4529165077418786e-28, relative: 1e-10), "\(p)")
  }

  @Test("validate() rejects bad inputs with a message naming the field and value")
  func validation() {
    #expect(throws: PricingError.self) {
      try MarketState(spot: 0, volatility: 0.2, riskFreeRate: 0).validate()
    }
    do {
      try MarketState(spot: 100, volatility: -0.2, riskFreeRate: 0).validate()
      Issue.record("negative volatility must be rejected")
    } catch {
      #expect(error.description.hasPrefix("volatility (-0.2) must be finite and non-negative"))
    }
    #expect(throws: PricingError.self) {
      try OptionContract(kind: .call, strike: 100, timeToExpiry: -1).validate()
    }
  }
}
