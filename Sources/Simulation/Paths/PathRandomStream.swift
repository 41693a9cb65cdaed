/// The random numbers of one simulated path: an independent xoshiro256+ stream per
/// (seed, path), so that a path's numbers do not depend on the number of threads, on how paths
/// are split into chunks, or on how many other paths are drawn.
///
/// - Generator: xoshiro256+ (Blackman & Vigna 2021, "Scrambled linear pseudorandom number
///   generators", ACM TOMS 47(4)), period 2^256 − 1: the variant its authors recommend for
///   floating-point numbers, which use only the upper bits (its three lowest bits have low
///   linear complexity; we use the top 52). It needs no 64-bit multiplication, which SSE2
///   lanes do not have.
/// - Seeding: the 256-bit state is four successive SplitMix64 outputs (Steele, Lea & Flood
///   2014) from the starting point `mix(mix(seed + γ) + stream·γ')`, where `mix` is the
///   SplitMix64 finaliser, γ = 0x9E3779B97F4A7C15 and γ' = 0xD1B54A32D192ED03. Two streams of
///   the same seed start at unrelated, hashed states (the scheme of numpy's `SeedSequence`,
///   simplified); for 10^5 paths the chance that two seeding sequences overlap is about 2e-9.
/// - Uniforms: the top 52 bits of a draw, `u = m/2^52`; ``uniform()`` returns 1 − u ∈ (0, 1].
/// - Normals: the ziggurat method (Marsaglia & Tsang 2000, "The ziggurat method for generating
///   random variables", J. Statistical Software 5(8); 256 layers, R = 3.6541528853610088),
///   with Doornik's correction (2005, "An improved ziggurat method to generate normal random
///   samples"): the layer and the uniform come from disjoint bits. It is exact (the tail
///   beyond R by Marsaglia's exponential method). One draw gives the layer i (bits 4–11) and
///   u = 2·m/2^52 − 1 ∈ [−1, 1) (the top 52 bits); in 98.5 % of draws |u| < x_{i+1}/x_i and
///   the normal is u·x_i. The rare rejections draw further uniforms from the same stream.
///   The fast path is branch-free, so the generators draw for eight paths in SIMD lanes and
///   finish the few rejected lanes one by one, consuming exactly what the scalar
///   ``normal()`` consumes. (Box–Muller, equally exact and fully branch-free, needs a logarithm,
///   a sine and a cosine per pair: about three times the instructions of the ziggurat here.)
///
/// Each generator documents its order of draws per step.
public struct PathRandomStream: Sendable {
  var s0: UInt64
  var s1: UInt64
  var s2: UInt64
  var s3: UInt64

  /// The stream of path (or resample) number `stream` under `seed`.
  public init(seed: UInt64, stream: UInt64) {
    (s0, s1, s2, s3) = Self.initialState(seed: seed, stream: stream)
  }

