import Dispatch
import Foundation

/// HedgeLab's one parallel-for: runs independent blocks of work (groups of paths, groups of
/// resamples, sweep points, path-set paths) on a fixed number of worker threads.
///
/// Blocks are handed out through a shared counter, so a worker that the system deschedules
/// does not hold up the others. Callers make every block's result depend only on the block
/// index (never on the worker or on the order), which makes the output independent of the
/// thread count.
///
/// Workers are dedicated threads rather than `DispatchQueue.concurrentPerform`: on Linux,
/// libdispatch's thread pool does not add a worker while the machine's run queue is full, so
/// on a loaded machine a concurrentPerform of 2 iterations ran almost entirely on the calling
/// thread (measured: 98 % of a 2-thread sweep's samples on one thread). Starting a thread
/// costs tens of microseconds, against milliseconds or more of work per call.
enum ParallelBlocks {
  /// Calls `body(block, workspace)` for every block in `0..<blockCount`, on
  /// `min(threads, blockCount)` workers; worker `w` (0 is the calling thread) creates its
  /// workspace once with `makeWorkspace(w)`.
  static func run<Workspace>(
    blockCount: Int, threads: Int, workspace makeWorkspace: @Sendable (_ worker: Int) -> Workspace,
    _ body: @Sendable (Int, Workspace) -> Void
  ) {
    guard blockCount > 0 else { return }
    let workers = max(1, min(threads, blockCount))
    if workers == 1 {
      let workspace = makeWorkspace(0)
      for block in 0..<blockCount { body(block, workspace) }
      return
    }
    let counter = BlockCounter(total: blockCount)
    // WorkerThreads joins its threads and releases the closure before returning, so the
    // closures do not outlive this call (which `withoutActuallyEscaping` checks).
    withoutActuallyEscaping(makeWorkspace) { makeWorkspace in
      withoutActuallyEscaping(body) { body in
        WorkerThreads.run(workers: workers) { worker in
          let workspace = makeWorkspace(worker)
          while let block = counter.take() { body(block, workspace) }
        }
      }
    }
  }

  /// Calls `body(block, workspace)` for every block, each worker creating its workspace once.
  static func run<Workspace>(
    blockCount: Int, threads: Int, workspace makeWorkspace: @Sendable () -> Workspace,
    _ body: @Sendable (Int, Workspace) -> Void
  ) {
    run(blockCount: blockCount, threads: threads, workspace: { (_: Int) in makeWorkspace() }, body)
  }

  /// Calls `body(block)` for every block in `0..<blockCount` on `threads` workers.
  static func run(blockCount: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
    run(blockCount: blockCount, threads: threads, workspace: { (_: Int) in () }) { block, _ in body(block) }
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

/// Runs `body(0)` on the calling thread and `body(1)` … `body(workers − 1)` on POSIX threads
/// (8 MiB stacks) started for the call, joins them, and returns: nothing of `body` is
/// retained after the call (Foundation's `Thread` keeps its block until it is deallocated).
enum WorkerThreads {
  /// One worker's closure and index, handed to its thread.
  private final class Work: @unchecked Sendable {
    let body: @Sendable (Int) -> Void
    let worker: Int
    init(_ body: @escaping @Sendable (Int) -> Void, _ worker: Int) {
      self.body = body
      self.worker = worker
    }
  }

  static func run(workers: Int, _ body: @escaping @Sendable (Int) -> Void) {
    guard workers > 1 else {
      body(0)
      return
    }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, 8 << 20)
    var threads: [pthread_t] = []
    threads.reserveCapacity(workers - 1)
    for w in 1..<workers {
      let context = Unmanaged.passRetained(Work(body, w)).toOpaque()
      var thread = pthread_t()
      let status = pthread_create(&thread, &attributes, { raw in
        let work = Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue()
        work.body(work.worker)
        return nil
      }, context)
      guard status == 0 else {
        // No thread: do its share here (the blocks go to whichever worker asks).
        let work = Unmanaged<Work>.fromOpaque(context).takeRetainedValue()
        work.body(work.worker)
        continue
      }
      threads.append(thread)
    }
    body(0)
    for thread in threads { pthread_join(thread, nil) }
  }
}
