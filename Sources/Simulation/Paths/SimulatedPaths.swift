/// A set of simulated price paths on an equally spaced time grid, stored as one contiguous
/// structure of arrays (paths × points).
///
/// Layout: every series is row-major by path, `pointsPerPath = stepCount + 1` values per path
/// (point 0 is t = 0, point `stepCount` is t = stepCount·timeStep), so the value of path `p` at
/// point `t` is `series[p * pointsPerPath + t]`. A path's row is contiguous, which is what a
/// program replayed along one path reads; generation writes whole rows, so it parallelises
/// over paths without sharing cache lines.
///
/// Units: spots in currency units; `timeStep` in years; variances as annualised decimal
/// variance (0.04 = 20 % vol squared); implied volatilities as annualised decimals.
public struct SimulatedPaths: Sendable {
  /// The number of paths.
  public let pathCount: Int
  /// The number of time steps per path (each path has `stepCount + 1` points).
  public let stepCount: Int
  /// The length of one step, in years (1/252 for trading days).
  public let timeStep: Double
  /// Spot prices, `pathCount × pointsPerPath`, row-major by path.
  public internal(set) var spots: [Double]
  /// The variance that drives each step (Heston: the truncated variance v⁺), same layout;
  /// `nil` for models without stochastic variance.
  public internal(set) var variances: [Double]?
  /// Implied volatility along each path (Heston's proxy, or the bootstrapped history), same
  /// layout; `nil` when the model does not provide one.
  public internal(set) var impliedVolatilities: [Double]?
  /// Block bootstrap only: the index, in the caller's history, of the day whose return moved
  /// the price from point t to t + 1; `pathCount × stepCount`, row-major by path.
  public internal(set) var historicalDays: [Int]?

  /// Values per path in `spots`, `variances` and `impliedVolatilities` (`stepCount + 1`).
  public var pointsPerPath: Int { stepCount + 1 }

  /// Paths of `stepCount` steps of `timeStep` years, all values zero.
  init(pathCount: Int, stepCount: Int, timeStep: Double) {
    self.pathCount = pathCount
    self.stepCount = stepCount
    self.timeStep = timeStep
    spots = [Double](repeating: 0, count: pathCount * (stepCount + 1))
  }

  /// The spot of path `path` at point `step` (0 … stepCount).
  public func spot(path: Int, step: Int) -> Double {
    precondition(path >= 0 && path < pathCount && step >= 0 && step <= stepCount)
    return spots[path * pointsPerPath + step]
  }

  /// The spots of path `path`, points 0 … stepCount.
  public func spots(ofPath path: Int) -> ArraySlice<Double> {
    precondition(path >= 0 && path < pathCount)
    return spots[(path * pointsPerPath)..<((path + 1) * pointsPerPath)]
  }

  /// The time of point `step`, in years from the start.
  public func time(ofStep step: Int) -> Double { Double(step) * timeStep }
}

/// A model that generates ``SimulatedPaths``.
///
/// Implementations are deterministic: the same model, grid and seed give the same paths,
/// bit for bit, for any number of threads, and path `p` is the same whatever `pathCount`
/// (each path draws from its own ``PathRandomStream``, stream `p`).
public protocol PathModel: Sendable {
  /// Generates `pathCount` paths of `stepCount` steps of `timeStep` years.
  /// - Parameters:
  ///   - seed: The seed of every path's random stream.
  ///   - threads: Worker threads (≥ 1); the result does not depend on it.
  /// - Throws: ``MonteCarloError`` for invalid model parameters or grid.
  func paths(
    count pathCount: Int, steps stepCount: Int, timeStep: Double, seed: UInt64, threads: Int
  ) throws(MonteCarloError) -> SimulatedPaths
}

extension PathModel {
  /// Checks the grid shared by every model.
  static func validateGrid(pathCount: Int, stepCount: Int, timeStep: Double, threads: Int)
    throws(MonteCarloError)
  {
    try MonteCarloError.require(pathCount, "pathCount", atLeast: 1, "ask for at least one path")
    try MonteCarloError.require(stepCount, "stepCount", atLeast: 1, "ask for at least one step")
    try MonteCarloError.require(
      timeStep, "timeStep", "positive and finite",
      "pass the step length in years (1/252 for one trading day)"
    ) { $0 > 0 }
    try MonteCarloError.require(threads, "threads", atLeast: 1, "use at least one thread")
  }
}

/// Raw pointers into the series of a ``SimulatedPaths`` while generators fill them; each
/// worker writes only the rows of its own paths.
struct PathRows: @unchecked Sendable {
  let spots: UnsafeMutablePointer<Double>
  let variances: UnsafeMutablePointer<Double>?
  let impliedVolatilities: UnsafeMutablePointer<Double>?
  let historicalDays: UnsafeMutablePointer<Int>?
  let pointsPerPath: Int
  let pathCount: Int

  /// Runs `body` with pointers into `paths`' series.
  static func fill(
    _ paths: inout SimulatedPaths, _ body: (PathRows) -> Void
  ) {
    let points = paths.pointsPerPath
    let count = paths.pathCount
    var variances = paths.variances ?? []
    var vols = paths.impliedVolatilities ?? []
    var days = paths.historicalDays ?? []
    let hasVariances = paths.variances != nil
    let hasVols = paths.impliedVolatilities != nil
    let hasDays = paths.historicalDays != nil
    paths.variances = nil
    paths.impliedVolatilities = nil
    paths.historicalDays = nil
    paths.spots.withUnsafeMutableBufferPointer { spots in
      variances.withUnsafeMutableBufferPointer { v in
        vols.withUnsafeMutableBufferPointer { iv in
          days.withUnsafeMutableBufferPointer { d in
            body(
              PathRows(
                spots: spots.baseAddress!, variances: hasVariances ? v.baseAddress : nil,
                impliedVolatilities: hasVols ? iv.baseAddress : nil,
                historicalDays: hasDays ? d.baseAddress : nil, pointsPerPath: points,
                pathCount: count))
          }
        }
      }
    }
    if hasVariances { paths.variances = variances }
    if hasVols { paths.impliedVolatilities = vols }
    if hasDays { paths.historicalDays = days }
  }
}
