import Analytics
import Foundation
import Simulation

/// `shard.json`: what `hedgelab merge` checks before combining shard folders.
public struct SweepManifest: Sendable, Equatable, Codable {
  /// The sweep id (hex SHA-256 of the scenario text and the grid).
  public var sweepID: String
  public var shard: Int
  public var shards: Int
  /// Grid points in the whole sweep.
  public var totalPoints: Int
  /// Grid points of this shard.
  public var points: Int
  /// Grid points of this shard written to its `sweep.csv` (= `points` when the shard finished).
  public var finished: Int

  enum CodingKeys: String, CodingKey {
    case sweepID = "sweep_id"
    case shard, shards
    case totalPoints = "total_points"
    case points, finished
  }

  public init(sweepID: String, shard: SweepShard, totalPoints: Int, finished: Int) {
    self.sweepID = sweepID
    self.shard = shard.index
    self.shards = shard.count
    self.totalPoints = totalPoints
    self.points = shard.pointCount(of: totalPoints)
    self.finished = finished
  }

  /// Pretty JSON with sorted keys (the one JSON writer, ``JSONValue``), ending in a line
  /// break; read back with `JSONDecoder` through the coding keys.
  public var json: String {
    JSONValue.object([
      ("finished", .integer(finished)), ("points", .integer(points)), ("shard", .integer(shard)),
      ("shards", .integer(shards)), ("sweep_id", .string(sweepID)), ("total_points", .integer(totalPoints)),
    ]).text()
  }
}

/// Combines the outputs of the shards of one sweep into the `sweep.csv` an unsharded run writes.
public enum SweepMerge {
  /// One shard folder's files, as read by the caller.
  public struct ShardOutput: Sendable {
    /// The folder, for messages.
    public var folder: String
    /// The text of its `shard.json`.
    public var manifest: String
    /// The text of its `sweep.csv`.
    public var csv: String

    public init(folder: String, manifest: String, csv: String) {
      self.folder = folder
      self.manifest = manifest
      self.csv = csv
    }
  }

  /// Checks that `shards` (each folder's `I` and `N`) are one complete set: the same `N`
  /// everywhere, every `I` in `0..<N` exactly once.
  /// - Parameter command: how to produce a missing shard, quoted in the error.
  /// - Throws: ``SweepError/mergeMismatch(reason:)`` naming the folders at fault.
  public static func checkCompleteSet(
    folders: [String], shards: [(index: Int, count: Int)], command: String
  ) throws(SweepError) {
    guard let first = shards.first else { return }
    for (folder, s) in zip(folders, shards).dropFirst() where s.count != first.count {
      throw .mergeMismatch(
        reason: "\(folder) is a shard of \(s.count) but \(folders[0]) is a shard of \(first.count); run every shard with the same N in --shard I/N")
    }
    var byShard: [Int: Int] = [:]
    for (k, s) in shards.enumerated() {
      guard s.index >= 0, s.index < s.count else {
        throw .mergeMismatch(reason: "\(folders[k])/shard.json has shard \(s.index) of \(s.count), which is not in 0…\(s.count - 1)")
      }
      if let other = byShard[s.index] {
        throw .mergeMismatch(
          reason: "shard \(s.index)/\(s.count) is given twice (\(folders[other]) and \(folders[k])); pass each shard folder once")
      }
      byShard[s.index] = k
    }
    let missing = (0..<first.count).filter { byShard[$0] == nil }
    guard missing.isEmpty else {
      let list = missing.map { "\($0)/\(first.count)" }.joined(separator: ", ")
      throw .mergeMismatch(
        reason: "shard(s) \(list) missing; run '\(command)' for each and pass their folders")
    }
  }

  /// The merged `sweep.csv`: the common header, then every row of every shard ordered by grid
  /// point (a point's rows keep their order), byte for byte what one unsharded run writes.
  /// - Throws: ``SweepError/mergeMismatch(reason:)`` unless the outputs are exactly one
  ///   complete set of shards of one sweep: same sweep id and shard count, each shard once,
  ///   same header, every point of each shard present once.
  public static func merge(_ outputs: [ShardOutput]) throws(SweepError) -> String {
    guard !outputs.isEmpty else {
      throw .mergeMismatch(reason: "no shard folders given; pass the --out folder of every shard")
    }
    var manifests: [SweepManifest] = []
    for output in outputs {
      do {
        manifests.append(try JSONDecoder().decode(SweepManifest.self, from: Data(output.manifest.utf8)))
      } catch {
        throw .mergeMismatch(
          reason: "\(output.folder)/shard.json is not a sweep shard manifest (\(error)); pass folders written by 'hedgelab sweep --shard I/N --out DIR'")
      }
    }
    let first = manifests[0]
    for (output, m) in zip(outputs, manifests).dropFirst() {
      guard m.sweepID == first.sweepID, m.totalPoints == first.totalPoints else {
        throw .mergeMismatch(
          reason: "\(output.folder) holds sweep \(m.sweepID.prefix(12)) but \(outputs[0].folder) holds sweep \(first.sweepID.prefix(12)) (another scenario file or grid); merge the shards of one sweep only")
      }
    }
    try checkCompleteSet(
      folders: outputs.map(\.folder), shards: manifests.map { ($0.shard, $0.shards) },
      command: "hedgelab sweep … --shard I/N")
    var header: String? = nil
    var rows = [[Substring]](repeating: [], count: first.totalPoints)
    for (output, m) in zip(outputs, manifests) {
      let shard = SweepShard(uncheckedIndex: m.shard, count: m.shards)
      var lines = output.csv.split(separator: "\n", omittingEmptySubsequences: false)
      if lines.last == "" { lines.removeLast() }
      guard let head = lines.first else {
        throw .mergeMismatch(reason: "\(output.folder)/sweep.csv is empty; re-run that shard")
      }
      if let header, header != String(head) {
        throw .mergeMismatch(
          reason: "\(output.folder)/sweep.csv has another header than \(outputs[0].folder)/sweep.csv; merge the shards of one sweep only")
      }
      header = String(head)
      var seen = Set<Int>()
      for (n, line) in lines.dropFirst().enumerated() {
        guard let comma = line.firstIndex(of: ","), let point = Int(line[..<comma]) else {
          throw .mergeMismatch(reason: "\(output.folder)/sweep.csv line \(n + 2) does not start with a point index; re-run that shard")
        }
        guard point >= 0, point < m.totalPoints, shard.contains(point) else {
          throw .mergeMismatch(
            reason: "\(output.folder)/sweep.csv line \(n + 2) holds point \(point), which is not a point of shard \(shard) of \(m.totalPoints); re-run that shard")
        }
        seen.insert(point)
        rows[point].append(line)
      }
      if seen.count < shard.pointCount(of: m.totalPoints) {
        let absent = shard.points(of: m.totalPoints).first { !seen.contains($0) }!
        throw .mergeMismatch(
          reason: "shard \(shard) (\(output.folder)) has \(seen.count) of its \(shard.pointCount(of: m.totalPoints)) points (point \(absent) is missing); re-run it with the same --db to finish it, then merge")
      }
    }
    var text = header! + "\n"
    for point in rows { for line in point { text += line + "\n" } }
    return text
  }
}
