import GRDB

extension ExperimentSchema {
  /// Migration "v2-sweeps": the results of parameter sweeps (`hedgelab sweep`), so an
  /// interrupted sweep resumes without redoing a finished point. Frozen once shipped.
  ///
  /// - `sweep`: one row per sweep; `id` is the hex SHA-256 of the scenario text and the grid
  ///   (the same sweep on any machine has the same id).
  /// - `sweepPoint`: one row per finished grid point; `pointIndex` is the point's index in the
  ///   whole grid (shard-independent), `grid` its `key=value` text.
  /// - `sweepResult`: one row per finished point and program with the program's summary
  ///   metrics; money in the portfolio's currency, returns, volatility and drawdown as decimals
  ///   (annualised where named so), `tradeCount` a count; NULL where a metric is undefined.
  ///   A point's rows are written in the same transaction as its `sweepPoint` row.
  static func registerSweeps(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("v2-sweeps") { db in
      try db.execute(
        sql: """
          CREATE TABLE sweep (
            id TEXT NOT NULL PRIMARY KEY,
            scenario TEXT NOT NULL,
            grid TEXT NOT NULL,
            pointCount INTEGER NOT NULL CHECK (pointCount > 0),
            createdAt TEXT NOT NULL
          ) WITHOUT ROWID;

          CREATE TABLE sweepPoint (
            sweepId TEXT NOT NULL REFERENCES sweep(id) ON DELETE CASCADE,
            pointIndex INTEGER NOT NULL CHECK (pointIndex >= 0),
            grid TEXT NOT NULL,
            PRIMARY KEY (sweepId, pointIndex)
          ) WITHOUT ROWID;

          CREATE TABLE sweepResult (
            sweepId TEXT NOT NULL,
            pointIndex INTEGER NOT NULL,
            programIndex INTEGER NOT NULL CHECK (programIndex >= 0),
            program TEXT NOT NULL,
            initialValue REAL,
            finalValue REAL,
            annualisedReturn REAL,
            annualisedVolatility REAL,
            maxDrawdown REAL,
            commission REAL,
            spread REAL,
            fees REAL,
            minimumFee REAL,
            totalCosts REAL,
            tradeCount INTEGER,
            PRIMARY KEY (sweepId, pointIndex, programIndex),
            FOREIGN KEY (sweepId, pointIndex) REFERENCES sweepPoint(sweepId, pointIndex) ON DELETE CASCADE
          ) WITHOUT ROWID;
          """)
    }
  }
}

extension ExperimentSchema {
  /// Migration "v4-sweep-provenance" (frozen once shipped): what a finished sweep point was
  /// computed from, so a sweep reruns a point whose code or data changed instead of serving
  /// a stale result, and metrics by key, so adding a metric needs no new column.
  ///
  /// - `sweepPoint.codeVersion`: the HedgeLab version that computed the point (`NULL` for
  ///   points written before this migration: they are rerun).
  /// - `sweepPoint.dataHashes`: a JSON array of `{"series", "observations", "sha256"}` objects,
  ///   one per aligned input series the point read (as `run.dataHashes`).
  /// - `sweepMetric`: one metric of one program at one point: its `key` (a `sweep.csv`
  ///   column such as `cagr_pct`) and `value` (`NULL` when undefined, never NaN). The metric
  ///   columns of `sweepResult` are no longer written; its rows keep the program names.
  static func registerSweepProvenance(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("v4-sweep-provenance") { db in
      try db.execute(
        sql: """
          ALTER TABLE sweepPoint ADD COLUMN codeVersion TEXT;
          ALTER TABLE sweepPoint ADD COLUMN dataHashes TEXT;

          CREATE TABLE sweepMetric (
            sweepId TEXT NOT NULL,
            pointIndex INTEGER NOT NULL,
            programIndex INTEGER NOT NULL CHECK (programIndex >= 0),
            key TEXT NOT NULL,
            value REAL,
            PRIMARY KEY (sweepId, pointIndex, programIndex, key),
            FOREIGN KEY (sweepId, pointIndex) REFERENCES sweepPoint(sweepId, pointIndex) ON DELETE CASCADE
          ) WITHOUT ROWID;
          """)
    }
  }
}
