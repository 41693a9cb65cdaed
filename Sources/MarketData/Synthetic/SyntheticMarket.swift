import Foundation

/// A synthetic history of the fictional index HLX: stochastic volatility with jumps (the Bates
/// 1996 model: Heston 1993 variance plus Merton log-normal jumps), for examples and tests that
/// must not depend on licensed data.
///
/// Under the real-world measure, per trading day (`dt = 1/252` year, split into an overnight
/// step of 20 % of the day's variance and 8 intraday steps):
/// - `d ln S = (μ − v/2 − λ·k̄) dt + √v dW₁ + J dN`, with `J ~ N(μ_J, σ_J²)`, `k̄ = E[e^J − 1]`,
///   jumps arriving overnight at rate `λ` a year (gaps at the open);
/// - `dv = κ(θ − v) dt + ξ √v dW₂`, `corr(dW₁, dW₂) = ρ < 0` (leverage: volatility rises when
///   the price falls), discretised with full truncation (Lord, Koekkoek & van Dijk 2010).
///
/// Implied volatilities come from the risk-neutral parameters `κ_Q, θ_Q > θ, λ_Q > λ` (the
/// variance and jump risk premia that keep implied above realised volatility on average):
/// - at the money, tenor `T` years: `σ_ATM² = θ_Q + (v − θ_Q)(1 − e^{−κ_Q T})/(κ_Q T)
///   + λ_Q (μ_J² + σ_J²)`, the expected average variance over the option's life;
/// - the smile in log-moneyness `k = ln(K/S)`: `σ(k) = σ_ATM + s·k + c·k²`, with the
///   short-expiry Heston skew `s = ρ ξ f / (4 σ_ATM) − 0.05 √(30/365 / T)` (Gatheral 2006,
///   *The Volatility Surface*, ch. 3, plus a jump term), `f = (1 − e^{−κ_Q T})/(κ_Q T)`, and
///   curvature `c = 0.5 f`; floored at half the at-the-money level;
/// - each quote carries 2 % multiplicative measurement noise.
///
/// The rate `HL3M` is a square-root (CIR) process quoted as a 3-month simple rate in percent;
/// the dividend yield is `D/S` for a dividend level `D` growing about 5 % a year, so it rises
/// when the index falls.
public enum SyntheticMarket {
  /// The model parameters (annualised decimals; jump sizes are in log-return).
  public struct Parameters: Sendable, Equatable, Codable {
    public var initialPrice = 1000.0
    /// Real-world drift of the index, a year.
    public var drift = 0.07
    public var initialVariance = 0.025
    public var meanReversion = 2.5
    /// Long-run variance (0.03 ≈ 17.3 % volatility).
    public var longRunVariance = 0.03
    public var volatilityOfVariance = 0.45
    /// Correlation of price and variance shocks (leverage effect).
    public var correlation = -0.7
    /// Jumps a year, real-world.
    public var jumpIntensity = 0.6
    public var jumpMean = -0.05
    public var jumpVolatility = 0.04
    /// Risk-neutral parameters for implied volatilities.
    public var riskNeutralMeanReversion = 2.0
    public var riskNeutralLongRunVariance = 0.052
    public var riskNeutralJumpIntensity = 1.5
    /// Tenors (calendar days) and moneyness levels (strike / spot) of the implied-volatility file.
    public var tenors = [30, 91]
    public var moneynessLevels = [0.8, 0.9, 0.95, 1.0, 1.05, 1.1]
    /// CIR short-rate parameters (decimal, a year).
    public var initialRate = 0.01
    public var rateMeanReversion = 0.4
    public var rateLongRun = 0.025
    public var rateVolatility = 0.05
    /// Initial dividend yield and the growth of the dividend level, a year.
    public var initialDividendYield = 0.018
    public var dividendGrowth = 0.05

    public init() {}
  }

