import Analytics
import Foundation
import MarketData
import Simulation

/// A parameter sweep, built once from the scenario text as read: its ``SweepPlan`` (the
/// grid over the scenario), the database it reads and stores its finished points in, the
/// market tapes of the plan, and the ``SweepRunner`` scoring every program with the one
/// Analytics definition of each metric (`ProgramMetrics.sweepScorer`).
public struct SweepExperiment: Sendable {
  public let source: ScenarioSource
  public let plan: SweepPlan
  /// The database file read and written.
  public let databasePath: String
  /// Where finished points are stored (and resumed from).
  public let store: ExperimentStore
  public let runner: SweepRunner

  /// Builds the sweep of `grid` over `source`: decodes the plan, calls `beforeLoading` with
  /// the scenario and the database path (commands check their outputs there), opens the
  /// database and loads the plan's tapes.
  /// - Throws: `ScenarioError`, ``SweepError``, ``ExperimentError`` (no database),
  ///   `MarketDataError`; whatever `beforeLoading` throws.
  public static func build(
    _ source: ScenarioSource, grid: SweepGrid, overrides: [Scenario.Override], database: ScenarioRun.DatabaseChoice,
    codeVersion: String, beforeLoading: (_ scenario: Scenario, _ databasePath: String) throws -> Void = { _, _ in }
  ) throws -> SweepExperiment {
    let plan = try SweepPlan(scenarioText: source.text, file: source.file, grid: grid, overrides: overrides)
    let path = try ScenarioRun.databasePath(database, scenario: plan.base, scenarioFile: source.file)
    try beforeLoading(plan.base, path)
    let opened: MarketDatabase
    if case .opened(let d, _) = database { opened = d } else { opened = try MarketDatabase.open(existingAt: path) }
    let store = try ExperimentStore(opened)
    let tapes = try plan.loadTapes(from: opened)
    return SweepExperiment(
      source: source, plan: plan, databasePath: path, store: store,
      runner: SweepRunner(plan: plan, tapes: tapes, scorer: ProgramMetrics.sweepScorer, codeVersion: codeVersion))
  }

  /// Runs the points of `options.shard` not finished yet, storing each batch.
  public func run(
    _ options: SweepRunner.Options, progress: ((Int, Int) -> Void)? = nil
  ) throws -> SweepRunner.Outcome {
    try runner.run(options: options, store: store, progress: progress)
  }

  /// `sweep.csv` of the finished points of `outcome`.
  public func csv(_ outcome: SweepRunner.Outcome) -> String {
    SweepCSV.text(outcome.points, grid: plan.grid, programs: plan.programs, columns: runner.scorer.columns)
  }
}
