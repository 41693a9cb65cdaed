import RealModule

/// The fair strike of a variance swap, replicated from a smile of out-of-the-money options.
///
/// With undiscounted prices and the forward `F` as the split between puts and calls, the
/// log-contract replication of Demeterfi, Derman, Kamal & Zou ("More than you ever wanted to
/// know about volatility swaps", Goldman Sachs, 1999) and Carr & Madan (1998) gives the
/// expected total variance to expiry
///
///     K_var · T = (2/F) ∫₀^∞ OTM(K) / K² · F dK = 2 ∫ c(k) e^{−k} dk,
///
/// where `c(k)` is the out-of-the-money (put for `k < 0`, call for `k > 0`) undiscounted price
/// per unit of forward at log-moneyness `k = ln(K/F)`. Writing that price with the normalised
/// Black function `b(x, s)` (Jäckel 2015), `c(k) = e^{k/2}·b(−|k|, √w(k))`, so the integrand is
/// `2·b(−|k|, √w(k))·e^{−k/2}`: it depends only on the total-variance smile `w(k)`, not on the
/// forward, the rate or the tenor. This is the continuous form of the VIX calculation (Cboe VIX
/// white paper), whose index squared is `K_var` for T = 30 days.
///
/// A flat smile `w(k) = w` returns `w` exactly (up to quadrature error): the variance-swap
/// strike of a Black-Scholes market is its volatility squared.
public enum VarianceSwap {
  /// `K_var · T` (decimal² · years) for a smile given as total variance per log-moneyness.
  ///
  /// Adaptive Gauss–Kronrod (7/15) on each side of the money, out to where the integrand has
  /// fallen below 1e-17 of the at-the-money total variance; relative accuracy about 1e-10.
  /// - Parameter totalVariance: `w(k) = σ(k)²·T ≥ 0` at `k = ln(K/F)`.
  public static func totalVariance(smile totalVariance: (Double) -> Double) -> Double {
    func integrand(_ k: Double) -> Double {
      let w = totalVariance(k)
      guard w > 0 else { return 0 }
      let s = w.squareRoot()
      let x = -abs(k)
      let b = NormalisedBlack(h: x / s, t: s / 2, upperBound: Double.exp(x / 2)).value
      return 2 * b * Double.exp(-k / 2)
    }
    let scale = max(totalVariance(0), 1e-12)
    let tolerance = 1e-12 * scale
    var total = 0.0
    for side in [-1.0, 1.0] {
      // Out to the first k where the integrand is negligible (it decays like a Gaussian in
      // k/√w, slower in linear wings), doubling the bound from about 8 standard deviations.
      var bound = 8 * scale.squareRoot() + 0.05
      while bound < 400, abs(integrand(side * bound)) > 1e-17 * scale { bound *= 2 }
      let (a, b) = side < 0 ? (-bound, 0.0) : (0.0, bound)
      total += GaussKronrod.integrate(integrand, from: a, to: b, tolerance: tolerance / 2)
    }
    return total
  }
}

/// Adaptive Gauss–Kronrod quadrature (7-point Gauss, 15-point Kronrod), as in QUADPACK's QAG.
enum GaussKronrod {
  // Nodes and weights from QUADPACK (Piessens et al., 1983), qk15.
  static let nodes: [Double] = [
    0.991_455_371_120_812_639_206_854_697_526_329,
    0.949_107_912_342_758_524_526_189_684_047_851,
    0.864_864_423_359_769_072_789_712_788_640_926,
    0.741_531_185_599_394_439_863_864_773_280_788,
    0.586_087_235_467_691_130_294_144_845_693_013,
    0.405_845_151_377_397_166_906_606_412_076_961,
    0.207_784_955_007_898_467_600_689_403_773_245,
    0.0,
  ]
  static let kronrodWeights: [Double] = [
    0.022_935_322_010_529_224_963_732_008_058_970,
    0.063_092_092_629_978_553_290_700_663_189_204,
    0.104_790_010_322_250_183_839_876_322_541_518,
    0.140_653_259_715_525_918_745_189_590_510_238,
    0.169_004_726_639_267_902_826_583_426_598_550,
    0.190_350_578_064_785_409_913_256_402_421_014,
    0.204_432_940_075_298_892_414_161_999_234_649,
    0.209_482_141_084_727_828_012_999_174_891_714,
  ]
  /// Gauss weights of the odd-indexed Kronrod nodes (1, 3, 5) and the centre.
  static let gaussWeights: [Double] = [
    0.129_484_966_168_869_693_270_611_432_679_082,
    0.279_705_391_489_276_667_901_467_771_423_780,
    0.381_830_050_505_118_944_950_369_775_488_975,
    0.417_959_183_673_469_387_755_102_040_816_327,
  ]

