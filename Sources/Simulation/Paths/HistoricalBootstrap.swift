import Foundation

/// A block bootstrap of a daily history: paths built from blocks of consecutive historical
/// days, each day bringing its price return and its implied-volatility change together.
///
/// Resampling whole blocks keeps the short-range dependence of the history (volatility
/// clustering, the leverage effect between returns and implied-volatility changes) that an
/// independent draw of days would destroy. Two schemes, both circular (a block that runs past
/// the last day continues at the first, so every day is equally likely to be drawn; Politis &
/// Romano 1992):
/// - ``BlockScheme/fixed(length:)``: the moving-block bootstrap (Künsch 1989, "The jackknife
///   and the bootstrap for general stationary observations", Annals of Statistics 17(3)):
///   blocks of exactly `length` days starting at a uniformly drawn day; the last block of a
///   path is cut at the path's end.
/// - ``BlockScheme/stationary(meanLength:)``: the stationary bootstrap (Politis & Romano 1994,
///   JASA 89(428)): after each day a new block starts with probability 1/meanLength
///   (geometric block lengths), otherwise the next day follows.
///
/// A path starts at `spot` and `impliedVolatility`; point t + 1 is
/// `S_{t+1} = S_t·e^{r_d}` and `σ_{t+1} = σ_t·e^{Δ_d}` for the drawn day d, where r_d is the
/// day's log return and Δ_d the log change of its implied volatility (so volatilities stay
/// positive). `historicalDays` in the result records every drawn d.
///
/// Draws: path p uses stream p of ``PathRandomStream``: fixed blocks draw one start index per
/// block; the stationary scheme draws the first start index, then per further step one
/// uniform u (a new block when u ≤ 1/meanLength) and, for a new block, one start index.
///
/// Tested: blocks of consecutive days of the stated lengths, returns and volatility changes
/// drawn from the same day, thread-count independence
/// (`Tests/SimulationTests/Paths/HistoricalBootstrapTests.swift`).
public struct HistoricalBootstrap: PathModel, Sendable {
  /// How consecutive days are grouped into blocks.
  public enum BlockScheme: Sendable, Hashable {
    /// Blocks of exactly `length` days (the last one cut at the end of the path).
    case fixed(length: Int)
    /// Geometric block lengths with mean `meanLength` days (≥ 1).
    case stationary(meanLength: Double)
  }

  /// Daily log returns ln(S_d/S_{d−1}) of the history, oldest first.
  public let logReturns: [Double]
  /// Daily log changes ln(σ_d/σ_{d−1}) of implied volatility, aligned with `logReturns`
  /// (same days); `nil` to bootstrap prices only.
  public let impliedVolatilityLogChanges: [Double]?
  /// The block scheme.
  public var blocks: BlockScheme
  /// S₀ of every path, in currency units.
  public var spot: Double
  /// σ₀ of every path, annualised decimal; required when volatility changes are given.
  public var impliedVolatility: Double?

  /// A bootstrap of the given daily changes.
  /// - Throws: ``MonteCarloError`` when the arrays are empty, not finite, or not aligned.
  public init(
    logReturns: [Double], impliedVolatilityLogChanges: [Double]? = nil, blocks: BlockScheme,
    spot: Double, impliedVolatility: Double? = nil
  ) throws(MonteCarloError) {
    try MonteCarloError.require(
      logReturns.count, "logReturns.count", atLeast: 1,
      "pass at least one daily log return (two closes)")
    if let index = logReturns.firstIndex(where: { !$0.isFinite }) {
      throw .invalidParameter(
        name: "logReturns[\(index)]", value: "\(logReturns[index])", condition: "finite",
        remedy: "remove days with missing or zero closes before computing returns")
    }
    if let changes = impliedVolatilityLogChanges {
      guard changes.count == logReturns.count else {
        throw .mismatchedLengths(
          name: "impliedVolatilityLogChanges", count: changes.count, otherName: "logReturns",
          otherCount: logReturns.count,
          remedy: "align the volatility history with the price history day by day")
      }
      if let index = changes.firstIndex(where: { !$0.isFinite }) {
        throw .invalidParameter(
          name: "impliedVolatilityLogChanges[\(index)]", value: "\(changes[index])",
          condition: "finite", remedy: "remove days with missing or zero implied volatility")
      }
      guard impliedVolatility != nil else {
        throw .missingSeries(
          name: "impliedVolatility", neededBy: "bootstrapping implied-volatility changes",
          remedy: "pass the starting implied volatility (annualised decimal)")
      }
    }
    self.logReturns = logReturns
    self.impliedVolatilityLogChanges = impliedVolatilityLogChanges
    self.blocks = blocks
    self.spot = spot
    self.impliedVolatility = impliedVolatility
  }

