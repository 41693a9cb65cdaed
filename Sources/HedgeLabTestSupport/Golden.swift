import Foundation

/// Golden-file comparison: `actual` must equal the committed file byte for byte.
///
/// Set `RECORD_GOLDEN=1` to (re)write the file; recording also reports a failure, so a test run
/// that records can never pass silently (the swift-argument-parser snapshot convention).
/// - Returns: `nil` when the texts match, otherwise a failure message with the first
///   differing line.
public func goldenMismatch(_ actual: String, file: URL) -> String? {
  let record = ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"
  let expected = try? String(contentsOf: file, encoding: .utf8)
  if record || expected == nil {
    try? FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? actual.write(to: file, atomically: true, encoding: .utf8)
    return "recorded a new golden file at \(file.path); re-run without RECORD_GOLDEN"
  }
  guard let expected, expected != actual else { return nil }
  let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
  let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
  for i in 0..<max(a.count, e.count) {
    let al = i < a.count ? String(a[i]) : "<end of output>"
    let el = i < e.count ? String(e[i]) : "<end of file>"
    if al != el {
      return "\(file.lastPathComponent):\(i + 1): expected\n  \(el)\ngot\n  \(al)\n(re-record with RECORD_GOLDEN=1 if the change is intended)"
    }
  }
  return nil
}

/// The folder `Golden/` next to the calling test file.
public func goldenDirectory(for testFile: String = #filePath) -> URL {
  URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Golden")
}
