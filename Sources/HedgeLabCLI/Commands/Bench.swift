import ArgumentParser

extension HedgeLab {
  /// `hedgelab bench …`: performance figures, measured on this machine.
  ///
  /// Every figure the README quotes comes from one of these subcommands, never from timed tests.
  struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Measure performance on this machine (pricing, ingest, engine, Monte Carlo, sweeps).",
      discussion: "Without a subcommand, runs them all ('bench all') and prints one table.",
      subcommands: [
        Suite.self, BenchPricing.self, BenchIngest.self, BenchEngine.self, BenchMonteCarlo.self,
        BenchSweep.self, BenchFuzz.self,
      ],
      defaultSubcommand: Suite.self
    )
  }
}
