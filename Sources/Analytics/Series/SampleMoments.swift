/// Count, mean and central moment sums of a sample, from two passes (mean first, then the
/// deviations), which is accurate for the small-mean, small-variance series of daily returns.
///
/// Sums run in four interleaved accumulators (like numpy's pairwise summation, which
/// unrolls by eight): four times fewer dependent additions, and a smaller rounding error
/// than one running sum.
///
/// `isConstant` is true when every value is equal: the variance is then exactly 0, although
/// the floating-point mean may differ from the values in the last bit (the residue that
/// empyrical's `_zero_dispersion_std` also removes).
struct SampleMoments {
  let count: Int
  let mean: Double
  /// Σ (x − mean)², Σ (x − mean)³, Σ (x − mean)⁴ (the last two only with `higherMoments`).
  let sum2: Double
  let sum3: Double
  let sum4: Double
  let isConstant: Bool

  init(_ x: [Double], higherMoments: Bool = false) {
    count = x.count
    guard let first = x.first else {
      (mean, sum2, sum3, sum4, isConstant) = (0, 0, 0, 0, true)
      return
    }
    if !x.contains(where: { $0 != first }) {
      (mean, sum2, sum3, sum4, isConstant) = (first, 0, 0, 0, true)
      return
    }
    isConstant = false
    let mean = sum(x) / Double(x.count)
    self.mean = mean
    (sum2, sum3, sum4) = x.withUnsafeBufferPointer { p in
      let n = p.count
      var i = 0
      if higherMoments {
        var (a2, b2, a3, b3, a4, b4) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        while i + 2 <= n {
          let d = p[i] - mean
          let e = p[i + 1] - mean
          let d2 = d * d
          let e2 = e * e
          a2 += d2
          b2 += e2
          a3 += d2 * d
          b3 += e2 * e
          a4 += d2 * d2
          b4 += e2 * e2
          i += 2
        }
        if i < n {
          let d = p[i] - mean
          a2 += d * d
          a3 += d * d * d
          a4 += d * d * d * d
        }
        return (a2 + b2, a3 + b3, a4 + b4)
      } else {
        var (a, b, c, e) = (0.0, 0.0, 0.0, 0.0)
        while i + 4 <= n {
          let d0 = p[i] - mean
          let d1 = p[i + 1] - mean
          let d2 = p[i + 2] - mean
          let d3 = p[i + 3] - mean
          a += d0 * d0
          b += d1 * d1
          c += d2 * d2
          e += d3 * d3
          i += 4
        }
        while i < n {
          let d = p[i] - mean
          a += d * d
          i += 1
        }
        return ((a + b) + (c + e), 0, 0)
      }
    }
  }

  /// Sample variance with Bessel's correction (ddof = 1); `nil` for fewer than 2 values.
  var sampleVariance: Double? { count >= 2 ? sum2 / Double(count - 1) : nil }

  /// Sample standard deviation (ddof = 1); `nil` for fewer than 2 values.
  var sampleStandardDeviation: Double? { sampleVariance.map { $0.squareRoot() } }
}

/// Σ x in four interleaved accumulators.
func sum(_ x: [Double]) -> Double {
  x.withUnsafeBufferPointer { p in
    var (a, b, c, d) = (0.0, 0.0, 0.0, 0.0)
    var i = 0
    while i + 4 <= p.count {
      a += p[i]
      b += p[i + 1]
      c += p[i + 2]
      d += p[i + 3]
      i += 4
    }
    while i < p.count {
      a += p[i]
      i += 1
    }
    return (a + b) + (c + d)
  }
}

/// Sample covariance (ddof = 1) of two equally long arrays; `nil` for fewer than 2 values.
func sampleCovariance(_ x: [Double], _ y: [Double], meanX: Double, meanY: Double) -> Double? {
  precondition(x.count == y.count, "callers check lengths")
  guard x.count >= 2 else { return nil }
  var (a, b) = (0.0, 0.0)
  var i = 0
  while i + 2 <= x.count {
    a += (x[i] - meanX) * (y[i] - meanY)
    b += (x[i + 1] - meanX) * (y[i + 1] - meanY)
    i += 2
  }
  if i < x.count { a += (x[i] - meanX) * (y[i] - meanY) }
  return (a + b) / Double(x.count - 1)
}
