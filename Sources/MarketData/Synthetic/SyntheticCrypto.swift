import Foundation

/// A synthetic DVOL-like implied-volatility index and perpetual funding series for a **real**
/// coin price history, so crypto scenarios run without venue data (whose terms forbid
/// redistribution).
///
/// - **Implied volatility (DVOL-like, 30 days, percentage points):** the GARCH(1,1) variance of
///   the real daily log returns, `h_t = ω + α·r_t² + β·h_{t−1}` (α = 0.10, β = 0.85, long-run
///   volatility 75 % a year, 365 days a year), forecast over the next 30 days
///   (`E[h] = h̄ + (α + β)^k·(h_t − h̄)`, averaged), plus a **variance premium** (implied =
///   forecast × 1.10, so implied sits above the realised volatility that follows on average),
///   times a slowly mean-reverting lognormal noise (AR(1) in logs, persistence 0.95, daily
///   shock 4 %): volatility clusters because the real returns do. Floored at 20 %, capped at
///   300 %.
/// - **Funding (per 8 hours, decimal):** `0.0001 + 0.0008·m_t + AR(1) noise`, `m_t` the 30-day log
///   return (momentum): funding rises in rallies and turns negative in sell-offs, as perpetual
///   longs pay up for leverage; clamped to ±0.0009 per 8 h (±98.6 % a year: stored funding is an
///   annualised rate, and rates are bounded by ±100 % a year; venues' caps are higher, 0.375 %
///   to 0.75 % per 8 h, reached in manias). Three
///   payments a day, stamped 00:00, 08:00 and 16:00 UTC in Unix milliseconds, the format venues
///   export (`hedgelab ingest --kind funding --interval 8h --date-format unix-ms`).
///
/// Deterministic: the same prices and seed give the same files (xoshiro256**).
public enum SyntheticCrypto {
  /// The generated series: one implied volatility per day (decimal) and three funding rates
  /// per day (per 8 hours).
  public struct Series: Sendable, Equatable {
    public var days: [Day]
    public var impliedVolatility: [Double]
    /// `fundingRates[3·t + k]`: the rate paid at `days[t]` + 8k hours.
    public var fundingRates: [Double]
  }

  public static func series(days: [Day], closes: [Double], seed: UInt64) -> Series {
    precondition(days.count == closes.count && days.count >= 2, "one close per day, at least two")
    var random = Xoshiro256StarStar(seed: seed)
    let α = 0.10
    let β = 0.85
    let longRun = 0.75 * 0.75 / 365  // daily variance
    let ω = longRun * (1 - α - β)
    var h = longRun
    var noise = 0.0
    var fundingNoise = 0.0
    var iv: [Double] = []
    var funding: [Double] = []
    iv.reserveCapacity(days.count)
    funding.reserveCapacity(3 * days.count)
    let persistence = α + β
    for t in days.indices {
      if t > 0 {
        let r = Foundation.log(closes[t] / closes[t - 1])
        h = ω + α * r * r + β * h
      }
      // Mean of the next 30 daily variances, annualised.
      var sum = 0.0
      var decay = persistence
      for _ in 0..<30 {
        sum += longRun + decay * (h - longRun)
        decay *= persistence
      }
      let forecast = (sum / 30 * 365).squareRoot()
      noise = 0.95 * noise + 0.04 * random.normal()
      iv.append(min(max(forecast * 1.10 * Foundation.exp(noise), 0.2), 3))
      let momentum = t >= 30 ? Foundation.log(closes[t] / closes[t - 30]) : 0
      for _ in 0..<3 {
        fundingNoise = 0.9 * fundingNoise + 0.00004 * random.normal()
        funding.append(min(max(0.0001 + 0.0008 * momentum + fundingNoise, -0.0009), 0.0009))
      }
    }
    return Series(days: days, impliedVolatility: iv, fundingRates: funding)
  }

  /// The two CSV files: `<symbol>_dvol.csv` (`date,dvol`, percentage points, 2 decimals, like
  /// Deribit's DVOL) and `<symbol>_funding.csv` (`timestamp,funding_rate`, Unix ms, per 8 h).
  public static func files(_ series: Series, symbol: String) -> [SyntheticMarket.File] {
    var dvol = "date,dvol\n"
    for (day, v) in zip(series.days, series.impliedVolatility) {
      dvol += "\(day),\(SyntheticMarket.fixed(v * 100, 2))\n"
    }
    var funding = "timestamp,funding_rate\n"
    for (t, day) in series.days.enumerated() {
      for k in 0..<3 {
        let ms = Int64(day.daysSinceEpoch) * 86_400_000 + Int64(k) * 8 * 3_600_000
        funding += "\(ms),\(SyntheticMarket.fixed(series.fundingRates[3 * t + k], 8))\n"
      }
    }
    let lower = symbol.lowercased()
    return [
      SyntheticMarket.File(name: "\(lower)_dvol.csv", contents: dvol, rows: series.days.count),
      SyntheticMarket.File(
        name: "\(lower)_funding.csv", contents: funding, rows: series.fundingRates.count),
    ]
  }
}

extension SyntheticMarket.File {
  /// A licence or notice file copied beside generated data derived from licensed data.
  public init(licence name: String, text: String) {
    self.init(name: name, contents: text, rows: 0)
  }
}
