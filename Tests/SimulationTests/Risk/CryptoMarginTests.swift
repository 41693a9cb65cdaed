import Foundation
import HedgeLabTestSupport
import MarketData
import Pricing
import Testing

@testable import Simulation

/// The crypto venue margins (Deribit style): the portfolio margin's coin risk matrix against
/// hand-computed values, the standard margin's formulas, and their properties.
///
/// The hand values come from the closed-form Black-Scholes put `P = K·N(−d₂) − S·N(−d₁)`
/// (r = q = 0), evaluated independently of HedgeLab (Python `math.erf`, double precision) for
/// S = 40,000 USD, K = 36,000, T = 30/365, σ = 80 %: `P = 1,827.1180533` USD, i.e.
/// `0.0456779513` coin (`P/S`). The vol-up shock at 30 days is `σ·(1 + 0.38·(30/30)^0.3) =
/// 110.4 %`, the vol-down `σ·(1 − 0.38) = 49.6 %`.
@Suite("Risk: crypto portfolio and standard margin")
struct CryptoMarginTests {
  static let model = CryptoPortfolioMarginModel.standard

  static func view() -> MarketView {
    PortfolioRiskTests.view(symbol: "BTC", spot: 40_000, volatility: 0.8, rate: 0)
  }

  /// A perpetual (price = spot, delta 1) of `units` coin (+ long).
  static func perpetual(_ units: Double, _ view: MarketView) -> FuturePosition {
    FuturePosition(
      id: 99, owner: 0, underlying: 0, expiry: PerpetualTerms.noExpiry, quantity: units,
      price: view.spot(0), delta: 1,
      perpetual: PerpetualTerms(settlement: .inverse, accrual: .interval(hours: 8), ratePerInterval: 0))
  }

