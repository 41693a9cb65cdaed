import Foundation
import HedgeLabTestSupport
import MarketData
import Testing

@testable import Analytics

/// Type-7 quantile by full sort, written as plainly as possible: the reference for selection.
private func referenceQuantile(_ x: [Double], _ p: Double) -> Double {
  let s = x.sorted()
  var h = Double(s.count - 1) * p
  if abs(h - h.rounded()) < 1e-9 { h = h.rounded() }
  let lo = Int(h.rounded(.down))
  let hi = min(lo + 1, s.count - 1)
  return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
}

/// Seeded random checks of identities over whole classes of inputs (the seed is in every
/// failure message; rerun with it to replay).
@Suite("Metric identities on seeded random series")
struct PropertyTests {
  @Test(
    "VaR by selection equals the type-7 quantile of the sorted sample, ties and all",
    arguments: [1, 2, 3])
  func selectionMatchesSort(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    for trial in 0..<300 {
      let n = Int(rng.next() % 400) + 1
      // Rounded to 0.5 % so that ties at the quantile are frequent.
      let x = (0..<n).map { _ in (rng.uniform(-0.05, 0.05) * 200).rounded() / 200 }
      let c = try ConfidenceLevel(rng.uniform(0.5, 0.999))
      let (v, cvar) = try #require(HistoricalTail(x).measures(c))
      let expected = referenceQuantile(x, 1 - c.value)
      #expect(
        isClose(v, expected, absolute: 1e-15, relative: 1e-12),
        "seed \(seed) trial \(trial): n \(n), c \(c.value)")
      let tail = x.filter { $0 <= v }
      #expect(
        isClose(cvar, tail.reduce(0, +) / Double(tail.count), absolute: 1e-15, relative: 1e-12),
        "seed \(seed) trial \(trial)")
      #expect(cvar <= v)
      #expect(v >= x.min()! && v <= x.max()!)
    }
  }

  @Test("selection handles sorted, reversed and constant inputs of every small size")
  func selectionOrders() throws {
    for n in 1...40 {
      let ascending = (0..<n).map(Double.init)
      for x in [ascending, ascending.reversed(), [Double](repeating: 3, count: n)] {
        for c in [ConfidenceLevel.percent95, .percent99, try ConfidenceLevel(0.5)] {
          #expect(HistoricalTail(x).valueAtRisk(c) == referenceQuantile(x, 1 - c.value), "n \(n)")
        }
      }
    }
  }

  @Test("max drawdown equals the brute-force worst v_j / v_i − 1 over i < j", arguments: [4, 5])
  func drawdownBruteForce(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    for trial in 0..<200 {
      let n = Int(rng.next() % 60) + 1
      var v = [100.0]
      for _ in 1..<n { v.append(v.last! * (1 + rng.uniform(-0.1, 0.1))) }
      var worst = 0.0
      for i in v.indices { for j in v.indices where j > i { worst = min(worst, v[j] / v[i] - 1) } }
      let curve = try Build.curve(values: v)
      #expect(
        isClose(MaxDrawdown.depth(v), worst, absolute: 1e-15, relative: 1e-12),
        "seed \(seed) trial \(trial)")
      if let dd = MaxDrawdown.of(curve) {
        #expect(isClose(v[dd.troughIndex] / v[dd.peakIndex] - 1, dd.depth, relative: 1e-15))
        #expect(v[...dd.troughIndex].allSatisfy { $0 <= v[dd.peakIndex] })
        if let r = dd.recoveryIndex {
          #expect(
            v[r] >= v[dd.peakIndex]
              && v[(dd.troughIndex + 1)..<r].allSatisfy { $0 < v[dd.peakIndex] })
        } else {
          #expect(v[(dd.troughIndex + 1)...].allSatisfy { $0 < v[dd.peakIndex] })
        }
      } else {
        #expect(worst == 0)
      }
    }
  }

  @Test("monthly returns chain-link to the total return; months hold every daily return")
  func monthsChainLink() throws {
    var rng = SplitMix64(seed: 6)
    let days = Build.weekdays(from: "2019-12-30", count: 700)
    var v = [1.0]
    for _ in 1..<days.count { v.append(v.last! * (1 + rng.uniform(-0.02, 0.021))) }
    let curve = try EquityCurve(days: days, values: v)
    let months = MonthlyReturns.of(curve)
    let linked = months.reduce(1.0) { $0 * (1 + $1.value) } - 1
    #expect(isClose(linked, try #require(TotalReturn.of(curve)), relative: 1e-12))
    #expect(months.reduce(0) { $0 + $1.observations } == days.count - 1)
    #expect(zip(months, months.dropFirst()).allSatisfy { $0.month < $1.month })
  }

  @Test("scaling the unhedged P&L by k gives hedge effectiveness 1 − k²; beta of k·m is k")
  func scaling() throws {
    var rng = SplitMix64(seed: 8)
    let m = (0..<250).map { _ in rng.uniform(-0.03, 0.03) }
    for k in [0.0, 0.3, 1.0, 1.7] {
      let he = try #require(
        try HedgeEffectiveness.ederington(hedgedPnL: m.map { k * $0 }, unhedgedPnL: m))
      #expect(isClose(he, 1 - k * k, absolute: 1e-12, relative: 1e-12), "k \(k)")
      #expect(
        isClose(
          try #require(try Beta.of(m.map { k * $0 }, to: m)), k, absolute: 1e-12, relative: 1e-12))
    }
  }

  @Test("random curves never produce NaN or infinity in a summary", arguments: [9, 10])
  func summaryIsFinite(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    for trial in 0..<50 {
      let n = Int(rng.next() % 80) + 1
      let days = Build.weekdays(from: "2023-12-20", count: n)
      var v = [100.0]
      var b = [100.0]
      for _ in 1..<n {
        let u = rng.uniform(-0.05, 0.05)
        b.append(b.last! * (1 + u))
        v.append(v.last! * (1 + 0.5 * u + rng.uniform(-0.002, 0.002)))
      }
      let summary = try MetricsSummary(
        curve: EquityCurve(days: days, values: v), baseline: EquityCurve(days: days, values: b),
        configuration: .init(horizon: Horizon(tradingDays: 5)))
      for row in summary.rows {
        if case .number(let x) = row.value {
          #expect(x.isFinite, "seed \(seed) trial \(trial): \(row.name) = \(x)")
        }
      }
    }
  }
}
