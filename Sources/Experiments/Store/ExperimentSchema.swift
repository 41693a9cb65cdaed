import GRDB
import MarketData

/// The schema of the recorded runs and sweeps, as versioned migrations of their own, applied
/// to the market database's SQLite file (one file holds the data and what was computed from
/// it; ``ExperimentStore`` applies them when it opens the file).
///
/// The migrations keep the names they shipped with when they were part of the market
/// schema, and share its `grdb_migrations` table: a file written by an earlier release has
/// them applied already and is not migrated again (GRDB runs the registered migrations whose
/// identifier is not in that table, and ignores the market's). A migration is never modified
/// once shipped; a change is a new migration appended here with a name the market schema
/// does not use.
public enum ExperimentSchema {
  /// Names of the shipped migrations, in order. Frozen: tests check this list.
  public static let migrationNames = ["v2-sweeps", "v3-runs", "v4-sweep-provenance", "v5-run-metric-convention"]

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    registerSweeps(&migrator)
    registerRunsMigration(&migrator)
    registerSweepProvenance(&migrator)
    registerRunMetricConvention(&migrator)
    return migrator
  }
}
