/// A metric of one equity curve alone, shown as one row of every metrics table.
///
/// Adding such a metric is its own file (a type conforming to this protocol, with its formula,
/// units and references), one entry in ``CurveMetrics/all``, and its test: the row then
/// appears in `compare`, `compare --json`, `summary.csv`, the report and the recorded runs.
public protocol CurveMetric {
  /// The row key, snake_case with its unit suffix (`ulcer_index_pct`).
  static var key: String { get }
  /// The row name with its unit (`Ulcer index (%)`).
  static var name: String { get }
  static var unit: MetricUnit { get }
  /// The value in `unit`, or `nil` when undefined for the curve.
  static func of(_ curve: EquityCurve) -> Double?
}

/// The registered curve metrics, in row order (after the worst month).
public enum CurveMetrics {
  public static let all: [any CurveMetric.Type] = [UlcerIndex.self]

  /// One row per registered metric for `curve`.
  static func rows(_ curve: EquityCurve) -> [MetricRow] {
    all.map { metric in
      MetricRow(key: metric.key, name: metric.name, unit: metric.unit, value: metric.of(curve).map { .number($0) } ?? .missing)
    }
  }
}
