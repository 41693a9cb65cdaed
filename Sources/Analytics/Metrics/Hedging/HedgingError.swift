/// Hedging error of a delta- or vega-hedged book: how far its daily P&L strayed from its
/// target.
///
/// With the book's daily P&L `p_i` and target `t_i` (0 for a hedge meant to be P&L-neutral),
/// the errors `e_i = p_i − t_i` (currency units) give:
/// - `mean = Σ e_i / n` (a drift, e.g. from unhedged carry or costs),
/// - `standardDeviation = sqrt( Σ (e_i − mean)² / (n − 1) )` (ddof = 1; the noise),
/// - `rootMeanSquare = sqrt( Σ e_i² / n )` (total error, drift included; RMSE² = mean² +
///   (n − 1)/n · std²),
/// - `cumulative = Σ e_i` (the terminal P&L error),
/// and, relative to the option premium Π (currency units, > 0) at inception, `std / Π`,
/// `RMSE / Π` and `cumulative / Π`: Hull's performance measure (the standard deviation of the
/// cost of hedging over the option's price) on a single path.
///
/// Edge cases: `nil` (no `HedgingError`) for no observations; `standardDeviation` is `nil`
/// for a single observation; the relative measures are `nil` without a premium.
///
/// References: Hull (2022), *Options, Futures, and Other Derivatives*, §19.4, Tables 19.7–19.8
/// ("performance measure"); Buehler, H. et al. (2019), "Deep Hedging", *Quantitative
/// Finance* 19(8) (hedging P&L relative to price).
public struct HedgingError: Equatable, Sendable {
  public let count: Int
  /// Mean daily error, currency units.
  public let mean: Double
  /// Sample standard deviation of the daily errors, currency units; `nil` for one value.
  public let standardDeviation: Double?
  /// Root mean square of the daily errors, currency units.
  public let rootMeanSquare: Double
  /// Sum of the daily errors, currency units.
  public let cumulative: Double
  /// The option premium the errors are compared with, currency units (> 0), if given.
  public let optionPremium: Double?

  /// std / Π, decimal.
  public var standardDeviationRelativeToPremium: Double? {
    guard let optionPremium, let standardDeviation else { return nil }
    return standardDeviation / optionPremium
  }
  /// RMSE / Π, decimal.
  public var rootMeanSquareRelativeToPremium: Double? { optionPremium.map { rootMeanSquare / $0 } }
  /// Σ e / Π, decimal.
  public var cumulativeRelativeToPremium: Double? { optionPremium.map { cumulative / $0 } }

  /// The hedging error of daily P&L against `target` (zero when `nil`), or `nil` when there
  /// are no observations.
  ///
  /// - Throws: `AnalyticsError` when the target's length differs, a value is not finite, or
  ///   the premium is not finite and > 0.
  public static func of(dailyPnL: [Double], target: [Double]? = nil, optionPremium: Double? = nil)
    throws(AnalyticsError) -> HedgingError?
  {
    if let optionPremium, !(optionPremium.isFinite && optionPremium > 0) {
      throw .invalidParameter(
        name: "option premium", value: "\(optionPremium)",
        condition: "finite and positive (currency units paid or received at inception)")
    }
    var errors = dailyPnL
    if let target {
      try checkSameLength(target, "target P&L", dailyPnL, "the daily P&L")
      for i in errors.indices { errors[i] -= target[i] }
    }
    let cumulative = try finiteSum(errors, "hedging errors")
    guard !errors.isEmpty else { return nil }
    let moments = SampleMoments(errors)
    var squares = 0.0
    for e in errors { squares += e * e }
    return HedgingError(
      count: errors.count, mean: moments.mean,
      standardDeviation: moments.sampleStandardDeviation,
      rootMeanSquare: (squares / Double(errors.count)).squareRoot(),
      cumulative: cumulative, optionPremium: optionPremium)
  }
}
