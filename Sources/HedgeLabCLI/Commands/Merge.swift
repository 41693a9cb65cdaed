import ArgumentParser
import Experiments
import Foundation
import MarketData
import Simulation

extension HedgeLab {
  /// `hedgelab merge OUT_DIR SHARD_DIRS...`: the shards of a sweep into one `sweep.csv`.
  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Combine the output folders of a sharded sweep or path run into the files of one unsharded run.",
      discussion: """
        Each shard folder holds the sweep.csv and shard.json written by \
        'hedgelab sweep … --shard I/N --out DIR'. The folders must be one complete set of \
        shards of one sweep: the same sweep id (scenario text and grid) and N, every I from \
        0 to N−1 exactly once, every point of each shard present. The merged \
        OUT_DIR/sweep.csv is byte for byte the file one unsharded run writes.

        Path shards ('hedgelab run PATH_SCENARIO --shard I/N --out DIR', shard.json kind \
        "paths") merge into OUT_DIR/paths.csv and OUT_DIR/paths-summary.json, byte for byte \
        those of 'hedgelab run PATH_SCENARIO --out DIR'; the distributions and paired \
        confidence intervals are recomputed from the merged per-path rows.

        Example:
          hedgelab merge sweep-all shard-0 shard-1
        """
    )

    @Argument(help: "The folder to write sweep.csv into.")
    var outDir: String

    @Argument(help: "The shard output folders.")
    var shardDirs: [String] = []

    func validate() throws {
      guard !shardDirs.isEmpty else {
        throw ValidationError("give the shard folders to merge after OUT_DIR, e.g. hedgelab merge all shard-0 shard-1")
      }
    }

    func run() throws {
      try withUserFacingErrors {
        // The merged files may not replace a shard's own files.
        let files = ["sweep.csv", "paths.csv", "paths-summary.json", "shard.json"]
        func named(_ folder: String, _ flag: String, _ role: FileIdentity.NamedPath.Role) -> [FileIdentity.NamedPath] {
          files.map { FileIdentity.NamedPath(flag, URL(fileURLWithPath: folder).appendingPathComponent($0).path, role) }
        }
        try PathCheck.refuseClashes(
          shardDirs.flatMap { named($0, "SHARD_DIR", .input) } + named(outDir, "OUT_DIR", .output).prefix(3))
        let manifests = try shardDirs.map { try Self.read($0, "shard.json") }
        let kind = try PathShardManifest.commonKind(folders: shardDirs, manifests: manifests)
        if kind == PathShardManifest.kind { return try mergePaths(manifests) }
        var outputs: [SweepMerge.ShardOutput] = []
        for (folder, manifest) in zip(shardDirs, manifests) {
          let csv = try Self.read(folder, "sweep.csv")
          outputs.append(SweepMerge.ShardOutput(folder: folder, manifest: manifest, csv: csv))
        }
        let merged = try SweepMerge.merge(outputs)
        let path = URL(fileURLWithPath: outDir).appendingPathComponent("sweep.csv").path
        try OutputWriter.createDirectory(outDir)
        try OutputWriter.write(merged, to: path)
        let rows = merged.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } - 1
        print("merged \(outputs.count) shard(s), \(rows) row(s), into \(path)")
      }
    }

    /// Path shards: `OUT_DIR/paths.csv` and `OUT_DIR/paths-summary.json`, the distributions
    /// and paired comparisons recomputed from the merged per-path rows, as one unsharded
    /// `hedgelab run PATH_SCENARIO --out DIR` writes them.
    func mergePaths(_ manifests: [String]) throws {
      var outputs: [SweepMerge.ShardOutput] = []
      for (folder, manifest) in zip(shardDirs, manifests) {
        outputs.append(SweepMerge.ShardOutput(folder: folder, manifest: manifest, csv: try Self.read(folder, "paths.csv")))
      }
      let merged = try PathSetMerge.merge(outputs)
      let threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
      let csvPath = URL(fileURLWithPath: outDir).appendingPathComponent("paths.csv").path
      let result = try PathSetRunner.summarise(
        merged.rows, header: merged.header, resamples: merged.resamples, threads: threads,
        file: csvPath, line: nil)
      let summaryPath = URL(fileURLWithPath: outDir).appendingPathComponent("paths-summary.json").path
      try OutputWriter.createDirectory(outDir)
      try OutputWriter.write(merged.rows.csv, to: csvPath)
      try OutputWriter.write(PathReport.json(result), to: summaryPath)
      print("merged \(outputs.count) path shard(s), \(merged.header.pathCount) paths × \(merged.rows.programs.count) program(s), into \(csvPath) and \(summaryPath)")
    }

    static func read(_ folder: String, _ name: String) throws -> String {
      let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
      guard let data = try? InputFile.bytes(at: path, limit: 4_000_000_000) else {
        throw CommandFailure(
          "\(path) does not exist or cannot be read; pass folders written by 'hedgelab sweep … --shard I/N --out DIR' or 'hedgelab run PATH_SCENARIO --shard I/N --out DIR'",
          exitStatus: ExitStatus.noInput)
      }
      return String(decoding: data, as: UTF8.self)
    }
  }
}
