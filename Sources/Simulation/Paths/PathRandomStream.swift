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
///   simplified); for 10^5 paths the chance that two seeding sequences overlap is below 1e-9.
/// - Uniforms: the top 52 bits of a draw, `u = m/2^52`; ``uniform()`` returns 1 − u ∈ (0, 1].
/// - Normals: the Box–Muller transform (Box & Muller 1958), which is exact: a pair of draws
///   (b₁, b₂) gives `r = √(−2 ln u₁)`, `z₁ = r·cos 2πu₂`, `z₂ = r·sin 2πu₂`, with
///   u₁ = 1 − m₁/2^52 ∈ (0, 1] and u₂ = m₂/2^52 ∈ [0, 1). The smallest u₁ is 2^−52, so
///   |z| ≤ 8.49 (a truncation of probability 2e-17). Box–Muller is branch-free, which lets the
///   generators draw for four paths in SIMD lanes (Marsaglia's polar method and the ziggurat
///   reject, and so cannot).
///
/// Generators that need one normal per step take both values of a pair on consecutive steps
/// (step 2j gets z₁, step 2j + 1 gets z₂); see each generator for its order of draws.
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

  /// Two independent standard normal variates (one Box–Muller pair, two draws), the same
  /// numbers the lane generators give for this stream.
  public mutating func normalPair() -> (Double, Double) {
    let first = next()
    let second = next()
    let (z1, z2) = LaneRandomStreams.boxMuller(
      PathLaneBits(repeating: first), PathLaneBits(repeating: second))
    return (z1[0], z2[0])
  }
}

/// The streams of four paths, one per SIMD lane: lane j follows exactly the
/// ``PathRandomStream`` of its path.
struct LaneRandomStreams {
  var s0: PathLaneBits
  var s1: PathLaneBits
  var s2: PathLaneBits
  var s3: PathLaneBits

  /// The streams of paths `firstPath …< firstPath + 4` under `seed`.
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

  /// The Box–Muller pair of two draws per lane (`first` gives the radius, `second` the angle).
  @_transparent
  static func boxMuller(_ first: PathLaneBits, _ second: PathLaneBits) -> (PathLanes, PathLanes) {
    let u1 = 2 - oneToTwo(first)
    let u2 = oneToTwo(second) - 1
    let radius = PathMath.squareRoot(-2 * PathMath.log(u1))
    let (sine, cosine) = PathMath.sinCosTwoPi(u2)
    return (radius * cosine, radius * sine)
  }

  /// Two independent standard normal variates per lane (two draws per lane).
  @_transparent
  mutating func normalPair() -> (PathLanes, PathLanes) {
    let first = next()
    let second = next()
    return Self.boxMuller(first, second)
  }
}