  /// The SplitMix64 finaliser (a bijection of UInt64 with good avalanche).
  @inline(__always)
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z &>> 31)
  }

  /// The xoshiro256+ state of stream `stream` under `seed` (see the type's documentation).
  static func initialState(seed: UInt64, stream: UInt64) -> (UInt64, UInt64, UInt64, UInt64) {
    let γ: UInt64 = 0x9E37_79B9_7F4A_7C15
    var x = mix(mix(seed &+ γ) &+ stream &* 0xD1B5_4A32_D192_ED03)
    func next() -> UInt64 {
      x &+= γ
      return mix(x)
    }
    return (next(), next(), next(), next())
  }

  /// The next 64 random bits.
  @inline(__always)
  public mutating func next() -> UInt64 {
    let result = s0 &+ s3
    let t = s1 &<< 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = (s3 &<< 45) | (s3 &>> 19)
    return result
  }

  /// A uniform variate in (0, 1], a multiple of 2^−52 (the top 52 bits of one draw).
  @inline(__always)
  public mutating func uniform() -> Double {
    2 - Double(bitPattern: 0x3FF0_0000_0000_0000 | (next() &>> 12))
  }

  /// A uniform integer in 0 ..< `bound` (bound > 0), by Lemire's multiply-shift of one draw
  /// (bias below bound/2^64, irrelevant for resampling indices).
  @inline(__always)
  public mutating func index(below bound: Int) -> Int {
    Int(truncatingIfNeeded: UInt64(bound).multipliedFullWidth(by: next()).high)
  }

  /// A uniform variate in [0, 1), a multiple of 2^−52.
  @inline(__always)
  mutating func uniformFromZero() -> Double {
    Double(bitPattern: 0x3FF0_0000_0000_0000 | (next() &>> 12)) - 1
  }

  /// A standard normal variate (ziggurat; the same numbers the lane generators give for
  /// this stream).
  public mutating func normal() -> Double {
    let table = Ziggurat.shared
    let bits = next()
    let u = Ziggurat.signedUniform(bits)
    let layer = Ziggurat.layer(bits)
    if u.magnitude < table.ratio[layer] { return u * table.x[layer] }
    return normalAfterRejection(u: u, layer: layer, table: table)
  }

  /// The ziggurat's slow path, after the draw (u, layer) failed the rectangle test.
  mutating func normalAfterRejection(u first: Double, layer firstLayer: Int, table: Ziggurat)
    -> Double
  {
    var u = first
    var layer = firstLayer
    while true {
      if layer == 0 {
        // The tail beyond R (Marsaglia 1964): x = −ln(U₁)/R, y = −ln(U₂), accept if 2y ≥ x².
        while true {
          let x = -PathMath.log(uniform()) / Ziggurat.tailStart
          let y = -PathMath.log(uniform())
          if 2 * y >= x * x { return u < 0 ? -(Ziggurat.tailStart + x) : Ziggurat.tailStart + x }
        }
      }
      // The wedge between layers: accept (x, y) under the density, y uniform in [f(x_i), f(x_{i+1})].
      let x = u * table.x[layer]
      let y = table.density[layer + 1] + uniformFromZero() * (table.density[layer] - table.density[layer + 1])
      if y < PathMath.exp(-0.5 * x * x) { return x }
      let bits = next()
      u = Ziggurat.signedUniform(bits)
      layer = Ziggurat.layer(bits)
      if u.magnitude < table.ratio[layer] { return u * table.x[layer] }
    }
  }
}

/// The tables of the 256-layer ziggurat for the standard normal (Marsaglia & Tsang 2000).
///
/// `x[0] = V/f(R)` (the base strip's equivalent width), `x[1] = R`,
/// `x[i] = √(−2 ln(V/x[i−1] + f(x[i−1])))`, `x[256] = 0`, with f(x) = e^{−x²/2},
/// R = 3.6541528853610088 and V = 4.92867323399e-3 the common area of the layers;
/// `ratio[i] = x[i+1]/x[i]` and `density[i] = f(x[i])`. Computed once with ``PathMath`` (not
/// libm), so the tables, and every normal, are the same on every platform.
final class Ziggurat: @unchecked Sendable {
  static let layers = 256
  /// R, where the tail starts.
  static let tailStart = 3.654_152_885_361_008_8
  /// V, the area of each layer.
  static let layerArea = 4.928_673_233_99e-3
  /// The tables, computed on first use.
  static let shared = Ziggurat()

  /// x[0 … 256], ratio[0 … 255], density[0 … 256] (raw storage, never freed: one table per
  /// process).
  let x: UnsafeMutablePointer<Double>
  let ratio: UnsafeMutablePointer<Double>
  let density: UnsafeMutablePointer<Double>

  private init() {
    let count = Self.layers
    x = .allocate(capacity: count + 1)
    ratio = .allocate(capacity: count)
    density = .allocate(capacity: count + 1)
    var f = PathMath.exp(-0.5 * Self.tailStart * Self.tailStart)
    x[0] = Self.layerArea / f
    x[1] = Self.tailStart
    x[count] = 0
    for i in 2..<count {
      x[i] = (-2 * PathMath.log(Self.layerArea / x[i - 1] + f)).squareRoot()
      f = PathMath.exp(-0.5 * x[i] * x[i])
    }
    for i in 0..<count { ratio[i] = x[i + 1] / x[i] }
    for i in 0...count { density[i] = PathMath.exp(-0.5 * x[i] * x[i]) }
  }

