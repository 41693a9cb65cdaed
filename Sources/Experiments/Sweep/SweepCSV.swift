import MarketData
import Simulation

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

extension SweepMetrics {
  /// The CSV cells: shortest round-trip decimals, counts as whole numbers, empty when
  /// undefined.
  func cells(_ columns: [SweepScorer.Column]) -> [String] {
    zip(columns, values).map { column, v in
      guard let v else { return "" }
      return column.isCount ? (Int(exactly: v).map(String.init) ?? "\(v)") : "\(v)"
    }
  }
}
