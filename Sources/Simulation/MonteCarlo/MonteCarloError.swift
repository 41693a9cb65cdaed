/// Everything that can be wrong with the input of a path generator or a Monte Carlo
/// experiment, each case naming the parameter, its value and what to do.
///
/// Messages follow the pattern "<name> (<value>) must be <condition>; <what to do>". These
/// are programmatic inputs (from code or command-line flags), not scenario files, which is why
/// they are not ``ScenarioError`` cases (those carry a file and a key path); a scenario's
/// `paths:` section maps its keys onto these names.
public enum MonteCarloError: Error, Equatable, CustomStringConvertible {
  /// A number outside its allowed range (`volatility (-0.2) must be non-negative`).
  case invalidParameter(name: String, value: String, condition: String, remedy: String)
  /// Two arrays that must be aligned element by element have different lengths.
  case mismatchedLengths(name: String, count: Int, otherName: String, otherCount: Int, remedy: String)
  /// An optional series that the requested computation needs is absent.
  case missingSeries(name: String, neededBy: String, remedy: String)

  public var description: String {
    switch self {
    case .invalidParameter(let name, let value, let condition, let remedy):
      return "\(name) (\(value)) must be \(condition); \(remedy)"
    case .mismatchedLengths(let name, let count, let otherName, let otherCount, let remedy):
      return "\(name) (\(count) values) must have as many values as \(otherName) (\(otherCount)); \(remedy)"
    case .missingSeries(let name, let neededBy, let remedy):
      return "\(name) must be present for \(neededBy); \(remedy)"
    }
  }
}

extension MonteCarloError {
  /// Throws ``invalidParameter(name:value:condition:remedy:)`` unless `value` is finite and
  /// satisfies `isValid`.
  static func require(
    _ value: Double, _ name: String, _ condition: String, _ remedy: String,
    _ isValid: (Double) -> Bool
  ) throws(MonteCarloError) {
    guard value.isFinite, isValid(value) else {
      throw .invalidParameter(name: name, value: "\(value)", condition: condition, remedy: remedy)
    }
  }

  /// Throws ``invalidParameter(name:value:condition:remedy:)`` unless `value ≥ minimum`.
  static func require(
    _ value: Int, _ name: String, atLeast minimum: Int, _ remedy: String
  ) throws(MonteCarloError) {
    guard value >= minimum else {
      throw .invalidParameter(
        name: name, value: "\(value)", condition: "at least \(minimum)", remedy: remedy)
    }
  }
}
