import HedgeLabTestSupport
import RealModule
import Testing

@testable import Pricing

/// Inverse (coin-settled) options, inverse futures and perpetual funding.
@Suite("Inverse options, inverse futures and funding")
struct InverseInstrumentTests {
  // MARK: - Worked examples

  /// Deribit, "Options explained" (deribit.freshdesk.com/support/solutions/articles/1000057047):
  /// a 300 call with delivery price 400 "will expire with a value of 100USD, which is 0.25BTC";
  /// a 300 put with delivery price 200 is worth "100USD, which is 0.5BTC".
  /// Deribit, "Inverse Options" (support.deribit.com/hc/en-us/articles/25944688327069): a
  /// 100,000 call bought for 0.05 BTC, delivery price 125,000, "is settled for 25,000 USD per
  /// 1 BTC", i.e. 25,000/125,000 = 0.2 BTC, a profit of 0.15 BTC after the premium.
  @Test(
    "Deribit's settlement examples",
    arguments: [
      (OptionKind.call, 300.0, 400.0, 0.25),
      (OptionKind.put, 300.0, 200.0, 0.5),
      (OptionKind.call, 100_000.0, 125_000.0, 0.2),
      (OptionKind.call, 100_000.0, 90_000.0, 0.0),
      (OptionKind.put, 100_000.0, 125_000.0, 0.0),
    ])
  func deribitExamples(kind: OptionKind, strike: Double, delivery: Double, coin: Double) throws {
    let payoff = try InverseOption.payoffInCoin(
      kind: kind, strike: strike, settlementPrice: delivery)
    #expect(abs(payoff - coin) <= Tolerance.closedForm, "payoff \(payoff) BTC, Deribit \(coin)")
  }

  @Test("Deribit's 100,000 call bought for 0.05 BTC earns 0.15 BTC at 125,000")
  func deribitProfit() throws {
    let profit =
      try InverseOption.payoffInCoin(kind: .call, strike: 100_000, settlementPrice: 125_000)
      - 0.05
    #expect(abs(profit - 0.15) <= Tolerance.closedForm)
  }

