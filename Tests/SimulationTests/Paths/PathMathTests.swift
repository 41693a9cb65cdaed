import Foundation
import HedgeLabTestSupport
import Testing

@testable import Pricing
@testable import Simulation

/// The branch-free kernels of path simulation against libm and a high-precision table.
@Suite("Path math")
struct PathMathTests {
  /// The distance in units in the last place between two doubles of the same sign.
  static func ulps(_ a: Double, _ b: Double) -> Double {
    a == b ? 0 : (a - b).magnitude / b.ulp
  }

  @Test("exp is within 2 ulps of libm on [-708, 709] (seed 11)")
  func exponential() {
    var rng = SplitMix64(seed: 11)
    for _ in 0..<20_000 {
      let x = rng.uniform(-708, 709)
      #expect(Self.ulps(PathMath.exp(x), Foundation.exp(x)) <= 2, "x = \(x)")
      let small = rng.uniform(-2, 2)
      #expect(Self.ulps(PathMath.exp(small), Foundation.exp(small)) <= 2, "x = \(small)")
    }
    #expect(PathMath.exp(-1000) == 0)
    #expect(PathMath.exp(0) == 1)
  }

  /// PathMath's `exp` is Pricing's `FastMath.exp` on eight lanes (one algorithm, two forms).
  @Test("exp on lanes is bit-identical to FastMath.exp, clamps included (seed 13)")
  func exponentialMatchesFastMath() {
    var rng = SplitMix64(seed: 13)
    for _ in 0..<20_000 {
      let x = rng.uniform(-720, 720)
      #expect(PathMath.exp(x).bitPattern == FastMath.exp(x).bitPattern, "x = \(x)")
      let small = rng.uniform(-1, 1)
      #expect(PathMath.exp(small).bitPattern == FastMath.exp(small).bitPattern, "x = \(small)")
    }
    for x in [-708.0, -707.9, 709, 709.5, 0, -0.0, 0.5 * Foundation.log(2)] {
      #expect(PathMath.exp(x).bitPattern == FastMath.exp(x).bitPattern, "x = \(x)")
    }
  }

  @Test("log is within 2 ulps of libm for positive normal numbers (seed 12)")
  func logarithm() {
    var rng = SplitMix64(seed: 12)
    for _ in 0..<20_000 {
      let x = Foundation.pow(10, rng.uniform(-300, 300))
      #expect(Self.ulps(PathMath.log(x), Foundation.log(x)) <= 2, "x = \(x)")
      let near1 = rng.uniform(0.5, 2)
      #expect((PathMath.log(near1) - Foundation.log(near1)).magnitude <= 2 * Foundation.log(near1).ulp + 1e-17, "x = \(near1)")
    }
    #expect(PathMath.log(1) == 0)
  }

  /// N(x) to 20 digits (mpmath `ncdf`, 40-digit arithmetic).
  static let normalTable: [(Double, Double)] = [
    (-6.0, 9.865876450376981407e-10),
    (-4.0, 0.000031671241833119921254), (-2.5, 0.006209665325776135167),
    (-1.0, 0.15865525393145705141), (-0.3, 0.38208857781104736693), (0.0, 0.5),
    (0.4, 0.65542174161032417491), (1.3, 0.90319951541438967446),
    (2.0, 0.9772498680518207928), (3.7, 0.99989220026652261174),
    (5.5, 0.99999998101043753411),
  ]

  @Test("N(x) matches a 20-digit table to 3e-16 absolute (Hart 1968 / West 2005)", arguments: normalTable)
  func normalDistribution(x: Double, expected: Double) {
    #expect((PathMath.normalCDF(x) - expected).magnitude <= 3e-16, "x = \(x)")
  }

  @Test("Beyond |x| = 7.07 the clamped N(x) is within 8e-13 absolute")
  func normalTails() {
    // mpmath: N(−7.5) = 3.1908916729108962278e-14, N(−40) ≈ 3.7e-350.
    #expect((PathMath.normalCDF(-7.5) - 3.190_891_672_910_896_2e-14).magnitude < 8e-13)
    #expect(PathMath.normalCDF(-40) < 8e-13)
    #expect(1 - PathMath.normalCDF(40) < 8e-13)
  }

  @Test("N(x) + N(-x) = 1 and N is non-decreasing (seed 14)")
  func normalIdentities() {
    var rng = SplitMix64(seed: 14)
    var previous = 0.0
    for i in 0...4_000 {
      let x = -10 + Double(i) * 0.005
      let value = PathMath.normalCDF(x)
      #expect(value >= previous, "x = \(x)")
      previous = value
      let y = rng.uniform(-9, 9)
      #expect((PathMath.normalCDF(y) + PathMath.normalCDF(-y) - 1).magnitude <= 4e-16, "y = \(y)")
    }
  }

  @Test("Lane forms equal the scalar forms bit for bit in every lane")
  func lanesAgree() {
    let inputs = PathLanes(-1.75, 0.125, 3.5, 0.9, -8, 700, -0.001, 12)
    let exps = PathMath.exp(inputs)
    let cdfs = PathMath.normalCDF(inputs)
    for lane in 0..<PathLanes.scalarCount {
      #expect(exps[lane] == PathMath.exp(inputs[lane]))
      #expect(cdfs[lane] == PathMath.normalCDF(inputs[lane]))
    }
  }
}
