import MarketData
import Simulation

/// A mistake in what a user asked an experiment to run, phrased for the user: what was
/// wrong, where, and what to do. The command line maps each case to an exit status.
public enum ExperimentError: Error, Equatable, CustomStringConvertible {
  /// The scenario file does not exist.
  case scenarioNotFound(path: String)
  /// The scenario file cannot be read (not a regular file, too large, no permission).
  case scenarioUnreadable(path: String, reason: String)
  /// The scenario file is not UTF-8: the first invalid byte, its offset and 1-based line.
  case scenarioNotUTF8(path: String, line: Int, offset: Int, byte: UInt8)
  /// No database: no `--db`, no `data.database` in the scenario, no default file.
  case noDatabase(scenarioFile: String, defaultDatabase: String)
  /// A selected program is not a program of the scenario.
  case unknownProgram(name: String, available: [String])
  /// Input series of a recorded run changed since it was recorded (each with why).
  case recordedDataChanged(runID: Int64, scenarioFile: String, changes: [String])

  public var description: String {
    switch self {
    case .scenarioNotFound(let path):
      return "scenario file '\(path)' does not exist; check the path (bundled scenarios are in Scenarios/)"
    case .scenarioUnreadable(let path, let reason):
      return "scenario file '\(path)' cannot be read (\(reason)); give a regular YAML file you may read"
    case .scenarioNotUTF8(let path, let line, let offset, let byte):
      return "\(path):\(line): byte \(offset) (0x\(String(byte, radix: 16, uppercase: true))) is not UTF-8 text; save the file as UTF-8"
    case .noDatabase(let scenarioFile, let defaultDatabase):
      return "no database: --db is not given, \(scenarioFile) sets no data.database, and there is no \(defaultDatabase) in the current folder; pass --db PATH (see 'hedgelab ingest --help' to build one)"
    case .unknownProgram(let name, let available):
      let hint = nearest(name, in: available).map { "; did you mean '\($0)'?" } ?? ""
      return "--program (\(name)) must name a program of the scenario (\(available.joined(separator: ", ")))\(hint)"
    case .recordedDataChanged(let runID, let scenarioFile, let changes):
      return "the data of run \(runID) changed since it was recorded: \(changes.joined(separator: "; ")); the report would not show the recorded run. Re-run the scenario ('hedgelab run \(scenarioFile)') to record a new run, or pass --allow-changed-data to report on today's data"
    }
  }
}
