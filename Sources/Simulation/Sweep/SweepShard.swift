import Foundation

/// A deterministic slice of a sweep's grid: shard `index` of `count` runs the points whose grid
/// index `i` satisfies `i mod count == index` (interleaved, so every shard gets a similar mix
/// of cheap and costly points, e.g. of short and long histories). `0/1` is the whole grid.
public struct SweepShard: Sendable, Equatable, CustomStringConvertible {
  public let index: Int
  public let count: Int

  public static let whole = SweepShard(uncheckedIndex: 0, count: 1)

  package init(uncheckedIndex index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  /// Parses `I/N`.
  /// - Throws: ``SweepError/badShard(text:)`` unless `0 ≤ I < N`.
  public init(_ text: String) throws(SweepError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else {
      throw .badShard(text: text)
    }
    self.init(uncheckedIndex: i, count: n)
  }

  public init(index: Int, count: Int) throws(SweepError) {
    try self.init("\(index)/\(count)")
  }

  public var description: String { "\(index)/\(count)" }

  /// Whether grid point `point` belongs to this shard.
  public func contains(_ point: Int) -> Bool { point % count == index }

  /// The grid points of this shard among `0..<total`, ascending.
  public func points(of total: Int) -> StrideTo<Int> { stride(from: index, to: total, by: count) }

  /// Number of grid points of this shard among `0..<total`.
  public func pointCount(of total: Int) -> Int { index < total ? (total - 1 - index) / count + 1 : 0 }
}
