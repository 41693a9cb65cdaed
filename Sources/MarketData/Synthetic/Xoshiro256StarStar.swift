import Foundation

/// xoshiro256** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators"),
/// seeded through SplitMix64 as its authors recommend: the generator of synthetic market data,
/// so that a seed always gives the same history on every platform.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
  private var s: (UInt64, UInt64, UInt64, UInt64)
  private var spareNormal: Double? = nil

  public init(seed: UInt64) {
    var x = seed
    func splitMix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s = (splitMix(), splitMix(), splitMix(), splitMix())
  }

  @inline(__always)
  private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  public mutating func next() -> UInt64 {
    let result = Self.rotl(s.1 &* 5, 7) &* 9
    let t = s.1 << 17
    s.2 ^= s.0
    s.3 ^= s.1
    s.1 ^= s.2
    s.0 ^= s.3
    s.2 ^= t
    s.3 = Self.rotl(s.3, 45)
    return result
  }

  /// A uniform double in (0, 1): 53 random bits, never 0.
  public mutating func uniform() -> Double {
    (Double(next() >> 11) + 0.5) * 0x1p-53
  }

  /// A standard normal variate (Box–Muller, both values used).
  public mutating func normal() -> Double {
    if let z = spareNormal {
      spareNormal = nil
      return z
    }
    let u1 = uniform()
    let u2 = uniform()
    let r = (-2 * Foundation.log(u1)).squareRoot()
    let angle = 2 * Double.pi * u2
    spareNormal = r * Foundation.sin(angle)
    return r * Foundation.cos(angle)
  }
}
