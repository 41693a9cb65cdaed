import Analytics

extension AnalyticsError: UserFacingError {
  /// 65: the simulated output cannot be scored (a value at or below zero, misaligned or
  /// non-finite series), a problem of the scenario's data or sizing.
  public var exitStatus: Int32 { ExitStatus.dataError }
}
