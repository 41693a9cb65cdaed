import MarketData
import Pricing

/// How a crypto contract settles: in USD (linear) or in the coin (inverse).
///
/// - `linear`: premiums, variation margin, funding and payoffs are USD cash flows (USD- or
///   USDC-settled options and futures, CME-style).
/// - `inverse`: they are paid in the coin (Deribit BTC options, BitMEX XBTUSD): the engine
///   books each such cash flow and converts it at the day's close into the coin holding, so a
///   BTC holder's premium shrinks the very holding being protected and a payoff adds to it.
///   In USD the two are the same instrument; in coin they are not (``InverseOption``,
///   ``InverseFuture``).
public enum ContractSettlement: String, Sendable, Hashable, Codable, CaseIterable {
  case linear, inverse
}

/// The terms of a perpetual swap held in the portfolio: how it settles and how it pays funding.
///
/// The perpetual's price is the spot (funding is what keeps it there; the basis between them is
/// not modelled), its delta 1. Variation margin `q·(S_t − S_{t−1})` is paid daily. An inverse
/// perpetual has a fixed USD face value `N·size`: its coin exposure `q = N·size/S` shrinks as
/// the price rises, and the engine resets `q` to `face/S_t` at each close (no trade: the same
/// contracts), which makes its daily USD margin `q_{t−1}·(S_t − S_{t−1})`, exactly the coin
/// P&L `N·size·(1/S_{t−1} − 1/S_t)` valued at `S_t`.
///
/// Funding: a long pays `notional × rate` per interval (``PerpetualFunding``), the notional
/// being the coin exposure valued at the day's close (`q·S_t`, or the face value for an
/// inverse perpetual), the only mark observed. Over a close-to-close day of 8-hour funding both
/// accruals charge the same three interval rates.
public struct PerpetualTerms: Sendable, Hashable {
  public var settlement: ContractSettlement
  public var accrual: FundingAccrual
  /// The model funding rate per interval (decimal; 0.0001 = 0.01 % per 8 h ≈ 10.95 % a year).
  public var ratePerInterval: Double

  public init(settlement: ContractSettlement, accrual: FundingAccrual, ratePerInterval: Double) {
    self.settlement = settlement
    self.accrual = accrual
    self.ratePerInterval = ratePerInterval
  }

  /// Funding paid (+) or received (−) in USD over `days` calendar days by a position whose
  /// notional at the day's mark is `notional` USD (signed, + long).
  func fundingPaid(notional: Double, days: Int) -> Double {
    let rate = ratePerInterval
    return PerpetualFunding.paid(
      notional: notional, fromHour: 0, toHour: Double(24 * days), accrual: accrual,
      rate: { _ in rate })
  }

  /// A perpetual has no expiry: it never settles within a run.
  static let noExpiry = Expiry(day: Day(daysSinceEpoch: 1 << 40), index: .max)
}