  @Test("a settlement price that is not positive is a clear error, never NaN or ∞")
  func badSettlement() {
    for bad in [0.0, -1, .nan, .infinity] {
      #expect(throws: PricingError.self) {
        try InverseOption.payoffInCoin(kind: .put, strike: 100, settlementPrice: bad)
      }
    }
  }

  // MARK: - Identities over random inputs (seeded)

  /// BTC-like inputs: spot 100…150,000 USD, strike e^{±0.7}·spot, 1 day … 2 years, vol 20–200 %,
  /// USD rate −1…+8 %, coin yield 0…3 %.
  static func cases(seed: UInt64, count: Int = 5_000) -> [(OptionContract, MarketState)] {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { _ in
      let spot = random.logUniform(100, 150_000)
      let kind: OptionKind = random.next() & 1 == 0 ? .call : .put
      let strike = spot * Double.exp(random.uniform(-0.7, 0.7))
      return (
        OptionContract(kind: kind, strike: strike, timeToExpiry: random.logUniform(0.05, 2)),
        MarketState(
          spot: spot, volatility: random.uniform(0.2, 2), riskFreeRate: random.uniform(-0.01, 0.08),
          dividendYield: random.uniform(0, 0.03))
      )
    }
  }

  @Test("coin greeks equal central finite differences of C/S (5,000 inputs, seed 11)")
  func coinGreeksMatchFiniteDifferences() {
    for (option, market) in Self.cases(seed: 11) {
      let g = InverseOption.greeks(option, market)
      let S = market.spot
      let T = option.timeToExpiry
      let σ = market.volatility
      let width = σ * T.squareRoot()
      let hS = 1e-4 * S * width
      let hσ = 1e-4 * σ
      let hT = 1e-4 * T
      let hr = 1e-4 * width / T
      func coin(
        spot: Double? = nil, vol: Double? = nil, expiry: Double? = nil, rate: Double? = nil,
        dividend: Double? = nil
      ) -> Greeks {
        InverseOption.greeks(
          OptionContract(kind: option.kind, strike: option.strike, timeToExpiry: expiry ?? T),
          MarketState(
            spot: spot ?? S, volatility: vol ?? σ, riskFreeRate: rate ?? market.riskFreeRate,
            dividendYield: dividend ?? market.dividendYield)
        ).coin
      }
      func central(_ f: (Double) -> Double, _ x: Double, _ h: Double) -> Double {
        (f(x + h) - f(x - h)) / (2 * h)
      }
      let r = market.riskFreeRate
      let q = market.dividendYield
      // (name, analytic, finite difference, absolute scale: the coin price scale is 1)
      let checks: [(String, Double, Double, Double)] = [
        ("delta", g.coin.delta, central({ coin(spot: $0).price }, S, hS), 1 / S),
        ("gamma", g.coin.gamma, central({ coin(spot: $0).delta }, S, hS), 1 / (S * S)),
        ("vega", g.coin.vega, central({ coin(vol: $0).price }, σ, hσ), 1),
        ("theta", g.coin.theta, -central({ coin(expiry: $0).price }, T, hT), 1),
        ("rho", g.coin.rho, central({ coin(rate: $0).price }, r, hr), 1),
        ("phi", g.coin.phi, central({ coin(dividend: $0).price }, q, hr), 1),
        ("vanna", g.coin.vanna, central({ coin(vol: $0).delta }, σ, hσ), 1 / S),
        ("volga", g.coin.volga, central({ coin(vol: $0).vega }, σ, hσ), 1),
        ("charm", g.coin.charm, -central({ coin(expiry: $0).delta }, T, hT), 1 / S),
      ]
      for (name, analytic, difference, scale) in checks {
        #expect(
          abs(analytic - difference) <= 1e-5 * abs(analytic) + 1e-9 * scale,
          "\(name): analytic \(analytic), finite difference \(difference), \(option) \(market)")
      }
    }
  }

  @Test("coin put-call parity: C/S − P/S = e^{−qT} − K·e^{−rT}/S (5,000 inputs, seed 12)")
  func coinParity() {
    for (option, market) in Self.cases(seed: 12) {
      var call = option
      call.kind = .call
      var put = option
      put.kind = .put
      let T = option.timeToExpiry
      let lhs = InverseOption.priceInCoin(call, market) - InverseOption.priceInCoin(put, market)
      let rhs =
        Double.exp(-market.dividendYield * T)
        - option.strike * Double.exp(-market.riskFreeRate * T) / market.spot
      #expect(abs(lhs - rhs) <= 1e-13 * (1 + option.strike / market.spot), "\(option) \(market)")
    }
  }

  @Test("the coin price converges to the coin payoff at expiry; a call is worth < 1 coin")
  func expiryLimitAndBounds() throws {
    for (option, market) in Self.cases(seed: 13, count: 1_000) {
      var expiring = option
      expiring.timeToExpiry = 0
      let payoff = try InverseOption.payoffInCoin(
        kind: option.kind, strike: option.strike, settlementPrice: market.spot)
      #expect(abs(InverseOption.priceInCoin(expiring, market) - payoff) <= Tolerance.closedForm)
      if option.kind == .call {
        #expect(InverseOption.priceInCoin(option, market) < 1)
      }
    }
  }

  @Test("premium-adjusted delta Δ − V_coin: below the linear delta by exactly the coin premium")
  func premiumAdjustedDelta() {
    // An at-the-money 30-day BTC call at 50,000 USD, 80 % vol, zero rates.
    let g = InverseOption.greeks(
      OptionContract(kind: .call, strike: 50_000, timeToExpiry: 30.0 / 365),
      MarketState(spot: 50_000, volatility: 0.8, riskFreeRate: 0))
    #expect(abs(g.premiumAdjustedDelta - (g.usd.delta - g.coin.price)) <= Tolerance.closedForm)
    // Linear delta ≈ N(σ√T/2) ≈ 0.545; coin premium ≈ 0.4·σ√T ≈ 0.0917 coin.
    #expect(abs(g.usd.delta - 0.5457) < 5e-4)
    #expect(abs(g.coin.price - 0.0913) < 5e-4)
  }

  // MARK: - Inverse futures

  /// The `lfest` crate's test of `FuturesType::Inverse` (docs.rs/lfest 0.7.5,
  /// `futures_type.rs`): 10 contracts from 100 to 110 earn 0.00909 coin (5 decimals), a short
  /// loses as much.
  @Test("inverse futures P&L N·size·(1/entry − 1/exit), lfest's reference values")
  func inverseFutureProfit() {
    let long = InverseFuture.profitInCoin(
      contracts: 10, contractSize: 1, entryPrice: 100, exitPrice: 110)
    let short = InverseFuture.profitInCoin(
      contracts: -10, contractSize: 1, entryPrice: 100, exitPrice: 110)
    #expect(abs(long - 0.00909) <= 0.5e-5)
    #expect(short == -long)
    // BTC halves: a 1-coin short (50,000 USD face at 50,000) gains 1 coin; doubles: loses ½.
    #expect(
      InverseFuture.profitInCoin(
        contracts: -5_000, contractSize: 10, entryPrice: 50_000, exitPrice: 25_000) == 1)
    #expect(
      InverseFuture.profitInCoin(
        contracts: -5_000, contractSize: 10, entryPrice: 50_000, exitPrice: 100_000) == -0.5)
  }

  @Test("in USD at the exit price an inverse short hedges the coin it covers exactly")
  func inverseFutureHedgesInUSD() {
    var random = SplitMix64(seed: 14)
    for _ in 0..<1_000 {
      let entry = random.logUniform(100, 100_000)
      let exit = entry * Double.exp(random.uniform(-1, 1))
      let coins = random.uniform(0.1, 10)
      let contracts = -(coins * entry / 10)  // 10-USD contracts
      let futureUSD =
        InverseFuture.profitInCoin(
          contracts: contracts, contractSize: 10, entryPrice: entry, exitPrice: exit) * exit
      let holdingUSD = coins * (exit - entry)
      #expect(abs(futureUSD + holdingUSD) <= 1e-9 * coins * max(entry, exit))
    }
  }

  // MARK: - Funding

  @Test("funding over a month: continuous accrual = sum of the 90 interval payments (seed 15)")
  func fundingMonth() {
    var random = SplitMix64(seed: 15)
    let rates = (0...90).map { _ in random.uniform(-0.0005, 0.001) }  // per 8 h, index 1…90
    let notional = -2.5  // a short inverse perpetual of 2.5 coin receives positive funding
    let rate: (Int) -> Double = { rates[$0] }
    let payments = (1...90).map { notional * rates[$0] }
    let sumOfPayments = payments.reduce(0, +)
    let discrete = PerpetualFunding.paid(
      notional: notional, fromHour: 0, toHour: 720, accrual: .interval(hours: 8), rate: rate)
    let continuous = PerpetualFunding.paid(
      notional: notional, fromHour: 0, toHour: 720, accrual: .continuous(hours: 8), rate: rate)
    #expect(abs(discrete - sumOfPayments) <= 1e-15)
    #expect(abs(continuous - sumOfPayments) <= 1e-15)
    // Day by day (close to close, as a daily backtest steps), both add up to the month.
    let daily = (0..<30).map { d in
      PerpetualFunding.paid(
        notional: notional, fromHour: Double(24 * d), toHour: Double(24 * d + 24),
        accrual: .continuous(hours: 8), rate: rate)
    }
    #expect(abs(daily.reduce(0, +) - sumOfPayments) <= 1e-15)
  }

  @Test("between boundaries: a discrete payment goes to the holder at the boundary")
  func fundingPartialWindow() {
    let rate: (Int) -> Double = { Double($0) * 1e-4 }  // interval k pays k bp
    // Held 04:00 → 20:00: boundaries 08:00 (k = 1) and 16:00 (k = 2).
    let discrete = PerpetualFunding.paid(
      notional: 1, fromHour: 4, toHour: 20, accrual: .interval(hours: 8), rate: rate)
    let continuous = PerpetualFunding.paid(
      notional: 1, fromHour: 4, toHour: 20, accrual: .continuous(hours: 8), rate: rate)
    #expect(abs(discrete - 3e-4) <= 1e-18)
    #expect(abs(continuous - (0.5e-4 + 2e-4 + 0.5 * 3e-4)) <= 1e-18)
  }
}
