import MarketData
import Pricing
import RealModule

/// The market as a rule sees it on one day: today's and past values only.
///
/// No look-ahead by construction: every accessor reads step `index` or earlier; there is no
/// way to reach a later close, volatility or rate. (The calendar of future trading days is
/// used only to adjust expiries to the last trading day before a holiday, as a published
/// exchange calendar would.)
public struct MarketView {
  let tape: MarketTape
  /// Today's step in the run's calendar.
  public let index: Int

  init(tape: MarketTape, index: Int) {
    self.tape = tape
    self.index = index
  }

  /// Today.
  @inline(__always) public var day: Day { tape.days[index] }
  /// Number of underlyings.
  public var underlyingCount: Int { tape.symbols.count }
  /// Steps per year (252 trading days or 365 calendar days).
  public var stepsPerYear: Double { tape.stepsPerYear }

  /// Today's close of underlying `u`, in currency.
  @inline(__always) public func spot(_ u: Int) -> Double { tape.spot(u, index) }

  /// The close of `u` `stepsAgo` steps before today, or `nil` before the first day.
  public func spot(_ u: Int, stepsAgo: Int) -> Double? {
    precondition(stepsAgo >= 0, "a rule may not look ahead")
    return index >= stepsAgo ? tape.spot(u, index - stepsAgo) : nil
  }

  /// Today's risk-free rate (decimal, continuous).
  @inline(__always) public var riskFreeRate: Double { tape.riskFreeRate(index) }

  /// Today's dividend yield of `u` (decimal, continuous).
  @inline(__always) public func dividendYield(_ u: Int) -> Double { tape.dividendYield(u, index) }

  /// Today's at-the-money implied volatility of `u` (decimal).
  @inline(__always) public func atTheMoneyVolatility(_ u: Int) -> Double {
    tape.atTheMoneyVolatility(u, index)
  }

  /// Years from today to `day` (calendar days / 365), never negative.
  @inline(__always) public func timeToExpiry(_ day: Day) -> Double {
    Double(max(0, self.day.days(to: day))) / 365
  }

  /// Today's implied volatility of an option on `u` (decimal).
  @inline(__always)
  public func impliedVolatility(_ u: Int, strike: Double, expiry: Day) -> Double {
    tape.impliedVolatility(u, index, strike: strike, timeToExpiry: timeToExpiry(expiry))
  }

  /// Today's Black-Scholes-Merton price and book greeks of one unit of an option on `u`, at
  /// the implied volatility of its strike and tenor; `vol` returns that volatility.
  /// (``BatchPricer/mark(_:_:)``: the batch kernel's arithmetic, equal to
  /// ``BlackScholesMerton/greeks(_:_:)`` to about 1e-13 relative.)
  @inline(__always)
  public func greeks(_ u: Int, kind: OptionKind, strike: Double, expiry: Day) -> (OptionMark, vol: Double) {
    let T = timeToExpiry(expiry)
    let σ = tape.impliedVolatility(u, index, strike: strike, timeToExpiry: T)
    let g = BatchPricer.mark(
      OptionContract(kind: kind, strike: strike, timeToExpiry: T),
      MarketState(spot: escrowedSpot(u, through: expiry), volatility: σ, riskFreeRate: riskFreeRate, dividendYield: dividendYield(u)))
    return (g, σ)
  }

  /// The delta of one unit of an option on `u` at volatility `volatility` instead of the
  /// implied one (hedging at realised or Leland volatility).
  @inline(__always)
  public func delta(_ u: Int, kind: OptionKind, strike: Double, expiry: Day, volatility: Double) -> Double {
    BlackScholesMerton.delta(
      OptionContract(kind: kind, strike: strike, timeToExpiry: timeToExpiry(expiry)),
      MarketState(spot: escrowedSpot(u, through: expiry), volatility: volatility, riskFreeRate: riskFreeRate, dividendYield: dividendYield(u)))
  }

