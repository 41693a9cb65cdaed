/// Branch-free elementary functions for the batch kernels.
///
/// Written with only arithmetic, comparisons/selects and bit operations, so that the
/// compiler can vectorise loops that call them (libm's `exp`, `log` and `erfc` are opaque
/// calls that block vectorisation). Accuracy, checked against the libm-based scalar path in
/// `Tests/PricingTests/BatchPricerTests.swift`: `exp` and `log` within 2 ulps, and
/// `normalCDF` within about 1e-15 relative (both tails). Domains are stated per function;
/// no function produces NaN for finite input.
///
/// The functions are scalar and internal to Pricing. The path generators and the Monte Carlo
/// hedge kernel in Simulation use `PathMath`, the eight-lane (`SIMD8<Double>`) form: its `exp`
/// is this `exp` lane by lane (same reduction, same Estrin polynomial, bit-identical results,
/// checked in `Tests/SimulationTests/Paths/PathMathTests.swift`) and takes its constants from
/// here; its `log` (series to f^19) and `normalCDF` (Hart 1968, 3e-16 absolute) are cheaper
/// and less accurate on purpose: a hedge ratio needs neither 1-ulp logs nor relative accuracy
/// in the far tail, an option price in the tail does.
public enum FastMath {
  /// log₂e, the factor of the range reduction `k = round(x·log₂e)` in `exp`.
  @inlinable public static var log2e: Double { 1.442_695_040_888_963_407_36 }
  /// The high part of ln 2 (fdlibm's split): k·ln2Hi is exact for |k| < 2^20.
  @inlinable public static var ln2Hi: Double { 6.931_471_803_691_238_164_90e-01 }
  /// The low part of ln 2: ln2Hi + ln2Lo = ln 2 to about 2^-85.
  @inlinable public static var ln2Lo: Double { 1.908_214_929_270_587_700_02e-10 }
  /// 1.5·2^52: adding it rounds a double of magnitude < 2^51 to an integer (ties to even),
  /// which then sits in the low bits of the sum.
  @inlinable public static var shifter: Double { 6_755_399_441_055_744.0 }

  /// e^x. Inputs are clamped to [−708, 709]: below −708 the result is 0 (e^{−708} ≈ 3e-308,
  /// the subnormal range is not produced), above 709 it is e^{709}.
  @_transparent @usableFromInline
  static func exp(_ x: Double) -> Double {
    let clamped = x < -708 ? -708 : (x > 709 ? 709 : x)
    let shifted = clamped * log2e + shifter
    let k = shifted - shifter
    let r = (clamped - k * ln2Hi) - k * ln2Lo
    // Taylor series to r^13 on |r| ≤ ln2/2 (truncation error < 5e-18 relative), by Estrin.
    let r2 = r * r
    let r4 = r2 * r2
    let r8 = r4 * r4
    let q01 = 1 + r
    let q23 = 0.5 + r * (1.0 / 6)
    let q45 = 1.0 / 24 + r * (1.0 / 120)
    let q67 = 1.0 / 720 + r * (1.0 / 5_040)
    let q89 = 1.0 / 40_320 + r * (1.0 / 362_880)
    let q1011 = 1.0 / 3_628_800 + r * (1.0 / 39_916_800)
    let q1213 = 1.0 / 479_001_600 + r * (1.0 / 6_227_020_800)
    let q0to3 = q01 + q23 * r2
    let q4to7 = q45 + q67 * r2
    let q8to11 = q89 + q1011 * r2
    let p = (q0to3 + q4to7 * r4) + (q8to11 + q1213 * r4) * r8
    // 2^k from the low bits of `shifted`, which hold k + 2^51.
    let integer = shifted.bitPattern &- shifter.bitPattern
    let scale = Double(bitPattern: (integer &+ 1023) &<< 52)
    let result = p * scale
    return x < -708 ? 0 : result
  }

  /// √x for x ≥ 0 (a negative x, round-off of a quantity that is ≥ 0 in exact arithmetic,
  /// gives 0), within 1 ulp, from arithmetic only; for finite x.
  ///
  /// Swift's `squareRoot()` lowers to libm's `sqrt`, whose `errno` path (for negative
  /// arguments) the optimiser cannot always prove dead, and a loop with a library call is not
  /// vectorised. Here: the classic bit-level estimate of 1/√x, four Newton steps
  /// (relative error 3.4e-2 → 1.8e-3 → 4.7e-6 → 3.3e-11 → 1.6e-21), then x·(1/√x) with one
  /// residual correction. Inputs below 1e-300 give 0 (√1e-300 = 1e-150 is below every use).
  @_transparent
  static func squareRoot(_ x: Double) -> Double {
    let a = x > 1e-300 ? x : 1e-300
    var y = Double(bitPattern: 0x5FE6_EB50_C7B5_37A9 &- (a.bitPattern &>> 1))
    let half = 0.5 * a
    y = y * (1.5 - half * y * y)
    y = y * (1.5 - half * y * y)
    y = y * (1.5 - half * y * y)
    y = y * (1.5 - half * y * y)
    let root = a * y
    let corrected = root + 0.5 * y * (a - root * root)
    return x > 1e-300 ? corrected : 0
  }

