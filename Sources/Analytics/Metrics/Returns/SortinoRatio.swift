/// Sortino ratio: mean return above a target per unit of downside deviation, annualised.
///
/// `Sortino = mean(r_i − T) / DD · √P`, with the downside deviation taken over ALL n periods
/// (periods above the target contribute zero, they are not dropped):
///
/// `DD = sqrt( Σ min(r_i − T, 0)² / n )`
///
/// This is the target downside deviation of Sortino & Price (1994) and Rollinger & Hoffman
/// (2013), and matches quantstats `sortino` and empyrical `sortino_ratio`/`downside_risk`
/// exactly. It differs from the standard deviation of the negative returns only (which some
/// spreadsheets use), and from a version dividing by the count of negative periods.
///
/// To measure against the risk-free rate, pass excess returns `r_i − rf_i` with T = 0.
///
/// Edge cases: `nil` for an empty series and when no return is below the target
/// (DD = 0): the ratio is then undefined, not infinite.
///
/// References: Sortino, F. & Price, L. (1994), "Performance Measurement in a Downside Risk
/// Framework", *Journal of Investing* 3(3), 59–64; Rollinger, T. & Hoffman, S. (2013),
/// "Sortino: A 'Sharper' Ratio", Red Rock Capital.
public enum SortinoRatio {
  /// Annualised Sortino ratio of simple returns (decimals) against a per-period target
  /// (decimal), or `nil` when empty or no return is below the target.
  public static func annualised(
    _ returns: [Double], target: Double = 0, periodsPerYear: PeriodsPerYear = .tradingDays
  ) -> Double? {
    guard let dd = downsideDeviation(returns, target: target), dd > 0 else { return nil }
    var total = 0.0
    for r in returns { total += r - target }
    let mean = total / Double(returns.count)
    return mean / dd * periodsPerYear.value.squareRoot()
  }

  /// Per-period downside deviation `sqrt( Σ min(r_i − T, 0)² / n )` over all n periods (not
  /// annualised; multiply by √P for empyrical's `downside_risk`), or `nil` when empty.
  public static func downsideDeviation(_ returns: [Double], target: Double = 0) -> Double? {
    guard !returns.isEmpty else { return nil }
    var sum = 0.0
    for r in returns {
      let shortfall = min(r - target, 0)
      sum += shortfall * shortfall
    }
    return (sum / Double(returns.count)).squareRoot()
  }
}