  /// u = 2·m/2^52 − 1 ∈ [−1, 1) from the top 52 bits of a draw (exact).
  @inline(__always)
  static func signedUniform(_ bits: UInt64) -> Double {
    2 * Double(bitPattern: 0x3FF0_0000_0000_0000 | (bits &>> 12)) - 3
  }

  /// The layer 0 … 255 from bits 4–11 of a draw.
  @inline(__always)
  static func layer(_ bits: UInt64) -> Int {
    Int(truncatingIfNeeded: (bits &>> 4) & 255)
  }
}

/// The streams of eight paths, one per SIMD lane: lane j follows exactly the
/// ``PathRandomStream`` of its path.
struct LaneRandomStreams {
  var s0: PathLaneBits
  var s1: PathLaneBits
  var s2: PathLaneBits
  var s3: PathLaneBits

  /// The streams of paths `firstPath ..< firstPath + PathLanes.scalarCount` under `seed`.
  init(seed: UInt64, firstPath: Int) {
    s0 = .zero
    s1 = .zero
    s2 = .zero
    s3 = .zero
    for lane in 0..<PathLanes.scalarCount {
      let (a, b, c, d) = PathRandomStream.initialState(
        seed: seed, stream: UInt64(firstPath + lane))
      s0[lane] = a
      s1[lane] = b
      s2[lane] = c
      s3[lane] = d
    }
  }

  /// The next 64 random bits of each lane (xoshiro256+).
  @_transparent
  mutating func next() -> PathLaneBits {
    let result = s0 &+ s3
    let t = s1 &<< 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = (s3 &<< 45) | (s3 &>> 19)
    return result
  }

  /// 1 + m/2^52 ∈ [1, 2) from the top 52 bits of each lane.
  @_transparent
  static func oneToTwo(_ bits: PathLaneBits) -> PathLanes {
    PathMath.lanes(0x3FF0_0000_0000_0000 | (bits &>> 12))
  }

  /// A uniform variate in (0, 1] per lane (as ``PathRandomStream/uniform()``).
  @_transparent
  mutating func uniform() -> PathLanes {
    2 - Self.oneToTwo(next())
  }

  /// A standard normal variate per lane: the ziggurat's rectangle test for all eight lanes at
  /// once, and the scalar slow path for the lanes (1.5 % of draws) that fail it.
  @_transparent
  mutating func normal(_ table: Ziggurat) -> PathLanes {
    let bits = next()
    let u = 2 * Self.oneToTwo(bits) - 3
    let layers = (bits &>> 4) & 255
    var width = PathLanes.zero
    var ratio = PathLanes.zero
    for lane in 0..<PathLanes.scalarCount {
      let layer = Int(truncatingIfNeeded: layers[lane])
      width[lane] = table.x[layer]
      ratio[lane] = table.ratio[layer]
    }
    var z = u * width
    let accepted = u.replacing(with: -u, where: u .< 0) .< ratio
    if !all(accepted) { finishRejected(&z, accepted: accepted, u: u, layers: layers, table: table) }
    return z
  }

  /// Runs the scalar slow path for each rejected lane, on that lane's own stream.
  @inline(never)
  mutating func finishRejected(
    _ z: inout PathLanes, accepted: SIMDMask<SIMD8<Int64>>, u: PathLanes,
    layers: PathLaneBits, table: Ziggurat
  ) {
    for lane in 0..<PathLanes.scalarCount where !accepted[lane] {
      var stream = PathRandomStream(state: (s0[lane], s1[lane], s2[lane], s3[lane]))
      z[lane] = stream.normalAfterRejection(
        u: u[lane], layer: Int(truncatingIfNeeded: layers[lane]), table: table)
      (s0[lane], s1[lane], s2[lane], s3[lane]) = (stream.s0, stream.s1, stream.s2, stream.s3)
    }
  }
}

extension PathRandomStream {
  /// A stream continuing from an explicit xoshiro256+ state.
  init(state: (UInt64, UInt64, UInt64, UInt64)) {
    (s0, s1, s2, s3) = state
  }
}
