/// One invalid row (or cell, in a wide file) of an ingested file.
public struct IngestProblem: Sendable, Equatable, CustomStringConvertible {
  public var file: String
  /// 1-based line of the record in the file.
  public var line: Int
  /// The column the problem is in, when it is one cell.
  public var column: String?
  public var reason: String

  public init(file: String, line: Int, column: String?, reason: String) {
    self.file = file
    self.line = line
    self.column = column
    self.reason = reason
  }

  /// `FILE:LINE: reason` (the reason names the column when there is one).
  public var description: String { "\(file):\(line): \(reason)" }
}

/// Failures of `hedgelab ingest`: the whole file is refused and the database is unchanged.
public enum IngestError: Error, Equatable, CustomStringConvertible {
  /// How many problems an `invalidRows` message lists.
  public static let listedProblems = 20

  case fileNotFound(path: String)
  case unreadableFile(path: String, reason: String)
  /// The file has no record at all.
  case emptyFile(path: String)
  /// The first record looks like data, not column names.
  case missingHeader(path: String, firstField: String)
  /// The header has only a header: no data rows.
  case noDataRows(path: String)
  /// Every value cell is empty (a wide file with no values): nothing to store.
  case noValues(path: String)
  /// The header cannot be read as the layout asked for: a column without a name, a name used
  /// twice, or no column that can hold the values.
  case invalidHeader(path: String, reason: String)
  /// A named or required column is not in the header.
  case columnNotFound(path: String, flag: String, column: String, header: [String])
  /// Two flags that cannot be combined, or a required one missing, for this file.
  case invalidOptions(path: String, reason: String)
  /// Volatilities, rates or yields (in `column`: "column 'close'" or "the 20 symbol columns")
  /// whose magnitudes do not fit the declared unit (`nil`:
  /// none declared, read as decimals) but `looksLike` (see ``UnitPlausibility``).
  case implausibleUnit(
    path: String, kind: SeriesKind, column: String, declared: ValueUnit?, looksLike: ValueUnit, median: Double,
    largest: Double)
  /// Invalid rows without `--skip-invalid`: the first problems and the total count.
  case invalidRows(path: String, problems: [IngestProblem], total: Int)
  /// The rejects file cannot be written.
  case cannotWriteRejects(path: String, reason: String)
  /// SQLite failed while writing; the transaction was rolled back.
  case databaseWriteFailed(database: String, reason: String)

  public var description: String {
    switch self {
    case .fileNotFound(let path):
      return "input file '\(path)' does not exist; check the path"
    case .unreadableFile(let path, let reason):
      return "input file '\(path)' cannot be read (\(reason)); give a regular file you may read"
    case .emptyFile(let path):
      return "\(path):1: the file is empty; a CSV file needs a header line naming its columns and at least one data row"
    case .missingHeader(let path, let first):
      return "\(path):1: the first line must name the columns, but its first field ('\(Excerpt.text(first))') looks like data; add a header line such as 'date,close'"
    case .noDataRows(let path):
      return "\(path):2: the file has a header but no data rows; nothing to ingest"
    case .noValues(let path):
      return "\(path): every value cell is empty; nothing to ingest"
    case .invalidHeader(let path, let reason):
      return "\(path):1: \(reason)"
    case .columnNotFound(let path, let flag, let column, let header):
      let shown = header.prefix(30).map { Excerpt.text($0) } + (header.count > 30 ? ["… \(header.count - 30) more"] : [])
      return "\(path):1: column '\(Excerpt.text(column))' (\(flag)) is not in the header (columns: \(shown.joined(separator: ", "))); pass the right column name with \(flag)"
    case .invalidOptions(let path, let reason):
      return "\(path): \(reason)"
    case .implausibleUnit(let path, let kind, let column, let declared, let looksLike, let median, let largest):
      let what: String
      switch kind {
      case .impliedVolatility: what = "implied volatilities"
      case .rate: what = "rates"
      case .dividendYield: what = "dividend yields"
      case .price, .dividendCash: what = "values"
      }
      let stated = declared.map { "declared --unit \($0.rawValue)" } ?? "read as decimals (no --unit)"
      if looksLike == .percent {
        return "\(path): \(what) in \(column) look like percentage points, not decimals (median \(median), which as a decimal would be \((median * 100 * 1e6).rounded() / 1e6) % a year; \(stated)); pass --unit percent (17.24 means 17.24 %), or --force-unit if they really are decimals"
      }
      return "\(path): \(what) in \(column) look like decimals, not percentage points (median \(median), largest \(largest): in percent that is \(median) % a year; \(stated)); pass --unit decimal (0.1724 means 17.24 %), or --force-unit if they really are percent"
    case .invalidRows(let path, let problems, let total):
      var lines = problems.prefix(IngestError.listedProblems).map(\.description)
      let more = total - lines.count
      if more > 0 { lines.append("… and \(more) more") }
      lines.append(
        "\(path): \(total) invalid row\(total == 1 ? "" : "s"); nothing was stored. Fix the file, or pass --skip-invalid --rejects PATH to store the valid rows and write the others to PATH")
      return lines.joined(separator: "\n")
    case .cannotWriteRejects(let path, let reason):
      return "rejects file '\(path)' cannot be written (\(reason)); choose another --rejects path"
    case .databaseWriteFailed(let database, let reason):
      return "database '\(database)' could not be written (\(reason)); nothing was stored. Check free disk space and permissions"
    }
  }
}
