import Analytics
import Foundation
import MarketData
import Simulation

/// A path-set experiment: a scenario with a `paths:` section run over its simulated paths,
/// whole or one shard of them, built once from the scenario text as read.
///
/// Every shard simulates the whole path set (path `p` draws from stream `p`, so it is the
/// same in every shard) and runs the programs over its own paths only; a whole run then
/// summarises the rows (distributions and paired comparisons with bootstrap intervals).
public struct PathExperiment: Sendable {
  /// What the experiment gives.
  public enum Outcome: Sendable {
    /// One shard's rows and its `shard.json`, for `hedgelab merge`.
    case shard(PathSetRows, PathShardManifest)
    /// Every path's rows and their summary.
    case whole(PathSetRows, PathSetResult)
  }

  /// Bootstrap resamples of the paired comparisons.
  public static let resamples = 2_000

  /// Runs `source` (already decoded as `scenario`, which has a `paths:` section).
  /// - Parameters:
  ///   - database: the history a bootstrap model resamples (not opened for other models).
  ///   - options: the text of the options that change the result (programs, period), part of
  ///     the shard manifest's scenario id.
  ///   - shard: `nil` for the whole path set.
  /// - Throws: `ScenarioError`, ``ExperimentError`` (program, database), `MarketDataError`.
  public static func run(
    _ source: ScenarioSource, scenario decoded: Scenario, database: ScenarioRun.DatabaseChoice,
    overrides: [Scenario.Override], programs: [String], shard: SweepShard?, threads: Int,
    options: (_ programs: [String]) -> String
  ) throws -> Outcome {
    let scenario = try decoded.applying(overrides)
    let selected = try ScenarioRun.select(programs, in: scenario)
    var history: MarketTape? = nil
    if case .bootstrap = scenario.paths?.model {
      let path = try ScenarioRun.databasePath(database, scenario: scenario, scenarioFile: source.file)
      let opened: MarketDatabase
      if case .opened(let d, _) = database { opened = d } else { opened = try MarketDatabase.open(existingAt: path) }
      history = try MarketTape.load(scenario, from: opened)
    }
    let paths = try PathSetRunner.simulate(scenario, history: history, threads: threads)
    let rows = PathSetRunner.rows(
      scenario, paths: paths, programs: selected, threads: threads, shard: shard ?? .whole,
      hedgingError: HedgingError.pathMeasure)
    let header = PathSetRunner.header(scenario, paths: paths)
    if let shard {
      let manifest = PathShardManifest(
        scenarioID: PathShardManifest.scenarioID(scenarioText: source.text, options: options(rows.programs)),
        shard: shard, programs: rows.programs, resamples: resamples, header: header)
      return .shard(rows, manifest)
    }
    let result = try PathSetRunner.summarise(
      rows, header: header, resamples: resamples, threads: threads, file: scenario.origin.file,
      line: scenario.origin.line(of: "paths"))
    return .whole(rows, result)
  }
}
