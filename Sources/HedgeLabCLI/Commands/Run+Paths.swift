import Pricing
import Analytics
import ArgumentParser
import Experiments
import Foundation
import MarketData
import Simulation

extension HedgeLab.Run {
  /// `run` for a scenario with a `paths:` section: every program over every simulated path,
  /// then per program the distributions of final P&L, hedging error and costs, and each
  /// program's paired difference from the first program (the baseline) with a bootstrap
  /// 95 % confidence interval. Path runs are not recorded in the database.
  ///
  /// `--out DIR` writes `DIR/paths.csv` (``PathSetRows/csv``) and `DIR/paths-summary.json`
  /// (the `--json` object); with `--shard I/N` only the shard's paths are run, into
  /// `DIR/paths.csv` and `DIR/shard.json` (``PathShardManifest``), and nothing is summarised.
  func runPaths(_ source: ScenarioSource) throws {
    let loaded = try source.decode()
    guard let spec = loaded.paths else { return }
    if let problem = pathFlagProblem(spec) { throw problem }
    let shard = try self.shard.map { text throws(SweepError) in try SweepShard(text) }
    if let out { try OutputWriter.createDirectory(out) }
    let outcome = try PathExperiment.run(
      source, scenario: loaded, database: ScenarioRunner.database(db),
      overrides: ScenarioRunner.overrides(from: from, to: to), programs: programs,
      shard: shard, threads: max(1, ProcessInfo.processInfo.activeProcessorCount),
      options: { "programs=\($0.joined(separator: "\u{1F}"))\nfrom=\(from ?? "")\nto=\(to ?? "")" })
    switch outcome {
    case .shard(let rows, let manifest):
      let out = out!
      let csvPath = URL(fileURLWithPath: out).appendingPathComponent("paths.csv").path
      let manifestPath = URL(fileURLWithPath: out).appendingPathComponent("shard.json").path
      try OutputWriter.write(rows.csv, to: csvPath)
      try OutputWriter.write(manifest.json, to: manifestPath)
      print("shard \(shard!): \(rows.pathIndices.count) of \(manifest.header.pathCount) paths × \(rows.programs.count) program(s) into \(csvPath) and \(manifestPath)")
    case .whole(let rows, let result):
      let summary = PathReport.json(result)
      print(json ? summary : PathReport.table(result), terminator: "")
      if let out {
        try OutputWriter.write(rows.csv, to: URL(fileURLWithPath: out).appendingPathComponent("paths.csv").path)
        try OutputWriter.write(summary, to: URL(fileURLWithPath: out).appendingPathComponent("paths-summary.json").path)
      }
    }
  }
}

extension HedgeLab.Run {
  /// The first flag of this command that a path scenario cannot use, as a usage error:
  /// `--html` (it reports one history), `--shard` without `--out`, `--from`/`--to` unless the
  /// model is a bootstrap (they choose the history it resamples).
  func pathFlagProblem(_ spec: PathsSpec) -> CommandFailure? {
    if html != nil {
      return CommandFailure(
        "--html reports one history, and \(self.scenario) runs simulated paths (paths:); write the per-path results and the distributions with --out DIR instead",
        exitStatus: ExitStatus.usage)
    }
    if shard != nil, out == nil {
      return CommandFailure(
        "--shard \(shard!) writes the shard's per-path rows for 'hedgelab merge', and there is no --out; add --out DIR",
        exitStatus: ExitStatus.usage)
    }
    if case .bootstrap = spec.model { return nil }
    if from != nil || to != nil {
      return CommandFailure(
        "--from and --to choose the history a bootstrap resamples, and the paths of \(self.scenario) come from the \(spec.model.name.rawValue) model; remove them (the length is paths.horizon-years or horizon-days)",
        exitStatus: ExitStatus.usage)
    }
    return nil
  }
}

