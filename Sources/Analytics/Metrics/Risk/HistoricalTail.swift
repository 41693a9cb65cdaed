import Pricing

/// Historical VaR and CVaR of a sample at any confidence level, read from its order
/// statistics.
///
/// Conventions (shared by `ValueAtRisk` and `ConditionalValueAtRisk`):
/// - Values are returns (or P&L) with their sign: a loss is negative, so VaR and CVaR are
///   negative numbers for a losing tail, as in quantstats and empyrical. "VaR 95 % = −0.021"
///   reads "on 1 day in 20 the return is −2.1 % or worse".
/// - VaR at confidence c is the empirical quantile at p = 1 − c with linear interpolation
///   between order statistics (Hyndman & Fan type 7, numpy `percentile` and pandas `quantile`
///   default): with the sorted sample x₀ ≤ … ≤ x_{n−1}, h = (n − 1) p,
///   `VaR = x_⌊h⌋ + (h − ⌊h⌋)(x_{⌊h⌋+1} − x_⌊h⌋)`. An h within 1e-9 of an integer is snapped to
///   it, so that 1 − 0.95 = 0.050000000000000044 selects the intended order statistic.
/// - CVaR (expected shortfall) is the mean of all observations ≤ VaR (quantstats
///   `cvar(method="historical")`; identical to empyrical `conditional_value_at_risk` when
///   there are no ties at the quantile). It never exceeds the VaR, also after rounding.
///
/// Cost: each query copies the sample and finds the order statistics by selection
/// (introselect: quickselect with a depth limit that falls back to sorting), O(n) on average
/// and O(n log n) at worst, instead of sorting the whole sample.
///
/// Edge cases: an empty sample has no VaR or CVaR (`nil`); one observation is its own VaR
/// and CVaR.
public struct HistoricalTail: Sendable {
  /// The sample, in input order.
  public let sample: [Double]

  public init(_ sample: [Double]) {
    self.sample = sample
  }

  /// Historical VaR at `confidence` (same units and sign as the sample), or `nil` when empty.
  public func valueAtRisk(_ confidence: ConfidenceLevel) -> Double? {
    measures(confidence)?.valueAtRisk
  }

  /// Historical CVaR: the mean of the observations ≤ VaR, or `nil` when empty.
  public func conditionalValueAtRisk(_ confidence: ConfidenceLevel) -> Double? {
    measures(confidence)?.conditionalValueAtRisk
  }

  /// VaR and CVaR at `confidence` from one selection, or `nil` when empty.
  public func measures(_ confidence: ConfidenceLevel)
    -> (valueAtRisk: Double, conditionalValueAtRisk: Double)?
  {
    SampleTail.lower(sample, probability: 1 - confidence.value).map { ($0.quantile, $0.expectedShortfall) }
  }
}
