import Pricing
import HedgeLabTestSupport
import Testing

@testable import Simulation

/// Summary statistics against numpy's definitions (percentile method "linear", Hyndman & Fan
/// type 7) and Acerbi & Tasche's (2002) expected shortfall.
@Suite("Distribution summary")
struct DistributionSummaryTests {
  /// 1…100 in a seeded random order (the summary must sort its input).
  static let hundred: [Double] = {
    var rng = SplitMix64(seed: 42)
    return (1...100).map(Double.init).shuffled(using: &rng)
  }()

  @Test("Percentiles of 1…100 equal numpy.percentile: 1.99, 5.95, 50.5, 95.05, 99.01")
  func percentiles() throws {
    let summary = try DistributionSummary(Self.hundred)
    #expect(abs(summary.percentile1 - 1.99) < 1e-12)
    #expect(abs(summary.percentile5 - 5.95) < 1e-12)
    #expect(summary.median == 50.5)
    #expect(abs(summary.percentile95 - 95.05) < 1e-12)
    #expect(abs(summary.percentile99 - 99.01) < 1e-12)
    #expect(summary.minimum == 1 && summary.maximum == 100)
    #expect(summary.mean == 50.5)
    // numpy.std(ddof=1) of 1…100.
    #expect(abs(summary.standardDeviation - 29.011_491_975_882_016) < 1e-12)
  }

  @Test("Tail means are the historical expected shortfall of the backtests: the mean of the values at or beyond the type-7 quantile")
  func tailMeans() throws {
    let five = try DistributionSummary(Self.hundred, tailLevel: 0.05)
    // 5 % quantile of 1…100: 1 + 99 × 0.05 = 5.95; the values ≤ 5.95 are 1…5.
    #expect(five.lowerTailMean == 3)
    #expect(five.upperTailMean == 98)
    // 2.5 % quantile: 1 + 99 × 0.025 = 3.475; the values ≤ 3.475 are 1, 2, 3
    // (quantstats cvar(method="historical")).
    let fractional = try DistributionSummary(Self.hundred, tailLevel: 0.025)
    #expect(fractional.lowerTailMean == 2)
    // The same figure as the backtests' CVaR of the same sample.
    #expect(fractional.lowerTailMean == SampleTail.lower(Self.hundred.shuffled(), probability: 0.025)?.expectedShortfall)
    let tiny = try DistributionSummary([4, 2, 9], tailLevel: 0.05)
    #expect(tiny.lowerTailMean == 2 && tiny.upperTailMean == 9)
  }

  @Test("A ±1 two-point sample has kurtosis 1, so its standard deviation has no sampling error")
  func kurtosis() throws {
    // ±1 symmetric two-point sample: kurtosis exactly 1, so the std is known without error.
    let twoPoint = try DistributionSummary([Double](repeating: 1, count: 50) + [Double](repeating: -1, count: 50))
    #expect(abs(twoPoint.kurtosis - 1) < 1e-12)
    #expect(twoPoint.standardDeviationRelativeError == 0)
  }

  @Test("Empty samples, non-finite values and tail levels outside (0, 1) are rejected")
  func validation() {
    #expect(throws: MonteCarloError.self) { try DistributionSummary([]) }
    #expect(throws: MonteCarloError.self) { try DistributionSummary([1, .nan]) }
    #expect(throws: MonteCarloError.self) { try DistributionSummary([1, 2], tailLevel: 1) }
  }
}
