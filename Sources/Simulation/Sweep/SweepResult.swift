import Foundation
import MarketData

/// The summary metrics of one program at one grid point: the columns of `sweep.csv` after the
/// grid values, and of the database's `sweepResult` table.
///
/// Units: `initial_value`, `final_value` and the costs in the portfolio's currency;
/// `annualised_return`, `annualised_volatility` (of daily returns) and `max_drawdown` as
/// decimals (0.12 = 12 %), see ``PerformanceSummary``; `trades` a count. A metric that is
/// undefined (or not finite) is empty in the CSV and NULL in the database, never NaN.
public struct SweepMetrics: Sendable, Equatable {
  /// CSV column names, in order (one per ``MarketDatabase/sweepMetricColumns``).
  public static let names = [
    "initial_value", "final_value", "annualised_return", "annualised_volatility", "max_drawdown",
    "commission", "spread", "fees", "minimum_fee", "total_costs", "trades",
  ]

  /// One value per ``names``; `nil` where undefined.
  public var values: [Double?]

  public init(values: [Double?]) {
    precondition(values.count == Self.names.count, "one value per sweep metric")
    self.values = values.map { v in v.flatMap { $0.isFinite ? $0 : nil } }
  }

  public init(_ s: PerformanceSummary) {
    self.init(values: [
      s.initialValue, s.finalValue, s.annualisedReturn, s.annualisedVolatility, s.maxDrawdown,
      s.costs.commission, s.costs.spread, s.costs.fees, s.costs.minimumFee, s.totalCosts,
      Double(s.tradeCount),
    ])
  }

  /// The CSV cells: shortest round-trip decimals, the trade count as a whole number, empty
  /// when undefined.
  var cells: [String] {
    values.enumerated().map { c, v in
      guard let v else { return "" }
      return c == Self.names.count - 1 ? (Int(exactly: v).map(String.init) ?? "\(v)") : "\(v)"
    }
  }
}

/// Every program's metrics at one grid point.
public struct SweepPointResult: Sendable, Equatable {
  /// Index in the whole grid (shard-independent).
  public var index: Int
  /// One entry per program, in file order.
  public var programs: [SweepMetrics]

  public init(index: Int, programs: [SweepMetrics]) {
    self.index = index
    self.programs = programs
  }
}

/// `sweep.csv`: a header, then one row per grid point and program, points in grid order.
///
/// Columns: `point` (the index in the whole grid), one column per grid axis (its key path, or
/// `symbol`), `program`, then ``SweepMetrics/names``. Fields holding a comma, quote or line
/// break are quoted (RFC 4180).
public enum SweepCSV {
  /// The header line (with its line break).
  public static func header(grid: SweepGrid) -> String {
    (["point"] + grid.axes.map(\.key) + ["program"] + SweepMetrics.names).map(field).joined(separator: ",") + "\n"
  }

  /// The rows of one point (with line breaks).
  public static func rows(_ point: SweepPointResult, grid: SweepGrid, programs: [String]) -> String {
    let prefix = ([String(point.index)] + grid.values(at: point.index)).map(field).joined(separator: ",")
    var text = ""
    for (name, metrics) in zip(programs, point.programs) {
      text += prefix + "," + field(name) + "," + metrics.cells.joined(separator: ",") + "\n"
    }
    return text
  }

  /// The whole file for `points` (in the order given; callers pass grid order).
  public static func text(_ points: [SweepPointResult], grid: SweepGrid, programs: [String]) -> String {
    var text = header(grid: grid)
    for point in points { text += rows(point, grid: grid, programs: programs) }
    return text
  }

  static func field(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
