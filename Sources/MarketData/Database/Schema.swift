import GRDB

/// The database schema, as versioned migrations.
///
/// A migration is never modified once it has shipped (GRDB, *Migrations*): a change of schema
/// is a new migration appended to this list, with a new frozen name. Migrations use plain SQL
/// with string table names and depend on no application type.
///
/// Conventions (documented for users in the README's "Database schema" section):
/// - days are ISO 8601 `TEXT` `YYYY-MM-DD`, readable by the `sqlite3` shell and pandas, and
///   sorting as dates;
/// - volatilities, rates and yields are annualised decimals (0.2 = 20 % a year); rates are
///   continuously compounded;
/// - data tables are `WITHOUT ROWID` with the series key first in the primary key, so one
///   symbol's history is one range scan of the primary-key B-tree.
package enum Schema {
  /// Names of the shipped migrations of the market data, in order. Frozen: tests check this
  /// list. The recorded runs and sweeps have their own migrations in the same file and the
  /// same `grdb_migrations` table (the Experiments module's `ExperimentSchema`: "v2-sweeps",
  /// "v3-runs", "v4-sweep-provenance", "v5-run-metric-convention"); a new migration of either
  /// takes a name used by neither.
  package static let migrationNames = ["v1-schema"]

  package static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-schema") { db in
      try db.execute(
        sql: """
          CREATE TABLE ingestLog (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            kind TEXT NOT NULL,
            options TEXT NOT NULL,
            rowsRead INTEGER NOT NULL,
            rowsInserted INTEGER NOT NULL,
            rowsChanged INTEGER NOT NULL,
            rowsUnchanged INTEGER NOT NULL,
            rowsRejected INTEGER NOT NULL,
            startedAt TEXT NOT NULL,
            finishedAt TEXT NOT NULL
          );

          CREATE TABLE series (
            kind TEXT NOT NULL
              CHECK (kind IN ('price', 'iv', 'rate', 'dividend_yield', 'dividend_cash')),
            symbol TEXT NOT NULL,
            unit TEXT NOT NULL,
            frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'monthly')),
            sourceFile TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            lastIngestId INTEGER REFERENCES ingestLog(id),
            PRIMARY KEY (kind, symbol)
          ) WITHOUT ROWID;

          CREATE TABLE priceBar (
            symbol TEXT NOT NULL,
            day TEXT NOT NULL,
            open REAL CHECK (open > 0),
            high REAL CHECK (high > 0),
            low REAL CHECK (low > 0),
            close REAL NOT NULL CHECK (close > 0),
            volume REAL CHECK (volume >= 0),
            PRIMARY KEY (symbol, day)
          ) WITHOUT ROWID;

          CREATE TABLE impliedVolatility (
            symbol TEXT NOT NULL,
            day TEXT NOT NULL,
            tenorDays INTEGER NOT NULL CHECK (tenorDays > 0),
            moneyness REAL NOT NULL CHECK (moneyness > 0),
            volatility REAL NOT NULL CHECK (volatility > 0 AND volatility <= 5),
            PRIMARY KEY (symbol, day, tenorDays, moneyness)
          ) WITHOUT ROWID;

          CREATE TABLE rate (
            name TEXT NOT NULL,
            day TEXT NOT NULL,
            tenorDays INTEGER NOT NULL CHECK (tenorDays > 0),
            rate REAL NOT NULL CHECK (rate >= -1 AND rate <= 1),
            quotedRate REAL NOT NULL,
            quoteConvention TEXT NOT NULL
              CHECK (quoteConvention IN ('continuous', 'simple', 'bond-equivalent', 'annual')),
            PRIMARY KEY (name, day)
          ) WITHOUT ROWID;

          CREATE TABLE dividendYield (
            symbol TEXT NOT NULL,
            day TEXT NOT NULL,
            yield REAL NOT NULL CHECK (yield >= 0 AND yield <= 1),
            PRIMARY KEY (symbol, day)
          ) WITHOUT ROWID;

          CREATE TABLE cashDividend (
            symbol TEXT NOT NULL,
            exDate TEXT NOT NULL,
            amount REAL NOT NULL CHECK (amount > 0),
            PRIMARY KEY (symbol, exDate)
          ) WITHOUT ROWID;
          """)
    }
    return migrator
  }
}

extension SeriesKind {
  /// The table holding this kind's rows, and its series-name column.
  var table: (name: String, symbolColumn: String, dayColumn: String) {
    switch self {
    case .price: return ("priceBar", "symbol", "day")
    case .impliedVolatility: return ("impliedVolatility", "symbol", "day")
    case .rate: return ("rate", "name", "day")
    case .dividendYield: return ("dividendYield", "symbol", "day")
    case .dividendCash: return ("cashDividend", "symbol", "exDate")
    }
  }

  /// The unit stored in `series.unit` for this kind.
  public var storedUnit: String {
    switch self {
    case .price: return "currency"
    case .impliedVolatility: return "decimal"
    case .rate: return "decimal, continuously compounded"
    case .dividendYield: return "decimal, continuous"
    case .dividendCash: return "currency per share"
    }
  }
}
