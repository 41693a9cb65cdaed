import Experiments

extension ExperimentError: UserFacingError {
  /// 66 for a missing or unreadable scenario file or database, 65 for a scenario that is not
  /// UTF-8 or data changed since a recorded run, 64 for a program name not in the scenario.
  public var exitStatus: Int32 {
    switch self {
    case .scenarioNotFound, .scenarioUnreadable, .noDatabase: return ExitStatus.noInput
    case .scenarioNotUTF8, .recordedDataChanged: return ExitStatus.dataError
    case .unknownProgram: return ExitStatus.usage
    }
  }
}
