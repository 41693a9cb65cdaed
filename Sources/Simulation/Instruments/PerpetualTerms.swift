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

/// Where a contract's rate comes from: a constant of the scenario's model, or a series in the
/// store (``RuleSeries``), read on each day of the run.
public enum RateSource: Sendable, Hashable {
  /// A model constant, in the unit the key documents.
  case constant(Double)
  /// The stored series of that name (an annualised decimal per day, see ``RuleSeries``).
  case series(String)
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
/// accruals charge the same three interval rates. With a stored series (`funding: { series: }`)
/// the day's rate is the series' value on that day: the sum of the UTC day's interval rates
/// × 365 (what `ingest --kind funding` stores), so the day's payment is `notional × value/365`,
/// the sum of that day's interval payments (the 00:00, 08:00 and 16:00 UTC ones of day t are
/// charged at its close).
public struct PerpetualTerms: Sendable, Hashable {
  public var settlement: ContractSettlement
  public var accrual: FundingAccrual
  /// The funding rate: a model constant per interval (decimal; 0.0001 = 0.01 % per 8 h ≈
  /// 10.95 % a year), or a stored series (annualised decimal per day).
  public var funding: RateSource

  public init(settlement: ContractSettlement, accrual: FundingAccrual, funding: RateSource) {
    self.settlement = settlement
    self.accrual = accrual
    self.funding = funding
  }

  /// Terms with a model funding rate per interval.
  public init(settlement: ContractSettlement, accrual: FundingAccrual, ratePerInterval: Double) {
    self.init(settlement: settlement, accrual: accrual, funding: .constant(ratePerInterval))
  }

  /// Funding paid (+) or received (−) in USD over `days` calendar days by a position whose
  /// notional at the day's mark is `notional` USD (signed, + long); `storedRate` is the
  /// stored series' value today (annualised), unused for a model rate.
  @inline(__always)
  func fundingPaid(notional: Double, days: Int, storedRate: Double) -> Double {
    switch funding {
    case .constant(let rate):
      return PerpetualFunding.paid(
        notional: notional, fromHour: 0, toHour: Double(24 * days), accrual: accrual,
        rate: { _ in rate })
    case .series:
      return notional * storedRate * Double(days) / 365
    }
  }

  /// A perpetual has no expiry: it never settles within a run.
  static let noExpiry = Expiry(day: Day(daysSinceEpoch: 1 << 40), index: .max)
}

/// The terms of a dated future opened by a rule: how it settles and its basis.
///
/// Its price is `F = S·e^{b·T}` (``InverseFuture/price(spot:basis:timeToExpiry:)``), `b` the
/// annualised continuously compounded basis (a model constant or a stored series) and `T` the
/// calendar days to its settlement close / 365: at the settlement close `T = 0` and it settles
/// at the spot. Variation margin is paid daily. An inverse future has a fixed USD face value
/// `N·size` (negative short); its coin P&L from day t−1 to t is `N·size·(1/F_{t−1} − 1/F_t)`,
/// paid in the coin (valued at `S_t` in USD), so over its life the coin P&L telescopes to
/// `N·size·(1/entry − 1/exit)`; its coin exposure is `N·size/F_t`.
public struct DatedFutureTerms: Sendable, Hashable {
  public var settlement: ContractSettlement
  /// `b`, annualised continuously compounded (decimal): a constant or a stored series.
  public var basis: RateSource

  public init(settlement: ContractSettlement, basis: RateSource) {
    self.settlement = settlement
    self.basis = basis
  }
}
