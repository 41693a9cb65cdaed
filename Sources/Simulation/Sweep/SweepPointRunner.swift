import Foundation
import MarketData

/// Runs grid points of a ``SweepPlan`` on worker threads: the simulation of a sweep, point by
/// point (each point's scenario built from the plan, every program backtested on the point's
/// tape and scored). A point's result depends only on the point, so the output is identical
/// whatever the thread count.
///
/// Each worker has its own ``SweepPlan/Builder`` (the scenario's YAML tree) over one shared
/// cache of decoded parts, and its own copy of the tapes: no file or database access, and few
/// YAML decodes, per point. The sweep's orchestration (resuming, batching, storing) is the
/// Experiments module's `SweepRunner`.
public final class SweepPointRunner: @unchecked Sendable {
  public let plan: SweepPlan
  /// The metrics of each program at each point.
  public let scorer: SweepScorer
  let builders: [SweepPlan.Builder]
  /// One copy of the tapes per worker.
  let workerTapes: [[MarketTape]]

  /// - Parameters:
  ///   - tapes: ``SweepPlan/loadTapes(from:)`` of `plan`.
  ///   - threads: worker threads (≥ 1): the calling thread and `threads − 1` of its own per
  ///     call (see ``ParallelBlocks``).
  /// - Throws: ``SweepError`` when the scenario text no longer parses.
  public init(plan: SweepPlan, tapes: [MarketTape], scorer: SweepScorer, threads: Int) throws {
    precondition(threads >= 1, "at least one thread")
    precondition(tapes.count == plan.tapeCount, "one tape per tape-axes combination")
    self.plan = plan
    self.scorer = scorer
    let cache = SweepPlan.PartCache()
    builders = try (0..<threads).map { _ in try SweepPlan.Builder(plan: plan, cache: cache) }
    // Each extra worker reads its own copy of the tapes (same values): workers then never
    // touch the reference counts of the same arrays, which costs cross-core traffic at every
    // access.
    workerTapes = [tapes] + (1..<threads).map { _ in tapes.map { $0.prefix($0.count) } }
  }

  /// Runs `points` in parallel with one builder per worker; results in the order of `points`.
  public func run(_ points: [Int]) throws(SweepError) -> [SweepPointResult] {
    let builders = self.builders
    let tapes = self.workerTapes
    let scorer = self.scorer
    let slots = Slots<Result<SweepPointResult, SweepError>>(count: points.count)
    // Worker `w` alone uses builders[w] and tapes[w] during this call.
    ParallelBlocks.run(
      blockCount: points.count, threads: builders.count, workspace: { w in (builders[w], tapes[w]) }
    ) { k, own in
      slots[k] = Result { () throws(SweepError) in try Self.runPoint(points[k], builder: own.0, tapes: own.1, scorer: scorer) }
    }
    var results: [SweepPointResult] = []
    results.reserveCapacity(points.count)
    for k in points.indices { results.append(try slots[k]!.get()) }
    return results
  }

  static func runPoint(
    _ index: Int, builder: SweepPlan.Builder, tapes: [MarketTape], scorer: SweepScorer
  ) throws(SweepError) -> SweepPointResult {
    let plan = builder.plan
    let coordinates = plan.grid.coordinates(of: index)
    let scenario = try builder.scenario(coordinates: coordinates, index: index)
    let tape = tapes[plan.tapeIndex(of: coordinates)]
    let backtest = Backtest(scenario: scenario, tape: tape)
    return SweepPointResult(
      index: index,
      programs: scenario.programs.indices.map { SweepMetrics(values: scorer.score(backtest.run(program: $0), tape)) })
  }
}

extension SweepPlan {
  /// The index of the tape (among ``loadTapes(from:)``) that grid point `index` reads.
  public func tapeIndex(ofPoint index: Int) -> Int { tapeIndex(of: grid.coordinates(of: index)) }
}

/// Fixed slots written concurrently at distinct indices, read after all writers finished.
final class Slots<T>: @unchecked Sendable {
  private let base: UnsafeMutablePointer<T?>
  let count: Int

  init(count: Int) {
    self.count = count
    base = .allocate(capacity: max(1, count))
    base.initialize(repeating: nil, count: max(1, count))
  }

  deinit {
    base.deinitialize(count: max(1, count))
    base.deallocate()
  }

  subscript(i: Int) -> T? {
    get { base[i] }
    set { base[i] = newValue }
  }
}
