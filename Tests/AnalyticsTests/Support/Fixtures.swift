import Foundation
import MarketData

@testable import Analytics

/// Days and curves for hand-computed tests.
enum Build {
  static func day(_ iso: String) -> Day {
    guard let day = Day(iso: iso) else { preconditionFailure("bad ISO date \(iso) in a test") }
    return day
  }

  static func days(_ isos: [String]) -> [Day] { isos.map(day) }

  /// Consecutive weekdays from `start` (skipping Saturdays and Sundays).
  static func weekdays(from start: String, count: Int) -> [Day] {
    var result = [Day]()
    var d = day(start)
    while result.count < count {
      if !d.isWeekend { result.append(d) }
      d = d + 1
    }
    return result
  }

  static func curve(_ isos: [String], _ values: [Double], name: String = "test curve") throws
    -> EquityCurve
  {
    try EquityCurve(days: days(isos), values: values, name: name)
  }

  /// A curve on consecutive weekdays from 2024-01-01.
  static func curve(values: [Double], name: String = "test curve") throws -> EquityCurve {
    try EquityCurve(
      days: weekdays(from: "2024-01-01", count: values.count), values: values, name: name)
  }
}

/// `Tests/AnalyticsTests/Fixtures/returns.csv`, written by
/// `Benchmarks/metrics/reference_metrics.py`: 500 seeded daily returns of a hedged program,
/// its unhedged baseline, the underlying, and the daily risk-free return.
struct ReturnsFixture {
  let days: [Day]
  let returns: [Double]
  let baseline: [Double]
  let underlying: [Double]
  let riskFree: [Double]

  /// The day before the first return, where the curves start at 1.0.
  static let start = Build.day("2019-12-31")

  static let shared: ReturnsFixture = {
    let url = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/returns.csv")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      preconditionFailure(
        "cannot read \(url.path); regenerate it with Benchmarks/metrics/reference_metrics.py")
    }
    var days = [Day]()
    var columns = [[Double]](repeating: [], count: 4)
    for (number, line) in text.split(separator: "\n").enumerated().dropFirst() {
      let fields = line.split(separator: ",")
      guard fields.count == 5, let day = Day(iso: fields[0]) else {
        preconditionFailure("returns.csv:\(number + 1): expected date and 4 numbers")
      }
      days.append(day)
      for c in 0..<4 {
        guard let value = Double(fields[c + 1]) else {
          preconditionFailure("returns.csv:\(number + 1): column \(c + 2) is not a number")
        }
        columns[c].append(value)
      }
    }
    return ReturnsFixture(
      days: days, returns: columns[0], baseline: columns[1], underlying: columns[2],
      riskFree: columns[3])
  }()

  func curve(_ returns: [Double], name: String) throws -> EquityCurve {
    try EquityCurve(
      start: Self.start, startingValue: 1,
      returns: ReturnSeries(days: days, returns: returns, name: name))
  }

  var hedgedCurve: EquityCurve { get throws { try curve(returns, name: "hedged") } }
  var baselineCurve: EquityCurve { get throws { try curve(baseline, name: "baseline") } }
}
