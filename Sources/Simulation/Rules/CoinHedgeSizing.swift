/// How a futures hedge of a coin holding (`perpetual-hedge`, `future-hedge`) is sized: a
/// short of `hedge-ratio × holding` coin (1 = the whole holding, 0.5 = half), resized when its
/// coin exposure drifts from that target by more than `rebalance-band` (a fraction of the
/// target; 0 = every day). An inverse contract's exposure `face/F` drifts by itself, and the
/// holding changes when inverse premiums, margin or funding are paid in coin.
public struct CoinHedgeSizing: Sendable, Equatable {
  public var hedgeRatio: Double
  public var rebalanceBand: Double

  public init(hedgeRatio: Double = 1, rebalanceBand: Double = 0) {
    self.hedgeRatio = hedgeRatio
    self.rebalanceBand = rebalanceBand
  }

  /// The target coin exposure (negative: short) against the holding of `underlying`.
  func target(_ portfolio: Portfolio, underlying: Int) -> Double {
    -hedgeRatio * portfolio.baseUnits[underlying]
  }

  /// The position rule `owner` holds, if any.
  static func held(by owner: Int, in portfolio: Portfolio) -> FuturePosition? {
    var held: FuturePosition? = nil
    for f in portfolio.futures where f.owner == owner { held = f }
    return held
  }

  /// Appends the resize of `held` to `target` when it is outside the band.
  func rebalance(_ held: FuturePosition, to target: Double, orders: inout [TradeOrder]) {
    let gap = target - held.quantity
    if abs(gap) > rebalanceBand * abs(target) {
      orders.append(.resizeFuture(id: held.id, by: gap, reason: .rebalance))
    }
  }

  /// Reads `hedge-ratio` and `rebalance-band` from a rule's keys.
  init<K: CodingKey>(from c: KeyedDecodingContainer<K>, hedgeRatio: K, rebalanceBand: K, contract: String) throws {
    self.hedgeRatio = try c.number(
      hedgeRatio, default: 1, .within(0, 10, "1 shorts one coin of \(contract) per coin held"))
    self.rebalanceBand = try c.number(
      rebalanceBand, default: 0, .within(0, 1, "0.05 resizes when the exposure is 5 % off"))
  }
}
