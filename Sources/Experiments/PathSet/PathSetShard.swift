import Analytics
import Foundation
import MarketData
import Simulation

/// `shard.json` of a path shard (`hedgelab run PATH_SCENARIO --shard I/N --out DIR`): shard `I`
/// of `N` holds the paths whose index `p` satisfies `p mod N == I`, the convention of
/// ``SweepShard``.
public struct PathShardManifest: Sendable, Equatable, Codable {
  /// Always `"paths"` (a sweep's `shard.json` has no `kind`).
  public var kind: String
  /// Hex SHA-256 of the scenario text and the options that change the paths or programs.
  public var scenarioID: String
  public var shard: Int
  public var shards: Int
  /// Paths of this shard.
  public var paths: Int
  /// The programs run, in order.
  public var programs: [String]
  /// Bootstrap resamples of the paired comparisons.
  public var resamples: Int
  /// The whole path set (`paths` in it counts every shard's paths).
  public var header: PathSetHeader

  enum CodingKeys: String, CodingKey {
    case kind
    case scenarioID = "scenario_id"
    case shard, shards, paths, programs, resamples, header
  }

  public static let kind = "paths"

  public init(scenarioID: String, shard: SweepShard, programs: [String], resamples: Int, header: PathSetHeader) {
    self.kind = Self.kind
    self.scenarioID = scenarioID
    self.shard = shard.index
    self.shards = shard.count
    self.paths = shard.pointCount(of: header.pathCount)
    self.programs = programs
    self.resamples = resamples
    self.header = header
  }

  /// The id of a path run: hex SHA-256 of `scenarioText` and `options` (e.g. the program
  /// selection and the bootstrap's period).
  public static func scenarioID(scenarioText: String, options: String) -> String {
    SHA256.hex(of: Array("hedgelab-paths-1\n\(scenarioText)\n--options--\n\(options)".utf8))
  }

  /// The `kind` of a `shard.json` text: `"paths"` for path shards, `"sweep"` for sweep
  /// shards (which have no `kind`), nil when it is not a JSON object.
  public static func kind(ofManifest text: String) -> String? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
      return nil
    }
    return object["kind"] as? String ?? "sweep"
  }

  /// The common kind (``kind(ofManifest:)``) of the `shard.json` texts of `folders`.
  /// - Throws: ``SweepError/mergeMismatch(reason:)`` when sweep and path shards are mixed.
  public static func commonKind(folders: [String], manifests: [String]) throws(SweepError) -> String {
    let kinds = manifests.map { kind(ofManifest: $0) ?? "sweep" }
    guard let first = kinds.first else {
      throw .mergeMismatch(reason: "no shard folders given; pass the --out folder of every shard")
    }
    if let k = kinds.firstIndex(where: { $0 != first }) {
      throw .mergeMismatch(
        reason: "\(folders[k]) is a \(kinds[k]) shard but \(folders[0]) is a \(first) shard; merge the shards of one sweep or of one path run only")
    }
    return first
  }

  /// Pretty JSON with sorted keys, ending in a line break.
  public var json: String {
    let h = header
    return JSONValue.object([
      (
        "header",
        .object([
          ("first_day", .string(h.firstDay.description)), ("last_day", .string(h.lastDay.description)),
          ("model", .string(h.model.rawValue)), ("paths", .integer(h.pathCount)), ("scenario", .string(h.scenario)),
          ("seed", .unsigned(h.seed)), ("steps", .integer(h.stepCount)), ("steps_per_year", .integer(h.stepsPerYear)),
          ("symbol", .string(h.symbol)),
        ])
      ),
      ("kind", .string(kind)), ("paths", .integer(paths)), ("programs", .array(programs.map { .string($0) })),
      ("resamples", .integer(resamples)), ("scenario_id", .string(scenarioID)), ("shard", .integer(shard)),
      ("shards", .integer(shards)),
    ]).text()
  }
}

/// Combines the `paths.csv` of the shards of one path run into the rows of the unsharded run.
public enum PathSetMerge {
  /// The merged rows (every path, ascending) and the header and resamples of the run.
  public struct Merged: Sendable {
    public var rows: PathSetRows
    public var header: PathSetHeader
    public var resamples: Int
  }

