import Analytics
import Experiments
import Foundation
import MarketData
import Simulation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// All-or-nothing file output: every file is written to a temporary name in its destination
/// folder and renamed over the destination (`rename(2)` is atomic within a file system), so an
/// interrupted run never leaves a half-written file behind.
enum OutputWriter {
  /// Writes `text` (UTF-8) to `path` atomically, creating the parent folders.
  ///
  /// - Throws: `CommandFailure` with exit status 73 when the folder cannot be created or
  ///   the file cannot be written or renamed.
  static func write(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    try createDirectory(folder.path)
    removeStaleTemporaries(of: url.lastPathComponent, in: folder.path)
    let temporary = folder.appendingPathComponent(
      ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    do {
      try Data(text.utf8).write(to: temporary)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw CommandFailure(
        "cannot write '\(path)' (\(error.localizedDescription)); check the folder's permissions and free space, or choose another path",
        exitStatus: ExitStatus.cannotCreate)
    }
    guard rename(temporary.path, url.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw CommandFailure(
        "cannot replace '\(path)' (\(reason)); check that it is not a folder and that its folder is writable",
        exitStatus: ExitStatus.cannotCreate)
    }
  }

  /// Removes the temporary files `.NAME.PID.tmp` a killed run left beside `name`: those whose
  /// process no longer exists (a live one may be another run writing the same output).
  static func removeStaleTemporaries(of name: String, in folder: String) {
    let prefix = ".\(name)."
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
      let middle = entry.dropFirst(prefix.count).dropLast(4)
      guard let pid = Int32(middle), pid > 0 else { continue }
      if kill(pid, 0) != 0, errno == ESRCH {
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: folder).appendingPathComponent(entry).path)
      }
    }
  }

  /// Creates `path` and its parents if needed; `option` is the flag that named it.
  ///
  /// - Throws: `CommandFailure` (73) when it cannot be created or is a file.
  static func createDirectory(_ path: String, for option: String = "--out") throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
      guard isFolder.boolValue else {
        throw CommandFailure(
          "output folder '\(path)' is a file; choose a folder for \(option)",
          exitStatus: ExitStatus.cannotCreate)
      }
      return
    }
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw CommandFailure(
        "cannot create the output folder '\(path)' (\(error.localizedDescription)); check its parent's permissions or choose another \(option)",
        exitStatus: ExitStatus.cannotCreate)
    }
  }
}

/// The check every command runs before it opens anything for writing: no output path names
/// the same file as an input or another output (compared by device and inode, after
/// following links), so a typo such as `--rejects market.sqlite` cannot destroy data.
enum PathCheck {
  /// - Throws: `CommandFailure` (64) naming both paths of the first clash.
  static func refuseClashes(_ paths: [FileIdentity.NamedPath]) throws {
    if let clash = FileIdentity.firstClash(paths) {
      throw CommandFailure(FileIdentity.clashMessage(clash), exitStatus: ExitStatus.usage)
    }
  }

  /// The files `--out DIR` and `--html FILE` write for `run`, `compare`, `report` and `demo`.
  static func reportOutputs(out: String?, html: String?) -> [FileIdentity.NamedPath] {
    var paths: [FileIdentity.NamedPath] = []
    if let out {
      for name in RunExport.fileNames {
        paths.append(FileIdentity.NamedPath("--out", URL(fileURLWithPath: out).appendingPathComponent(name).path, .output))
      }
    }
    if let html { paths.append(FileIdentity.NamedPath("--html", html, .output)) }
    return paths
  }
}

/// The reports `run`, `compare` and `demo` write: the exports of `--out DIR` and the HTML
/// report of `--html FILE`.
enum ReportOutputs {
  /// The current time in ISO 8601 (UTC, seconds), for `manifest.json`.
  static func timestamp(_ date: Date = Date()) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  /// Writes the exports of `run` (its comparison) into `out` (summary.csv, daily.csv,
  /// trades.csv, scenario.yaml, report.html, manifest.json) and the report to `html`;
  /// returns the paths written. `scenario.yaml` is the scenario text the run read.
  ///
  /// - Throws: `CommandFailure` (73) when a file cannot be written.
  @discardableResult
  static func write(_ run: ScenarioRun, out: String?, html: String?) throws -> [String] {
    guard let comparison = run.comparison else { return [] }
    var written = [String]()
    if let out {
      let files = try RunExport.files(
        comparison, scenarioText: run.source.text, scenarioFile: run.source.file, database: run.databasePath,
        version: HedgeLab.version, generated: timestamp())
      try OutputWriter.createDirectory(out)
      for file in files {
        let path = URL(fileURLWithPath: out).appendingPathComponent(file.name).path
        try OutputWriter.write(file.contents, to: path)
        written.append(path)
      }
    }
    if let html {
      try OutputWriter.write(HTMLReport.html(comparison, version: HedgeLab.version), to: html)
      written.append(html)
    }
    return written
  }

  /// Writes the exports asked for by `--out DIR` and/or `--html FILE` (nothing if neither)
  /// and lists the files written on standard error.
  static func writeIfAsked(_ run: ScenarioRun, out: String?, html: String?) throws {
    guard out != nil || html != nil else { return }
    let written = try write(run, out: out, html: html)
    printError("wrote \(written.joined(separator: ", "))")
  }

  /// Creates, before any work, the `--out` folder and the folder of `--html` (as the writes
  /// would), so a run never prints its results and only then fails on its outputs.
  ///
  /// - Throws: `CommandFailure` (73), with the same messages as the writes themselves.
  /// - Parameter inputs: the files the command reads (scenario, database): no output may
  ///   name one of them (exit 64, checked before anything is created).
  static func prepare(out: String?, html: String?, inputs: [FileIdentity.NamedPath] = []) throws {
    try PathCheck.refuseClashes(inputs + PathCheck.reportOutputs(out: out, html: html))
    if let out { try OutputWriter.createDirectory(out) }
    if let html {
      try OutputWriter.createDirectory(
        URL(fileURLWithPath: html).deletingLastPathComponent().path, for: "--html")
    }
  }
}
