import HedgeLabTestSupport
import RealModule
import Testing

@testable import Pricing

@Suite("Batch pricer and its vectorisable elementary functions")
struct BatchPricerTests {
  /// Seeded options over wide ranges, plus the limits: expiry 0, volatility 0, negative rates.
  static func batch(seed: UInt64, count: Int) -> OptionBatch {
    var random = SplitMix64(seed: seed)
    var batch = OptionBatch(reservingCapacity: count)
    for index in 0..<count {
      let spot = random.logUniform(0.01, 10_000)
      var expiry = random.logUniform(1.0 / 365, 30)
      var vol = random.uniform(0.01, 2)
      if index % 50 == 0 { expiry = 0 }
      if index % 50 == 1 { vol = 0 }
      batch.append(
        OptionContract(
          kind: random.next() & 1 == 0 ? .call : .put,
          strike: spot * Double.exp(random.uniform(-3, 3)), timeToExpiry: expiry),
        MarketState(
          spot: spot, volatility: vol, riskFreeRate: random.uniform(-0.03, 0.12),
          dividendYield: random.uniform(-0.01, 0.08)))
    }
    return batch
  }

  @Test("batch price, delta, gamma, vega, theta equal the scalar greeks (20,000 options, seed 21)")
  func batchEqualsScalar() {
    let batch = Self.batch(seed: 21, count: 20_000)
    var out = GreeksBatch()
    BatchPricer.priceAndGreeks(batch, into: &out, threads: 1)
    #expect(out.count == batch.count)
    for i in 0..<batch.count {
      let (option, market) = batch.option(at: i)
      let g = BlackScholesMerton.greeks(option, market)
      let scale = market.spot + option.strike
      // Agreement to ~1e-13 relative; quantities far below the price scale agree absolutely.
      let pairs: [(String, Double, Double, Double)] = [
        ("price", g.price, out.price[i], scale), ("delta", g.delta, out.delta[i], 1),
        ("gamma", g.gamma, out.gamma[i], 1 / market.spot), ("vega", g.vega, out.vega[i], scale),
        ("theta", g.theta, out.theta[i], scale),
      ]
      for (name, scalar, batched, unit) in pairs {
        #expect(
          isClose(scalar, batched, absolute: 1e-15 * unit, relative: 1e-12),
          "\(name): scalar \(scalar), batch \(batched); \(option) \(market)")
      }
    }
  }

  @Test("one option's mark (the simulator's daily mark) is the batch kernel's row, bit for bit")
  func singleMarkIsTheBatchRow() {
    let batch = Self.batch(seed: 24, count: 2_000)
    var out = GreeksBatch()
    BatchPricer.priceAndGreeks(batch, into: &out, threads: 1)
    for i in 0..<batch.count {
      let (option, market) = batch.option(at: i)
      let mark = BatchPricer.mark(option, market)
      #expect(
        mark == OptionMark(price: out.price[i], delta: out.delta[i], gamma: out.gamma[i], vega: out.vega[i], theta: out.theta[i]),
        "\(option) \(market)")
    }
  }

  @Test("threads change nothing: 2 and 4 threads equal 1 thread bit for bit")
  func threadsAreDeterministic() {
    let batch = Self.batch(seed: 22, count: 3 * BatchPricer.minimumOptionsPerThread + 17)
    var one = GreeksBatch()
    var many = GreeksBatch()
    BatchPricer.priceAndGreeks(batch, into: &one, threads: 1)
    for threads in [2, 4] {
      BatchPricer.priceAndGreeks(batch, into: &many, threads: threads)
      #expect(one.price == many.price && one.delta == many.delta && one.gamma == many.gamma)
      #expect(one.vega == many.vega && one.theta == many.theta)
    }
    #expect(BatchPricer.chunk(0, of: 3, count: 10) == 0..<3)
    #expect(BatchPricer.chunk(2, of: 3, count: 10) == 6..<10)
  }

  @Test("batch implied vols equal the scalar solver and report unsolvable prices (seed 23)")
  func batchImpliedVolatility() {
    let batch = Self.batch(seed: 23, count: 10_000)
    var out = GreeksBatch()
    BatchPricer.priceAndGreeks(batch, into: &out, threads: 1)
    var prices = out.price
    prices[5] = -1  // invalid
    prices[7] = batch.spots[7] * 2  // above every bound
    var vols: [Double] = []
    let unsolvable = BatchPricer.impliedVolatilities(prices: prices, batch, into: &vols, threads: 2)
    #expect(unsolvable == [5, 7])
    #expect(vols[5].isNaN && vols[7].isNaN)
    for i in 0..<batch.count where i != 5 && i != 7 {
      let (option, market) = batch.option(at: i)
      let scalar = try? impliedVolatility(
        price: prices[i], of: option, spot: market.spot, riskFreeRate: market.riskFreeRate,
        dividendYield: market.dividendYield)
      guard let scalar else {
        Issue.record("scalar solver failed for \(option) \(market)")
        continue
      }
      #expect(vols[i].isFinite && vols[i] >= 0)
      // Where the price carries volatility information, both solvers find the same vol;
      // elsewhere (time value below the price's rounding) any vol that reprices is right.
      // The two normalise the price with different (each ~1-ulp) exp and log, so they may
      // differ by the price's rounding divided by vega.
      if prices[i] >= 1e-8 * market.spot && out.vega[i] >= 1e-4 * prices[i] {
        #expect(
          abs(vols[i] - scalar) <= 1e-13 + 1e-13 * prices[i] / out.vega[i],
          "batch \(vols[i]) scalar \(scalar)")
      }
      var repriced = market
      repriced.volatility = vols[i]
      let back = BlackScholesMerton.price(option, repriced)
      #expect(abs(back - prices[i]) <= max(1e-10 * prices[i], 1e-12), "\(option) \(market)")
    }
  }

  @Test("FastMath.exp, log and squareRoot agree with libm to 2 ulps (seed 24)")
  func elementaryFunctions() {
    var random = SplitMix64(seed: 24)
    for _ in 0..<20_000 {
      let x = random.uniform(-700, 700)
      #expect(isClose(FastMath.exp(x), Double.exp(x), relative: 4.5e-16), "exp(\(x))")
      let y = Double.exp(random.uniform(-690, 690))
      #expect(isClose(FastMath.log(y), Double.log(y), absolute: 4.5e-16, relative: 4.5e-16), "log(\(y))")
      let near1 = 1 + random.uniform(-1e-3, 1e-3)
      #expect(isClose(FastMath.log(near1), Double.log(near1), relative: 1e-15), "log(\(near1))")
      #expect(isClose(FastMath.squareRoot(y), y.squareRoot(), relative: 2.3e-16), "sqrt(\(y))")
    }
    #expect(FastMath.exp(-800) == 0)
    #expect(FastMath.squareRoot(0) == 0 && FastMath.squareRoot(-1e-20) == 0)
  }

  /// erfcx(z) = e^{z²}·erfc(z), computed with mpmath at 50 digits.
  static let erfcxReference: [(Double, Double)] = [
    (0, 1.0000000000000000), (0.25, 0.77034654773099674), (0.5, 0.61569034419292587),
    (1, 0.42758357615580700), (2, 0.25539567631050574), (3, 0.17900115118138995),
    (5, 0.11070463773306863), (10, 0.056140992743822586), (26, 0.021683584850562907),
    (100, 0.0056416137829894329), (1e4, 5.6418958072680841e-5), (1e8, 5.6418958354775626e-9),
  ]

  /// N(x), computed with mpmath at 50 digits.
  static let normalCDFReference: [(Double, Double)] = [
    (-37, 5.7255712225245768e-300), (-30, 4.9067139271481871e-198), (-20, 2.7536241186062337e-89),
    (-10, 7.6198530241605261e-24), (-5, 2.8665157187919391e-7), (-1, 0.15865525393145705),
    (0, 0.5), (1, 0.84134474606854295), (5, 0.99999971334842812), (8, 0.99999999999999938),
  ]

  @Test("erfcx and the batch normal CDF match 50-digit references (both tails)")
  func normalDistribution() {
    for (z, expected) in Self.erfcxReference {
      #expect(isClose(FastMath.erfcx(z), expected, relative: 1e-15), "erfcx(\(z))")
    }
    for (x, expected) in Self.normalCDFReference {
      let value = FastMath.normalCDF(x, gaussian: FastMath.gaussian(x))
      // Relative accuracy in the lower tail; e^{−x²/2} carries ~x²/2 ulps from exp.
      #expect(isClose(value, expected, relative: 2e-15 * (1 + x * x / 2)), "N(\(x)) = \(value)")
      #expect(isClose(NormalDistribution.cdf(x), expected, relative: 1e-13 * (1 + x * x)), "libm N(\(x))")
    }
  }
}
