import Foundation

/// A small, fast, seedable pseudo-random generator (Steele, Lea & Flood 2014, "Fast splittable
/// pseudorandom number generators"), so that every randomised test reports its seed and can
/// be replayed exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform double in [lower, upper).
  public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
    Double.random(in: lower..<upper, using: &self)
  }

  /// A double whose logarithm is uniform in [ln lower, ln upper): for scale parameters
  /// such as expiries from one day to thirty years.
  public mutating func logUniform(_ lower: Double, _ upper: Double) -> Double {
    Foundation.exp(Double.random(in: 0..<1, using: &self) * Foundation.log(upper / lower) + Foundation.log(lower))
  }
}

