import Dispatch
import Foundation

/// Runs independent blocks of work (groups of paths, groups of resamples) on a fixed number of
/// worker threads with `DispatchQueue.concurrentPerform`.
///
/// Blocks are handed out through a shared counter, so a worker that the system deschedules
/// does not hold up the others. Callers make every block's result depend only on the block
/// index (never on the worker or on the order), which makes the output independent of the
/// thread count.
enum ParallelBlocks {
  /// Calls `body(block, workspace)` for every block in `0..<blockCount`, on
  /// `min(threads, blockCount)` workers; each worker creates its workspace once.
  static func run<Workspace>(
    blockCount: Int, threads: Int, workspace makeWorkspace: @Sendable () -> Workspace,
    _ body: @Sendable (Int, Workspace) -> Void
  ) {
    guard blockCount > 0 else { return }
    let workers = max(1, min(threads, blockCount))
    if workers == 1 {
      let workspace = makeWorkspace()
      for block in 0..<blockCount { body(block, workspace) }
      return
    }
    let counter = BlockCounter(total: blockCount)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      let workspace = makeWorkspace()
      while let block = counter.take() { body(block, workspace) }
    }
  }

  /// Calls `body(block)` for every block in `0..<blockCount` on `threads` workers.
  static func run(blockCount: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
    run(blockCount: blockCount, threads: threads, workspace: { () }) { block, _ in body(block) }
  }

  /// The next block index for whichever worker asks first.
  final class BlockCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    let total: Int

    init(total: Int) { self.total = total }

    func take() -> Int? {
      lock.lock()
      defer { lock.unlock() }
      guard next < total else { return nil }
      next += 1
      return next - 1
    }
  }
}