  /// - Parameter outputs: each shard folder's `shard.json` and `paths.csv` (in `csv`).
  /// - Throws: ``SweepError/mergeMismatch(reason:)`` unless the outputs are exactly one
  ///   complete set of shards of one path run: same scenario id, programs and shard count,
  ///   each shard once, every path of each shard present with one row per program.
  public static func merge(_ outputs: [SweepMerge.ShardOutput]) throws(SweepError) -> Merged {
    guard !outputs.isEmpty else {
      throw .mergeMismatch(reason: "no shard folders given; pass the --out folder of every shard")
    }
    var manifests: [PathShardManifest] = []
    for output in outputs {
      do {
        manifests.append(try JSONDecoder().decode(PathShardManifest.self, from: Data(output.manifest.utf8)))
      } catch {
        throw .mergeMismatch(
          reason: "\(output.folder)/shard.json is not a path shard manifest (\(error)); pass folders written by 'hedgelab run PATH_SCENARIO --shard I/N --out DIR'")
      }
    }
    let first = manifests[0]
    for (output, m) in zip(outputs, manifests).dropFirst() {
      guard m.scenarioID == first.scenarioID, m.header == first.header, m.programs == first.programs,
        m.resamples == first.resamples
      else {
        throw .mergeMismatch(
          reason: "\(output.folder) holds path run \(m.scenarioID.prefix(12)) but \(outputs[0].folder) holds path run \(first.scenarioID.prefix(12)) (another scenario file or --program selection); merge the shards of one path run only")
      }
    }
    try SweepMerge.checkCompleteSet(
      folders: outputs.map(\.folder), shards: manifests.map { ($0.shard, $0.shards) },
      command: "hedgelab run PATH_SCENARIO --shard I/N --out DIR")
    let total = first.header.pathCount
    let programs = first.programs
    let quotedPrograms = programs.map(CSVText.field)
    var pnl = [[Double]](repeating: [Double](repeating: 0, count: total), count: programs.count)
    var errors = pnl
    var costs = pnl
    var trades = [[Int]](repeating: [Int](repeating: 0, count: total), count: programs.count)
    for (output, m) in zip(outputs, manifests) {
      let shard = SweepShard(uncheckedIndex: m.shard, count: m.shards)
      var lines = output.csv.split(separator: "\n", omittingEmptySubsequences: false)
      if lines.last == "" { lines.removeLast() }
      guard lines.first == Substring(PathSetRows.csvHeader) else {
        throw .mergeMismatch(
          reason: "\(output.folder)/paths.csv does not start with the header '\(PathSetRows.csvHeader)'; re-run that shard")
      }
      let expected = shard.pointCount(of: total) * programs.count
      guard lines.count - 1 == expected else {
        throw .mergeMismatch(
          reason: "\(output.folder)/paths.csv has \(lines.count - 1) rows, and shard \(shard) of \(total) paths × \(programs.count) program(s) has \(expected); re-run that shard")
      }
      for (n, path) in shard.points(of: total).enumerated() {
        for k in programs.indices {
          let lineNumber = 2 + n * programs.count + k
          let line = lines[lineNumber - 1]
          let prefix = "\(path),\(quotedPrograms[k]),"
          let fields = line.hasPrefix(prefix) ? line.dropFirst(prefix.count).split(separator: ",") : []
          guard fields.count == 4, let a = Double(fields[0]), let b = Double(fields[1]),
            let c = Double(fields[2]), let d = Int(fields[3])
          else {
            throw .mergeMismatch(
              reason: "\(output.folder)/paths.csv line \(lineNumber) is not the row of path \(path) and program '\(programs[k])' (\(prefix)final_pnl,hedging_error,costs,trades); re-run that shard")
          }
          pnl[k][path] = a
          errors[k][path] = b
          costs[k][path] = c
          trades[k][path] = d
        }
      }
    }
    let rows = PathSetRows(
      programs: programs, pathIndices: Array(0..<total), profitAndLoss: pnl, hedgingError: errors,
      costs: costs, trades: trades)
    return Merged(rows: rows, header: first.header, resamples: first.resamples)
  }
}
