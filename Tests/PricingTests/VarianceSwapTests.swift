import HedgeLabTestSupport
import RealModule
import Testing

@testable import Pricing

/// The SSVI smile and the variance-swap calibration behind `variance-swap` volatility series.
@Suite("SSVI smile and variance-swap replication")
struct VarianceSwapTests {
  /// Independent reference: (2/T)·∫ OTM(K)/K² dK with textbook Black-Scholes prices (F = 1,
  /// r = q = 0, T = 1) by composite Simpson in ln K over ±|kmax|, 400,001 points.
  func referenceReplication(_ w: (Double) -> Double, kmax: Double = 6) -> Double {
    let n = 400_000
    let h = 2 * kmax / Double(n)
    var sum = 0.0
    for i in 0...n {
      let k = -kmax + Double(i) * h
      let strike = Double.exp(k)
      let kind: OptionKind = k < 0 ? .put : .call
      let price = BlackScholesMerton.price(
        OptionContract(kind: kind, strike: strike, timeToExpiry: 1),
        MarketState(spot: 1, volatility: w(k).squareRoot(), riskFreeRate: 0))
      // dK/K² = e^{−k} dk
      let weight: Double = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2)
      sum += weight * price * Double.exp(-k)
    }
    return 2 * sum * h / 3
  }

  @Test("a flat smile's variance swap is its variance (Demeterfi et al. 1999: K_var = σ²)",
        arguments: [0.0001, 0.0025, 0.04, 0.25, 1.0])
  func flatSmile(w: Double) {
    let v = VarianceSwap.totalVariance { _ in w }
    #expect(isClose(v, w, relative: 1e-9), "flat w = \(w): replicated \(v)")
  }

  @Test("a skewed SSVI smile matches an independent Simpson quadrature of Black prices to 1e-6")
  func skewedSmileMatchesQuadrature() {
    for (theta, smile) in [
      (0.0025, SurfaceSVI.spxDefault), (0.01, SurfaceSVI(rho: -0.5, eta: 1.2)),
      (0.04, SurfaceSVI(rho: 0.3, eta: 0.8, gamma: 0.4)),
    ] {
      let w = { (k: Double) in smile.totalVariance(logMoneyness: k, atTheMoneyTotalVariance: theta) }
      let production = VarianceSwap.totalVariance(smile: w)
      let reference = referenceReplication(w)
      #expect(isClose(production, reference, relative: 1e-6), "θ = \(theta) \(smile): \(production) vs \(reference)")
      #expect(production > theta, "a curved smile's variance swap exceeds the ATM variance")
    }
  }

  @Test("SSVI reproduces θ at the money and has the closed-form ATM skew ρφ√θ/(2√T)")
  func atTheMoneyAndSkew() {
    let smile = SurfaceSVI.spxDefault
    let T = 30.0 / 365
    let atm = 0.17
    let theta = atm * atm * T
    #expect(isClose(smile.totalVariance(logMoneyness: 0, atTheMoneyTotalVariance: theta), theta, relative: 1e-15))
    let h = 1e-5
    let up = smile.volatility(logMoneyness: h, atTheMoney: atm, timeToExpiry: T)
    let down = smile.volatility(logMoneyness: -h, atTheMoney: atm, timeToExpiry: T)
    let skew = (up - down) / (2 * h)
    let closedForm = smile.rho * smile.curvature(theta) * theta.squareRoot() / (2 * T.squareRoot())
    #expect(isClose(skew, closedForm, relative: 1e-6))
    #expect(skew < 0, "equity default is a put skew")
  }

  @Test("the default and the bound of Gatheral & Jacquier (2014): η(1+|ρ|) ≤ 2")
  func arbitrageBound() {
    #expect(SurfaceSVI.spxDefault.isFreeOfStaticArbitrage)
    #expect(!SurfaceSVI(rho: -0.7, eta: 1.3).isFreeOfStaticArbitrage)
    #expect(!SurfaceSVI(rho: -0.7, eta: 1.0, gamma: 0.7).isFreeOfStaticArbitrage)
  }

  @Test("butterflies priced on the smile are non-negative across the admissible parameter range")
  func butterfliesNonNegative() {
    var rng = SplitMix64(seed: 9)
    for _ in 0..<300 {
      let rho = -0.95 + 1.9 * rng.uniform(0, 1)
      let etaMax = 2 / (1 + abs(rho))
      let smile = SurfaceSVI(rho: rho, eta: etaMax * (0.05 + 0.95 * rng.uniform(0, 1)), gamma: 0.1 + 0.4 * rng.uniform(0, 1))
      let T = [1.0 / 365, 7.0 / 365, 30.0 / 365, 0.25, 1, 3][Int(rng.next() % 6)]
      let atm = 0.05 + 1.2 * rng.uniform(0, 1)
      let dK = 0.0025
      var strike = 0.3
      while strike < 2.5 {
        let price = { (K: Double) -> Double in
          let σ = smile.volatility(logMoneyness: Double.log(K), atTheMoney: atm, timeToExpiry: T)
          return BlackScholesMerton.price(
            OptionContract(kind: .call, strike: K, timeToExpiry: T), MarketState(spot: 1, volatility: σ, riskFreeRate: 0))
        }
        let fly = price(strike - dK) - 2 * price(strike) + price(strike + dK)
        #expect(fly >= -1e-12, "butterfly at K = \(strike), T = \(T), atm = \(atm), \(smile): \(fly)")
        if fly < -1e-12 { return }
        strike += 0.05
      }
    }
  }

  @Test("the calibration inverts the variance-swap map to 1e-9 and the ATM lies below the index")
  func calibrationRoundTrip() {
    let calibration = VarianceSwapCalibration(smile: .spxDefault)
    for vix in [0.09, 0.12, 0.19, 0.30, 0.45, 0.83] {
      for tenorDays in [1.0, 30, 91, 365] {
        let T = tenorDays / 365
        let target = vix * vix * T
        let theta = calibration.atTheMoneyTotalVariance(varianceSwapTotalVariance: target)
        let direct = VarianceSwap.totalVariance {
          SurfaceSVI.spxDefault.totalVariance(logMoneyness: $0, atTheMoneyTotalVariance: theta)
        }
        #expect(isClose(direct, target, relative: 1e-9), "VIX \(vix), \(tenorDays) d: \(direct) vs \(target)")
        let atm = (theta / T).squareRoot()
        #expect(atm < vix, "calibrated ATM \(atm) must sit below the index \(vix) for a skewed smile")
      }
    }
  }

  @Test("the inverse table returns φ(θ) with θ, to 1e-9 relative, for ρ, η, γ across the admissible range")
  func inverseTableCurvature() {
    var random = SplitMix64(seed: 91)
    for _ in 0..<6 {
      let rho = random.uniform(-0.9, 0.5)
      let smile = SurfaceSVI(rho: rho, eta: random.uniform(0.2, 1.9 / (1 + abs(rho))), gamma: random.uniform(0.2, 0.5))
      let calibration = VarianceSwapCalibration(smile: smile)
      for _ in 0..<400 {
        // Inside the table: V = σ²T from about 2.5e-6 to 4.5.
        let vol = random.logUniform(0.03, 1.5)
        let T = random.logUniform(1.0 / 365, 2)
        let atm = calibration.atTheMoney(varianceSwapTotalVariance: vol * vol * T)
        #expect(isClose(atm.curvature, smile.curvature(atm.theta), relative: 1e-9), "\(smile) vol \(vol) T \(T)")
        // The forward map of the solved θ returns the level (to the forward table's accuracy).
        #expect(isClose(calibration.varianceSwapTotalVariance(atTheMoneyTotalVariance: atm.theta), vol * vol * T, relative: 1e-9))
      }
    }
  }

  @Test("outside the table θ/V is held at its end values; no input gives a trap")
  func inverseTableEdges() {
    let calibration = VarianceSwapCalibration(smile: .spxDefault)
    let inverse = calibration.inverse
    // Continuous across both ends of the table.
    for v in [inverse.lowRatio, inverse.highRatio].indices {
      let edgeKey = v == 0 ? inverse.firstSegmentKey : inverse.firstSegmentKey + inverse.segmentCount
      let edge = Double(bitPattern: edgeKey << VarianceSwapInverse.offsetBits)
      let below = calibration.atTheMoney(varianceSwapTotalVariance: edge.nextDown)
      let above = calibration.atTheMoney(varianceSwapTotalVariance: edge)
      #expect(isClose(below.theta, above.theta, relative: 1e-9), "θ jumps at \(edge)")
      #expect(isClose(below.curvature, above.curvature, relative: 1e-9), "φ jumps at \(edge)")
    }
    // Far outside: finite for positive V, and the same ratio as at the end.
    let tiny = calibration.atTheMoney(varianceSwapTotalVariance: 1e-12)
    #expect(tiny.theta > 0 && tiny.theta < 1e-12 && tiny.curvature.isFinite)
    let huge = calibration.atTheMoney(varianceSwapTotalVariance: 1e6)
    #expect(huge.theta > 1e5 && huge.theta < 1e6 && huge.curvature.isFinite)
    // NaN in, NaN out (callers clamp the level first); no crash.
    #expect(calibration.atTheMoney(varianceSwapTotalVariance: .nan).theta.isNaN)
  }

  @Test("a flat smile (η → 0) calibrates the ATM to the index itself")
  func flatShapeCalibratesToIndex() {
    let calibration = VarianceSwapCalibration(smile: SurfaceSVI(rho: 0, eta: 1e-9))
    let T = 30.0 / 365
    let theta = calibration.atTheMoneyTotalVariance(varianceSwapTotalVariance: 0.2 * 0.2 * T)
    #expect(isClose((theta / T).squareRoot(), 0.2, relative: 1e-7))
  }
}