  /// One generated day.
  public struct DayState: Sendable, Equatable {
    public var day: Day
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    /// The instantaneous variance at the close (decimal, annualised).
    public var variance: Double
    /// Implied volatilities, one per `tenors × moneynessLevels` (tenor-major), decimal.
    public var impliedVolatilities: [Double]
    /// The 3-month simple rate, decimal.
    public var rate: Double
    /// The continuous dividend yield, decimal.
    public var dividendYield: Double
    /// True when a jump hit at the open.
    public var jumped: Bool
  }

  /// The first day of the default history, a Monday.
  public static let defaultStart = Day(year: 2010, month: 1, day: 4)!

  /// Every weekday from `start` to `years` calendar years later (exclusive): no holiday
  /// calendar, the fictional exchange trades every weekday.
  public static func tradingDays(from start: Day, years: Int) -> [Day] {
    let (y, m, d) = start.components
    let end = Day(year: y + years, month: m, day: min(d, 28))!
    var days: [Day] = []
    var day = start
    while day < end {
      if !day.isWeekend { days.append(day) }
      day = day + 1
    }
    return days
  }

  /// Simulates the history; the same seed, years, start and parameters always give the same
  /// path.
  public static func simulate(
    seed: UInt64, years: Int, start: Day = defaultStart, parameters p: Parameters = Parameters()
  ) -> [DayState] {
    var rng = Xoshiro256StarStar(seed: seed)
    let days = tradingDays(from: start, years: years)
    let dtDay = 1.0 / 252
    let overnightShare = 0.2
    let intradaySteps = 8
    let jumpCompensator = Foundation.exp(p.jumpMean + 0.5 * p.jumpVolatility * p.jumpVolatility) - 1
    let rhoBar = (1 - p.correlation * p.correlation).squareRoot()
    var logS = Foundation.log(p.initialPrice)
    var v = p.initialVariance
    var r = p.initialRate
    var dividendLevel = p.initialDividendYield * p.initialPrice
    var out: [DayState] = []
    out.reserveCapacity(days.count)

    /// One step of `dt` years: returns the log-price increment and updates `v`.
    func step(_ dt: Double, _ rng: inout Xoshiro256StarStar) -> Double {
      let z1 = rng.normal()
      let z2 = p.correlation * z1 + rhoBar * rng.normal()
      let vPlus = max(v, 0)
      let sq = (vPlus * dt).squareRoot()
      let dlog = (p.drift - 0.5 * vPlus - p.jumpIntensity * jumpCompensator) * dt + sq * z1
      v = v + p.meanReversion * (p.longRunVariance - vPlus) * dt + p.volatilityOfVariance * sq * z2
      return dlog
    }

    for day in days {
      // Overnight: diffusion share plus any jump.
      logS += step(overnightShare * dtDay, &rng)
      var jumped = false
      if rng.uniform() < p.jumpIntensity * dtDay {
        jumped = true
        logS += p.jumpMean + p.jumpVolatility * rng.normal()
      }
      let open = Foundation.exp(logS)
      var high = open
      var low = open
      let dtIntraday = (1 - overnightShare) * dtDay / Double(intradaySteps)
      for _ in 0..<intradaySteps {
        logS += step(dtIntraday, &rng)
        let s = Foundation.exp(logS)
        high = max(high, s)
        low = min(low, s)
      }
      let close = Foundation.exp(logS)
      // Intraday extremes lie beyond the sampled points: widen by a half-step's typical move.
      let halfStep = (max(v, 0) * dtIntraday).squareRoot() * 0.5
      high *= Foundation.exp(halfStep * abs(rng.normal()))
      low *= Foundation.exp(-halfStep * abs(rng.normal()))

      // Rate (CIR, full truncation, floored at zero) and dividend level.
      let rPlus = max(r, 0)
      r = max(0, r + p.rateMeanReversion * (p.rateLongRun - rPlus) * dtDay + p.rateVolatility * (rPlus * dtDay).squareRoot() * rng.normal())
      dividendLevel *= Foundation.exp(p.dividendGrowth * dtDay + 0.002 * rng.normal())

      out.append(
        DayState(
          day: day, open: open, high: high, low: low, close: close, variance: max(v, 0),
          impliedVolatilities: impliedVolatilities(variance: max(v, 0), parameters: p, rng: &rng), rate: r,
          dividendYield: dividendLevel / close, jumped: jumped))
    }
    return out
  }