  /// ∫ₐᵇ f by global adaptive bisection (QUADPACK's QAG strategy): the interval with the
  /// largest Gauss/Kronrod difference is bisected until the summed error estimate is below
  /// `tolerance` (absolute), below 1e-12 of the integral (the integrand's own round-off floor),
  /// or 400 intervals are in use.
  static func integrate(
    _ f: (Double) -> Double, from a: Double, to b: Double, tolerance: Double
  ) -> Double {
    func rule(_ a: Double, _ b: Double) -> (value: Double, error: Double) {
      let centre = 0.5 * (a + b)
      let half = 0.5 * (b - a)
      let fc = f(centre)
      var kronrod = fc * kronrodWeights[7]
      var gauss = fc * gaussWeights[3]
      for j in 0..<7 {
        let dx = half * nodes[j]
        let sum = f(centre - dx) + f(centre + dx)
        kronrod += kronrodWeights[j] * sum
        if j % 2 == 1 { gauss += gaussWeights[j / 2] * sum }
      }
      return (kronrod * half, abs((kronrod - gauss) * half))
    }
    var intervals: [(a: Double, b: Double, value: Double, error: Double)] = []
    let first = rule(a, b)
    intervals.append((a, b, first.value, first.error))
    var value = first.value
    var error = first.error
    while error > max(tolerance, 1e-12 * abs(value)), intervals.count < 400 {
      var worst = 0
      for i in intervals.indices where intervals[i].error > intervals[worst].error { worst = i }
      let (lo, hi, v, e) = intervals[worst]
      let mid = 0.5 * (lo + hi)
      let left = rule(lo, mid)
      let right = rule(mid, hi)
      intervals[worst] = (lo, mid, left.value, left.error)
      intervals.append((mid, hi, right.value, right.error))
      value += left.value + right.value - v
      error += left.error + right.error - e
      guard value.isFinite, error.isFinite else { break }
    }
    // Re-sum to shed the drift of the running updates.
    return intervals.reduce(0) { $0 + $1.value }
  }
}

/// Solves the SSVI at-the-money total variance θ that reproduces a variance-swap level, fast
/// enough to be called for every option on every simulated day.
///
/// For a fixed shape (ρ, η, γ) the replicated variance-swap total variance `V = F(θ)` depends on
/// θ alone (``VarianceSwap`` depends only on w(k), and SSVI's w depends only on k and θ), so
/// `g(θ) = ln F(θ) − ln θ` is tabulated once, on 321 points uniform in ln θ over
/// [1e-7, 10] (σ_atm from 0.1 % at one day to over 300 % at one year), and interpolated with
/// cubic Hermite splines.
///
/// The inverse is tabulated too, once, in the form the pricing hot path needs: for each
/// variance-swap total variance V, the ratio `Q = θ/V` and the SSVI curvature `φ(θ)` of the
/// solved θ (each solved by Newton on the forward spline, with exact derivatives from the chain
/// rule). Its nodes are the doubles `V = 2^e·(1 + j/128)`, 128 per binade, so a look-up needs no
/// logarithm: the segment is the top bits of V's IEEE-754 pattern (exponent and 7 mantissa
/// bits) and the position inside it the remaining mantissa bits; each segment is one 64-byte
/// record of the two cubic Hermite pieces. One evaluation is a shift, a load and two cubic
/// polynomials (``atTheMoney(varianceSwapTotalVariance:)``), instead of a logarithm, a division,
/// a square root and a second division (measured with `hedgelab bench engine`).
///
/// Accuracy: relative error of θ below 1e-9 inside the table (checked in the tests against
/// direct replication), φ to the same order; outside it, g is held at its end value (the
/// smile's shape is then extrapolated at constant VS/ATM ratio) and φ computed from θ.
///
/// The table lives in memory this object allocates and frees (`@unchecked Sendable`: it is
/// written once in `init` and only read afterwards).
public final class VarianceSwapCalibration: @unchecked Sendable {
  /// The smile shape.
  public let smile: SurfaceSVI
  let logThetaMin: Double
  let step: Double
  /// g at each node and its derivative dg/d(ln θ).
  let g: [Double]
  let slope: [Double]
  static let nodeCount = 321
  static let thetaRange = (1e-7, 10.0)

