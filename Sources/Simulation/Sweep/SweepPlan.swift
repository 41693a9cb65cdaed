import MarketData
import Yams

/// A scenario and a grid, checked: every key path leads to a value, every value of every axis
/// gives a valid scenario, and the market tapes the points need are known.
///
/// Each grid point is a scenario: the YAML tree of the file with the point's values put at
/// their key paths (and, for a `--symbols` axis, the first underlying renamed), decoded and
/// validated exactly as ``ScenarioLoader`` does, so a point is never a scenario the loader
/// would reject.
public struct SweepPlan: Sendable {
  /// The scenario file's text and name (for messages).
  public let scenarioText: String
  public let file: String
  public let grid: SweepGrid
  /// The scenario as written (grid point values not applied).
  public let base: Scenario
  /// `SHA-256(scenario text, canonical grid text)` in hex: the same file and grid give the same
  /// id on every machine, whatever the thread count or shard.
  public let id: String
  /// Program names, in file order (identical at every point: grid keys may not rename programs).
  public let programs: [String]
  let keyPaths: [SweepKeyPath?]
  /// Indices of the axes that change the market tape (data, period, calendar, initial options
  /// and futures, symbols); the others reuse one tape.
  let tapeAxes: [Int]

  /// - Parameters:
  ///   - scenarioText: the scenario file's text; `file` its name for messages.
  ///   - grid: the axes; an axis keyed ``SweepAxis/symbolKey`` renames `data.underlyings[0]`
  ///     everywhere in the file (keys and values) to each of its values.
  /// - Throws: `ScenarioError` when the file itself is invalid, ``SweepError`` when a key path
  ///   leads nowhere or a value makes an invalid scenario.
  public init(scenarioText: String, file: String, grid: SweepGrid) throws {
    self.scenarioText = scenarioText
    self.file = file
    self.grid = grid
    base = try ScenarioLoader.load(yaml: scenarioText, file: file)
    programs = base.programs.map(\.name)
    id = SHA256.hex(of: Array("hedgelab-sweep-1\n\(scenarioText)\n--grid--\n\(grid.canonicalText)".utf8))
    let paths = try grid.axes.map { axis throws(SweepError) in
      axis.key == SweepAxis.symbolKey ? nil : try SweepKeyPath(axis.key)
    }
    keyPaths = paths
    tapeAxes = grid.axes.indices.filter { a in
      guard let path = paths[a] else { return true }
      let text = path.text
      return ["data", "period", "calendar"].contains(path.head) || text == "portfolio"
        || text.hasPrefix("portfolio.options") || text.hasPrefix("portfolio.futures")
    }
    // Every value of every axis, with the other axes at their first value: catches bad keys
    // and bad values before any backtest runs.
    let root = try Self.compose(scenarioText, file: file)
    var zero = [Int](repeating: 0, count: grid.axes.count)
    let first = try scenario(coordinates: zero, index: 0, root: root)
    guard first.programs.map(\.name) == programs else {
      throw SweepError.unknownGridKey(
        key: grid.axes.first { $0.key.hasSuffix(".name") }?.key ?? "(grid)",
        reason: "program names must stay as in the file (they head the rows of sweep.csv); sweep other keys")
    }
    for a in grid.axes.indices {
      for v in grid.axes[a].values.indices.dropFirst() {
        zero[a] = v
        let s = try scenario(coordinates: zero, index: index(of: zero), root: root)
        guard s.programs.map(\.name) == programs else {
          throw SweepError.unknownGridKey(
            key: grid.axes[a].key,
            reason: "program names must stay as in the file (they head the rows of sweep.csv); sweep other keys")
        }
      }
      zero[a] = 0
    }
  }

  static func compose(_ text: String, file: String) throws -> Node {
    // The loader has accepted this text, so it composes.
    guard let node = try Yams.compose(yaml: text) else {
      throw ScenarioError.syntax(file: file, line: nil, column: nil, reason: "the file is empty")
    }
    return node
  }

  func index(of coordinates: [Int]) -> Int {
    var i = 0
    for (a, c) in coordinates.enumerated() { i = i * grid.axes[a].values.count + c }
    return i
  }

  /// The scenario of grid point `index`, built from the composed file tree `root`.
  func scenario(at index: Int, root: Node) throws(SweepError) -> Scenario {
    try scenario(coordinates: grid.coordinates(of: index), index: index, root: root)
  }

  func scenario(coordinates: [Int], index: Int, root: Node) throws(SweepError) -> Scenario {
    var node = root
    for (a, axis) in grid.axes.enumerated() {
      let value = axis.values[coordinates[a]]
      if let path = keyPaths[a] {
        try path.set(Node(value), in: &node)
      } else {
        SweepKeyPath.renameSymbol(base.data.underlyings[0], to: value, in: &node)
      }
    }
    do {
      return try Self.decode(node, origin: base.origin)
    } catch {
      throw .invalidPoint(index: index, values: grid.describe(index), error: error)
    }
  }

  /// Decodes and validates a scenario tree as ``ScenarioLoader/load(yaml:file:)`` does.
  static func decode(_ root: Node, origin: ScenarioOrigin) throws(ScenarioError) -> Scenario {
    var scenario: Scenario
    do {
      scenario = try YAMLDecoder().decode(Scenario.self, from: root)
    } catch let issue as ScenarioIssue {
      throw ScenarioLoader.error(for: issue, root: root, origin: origin)
    } catch let error as DecodingError {
      throw ScenarioLoader.error(for: error, root: root, origin: origin)
    } catch {
      throw .invalid(file: origin.file, line: nil, keyPath: "(top level)", reason: String(describing: error))
    }
    scenario.origin = origin
    try ScenarioLoader.validate(scenario)
    return scenario
  }

  /// The number of distinct tapes: the product of the tape axes' sizes.
  var tapeCount: Int { tapeAxes.reduce(1) { $0 * grid.axes[$1].values.count } }

  /// Which tape grid point `index` uses (mixed radix over the tape axes).
  func tapeIndex(of coordinates: [Int]) -> Int {
    var i = 0
    for a in tapeAxes { i = i * grid.axes[a].values.count + coordinates[a] }
    return i
  }

  /// Grid coordinates of a representative point of tape `t` (non-tape axes at their first value).
  func coordinates(ofTape t: Int) -> [Int] {
    var result = [Int](repeating: 0, count: grid.axes.count)
    var rest = t
    for a in tapeAxes.reversed() {
      let n = grid.axes[a].values.count
      result[a] = rest % n
      rest /= n
    }
    return result
  }

  /// Loads every market tape the sweep needs from `source`, once each (serially: tapes are read
  /// before any backtest runs, and then shared read-only by every worker).
  /// - Throws: the errors of ``MarketTape/load(_:from:)``, wrapped as ``SweepError/invalidPoint(index:values:error:)``
  ///   when the point's data are at fault.
  public func loadTapes(from source: any MarketDataSource) throws -> [MarketTape] {
    let root = try Self.compose(scenarioText, file: file)
    var tapes: [MarketTape] = []
    for t in 0..<tapeCount {
      let coordinates = coordinates(ofTape: t)
      let i = index(of: coordinates)
      let scenario = try scenario(coordinates: coordinates, index: i, root: root)
      do {
        tapes.append(try MarketTape.load(scenario, from: source))
      } catch let error as ScenarioError {
        throw SweepError.invalidPoint(index: i, values: grid.describe(i), error: error)
      }
    }
    return tapes
  }
}
