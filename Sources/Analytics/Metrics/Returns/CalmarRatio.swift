/// Calmar ratio: compound annual growth per unit of the deepest drawdown.
///
/// `Calmar = CAGR / |MaxDD|` over the whole series (not the trailing 36 months of Young's
/// original definition), with CAGR on the chosen `GrowthBasis` and MaxDD the deepest
/// peak-to-trough decline of the curve (the starting value counts as a peak).
///
/// Edge cases: `nil` for fewer than two values and when the curve never falls below a
/// previous peak (MaxDD = 0).
///
/// References: Young, T. W. (1991), "Calmar Ratio: A Smoother Tool", *Futures* 20(1), 40;
/// quantstats `stats.calmar` (trading-period CAGR over the whole series).
public enum CalmarRatio {
  /// The smallest drawdown depth (decimal, 0.001 = 0.1 %) for which a summary reports the
  /// ratio: below it the ratio divides by almost nothing (a near-riskless curve gave 3568).
  public static let minimumDrawdown = 0.001

  /// CAGR / |MaxDD|, or `nil` when either is undefined or MaxDD = 0.
  public static func of(_ curve: EquityCurve, basis: GrowthBasis = .calendarDays) -> Double? {
    guard let growth = CompoundAnnualGrowthRate.of(curve, basis: basis) else { return nil }
    return of(cagr: growth, maxDrawdown: MaxDrawdown.depth(curve.values))
  }

  /// CAGR (decimal) / |MaxDD| (decimal, ≤ 0), or `nil` when MaxDD = 0.
  public static func of(cagr: Double, maxDrawdown: Double) -> Double? {
    maxDrawdown < 0 ? cagr / -maxDrawdown : nil
  }
}
