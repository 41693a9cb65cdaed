import Foundation
import MarketData

/// What a path run says about its paths, independent of the programs: the header of a
/// ``PathSetResult``, stored in a path shard's `shard.json` so that `hedgelab merge` can
/// rebuild the unsharded result.
public struct PathSetHeader: Sendable, Equatable, Codable {
  public var scenario: String
  /// The simulated underlying.
  public var symbol: String
  public var model: PathsSpec.ModelName
  /// Paths in the whole path set (not only a shard's).
  public var pathCount: Int
  /// Steps per path.
  public var stepCount: Int
  public var stepsPerYear: Int
  public var seed: UInt64
  public var firstDay: Day
  public var lastDay: Day

  public init(
    scenario: String, symbol: String, model: PathsSpec.ModelName, pathCount: Int, stepCount: Int,
    stepsPerYear: Int, seed: UInt64, firstDay: Day, lastDay: Day
  ) {
    self.scenario = scenario
    self.symbol = symbol
    self.model = model
    self.pathCount = pathCount
    self.stepCount = stepCount
    self.stepsPerYear = stepsPerYear
    self.seed = seed
    self.firstDay = firstDay
    self.lastDay = lastDay
  }

  enum CodingKeys: String, CodingKey {
    case scenario, symbol, model
    case pathCount = "paths"
    case stepCount = "steps"
    case stepsPerYear = "steps_per_year"
    case seed
    case firstDay = "first_day"
    case lastDay = "last_day"
  }
}

extension PathsSpec.ModelName: Codable {}

/// Per-path outcomes of the programs of a path run (all paths, or one shard's), before they
/// are summarised. Arrays are indexed `[program][row]`, rows in ascending path index.
public struct PathSetRows: Sendable, Equatable {
  /// Program names, in file order; the first is the baseline of the paired comparisons.
  public var programs: [String]
  /// The path index of each row, ascending.
  public var pathIndices: [Int]
  /// Final P&L `V_n − V_init` (currency).
  public var profitAndLoss: [[Double]]
  /// Hedging error (currency per day; see ``PathSetRunner``).
  public var hedgingError: [[Double]]
  /// Trading costs paid (currency).
  public var costs: [[Double]]
  /// Rule trades.
  public var trades: [[Int]]

  public init(
    programs: [String], pathIndices: [Int], profitAndLoss: [[Double]], hedgingError: [[Double]],
    costs: [[Double]], trades: [[Int]]
  ) {
    self.programs = programs
    self.pathIndices = pathIndices
    self.profitAndLoss = profitAndLoss
    self.hedgingError = hedgingError
    self.costs = costs
    self.trades = trades
  }

  /// The `paths.csv` header.
  public static let csvHeader = "path,program,final_pnl,hedging_error,costs,trades"

  /// `paths.csv`: the header, then one row per path and program (path ascending, programs in
  /// file order); money in currency, hedging error in currency per day, numbers in Swift's
  /// shortest form that reads back to the same double.
  public var csv: String {
    var text = Self.csvHeader + "\n"
    for (row, path) in pathIndices.enumerated() {
      for k in programs.indices {
        text += "\(path),\(Self.quoted(programs[k])),\(profitAndLoss[k][row]),\(hedgingError[k][row]),\(costs[k][row]),\(trades[k][row])\n"
      }
    }
    return text
  }

  /// A program name as a CSV field (quoted when it holds a comma, quote or line break).
  static func quoted(_ name: String) -> String { CSVText.field(name) }
}