  @Test("a short put's coin risk matrix matches the hand-computed values, and its USD at the shocked price")
  func shortPutMatrix() {
    let view = Self.view()
    var book = Portfolio(cash: 0, baseUnits: [1])
    PortfolioRiskTests.add(.put, strike: 36_000, days: 30, quantity: -1, to: &book, view)
    let m = Self.model.riskMatrix(PortfolioRevaluation(book, view), underlying: 0)
    #expect(m.priceMoves.count == 9)
    #expect(zip(m.priceMoves, [-0.16, -0.12, -0.08, -0.04, 0, 0.04, 0.08, 0.12, 0.16]).allSatisfy { abs($0 - $1) < 1e-15 })
    // Columns: vol up, unchanged, down; coin P&L = −(P(S', σ')/S' − P/S).
    let expected: [[Double]] = [
      [-0.1233248492, -0.0888210722, -0.0555046525],
      [-0.0931752633, -0.0584625092, -0.0237242944],
      [-0.0681259040, -0.0341710249, -0.0001849452],
      [-0.0473871247, -0.0149793984, 0.0164693169],
      [-0.0302739270, 0, 0.0277307348],
      [-0.0161957466, 0.0115586192, 0.0350211850],
      [-0.0046467739, 0.0203830357, 0.0395509334],
      [0.0048033695, 0.0270540009, 0.0422597275],
      [0.0125185723, 0.0320516839, 0.0438233873],
    ]
    for (row, want) in zip(m.pnl, expected) {
      for (x, y) in zip(row, want) { #expect(abs(x - y) < 1e-9, "\(x) vs \(y)") }
    }
    // In USD at the shocked price: −0.1233248492 coin × 33,600 = −4,143.715 USD.
    #expect(abs(m.usd(m.pnl[0][0], move: -0.16) - (-0.1233248492 * 33_600)) < 1e-5)
    // Extended table (vol up): at −66 % the put is deep in the money, −1.6015295347 coin,
    // counted at 10 %; it is the worst counted loss. Plus 0.01 coin of contingency.
    #expect(abs(m.extendedPnL[0] - -1.6015295347) < 1e-9)
    #expect(abs(m.worstLoss - 0.16015295347) < 1e-10)
    #expect(abs(m.contingency - 0.01) < 1e-15)
    #expect(abs(m.maintenance - 0.17015295347) < 1e-10)
    // The requirement in USD: coin × close; initial = 1.3 × maintenance.
    let r = Self.model.requirement(PortfolioRevaluation(book, view))
    #expect(isClose(r.maintenance, 0.17015295347 * 40_000, relative: 1e-9))
    #expect(isClose(r.initial, 1.3 * r.maintenance, relative: 1e-15))
  }

  @Test("a long perpetual (long BTC) loses 0.16/0.84 coin at −16 %: a USD loss at a lower price is a bigger coin loss")
  func longPerpetual() {
    let view = Self.view()
    var book = Portfolio(cash: 0, baseUnits: [0])
    book.futures.append(Self.perpetual(1, view))
    let m = Self.model.riskMatrix(PortfolioRevaluation(book, view), underlying: 0)
    for shock in 0..<3 {
      #expect(abs(m.pnl[0][shock] - -0.16 / 0.84) < 1e-15)  // −0.190476 coin
      #expect(abs(m.pnl[8][shock] - 0.16 / 1.16) < 1e-15)  // +0.137931 coin
    }
    // USD: −6,400 and +6,400, the linear P&L of 1 coin.
    #expect(abs(m.usd(m.pnl[0][1], move: -0.16) - -6_400) < 1e-9)
    #expect(abs(m.usd(m.pnl[8][1], move: 0.16) - 6_400) < 1e-9)
    // −66 % extended: −0.66/0.34 = −1.941 coin × 10 % = 0.194 > 0.190.
    #expect(abs(m.maintenance - 0.1 * 0.66 / 0.34) < 1e-15)
  }

  @Test("a short inverse future loses 0.16/1.16 coin at +16 % and 6,400 USD; a BTC holding beside it is collateral, not shocked")
  func shortInverseFuture() {
    let view = Self.view()
    // 40,000 USD of face (4,000 contracts of 10 USD) = 1 coin at 40,000.
    let contracts = -4_000.0
    let units = InverseFuture.notionalInCoin(contracts: contracts, contractSize: 10, price: 40_000)
    var book = Portfolio(cash: 0, baseUnits: [1])
    book.futures.append(Self.perpetual(units, view))
    let m = Self.model.riskMatrix(PortfolioRevaluation(book, view), underlying: 0)
    let up = InverseFuture.profitInCoin(contracts: contracts, contractSize: 10, entryPrice: 40_000, exitPrice: 46_400)
    #expect(abs(up - -0.16 / 1.16) < 1e-15)
    #expect(abs(m.pnl[8][1] - up) < 1e-15)
    #expect(abs(m.usd(m.pnl[8][1], move: 0.16) - -6_400) < 1e-9)
    #expect(abs(m.pnl[0][1] - 0.16 / 0.84) < 1e-15)
    // +500 % extended: −5/6 coin × 10 % = 0.083 < 0.138, so the matrix's +16 % decides.
    #expect(abs(m.maintenance - 0.16 / 1.16) < 1e-15)
    // Hedged in USD (the holding gains 6,400 at +16 %), yet the coin account needs margin.
    #expect(isClose(Self.model.requirement(PortfolioRevaluation(book, view)).maintenance, 40_000 * 0.16 / 1.16, relative: 1e-12))
    // The holding alone needs no crypto margin (TIMS shocks it: 20 % of its value).
    let holding = Portfolio(cash: 0, baseUnits: [1])
    #expect(MarginModel.cryptoPortfolio(.standard).requirement(holding, view) == .zero)
    #expect(MarginModel.cryptoStandard(.standard).requirement(holding, view) == .zero)
    #expect(isClose(MarginModel.standard.requirement(holding, view).maintenance, 8_000, relative: 1e-12))
  }

  /// Deribit's legacy portfolio-margin page (deribit.com/pages/docs/portfoliomargin) works two
  /// examples: "options expiring in 30 days: IV change of maximum 38.00 %, options expiring in
  /// 15 days: IV change of maximum (30/15)^0.30·38.00 %" (= 46.78 %: 1.2311444 × 0.38), and "you have a position
  /// in strike X, call +10 and put −20, your net short position on strike X is −10, thus
  /// 10·0.01 BTC extra margin requirement".
  @Test("the venue's worked examples: the tenor-scaled vol shock and the net-short contingency per strike")
  func venueExamples() {
    let model = Self.model
    #expect(abs(model.shocked(0.8, timeToExpiry: 30.0 / 365, .up) - 0.8 * 1.38) < 1e-15)
    let fifteen = pow(2.0, 0.3) * 0.38
    #expect(abs(fifteen - 0.4678349) < 1e-7)
    #expect(abs(model.shocked(0.8, timeToExpiry: 15.0 / 365, .up) - 0.8 * (1 + fifteen)) < 1e-14)
    #expect(abs(model.shocked(0.8, timeToExpiry: 15.0 / 365, .down) - 0.8 * (1 - fifteen)) < 1e-14)
    // Below a day the scaling stops growing; the down shock is floored at 1 vol point.
    #expect(model.shocked(0.8, timeToExpiry: 0.1 / 365, .up) == model.shocked(0.8, timeToExpiry: 1.0 / 365, .up))
    #expect(model.shocked(0.8, timeToExpiry: 1.0 / 365, .down) == PortfolioRevaluation.minimumVolatility)
    // Call +10 and put −20 at one strike and expiry: 10 net short, 0.10 coin; another strike's
    // short put adds its own 5; a long elsewhere offsets nothing.
    let view = Self.view()
    var book = Portfolio(cash: 0, baseUnits: [0])
    PortfolioRiskTests.add(.call, strike: 40_000, days: 30, quantity: 10, to: &book, view)
    PortfolioRiskTests.add(.put, strike: 40_000, days: 30, quantity: -20, to: &book, view)
    let one = model.riskMatrix(PortfolioRevaluation(book, view), underlying: 0)
    #expect(abs(one.contingency - 0.10) < 1e-15)
    PortfolioRiskTests.add(.put, strike: 36_000, days: 30, quantity: -5, to: &book, view)
    PortfolioRiskTests.add(.call, strike: 44_000, days: 30, quantity: 7, to: &book, view)
    PortfolioRiskTests.add(.put, strike: 40_000, days: 60, quantity: 3, to: &book, view)
    let two = model.riskMatrix(PortfolioRevaluation(book, view), underlying: 0)
    #expect(abs(two.contingency - 0.15) < 1e-15)
  }

  /// Hand-worked (Deribit's standard-margin formulas, coin per coin, S = 40,000, σ = 80 %,
  /// 30 days): the 36,000 put (10 % OTM, mark 0.0456779513) needs
  /// `max(0.15 − 4,000/40,000, 0.10) + 0.0456779513 = 0.1456779513` initial and
  /// `max(0.075, 0.075·0.0457) + 0.0457 = 0.1206779513` maintenance; the 44,000 call (mark
  /// 0.0539802354) `0.10 + 0.0539802354 = 0.1539802354` and `0.075 + 0.0539802354 =
  /// 0.1289802354`; a 1-coin future `0.02 + 0.00005 = 0.02005` and `0.01505`.
  @Test("standard margin: short put, short call and futures as the venue writes them; long options need nothing")
  func standardMargin() {
    let sm = CryptoStandardMarginModel.standard
    let put = sm.option(kind: .put, strike: 36_000, quantity: -2, mark: 0.0456779513, spot: 40_000)
    #expect(abs(put.initial - 2 * 0.1456779513) < 1e-12 && abs(put.maintenance - 2 * 0.1206779513) < 1e-12)
    let call = sm.option(kind: .call, strike: 44_000, quantity: -1, mark: 0.0539802354, spot: 40_000)
    #expect(abs(call.initial - 0.1539802354) < 1e-12 && abs(call.maintenance - 0.1289802354) < 1e-12)
    // Deep in the money (OTM amount 0): 0.15 + mark.
    let itm = sm.option(kind: .call, strike: 30_000, quantity: -1, mark: 0.26, spot: 40_000)
    #expect(abs(itm.initial - 0.41) < 1e-15)
    #expect(sm.option(kind: .put, strike: 36_000, quantity: 5, mark: 0.05, spot: 40_000) == .zero)
    let future = sm.future(units: -1)
    #expect(abs(future.initial - 0.02005) < 1e-15 && abs(future.maintenance - 0.01505) < 1e-15)
    // 200 coin: 2 % + 1 % = 3 % initial, 2.5 % maintenance.
    #expect(abs(sm.future(units: 200).initial - 6) < 1e-12 && abs(sm.future(units: 200).maintenance - 5) < 1e-12)
    // In a portfolio: USD = coin × close, from the position's own mark.
    let view = Self.view()
    var book = Portfolio(cash: 0, baseUnits: [1])
    PortfolioRiskTests.add(.put, strike: 36_000, days: 30, quantity: -1, to: &book, view)
    let r = sm.requirement(book, view)
    #expect(isClose(r.maintenance, 0.1206779513 * 40_000, relative: 1e-9))
    #expect(isClose(r.initial, 0.1456779513 * 40_000, relative: 1e-9))
  }

  @Test("properties on random books: margins ≥ 0, initial ≥ maintenance, a long option's margin within its premium, a long option adds at most its premium")
  func properties() {
    var rng = SplitMix64(seed: 2_026)
    let view = Self.view()
    for _ in 0..<200 {
      var book = Portfolio(cash: 0, baseUnits: [rng.uniform(0, 3)])
      for _ in 0..<Int(rng.uniform(0, 4)) {
        PortfolioRiskTests.add(
          rng.uniform(0, 1) < 0.5 ? .put : .call, strike: 40_000 * rng.uniform(0.6, 1.5),
          days: Int(rng.uniform(1, 200)), quantity: rng.uniform(-3, 3), to: &book, view)
      }
      if rng.uniform(0, 1) < 0.5 { book.futures.append(Self.perpetual(rng.uniform(-3, 3), view)) }
      for model in [MarginModel.cryptoPortfolio(.standard), .cryptoStandard(.standard)] {
        let r = model.requirement(book, view)
        #expect(r.maintenance >= 0 && r.initial >= r.maintenance && r.maintenance.isFinite, "\(model.name)")
      }
      // A long option: its margin never exceeds its premium (coin value · S = USD premium).
      var long = Portfolio(cash: 0, baseUnits: [0])
      let kind: OptionKind = rng.uniform(0, 1) < 0.5 ? .put : .call
      let strike = 40_000 * rng.uniform(0.6, 1.5)
      let days = Int(rng.uniform(1, 200))
      let q = rng.uniform(0.1, 3)
      PortfolioRiskTests.add(kind, strike: strike, days: days, quantity: q, to: &long, view)
      let premium = long.options[0].value
      #expect(CryptoStandardMarginModel.standard.requirement(long, view) == .zero)
      #expect(Self.model.requirement(PortfolioRevaluation(long, view)).maintenance <= premium * (1 + 1e-12))
      // Adding that long option to the book raises its portfolio margin by at most the premium.
      let before = Self.model.requirement(PortfolioRevaluation(book, view)).maintenance
      var hedged = book
      PortfolioRiskTests.add(kind, strike: strike, days: days, quantity: q, to: &hedged, view)
      let after = Self.model.requirement(PortfolioRevaluation(hedged, view)).maintenance
      #expect(after <= before + premium + 1e-9 * max(1, before))
    }
  }

  @Test("a long put under a short put (a put spread) never raises the portfolio margin")
  func longHedgeLowersMargin() {
    let view = Self.view()
    for shortStrike in stride(from: 32_000.0, through: 44_000, by: 2_000) {
      for days in [7, 30, 90] {
        var naked = Portfolio(cash: 0, baseUnits: [1])
        PortfolioRiskTests.add(.put, strike: shortStrike, days: days, quantity: -1, to: &naked, view)
        let nakedMargin = Self.model.requirement(PortfolioRevaluation(naked, view)).maintenance
        for fraction in [0.5, 0.7, 0.8, 0.9, 1.0] {
          var spread = naked
          PortfolioRiskTests.add(.put, strike: shortStrike * fraction, days: days, quantity: 1, to: &spread, view)
          let spreadMargin = Self.model.requirement(PortfolioRevaluation(spread, view)).maintenance
          #expect(spreadMargin <= nakedMargin + 1e-9, "K \(shortStrike), \(days) d, long at \(fraction)")
        }
      }
    }
  }

  @Test("margin: in a scenario selects the model; a bad model or a parameter of the wrong model names the key")
  func scenarioKey() throws {
    func scenario(_ margin: String) throws(ScenarioError) -> Scenario {
      try ScenarioLoader.load(
        yaml: """
          name: m
          calendar: calendar-365
          data: { underlyings: [BTC], volatility: { BTC: 0.8 }, rate: 0 }
          portfolio: { holdings: [ { symbol: BTC, units: 1 } ] }
          \(margin)
          programs: [ { name: p, rules: [] } ]
          """, file: "m.yaml")
    }
    #expect(try scenario("").margin == .standard)
    #expect(try scenario("margin: { model: crypto-standard }").margin == .cryptoStandard(.standard))
    var custom = CryptoPortfolioMarginModel.standard
    custom.priceRange = 0.2
    custom.extendedFraction = 0.25
    #expect(try scenario("margin: { model: crypto-portfolio, price-range: 0.2, extended-fraction: 0.25 }").margin == .cryptoPortfolio(custom))
    do {
      _ = try scenario("margin: { model: deribit }")
      Issue.record("an unknown model must throw")
    } catch {
      #expect(error.description.contains("m.yaml:5") && error.description.contains("margin.model"), "\(error)")
      #expect(error.description.contains("crypto-portfolio"), "\(error)")
    }
    do {
      _ = try scenario("margin: { model: tims, price-range: 0.2 }")
      Issue.record("a crypto parameter on tims must throw")
    } catch {
      #expect(error.description.contains("margin.price-range"), "\(error)")
    }
    do {
      _ = try scenario("margin: { model: crypto-portfolio, price-range: 2 }")
      Issue.record("a range of 200 % must throw")
    } catch {
      #expect(error.description.contains("margin.price-range (2) must be in [0.01, 0.9]"), "\(error)")
    }
  }
}
