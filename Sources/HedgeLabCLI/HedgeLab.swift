import ArgumentParser

/// The root `hedgelab` command: holds only the configuration, every piece of
/// work lives in a subcommand (the pattern of swift-argument-parser's `math`).
public struct HedgeLab: ParsableCommand {
  public static let version = "0.1.0"

  public static let configuration = CommandConfiguration(
    commandName: "hedgelab",
    abstract: "Backtest portfolio hedges with options: what would this hedge have done, and what did it cost?",
    discussion: """
      Exit codes: 0 success, 64 bad flags or arguments, 65 bad data (CSV, scenario, \
      unsolvable implied volatility), 66 missing input file, 73 output cannot be written, \
      1 unexpected failure.
      """,
    version: version,
    subcommands: [
      Ingest.self,
      DataCommand.self,
      Generate.self,
      Run.self,
      Compare.self,
      Risk.self,
      Runs.self,
      Report.self,
      Sweep.self,
      Merge.self,
      Demo.self,
      Price.self,
      ImpliedVol.self,
      MonteCarloCommand.self,
      Bench.self,
    ]
  )

  public init() {}
}
