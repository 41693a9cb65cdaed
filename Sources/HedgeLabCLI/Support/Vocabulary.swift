import ArgumentParser
import MarketData

/// The command line's one vocabulary (README, "Command-line vocabulary"), in one place:
///
/// - A flag names one thing, in the singular; a flag that selects several takes them repeated
///   or comma-separated (`--program a --program b` = `--program a,b`). Old plural spellings
///   (`--programs`, `--kind prices`) are accepted as hidden aliases.
/// - Series kinds are the words the database stores in `series.kind`: `price`, `iv`, `rate`,
///   `dividend-yield`, `dividend-cash`.
/// - `--db PATH` is the market database of every command; without it, a scenario command uses
///   the scenario's `data.database`, and every command falls back to `market.sqlite` in the
///   current folder.
/// - A tenor is a whole number with a unit: `30d` (calendar days), `2w`, `3m` (= 91 days,
///   365/12 rounded), `1y` (365 days), as `Tenor.days` reads it; `--expiry` also takes a bare
///   year fraction (`0.25`) or `0.25y`.
enum Vocabulary {
  /// The database every command falls back to: `market.sqlite` in the current folder.
  static let defaultDatabase = "market.sqlite"

  /// The help of `--db` on commands without a scenario.
  static let databaseHelp = ArgumentHelp(
    "The SQLite market database.", discussion: "Default: market.sqlite in the current folder.")

  /// The help of `--db` on scenario commands.
  static let scenarioDatabaseHelp = ArgumentHelp(
    "The SQLite market database.",
    discussion: "Default: the scenario's data.database (relative to the scenario file), else market.sqlite in the current folder.")

  /// The names of `--program` values: each value may hold several names separated by commas;
  /// blanks around names and empty entries are dropped.
  static func names(_ values: [String]) -> [String] {
    values.flatMap { $0.split(separator: ",") }
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }
}

/// `--kind` of `ingest` and `data show`: what a series holds, in the database's own words.
enum SeriesKindArgument: String, ExpressibleByArgument, CaseIterable {
  case price, iv, rate
  case dividendYield = "dividend-yield"
  case dividendCash = "dividend-cash"
  /// Perpetual-futures funding rates (`ingest --kind funding`), stored as a rate series.
  case funding

  /// Accepts the canonical words and the plural spellings of earlier versions (`prices`,
  /// `rates`, `ivs`, `dividend-yields`), which help does not list.
  init?(argument: String) {
    let word = argument.lowercased()
    if let kind = Self(rawValue: word) {
      self = kind
    } else if word.hasSuffix("s"), let kind = Self(rawValue: String(word.dropLast())) {
      self = kind
    } else {
      return nil
    }
  }

  init(_ kind: SeriesKind) {
    switch kind {
    case .price: self = .price
    case .impliedVolatility: self = .iv
    case .rate: self = .rate
    case .dividendYield: self = .dividendYield
    case .dividendCash: self = .dividendCash
    }
  }

  var seriesKind: SeriesKind {
    switch self {
    case .price: return .price
    case .iv: return .impliedVolatility
    case .rate: return .rate
    case .dividendYield: return .dividendYield
    case .dividendCash: return .dividendCash
    case .funding: return .rate
    }
  }
}
