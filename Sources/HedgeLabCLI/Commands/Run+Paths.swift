import Pricing
import ArgumentParser
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
  func runPaths(_ loaded: Scenario) throws {
    guard let spec = loaded.paths else { return }
    if let problem = pathFlagProblem(spec) { throw problem }
    let shard = try self.shard.map { text throws(SweepError) in try SweepShard(text) } ?? .whole
    if let out { try OutputWriter.createDirectory(out) }
    var scenario = loaded
    let isBootstrap: Bool
    if case .bootstrap = spec.model { isBootstrap = true } else { isBootstrap = false }
    try ScenarioRunner.applyPeriod(to: &scenario, from: from, to: to)
    let selected = try ScenarioRunner.selectPrograms(programs, in: scenario)
    var history: MarketTape? = nil
    if isBootstrap {
      history = try ScenarioRunner.loadTape(scenario, db: db, scenarioFile: self.scenario).tape
    }
    let threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let resamples = 2_000
    // Every shard simulates the whole path set (path p draws from stream p, so it is the same
    // in every shard) and runs the programs over its own paths only.
    let paths = try PathSetRunner.simulate(scenario, history: history, threads: threads)
    let rows = PathSetRunner.rows(scenario, paths: paths, programs: selected, threads: threads, shard: shard)
    let header = PathSetRunner.header(scenario, paths: paths)
    guard self.shard == nil else {
      let out = out!
      let text = (try? ScenarioRunner.scenarioText(at: self.scenario)) ?? ""
      let options = "programs=\(rows.programs.joined(separator: "\u{1F}"))\nfrom=\(from ?? "")\nto=\(to ?? "")"
      let manifest = PathShardManifest(
        scenarioID: PathShardManifest.scenarioID(scenarioText: text, options: options), shard: shard,
        programs: rows.programs, resamples: resamples, header: header)
      let csvPath = URL(fileURLWithPath: out).appendingPathComponent("paths.csv").path
      let manifestPath = URL(fileURLWithPath: out).appendingPathComponent("shard.json").path
      try OutputWriter.write(rows.csv, to: csvPath)
      try OutputWriter.write(manifest.json, to: manifestPath)
      print("shard \(shard): \(rows.pathIndices.count) of \(header.pathCount) paths × \(rows.programs.count) program(s) into \(csvPath) and \(manifestPath)")
      return
    }
    let result = try PathSetRunner.summarise(
      rows, header: header, resamples: resamples, threads: threads, file: scenario.origin.file,
      line: scenario.origin.line(of: "paths"))
    let summary = PathReport.json(result)
    print(json ? summary : PathReport.table(result), terminator: "")
    if let out {
      try OutputWriter.write(rows.csv, to: URL(fileURLWithPath: out).appendingPathComponent("paths.csv").path)
      try OutputWriter.write(summary, to: URL(fileURLWithPath: out).appendingPathComponent("paths-summary.json").path)
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

  /// Left-aligned first two text columns, right-aligned numbers.
  static func layout(_ rows: [[String]]) -> String {
    let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
    var text = ""
    for row in rows {
      var line = ""
      for (c, cell) in row.enumerated() {
        let pad = String(repeating: " ", count: widths[c] - cell.count)
        let isText = c == 0 || (rows[0].count > 1 && rows[0][1] == "metric" && c == 1)
        line += (c == 0 ? "" : "  ") + (isText ? cell + pad : pad + cell)
      }
      while line.hasSuffix(" ") { line.removeLast() }
      text += line + "\n"
    }
    return text
  }

  struct Distribution: Encodable {
    var mean, std, min, max, p1, p5, p50, p95, p99, expected_shortfall_95: Double

    init(_ s: DistributionSummary, lowerTail: Bool) {
      mean = s.mean
      std = s.standardDeviation
      min = s.minimum
      max = s.maximum
      p1 = s.percentile1
      p5 = s.percentile5
      p50 = s.median
      p95 = s.percentile95
      p99 = s.percentile99
      expected_shortfall_95 = lowerTail ? s.lowerTailMean : s.upperTailMean
    }
  }

  struct Difference: Encodable {
    var mean_difference, standard_error, ci_low, ci_high, confidence_level: Double
    var resamples: Int

    init(_ c: PairedComparison) {
      mean_difference = c.meanDifference
      standard_error = c.standardError
      ci_low = c.lowerBound
      ci_high = c.upperBound
      confidence_level = c.confidenceLevel
      resamples = c.resamples
    }
  }

  /// The result as JSON (sorted keys, fixed key names; money in currency).
  static func json(_ r: PathSetResult) -> String {
    struct Program: Encodable {
      var name: String
      var mean_trades: Double
      var final_pnl, hedging_error, costs: Distribution
    }
    struct Comparison: Encodable {
      var program, baseline: String
      var final_pnl, hedging_error, costs: Difference
    }
    struct Output: Encodable {
      var scenario, symbol, model: String
      var paths, steps, steps_per_year: Int
      var seed: UInt64
      var first_day, last_day: String
      var programs: [Program]
      var comparisons: [Comparison]
    }
    let output = Output(
      scenario: r.scenario, symbol: r.symbol, model: r.model.rawValue, paths: r.pathCount,
      steps: r.stepCount, steps_per_year: r.stepsPerYear, seed: r.seed,
      first_day: r.firstDay.description, last_day: r.lastDay.description,
      programs: r.programs.map {
        Program(
          name: $0.name, mean_trades: $0.meanTradeCount,
          final_pnl: Distribution($0.profitAndLossSummary, lowerTail: true),
          hedging_error: Distribution($0.hedgingErrorSummary, lowerTail: false),
          costs: Distribution($0.costsSummary, lowerTail: false))
      },
      comparisons: r.comparisons.map {
        Comparison(
          program: $0.program, baseline: $0.baseline, final_pnl: Difference($0.profitAndLoss),
          hedging_error: Difference($0.hedgingError), costs: Difference($0.costs))
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    let data = (try? encoder.encode(output)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
