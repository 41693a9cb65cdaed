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
    let n = sample.count
    guard n > 0 else { return nil }
    var h = Double(n - 1) * (1 - confidence.value)
    if abs(h - h.rounded()) < 1e-9 { h = h.rounded() }
    let lower = min(max(Int(clamping: h), 0), n - 1)
    let t = h - Double(lower)
    var scratch = sample
    let quantile: Double = scratch.withUnsafeMutableBufferPointer { buffer in
      select(buffer, lower)
      let a = buffer[lower]
      guard lower + 1 < n, t > 0 else { return a }
      // x_{⌊h⌋+1} is the smallest value right of the selected position.
      var b = buffer[lower + 1]
      for i in (lower + 2)..<n where buffer[i] < b { b = buffer[i] }
      // numpy's `_lerp`, which interpolates from the nearer end for t ≥ 0.5.
      let diff = b - a
      return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }
    var total = 0.0
    var count = 0
    for x in sample where x <= quantile {
      total += x
      count += 1
    }
    // count ≥ 1: the smallest value is ≤ any interpolated quantile. The mean of values ≤ q
    // cannot exceed q, but summing k equal values and dividing by k can round one ulp above
    // it (5 × −0.05 / 5 = −0.049999999999999996); clamp to keep CVaR ≤ VaR exact.
    return (quantile, min(total / Double(count), quantile))
  }
}

/// Rearranges `b` so that `b[k]` holds the k-th smallest value (0-based), with no larger value
/// before it and no smaller value after it (Hoare's FIND with median-of-three pivots; after
/// 2·log₂ n + 8 partitions the remaining range is sorted instead, bounding the worst case).
func select(_ b: UnsafeMutableBufferPointer<Double>, _ k: Int) {
  var lo = 0
  var hi = b.count - 1
  var budget = 2 * (Int.bitWidth - b.count.leadingZeroBitCount) + 8
  while hi > lo {
    if hi - lo < 16 || budget == 0 {
      var sub = UnsafeMutableBufferPointer(rebasing: b[lo...hi])
      sub.sort()
      return
    }
    budget -= 1
    let mid = lo + (hi - lo) / 2
    if b[mid] < b[lo] { b.swapAt(mid, lo) }
    if b[hi] < b[lo] { b.swapAt(hi, lo) }
    if b[hi] < b[mid] { b.swapAt(hi, mid) }
    let pivot = b[mid]
    var i = lo
    var j = hi
    while i <= j {
      while b[i] < pivot { i += 1 }
      while b[j] > pivot { j -= 1 }
      if i <= j {
        b.swapAt(i, j)
        i += 1
        j -= 1
      }
    }
    // Now b[lo...j] ≤ pivot ≤ b[i...hi], and b[j+1..<i] == pivot.
    if k <= j {
      hi = j
    } else if k >= i {
      lo = i
    } else {
      return
    }
  }
}