  /// The implied-volatility quotes of one day (tenor-major), see the type's documentation.
  static func impliedVolatilities(variance v: Double, parameters p: Parameters, rng: inout Xoshiro256StarStar) -> [Double] {
    var quotes: [Double] = []
    let jumpVariance = p.riskNeutralJumpIntensity * (p.jumpMean * p.jumpMean + p.jumpVolatility * p.jumpVolatility)
    for tenor in p.tenors {
      let t = Double(tenor) / 365
      let kt = p.riskNeutralMeanReversion * t
      let f = (1 - Foundation.exp(-kt)) / kt
      let expected = p.riskNeutralLongRunVariance + (v - p.riskNeutralLongRunVariance) * f + jumpVariance
      let atm = expected.squareRoot()
      let skew = p.correlation * p.volatilityOfVariance * f / (4 * atm) - 0.05 * (30.0 / 365 / t).squareRoot()
      let curvature = 0.5 * f
      for m in p.moneynessLevels {
        let k = Foundation.log(m)
        let smile = max(atm + skew * k + curvature * k * k, 0.5 * atm)
        let noise = Foundation.exp(0.02 * rng.normal() - 0.0002)
        quotes.append(smile * noise)
      }
    }
    return quotes
  }

  /// A generated CSV file.
  public struct File: Sendable, Equatable {
    public var name: String
    public var contents: String
    /// Data rows (without the header).
    public var rows: Int
  }

  /// The four CSV files of `Data/` (described in `Data/README.md`):
  /// `hlx_prices.csv` (`date,open,high,low,close`, index points, 2 decimals),
  /// `hlx_iv.csv` (`date,symbol,tenor_days,moneyness,iv`, decimal, 4 decimals),
  /// `hl3m_rate.csv` (`date,rate_pct`, 3-month simple rate in percent, 3 decimals),
  /// `hlx_dividend_yield.csv` (`date,yield`, continuous yield, decimal, 5 decimals).
  public static func files(
    seed: UInt64, years: Int, start: Day = defaultStart, parameters p: Parameters = Parameters()
  ) -> [File] {
    let history = simulate(seed: seed, years: years, start: start, parameters: p)
    var prices = "date,open,high,low,close\n"
    var iv = "date,symbol,tenor_days,moneyness,iv\n"
    var rate = "date,rate_pct\n"
    var dividend = "date,yield\n"
    let moneynessText = p.moneynessLevels.map { String($0) }
    for s in history {
      let d = s.day.description
      prices += "\(d),\(fixed(s.open, 2)),\(fixed(s.high, 2)),\(fixed(s.low, 2)),\(fixed(s.close, 2))\n"
      var i = 0
      for tenor in p.tenors {
        for m in moneynessText {
          iv += "\(d),HLX,\(tenor),\(m),\(fixed(s.impliedVolatilities[i], 4))\n"
          i += 1
        }
      }
      rate += "\(d),\(fixed(s.rate * 100, 3))\n"
      dividend += "\(d),\(fixed(s.dividendYield, 5))\n"
    }
    let n = history.count
    return [
      File(name: "hlx_prices.csv", contents: prices, rows: n),
      File(name: "hlx_iv.csv", contents: iv, rows: n * p.tenors.count * p.moneynessLevels.count),
      File(name: "hl3m_rate.csv", contents: rate, rows: n),
      File(name: "hlx_dividend_yield.csv", contents: dividend, rows: n),
    ]
  }

  /// `x` with exactly `decimals` decimals, rounded half away from zero (``DecimalText``).
  static func fixed(_ x: Double, _ decimals: Int) -> String { DecimalText.fixed(x, decimals) }
}
