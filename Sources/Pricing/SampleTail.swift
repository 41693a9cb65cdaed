/// The lower tail of a sample: its quantile and its expected shortfall, the one definition
/// used by every figure of HedgeLab (historical VaR/CVaR of the Analytics module, the
/// percentiles and tail means of Monte Carlo and path-set distributions).
///
/// - Quantile at probability p: linear interpolation between order statistics (Hyndman &
///   Fan 1996 type 7, numpy `percentile` and pandas `quantile` default): with the sorted
///   sample x₀ ≤ … ≤ x_{n−1} and h = (n − 1)·p, `q = x_⌊h⌋ + (h − ⌊h⌋)(x_{⌊h⌋+1} − x_⌊h⌋)`,
///   computed as numpy's `_lerp` (from the nearer end). An h within 1e-9 of an integer is
///   snapped to it, so 1 − 0.95 = 0.050000000000000044 selects the intended order statistic.
/// - Expected shortfall at p: the mean of all observations ≤ the p-quantile (quantstats
///   `cvar(method="historical")`; empyrical's `conditional_value_at_risk` without ties at the
///   quantile). It never exceeds the quantile, also after rounding.
///
/// Cost: each query copies the sample and finds the order statistics by selection
/// (introselect), O(n) on average, O(n log n) at worst.
public enum SampleTail {
  /// The p-quantile and the expected shortfall of `sample` (any order), or `nil` when it is
  /// empty. - Precondition: 0 ≤ p ≤ 1.
  public static func lower(_ sample: [Double], probability p: Double) -> (quantile: Double, expectedShortfall: Double)? {
    guard let q = quantile(sample, p) else { return nil }
    var total = 0.0
    var count = 0
    for x in sample where x <= q {
      total += x
      count += 1
    }
    // count ≥ 1: the smallest value is ≤ any interpolated quantile. The mean of values ≤ q
    // cannot exceed q, but summing k equal values and dividing by k can round one ulp above
    // it (5 × −0.05 / 5 = −0.049999999999999996); clamp to keep the shortfall ≤ the quantile.
    return (q, min(total / Double(count), q))
  }

  /// The p-quantile of `sample` (any order), or `nil` when it is empty.
  /// - Precondition: 0 ≤ p ≤ 1.
  public static func quantile(_ sample: [Double], _ p: Double) -> Double? {
    precondition(p >= 0 && p <= 1, "a probability")
    let n = sample.count
    guard n > 0 else { return nil }
    let (lower, t) = rank(n, p)
    var scratch = sample
    return scratch.withUnsafeMutableBufferPointer { buffer in
      select(buffer, lower)
      let a = buffer[lower]
      guard lower + 1 < n, t > 0 else { return a }
      // x_{⌊h⌋+1} is the smallest value right of the selected position.
      var b = buffer[lower + 1]
      for i in (lower + 2)..<n where buffer[i] < b { b = buffer[i] }
      return lerp(a, b, t)
    }
  }

  /// The p-quantile of a non-empty ascending sample.
  /// - Precondition: `sorted` is not empty and ascending; 0 ≤ p ≤ 1.
  public static func quantile(sorted: [Double], _ p: Double) -> Double {
    precondition(!sorted.isEmpty && p >= 0 && p <= 1)
    let (lower, t) = rank(sorted.count, p)
    guard lower + 1 < sorted.count, t > 0 else { return sorted[lower] }
    return lerp(sorted[lower], sorted[lower + 1], t)
  }

  /// ⌊h⌋ and h − ⌊h⌋ for h = (n − 1)·p, snapped to an integer within 1e-9.
  static func rank(_ n: Int, _ p: Double) -> (Int, Double) {
    var h = Double(n - 1) * p
    if abs(h - h.rounded()) < 1e-9 { h = h.rounded() }
    // 0 ≤ h ≤ n − 1 (p in [0, 1]): the clamp never binds.
    let lower = min(max(Int(clamping: h, .down), 0), n - 1)
    return (lower, h - Double(lower))
  }

  /// numpy's `_lerp`, which interpolates from the nearer end for t ≥ 0.5.
  static func lerp(_ a: Double, _ b: Double, _ t: Double) -> Double {
    let diff = b - a
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
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
