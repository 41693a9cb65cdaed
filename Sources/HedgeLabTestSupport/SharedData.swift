import Foundation

/// Locates the real market history in `../shared/data` (beside the project root).
///
/// Tests read those files in place; they are never copied into the repository. CI
/// (`.ci/run`) fails when the folder is missing, so a test that needs it cannot skip silently
/// there; on a user's fresh clone without it, `SharedData.isAvailable` is false and such tests
/// are disabled with a reason.
public enum SharedData {
  /// The project root: the folder holding `Package.swift`, found from this source file.
  public static let projectRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        return url
      }
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  }()

  /// `../shared/data` relative to the project root.
  public static let directory: URL = projectRoot
    .deletingLastPathComponent()
    .appendingPathComponent("shared/data", isDirectory: true)

  /// True when the folder is present with its README.
  public static var isAvailable: Bool {
    FileManager.default.fileExists(atPath: directory.appendingPathComponent("README.md").path)
  }

  /// The URL of one file in the shared data folder, e.g. `file("spx_daily.csv")`.
  public static func file(_ name: String) -> URL {
    directory.appendingPathComponent(name)
  }

  /// A message for tests disabled because the folder is missing.
  public static let missingReason =
    "../shared/data is not beside the project root; CI requires it (see .ci/run)"
}
