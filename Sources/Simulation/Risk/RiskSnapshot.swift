import MarketData
import Pricing

/// Net greeks of a set of positions, in the units a risk manager reads them.
///
/// For positions `i` with signed quantity `q_i` (units of underlying) on an underlying of
/// close `S`:
/// - `sharesEquivalent = units + Σ q_i·Δ_i + Σ futures q·∂F/∂S`: the holding of the
///   underlying with the same first-order exposure (units of underlying). Summed over
///   underlyings in ``RiskSnapshot/total`` it mixes units of different underlyings, so it is
///   reported there as `nil`.
/// - `dollarDelta = sharesEquivalent·S`: currency gained per 100 % move to first order, i.e.
///   the equivalent holding in currency (a 1 % move gains `dollarDelta/100`).
/// - `gammaPerPercent = Σ q_i·Γ_i·S²/100`: the change of `dollarDelta`, in currency, for a
///   1 % rise of the underlying (so a move of `x` %, gives about `½·gammaPerPercent·x²/100`
///   of P&L).
/// - `vegaPerVolPoint = Σ q_i·vega_i/100`: currency per +1 vol point (+0.01) of every
///   implied volatility.
/// - `thetaPerDay = Σ q_i·θ_i/365`: currency per calendar day of time decay, all else equal.
public struct NetGreeks: Sendable, Equatable {
  public var sharesEquivalent: Double?
  public var dollarDelta: Double
  public var gammaPerPercent: Double
  public var vegaPerVolPoint: Double
  public var thetaPerDay: Double

  public static let zero = NetGreeks(
    sharesEquivalent: 0, dollarDelta: 0, gammaPerPercent: 0, vegaPerVolPoint: 0, thetaPerDay: 0)
}

/// One underlying's close and the net greeks of the positions on it.
public struct UnderlyingRisk: Sendable, Equatable {
  public var symbol: String
  /// Close of the day, in currency.
  public var spot: Double
  /// Units of the underlying held (initial holdings plus hedge trades).
  public var units: Double
  /// Number of option positions on it.
  public var optionPositions: Int
  public var greeks: NetGreeks
}

/// A program's risk on one day, after that day's trades: value, net greeks per underlying and
/// in total, and the full-revaluation P&L grid.
public struct RiskSnapshot: Sendable {
  public var program: String
  public var day: Day
  /// Step index of `day` in the run's calendar.
  public var index: Int
  /// Marked-to-market value, in currency.
  public var value: Double
  public var cash: Double
  public var underlyings: [UnderlyingRisk]
  /// Sums over underlyings (`sharesEquivalent` is `nil` with more than one underlying).
  public var total: NetGreeks
  public var grid: RiskGrid
  /// The day's maintenance margin under `marginModel`, in currency (USD).
  public var margin: Double
  /// The day's initial margin under `marginModel`, in currency (USD).
  public var initialMargin: Double
  public var marginModel: MarginModel
  /// Under a crypto portfolio margin: the coin risk matrix of each underlying with options or
  /// futures; empty otherwise.
  public var cryptoRiskMatrices: [(symbol: String, matrix: CryptoRiskMatrix)] = []
  /// The portfolio itself, for listing positions.
  public var portfolio: Portfolio

  /// Nets the greeks of `portfolio` as of `view`, revalues it over `spec` and computes its
  /// margin under `marginModel`.
  public init(
    program: String, portfolio: Portfolio, view: MarketView, grid spec: RiskGridSpec,
    marginModel: MarginModel = .standard
  ) {
    self.program = program
    self.day = view.day
    self.index = view.index
    self.portfolio = portfolio
    self.cash = portfolio.cash
    self.value = portfolio.value { view.spot($0) }
    let m = view.underlyingCount
    var rows = [UnderlyingRisk]()
    var total = NetGreeks.zero
    for u in 0..<m {
      let s = view.spot(u)
      var shares = portfolio.units(of: u)
      var gamma = 0.0
      var vega = 0.0
      var theta = 0.0
      var count = 0
      for o in portfolio.options where o.underlying == u {
        shares += o.quantity * o.delta
        gamma += o.quantity * o.gamma
        vega += o.quantity * o.vega
        theta += o.quantity * o.theta
        count += 1
      }
      for f in portfolio.futures where f.underlying == u { shares += f.quantity * f.delta }
      let greeks = NetGreeks(
        sharesEquivalent: shares, dollarDelta: shares * s, gammaPerPercent: gamma * s * s / 100,
        vegaPerVolPoint: vega / 100, thetaPerDay: theta / 365)
      rows.append(
        UnderlyingRisk(
          symbol: view.tape.symbols[u], spot: s, units: portfolio.units(of: u), optionPositions: count,
          greeks: greeks))
      total.sharesEquivalent = m == 1 ? shares : nil
      total.dollarDelta += greeks.dollarDelta
      total.gammaPerPercent += greeks.gammaPerPercent
      total.vegaPerVolPoint += greeks.vegaPerVolPoint
      total.thetaPerDay += greeks.thetaPerDay
    }
    self.underlyings = rows
    self.total = total
    self.grid = PortfolioRevaluation(portfolio, view).grid(spec)
    self.marginModel = marginModel
    let requirement = marginModel.requirement(portfolio, view)
    self.margin = requirement.maintenance
    self.initialMargin = requirement.initial
    if case .cryptoPortfolio(let model) = marginModel {
      let revaluation = PortfolioRevaluation(portfolio, view)
      cryptoRiskMatrices = (0..<m).filter { revaluation.hasDerivatives(underlying: $0) }.map {
        (view.tape.symbols[$0], model.riskMatrix(revaluation, underlying: $0))
      }
    }
  }
}
