import MarketData

/// Changes applied to a decoded ``Scenario`` value (never to its YAML text): the period of
/// `--from`/`--to`, shared by `run`, `compare` and `sweep`.
public struct ScenarioOverrides: Sendable, Equatable {
  /// Replaces `period.from` when set.
  public var from: Day?
  /// Replaces `period.to` when set.
  public var to: Day?

  public init(from: Day? = nil, to: Day? = nil) {
    self.from = from
    self.to = to
  }

  /// No change.
  public static let none = ScenarioOverrides()

  /// Applies the overrides to `scenario`.
  public func apply(to scenario: inout Scenario) {
    if let from { scenario.period.from = from }
    if let to { scenario.period.to = to }
  }

  /// A stable text of the overrides for sweep ids: empty when there are none.
  public var canonicalText: String {
    guard self != .none else { return "" }
    return "--overrides--\nfrom=\(from?.description ?? "")\nto=\(to?.description ?? "")\n"
  }
}
