import Foundation
import MarketData

/// How a sweep scores one program at one grid point: the metric columns of `sweep.csv` and of
/// the database's `sweepMetric` table, and the function that computes them from the simulated
/// program. Simulation only runs the programs: the metrics (their definitions, signs and
/// units) come from the Analytics module (`ProgramMetrics.sweepScorer`), the same ones every
/// other command shows.
public struct SweepScorer: Sendable {
  /// One metric column.
  public struct Column: Sendable, Equatable {
    /// The CSV column name and database key, snake_case with its unit (`cagr_pct`).
    public var name: String
    /// Whether the value is a count (written as a whole number).
    public var isCount: Bool

    public init(name: String, isCount: Bool = false) {
      self.name = name
      self.isCount = isCount
    }
  }

  public var columns: [Column]
  /// One value per column (`nil` where undefined) for a program simulated on a tape.
  public var score: @Sendable (ProgramResult, MarketTape) -> [Double?]

  public init(columns: [Column], score: @escaping @Sendable (ProgramResult, MarketTape) -> [Double?]) {
    self.columns = columns
    self.score = score
  }

  /// The column names, in order.
  public var names: [String] { columns.map(\.name) }
}

/// The metrics of one program at one grid point, one value per ``SweepScorer/columns``.
///
/// A metric that is undefined (or not finite) is empty in the CSV and NULL in the database,
/// never NaN.
public struct SweepMetrics: Sendable, Equatable {
  /// One value per column; `nil` where undefined.
  public var values: [Double?]

  public init(values: [Double?]) {
    self.values = values.map { v in v.flatMap { $0.isFinite ? $0 : nil } }
  }

  /// The CSV cells: shortest round-trip decimals, counts as whole numbers, empty when
  /// undefined.
  func cells(_ columns: [SweepScorer.Column]) -> [String] {
    zip(columns, values).map { column, v in
      guard let v else { return "" }
      return column.isCount ? (Int(exactly: v).map(String.init) ?? "\(v)") : "\(v)"
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
/// `symbol`), `program`, then the scorer's columns. Fields holding a comma, quote or line
/// break are quoted (RFC 4180).
public enum SweepCSV {
  /// The header line (with its line break).
  public static func header(grid: SweepGrid, columns: [SweepScorer.Column]) -> String {
    (["point"] + grid.axes.map(\.key) + ["program"] + columns.map(\.name)).map(field).joined(separator: ",") + "\n"
  }

  /// The rows of one point (with line breaks).
  public static func rows(
    _ point: SweepPointResult, grid: SweepGrid, programs: [String], columns: [SweepScorer.Column]
  ) -> String {
    let prefix = ([String(point.index)] + grid.values(at: point.index)).map(field).joined(separator: ",")
    var text = ""
    for (name, metrics) in zip(programs, point.programs) {
      text += prefix + "," + field(name) + "," + metrics.cells(columns).joined(separator: ",") + "\n"
    }
    return text
  }

  /// The whole file for `points` (in the order given; callers pass grid order).
  public static func text(
    _ points: [SweepPointResult], grid: SweepGrid, programs: [String], columns: [SweepScorer.Column]
  ) -> String {
    var text = header(grid: grid, columns: columns)
    for point in points { text += rows(point, grid: grid, programs: programs, columns: columns) }
    return text
  }

  static func field(_ text: String) -> String { CSVText.field(text) }
}
