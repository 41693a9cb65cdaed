import ArgumentParser
import Foundation
import MarketData

/// Exit statuses, after BSD `sysexits.h` (as swift-argument-parser uses for usage errors).
public enum ExitStatus {
  /// Bad flags or arguments (`EX_USAGE`).
  public static let usage: Int32 = 64
  /// Bad input data: a CSV row, a scenario key, an unsolvable implied volatility (`EX_DATAERR`).
  public static let dataError: Int32 = 65
  /// A named input file, database or scenario does not exist (`EX_NOINPUT`).
  public static let noInput: Int32 = 66
  /// An output file cannot be written (`EX_CANTCREAT`).
  public static let cannotCreate: Int32 = 73
  /// A temporary failure, such as a database locked by another process: retry (`EX_TEMPFAIL`).
  public static let temporaryFailure: Int32 = 75
  /// Anything else: a bug.
  public static let failure: Int32 = 1
}

/// An error that the command line reports to a user with a message and an exit status.
///
/// Library modules throw their own error enums; only this module maps them to exit codes,
/// by conforming them to this protocol (`extension ImportError: UserFacingError`).
public protocol UserFacingError: Error, CustomStringConvertible {
  /// The process exit status for this error (see ``ExitStatus``).
  var exitStatus: Int32 { get }
}

/// A command-line failure with a message already phrased for the user.
public struct CommandFailure: UserFacingError {
  public var message: String
  public var exitStatus: Int32
  public init(_ message: String, exitStatus: Int32) {
    self.message = message
    self.exitStatus = exitStatus
  }
  public var description: String { message }
}

/// Writes a line to standard error.
/// Control characters (terminal escape sequences from an input file) are shown escaped.
func printError(_ line: String) {
  let escaped = Excerpt.message(line) + "\n"
  if CommandOutput.write(escaped, toError: true) { return }
  FileHandle.standardError.write(Data(escaped.utf8))
}

/// Runs `body`; a ``UserFacingError`` is printed as `error: …` on stderr and becomes
/// `ExitCode(status)`. ArgumentParser's own errors (validation, help) pass through untouched.
func withUserFacingErrors<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as any UserFacingError {
    printError("error: \(error.description)")
    throw ExitCode(error.exitStatus)
  }
}
