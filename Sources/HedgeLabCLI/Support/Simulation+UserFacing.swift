import MarketData
import Simulation

extension ScenarioError: UserFacingError {
  /// 66 when the scenario names a series the database does not hold (missing input), 65 for
  /// every other mistake in the scenario or gap in its data.
  public var exitStatus: Int32 {
    switch self {
    case .unknownSymbol(_, _, _, _, .series, _, _): return ExitStatus.noInput
    default: return ExitStatus.dataError
    }
  }
}

extension ScenarioKeyPathError: UserFacingError {
  /// 64: a key path comes from a flag (a sweep's `--grid` reports it as its own key).
  public var exitStatus: Int32 { ExitStatus.usage }
}
