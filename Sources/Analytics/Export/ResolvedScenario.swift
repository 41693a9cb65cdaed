import MarketData
import Simulation

/// `scenario.yaml` of an export: the scenario as run, encoded from its value (``Scenario`` is
/// `Encodable`, writing the keys of `Scenarios/README.md` and leaving out defaults), with its
/// period set to the days actually run and, when given, `data.database` set to the database
/// actually read, so that `hedgelab run scenario.yaml` reproduces the run. Every override the
/// run applied (`--from`/`--to`, `--currency`, a sweep point's values) is in it; the author's
/// comments are not (the manifest records the SHA-256 of the file as written). A comment line
/// at the top says where it came from and what was changed.
public enum ResolvedScenario {
  /// The resolved YAML text.
  ///
  /// - Parameters:
  ///   - scenario: the scenario as run.
  ///   - file: the scenario file's name as given, for the header comment.
  ///   - from, to: the first and last day run.
  ///   - database: the database read, or `nil` to keep the scenario's `data.database`.
  ///   - version: the hedgelab version, for the header comment.
  /// - Throws: `EncodingError` for a value no scenario file can hold (only scenarios built in
  ///   code can have one; every loaded scenario encodes).
  public static func yaml(
    _ scenario: Scenario, file: String, from: Day, to: Day, database: String?, version: String
  ) throws -> String {
    var resolved = scenario
    resolved.period = Period(from: from, to: to)
    var changed = "period set to the days run"
    if let database {
      resolved.data.database = database
      changed += " and data.database to the database read"
    }
    let header = "# Resolved by hedgelab \(version) from \(file): \(changed)."
    return header + "\n" + (try resolved.yaml())
  }
}
