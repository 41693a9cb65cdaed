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