  /// ln x for a positive normal x (1e-308 … 1e308); finite (but meaningless) otherwise.
  @_transparent @usableFromInline
  static func log(_ x: Double) -> Double {
    let bits = x.bitPattern
    let biased = bits &>> 52
    // The biased exponent as a double, exactly, without an int→double conversion.
    let exponentBits = Double(bitPattern: 0x4330_0000_0000_0000 | biased) - 4_503_599_627_370_496.0
    var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
    var e = exponentBits - 1023
    let large = m > 1.414_213_562_373_095_048_80
    m = large ? 0.5 * m : m
    e = large ? e + 1 : e
    // ln m = 2·atanh(f), f = (m−1)/(m+1), |f| ≤ 0.1716: series to f^23.
    let f = (m - 1) / (m + 1)
    let s = f * f
    var p = 1.0 / 23
    p = p * s + 1.0 / 21
    p = p * s + 1.0 / 19
    p = p * s + 1.0 / 17
    p = p * s + 1.0 / 15
    p = p * s + 1.0 / 13
    p = p * s + 1.0 / 11
    p = p * s + 1.0 / 9
    p = p * s + 1.0 / 7
    p = p * s + 1.0 / 5
    p = p * s + 1.0 / 3
    let twoF = 2 * f
    let logM = twoF + twoF * (s * p)
    return e * ln2Hi + (logM + e * ln2Lo)
  }

  /// e^{−x²/2} to a few ulps for any finite x (0 for |x| > 37.6), using an exact split of x²
  /// so that the rounding of x² (relative error ε·x²/2 in the result) is avoided.
  @_transparent @usableFromInline
  static func gaussian(_ x: Double) -> Double {
    let a = x < 0 ? -x : x
    let clamped = a > 40 ? 40 : a
    // High part with 26 significant bits: its square is exact.
    let high = Double(bitPattern: clamped.bitPattern & 0xFFFF_FFFF_F800_0000)
    let low = clamped - high
    let δ = 0.5 * low * (clamped + high)
    let correction = 1 - δ * (1 - 0.5 * δ * (1 - δ * (1.0 / 3)))
    return exp(-0.5 * (high * high)) * correction
  }

  /// Coefficients of (1 + 2z)·e^{z²}·erfc(z) as a polynomial in t = (z − 3)/(z + 3), z ≥ 0:
  /// Chebyshev interpolation of degree 22, max relative error 4.8e-16 on [0, ∞)
  /// (generated with mpmath by `Benchmarks/pricing/erfcx_coefficients.py`).
  @inlinable static var erfcxCoefficients: (
    Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double,
    Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double,
    Double
  ) {(
    1.2530080582697296529, -0.13562110612457571877, -0.047562294353445755792,
    0.12964515870228098611, -0.11927366341575334603, 0.068308027356440508622,
    -0.023770514907124862526, 0.0025293916666211624468, 0.0018886902217603342661,
    -0.00077983127644030302643, -0.00010515888874570799826, 0.00012509529969692863777,
    4.9457917888787828208e-6, -0.000020089974601937562382, -7.2189109139096934568e-7,
    3.4542640815449013810e-6, 3.4040811203344008370e-7, -5.9637357570722126715e-7,
    -1.2329723655814050006e-7, 8.7647634299429146855e-8, 2.9000960334558067631e-8,
    -7.6398057066601846430e-9, -3.3911975149641992646e-9
  )}

  /// erfcx(z) = e^{z²}·erfc(z) for z ≥ 0, relative error below 1e-15 up to z = 1e150
  /// (beyond, the value at 1e150). The polynomial in t is exact at t = 1, so it also gives
  /// the asymptotic 1/(z√π) for large z; one division in all.
  @_transparent
  static func erfcx(_ z: Double) -> Double {
    let clamped = z > 1e150 ? 1e150 : z
    let onePlusTwoZ = 1 + 2 * clamped
    let zPlus3 = clamped + 3
    let reciprocal = 1 / (zPlus3 * onePlusTwoZ)
    let t = (clamped - 3) * onePlusTwoZ * reciprocal
    return erfcxPolynomial(t) * (zPlus3 * reciprocal)
  }

