import MarketData
import Pricing

/// A crypto venue's standard (per-position) margin, as Deribit writes it for inverse options
/// and futures: each position's requirement in coin, summed; no offsets between positions.
///
/// Per option of coin mark `m = C/S` (``InverseOption``), quantity `q` (coin of notional) on an
/// underlying of close `S` and strike `K`:
/// - long call or put: nothing beyond the premium already paid (initial = maintenance = 0);
/// - short call, OTM amount `a = max(K − S, 0)`:
///   `initial = |q|·(max(0.15 − a/S, 0.10) + m)`, `maintenance = |q|·(0.075 + m)`;
/// - short put, OTM amount `a = max(S − K, 0)`:
///   `maintenance = |q|·(max(0.075, 0.075·m) + m)`,
///   `initial = max(|q|·(max(0.15 − a/S, 0.10) + m), maintenance)`.
///
/// Per future or perpetual of spot-equivalent units `f` (coin):
/// `initial = |f|·(0.02 + 0.005·|f|/100)`, `maintenance = |f|·(0.015 + 0.005·|f|/100)`
/// (2 % and 1.5 %, each rising by 0.5 % per 100 coin of position).
///
/// The USD requirement is the coin one times the close, summed over underlyings.
///
/// Sources: the option formulas are Deribit's standard margin for inverse options as quoted in
/// TSLab's "Deribit Margin Requirements Calculation" (doc.tslab.pro, Deribit connector) and
/// Deribit, "Margin types and usage" (support.deribit.com/hc/en-us/articles/25944811317149:
/// "each position has its own margin requirements calculated separately … summed up"); the
/// futures rates are Deribit's BTC futures contract specification
/// (test.deribit.com/pages/docs/futures: initial "starting with 2.0 % … increasing 0.5 % per
/// 100 BTC", maintenance "starting with 1.5 %"). Every number is a parameter; the venue changes
/// them without notice.
public struct CryptoStandardMarginModel: Sendable, Equatable {
  /// Short option initial margin before the OTM reduction, coin per coin (0.15).
  public var shortOptionInitial: Double
  /// Floor of the short option initial margin, coin per coin (0.10).
  public var shortOptionInitialFloor: Double
  /// Short option maintenance margin, coin per coin (0.075).
  public var shortOptionMaintenance: Double
  /// Futures initial margin at zero size, decimal of the notional (0.02).
  public var futureInitial: Double
  /// Futures maintenance margin at zero size, decimal (0.015).
  public var futureMaintenance: Double
  /// Increase of both futures rates per coin of position (0.005 per 100 coin = 0.00005).
  public var futureRatePerCoin: Double

  public init(
    shortOptionInitial: Double = 0.15, shortOptionInitialFloor: Double = 0.10,
    shortOptionMaintenance: Double = 0.075, futureInitial: Double = 0.02,
    futureMaintenance: Double = 0.015, futureRatePerCoin: Double = 0.005 / 100
  ) {
    self.shortOptionInitial = shortOptionInitial
    self.shortOptionInitialFloor = shortOptionInitialFloor
    self.shortOptionMaintenance = shortOptionMaintenance
    self.futureInitial = futureInitial
    self.futureMaintenance = futureMaintenance
    self.futureRatePerCoin = futureRatePerCoin
  }

  public static let standard = CryptoStandardMarginModel()

  /// The requirement of one option position, in coin.
  /// - Parameters:
  ///   - quantity: coin of notional, signed (+ long).
  ///   - mark: the option's coin value per coin, `C/S`.
  ///   - spot: the underlying's close, USD.
  public func option(kind: OptionKind, strike: Double, quantity: Double, mark: Double, spot: Double)
    -> MarginRequirement
  {
    guard quantity < 0 else { return .zero }
    let size = -quantity
    let outOfTheMoney = kind == .call ? max(strike - spot, 0) : max(spot - strike, 0)
    let initialRate = max(shortOptionInitial - outOfTheMoney / spot, shortOptionInitialFloor) + mark
    switch kind {
    case .call:
      return MarginRequirement(initial: size * initialRate, maintenance: size * (shortOptionMaintenance + mark))
    case .put:
      let maintenance = size * (max(shortOptionMaintenance, shortOptionMaintenance * mark) + mark)
      return MarginRequirement(initial: max(size * initialRate, maintenance), maintenance: maintenance)
    }
  }

  /// The requirement of a futures position of `units` spot-equivalent coin (signed), in coin.
  public func future(units: Double) -> MarginRequirement {
    let size = abs(units)
    return MarginRequirement(
      initial: size * (futureInitial + futureRatePerCoin * size),
      maintenance: size * (futureMaintenance + futureRatePerCoin * size))
  }

  /// The requirement of every option and future of `portfolio` on the day of `view`, in USD:
  /// each position's coin requirement times its underlying's close.
  public func requirement(_ portfolio: Portfolio, _ view: MarketView) -> MarginRequirement {
    var total = MarginRequirement.zero
    func add(_ r: MarginRequirement, _ spot: Double) {
      total.initial += r.initial * spot
      total.maintenance += r.maintenance * spot
    }
    for o in portfolio.options where o.quantity < 0 {
      let s = view.spot(o.underlying)
      add(option(kind: o.kind, strike: o.strike, quantity: o.quantity, mark: o.price / s, spot: s), s)
    }
    for f in portfolio.futures where f.quantity != 0 {
      add(future(units: f.quantity * f.delta), view.spot(f.underlying))
    }
    return total
  }
}
