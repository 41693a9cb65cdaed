import HedgeLabTestSupport
import Pricing
import Testing

/// Published worked examples, each checked to the precision it is printed with.
///
/// A printed value with d decimals is met when |computed − printed| ≤ ½·10^{−d}.
@Suite("Black-Scholes-Merton and Black-76 against published examples")
struct LiteratureValueTests {
  struct Example: CustomTestStringConvertible, Sendable {
    var source: String
    var kind: OptionKind
    var spot: Double
    var strike: Double
    var timeToExpiry: Double
    var rate: Double
    var dividend: Double
    var volatility: Double
    var quantity: Quantity
    var printed: Double
    var decimals: Int
    var testDescription: String { source }
  }

  enum Quantity: Sendable {
    case price, delta, gamma, vega, theta, rho
    func value(in greeks: Greeks) -> Double {
      switch self {
      case .price: greeks.price
      case .delta: greeks.delta
      case .gamma: greeks.gamma
      case .vega: greeks.vega
      case .theta: greeks.theta
      case .rho: greeks.rho
      }
    }
  }

  static let examples: [Example] = [
    // Hull, "Options, Futures, and Other Derivatives", Example 15.6 (8th ed. Example 14.6):
    // S = 42, K = 40, r = 10 %, σ = 20 %, T = 0.5: c = 4.76, p = 0.81.
    Example(
      source: "Hull Ex. 15.6 call", kind: .call, spot: 42, strike: 40, timeToExpiry: 0.5,
      rate: 0.10, dividend: 0, volatility: 0.20, quantity: .price, printed: 4.76, decimals: 2),
    Example(
      source: "Hull Ex. 15.6 put", kind: .put, spot: 42, strike: 40, timeToExpiry: 0.5,
      rate: 0.10, dividend: 0, volatility: 0.20, quantity: .price, printed: 0.81, decimals: 2),
    // Hull, Ch. 19 "The Greek Letters" running example: a 20-week call, S = 49, K = 50,
    // r = 5 %, σ = 20 %: price 2.40, Δ = 0.522, Γ = 0.066, vega = 12.1, Θ = −4.31/year,
    // ρ = 8.91.
    Example(
      source: "Hull Ch. 19 price", kind: .call, spot: 49, strike: 50, timeToExpiry: 20.0 / 52,
      rate: 0.05, dividend: 0, volatility: 0.20, quantity: .price, printed: 2.40, decimals: 2),
    Example(
      source: "Hull Ch. 19 delta", kind: .call, spot: 49, strike: 50, timeToExpiry: 20.0 / 52,
      rate: 0.05, dividend: 0, volatility: 0.20, quantity: .delta, printed: 0.522, decimals: 3),
    Example(
      source: "Hull Ch. 19 gamma", kind: .call, spot: 49, strike: 50, timeToExpiry: 20.0 / 52,
      rate: 0.05, dividend: 0, volatility: 0.20, quantity: .gamma, printed: 0.066, decimals: 3),
    Example(
      source: "Hull Ch. 19 vega", kind: .call, spot: 49, strike: 50, timeToExpiry: 20.0 / 52,
      rate: 0.05, dividend: 0, volatility: 0.20, quantity: .vega, printed: 12.1, decimals: 1),
    Example(
      source: "Hull Ch. 19 theta", kind: .call, spot: 49, strike: 50, timeToExpiry: 20.0 / 52,
      rate: 0.05, dividend: 0, volatility: 0.20, quantity: .theta, printed: -4.31, decimals: 2),
    Example(
      source: "Hull Ch. 19 rho", kind: .call, spot: 49, strike: 50, timeToExpiry: 20.0 / 52,
      rate: 0.05, dividend: 0, volatility: 0.20, quantity: .rho, printed: 8.91, decimals: 2),
    // Haug, "The Complete Guide to Option Pricing Formulas", 2nd ed., §1.1.1 (Black-Scholes):
    // S = 60, X = 65, T = 0.25, r = 8 %, σ = 30 %: c = 2.1334.
    Example(
      source: "Haug §1.1.1 Black-Scholes call", kind: .call, spot: 60, strike: 65,
      timeToExpiry: 0.25, rate: 0.08, dividend: 0, volatility: 0.30, quantity: .price,
      printed: 2.1334, decimals: 4),
    // Haug §1.1.2 (Merton 1973, index with dividend yield): S = 100, X = 95, T = 0.5,
    // r = 10 %, q = 5 %, σ = 20 %: p = 2.4648.
    Example(
      source: "Haug §1.1.2 Merton put", kind: .put, spot: 100, strike: 95, timeToExpiry: 0.5,
      rate: 0.10, dividend: 0.05, volatility: 0.20, quantity: .price, printed: 2.4648,
      decimals: 4),
    // Haug §1.1.5 (Garman-Kohlhagen, currency: q = foreign rate): S = 1.56, X = 1.60,
    // T = 0.5, r = 6 %, rf = 8 %, σ = 12 %: c = 0.0291.
    Example(
      source: "Haug §1.1.5 Garman-Kohlhagen call", kind: .call, spot: 1.56, strike: 1.60,
      timeToExpiry: 0.5, rate: 0.06, dividend: 0.08, volatility: 0.12, quantity: .price,
      printed: 0.0291, decimals: 4),
    // Haug §2.1.1 delta example (futures option, b = 0 i.e. q = r): S = 105, X = 100,
    // T = 0.5, r = 10 %, σ = 36 %: Δcall = 0.5946, Δput = −0.3566.
    Example(
      source: "Haug §2.1.1 call delta", kind: .call, spot: 105, strike: 100, timeToExpiry: 0.5,
      rate: 0.10, dividend: 0.10, volatility: 0.36, quantity: .delta, printed: 0.5946,
      decimals: 4),
    Example(
      source: "Haug §2.1.1 put delta", kind: .put, spot: 105, strike: 100, timeToExpiry: 0.5,
      rate: 0.10, dividend: 0.10, volatility: 0.36, quantity: .delta, printed: -0.3566,
      decimals: 4),
    // Haug §2.3.1 gamma example: S = 55, X = 60, T = 0.75, r = b = 10 %, σ = 30 %: Γ = 0.0278.
    Example(
      source: "Haug §2.3.1 gamma", kind: .call, spot: 55, strike: 60, timeToExpiry: 0.75,
      rate: 0.10, dividend: 0, volatility: 0.30, quantity: .gamma, printed: 0.0278,
      decimals: 4),
    // Haug §2.5.1 theta example (index put): S = 430, X = 405, T = 0.0833, r = 7 %,
    // b = 2 % (q = 5 %), σ = 20 %: Θput = −31.1924 per year.
    Example(
      source: "Haug §2.5.1 put theta", kind: .put, spot: 430, strike: 405, timeToExpiry: 0.0833,
      rate: 0.07, dividend: 0.05, volatility: 0.20, quantity: .theta, printed: -31.1924,
      decimals: 4),
    // Haug §2.6.1 rho example: S = 72, X = 75, T = 1, r = b = 9 %, σ = 19 %: ρcall = 38.7325.
    Example(
      source: "Haug §2.6.1 call rho", kind: .call, spot: 72, strike: 75, timeToExpiry: 1,
      rate: 0.09, dividend: 0, volatility: 0.19, quantity: .rho, printed: 38.7325,
      decimals: 4),
  ]