  /// (1 + 2z)·erfcx(z) as a function of t = (z − 3)/(z + 3) ∈ [−1, 1).
  ///
  /// Estrin's scheme: the same operation count as Horner's rule but a dependency chain of
  /// depth 6 instead of 22, which matters for the latency-bound scalar solver.
  @_transparent @usableFromInline
  static func erfcxPolynomial(_ t: Double) -> Double {
    let c = erfcxCoefficients
    let t2 = t * t
    let t4 = t2 * t2
    let t8 = t4 * t4
    let t16 = t8 * t8
    let p01 = c.0 + c.1 * t
    let p23 = c.2 + c.3 * t
    let p45 = c.4 + c.5 * t
    let p67 = c.6 + c.7 * t
    let p89 = c.8 + c.9 * t
    let p1011 = c.10 + c.11 * t
    let p1213 = c.12 + c.13 * t
    let p1415 = c.14 + c.15 * t
    let p1617 = c.16 + c.17 * t
    let p1819 = c.18 + c.19 * t
    let p2021 = c.20 + c.21 * t
    let p0to3 = p01 + p23 * t2
    let p4to7 = p45 + p67 * t2
    let p8to11 = p89 + p1011 * t2
    let p12to15 = p1213 + p1415 * t2
    let p16to19 = p1617 + p1819 * t2
    let p20to22 = p2021 + c.22 * t2
    let p0to7 = p0to3 + p4to7 * t4
    let p8to15 = p8to11 + p12to15 * t4
    let p16to22 = p16to19 + p20to22 * t4
    return (p0to7 + p8to15 * t8) + p16to22 * t16
  }

  /// N(x1) and N(x2) as ``normalCDF(_:gaussian:)``, sharing one division between the two.
  @_transparent @usableFromInline
  static func normalCDF(
    _ x1: Double, _ gaussian1: Double, _ x2: Double, _ gaussian2: Double
  ) -> (Double, Double) {
    let a1 = x1 < 0 ? -x1 : x1
    let a2 = x2 < 0 ? -x2 : x2
    let z1 = (a1 > 40 ? 40 : a1) * 0.707_106_781_186_547_524_40
    let z2 = (a2 > 40 ? 40 : a2) * 0.707_106_781_186_547_524_40
    let p1 = (z1 + 3) * (1 + 2 * z1)
    let p2 = (z2 + 3) * (1 + 2 * z2)
    let reciprocal = 1 / (p1 * p2)  // ≤ 1/9, ≥ 1/(2·(31·58)²): no overflow or underflow
    let reciprocal1 = p2 * reciprocal
    let reciprocal2 = p1 * reciprocal
    let t1 = (z1 - 3) * (1 + 2 * z1) * reciprocal1
    let t2 = (z2 - 3) * (1 + 2 * z2) * reciprocal2
    let tail1 = 0.5 * gaussian1 * erfcxPolynomial(t1) * ((z1 + 3) * reciprocal1)
    let tail2 = 0.5 * gaussian2 * erfcxPolynomial(t2) * ((z2 + 3) * reciprocal2)
    return (x1 <= 0 ? tail1 : 1 - tail1, x2 <= 0 ? tail2 : 1 - tail2)
  }

  /// The standard normal CDF N(x), given `gaussian = e^{−x²/2}` (shared with the density).
  ///
  /// `N(−|x|) = ½·e^{−x²/2}·erfcx(|x|/√2)`, with erfcx from the polynomial above, so the lower
  /// tail keeps its relative precision; the upper tail is `1 − N(−|x|)`.
  @_transparent
  static func normalCDF(_ x: Double, gaussian: Double) -> Double {
    let a = x < 0 ? -x : x
    let z = (a > 40 ? 40 : a) * 0.707_106_781_186_547_524_40
    // One division for both t = (z−3)/(z+3) and 1/(1+2z).
    let onePlusTwoZ = 1 + 2 * z
    let zPlus3 = z + 3
    let reciprocal = 1 / (zPlus3 * onePlusTwoZ)
    let t = (z - 3) * onePlusTwoZ * reciprocal
    let p = erfcxPolynomial(t)
    let tail = 0.5 * gaussian * p * (zPlus3 * reciprocal)
    return x <= 0 ? tail : 1 - tail
  }
}
