import Foundation
import HedgeLabTestSupport
import Testing

@testable import Simulation

/// Paired differences with a percentile-bootstrap interval (Efron & Tibshirani 1993, §13.3).
@Suite("Paired comparison")
struct PairedComparisonTests {
  /// `count` seeded standard normal values.
  static func normals(_ count: Int, seed: UInt64) -> [Double] {
    var stream = PathRandomStream(seed: seed, stream: 0)
    return (0..<count).map { _ in stream.normal() }
  }

  @Test("Identical programs give a zero difference and the interval [0, 0]")
  func identical() throws {
    let results = Self.normals(10_000, seed: 1)
    let comparison = try PairedComparison(first: results, second: results, seed: 3)
    #expect(comparison.meanDifference == 0)
    #expect(comparison.standardError == 0)
    #expect(comparison.lowerBound == 0 && comparison.upperBound == 0)
  }

  @Test("A known shift of 0.05 is recovered inside a ±1.96 SE-wide interval; pairing removes the common noise")
  func knownShift() throws {
    // Common noise of standard deviation 10 (the path), own noise 0.5 (the program).
    let common = Self.normals(20_000, seed: 2).map { 10 * $0 }
    let own = Self.normals(20_000, seed: 4).map { 0.5 * $0 }
    let first = zip(common, own).map { $0 + $1 + 0.05 }
    let comparison = try PairedComparison(first: first, second: common, seed: 5, threads: 2)
    #expect(comparison.lowerBound < 0.05 && 0.05 < comparison.upperBound)
    #expect((comparison.meanDifference - 0.05).magnitude < 4 * comparison.standardError)
    // SE of the paired mean: 0.5/√20000 = 0.0035, not 10/√20000 = 0.07.
    #expect((comparison.standardError - 0.5 / (20_000.0).squareRoot()).magnitude < 0.000_2)
    // For a normal mean the percentile interval is ±1.96 SE (to the resampling error).
    let halfWidth = (comparison.upperBound - comparison.lowerBound) / 2
    #expect((halfWidth / (1.96 * comparison.standardError) - 1).magnitude < 0.1)
  }

  @Test("The interval is the same for 1 and 2 threads and changes with the seed")
  func determinism() throws {
    let first = Self.normals(2_000, seed: 6)
    let second = Self.normals(2_000, seed: 7)
    let one = try PairedComparison(first: first, second: second, resamples: 500, seed: 8, threads: 1)
    let two = try PairedComparison(first: first, second: second, resamples: 500, seed: 8, threads: 2)
    #expect(one == two)
    let other = try PairedComparison(first: first, second: second, resamples: 500, seed: 9, threads: 2)
    #expect(other.lowerBound != one.lowerBound)
  }

  @Test("On hedging P&L: weekly minus daily rebalancing on the same paths has mean ≈ 0 and a narrow interval")
  func hedgingPrograms() throws {
    func experiment(_ every: Int) -> MonteCarloDeltaHedge {
      MonteCarloDeltaHedge(
        option: .init(kind: .call, strike: 100, timeToExpiry: 20.0 / 52),
        market: .init(spot: 100, volatility: 0.2, riskFreeRate: 0), rebalanceEvery: every)
    }
    let daily = try experiment(1).simulate(paths: 4_000, steps: 100, seed: 12, threads: 2)
    let weekly = try experiment(5).simulate(paths: 4_000, steps: 100, seed: 12, threads: 2)
    let comparison = try PairedComparison(first: weekly.profitAndLoss, second: daily.profitAndLoss, seed: 1)
    // Both are unbiased hedges: the interval covers 0.
    #expect(comparison.lowerBound < 0 && 0 < comparison.upperBound)
    #expect(comparison.upperBound - comparison.lowerBound < 0.2 * weekly.premium)
  }

  @Test("Different lengths, too few paths and bad levels are rejected")
  func validation() {
    #expect(throws: MonteCarloError.self) { try PairedComparison(first: [1, 2, 3], second: [1, 2]) }
    #expect(throws: MonteCarloError.self) { try PairedComparison(first: [1], second: [1]) }
    #expect(throws: MonteCarloError.self) {
      try PairedComparison(first: [1, 2], second: [1, 2], confidenceLevel: 1.5)
    }
    #expect(throws: MonteCarloError.self) {
      try PairedComparison(first: [1, .infinity], second: [1, 2])
    }
  }
}
