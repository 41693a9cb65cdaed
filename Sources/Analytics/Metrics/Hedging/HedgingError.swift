/// Hedging error of a delta- or vega-hedged book: how far its daily P&L strayed from its
/// target. HedgeLab's one definition of a hedging error, used by `compare` and the reports
/// (target: zero, or the replicated put's P&L), by path sets (``riskFreeExcess(values:initialValue:interestGrowth:optionPremium:)``:
/// target the risk-free return on the previous value, one ``rootMeanSquare`` per path) and,
/// across Monte Carlo paths, by ``performanceMeasure(profitAndLoss:premium:)`` (the spread of
/// the terminal hedging P&L, i.e. of the paths' ``cumulative`` errors, over the premium).
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

  /// The hedging error of a book whose target is the risk-free return on its previous value:
  /// `e_t = V_t − V_{t−1} − V_{t−1}·g_t` with `V_{−1} = initialValue` and `g_t` the interest
  /// one unit of cash earns from step t − 1 to t (`e^{r·Δt} − 1`, 0 on the first step), so the
  /// first day's error is its trading costs. A perfect hedge earning the risk-free rate has
  /// every `e_t = 0`. Values in currency units; `nil` without values.
  /// - Throws: `AnalyticsError` when a value is not finite or the lengths differ.
  public static func riskFreeExcess(
    values: [Double], initialValue: Double, interestGrowth: [Double], optionPremium: Double? = nil
  ) throws(AnalyticsError) -> HedgingError? {
    try checkSameLength(interestGrowth, "interest growth", values, "the daily values")
    var pnl = [Double](repeating: 0, count: values.count)
    var target = pnl
    var previous = initialValue
    for t in values.indices {
      pnl[t] = values[t] - previous
      target[t] = previous * interestGrowth[t]
      previous = values[t]
    }
    return try of(dailyPnL: pnl, target: target, optionPremium: optionPremium)
  }

  /// Hull's performance measure across simulated paths: the sample standard deviation
  /// (n − 1) of the paths' terminal hedging P&L (equivalently of the cost of writing and
  /// hedging the option, premium − P&L) divided by the premium (decimal). Derman & Kamal
  /// (1999) approximate it by `√(π/(4N))·vega·σ/premium` for N rebalances. Hull (2022),
  /// *Options, Futures, and Other Derivatives*, §19.4, Tables 19.7–19.8.
  /// - Throws: `AnalyticsError` for fewer than two paths, a value that is not finite, or a
  ///   premium that is not finite and > 0.
  public static func performanceMeasure(profitAndLoss: [Double], premium: Double)
    throws(AnalyticsError) -> Double
  {
    guard premium.isFinite, premium > 0 else {
      throw .invalidParameter(
        name: "option premium", value: "\(premium)",
        condition: "finite and positive (the measure is relative to it)")
    }
    _ = try finiteSum(profitAndLoss, "terminal hedging P&L")
    guard let deviation = SampleMoments(profitAndLoss).sampleStandardDeviation else {
      throw .invalidParameter(
        name: "paths", value: "\(profitAndLoss.count)",
        condition: "at least 2 (a standard deviation across paths)")
    }
    return deviation / premium
  }
}

extension HedgingError {
  /// The path sets' per-path hedging error (`PathSetRunner`): the ``rootMeanSquare`` of
  /// ``riskFreeExcess(values:initialValue:interestGrowth:optionPremium:)``, currency per day;
  /// 0 without values. A value that is not finite gives NaN, which the path set's summary
  /// refuses with an error naming the path.
  /// (The closure type is Simulation's `PathHedgingError`, spelled out so that this file does
  /// not depend on where the path-set runner lives.)
  public static let pathMeasure: @Sendable (_ values: [Double], _ initialValue: Double, _ interestGrowth: [Double]) -> Double = {
    values, initialValue, interestGrowth in
    do throws(AnalyticsError) {
      return try riskFreeExcess(
        values: values, initialValue: initialValue, interestGrowth: interestGrowth)?.rootMeanSquare ?? 0
    } catch {
      return .nan
    }
  }
}
