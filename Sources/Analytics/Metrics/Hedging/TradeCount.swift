/// Number of trades: entries of a trade ledger with a non-zero quantity, in total and per
/// year.
///
/// `count = #{ k : q_k ≠ 0 }` (a zero-quantity entry, e.g. a skipped rebalance, is not a
/// trade), and `per year = count / years` with `years` the calendar span / 365.25.
///
/// Edge cases: 0 for an empty ledger; the rate per year is `nil` for curves of fewer than
/// two values.
public enum TradeCount {
  /// Number of non-zero quantities (any unit: shares, contracts).
  public static func of(quantities: [Double]) -> Int {
    quantities.reduce(0) { $1 != 0 ? $0 + 1 : $0 }
  }

  /// Trades per year over `curve`'s calendar span, or `nil` for curves of fewer than two
  /// values.
  public static func perYear(quantities: [Double], over curve: EquityCurve) -> Double? {
    guard curve.count >= 2 else { return nil }
    return Double(of(quantities: quantities)) / (Double(curve.calendarDays) / 365.25)
  }
}