  /// A bootstrap of a history of closes and (optionally) implied volatilities on the same
  /// days: day d's changes are `ln(close[d]/close[d−1])` and `ln(vol[d]/vol[d−1])`, d ≥ 1.
  /// Paths start at `spot` (default: the last close) and the last implied volatility.
  /// - Throws: ``MonteCarloError`` for fewer than two closes, non-positive values, or series
  ///   of different lengths.
  public init(
    closes: [Double], impliedVolatilities: [Double]? = nil, blocks: BlockScheme,
    spot: Double? = nil
  ) throws(MonteCarloError) {
    let returns = try Self.logChanges(of: closes, name: "closes")
    var changes: [Double]? = nil
    if let vols = impliedVolatilities {
      guard vols.count == closes.count else {
        throw .mismatchedLengths(
          name: "impliedVolatilities", count: vols.count, otherName: "closes",
          otherCount: closes.count, remedy: "align the volatility history with the closes day by day")
      }
      changes = try Self.logChanges(of: vols, name: "impliedVolatilities")
    }
    try self.init(
      logReturns: returns, impliedVolatilityLogChanges: changes, blocks: blocks,
      spot: spot ?? closes[closes.count - 1], impliedVolatility: impliedVolatilities?.last)
  }

  /// `ln(levels[d]/levels[d−1])` for d ≥ 1.
  /// - Throws: ``MonteCarloError/invalidParameter(name:value:condition:remedy:)`` for fewer
  ///   than two levels or a level that is not positive and finite.
  public static func logChanges(of levels: [Double], name: String) throws(MonteCarloError)
    -> [Double]
  {
    try MonteCarloError.require(
      levels.count, "\(name).count", atLeast: 2, "pass at least two days of history")
    if let index = levels.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
      throw .invalidParameter(
        name: "\(name)[\(index)]", value: "\(levels[index])", condition: "positive and finite",
        remedy: "remove or fill the day before bootstrapping (volatilities as decimals, not percent of zero)")
    }
    return (1..<levels.count).map { Foundation.log(levels[$0] / levels[$0 - 1]) }
  }

  public func validate() throws(MonteCarloError) {
    try MonteCarloError.require(
      spot, "spot", "positive and finite", "pass the starting price in currency units"
    ) { $0 > 0 }
    if let σ = impliedVolatility {
      try MonteCarloError.require(
        σ, "impliedVolatility", "positive and finite",
        "pass the starting implied volatility as a decimal (0.2 for 20 %)"
      ) { $0 > 0 }
    }
    switch blocks {
    case .fixed(let length):
      try MonteCarloError.require(
        length, "blocks.length", atLeast: 1, "use blocks of at least one day (e.g. 20)")
    case .stationary(let meanLength):
      try MonteCarloError.require(
        meanLength, "blocks.meanLength", "at least 1 and finite",
        "use a mean block length of at least one day (e.g. 20)"
      ) { $0 >= 1 }
    }
  }

  /// Builds paths of `stepCount` drawn days; `timeStep` (years per day, e.g. 1/252) is only
  /// recorded in the result.
  public func paths(
    count pathCount: Int, steps stepCount: Int, timeStep: Double, seed: UInt64, threads: Int
  ) throws(MonteCarloError) -> SimulatedPaths {
    try validate()
    try Self.validateGrid(
      pathCount: pathCount, stepCount: stepCount, timeStep: timeStep, threads: threads)
    var result = SimulatedPaths(pathCount: pathCount, stepCount: stepCount, timeStep: timeStep)
    result.historicalDays = [Int](repeating: 0, count: pathCount * stepCount)
    if impliedVolatilityLogChanges != nil {
      result.impliedVolatilities = [Double](repeating: 0, count: pathCount * (stepCount + 1))
    }
    let history = logReturns
    let volChanges = impliedVolatilityLogChanges
    let days = history.count
    let s0 = spot, σ0 = impliedVolatility ?? 0
    let scheme = blocks
    PathRows.fill(&result) { rows in
      ParallelBlocks.run(blockCount: pathCount, threads: threads) { path in
        var random = PathRandomStream(seed: seed, stream: UInt64(path))
        let row = path * rows.pointsPerPath
        let dayRow = rows.historicalDays! + path * stepCount
        var day = 0
        var remaining = 0
        var x = 0.0
        var logVol = 0.0
        rows.spots[row] = s0
        rows.impliedVolatilities?[row] = σ0
        for step in 0..<stepCount {
          switch scheme {
          case .fixed(let length):
            if remaining == 0 {
              day = random.index(below: days)
              remaining = length
            } else {
              day = day + 1 == days ? 0 : day + 1
            }
            remaining -= 1
          case .stationary(let meanLength):
            if step == 0 || random.uniform() <= 1 / meanLength {
              day = random.index(below: days)
            } else {
              day = day + 1 == days ? 0 : day + 1
            }
          }
          dayRow[step] = day
          x += history[day]
          rows.spots[row + step + 1] = s0 * Foundation.exp(x)
          if let changes = volChanges, let vols = rows.impliedVolatilities {
            logVol += changes[day]
            vols[row + step + 1] = σ0 * Foundation.exp(logVol)
          }
        }
      }
    }
    return result
  }
}
