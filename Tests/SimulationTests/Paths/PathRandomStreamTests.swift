import Foundation
import Testing

@testable import Simulation

/// Per-path random streams: distribution, independence of streams, and agreement between the
/// scalar stream and the eight-lane form the generators use.
@Suite("Path random streams")
struct PathRandomStreamTests {
  @Test("Uniforms lie in (0, 1] with mean 1/2 and variance 1/12 (n = 200000)")
  func uniforms() {
    var stream = PathRandomStream(seed: 3, stream: 0)
    let values = (0..<200_000).map { _ in stream.uniform() }
    #expect(values.allSatisfy { $0 > 0 && $0 <= 1 })
    // Standard errors: √(1/12/n) = 6.5e-4 for the mean, about 2e-4 for the variance.
    #expect((PathStatistics.mean(values) - 0.5).magnitude < 4 * 6.5e-4)
    #expect((PathStatistics.variance(values) - 1.0 / 12).magnitude < 4 * 2e-4)
  }

  /// P(|Z| > c) for c = 1, 2, 3, 3.6541 (the ziggurat's tail start R), 4.5.
  static let tails: [(Double, Double)] = [
    (1, 0.317_310_507_862_914_2), (2, 0.045_500_263_896_358_4), (3, 0.002_699_796_063_260_2),
    (3.654_152_885_361_008_8, 0.000_258_032_487_653_9), (4.5, 6.795_346_249_e-6),
  ]

  @Test("Ziggurat normals have mean 0, variance 1, kurtosis 3 and the normal tail probabilities (n = 400000)")
  func normals() {
    var stream = PathRandomStream(seed: 4, stream: 7)
    let values = (0..<400_000).map { _ in stream.normal() }
    let n = Double(values.count)
    let mean = PathStatistics.mean(values)
    let variance = PathStatistics.variance(values)
    let kurtosis = values.reduce(0) { $0 + Foundation.pow($1 - mean, 4) } / n / (variance * variance)
    // Standard errors: 1/√n for the mean, √(2/n) for the variance, √(24/n) for the kurtosis.
    #expect(mean.magnitude < 4 / n.squareRoot())
    #expect((variance - 1).magnitude < 4 * (2 / n).squareRoot())
    #expect((kurtosis - 3).magnitude < 4 * (24 / n).squareRoot())
    // Tails, including beyond R where the exponential tail method takes over: within 4 SE.
    for (c, p) in Self.tails {
      let observed = Double(values.filter { $0.magnitude > c }.count) / n
      #expect((observed - p).magnitude < 4 * (p * (1 - p) / n).squareRoot() + 1 / n, "c = \(c)")
    }
    // Symmetry, and consecutive values uncorrelated.
    let positive = Double(values.filter { $0 > 0 }.count) / n
    #expect((positive - 0.5).magnitude < 4 * (0.25 / n).squareRoot())
    let lag = PathStatistics.correlation(Array(values.dropLast()), Array(values.dropFirst()))
    #expect(lag.magnitude < 4 / n.squareRoot())
  }

  @Test("The ziggurat's density matches the normal density in 64 bins on [−4, 4] (chi-square, n = 400000)")
  func histogram() {
    var stream = PathRandomStream(seed: 15, stream: 3)
    var counts = [Double](repeating: 0, count: 64)
    let n = 400_000
    for _ in 0..<n {
      let z = stream.normal()
      if z.magnitude < 4 { counts[Int((z + 4) * 8)] += 1 }
    }
    var chiSquare = 0.0
    for bin in 0..<64 {
      let lower = -4 + Double(bin) / 8
      let p = PathMath.normalCDF(lower + 0.125) - PathMath.normalCDF(lower)
      let expected = p * Double(n)
      chiSquare += (counts[bin] - expected) * (counts[bin] - expected) / expected
    }
    // 63 degrees of freedom: P(χ² > 103.4) = 0.001.
    #expect(chiSquare < 103.4)
  }

  @Test("Streams of the same seed are uncorrelated, and a seed's stream is reproducible")
  func independentStreams() {
    var a = PathRandomStream(seed: 9, stream: 0)
    var b = PathRandomStream(seed: 9, stream: 1)
    var again = PathRandomStream(seed: 9, stream: 0)
    var x: [Double] = []
    var y: [Double] = []
    for _ in 0..<50_000 {
      let u = a.uniform()
      x.append(u)
      y.append(b.uniform())
      #expect(again.uniform() == u)
    }
    #expect(PathStatistics.correlation(x, y).magnitude < 4 / (50_000.0).squareRoot())
  }

  @Test("Lane j of the eight-lane streams draws exactly stream firstPath + j")
  func lanesFollowScalarStreams() {
    var lanes = LaneRandomStreams(seed: 21, firstPath: 8)
    var scalars = (0..<PathLanes.scalarCount).map { PathRandomStream(seed: 21, stream: UInt64(8 + $0)) }
    let table = Ziggurat.shared
    // 1000 normals per lane: about 15 go through the ziggurat's slow path.
    for _ in 0..<1_000 {
      let z = lanes.normal(table)
      let u = lanes.uniform()
      for lane in 0..<PathLanes.scalarCount {
        #expect(z[lane] == scalars[lane].normal())
        #expect(u[lane] == scalars[lane].uniform())
      }
    }
  }

  @Test("index(below:) is uniform over 0..<n (chi-square, n = 10, 100000 draws)")
  func indices() {
    var stream = PathRandomStream(seed: 5, stream: 2)
    var counts = [Int](repeating: 0, count: 10)
    for _ in 0..<100_000 { counts[stream.index(below: 10)] += 1 }
    let expected = 10_000.0
    let chiSquare = counts.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
    // 9 degrees of freedom: P(χ² > 27.9) = 0.001.
    #expect(chiSquare < 27.9)
  }
}
