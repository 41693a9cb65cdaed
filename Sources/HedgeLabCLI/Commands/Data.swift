import Analytics
import ArgumentParser
import MarketData

extension HedgeLab {
  /// `hedgelab data list|show`: what the market database holds.
  struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "data",
      abstract: "List the series of a market database, or print one as CSV.",
      subcommands: [List.self, Show.self]
    )

    /// `hedgelab data list --db PATH`.
    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "List every series: kind, unit, first and last date, rows, gaps longer than 5 business days.",
        discussion: """
          A gap is a run of more than 5 missing weekdays (Monday to Friday) between two stored \
          days of a daily series, or a missing month in a monthly one. Holidays are not \
          known to HedgeLab, so a daily series always shows its 1- to 4-day holiday closures as \
          nothing and longer closures (2001-09-11..17 is 4 weekdays) only when they exceed 5.

          Example:
            hedgelab data list
          """
      )

      @Option(help: Vocabulary.databaseHelp)
      var db: String = Vocabulary.defaultDatabase

      func run() throws {
        try withUserFacingErrors {
          let database = try MarketDatabase.open(existingAt: db)
          print(DataCommand.table(try database.catalogue()), terminator: "")
        }
      }
    }

    /// `hedgelab data show SYMBOL --kind … [--from] [--to] --db PATH`.
    struct Show: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Print one stored series as CSV on stdout, in canonical units.",
        discussion: """
          Columns: price date,open,high,low,close,volume; iv date,tenor_days,moneyness,iv \
          (decimal); rate date,tenor_days,rate,quoted_rate,quote_convention (rate decimal, \
          continuously compounded; quoted_rate as quoted, decimal); dividend-yield date,yield \
          (decimal); dividend-cash ex_date,amount. Without --kind: the symbol's price \
          series, else the only kind stored for it.

          Examples:
            hedgelab data show VIX --from 2020-03-09 --to 2020-03-20
            hedgelab data show GS3M --kind rate --from 2020-01-01
          """
      )

      @Argument(help: "The symbol or rate name.")
      var symbol: String

      @Option(help: "Which series of the symbol (default: its price series, else the only kind stored for it).")
      var kind: SeriesKindArgument?

      @Option(help: "First date, YYYY-MM-DD (inclusive).")
      var from: String?

      @Option(help: "Last date, YYYY-MM-DD (inclusive).")
      var to: String?

      @Option(help: Vocabulary.databaseHelp)
      var db: String = Vocabulary.defaultDatabase

      func validate() throws {
        for (flag, value) in [("--from", from), ("--to", to)] {
          if let value, Day(iso: value) == nil {
            throw ValidationError("\(flag) '\(value)' must be a date of the form YYYY-MM-DD")
          }
        }
      }

      /// The kind `data show SYMBOL` prints without `--kind`: the price series when one is
      /// stored, else the only kind stored for the symbol.
      static func storedKind(of symbol: String, in database: MarketDatabase, path: String) throws -> SeriesKind {
        let kinds = try database.catalogue().filter { $0.symbol == symbol }.map(\.kind)
        if kinds.contains(.price) || kinds.isEmpty { return .price }
        if kinds.count == 1 { return kinds[0] }
        let words = kinds.map { SeriesKindArgument($0).rawValue }
        throw CommandFailure(
          "\(symbol) has \(words.joined(separator: " and ")) series in '\(path)'; choose one with --kind \(words.joined(separator: "|"))",
          exitStatus: ExitStatus.usage)
      }

      func run() throws {
        try withUserFacingErrors {
          let database = try MarketDatabase.open(existingAt: db)
          let text = try database.csv(
            of: try kind?.seriesKind ?? Self.storedKind(of: symbol, in: database, path: db), symbol: symbol, from: from.flatMap { Day(iso: $0) }, to: to.flatMap { Day(iso: $0) })
          print(text, terminator: "")
        }
      }
    }

    /// The `data list` table: one line per series, columns aligned.
    static func table(_ entries: [SeriesSummary]) -> String {
      guard !entries.isEmpty else { return "no series stored; load some with 'hedgelab ingest'\n" }
      var rows: [[String]] = [
        ["kind", "symbol", "unit", "freq", "first", "last", "rows", "gaps", "longest gap", "points"]
      ]
      for e in entries {
        let longest: String
        if let g = e.longestGap {
          longest = "\(g.missing) \(e.frequency == "monthly" ? "months" : "weekdays") \(g.after)..\(g.before)"
        } else {
          longest = "-"
        }
        var points = "-"
        if e.kind == .impliedVolatility {
          let m = e.moneynessLevels.map { String($0) }
          points = "tenors \(e.tenors.map(String.init).joined(separator: ",")) d; moneyness \(m.count <= 6 ? m.joined(separator: ",") : "\(m.first!)..\(m.last!) (\(m.count))")"
        }
        rows.append([
          e.kind.rawValue, e.symbol, e.unit, e.frequency, e.firstDay?.description ?? "-",
          e.lastDay?.description ?? "-", String(e.rows), String(e.gapCount), longest, points,
        ])
      }
      return TextTable.aligned(rows, leftAligned: Set(rows[0].indices))
    }
  }
}
