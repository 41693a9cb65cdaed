import Analytics
import Foundation
import MarketData
import Simulation

/// One run of a scenario, built once by ``build(_:beforeLoading:)``: the scenario's text and
/// hash as read, the decoded ``Scenario`` with its overrides, the market tape with the hash
/// of every series it read, and the results (the backtest and the Analytics comparison).
///
/// Every command that runs a scenario (`run`, `compare`, `report`, `risk`, `demo`) builds
/// one through the same function; exports, the recorded run and the report all read from it,
/// so the scenario file is read once and every output shows the same numbers.
public struct ScenarioRun: Sendable {
  /// Where the market data comes from.
  public enum DatabaseChoice: Sendable {
    /// `--db PATH` when given, else the scenario's `data.database` (relative to the scenario
    /// file), else `defaultDatabase` in the current folder; opened if it exists.
    case resolve(flag: String?, defaultDatabase: String)
    /// A database already open, at `path`.
    case opened(MarketDatabase, path: String)
  }

  /// What to run.
  public struct Request: Sendable {
    public var source: ScenarioSource
    public var database: DatabaseChoice
    /// `--from`/`--to`, `--currency` and other changes applied to the decoded scenario.
    public var overrides: [Scenario.Override]
    /// The programs to run (`nil`: all), checked against the scenario.
    public var programs: [String]?
    /// Whether the scenario's baseline program is added to a selection without it
    /// (`compare`, `report`: the comparison scores every program against it).
    public var includeBaseline: Bool
    /// Run the backtest (`false`: only load the data, as `risk` does before its own replay).
    public var backtest: Bool
    /// Compute each program's daily margin with the scenario's margin model (`margin:`,
    /// the portfolio margin when none is set).
    public var margin: Bool
    /// Build the Analytics comparison (``ScenarioRun/comparison``).
    public var compare: Bool
    /// The hashes recorded with a run being re-run: a changed series throws
    /// ``ExperimentError/recordedDataChanged(runID:scenarioFile:changes:)`` unless
    /// `allowChangedData`, which adds a warning instead.
    public var recorded: (runID: Int64, hashes: [SeriesHash])?
    public var allowChangedData: Bool

    public init(
      source: ScenarioSource, database: DatabaseChoice, overrides: [Scenario.Override] = [],
      programs: [String]? = nil, includeBaseline: Bool = false, backtest: Bool = true,
      margin: Bool = false, compare: Bool = false,
      recorded: (runID: Int64, hashes: [SeriesHash])? = nil, allowChangedData: Bool = false
    ) {
      self.source = source
      self.database = database
      self.overrides = overrides
      self.programs = programs
      self.includeBaseline = includeBaseline
      self.backtest = backtest
      self.margin = margin
      self.compare = compare
      self.recorded = recorded
      self.allowChangedData = allowChangedData
    }
  }

  /// The scenario text as read, and its hash.
  public let source: ScenarioSource
  /// The decoded scenario with the overrides applied.
  public let scenario: Scenario
  /// The programs run (`nil`: all).
  public let selection: [String]?
  /// The database file read (or `":memory:"`).
  public let databasePath: String
  public let database: MarketDatabase
  /// The market data of the run.
  public let tape: MarketTape
  /// The hash of every input series of the tape (``MarketTape/seriesHashes``), computed
  /// when asked (recording a run, checking a recorded one), not by every command.
  public var dataHashes: [SeriesHash] { tape.seriesHashes }
  /// The backtest's results (`nil` when the request ran none).
  public let result: BacktestResult?
  /// The Analytics comparison of the results (`nil` unless requested).
  public let comparison: ScenarioComparison?
  /// What the user should know: data changed since a recorded run, …
  public let warnings: [String]

  /// The backtest of the scenario on the tape (for replays such as `risk`).
  public var backtest: Backtest { Backtest(scenario: scenario, tape: tape) }

