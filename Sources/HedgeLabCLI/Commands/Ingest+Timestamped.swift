import ArgumentParser
import Foundation
import MarketData

extension HedgeLab.Ingest {
  /// The `--interval` of a funding file, in hours.
  var fundingInterval: TimestampedFile.FundingInterval? {
    guard kind == .funding, let interval, interval.hasSuffix("h"), let hours = Int(interval.dropLast()),
      [1, 2, 4, 8, 12, 24].contains(hours)
    else { return nil }
    return TimestampedFile.FundingInterval(hours: hours)
  }

  func validateCrypto() throws {
    if kind == .funding {
      guard fundingInterval != nil else {
        throw ValidationError(
          "--kind funding needs --interval, the hours each row's rate covers: 1h, 2h, 4h, 8h (most venues), 12h or 24h")
      }
      guard dateFormat == .unixMilliseconds else {
        throw ValidationError("--kind funding reads venue exports stamped in Unix milliseconds: pass --date-format unix-ms")
      }
      guard symbol != nil else {
        throw ValidationError("--kind funding needs --symbol, the name of the funding series (e.g. BTC-FUNDING)")
      }
    } else if interval != nil {
      throw ValidationError("--interval applies only to --kind funding")
    }
    if dateFormat == .unixMilliseconds, wide {
      throw ValidationError("--date-format unix-ms reads long files (a timestamp, an optional symbol and a value column); remove --wide")
    }
  }

  /// Loads a file stamped in Unix milliseconds: one row per UTC day (the day's last value; for
  /// funding, the sum of its interval rates), then the ordinary loader on that daily file.
  ///
  /// A funding series is stored as a rate series in canonical units: the day's summed
  /// per-interval rates × 365, an annualised decimal (0.0001 per 8 h → 0.1095), simple (not
  /// compounded: funding is paid on notional, never reinvested), tenor 1 day. Returns the
  /// summary line, naming the user's file.
  func ingestTimestamped(into database: MarketDatabase) throws -> String {
    let funding = fundingInterval
    var daily = try TimestampedFile.daily(
      path: file, dateColumn: dateColumn, symbolColumn: symbolColumn, valueColumn: valueColumn,
      funding: funding)
    var options = ingestOptions
    options.dateFormat = .iso
    options.dateColumn = "date"
    options.valueColumn = "value"
    options.symbolColumn = daily.hasPrefix("date,symbol,") ? "symbol" : nil
    options.openColumn = nil
    options.highColumn = nil
    options.lowColumn = nil
    options.volumeColumn = nil
    if funding != nil {
      // Daily sums of per-interval rates → annualised decimals.
      daily = daily.split(separator: "\n").enumerated().map { i, line in
        guard i > 0, let comma = line.lastIndex(of: ","), let v = Double(line[line.index(after: comma)...]) else {
          return String(line)
        }
        return String(line[...comma]) + "\(v * 365)"
      }.joined(separator: "\n") + "\n"
      options.unit = .decimal
      options.rateConvention = .continuous
      options.tenorDays = 1
      options.notes =
        notes ?? "funding from \(URL(fileURLWithPath: file).lastPathComponent): per-\(funding!.hours)h rates summed per UTC day × 365 (annualised, simple)"
    } else {
      options.notes =
        notes ?? "from \(URL(fileURLWithPath: file).lastPathComponent): Unix-ms timestamps, last value of each UTC day"
    }
    let temporary = FileManager.default.temporaryDirectory
      .appendingPathComponent("hedgelab-daily-\(UUID().uuidString).csv")
    try daily.write(to: temporary, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: temporary) }
    do {
      let summary = try database.ingest(file: temporary.path, options: options)
      return summary.description.replacingOccurrences(
        of: temporary.path, with: "\(file) (\(funding == nil ? "last value" : "funding summed") per UTC day)")
    } catch {
      // Name the user's file: lines are those of its daily form (one row per UTC day).
      throw CommandFailure(
        String(describing: error).replacingOccurrences(
          of: temporary.path, with: "\(file) (one row per UTC day, after the header)"),
        exitStatus: (error as? any UserFacingError)?.exitStatus ?? ExitStatus.dataError)
    }
  }
}
