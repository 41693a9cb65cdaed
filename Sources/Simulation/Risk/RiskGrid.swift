import MarketData
import Pricing

/// The shocks of a risk grid: relative spot moves × implied-volatility shifts.
///
/// Units: `spotMoves` are decimal relative moves of every underlying's close (−0.30 = a 30 %
/// fall); `volatilityShifts` are additive shifts of each option's implied volatility in
/// decimal (0.05 = +5 vol points). Every underlying moves by the same relative amount at
/// once (a fully correlated shock, as a single-index book is shocked).
public struct RiskGridSpec: Sendable, Equatable {
  public var spotMoves: [Double]
  public var volatilityShifts: [Double]

  public init(spotMoves: [Double], volatilityShifts: [Double]) {
    self.spotMoves = spotMoves
    self.volatilityShifts = volatilityShifts
  }

  /// −30 % … +30 % in steps of 5 % × −10, −5, 0, +5, +10, +20 vol points.
  public static let standard = RiskGridSpec(
    spotMoves: stride(from: -30, through: 30, by: 5).map { Double($0) / 100 },
    volatilityShifts: [-0.10, -0.05, 0, 0.05, 0.10, 0.20])
}

/// The P&L of a portfolio under every shock of a ``RiskGridSpec``, by full revaluation.
///
/// `pnl[i][j]` is the change in marked-to-market value, in currency, when every close moves
/// by `spotMoves[i]` and every implied volatility shifts by `volatilityShifts[j]`, all else
/// (time to expiry, rates, dividend yields) unchanged: an instantaneous shock.
public struct RiskGrid: Sendable, Equatable {
  public let spec: RiskGridSpec
  /// Rows follow `spec.spotMoves`, columns `spec.volatilityShifts`; currency.
  public let pnl: [[Double]]

  /// The most negative P&L of the grid (≤ 0 when the grid contains the 0/0 shock), with the
  /// shock that produces it.
  public var worst: (pnl: Double, spotMove: Double, volatilityShift: Double)? {
    var best: (Double, Double, Double)?
    for (i, row) in pnl.enumerated() {
      for (j, x) in row.enumerated() where best == nil || x < best!.0 {
        best = (x, spec.spotMoves[i], spec.volatilityShifts[j])
      }
    }
    return best
  }
}

/// Revalues a portfolio on one day under shocks, with `BlackScholesMerton.price` (full
/// revaluation, not a greek expansion).
///
/// Conventions:
/// - Underlying units gain `units·S·x` for a relative move `x`.
/// - Options are repriced at the shocked spot `S·(1 + x)` (less the present value of cash
///   dividends before expiry with `data.dividend-cash`) and at their own implied volatility
///   of today (sticky strike) plus the shift, floored at ``minimumVolatility``; time to expiry
///   (calendar days / 365), the risk-free rate and the dividend yield are today's.
/// - Futures (settled daily, cost of carry) gain `q·F·x`.
/// - Cash does not move.
/// The base of each option is also repriced by `BlackScholesMerton.price` at today's inputs,
/// so the 0/0 shock gives exactly 0.
public struct PortfolioRevaluation: Sendable {
  /// Shifted volatilities never go below this (decimal): 0.01 = 1 vol point.
  public static let minimumVolatility = 0.01

  struct Line {
    var underlying: Int
    var contract: OptionContract
    var quantity: Double
    var volatility: Double
    var base: Double
    /// The present value of the cash dividends before expiry (escrowed-dividend model).
    var escrow: Double = 0
  }

  let lines: [Line]
  /// Per underlying: units of underlying plus futures' spot-equivalent units, and spot.
  let linearUnits: [Double]
  /// Per underlying: futures' (and perpetuals') spot-equivalent units only.
  let futureUnits: [Double]
  let spots: [Double]
  let rate: Double
  let yields: [Double]

  /// Captures the positions of `portfolio` and today's market of `view`.
  public init(_ portfolio: Portfolio, _ view: MarketView) {
    let m = view.underlyingCount
    var linear = [Double](repeating: 0, count: m)
    var futures = [Double](repeating: 0, count: m)
    for f in portfolio.futures { futures[f.underlying] += f.quantity * f.delta }
    for u in 0..<m { linear[u] = portfolio.units(of: u) + futures[u] }
    futureUnits = futures
    spots = (0..<m).map { view.spot($0) }
    rate = view.riskFreeRate
    yields = (0..<m).map { view.dividendYield($0) }
    linearUnits = linear
    var lines = [Line]()
    lines.reserveCapacity(portfolio.options.count)
    for o in portfolio.options {
      let contract = OptionContract(kind: o.kind, strike: o.strike, timeToExpiry: view.timeToExpiry(o.expiry.day))
      let escrow = view.spot(o.underlying) - view.escrowedSpot(o.underlying, through: o.expiry.day)
      let market = MarketState(
        spot: spots[o.underlying] - escrow, volatility: o.volatility, riskFreeRate: rate,
        dividendYield: yields[o.underlying])
      lines.append(
        Line(
          underlying: o.underlying, contract: contract, quantity: o.quantity, volatility: o.volatility,
          base: BlackScholesMerton.price(contract, market), escrow: escrow))
    }
    self.lines = lines
  }

  /// Number of underlyings.
  public var underlyingCount: Int { spots.count }

  /// The P&L (currency) when underlying `u` moves by `moves[u]` (decimal, relative) and every
  /// implied volatility by `volatilityShift` (decimal vol points).
  public func pnl(moves: [Double], volatilityShift: Double) -> Double {
    var total = 0.0
    for u in linearUnits.indices where linearUnits[u] != 0 {
      total += linearUnits[u] * spots[u] * moves[u]
    }
    for line in lines {
      let market = MarketState(
        spot: spots[line.underlying] * (1 + moves[line.underlying]) - line.escrow,
        volatility: max(Self.minimumVolatility, line.volatility + volatilityShift),
        riskFreeRate: rate, dividendYield: yields[line.underlying])
      total += line.quantity * (BlackScholesMerton.price(line.contract, market) - line.base)
    }
    return total
  }

  /// The grid of P&L with the same relative move of every underlying.
  public func grid(_ spec: RiskGridSpec) -> RiskGrid {
    let m = spots.count
    let pnl = spec.spotMoves.map { x in
      spec.volatilityShifts.map { shift in
        self.pnl(moves: [Double](repeating: x, count: m), volatilityShift: shift)
      }
    }
    return RiskGrid(spec: spec, pnl: pnl)
  }
}
