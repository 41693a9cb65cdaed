import Foundation
import Pricing

/// Turns a CSV file keyed by Unix-millisecond timestamps (what crypto venues' APIs export) into
/// one row per UTC day, which the ingester then loads like any ISO-dated file.
///
/// Rules, stated once:
/// - **Days are UTC**: a timestamp `ms` belongs to the day `⌊ms / 86,400,000⌋` since
///   1970-01-01, 00:00:00.000 to 23:59:59.999 UTC; 24:00 is the next day's 00:00.
/// - **Intraday to daily: the last value of the UTC day** (the row with the latest timestamp of
///   the day, per symbol): for prices the day's close, for implied volatility the last quote.
/// - **Funding** (`funding`): each row is the rate of one interval (8 hours on most venues),
///   stamped at the interval's payment time; the day's value is the **sum of its interval
///   rates** (what a position held all day pays per unit of notional). Consecutive payments
///   more than a day apart are refused (a hole the backtest would silently fill), as is a day
///   with more payments than `24/interval`.
/// - A timestamp below 10^11 (before 1973-03-03 in milliseconds) is refused as **seconds given
///   as milliseconds** (1.6·10^9 s is 2020; read as ms it would be 1970-01-19).
///
/// Every problem names the file, the line and the column.
public enum TimestampedFile {
  /// The per-interval funding schedule of a `--kind funding` file.
  public struct FundingInterval: Sendable, Equatable {
    /// Hours per interval (8 for Deribit, BitMEX, Binance).
    public var hours: Int
    public init(hours: Int) { self.hours = hours }
  }

  /// Milliseconds per day.
  static let millisecondsPerDay: Int64 = 86_400_000
  /// Smallest accepted timestamp: 10^11 ms = 1973-03-03; anything smaller is seconds.
  static let smallestMilliseconds: Int64 = 100_000_000_000

  /// The daily CSV (`date,value`, or `date,symbol,value` with a symbol column; ISO dates, rows
  /// sorted by symbol then day; values written as shortest round-trip doubles) of the
  /// file at `path`.
  ///
  /// - Parameters:
  ///   - dateColumn: the timestamp column (default: `timestamp`, `time`, `date`, else the first).
  ///   - symbolColumn: an optional symbol column (default: `symbol` when present).
  ///   - valueColumn: the value column (default: `value`, `close`, `rate`, `funding_rate`,
  ///     `iv`, else the only other column).
  ///   - funding: sum each day's interval rates instead of keeping the last value.
  public static func daily(
    path: String, dateColumn: String?, symbolColumn: String?, valueColumn: String?,
    funding: FundingInterval?
  ) throws(IngestError) -> String {
    var csv = try CSVRecords(path: path)
    let header = csv.header
    func column(_ flag: String, _ given: String?, _ defaults: [String]) throws(IngestError) -> Int? {
      try csv.column(flag, given, defaults)
    }
    let dateIndex = try column("--date-column", dateColumn, ["timestamp", "time", "date"]) ?? 0
    let symbolIndex = try column("--symbol-column", symbolColumn, ["symbol"])
    let others = header.indices.filter { $0 != dateIndex && $0 != symbolIndex }
    guard
      let valueIndex = try column(
        "--value-column", valueColumn, ["value", "close", "rate", "funding_rate", "iv"])
        ?? (others.count == 1 ? others[0] : nil)
    else {
      throw .invalidOptions(
        path: path,
        reason: "no value column: pass --value-column (the columns are \(header.joined(separator: ", ")))")
    }
    let dateName = header[dateIndex]
    let valueName = header[valueIndex]
    struct Row { var ms: Int64; var line: Int; var value: Double }
    var rows: [String: [Row]] = [:]
    var problems: [IngestProblem] = []
    func problem(_ line: Int, _ column: String, _ reason: String) {
      if problems.count < 20 { problems.append(IngestProblem(file: path, line: line, column: column, reason: reason)) }
    }
    var total = 0
    while try csv.next() {
      let line = csv.line
      guard csv.fields.count == header.count else {
        problem(line, dateName, "\(csv.fields.count) fields where the header has \(header.count)")
        continue
      }
      let stamp = csv.text(dateIndex)
      guard let ms = Int64(stamp) else {
        problem(line, dateName, "timestamp '\(stamp)' is not a whole number of milliseconds since 1970-01-01 UTC")
        continue
      }
      guard ms >= smallestMilliseconds else {
        problem(
          line, dateName,
          "timestamp \(stamp) is before 1973-03-03 in milliseconds; it looks like seconds since 1970-01-01 (\(Day(daysSinceEpoch: Int(ms / 86_400)))): multiply by 1000, or check the column")
        continue
      }
      let text = csv.text(valueIndex)
      guard let value = Double(text), value.isFinite else {
        problem(line, valueName, "'\(text)' is not a number")
        continue
      }
      total += 1
      let symbol = symbolIndex.map { csv.text($0) } ?? ""
      rows[symbol, default: []].append(Row(ms: ms, line: line, value: value))
    }
    var out = symbolIndex == nil ? "date,value\n" : "date,symbol,value\n"
    for symbol in rows.keys.sorted() {
      // Stable sort by time: equal timestamps keep file order (the later line wins).
      let series = rows[symbol]!.enumerated().sorted { ($0.element.ms, $0.offset) < ($1.element.ms, $1.offset) }
        .map(\.element)
      if let funding {
        let perDay = 24 / max(funding.hours, 1)
        for (a, b) in zip(series, series.dropFirst()) where b.ms - a.ms > millisecondsPerDay {
          problem(
            b.line, dateName,
            "funding gap of \(formatHours(b.ms - a.ms)) since line \(a.line) (longer than a day): the payments in between are missing; download the full history or split the file")
        }
        var counts: [Int64: Int] = [:]
        for row in series { counts[row.ms / millisecondsPerDay, default: 0] += 1 }
        for row in series where counts[row.ms / millisecondsPerDay]! > perDay {
          problem(
            row.line, dateName,
            "\(counts[row.ms / millisecondsPerDay]!) funding payments on \(Day(daysSinceEpoch: Int(row.ms / millisecondsPerDay))) UTC, more than \(perDay) for --interval \(funding.hours)h")
          counts[row.ms / millisecondsPerDay] = 0
        }
      }
      var day: Int64? = nil
      var value = 0.0
      func flush() {
        guard let day else { return }
        out += "\(Day(daysSinceEpoch: Int(day)))," + (symbolIndex == nil ? "" : "\(symbol),") + "\(value)\n"
      }
      for row in series {
        let d = row.ms / millisecondsPerDay
        if d != day {
          flush()
          day = d
          value = 0
        }
        value = funding == nil ? row.value : value + row.value
      }
      flush()
    }
    guard problems.isEmpty else { throw .invalidRows(path: path, problems: problems, total: problems.count) }
    guard total > 0 else { throw .noDataRows(path: path) }
    return out
  }

  private static func formatHours(_ ms: Int64) -> String {
    let hours = Double(ms) / 3_600_000
    return hours >= 48 ? "\(Int(clamping: hours / 24)) days" : "\(Int(clamping: hours)) hours"
  }
}
