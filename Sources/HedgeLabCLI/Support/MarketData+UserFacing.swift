import ArgumentParser
import MarketData

extension IngestError: UserFacingError {
  /// 66 for a missing or unreadable input file, 64 for flags that do not fit the file,
  /// 73 when the rejects file or the database cannot be written, 65 for bad data.
  public var exitStatus: Int32 {
    switch self {
    case .fileNotFound, .unreadableFile: return ExitStatus.noInput
    case .invalidOptions: return ExitStatus.usage
    case .cannotWriteRejects, .databaseWriteFailed: return ExitStatus.cannotCreate
    case .emptyFile, .missingHeader, .noDataRows, .noValues, .invalidHeader, .columnNotFound, .implausibleUnit,
      .invalidRows:
      return ExitStatus.dataError
    }
  }
}

extension MarketDataError: UserFacingError {
  /// 66 when the database or the named series does not exist, 73 when the database cannot be
  /// written, 75 when it stays locked by another process (retry), 65 for a database that
  /// cannot be read, another application's database, or a gap in a series.
  public var exitStatus: Int32 {
    switch self {
    case .databaseNotFound, .unknownSeries: return ExitStatus.noInput
    case .databaseNotWritable: return ExitStatus.cannotCreate
    case .databaseUnreadable, .notAHedgeLabDatabase, .gap: return ExitStatus.dataError
    case .databaseBusy: return ExitStatus.temporaryFailure
    }
  }
}

extension DateFormat: ExpressibleByArgument {}
extension ValueUnit: ExpressibleByArgument {}
extension RateConvention: ExpressibleByArgument {}
