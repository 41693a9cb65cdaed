import Pricing
import ArgumentParser
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `--progress` and `--quiet` flags of long commands (sweeps, path sets, big ingests);
/// add them with `@OptionGroup var progressOptions: ProgressOptions`.
struct ProgressOptions: ParsableArguments {
  @Flag(help: "Print periodic progress lines on stderr even when it is not a terminal (a bar is shown on a terminal anyway).")
  var progress = false

  @Flag(help: "Print no progress at all.")
  var quiet = false

  func validate() throws {
    if progress && quiet { throw ValidationError("--progress and --quiet exclude each other; give one") }
  }

  /// The reporter's mode for stderr.
  var mode: ProgressReporter.Mode {
    ProgressReporter.mode(progress: progress, quiet: quiet, isTerminal: isatty(STDERR_FILENO) == 1)
  }
}

/// Progress of long work on stderr: a bar redrawn in place when stderr is a terminal
/// (`done/total`, percent, rate, ETA), plain periodic lines when it is not and `--progress` is
/// given, nothing with `--quiet` (or when neither applies).
///
/// Not thread-safe: call it from one thread (the one that collects finished work). The clock
/// and the output are injectable, so tests drive it without waiting or a terminal.
final class ProgressReporter {
  enum Mode: Equatable {
    /// A bar on one line, redrawn with `\r` at most ten times a second.
    case bar
    /// A line every `interval` seconds, and one at the end.
    case lines(interval: Double)
    /// Nothing.
    case silent
  }

  /// The mode for the flags: `--quiet` wins, a terminal gets a bar, otherwise lines only with
  /// `--progress` (every 2 s).
  static func mode(progress: Bool, quiet: Bool, isTerminal: Bool) -> Mode {
    if quiet { return .silent }
    if isTerminal { return .bar }
    return progress ? .lines(interval: 2) : .silent
  }

  let label: String
  let unit: String
  let mode: Mode
  private let clock: () -> Double
  private let write: (String) -> Void
  private var total: Int
  private var startTime: Double?
  private var startDone = 0
  private var lastDraw = -Double.infinity
  private var done = 0
  private var finished = false
  private var lastLine = ""

  /// - Parameters:
  ///   - label: what is counted, shown first (`sweep`).
  ///   - unit: the plural unit of the rate (`points`).
  ///   - total: the number of items when done.
  ///   - clock: seconds from any fixed origin (monotonic by default).
  ///   - write: where text goes (stderr by default).
  init(
    label: String, unit: String, total: Int, mode: Mode,
    clock: @escaping () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 },
    write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
  ) {
    self.label = label
    self.unit = unit
    self.total = max(0, total)
    self.mode = mode
    self.clock = clock
    self.write = write
  }

  /// Reports `done` items finished (of `total`). The first call sets the starting point of the
  /// rate, so work resumed from an earlier run does not inflate it.
  func update(done: Int, total: Int? = nil) {
    guard mode != .silent, !finished else { return }
    if let total { self.total = max(0, total) }
    let now = clock()
    if startTime == nil {
      startTime = now
      startDone = done
    }
    self.done = done
    switch mode {
    case .bar:
      guard now - lastDraw >= 0.1 || done >= self.total else { return }
      lastDraw = now
      write("\r" + barText(now: now) + "\u{1B}[K")
    case .lines(let interval):
      guard now - lastDraw >= interval else { return }
      lastDraw = now
      lastLine = lineText(now: now)
      write(lastLine + "\n")
    case .silent:
      return
    }
  }

  /// Prints the final state (and ends the bar's line).
  func finish() {
    guard mode != .silent, !finished else { return }
    let now = clock()
    if startTime == nil { startTime = now }
    finished = true
    switch mode {
    case .bar: write("\r" + barText(now: now) + "\u{1B}[K\n")
    case .lines:
      // The last periodic line may already show the final state.
      let line = lineText(now: now)
      if line != lastLine { write(line + "\n") }
    case .silent: break
    }
  }

  /// Items per second since the first update, or nil before any time has passed.
  func rate(now: Double) -> Double? {
    guard let startTime, now > startTime, done > startDone else { return nil }
    return Double(done - startDone) / (now - startTime)
  }

  func barText(now: Double) -> String {
    let width = 24
    let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
    let filled = Int(clamping: fraction * Double(width), .down)
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    return "\(label) [\(bar)] \(statusText(now: now, fraction: fraction))"
  }

  func lineText(now: Double) -> String {
    let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
    return "\(label): \(statusText(now: now, fraction: fraction))"
  }

  private func statusText(now: Double, fraction: Double) -> String {
    var text = "\(done)/\(total) (\(Int(clamping: fraction * 100, .down)) %)"
    if let rate = rate(now: now) {
      text += ", \(Self.format(rate)) \(unit)/s"
      if done < total { text += ", ETA \(Self.duration(Double(total - done) / rate))" }
    }
    if done >= total, let startTime { text += ", \(Self.duration(now - startTime)) elapsed" }
    return text
  }

  static func format(_ rate: Double) -> String {
    rate >= 100 ? String(Int(clamping: rate, .toNearestOrAwayFromZero)) : String(format: "%.1f", rate)
  }

  /// `42s`, `3m05s`, `2h07m`.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let s = Int(clamping: seconds, .up)
    if s < 60 { return "\(s)s" }
    if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
    return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
  }
}
