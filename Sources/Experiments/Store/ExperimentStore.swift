import GRDB
import MarketData

/// The recorded runs and sweeps of a market database: typed GRDB records in the same SQLite
/// file as the market data, with their own migrations (``ExperimentSchema``).
///
/// Opening a store migrates the file's run and sweep tables; the market data is read through
/// ``database`` as before.
public struct ExperimentStore: Sendable {
  /// The market database whose file holds the runs and sweeps.
  public let database: MarketDatabase

  /// The file path, or `":memory:"`.
  public var path: String { database.path }

  /// Opens the runs and sweeps of `database`, migrating their tables.
  /// - Throws: `MarketDataError.databaseNotWritable` / `.databaseBusy` when the tables cannot
  ///   be created or migrated.
  public init(_ database: MarketDatabase) throws {
    self.database = database
    do {
      try ExperimentSchema.migrator.migrate(database.writer)
    } catch let error as DatabaseError {
      throw MarketDatabase.classify(error, path: database.path)
    }
  }

  /// The migrations of the market data and of the runs and sweeps applied to the file, in
  /// order (market first).
  public func appliedMigrations() throws -> [String] {
    try database.read { db in
      try Schema.migrator.appliedMigrations(db) + ExperimentSchema.migrator.appliedMigrations(db)
    }
  }

  /// Every migration name a file of this version has applied, in the order of
  /// ``appliedMigrations()``.
  public static var migrationNames: [String] { Schema.migrationNames + ExperimentSchema.migrationNames }

  /// One write transaction; GRDB errors become `MarketDataError`s naming the file.
  func write<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try database.writer.write { db in try body(db) }
    } catch let error as DatabaseError {
      throw MarketDatabase.classify(error, path: path)
    }
  }

  /// One read.
  func read<T>(_ body: (Database) throws -> T) throws -> T {
    try database.read(body)
  }
}
