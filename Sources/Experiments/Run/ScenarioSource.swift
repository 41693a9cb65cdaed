import MarketData
import Simulation

/// A scenario file's text as read once, with its SHA-256: everything downstream (decoding,
/// `scenario.yaml`, the recorded run, the sweep id) uses this text, never the file again.
public struct ScenarioSource: Sendable, Equatable {
  /// The file as given on the command line (or a label, e.g. `Scenarios/demo.yaml` for the
  /// embedded demo).
  public var file: String
  /// The file's text (valid UTF-8).
  public var text: String
  /// Lower-case hex SHA-256 of the text's UTF-8 bytes.
  public var sha256: String

  /// A source from text already in memory.
  public init(file: String, text: String) {
    self.file = file
    self.text = text
    sha256 = SHA256.hex(of: Array(text.utf8))
  }

  /// Reads the file's bytes: a regular file of at most `limit` bytes.
  public typealias Reader = @Sendable (_ path: String, _ limit: Int) throws(IngestError) -> [UInt8]

  /// The production reader (``InputFile/bytes(at:limit:)``).
  public static let fileReader: Reader = { path, limit throws(IngestError) in try InputFile.bytes(at: path, limit: limit) }

  /// Reads the scenario file at `path` once: a regular file of at most
  /// ``ScenarioLoader/maximumBytes`` that is valid UTF-8.
  /// - Parameter reader: how to read the bytes (tests count the reads).
  /// - Throws: ``ExperimentError/scenarioNotFound(path:)``, `.scenarioUnreadable`,
  ///   `.scenarioNotUTF8` (with the line and offset of the first invalid byte).
  public static func read(_ path: String, reader: Reader = fileReader) throws(ExperimentError) -> ScenarioSource {
    let bytes: [UInt8]
    do {
      bytes = try reader(path, ScenarioLoader.maximumBytes)
    } catch .fileNotFound {
      throw .scenarioNotFound(path: path)
    } catch {
      var reason = "\(error)"
      if case .unreadableFile(_, let why) = error { reason = why }
      throw .scenarioUnreadable(path: path, reason: reason)
    }
    if let bad = InputFile.firstInvalidUTF8(bytes) {
      throw .scenarioNotUTF8(path: path, line: bad.line, offset: bad.offset, byte: bytes[bad.offset])
    }
    return ScenarioSource(file: path, text: String(decoding: bytes, as: UTF8.self))
  }

  /// The decoded, validated scenario.
  /// - Throws: `ScenarioError` naming the file, line and key.
  public func decode() throws(ScenarioError) -> Scenario {
    try ScenarioLoader.load(yaml: text, file: file)
  }
}