  /// The inverse table (memory owned by this object, freed in `deinit`).
  public let inverse: VarianceSwapInverse
  private let table: UnsafeMutablePointer<Double>

  public init(smile: SurfaceSVI) {
    self.smile = smile
    let n = Self.nodeCount
    let lo = Double.log(Self.thetaRange.0)
    let hi = Double.log(Self.thetaRange.1)
    let h = (hi - lo) / Double(n - 1)
    var g = [Double](repeating: 0, count: n)
    for i in 0..<n {
      let theta = Double.exp(lo + Double(i) * h)
      let v = VarianceSwap.totalVariance { smile.totalVariance(logMoneyness: $0, atTheMoneyTotalVariance: theta) }
      g[i] = Double.log(v / theta)
    }
    // Derivatives by fourth-order central differences (second order at the ends).
    var d = [Double](repeating: 0, count: n)
    for i in 0..<n {
      if i >= 2 && i <= n - 3 {
        d[i] = (g[i - 2] - 8 * g[i - 1] + 8 * g[i + 1] - g[i + 2]) / (12 * h)
      } else if i == 0 {
        d[i] = (-3 * g[0] + 4 * g[1] - g[2]) / (2 * h)
      } else if i == n - 1 {
        d[i] = (3 * g[n - 1] - 4 * g[n - 2] + g[n - 3]) / (2 * h)
      } else {
        d[i] = (g[i + 1] - g[i - 1]) / (2 * h)
      }
    }
    logThetaMin = lo
    step = h
    self.g = g
    slope = d
    // The inverse on binade-aligned nodes V_j inside [F(θ_min), F(θ_max)]: ln θ + g(ln θ) = ln V
    // by Newton from the forward spline, continued from node to node.
    let vLow = Double.exp(lo + g[0])
    let vHigh = Double.exp(hi + g[n - 1])
    let shift = VarianceSwapInverse.offsetBits
    let firstKey = (vLow.bitPattern >> shift) + 1  // the first node at or above vLow
    let lastKey = vHigh.bitPattern >> shift  // the last node at or below vHigh
    let nodeCount = Int(lastKey - firstKey) + 1
    var lt = lo
    var nodes: [(v: Double, q: Double, dq: Double, phi: Double, dphi: Double)] = []
    nodes.reserveCapacity(nodeCount)
    for key in firstKey...lastKey {
      let v = Double(bitPattern: key << shift)
      let lv = Double.log(v)
      for _ in 0..<50 {
        let (gv, gd) = Self.hermite(lt, lo, h, g, d)
        let step = (lt + gv - lv) / (1 + gd)
        lt -= step
        if abs(step) < 1e-15 { break }
      }
      let theta = Double.exp(lt)
      // s = d ln θ / d ln V; Q = θ/V: dQ/dV = Q(s − 1)/V; φ: dφ/dV = φ · (d ln φ/d ln θ) · s / V.
      let s = 1 / (1 + Self.hermite(lt, lo, h, g, d).1)
      let q = theta / v
      let phi = smile.curvature(theta)
      let elasticity = -smile.gamma - (1 - smile.gamma) * theta / (1 + theta)
      nodes.append((v, q, q * (s - 1) / v, phi, phi * elasticity * s / v))
    }
    let count = nodes.count - 1
    let table = UnsafeMutablePointer<Double>.allocate(capacity: 8 * count)
    for j in 0..<count {
      let a = nodes[j]
      let b = nodes[j + 1]
      let width = b.v - a.v
      let record = table + 8 * j
      record[0] = a.q
      record[1] = width * a.dq
      record[2] = b.q
      record[3] = width * b.dq
      record[4] = a.phi
      record[5] = width * a.dphi
      record[6] = b.phi
      record[7] = width * b.dphi
    }
    self.table = table
    inverse = VarianceSwapInverse(
      smile: smile, segments: UnsafePointer(table), segmentCount: UInt64(count), firstSegmentKey: firstKey,
      lowRatio: nodes[0].q, highRatio: nodes[count].q)
  }

