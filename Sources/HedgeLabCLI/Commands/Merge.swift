import ArgumentParser
import Foundation
import Simulation

extension HedgeLab {
  /// `hedgelab merge OUT_DIR SHARD_DIRS...`: the shards of a sweep into one `sweep.csv`.
  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Combine the output folders of a sharded sweep into the sweep.csv of one unsharded run.",
      discussion: """
        Each shard folder holds the sweep.csv and shard.json written by \
        'hedgelab sweep … --shard I/N --out DIR'. The folders must be one complete set of \
        shards of one sweep: the same sweep id (scenario text and grid) and N, every I from \
        0 to N−1 exactly once, every point of each shard present. The merged \
        OUT_DIR/sweep.csv is byte for byte the file one unsharded run writes.

        Example:
          hedgelab merge sweep-all shard-0 shard-1 shard-2 shard-3
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
        var outputs: [SweepMerge.ShardOutput] = []
        for folder in shardDirs {
          let manifest = try Self.read(folder, "shard.json")
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

    static func read(_ folder: String, _ name: String) throws -> String {
      let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
      guard let data = FileManager.default.contents(atPath: path) else {
        throw CommandFailure(
          "\(path) does not exist or cannot be read; pass folders written by 'hedgelab sweep … --shard I/N --out DIR'",
          exitStatus: ExitStatus.noInput)
      }
      return String(decoding: data, as: UTF8.self)
    }
  }
}
