import Foundation
import MarketData
import Simulation

/// Runs the grid points of a ``SweepPlan`` on all cores.
///
/// The market tapes are loaded once (``SweepPlan/loadTapes(from:)``); Simulation's
/// `SweepPointRunner` runs the points of a batch on the workers (the calling thread and
/// `threads − 1` threads of its own), each result in its point's slot, and the finished batch
/// is written to the database in one transaction, in grid order. A point's result depends only on the
/// point, so the output is identical whatever the thread count; a sweep stopped at any moment
/// keeps every batch already written, and re-running it skips those points.
public struct SweepRunner: Sendable {
  /// How to run.
  public struct Options: Sendable {
    /// Worker threads (≥ 1).
    public var threads: Int
    /// The slice of the grid to run.
    public var shard: SweepShard
    /// Stop after running this many new points (resumed points do not count); `nil` runs all.
    /// For tests of resuming, and for benchmarks of a fixed size.
    public var maxPoints: Int?
    /// Points per batch (one database transaction and one progress report each); `nil`:
    /// adaptive, 4 per thread at first, then as many as take about half a second (at most 256
    /// per thread), so an interrupted sweep loses at most about half a second of work.
    public var batchSize: Int?

    public init(threads: Int, shard: SweepShard = .whole, maxPoints: Int? = nil, batchSize: Int? = nil) {
      self.threads = threads
      self.shard = shard
      self.maxPoints = maxPoints
      self.batchSize = batchSize
    }
  }

  /// What a run did.
  public struct Outcome: Sendable, Equatable {
    /// Every finished point of the shard (resumed from the database and newly run), in grid order.
    public var points: [SweepPointResult]
    /// Points run now.
    public var ran: Int
    /// Points found finished in the database and not run again.
    public var resumed: Int
    /// Points found in the database but run again because their code or data changed, with
    /// why (included in ``ran``).
    public var rerun: [Rerun] = []
    /// Points of the shard.
    public var shardPoints: Int
    /// Whether every point of the shard is finished.
    public var isComplete: Bool { points.count == shardPoints }
  }

  /// Stored points run again for one reason.
  public struct Rerun: Sendable, Equatable, CustomStringConvertible {
    /// Why, e.g. `close SPX changed since they ran`.
    public var reason: String
    public var points: Int

    /// `3 points rerun: close SPX changed since they ran`.
    public var description: String { "\(points) point\(points == 1 ? "" : "s") rerun: \(reason)" }
  }

  public let plan: SweepPlan
  public let tapes: [MarketTape]
  /// The metrics of each program at each point.
  public let scorer: SweepScorer
  /// The HedgeLab version, stored with each point: a point computed by another version is
  /// run again.
  public let codeVersion: String
  /// The hashes of every series of each tape (the data a point on that tape reads).
  let tapeHashes: [[SeriesHash]]

  /// - Parameters:
  ///   - tapes: ``SweepPlan/loadTapes(from:)`` of `plan`.
  ///   - scorer: the metrics of each program (the Analytics module's `ProgramMetrics.sweepScorer`).
  ///   - codeVersion: the HedgeLab version.
  public init(plan: SweepPlan, tapes: [MarketTape], scorer: SweepScorer, codeVersion: String) {
    self.plan = plan
    self.tapes = tapes
    self.scorer = scorer
    self.codeVersion = codeVersion
    tapeHashes = tapes.map(\.seriesHashes)
  }

  /// The hashes of the series point `index` reads.
  func dataHashes(ofPoint index: Int) -> [SeriesHash] {
    tapeHashes[plan.tapeIndex(ofPoint: index)]
  }

  /// Why a stored point must run again (`nil`: it can be resumed).
  func staleReason(_ point: StoredSweepPoint) -> String? {
    guard point.codeVersion == codeVersion else {
      return point.codeVersion.map { "computed by HedgeLab \($0), this is \(codeVersion)" }
        ?? "computed before results recorded their code version and data"
    }
    let changes = SeriesHash.changes(recorded: point.dataHashes, current: dataHashes(ofPoint: point.index))
    guard !changes.isEmpty else { return nil }
    let names = changes.map { $0.split(separator: " (").first.map(String.init) ?? $0 }
    return names.joined(separator: ", ") + " changed since they ran"
  }

