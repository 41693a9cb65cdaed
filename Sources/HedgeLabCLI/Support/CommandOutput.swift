import Foundation

/// Where the commands' output goes: stdout and stderr, or, inside
/// ``CommandOutput/run(_:)``, a buffer (so that tests run commands in-process without
/// printing, and can show what a command printed when it fails).
///
/// Every `print` of this module goes through the module-level ``print(_:separator:terminator:)``
/// below, which shadows the standard library's; error lines go through `printError`.
public final class CommandOutput: @unchecked Sendable {
  @TaskLocal static var current: CommandOutput?

  private let lock = NSLock()
  private var standardOutput = ""
  private var standardError = ""

  /// What a captured command printed, and how it ended.
  public struct Captured: Sendable {
    /// The exit status: 0, or the status ArgumentParser maps the thrown error to.
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
  }

  /// Parses `arguments` as `hedgelab …`, runs the command and returns what it printed
  /// (ArgumentParser's help and usage messages included, as it would print them) and its
  /// exit status.
  public static func run(_ arguments: [String]) -> Captured {
    let output = CommandOutput()
    var code: Int32 = 0
    $current.withValue(output) {
      do {
        var command = try HedgeLab.parseAsRoot(arguments)
        try command.run()
      } catch {
        code = HedgeLab.exitCode(for: error).rawValue
        let message = HedgeLab.fullMessage(for: error)
        if !message.isEmpty { _ = write(message + "\n", toError: code != 0) }
      }
    }
    output.lock.lock()
    defer { output.lock.unlock() }
    return Captured(status: code, standardOutput: output.standardOutput, standardError: output.standardError)
  }

  static func write(_ text: String, toError: Bool) -> Bool {
    guard let output = current else { return false }
    output.lock.lock()
    defer { output.lock.unlock() }
    if toError { output.standardError += text } else { output.standardOutput += text }
    return true
  }
}

/// The module's `print`: to stdout, or to the capturing ``CommandOutput``.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
  let text = items.map { "\($0)" }.joined(separator: separator) + terminator
  if CommandOutput.write(text, toError: false) { return }
  Swift.print(text, terminator: "")
}
