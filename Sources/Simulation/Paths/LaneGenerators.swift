/// The parts shared by the eight-lane path generators (``GeometricBrownianMotion``,
/// ``MertonJumpDiffusion``, ``HestonModel``): parameter checks with the same name, condition
/// and remedy, and the parallel loop over groups of eight paths.
extension PathModel {
  /// Checks S₀: positive and finite, in currency units.
  static func validateSpot(_ spot: Double) throws(MonteCarloError) {
    try MonteCarloError.require(
      spot, "spot", "positive and finite", "pass the starting price in currency units"
    ) { $0 > 0 }
  }

  /// Checks σ: an annualised decimal volatility, non-negative and finite.
  static func validateVolatility(_ volatility: Double) throws(MonteCarloError) {
    try MonteCarloError.require(
      volatility, "volatility", "non-negative and finite",
      "pass the annualised volatility as a decimal (0.2 for 20 %)"
    ) { $0 >= 0 }
  }

  /// Checks μ, the expected total return (decimal per year): finite.
  static func validateDrift(_ drift: Double) throws(MonteCarloError) {
    try MonteCarloError.require(
      drift, "drift", "finite", "pass the expected total return as a decimal per year"
    ) { _ in true }
  }

  /// Checks q, the continuous dividend yield (decimal per year): finite.
  static func validateDividendYield(_ dividendYield: Double) throws(MonteCarloError) {
    try MonteCarloError.require(
      dividendYield, "dividendYield", "finite", "pass the dividend yield as a decimal per year"
    ) { _ in true }
  }

  /// Runs `group(rows, firstPath, &random)` for every group of ``PathLanes/scalarCount`` paths
  /// of `paths` (paths `firstPath ..< firstPath + 8`, lane j = path firstPath + j), on
  /// `threads` workers, with `random` the streams of those paths under `seed`.
  ///
  /// Each group's output depends only on its paths' streams, so the result does not depend
  /// on `threads`. Lanes past the last path are simulated and dropped by `PathRows.store`.
  @inline(__always)
  static func fillLaneGroups(
    _ paths: inout SimulatedPaths, seed: UInt64, threads: Int,
    _ group: @Sendable (
      _ rows: PathRows, _ firstPath: Int, _ random: inout LaneRandomStreams
    ) -> Void
  ) {
    let width = PathLanes.scalarCount
    let groupCount = (paths.pathCount + width - 1) / width
    PathRows.fill(&paths) { rows in
      ParallelBlocks.run(blockCount: groupCount, threads: threads) { index in
        let first = index * width
        var random = LaneRandomStreams(seed: seed, firstPath: first)
        group(rows, first, &random)
      }
    }
  }
}
