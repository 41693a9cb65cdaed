/// Everything that can be wrong with a sweep: its `--grid`, `--symbol` and `--shard` flags, a
/// grid point that is not a valid scenario, and shard outputs that `hedgelab merge` cannot
/// combine.
///
/// Messages follow the pattern "<flag or file> (<value>) must be <condition>", then say what to do.
public enum SweepError: Error, Equatable, CustomStringConvertible {
  /// A `--grid` argument that is not `KEY=VALUES`, or whose values cannot be read.
  case malformedGrid(spec: String, reason: String)
  /// A grid key path that does not lead to a value of the scenario.
  case unknownGridKey(key: String, reason: String)
  /// The same key given twice (in two `--grid` flags, or as `--symbol` and a grid key).
  case duplicateGridKey(key: String)
  /// A grid point whose scenario fails validation (e.g. a strike out of range).
  case invalidPoint(index: Int, values: String, error: ScenarioError)
  /// The product of the grids is larger than a sweep can hold.
  case tooManyPoints(count: String, limit: Int)
  /// `--shard` not of the form `I/N` with `0 ≤ I < N`.
  case badShard(text: String)
  /// `hedgelab merge`: the shard outputs are not one complete set of one sweep.
  case mergeMismatch(reason: String)
  /// A stored result whose shape differs from the sweep (another program list): the database
  /// holds an inconsistent sweep with the same id.
  case storedMismatch(sweepID: String, point: Int, reason: String)

  public var description: String {
    let example = "e.g. programs[1].rules[0].strike=0.8,0.9,1.0 or programs.put.rules[0].strike=0.80:1.00:0.01"
    switch self {
    case .malformedGrid(let spec, let reason):
      return "--grid (\(spec)) must be KEY=VALUES with VALUES a list a,b,c or a range START:END:STEP; \(reason) (\(example))"
    case .unknownGridKey(let key, let reason):
      return "--grid key (\(key)) must address a value of the scenario: \(reason)"
    case .duplicateGridKey(let key):
      return "--grid key (\(key)) must be given once; merge its values into one --grid"
    case .invalidPoint(let index, let values, let error):
      return "grid point \(index) (\(values)) is not a valid scenario: \(error); change the --grid values"
    case .tooManyPoints(let count, let limit):
      return "the grid (\(count) points) must have at most \(limit) points; split it into several sweeps"
    case .badShard(let text):
      return "--shard (\(text)) must be I/N with whole numbers 0 ≤ I < N, e.g. --shard 0/4 … --shard 3/4"
    case .mergeMismatch(let reason):
      return "cannot merge: \(reason)"
    case .storedMismatch(let id, let point, let reason):
      return "the database holds sweep \(id.prefix(12)) point \(point) with \(reason); delete that sweep's rows (DELETE FROM sweep WHERE id = '\(id)') or use another --db"
    }
  }
}
