import GRDB

extension ExperimentSchema {
  /// Migration "v3-runs" (frozen once shipped): the recorded runs of `hedgelab run` and
  /// `hedgelab compare`, so `hedgelab runs list` and `hedgelab report RUN_ID` work later and
  /// any SQLite client can query results.
  ///
  /// - `run`: one row per recorded run. `scenarioText` is the scenario file's text as loaded
  ///   and `scenarioSha256` the SHA-256 of its UTF-8 bytes; `periodFrom`/`periodTo` the first
  ///   and last day actually simulated (ISO `YYYY-MM-DD`, so `--from`/`--to` overrides are
  ///   replayed); `programs` the program selection as a JSON array of names (`NULL`: all);
  ///   `dataHashes` a JSON array of `{"series", "observations", "sha256"}` objects, one per
  ///   aligned input series, hashed as in `manifest.json`; `startedAt` ISO 8601 UTC.
  /// - `runProgram`: the programs of a run, in report order (`position` from 0).
  /// - `runMetric`: one metric of one program: a stable `key`, its `value` (`NULL` when
  ///   undefined, never NaN) in `unit` (`%` means the decimal × 100, `currency`, `count`…);
  ///   a rowid table, so `ORDER BY rowid` gives the metrics in the order they were recorded.
  static func registerRunsMigration(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("v3-runs") { db in
      try db.execute(
        sql: """
          CREATE TABLE run (
            id INTEGER PRIMARY KEY,
            startedAt TEXT NOT NULL,
            command TEXT NOT NULL,
            hedgelabVersion TEXT NOT NULL,
            scenarioName TEXT NOT NULL,
            scenarioFile TEXT NOT NULL,
            scenarioText TEXT NOT NULL,
            scenarioSha256 TEXT NOT NULL,
            periodFrom TEXT NOT NULL,
            periodTo TEXT NOT NULL,
            programs TEXT,
            dataHashes TEXT NOT NULL
          );

          CREATE TABLE runProgram (
            runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            program TEXT NOT NULL,
            position INTEGER NOT NULL CHECK (position >= 0),
            PRIMARY KEY (runId, program)
          ) WITHOUT ROWID;

          CREATE TABLE runMetric (
            runId INTEGER NOT NULL,
            program TEXT NOT NULL,
            key TEXT NOT NULL,
            value REAL,
            unit TEXT NOT NULL,
            PRIMARY KEY (runId, program, key),
            FOREIGN KEY (runId, program) REFERENCES runProgram(runId, program) ON DELETE CASCADE
          );
          """)
    }
  }
}

extension ExperimentSchema {
  /// Migration "v5-run-metric-convention" (frozen once shipped): runs recorded before every
  /// command read its metrics from one definition follow the one convention (losses
  /// negative, percent as decimal × 100, the same keys as `compare`):
  /// - `max_drawdown_pct` recorded by `run` was positive: it becomes `−|value|` (values
  ///   recorded by `compare` were already ≤ 0 and stay).
  /// - `annualised_return_pct` (recorded by `run`) is also recorded as `cagr_pct` where the
  ///   run has none.
  static func registerRunMetricConvention(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("v5-run-metric-convention") { db in
      try db.execute(
        sql: """
          UPDATE runMetric SET value = -abs(value) WHERE key = 'max_drawdown_pct' AND value > 0;
          INSERT OR IGNORE INTO runMetric (runId, program, key, value, unit)
            SELECT runId, program, 'cagr_pct', value, unit FROM runMetric WHERE key = 'annualised_return_pct';
          """)
    }
  }
}
