import Foundation

/// Turns an option-chain history as users download it (a long file, one row per observation
/// date × expiry × strike, with the implied volatility and the underlying's price) into the
/// stored surface schema (``VolatilityPoint``: tenor in calendar days, moneyness `K/S`), which
/// the ingester then loads like any implied-volatility file.
///
/// Rules, stated once:
/// - **Tenor** = calendar days from the observation date to the expiry date. Crypto options
///   expire at 08:00 UTC and venues' daily chain snapshots are taken at 08:00 UTC, so this is
///   the exact time to expiry in days; for end-of-day quotes it overstates it by 16 hours. The
///   engine measures an option's time to expiry to the close before its 08:00 expiry
///   (``CryptoExpiryCalendar``), so it reads the surface one day shorter than stored, which
///   the surface's interpolation in tenor absorbs.
/// - **Moneyness** = strike / underlying price on that row (the venue's index or futures price
///   column, as given).
/// - Dates are ISO (`2021-06-25`, optionally followed by a time, which is ignored) and
///   expiries either ISO or the venues' instrument style (`25JUN21`).
/// - The output has one row per input row, in file order, so the ingester's line numbers are
///   those of the user's file; the IV is copied as written (its unit is checked by the
///   ingester: `--unit percent` for 75.3, decimal for 0.753).
///
/// Every problem names the file, the line and the column: an expiry on or before the
/// observation date, a strike or underlying price that is not a positive number, a date that
/// cannot be read, a missing column.
public enum OptionChainFile {
  /// The columns to read (nil: the defaults listed with each).
  public struct Columns: Sendable, Equatable {
    /// Default `date`, `timestamp`, else the first column.
    public var date: String?
    /// Required.
    public var expiry: String
    /// Required.
    public var strike: String
    /// Default `underlying_price`, `underlying`, `index_price`, `spot`.
    public var underlying: String?
    /// Default `iv`, `mark_iv`, `implied_volatility`, `value`.
    public var value: String?
    /// Optional; default `symbol` when present.
    public var symbol: String?

    public init(
      date: String? = nil, expiry: String, strike: String, underlying: String? = nil,
      value: String? = nil, symbol: String? = nil
    ) {
      self.date = date
      self.expiry = expiry
      self.strike = strike
      self.underlying = underlying
      self.value = value
      self.symbol = symbol
    }
  }

  /// The converted CSV of the file at `path`: `date,[symbol,]tenor_days,moneyness,<IV column>`
  /// (the IV column keeps the user's name, so the ingester's messages name it).
  public static func surface(path: String, columns: Columns) throws(IngestError) -> String {
    var csv = try CSVRecords(path: path)
    let header = csv.header
    func column(_ flag: String, _ given: String?, _ defaults: [String]) throws(IngestError) -> Int? {
      try csv.column(flag, given, defaults)
    }
    func required(_ flag: String, _ given: String?, _ defaults: [String], _ what: String) throws(IngestError) -> Int {
      guard let i = try column(flag, given, defaults) else {
        throw .invalidOptions(
          path: path,
          reason: "no \(what) column (looked for \(defaults.joined(separator: ", "))): pass \(flag) (the columns are \(header.joined(separator: ", ")))")
      }
      return i
    }
    let dateIndex = try column("--date-column", columns.date, ["date", "timestamp"]) ?? 0
    let expiryIndex = try required("--expiry-column", columns.expiry, [], "expiry")
    let strikeIndex = try required("--strike-column", columns.strike, [], "strike")
    let underlyingIndex = try required(
      "--underlying-column", columns.underlying, ["underlying_price", "underlying", "index_price", "spot"],
      "underlying price")
    let valueIndex = try required(
      "--value-column", columns.value, ["iv", "mark_iv", "implied_volatility", "value"], "implied volatility")
    let symbolIndex = try column("--symbol-column", columns.symbol, ["symbol"])
    var problems: [IngestProblem] = []
    func problem(_ line: Int, _ column: Int, _ reason: String) {
      if problems.count < 20 { problems.append(IngestProblem(file: path, line: line, column: header[column], reason: reason)) }
    }
    var out = "date," + (symbolIndex == nil ? "" : "symbol,") + "tenor_days,moneyness,\(header[valueIndex])\n"
    var total = 0
    while try csv.next() {
      let line = csv.line
      guard csv.fields.count == header.count else {
        problem(line, dateIndex, "\(csv.fields.count) fields where the header has \(header.count)")
        continue
      }
      let dateText = csv.text(dateIndex)
      guard let date = isoDay(dateText) else {
        problem(line, dateIndex, "'\(dateText)' is not a date YYYY-MM-DD")
        continue
      }
      let expiryText = csv.text(expiryIndex)
      guard let expiry = isoDay(expiryText) ?? instrumentDay(expiryText) else {
        problem(line, expiryIndex, "'\(expiryText)' is not an expiry date (YYYY-MM-DD or 25JUN21)")
        continue
      }
      guard expiry > date else {
        problem(
          line, expiryIndex,
          "expiry \(expiry) is not after the observation date \(date): an expired option has no implied volatility; drop the row or check the two columns")
        continue
      }
      let strikeText = csv.text(strikeIndex)
      guard let strike = Double(strikeText), strike.isFinite, strike > 0 else {
        problem(line, strikeIndex, "strike ('\(strikeText)') must be a positive number")
        continue
      }
      let spotText = csv.text(underlyingIndex)
      guard let spot = Double(spotText), spot.isFinite, spot > 0 else {
        problem(line, underlyingIndex, "underlying price ('\(spotText)') must be a positive number")
        continue
      }
      total += 1
      out += "\(date)," + (symbolIndex.map { csv.text($0) + "," } ?? "")
        + "\(date.days(to: expiry)),\(strike / spot),\(csv.text(valueIndex))\n"
    }
    guard problems.isEmpty else { throw .invalidRows(path: path, problems: problems, total: problems.count) }
    guard total > 0 else { throw .noDataRows(path: path) }
    return out
  }

  /// `2021-06-25`, or `2021-06-25T08:00:00Z` / `2021-06-25 08:00` (the time is ignored).
  static func isoDay(_ text: String) -> Day? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let day = Day(iso: trimmed) { return day }
    guard trimmed.count > 10 else { return nil }
    let separator = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 10)]
    guard separator == "T" || separator == " " else { return nil }
    return Day(iso: trimmed.prefix(10))
  }

  /// The venues' instrument style: `25JUN21`, `5MAR21` (day, month, two-digit year 20YY).
  static func instrumentDay(_ text: String) -> Day? {
    let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    let u = text.trimmingCharacters(in: .whitespaces).uppercased()
    guard (6...7).contains(u.count) else { return nil }
    let dayDigits = u.dropLast(5)
    let month = u.dropFirst(dayDigits.count).prefix(3)
    let year = u.suffix(2)
    guard let d = Int(dayDigits), let m = months.firstIndex(of: String(month)), let y = Int(year) else { return nil }
    return Day(year: 2000 + y, month: m + 1, day: d)
  }
}