  /// Builds a run: decodes the source, calls `beforeLoading` (with the scenario as decoded
  /// and the database path when it resolves; commands check their outputs there, before
  /// anything is loaded or written), applies the overrides, selects the programs, opens the
  /// database, loads the tape, checks recorded hashes, runs the backtest and compares.
  ///
  /// - Throws: `ScenarioError` for the scenario, ``ExperimentError`` for a program, database
  ///   or recorded-data problem, `MarketDataError` for the database, `AnalyticsError` when
  ///   the results cannot be scored; whatever `beforeLoading` throws.
  public static func build(
    _ request: Request, beforeLoading: (_ scenario: Scenario, _ databasePath: String?) throws -> Void = { _, _ in }
  ) throws -> ScenarioRun {
    var scenario = try request.source.decode()
    try beforeLoading(scenario, try? databasePath(request.database, scenario: scenario, scenarioFile: request.source.file))
    scenario = try scenario.applying(request.overrides)
    let selection = try select(request.programs, in: scenario, includeBaseline: request.includeBaseline)
    let path = try databasePath(request.database, scenario: scenario, scenarioFile: request.source.file)
    let database: MarketDatabase
    switch request.database {
    case .opened(let opened, _): database = opened
    case .resolve: database = try MarketDatabase.open(existingAt: path)
    }
    let tape = try MarketTape.load(scenario, from: database)
    var warnings = [String]()
    if let recorded = request.recorded {
      let changed = SeriesHash.changes(recorded: recorded.hashes, current: tape.seriesHashes)
      if !changed.isEmpty {
        guard request.allowChangedData else {
          throw ExperimentError.recordedDataChanged(
            runID: recorded.runID, scenarioFile: request.source.file, changes: changed)
        }
        warnings.append(
          "input series changed since run \(recorded.runID) was recorded (\(changed.joined(separator: "; "))); the report uses today's data")
      }
    }
    let result = request.backtest
      ? Backtest(scenario: scenario, tape: tape).run(programs: selection, margin: request.margin ? scenario.margin : nil)
      : nil
    let comparison = try result.flatMap { r in
      request.compare ? try ScenarioComparison(result: r, scenario: scenario, tape: tape) : nil
    }
    return ScenarioRun(
      source: request.source, scenario: scenario, selection: selection, databasePath: path, database: database,
      tape: tape, result: result, comparison: comparison, warnings: warnings)
  }

  /// The programs to run (`nil`: all), each checked against the scenario; with
  /// `includeBaseline`, the scenario's baseline is put first when not named.
  /// - Throws: ``ExperimentError/unknownProgram(name:available:)``.
  public static func select(
    _ names: [String]?, in scenario: Scenario, includeBaseline: Bool = false
  ) throws(ExperimentError) -> [String]? {
    guard let names, !names.isEmpty else { return nil }
    let available = scenario.programs.map(\.name)
    for name in names where !available.contains(name) {
      throw .unknownProgram(name: name, available: available)
    }
    guard includeBaseline, let baseline = ScenarioComparison.baseline(of: scenario.programs, in: scenario)?.name
    else { return names }
    return names.contains(baseline) ? names : [baseline] + names
  }

  /// The database file: the opened one's path; else `--db`, else `data.database` resolved
  /// against the scenario file's folder, else the default file in the current folder (the
  /// one `--db` rule).
  /// - Throws: ``ExperimentError/noDatabase(scenarioFile:defaultDatabase:)`` when none is
  ///   named and the default file does not exist.
  public static func databasePath(
    _ choice: DatabaseChoice, scenario: Scenario, scenarioFile: String
  ) throws(ExperimentError) -> String {
    switch choice {
    case .opened(_, let path):
      return path
    case .resolve(let flag, let defaultDatabase):
      if let flag { return flag }
      guard let database = scenario.data.database else {
        guard FileManager.default.fileExists(atPath: defaultDatabase) else {
          throw .noDatabase(scenarioFile: scenarioFile, defaultDatabase: defaultDatabase)
        }
        return defaultDatabase
      }
      if database.hasPrefix("/") { return database }
      let folder = URL(fileURLWithPath: scenarioFile).deletingLastPathComponent()
      return folder.appendingPathComponent(database).standardizedFileURL.path
    }
  }
}
