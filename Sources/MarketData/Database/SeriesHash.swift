import Foundation

/// The hash of one aligned input series of a run (as in `manifest.json`).
public struct SeriesHash: Sendable, Equatable, Codable {
  /// `close SPX`, `implied_volatility SPX`, `risk_free_rate`, `dividend_yield SPX`.
  public var series: String
  public var observations: Int
  /// Lower-case hex SHA-256.
  public var sha256: String

  public init(series: String, observations: Int, sha256: String) {
    self.series = series
    self.observations = observations
    self.sha256 = sha256
  }

  /// The hash of a series aligned on `days`: SHA-256 of (day number Int64 LE, value IEEE-754
  /// bits LE) for each day; `observations` is `values.count`.
  public init(series: String, days: [Day], values: [Double]) {
    var bytes = [UInt8]()
    bytes.reserveCapacity(16 * values.count)
    for (day, value) in zip(days, values) {
      let d = UInt64(bitPattern: Int64(day.daysSinceEpoch))
      for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: d >> (8 * UInt64(i)))) }
      let v = value.bitPattern
      for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }
    self.init(series: series, observations: values.count, sha256: SHA256.hex(of: bytes))
  }

  /// The series whose hash differs between `recorded` and `current` (or exists in only one of
  /// them), each with a short reason, e.g. `close SPX (values changed)`.
  public static func changes(recorded: [SeriesHash], current: [SeriesHash]) -> [String] {
    var changes = [String]()
    for r in recorded {
      guard let c = current.first(where: { $0.series == r.series }) else {
        changes.append("\(r.series) (no longer loaded)")
        continue
      }
      if c.observations != r.observations {
        changes.append("\(r.series) (\(r.observations) observations recorded, \(c.observations) now)")
      } else if c.sha256 != r.sha256 {
        changes.append("\(r.series) (values changed)")
      }
    }
    for c in current where !recorded.contains(where: { $0.series == c.series }) {
      changes.append("\(c.series) (new)")
    }
    return changes
  }
}
