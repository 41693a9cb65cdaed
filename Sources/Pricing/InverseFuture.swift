import RealModule

/// Inverse (coin-margined) dated futures and perpetual swaps: contracts with a face value in USD
/// (BitMEX XBTUSD: 1 USD; Deribit BTC futures: 10 USD), margined and settled in the coin.
///
/// A long of `N` contracts of face value `size` USD entered at price `F₀` holds `N·size/F₀` coin
/// of exposure; closed at `F₁` its profit **in coin** is
///
///     P&L = N·size·(1/F₀ − 1/F₁)
///
/// (negative `N` for a short). The profit is not linear in price: a short's coin gain when the
/// price halves is `N·size/F₀` (the whole notional), its coin loss when the price doubles only
/// half of it. In USD at the exit price the same profit is `N·size·(F₁/F₀ − 1)`, so a short of
/// `N·size = S·q` USD hedges `q` coin held, in USD terms exactly.
///
/// A dated future trades at the spot times its basis, `F = S·e^{b·T}` with `b` the annualised
/// continuously compounded basis (decimal) and `T` the year fraction to expiry; it converges to
/// the spot at expiry.
///
/// References: BitMEX, "XBTUSD perpetual contract guide" (inverse contract P&L); the same
/// formula in the `lfest` crate (`FuturesType::Inverse`, docs.rs/lfest), whose test gives
/// 10 contracts from 100 to 110 = 0.00909 coin, checked in `Tests/PricingTests`.
public enum InverseFuture {
  /// The coin profit of `contracts` (negative for a short) of face value `contractSize` USD,
  /// entered at `entryPrice` and closed at `exitPrice` (both USD per coin, positive):
  /// `N·size·(1/entry − 1/exit)`.
  public static func profitInCoin(
    contracts: Double, contractSize: Double, entryPrice: Double, exitPrice: Double
  ) -> Double {
    contracts * contractSize * (1 / entryPrice - 1 / exitPrice)
  }

  /// The coin exposure of the position at `price`: `N·size/price` (coin; negative for a short).
  public static func notionalInCoin(
    contracts: Double, contractSize: Double, price: Double
  ) -> Double {
    contracts * contractSize / price
  }

  /// The futures price `S·e^{b·T}` for an annualised continuously compounded basis `b`
  /// (decimal, 0.1 = 10 % a year) and `timeToExpiry` in years.
  public static func price(spot: Double, basis: Double, timeToExpiry: Double) -> Double {
    spot * Double.exp(basis * max(timeToExpiry, 0))
  }
}

/// How a perpetual's funding is charged: at each interval boundary, or accrued continuously.
public enum FundingAccrual: Sendable, Hashable, Codable {
  /// A payment at every `hours`-hour boundary (00:00, 08:00, 16:00 UTC for 8 hours) by whoever
  /// holds the position at that instant, of the rate of the interval that just ended.
  case interval(hours: Int)
  /// The same rate charged pro rata over time: each interval's rate accrues linearly over the
  /// `hours` it covers.
  case continuous(hours: Int)

  /// The length of one funding interval, in hours.
  public var intervalHours: Int {
    switch self {
    case let .interval(hours), let .continuous(hours): hours
    }
  }
}

/// Funding of perpetual swaps: a long pays `notional × rate` per interval to the shorts when the
/// rate is positive (receives when negative).
///
/// Rates are **per interval** (decimal; an 8-hour rate of 0.0001 = 0.01 % per 8 h, about
/// 10.95 % a year: 3 × 365 × 0.0001). For an inverse perpetual the notional is in coin,
/// `N·size/mark`; the payment is in coin. Time is measured in hours from 00:00 UTC of a
/// reference day; interval k covers `((k − 1)·I, k·I]` and its rate is `rate(k)`.
///
/// Over a window whose ends fall on interval boundaries both accruals charge the same:
/// `Σ rate(k)` over the intervals inside it. They differ only for a window that starts or ends
/// between boundaries (a discrete payment goes to whoever holds at the boundary). A daily
/// backtest holds each position from close to close (24:00 to 24:00 UTC), which is
/// boundary-aligned for 8-hour funding, so the two agree there; the coin notional uses the
/// day's close as the mark, the only price observed.
public enum PerpetualFunding {
  /// Funding paid by a position of notional `notional` (any unit; coin for an inverse
  /// perpetual, positive long) over the window `(fromHour, toHour]`, in that unit; negative
  /// when received. `rate(k)` is the per-interval rate of interval k (1-based from hour 0).
  public static func paid(
    notional: Double, fromHour: Double, toHour: Double, accrual: FundingAccrual,
    rate: (Int) -> Double
  ) -> Double {
    guard toHour > fromHour else { return 0 }
    let I = Double(accrual.intervalHours)
    var total = 0.0
    switch accrual {
    case .interval:
      // Boundaries k·I in (from, to].
      var k = Int(clamping: fromHour / I, .down) + 1
      while Double(k) * I <= toHour {
        total += rate(k)
        k += 1
      }
    case .continuous:
      // Interval k overlaps the window by min(to, kI) − max(from, (k−1)I).
      var k = Int(clamping: fromHour / I, .down) + 1
      while Double(k - 1) * I < toHour {
        let overlap = min(toHour, Double(k) * I) - max(fromHour, Double(k - 1) * I)
        if overlap > 0 { total += rate(k) * overlap / I }
        k += 1
      }
    }
    return notional * total
  }
}