  @Test("published example", arguments: examples)
  func publishedExample(_ example: Example) {
    let greeks = BlackScholesMerton.greeks(
      OptionContract(kind: example.kind, strike: example.strike, timeToExpiry: example.timeToExpiry),
      MarketState(
        spot: example.spot, volatility: example.volatility, riskFreeRate: example.rate,
        dividendYield: example.dividend))
    let value = example.quantity.value(in: greeks)
    let halfUnit = 0.5 * pow10(-example.decimals)
    #expect(
      abs(value - example.printed) <= halfUnit,
      "\(example.source): computed \(value), printed \(example.printed)")
  }

  @Test("Haug §1.1.3 Black-76: F = 19, X = 19, T = 0.75, r = 10 %, σ = 28 %: c = p = 1.7011")
  func black76Example() {
    for kind in OptionKind.allCases {
      let price = Black76.price(
        kind: kind, forward: 19, strike: 19, timeToExpiry: 0.75, volatility: 0.28,
        discountRate: 0.10)
      #expect(abs(price - 1.7011) <= 0.000_05, "\(kind): \(price)")
    }
  }

  @Test("Black-76 equals Black-Scholes-Merton with q = r, and rho is −T·V with F held fixed")
  func black76IsBSMWithZeroCarry() {
    let black = Black76.greeks(
      kind: .put, forward: 105, strike: 100, timeToExpiry: 0.5, volatility: 0.36,
      discountRate: 0.10)
    let bsm = BlackScholesMerton.greeks(
      OptionContract(kind: .put, strike: 100, timeToExpiry: 0.5),
      MarketState(spot: 105, volatility: 0.36, riskFreeRate: 0.10, dividendYield: 0.10))
    #expect(isClose(black.price, bsm.price, relative: 1e-15))
    #expect(isClose(black.delta, bsm.delta, relative: 1e-15))
    #expect(isClose(black.theta, bsm.theta, relative: 1e-14))
    #expect(isClose(black.rho, -0.5 * black.price, relative: 1e-15))
    #expect(black.phi == 0)
  }

  private func pow10(_ exponent: Int) -> Double {
    var value = 1.0
    for _ in 0..<abs(exponent) { value *= 10 }
    return exponent < 0 ? 1 / value : value
  }
}
