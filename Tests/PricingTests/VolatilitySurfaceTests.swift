import HedgeLabTestSupport
import Testing

@testable import Pricing

@Suite("Volatility surface and parametric skew")
struct VolatilitySurfaceTests {
  /// Two smiles: 3 months (25 %, 20 %, 18 % at k = −0.2, 0, 0.2) and 1 year (24 %, 21 %, 20 %).
  func surface() throws -> VolatilitySurface {
    try VolatilitySurface(points: [
      (1, 0, 0.21), (0.25, -0.2, 0.25), (0.25, 0, 0.20), (0.25, 0.2, 0.18),
      (1, -0.2, 0.24), (1, 0.2, 0.20),
    ])
  }

  @Test("quoted points are returned exactly; between strikes, linear in log-moneyness")
  func withinSmile() throws {
    let s = try surface()
    #expect(s.expiries == [0.25, 1])
    #expect(s.volatility(timeToExpiry: 0.25, logMoneyness: -0.2) == 0.25)
    #expect(isClose(s.volatility(timeToExpiry: 0.25, logMoneyness: -0.1), 0.225, relative: 1e-15))
    #expect(isClose(s.volatility(timeToExpiry: 1, logMoneyness: 0.1), 0.205, relative: 1e-15))
  }

  @Test("between expiries, total variance σ²T is linear in T at fixed log-moneyness")
  func acrossExpiries() throws {
    let s = try surface()
    let w0 = 0.20 * 0.20 * 0.25
    let w1 = 0.21 * 0.21 * 1
    let T = 0.625  // halfway
    let expected = ((w0 + w1) / 2 / T).squareRoot()
    #expect(isClose(s.volatility(timeToExpiry: T, logMoneyness: 0), expected, relative: 1e-14))
    #expect(isClose(s.totalVariance(timeToExpiry: T, logMoneyness: 0), (w0 + w1) / 2, relative: 1e-14))
  }

  @Test("flat extrapolation in strike and in expiry")
  func extrapolation() throws {
    let s = try surface()
    #expect(s.volatility(timeToExpiry: 0.25, logMoneyness: -1) == 0.25)
    #expect(s.volatility(timeToExpiry: 0.25, logMoneyness: 3) == 0.18)
    #expect(s.volatility(timeToExpiry: 0.01, logMoneyness: 0) == 0.20)
    #expect(s.volatility(timeToExpiry: 5, logMoneyness: 0.2) == 0.20)
    #expect(s.volatility(timeToExpiry: 0, logMoneyness: 0) == 0.20)
  }

  @Test("an arbitrage-free surface reports nothing; decreasing total variance is flagged")
  func calendarArbitrage() throws {
    #expect(try surface().calendarArbitrage.isEmpty)
    // 1-year vol of 9 % under a 3-month 20 %: w = 0.0081 < 0.01 at k = 0.
    let bad = try VolatilitySurface(points: [(0.25, 0, 0.20), (1, 0, 0.09), (1, 0.5, 0.30)])
    #expect(bad.calendarArbitrage.count == 1)
    let violation = try #require(bad.calendarArbitrage.first)
    #expect(violation.logMoneyness == 0 && violation.earlierExpiry == 0.25 && violation.laterExpiry == 1)
    #expect(isClose(violation.earlierTotalVariance, 0.01, relative: 1e-15))
    #expect(isClose(violation.laterTotalVariance, 0.0081, relative: 1e-15))
    #expect(violation.description.contains("must not decrease"))
  }

  @Test("bad points are rejected with the index of the point")
  func invalidPoints() {
    #expect(throws: PricingError.emptySurface) { try VolatilitySurface(points: []) }
    #expect(throws: PricingError.duplicateSurfacePoint(timeToExpiry: 1, logMoneyness: 0)) {
      try VolatilitySurface(points: [(1, 0, 0.2), (1, 0, 0.3)])
    }
    do {
      _ = try VolatilitySurface(points: [(1, 0, 0.2), (1, 0.1, -0.3)])
      Issue.record("a negative volatility must be rejected")
    } catch {
      #expect(error.description.hasPrefix("points[1].volatility (-0.3) must be"))
    }
    #expect(throws: PricingError.self) { try VolatilitySurface(points: [(0, 0, 0.2)]) }
  }

  @Test("parametric skew: atm + slope·k + curvature·k², clamped at the floor")
  func parametricSkew() {
    let skew = ParametricSkew(slope: -0.15, curvature: 0.05, floor: 0.05)
    #expect(skew.volatility(atTheMoney: 0.2, logMoneyness: 0) == 0.2)
    #expect(isClose(skew.volatility(atTheMoney: 0.2, logMoneyness: -0.1), 0.2 + 0.015 + 0.0005, relative: 1e-15))
    // Out-of-the-money puts (k < 0) get more volatility than the at-the-money level.
    #expect(skew.volatility(atTheMoney: 0.2, logMoneyness: -0.3) > 0.2)
    // Far up the strikes the quadratic would turn negative at large slope: clamped.
    let steep = ParametricSkew(slope: -1, curvature: 0, floor: 0.03)
    #expect(steep.volatility(atTheMoney: 0.2, logMoneyness: 1) == 0.03)
  }
}
