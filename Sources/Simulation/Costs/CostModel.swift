/// Trading costs, each booked as its own cash flow so that reports can separate them.
///
/// For one trade of `q` units at price `P` (underlying, option premium or futures price):
/// - underlying: commission `|q|·P·underlyingBasisPoints/10⁴`;
/// - futures: commission `|q|·F·futureBasisPoints/10⁴` plus the contract fee;
/// - options: half-spread `|q|·P·f` (fraction of premium) or `|q|·vega·v/100` (v in vol
///   points), plus the contract fee `contractFee·|q|/contractMultiplier`;
/// - every trade: if its commission plus contract fee is below `minimumFee`, the difference is
///   charged as a minimum-fee top-up.
/// Fractional contracts are allowed (no rounding of quantities).
public struct CostModel: Sendable, Equatable, Decodable {
  /// How the option bid-ask half-spread is expressed.
  public enum OptionSpread: Sendable, Equatable {
    case none
    /// A fraction of the mid premium (0.02 = 2 % of premium).
    case fractionOfPremium(Double)
    /// Volatility points (0.5 = half a vol point), converted to money through vega.
    case volatilityPoints(Double)
  }

  /// Proportional cost of underlying trades, in basis points of traded value.
  public var underlyingBasisPoints: Double
  /// Proportional cost of futures trades, in basis points of traded notional.
  public var futureBasisPoints: Double
  /// The option half-spread paid on every option trade.
  public var optionSpread: OptionSpread
  /// Fee per option or futures contract, in currency.
  public var contractFee: Double
  /// Units of underlying per contract (100 for US equity options), for the contract fee.
  public var contractMultiplier: Double
  /// Smallest commission (commission + contract fees) charged per trade, in currency.
  public var minimumFee: Double

  enum Keys: String, CodingKey, CaseIterable {
    case underlyingBps = "underlying-bps"
    case futureBps = "future-bps"
    case optionHalfSpread = "option-half-spread"
    case optionHalfSpreadVol = "option-half-spread-vol"
    case contractFee = "contract-fee"
    case contractMultiplier = "contract-multiplier"
    case minimumFee = "minimum-fee"
  }

  public init(
    underlyingBasisPoints: Double = 0, futureBasisPoints: Double = 0,
    optionSpread: OptionSpread = .none, contractFee: Double = 0, contractMultiplier: Double = 100,
    minimumFee: Double = 0
  ) {
    self.underlyingBasisPoints = underlyingBasisPoints
    self.futureBasisPoints = futureBasisPoints
    self.optionSpread = optionSpread
    self.contractFee = contractFee
    self.contractMultiplier = contractMultiplier
    self.minimumFee = minimumFee
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    underlyingBasisPoints = try c.number(
      .underlyingBps, default: 0, .within(0, 1000, "basis points: 5 is 0.05 %"))
    futureBasisPoints = try c.number(
      .futureBps, default: 0, .within(0, 1000, "basis points: 1 is 0.01 %"))
    switch try c.atMostOne(of: [.optionHalfSpread, .optionHalfSpreadVol]) {
    case .optionHalfSpread?:
      optionSpread = .fractionOfPremium(
        try c.number(.optionHalfSpread, .within(0, 1, "fraction of premium: 0.02 is 2 %")))
    case .optionHalfSpreadVol?:
      optionSpread = .volatilityPoints(
        try c.number(.optionHalfSpreadVol, .within(0, 20, "volatility points: 0.5 is half a point")))
    default:
      optionSpread = .none
    }
    contractFee = try c.number(.contractFee, default: 0, .within(0, 1000, "currency per contract"))
    contractMultiplier = try c.number(
      .contractMultiplier, default: 100, .within(1, 1_000_000, "units of underlying per contract"))
    minimumFee = try c.number(.minimumFee, default: 0, .within(0, 1_000_000, "currency per trade"))
  }

  /// True when every cost is zero.
  public var isFree: Bool {
    underlyingBasisPoints == 0 && futureBasisPoints == 0 && optionSpread == .none
      && contractFee == 0 && minimumFee == 0
  }
}

/// The costs of one trade, by kind, in currency (all ≥ 0).
public struct TradeCosts: Sendable, Hashable, Codable {
  /// Proportional commission (bps of traded value).
  public var commission: Double
  /// Option half-spread.
  public var spread: Double
  /// Per-contract fees.
  public var fees: Double
  /// Top-up to the minimum fee.
  public var minimumFee: Double

  public init(commission: Double = 0, spread: Double = 0, fees: Double = 0, minimumFee: Double = 0) {
    self.commission = commission
    self.spread = spread
    self.fees = fees
    self.minimumFee = minimumFee
  }

  public var total: Double { commission + spread + fees + minimumFee }

  static func += (a: inout TradeCosts, b: TradeCosts) {
    a.commission += b.commission
    a.spread += b.spread
    a.fees += b.fees
    a.minimumFee += b.minimumFee
  }
}

extension CostModel {
  /// Costs of trading `quantity` units of an underlying at `price`.
  @inline(__always)
  func underlyingTrade(quantity: Double, price: Double) -> TradeCosts {
    let commission = abs(quantity) * price * underlyingBasisPoints * 1e-4
    return TradeCosts(commission: commission, minimumFee: max(0, minimumFee - commission))
  }

  /// Costs of trading `quantity` futures (units of underlying) at futures price `price`.
  @inline(__always)
  func futureTrade(quantity: Double, price: Double) -> TradeCosts {
    let commission = abs(quantity) * price * futureBasisPoints * 1e-4
    let fees = contractFee * abs(quantity) / contractMultiplier
    return TradeCosts(
      commission: commission, fees: fees, minimumFee: max(0, minimumFee - commission - fees))
  }

  /// Costs of trading `quantity` options (units of underlying) with mid premium `price` and
  /// vega `vega` (per 1.00 of volatility, per unit).
  @inline(__always)
  func optionTrade(quantity: Double, price: Double, vega: Double) -> TradeCosts {
    let q = abs(quantity)
    let spread: Double
    switch optionSpread {
    case .none: spread = 0
    case .fractionOfPremium(let f): spread = q * price * f
    case .volatilityPoints(let v): spread = q * vega * v / 100
    }
    let fees = contractFee * q / contractMultiplier
    return TradeCosts(spread: spread, fees: fees, minimumFee: max(0, minimumFee - fees))
  }
}