  /// The spot an option or future on `u` settling on `expiry` is priced on: today's close less
  /// the present value of the cash dividends paid before it (escrowed-dividend model,
  /// ``MarketTape/escrowedDividends(_:_:through:)``); the close without `data.dividend-cash`.
  /// Greeks with respect to it equal those with respect to the close (the deduction does not
  /// depend on the spot).
  @inline(__always) public func escrowedSpot(_ u: Int, through expiry: Day) -> Double {
    spot(u) - tape.escrowedDividends(u, index, through: expiry)
  }

  /// The futures price of `u` for settlement on `expiry`: `S·e^{(r − q)·T}`, S less the
  /// present value of cash dividends before `expiry` (``escrowedSpot(_:through:)``).
  @inline(__always) public func futurePrice(_ u: Int, expiry: Day) -> Double {
    escrowedSpot(u, through: expiry) * futureDelta(u, expiry: expiry)
  }

  /// ∂F/∂S = `e^{(r − q)·T}`.
  @inline(__always) public func futureDelta(_ u: Int, expiry: Day) -> Double {
    Double.exp((riskFreeRate - dividendYield(u)) * timeToExpiry(expiry))
  }

  /// The standard monthly expiry (third Friday, settled on the last trading day on or before
  /// it) nearest to today + `tenorDays` calendar days, and strictly after today.
  public func monthlyExpiry(tenorDays: Int) -> Expiry {
    var after = day
    var target = day + tenorDays
    while true {
      let nominal = ExpiryCalendar.monthlyExpiry(nearest: target, after: after)
      let settlement = tape.settlement(of: nominal)
      if settlement.day > day { return settlement }
      after = nominal
      target = nominal + 1
    }
  }

  /// The first expiry of `cycle` strictly after today (third Friday of a cycle month, settled
  /// on the last trading day on or before it).
  public func cycleExpiry(_ cycle: ExpiryCycle) -> Expiry {
    var nominal = ExpiryCalendar.nextExpiry(in: cycle, after: day)
    while true {
      let settlement = tape.settlement(of: nominal)
      if settlement.day > day { return settlement }
      nominal = ExpiryCalendar.nextExpiry(in: cycle, after: nominal)
    }
  }

  /// The first quarterly futures expiry at least `minimumDays` calendar days away.
  public func quarterlyExpiry(minimumDays: Int) -> Expiry {
    var nominal = ExpiryCalendar.quarterlyExpiry(onOrAfter: day + max(1, minimumDays))
    while true {
      let settlement = tape.settlement(of: nominal)
      if settlement.day > day { return settlement }
      nominal = ExpiryCalendar.quarterlyExpiry(onOrAfter: nominal + 1)
    }
  }

  /// Realised volatility of `u` over the last `window` daily log returns up to today
  /// (sample standard deviation × √stepsPerYear), or `nil` with fewer than 2 returns.
  public func realisedVolatility(_ u: Int, window: Int) -> Double? {
    let count = min(window, index)
    guard count >= 2 else { return nil }
    let base = u &* tape.count
    var sum = 0.0
    var sumSquares = 0.0
    for t in (index - count + 1)...index {
      let r = tape.logReturns[base &+ t]
      sum += r
      sumSquares += r * r
    }
    let n = Double(count)
    let variance = max(0, (sumSquares - sum * sum / n) / (n - 1))
    return (variance * tape.stepsPerYear).squareRoot()
  }

  /// The beta of `u` on `index` from the last `window` daily log returns up to today
  /// (`cov(r_u, r_m) / var(r_m)`), or `nil` with fewer than 20 returns or a flat index.
  public func beta(of u: Int, on market: Int, window: Int) -> Double? {
    let count = min(window, index)
    guard count >= 20 else { return nil }
    let bu = u &* tape.count
    let bm = market &* tape.count
    var su = 0.0
    var sm = 0.0
    var sum = 0.0
    var smm = 0.0
    for t in (index - count + 1)...index {
      let ru = tape.logReturns[bu &+ t]
      let rm = tape.logReturns[bm &+ t]
      su += ru
      sm += rm
      sum += ru * rm
      smm += rm * rm
    }
    let n = Double(count)
    let covariance = sum - su * sm / n
    let variance = smm - sm * sm / n
    guard variance > 0 else { return nil }
    return covariance / variance
  }
}