  deinit { table.deallocate() }

  /// Cubic Hermite interpolation of `values` (with derivatives `slopes`) on the uniform grid
  /// `x0 + i·h`, held constant outside it; returns the value and its derivative.
  @inline(__always)
  static func hermite(
    _ x: Double, _ x0: Double, _ h: Double, _ values: [Double], _ slopes: [Double]
  ) -> (Double, Double) {
    let u = (x - x0) / h
    if !(u > 0) { return (values[0], 0) }
    let last = values.count - 1
    if u >= Double(last) { return (values[last], 0) }
    let i = Int(clamping: u)  // 0 < u < last: in range
    let t = u - Double(i)
    let t2 = t * t
    let t3 = t2 * t
    let h00 = 2 * t3 - 3 * t2 + 1
    let h10 = t3 - 2 * t2 + t
    let h01 = -2 * t3 + 3 * t2
    let h11 = t3 - t2
    let value = h00 * values[i] + h10 * h * slopes[i] + h01 * values[i + 1] + h11 * h * slopes[i + 1]
    let dh00 = 6 * t2 - 6 * t
    let dh10 = 3 * t2 - 4 * t + 1
    let dh01 = -6 * t2 + 6 * t
    let dh11 = 3 * t2 - 2 * t
    let derivative = (dh00 * values[i] + dh01 * values[i + 1]) / h + dh10 * slopes[i] + dh11 * slopes[i + 1]
    return (value, derivative)
  }

  /// ln(F(θ)/θ) at `logTheta` = ln θ: the log of the variance-swap to ATM variance ratio.
  @inline(__always)
  public func logRatio(logTheta: Double) -> Double {
    Self.hermite(logTheta, logThetaMin, step, g, slope).0
  }

  /// The variance-swap total variance `F(θ)` of the smile with ATM total variance θ.
  @inline(__always)
  public func varianceSwapTotalVariance(atTheMoneyTotalVariance theta: Double) -> Double {
    theta * Double.exp(logRatio(logTheta: Double.log(theta)))
  }

  /// The ATM total variance θ whose smile has variance-swap total variance `V` (> 0).
  @inlinable @inline(__always)
  public func atTheMoneyTotalVariance(varianceSwapTotalVariance v: Double) -> Double {
    atTheMoney(varianceSwapTotalVariance: v).theta
  }

  /// The ATM total variance θ whose smile has variance-swap total variance `V` (> 0,
  /// decimal² · years), with the smile's curvature φ(θ) there (``VarianceSwapInverse``).
  @inlinable @inline(__always)
  public func atTheMoney(varianceSwapTotalVariance v: Double) -> (theta: Double, curvature: Double) {
    inverse.atTheMoney(varianceSwapTotalVariance: v)
  }
}

