import Foundation

/// A peer implementation (a Python script under `Benchmarks/`) that a `hedgelab bench`
/// subcommand runs in the same process tree, so both figures come from the same machine in
/// the same run.
///
/// The script prints one JSON object as its last line of standard output; ``run(arguments:)``
/// returns it. Every failure (script missing, interpreter missing, numpy missing, no JSON) is
/// a ``PeerScript/Unavailable`` whose message says what to install or pass.
struct PeerScript {
  /// Why the peer could not be measured; the benchmark reports it and skips the peer column.
  struct Unavailable: Error {
    var message: String
  }

  /// The interpreter, looked up on `PATH` through `/usr/bin/env`.
  var python: String
  /// The script's path.
  var path: String

  /// `python` running `script`, or the checkout's `relativePath` (e.g.
  /// `Benchmarks/pricing/numpy_peer.py`) found from the working directory or from this source
  /// file's checkout.
  init(python: String, script: String?, defaultRelativePath relativePath: String) {
    self.python = python
    self.path = script ?? Self.locate(relativePath)
  }

  /// Runs the script with `arguments` and parses its last output line as a JSON object.
  func run(arguments: [String]) -> Result<[String: Any], Unavailable> {
    guard FileManager.default.fileExists(atPath: path) else {
      return .failure(Unavailable(message: "\(path) not found; pass --peer-script PATH"))
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, path] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do {
      try process.run()
    } catch {
      return .failure(
        Unavailable(message: "cannot start \(python) (\(error)); install python3 with numpy and scipy"))
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let reason =
        errorText.split(separator: "\n").last.map(String.init)
        ?? "exit status \(process.terminationStatus)"
      return .failure(
        Unavailable(message: "\(python) \(path) failed: \(reason); install numpy and scipy for \(python)"))
    }
    guard
      let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
      let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    else {
      return .failure(Unavailable(message: "\(path) printed no JSON result line"))
    }
    return .success(object)
  }

  /// `relativePath` in the working directory, else beside this source tree.
  static func locate(_ relativePath: String) -> String {
    if FileManager.default.fileExists(atPath: relativePath) { return relativePath }
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      let candidate = url.appendingPathComponent(relativePath)
      if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
    }
    return relativePath
  }
}