  /// Runs the shard's points not yet stored in `store` (all when `store` is `nil`).
  /// - Parameters:
  ///   - store: the database keeping finished points (resumes from it, writes each batch).
  ///   - progress: called on the calling thread after each batch with (finished, total) points
  ///     of the shard, resumed points included.
  /// - Throws: ``SweepError`` for an invalid point or a stored point of another shape; the
  ///   database's errors. Batches finished before the error stay stored.
  public func run(
    options: Options, store: ExperimentStore? = nil, progress: ((Int, Int) -> Void)? = nil
  ) throws -> Outcome {
    precondition(options.threads >= 1, "at least one thread")
    let total = plan.grid.count
    let shard = options.shard
    let shardPoints = shard.pointCount(of: total)
    var finished: [SweepPointResult] = []
    var done = Set<Int>()
    var reruns: [String: Int] = [:]
    var rerunOrder: [String] = []
    if let store {
      try store.registerSweep(id: plan.id, scenario: plan.scenarioText, grid: plan.grid.canonicalText, pointCount: total)
      let stored = try store.finishedSweepPoints(id: plan.id).filter { $0 < total && shard.contains($0) }
      for point in try store.sweepPoints(id: plan.id, keys: scorer.names, indices: stored) {
        if let reason = staleReason(point) {
          if reruns[reason] == nil { rerunOrder.append(reason) }
          reruns[reason, default: 0] += 1
          continue
        }
        finished.append(try result(from: point))
        done.insert(point.index)
      }
    }
    let resumed = finished.count
    var todo = shard.points(of: total).filter { !done.contains($0) }
    if let limit = options.maxPoints, todo.count > limit { todo.removeLast(todo.count - limit) }
    progress?(resumed, shardPoints)

    let smallest = 4 * options.threads
    var batchSize = max(1, options.batchSize ?? smallest)
    let runner = try SweepPointRunner(plan: plan, tapes: tapes, scorer: scorer, threads: options.threads)
    var fresh: [SweepPointResult] = []
    fresh.reserveCapacity(todo.count)
    var start = 0
    while start < todo.count {
      let batch = Array(todo[start..<min(todo.count, start + batchSize)])
      let began = DispatchTime.now().uptimeNanoseconds
      let results = try runner.run(batch)
      if options.batchSize == nil {
        // Wall-clock time only sizes the batches; results never depend on it.
        let seconds = max(1e-6, Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9)
        let target = Int(clamping: 0.5 * Double(batch.count) / seconds)
        batchSize = min(256 * options.threads, max(smallest, target))
      }
      if let store {
        try store.storeSweepPoints(
          id: plan.id, keys: scorer.names,
          results.map { r in
            StoredSweepPoint(
              index: r.index, grid: plan.grid.describe(r.index), codeVersion: codeVersion,
              dataHashes: dataHashes(ofPoint: r.index),
              programs: zip(plan.programs, r.programs).map { StoredSweepProgram(program: $0, metrics: $1.values) })
          })
      }
      fresh += results
      start += batch.count
      progress?(resumed + fresh.count, shardPoints)
    }
    return Outcome(
      points: (finished + fresh).sorted { $0.index < $1.index }, ran: fresh.count, resumed: resumed,
      rerun: rerunOrder.map { Rerun(reason: $0, points: reruns[$0]!) }, shardPoints: shardPoints)
  }

  func result(from point: StoredSweepPoint) throws(SweepError) -> SweepPointResult {
    let names = point.programs.map(\.program)
    guard names == plan.programs else {
      throw .storedMismatch(
        sweepID: plan.id, point: point.index,
        reason: "programs \(names.joined(separator: ", ")) instead of \(plan.programs.joined(separator: ", "))")
    }
    return SweepPointResult(index: point.index, programs: point.programs.map { SweepMetrics(values: $0.metrics) })
  }

}
