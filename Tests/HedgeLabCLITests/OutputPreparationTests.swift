import Foundation
import Testing

@testable import HedgeLabCLI

@Suite("Outputs are checked before a run starts")
struct OutputPreparationTests {
  @Test("an --out folder is created up front; an impossible one fails with 73 before any work")
  func outFolder() throws {
    let base = FileManager.default.temporaryDirectory
      .appendingPathComponent("hedgelab-prepare-\(getpid())")
    defer { try? FileManager.default.removeItem(at: base) }
    let out = base.appendingPathComponent("a/b").path
    try ReportOutputs.prepare(out: out, html: nil)
    var isFolder: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: out, isDirectory: &isFolder) && isFolder.boolValue)

    let file = base.appendingPathComponent("plain-file").path
    #expect(FileManager.default.createFile(atPath: file, contents: Data()))
    let error = #expect(throws: CommandFailure.self) { try ReportOutputs.prepare(out: file, html: nil) }
    #expect(error?.exitStatus == 73)
    #expect(error?.message == "output folder '\(file)' is a file; choose a folder for --out")
  }

  @Test("an --html file whose folder cannot be created fails with 73, naming the folder")
  func htmlFolder() throws {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("hedgelab-prepare-html-\(getpid())").path
    #expect(FileManager.default.createFile(atPath: file, contents: Data()))
    defer { try? FileManager.default.removeItem(atPath: file) }
    let error = #expect(throws: CommandFailure.self) {
      try ReportOutputs.prepare(out: nil, html: file + "/report.html")
    }
    #expect(error?.exitStatus == 73)
    #expect(error?.message == "output folder '\(file)' is a file; choose a folder for --html")
  }
}
