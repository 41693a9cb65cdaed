import MarketData

/// The outcome of running a scenario's programs over its simulated paths
/// (``PathSetRunner/run(_:history:programs:threads:resamples:)``).
public struct PathSetResult: Sendable {
  public var scenario: String
  /// The simulated underlying (`data.underlyings[0]`).
  public var symbol: String
  public var model: PathsSpec.ModelName
  public var pathCount: Int
  /// Steps per path (each path has `stepCount + 1` days).
  public var stepCount: Int
  public var stepsPerYear: Int
  public var seed: UInt64
  /// The first and last synthetic day of every path.
  public var firstDay: Day
  public var lastDay: Day
  /// One per program run, in file order; the first is the baseline of `comparisons`.
  public var programs: [PathProgramOutcome]
  /// Each program after the first against the first, paired path by path.
  public var comparisons: [PathComparison]
}

/// One program's per-path results and their distributions (see ``PathSetRunner`` for the
/// definitions). Currency units; hedging error in currency per day.
public struct PathProgramOutcome: Sendable {
  public var name: String
  /// Final P&L `V_n − V_init` of each path, in path order.
  public var profitAndLoss: [Double]
  /// Hedging error (RMS daily P&L in excess of the risk-free return) of each path.
  public var hedgingError: [Double]
  /// Trading costs paid on each path.
  public var costs: [Double]
  /// `lowerTailMean` is the expected shortfall (worst 5 %) of the P&L.
  public var profitAndLossSummary: DistributionSummary
  /// `upperTailMean` is the expected shortfall (worst 5 %) of the hedging error.
  public var hedgingErrorSummary: DistributionSummary
  /// `upperTailMean` is the expected shortfall (worst 5 %) of the costs.
  public var costsSummary: DistributionSummary
  /// Mean number of rule trades per path.
  public var meanTradeCount: Double
}

/// A program against the baseline on the same paths: each ``PairedComparison`` is of
/// `program − baseline` per path.
public struct PathComparison: Sendable {
  public var program: String
  public var baseline: String
  public var profitAndLoss: PairedComparison
  public var hedgingError: PairedComparison
  public var costs: PairedComparison
}
