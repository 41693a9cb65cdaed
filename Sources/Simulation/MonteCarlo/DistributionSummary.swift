import Pricing

/// Summary statistics of a sample of per-path results (P&L, hedging cost, transaction costs).
///
/// - Mean, and standard deviation with the n − 1 denominator; sums are compensated
///   (Neumaier) and taken in path order, so the figures do not depend on thread counts.
/// - Percentiles and tail means are those of `SampleTail` (Pricing), the one definition of
///   HedgeLab's quantiles and expected shortfall, also used for the historical VaR and CVaR
///   of every backtest: type-7 percentiles (Hyndman & Fan 1996, numpy's default); the tail
///   mean at level α (default 5 %) is the mean of the outcomes at or beyond the α-quantile.
///   `lowerTailMean` is the expected shortfall of a P&L (losses are the lower tail; the value
///   is a P&L, negative for a loss); `upperTailMean` that of a cost (the mean of the outcomes
///   at or above the (1 − α)-quantile).
/// - `standardDeviationRelativeError`: the large-sample standard error of the standard
///   deviation relative to itself, `√((κ − 1)/(4n))` with κ the sample kurtosis m₄/m₂², used
///   to set tolerances when comparing a measured standard deviation with a formula.
public struct DistributionSummary: Sendable, Hashable, Codable {
  /// The number of values.
  public let count: Int
  public let mean: Double
  /// Sample standard deviation (n − 1 denominator); 0 for one value.
  public let standardDeviation: Double
  public let minimum: Double
  public let maximum: Double
  /// Percentiles at 1, 5, 50, 95 and 99 %.
  public let percentile1: Double
  public let percentile5: Double
  public let median: Double
  public let percentile95: Double
  public let percentile99: Double
  /// The tail level α of the tail means (0.05 = 5 %).
  public let tailLevel: Double
  /// Mean of the lowest α fraction (expected shortfall of a P&L).
  public let lowerTailMean: Double
  /// Mean of the highest α fraction (expected shortfall of a cost).
  public let upperTailMean: Double
  /// Kurtosis m₄/m₂² (3 for a normal sample); 0 when all values are equal.
  public let kurtosis: Double
  /// `√((κ − 1)/(4n))`: the standard error of `standardDeviation`, relative to it.
  public var standardDeviationRelativeError: Double {
    ((max(kurtosis, 1) - 1) / (4 * Double(count))).squareRoot()
  }

  /// Summarises `values`.
  /// - Parameter tailLevel: α of the tail means, in (0, 1).
  /// - Throws: ``MonteCarloError`` for an empty sample, a value that is not finite, or a tail
  ///   level outside (0, 1).
  public init(_ values: [Double], tailLevel: Double = 0.05) throws(MonteCarloError) {
    try MonteCarloError.require(values.count, "values.count", atLeast: 1, "summarise at least one path")
    try MonteCarloError.require(
      tailLevel, "tailLevel", "in (0, 1)", "pass the tail level as a fraction (0.05 for 5 %)"
    ) { $0 > 0 && $0 < 1 }
    if let index = values.firstIndex(where: { !$0.isFinite }) {
      throw .invalidParameter(
        name: "values[\(index)]", value: "\(values[index])", condition: "finite",
        remedy: "this is a bug in the simulation that produced it; report the parameters")
    }
    let n = Double(values.count)
    count = values.count
    let average = Self.compensatedSum(values) / n
    mean = average
    let centred = values.map { $0 - average }
    let m2 = Self.compensatedSum(centred.map { $0 * $0 }) / n
    let m4 = Self.compensatedSum(centred.map { let s = $0 * $0; return s * s }) / n
    standardDeviation = values.count > 1 ? (m2 * n / (n - 1)).squareRoot() : 0
    kurtosis = m2 > 0 ? m4 / (m2 * m2) : 0
    let sorted = values.sorted()
    minimum = sorted[0]
    maximum = sorted[sorted.count - 1]
    percentile1 = Self.percentile(sorted, 0.01)
    percentile5 = Self.percentile(sorted, 0.05)
    median = Self.percentile(sorted, 0.5)
    percentile95 = Self.percentile(sorted, 0.95)
    percentile99 = Self.percentile(sorted, 0.99)
    self.tailLevel = tailLevel
    lowerTailMean = SampleTail.lower(sorted, probability: tailLevel)!.expectedShortfall
    upperTailMean = -SampleTail.lower(sorted.reversed().map { -$0 }, probability: tailLevel)!.expectedShortfall
  }

  /// The p-quantile of a non-empty ascending sample (``SampleTail/quantile(sorted:_:)``).
  static func percentile(_ sorted: [Double], _ p: Double) -> Double {
    SampleTail.quantile(sorted: sorted, p)
  }

  /// Σ values with Neumaier's compensation, in order.
  static func compensatedSum<C: Collection<Double>>(_ values: C) -> Double {
    var sum = 0.0
    var compensation = 0.0
    for value in values {
      let t = sum + value
      if sum.magnitude >= value.magnitude {
        compensation += (sum - t) + value
      } else {
        compensation += (value - t) + sum
      }
      sum = t
    }
    return sum + compensation
  }
}
