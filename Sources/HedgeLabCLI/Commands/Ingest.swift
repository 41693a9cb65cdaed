import ArgumentParser
import Foundation
import MarketData

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension HedgeLab {
  /// `hedgelab ingest FILE --db PATH --kind …`: loads one CSV file into the market database.
  struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Load a CSV file of prices, implied volatilities, rates or dividends into the market database.",
      discussion: """
        One transaction per file: every valid row is stored, or none. Rows are upserted on \
        their key (symbol, date, and tenor and moneyness for implied volatilities): \
        re-ingesting a file changes nothing, a corrected file updates the rows that differ. \
        Everything is stored in canonical units: volatilities, rates and yields as annualised \
        decimals, rates continuously compounded.

        Examples:
          hedgelab ingest spx_daily.csv --db market.sqlite --kind price --symbol SPX
          hedgelab ingest vix_daily.csv --db market.sqlite --kind iv --symbol VIX \\
            --value-column close --unit percent --tenor 30d --moneyness 1.0
          hedgelab ingest stocks20_prices.csv --db market.sqlite --kind price --wide
          hedgelab ingest gs3m_monthly.csv --db market.sqlite --kind rate \\
            --symbol GS3M --date-format month --unit percent \\
            --rate-convention bond-equivalent --tenor 3m
        """
    )

    /// The `--kind` values (`prices` and `rates` are accepted as hidden aliases).
    typealias Kind = SeriesKindArgument

    @Argument(help: "The CSV file to load (RFC 4180; a UTF-8 byte-order mark and CRLF line ends are accepted).")
    var file: String

    @Option(help: "The SQLite database to load into (created if absent; default: market.sqlite in the current folder).")
    var db: String = Vocabulary.defaultDatabase

    @Option(help: "What the file holds: price (close, optional open/high/low/volume), iv (implied volatility), rate, dividend-yield, dividend-cash, funding (perpetual funding rates, stored as a rate).")
    var kind: Kind

    @Flag(help: "Wide layout: a date column and one column per symbol, named by the symbol (empty cells are missing values).")
    var wide = false

    @Option(help: "The date column (default: date, day, month or ex_date, else the first column).")
    var dateColumn: String?

    @Option(help: "How dates are written: iso (YYYY-MM-DD), month (YYYY-MM, a monthly value stored on the 1st), us (M/D/YYYY), unix-ms (milliseconds since 1970-01-01 UTC: UTC days, the last value of each day).")
    var dateFormat: DateFormat = .iso

    @Option(help: "The symbol (or rate name) of every row, for a long file holding one series.")
    var symbol: String?

    @Option(help: "The symbol column of a long file (default: symbol or ticker).")
    var symbolColumn: String?

    @Option(help: "The value column of a long file: the close for prices, else the volatility, rate, yield or amount.")
    var valueColumn: String?

    @Option(help: "The open price column (default: open, when present).")
    var openColumn: String?
    @Option(help: "The high price column (default: high, when present).")
    var highColumn: String?
    @Option(help: "The low price column (default: low, when present).")
    var lowColumn: String?
    @Option(help: "The volume column (default: volume, when present).")
    var volumeColumn: String?

    @Option(help: "The tenor of every row: 30d, 2w, 3m (= 91 days), 1y (= 365 days).")
    var tenor: String?

    @Option(help: "The tenor column, in whole calendar days (default: tenor_days or tenor).")
    var tenorColumn: String?

    @Option(help: "The moneyness (strike / spot) of every row; 1.0 is at the money.")
    var moneyness: Double?

    @Option(help: "The moneyness column, strike / spot (default: moneyness).")
    var moneynessColumn: String?

    @Option(help: "Unit of volatilities, rates and yields: decimal (0.1724) or percent (17.24). Required for rates and dividend yields.")
    var unit: ValueUnit?

    @Flag(help: "Store the values in --unit even when they look like the other unit (percent rates that stayed near zero, for example).")
    var forceUnit = false

    @Option(help: "How rates are compounded: continuous, simple, bond-equivalent (US Treasury yields such as GS3M) or annual. Required for rates.")
    var rateConvention: RateConvention?

    @Flag(help: "Store the valid rows and write the invalid ones to --rejects, instead of refusing the whole file.")
    var skipInvalid = false

    @Option(help: "With --skip-invalid: the CSV file receiving every rejected row with its line and reason.")
    var rejects: String?

    @Option(help: "A note stored with the series in the catalogue (default: where it came from and how it was converted).")
    var notes: String?

    @Option(help: "With --kind funding: the funding interval of each row's rate, e.g. 8h.")
    var interval: String?

    @Option(help: "With --kind iv: an option chain (one row per date × expiry × strike); the expiry date column (2021-06-25 or 25JUN21).")
    var expiryColumn: String?

    @Option(help: "With --expiry-column: the strike column (currency).")
    var strikeColumn: String?

    @Option(help: "With --expiry-column: the underlying price column (default: underlying_price, underlying, index_price or spot).")
    var underlyingColumn: String?

    func validate() throws {
      try validateCrypto()
      try validateOptionChain()
      if let symbol, let reason = SymbolName.problem(symbol) {
        throw ValidationError("--symbol: \(reason)")
      }
      if let tenor, Tenor.days(tenor) == nil {
        throw ValidationError("--tenor '\(tenor)' must be a number of days, weeks, months or years such as 30d, 2w, 3m or 1y")
      }
      if skipInvalid, rejects == nil {
        throw ValidationError("--skip-invalid needs --rejects PATH, the CSV file that receives the rejected rows")
      }
      if rejects != nil, !skipInvalid {
        throw ValidationError("--rejects is only written with --skip-invalid")
      }
      if kind == .rate, unit == nil {
        throw ValidationError("rates need --unit percent or --unit decimal (0.05 could be 5 % or 0.05 %)")
      }
      if kind == .dividendYield, unit == nil {
        throw ValidationError("dividend yields need --unit percent or --unit decimal")
      }
      if kind == .rate, rateConvention == nil {
        throw ValidationError(
          "rates need --rate-convention (continuous, simple, bond-equivalent or annual); US Treasury yields such as GS3M are bond-equivalent")
      }
    }

    /// The options for the MarketData loader.
    var ingestOptions: IngestOptions {
      var o = IngestOptions(kind: kind.seriesKind)
      o.layout = wide ? .wide : .long
      o.dateColumn = dateColumn
      o.dateFormat = dateFormat
      o.symbol = symbol
      o.symbolColumn = symbolColumn
      o.valueColumn = valueColumn
      o.openColumn = openColumn
      o.highColumn = highColumn
      o.lowColumn = lowColumn
      o.volumeColumn = volumeColumn
      o.tenorDays = tenor.flatMap(Tenor.days)
      o.tenorColumn = tenorColumn
      o.moneyness = moneyness
      o.moneynessColumn = moneynessColumn
      o.unit = unit
      o.rateConvention = rateConvention
      o.forceUnit = forceUnit
      o.skipInvalid = skipInvalid
      o.rejectsPath = rejects
      o.notes = notes
      return o
    }

    func run() throws {
      try withUserFacingErrors {
        let reporter = ProgressLine()
        if dateFormat == .unixMilliseconds {
          print(try ingestTimestamped(into: try openDatabase()))
          return
        }
        if expiryColumn != nil {
          print(try ingestOptionChain(into: try openDatabase()))
          return
        }
        let summary = try perform { reporter.update($0) }
        reporter.finish()
        print(summary.description)
      }
    }

    /// The ingest itself, without printing: what `run` does, and what the fuzzer calls.
    func perform(progress: ((IngestProgress) -> Void)? = nil) throws -> IngestSummary {
      try openDatabase().ingest(file: file, options: ingestOptions, progress: progress)
    }

    /// The database, once no output path is found to name the input or another output
    /// (checked before anything is opened for writing).
    func openDatabase() throws -> MarketDatabase {
      var paths = [FileIdentity.NamedPath("FILE", file, .input)] + FileIdentity.NamedPath.database("--db", db)
      if let rejects { paths.append(FileIdentity.NamedPath("--rejects", rejects, .output)) }
      try PathCheck.refuseClashes(paths)
      return try MarketDatabase(path: db)
    }
  }
}

/// A progress line on stderr, only when stderr is a terminal and the work has taken more than
/// two seconds: `\r  42.0 %  2,100,000 rows  612,000 rows/s`.
final class ProgressLine {
  private let enabled = isatty(2) == 1
  private var shown = false
  private var lastSeconds = 0.0

  func update(_ p: IngestProgress) {
    guard enabled, p.seconds > 2, p.seconds - lastSeconds >= 0.25 else { return }
    lastSeconds = p.seconds
    shown = true
    let rate = p.seconds > 0 ? Double(p.rows) / p.seconds : 0
    let text = String(format: "\r  %5.1f %%  %d rows  %.0f rows/s", p.fraction * 100, p.rows, rate)
    FileHandle.standardError.write(Data(text.utf8))
  }

  func finish() {
    if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}