/// The text and JSON output of a path run.
enum PathReport {
  /// Distributions per metric (one table each), then the paired differences.
  static func table(_ r: PathSetResult) -> String {
    var text = "\(r.scenario): \(ScenarioRunner.number(Double(r.pathCount), 0)) \(r.model.rawValue) paths of \(r.symbol), \(r.stepCount) steps each (\(r.stepsPerYear) a year), seed \(r.seed), synthetic days \(r.firstDay) to \(r.lastDay)\n"
    let metrics: [(String, (PathProgramOutcome) -> DistributionSummary, Bool)] = [
      ("final P&L (currency: final value - initial value; ES 95 % = mean of the worst 5 %)", \.profitAndLossSummary, true),
      ("hedging error (currency a day: RMS of the daily P&L in excess of the risk-free return; ES 95 % = mean of the worst 5 %)", \.hedgingErrorSummary, false),
      ("costs (currency; ES 95 % = mean of the highest 5 %)", \.costsSummary, false),
    ]
    for (title, summary, lowerTail) in metrics {
      text += "\n\(title)\n"
      var rows = [["program", "mean", "std", "p1", "p5", "p50", "p95", "p99", "ES 95 %"]]
      for p in r.programs {
        let s = summary(p)
        rows.append(
          [p.name] + [s.mean, s.standardDeviation, s.percentile1, s.percentile5, s.median, s.percentile95,
            s.percentile99, lowerTail ? s.lowerTailMean : s.upperTailMean].map { ScenarioRunner.number($0, 2) })
      }
      text += layout(rows)
    }
    if let first = r.comparisons.first {
      text += "\npaired differences, program - \(first.baseline) on the same paths (mean over paths, percentile bootstrap \(Int(clamping: first.profitAndLoss.confidenceLevel * 100, .toNearestOrAwayFromZero)) % CI, \(ScenarioRunner.number(Double(first.profitAndLoss.resamples), 0)) resamples)\n"
      var rows = [["program", "metric", "mean difference", "std error", "CI low", "CI high"]]
      for c in r.comparisons {
        for (metric, d) in [("final P&L", c.profitAndLoss), ("hedging error", c.hedgingError), ("costs", c.costs)] {
          rows.append(
            [c.program, metric] + [d.meanDifference, d.standardError, d.lowerBound, d.upperBound].map {
              ScenarioRunner.number($0, 2)
            })
        }
      }
      text += layout(rows)
    }
    return text
  }

  /// The one table layout (``TextTable``): the program (and metric) columns left-aligned,
  /// numbers right-aligned.
  static func layout(_ rows: [[String]]) -> String {
    TextTable.aligned(rows, leftAligned: rows[0].count > 1 && rows[0][1] == "metric" ? [0, 1] : [0])
  }

  /// A distribution over paths: mean, standard deviation, extremes, percentiles and the
  /// expected shortfall of the tail that hurts (`lowerTail`: losses; else the highest values).
  static func distribution(_ s: DistributionSummary, lowerTail: Bool) -> JSONValue {
    .object([
      ("expected_shortfall_95", .number(lowerTail ? s.lowerTailMean : s.upperTailMean)), ("max", .number(s.maximum)),
      ("mean", .number(s.mean)), ("min", .number(s.minimum)), ("p1", .number(s.percentile1)), ("p5", .number(s.percentile5)),
      ("p50", .number(s.median)), ("p95", .number(s.percentile95)), ("p99", .number(s.percentile99)),
      ("std", .number(s.standardDeviation)),
    ])
  }

  /// A paired difference with its bootstrap interval.
  static func difference(_ c: PairedComparison) -> JSONValue {
    .object([
      ("ci_high", .number(c.upperBound)), ("ci_low", .number(c.lowerBound)), ("confidence_level", .number(c.confidenceLevel)),
      ("mean_difference", .number(c.meanDifference)), ("resamples", .integer(c.resamples)),
      ("standard_error", .number(c.standardError)),
    ])
  }

  /// The result as JSON (keys in alphabetical order, fixed key names; money in currency).
  static func json(_ r: PathSetResult) -> String {
    JSONValue.object([
      ("comparisons", .array(r.comparisons.map { c in
        .object([
          ("baseline", .string(c.baseline)), ("costs", difference(c.costs)), ("final_pnl", difference(c.profitAndLoss)),
          ("hedging_error", difference(c.hedgingError)), ("program", .string(c.program)),
        ])
      })),
      ("first_day", .string(r.firstDay.description)), ("last_day", .string(r.lastDay.description)),
      ("model", .string(r.model.rawValue)), ("paths", .integer(r.pathCount)),
      ("programs", .array(r.programs.map { p in
        .object([
          ("costs", distribution(p.costsSummary, lowerTail: false)),
          ("final_pnl", distribution(p.profitAndLossSummary, lowerTail: true)),
          ("hedging_error", distribution(p.hedgingErrorSummary, lowerTail: false)),
          ("mean_trades", .number(p.meanTradeCount)), ("name", .string(p.name)),
        ])
      })),
      ("scenario", .string(r.scenario)), ("seed", .unsigned(r.seed)), ("steps", .integer(r.stepCount)),
      ("steps_per_year", .integer(r.stepsPerYear)), ("symbol", .string(r.symbol)),
    ]).text()
  }
}
