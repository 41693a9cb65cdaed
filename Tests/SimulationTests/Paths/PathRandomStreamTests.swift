import Foundation
import Testing

@testable import Simulation

/// Per-path random streams: distribution, independence of streams, and agreement between the
/// scalar stream and the four-lane form the generators use.
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

  @Test("Box-Muller pairs are standard normal and uncorrelated (n = 100000 pairs)")
  func normals() {
    var stream = PathRandomStream(seed: 4, stream: 7)
    var first: [Double] = []
    var second: [Double] = []
    for _ in 0..<100_000 {
      let (a, b) = stream.normalPair()
      first.append(a)
      second.append(b)
    }
    let all = first + second
    let n = Double(all.count)
    // Standard errors: 1/√n for the mean, √(2/n) for the variance, 1/√(n/2) for ρ.
    #expect(PathStatistics.mean(all).magnitude < 4 / n.squareRoot())
    #expect((PathStatistics.variance(all) - 1).magnitude < 4 * (2 / n).squareRoot())
    #expect(PathStatistics.correlation(first, second).magnitude < 4 / (n / 2).squareRoot())
    // The tail: P(|Z| > 3) = 0.0026998, standard error √(p(1−p)/n) = 1.16e-4.
    let tail = Double(all.filter { $0.magnitude > 3 }.count) / n
    #expect((tail - 0.002_699_8).magnitude < 4 * 1.16e-4)
    #expect(all.allSatisfy { $0.magnitude < 8.5 })
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

  @Test("Lane j of the four-lane streams draws exactly stream firstPath + j")
  func lanesFollowScalarStreams() {
    var lanes = LaneRandomStreams(seed: 21, firstPath: 8)
    var scalars = (0..<4).map { PathRandomStream(seed: 21, stream: UInt64(8 + $0)) }
    for _ in 0..<100 {
      let (z1, z2) = lanes.normalPair()
      let u = lanes.uniform()
      for lane in 0..<4 {
        let (a, b) = scalars[lane].normalPair()
        #expect(z1[lane] == a && z2[lane] == b)
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