/// The inverse of a ``VarianceSwapCalibration`` as a value: the ATM total variance θ and the
/// SSVI curvature φ(θ) for a variance-swap total variance V, by one look-up in a table of
/// cubic Hermite segments on binade-aligned nodes (see ``VarianceSwapCalibration``).
///
/// A borrowed view: valid while the calibration that made it lives (its `inverse`); copying it
/// touches no reference count, which is why the pricing hot path holds this and not the class.
public struct VarianceSwapInverse: @unchecked Sendable {
  /// Mantissa bits that index a segment within a binade (2^7 = 128 segments per factor of 2).
  @usableFromInline static var segmentBits: UInt64 { 7 }
  /// Bits of V's pattern below the segment index: the position inside a segment.
  @usableFromInline static var offsetBits: UInt64 { 52 - segmentBits }
  /// The smile shape (its curvature is computed directly outside the table).
  @usableFromInline let smile: SurfaceSVI
  /// Per segment, 8 doubles: Q₀, h·Q′₀, Q₁, h·Q′₁, φ₀, h·φ′₀, φ₁, h·φ′₁ with Q = θ/V
  /// (derivatives in V times the segment's width h, so the Hermite basis runs on the position
  /// t ∈ [0, 1)).
  @usableFromInline let segments: UnsafePointer<Double>
  @usableFromInline let segmentCount: UInt64
  /// `V.bitPattern >> offsetBits` of the first node.
  @usableFromInline let firstSegmentKey: UInt64
  /// θ/V held below and above the table (its end values).
  @usableFromInline let lowRatio: Double
  @usableFromInline let highRatio: Double

  init(
    smile: SurfaceSVI, segments: UnsafePointer<Double>, segmentCount: UInt64, firstSegmentKey: UInt64,
    lowRatio: Double, highRatio: Double
  ) {
    self.smile = smile
    self.segments = segments
    self.segmentCount = segmentCount
    self.firstSegmentKey = firstSegmentKey
    self.lowRatio = lowRatio
    self.highRatio = highRatio
  }

  /// θ (decimal² · years) and φ(θ) for the variance-swap total variance `v` (> 0).
  @inlinable @inline(__always)
  public func atTheMoney(varianceSwapTotalVariance v: Double) -> (theta: Double, curvature: Double) {
    let bits = v.bitPattern
    // A V below the table wraps to a huge index; a negative V or a NaN has a huge key: all
    // three fail the range check.
    let j = (bits >> Self.offsetBits) &- firstSegmentKey
    guard j < segmentCount else { return outsideTable(v) }
    let t = Double(bits & ((1 << Self.offsetBits) &- 1)) * (1 / Double(UInt64(1) << Self.offsetBits))
    let p = segments + Int(truncatingIfNeeded: j) &* 8
    let t2 = t * t
    let t3 = t2 * t
    let h01 = 3 * t2 - 2 * t3
    let h00 = 1 - h01
    let h10 = t3 - 2 * t2 + t
    let h11 = t3 - t2
    let q = h00 * p[0] + h10 * p[1] + h01 * p[2] + h11 * p[3]
    let phi = h00 * p[4] + h10 * p[5] + h01 * p[6] + h11 * p[7]
    return (v * q, phi)
  }

  /// Outside the table the ratio θ/V is held at its end value.
  @usableFromInline
  func outsideTable(_ v: Double) -> (theta: Double, curvature: Double) {
    let theta = v * ((v.bitPattern >> Self.offsetBits) < firstSegmentKey ? lowRatio : highRatio)
    return (theta, smile.curvature(theta))
  }
}

import Synchronization

extension VarianceSwapCalibration {
  private static let cache = Mutex<[SurfaceSVI: VarianceSwapCalibration]>([:])

  /// The calibration of `smile`, built once per process and shared (building one replicates
  /// 321 variance swaps, a few milliseconds; sweeps and path sets reuse it).
  public static func shared(for smile: SurfaceSVI) -> VarianceSwapCalibration {
    if let hit = cache.withLock({ $0[smile] }) { return hit }
    let built = VarianceSwapCalibration(smile: smile)
    cache.withLock { $0[smile] = built }
    return built
  }
}
