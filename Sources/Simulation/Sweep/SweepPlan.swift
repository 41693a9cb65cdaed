import Foundation
import MarketData

/// A scenario and a grid, checked: every key path leads to a value, every value of every axis
/// gives a valid scenario, and the market tapes the points need are known.
///
/// The file is decoded once; each grid point is that ``Scenario`` value with the point's values
/// applied as ``Scenario/Override``s (a `--grid` value as ``Scenario/Override/parameter(_:_:)``,
/// a `--symbol` value as ``Scenario/Override/symbol(replacing:with:)`` of the first underlying),
/// then validated exactly as ``ScenarioLoader`` validates a file, so a point is never a
/// scenario the loader would reject.
public struct SweepPlan: Sendable {
  /// The scenario file's text and name (for messages).
  public let scenarioText: String
  public let file: String
  public let grid: SweepGrid
  /// Applied to every point's scenario after the grid values (`--from`/`--to`).
  public let overrides: [Scenario.Override]
  /// The scenario as written with ``overrides`` applied (grid point values not applied).
  public let base: Scenario
  /// `SHA-256(scenario text, canonical grid text)` in hex: the same file and grid give the same
  /// id on every machine, whatever the thread count or shard.
  public let id: String
  /// Program names, in file order (identical at every point: grid keys may not rename programs).
  public let programs: [String]
  let keyPaths: [ScenarioKeyPath?]
  /// Indices of the axes that change the market tape (data, period, calendar, initial options
  /// and futures, symbols); the others reuse one tape.
  let tapeAxes: [Int]

  /// - Parameters:
  ///   - scenarioText: the scenario file's text (decoded here, once); `file` its name for messages.
  ///   - grid: the axes; an axis keyed ``SweepAxis/symbolKey`` renames `data.underlyings[0]`
  ///     wherever the scenario names it (``Scenario/Override/symbol(replacing:with:)``) to each
  ///     of its values.
  ///   - overrides: applied to every point's scenario (`--from`/`--to`); part of the id.
  /// - Throws: `ScenarioError` when the file itself is invalid, ``SweepError`` when a key path
  ///   leads nowhere or a value makes an invalid scenario.
  public init(scenarioText: String, file: String, grid: SweepGrid, overrides: [Scenario.Override] = []) throws {
    self.scenarioText = scenarioText
    self.file = file
    self.grid = grid
    self.overrides = overrides
    let base = try ScenarioLoader.load(yaml: scenarioText, file: file).applying(overrides)
    self.base = base
    programs = base.programs.map(\.name)
    id = SHA256.hex(
      of: Array("hedgelab-sweep-1\n\(scenarioText)\n--grid--\n\(grid.canonicalText)\(Scenario.canonicalText(overrides))".utf8))
    let paths = try grid.axes.map { axis throws(SweepError) -> ScenarioKeyPath? in
      do throws(ScenarioKeyPathError) {
        return axis.key == SweepAxis.symbolKey ? nil : try ScenarioKeyPath(axis.key)
      } catch {
        throw SweepError.unknownGridKey(key: error.key, reason: error.reason)
      }
    }
    keyPaths = paths
    tapeAxes = grid.axes.indices.filter { a in
      guard let path = paths[a] else { return true }
      let text = path.text
      return ["data", "period", "calendar"].contains(path.head) || text == "portfolio"
        || text.hasPrefix("portfolio.options") || text.hasPrefix("portfolio.futures")
    }
    // The symbol axis changes the programs only when they name the symbol (index-hedge, a
    // rule's symbol:); most program lists are then built once per program-axes combination.
    let firstSymbol = base.data.underlyings[0]
    let renamed = try base.applying([.symbol(replacing: firstSymbol, with: firstSymbol + "\u{1}")], validate: false)
    let programsNameSymbol = renamed.programs != base.programs
    programAxes = grid.axes.indices.filter {
      paths[$0] == nil ? programsNameSymbol : paths[$0]!.head == "programs"
    }
    scenarioAxes = grid.axes.indices.filter { paths[$0] == nil || paths[$0]!.head != "programs" }
    // Every value of every axis, with the other axes at their first value: catches bad keys
    // and bad values before any backtest runs.
    let builder = try Builder(plan: self)
    var zero = [Int](repeating: 0, count: grid.axes.count)
    for a in grid.axes.indices {
      for v in grid.axes[a].values.indices {
        zero[a] = v
        let s = try builder.scenario(coordinates: zero, index: index(of: zero))
        guard s.programs.map(\.name) == programs else {
          throw SweepError.unknownGridKey(
            key: grid.axes[a].key,
            reason: "program names must stay as in the file (they head the rows of sweep.csv); sweep other keys")
        }
      }
      zero[a] = 0
    }
  }

  /// Axes whose key is under `programs` (and the symbol axis when the programs name the
  /// symbol): the programs are built once per combination of their values.
  let programAxes: [Int]
  /// Axes whose key is not under `programs` (and the symbol axis): the rest of the scenario is
  /// built once per combination of their values.
  let scenarioAxes: [Int]

  func index(of coordinates: [Int]) -> Int {
    var i = 0
    for (a, c) in coordinates.enumerated() { i = i * grid.axes[a].values.count + c }
    return i
  }

  /// Mixed-radix index of `coordinates` restricted to `axes`.
  func subIndex(_ coordinates: [Int], _ axes: [Int]) -> Int {
    var i = 0
    for a in axes { i = i * grid.axes[a].values.count + coordinates[a] }
    return i
  }

  /// Builds grid points' scenarios from the decoded ``base``, caching the parts: the scenario
  /// without its programs per combination of the non-program axes, the programs per
  /// combination of the program axes (a sweep over strikes × tenors builds strikes × tenors
  /// program lists, not one scenario per point). Each point's scenario is then validated
  /// whole, as ``ScenarioLoader`` does. Builders are cheap; the cache may be shared by the
  /// builders of one run's workers.
  final class Builder: @unchecked Sendable {
    let plan: SweepPlan
    let cache: PartCache

    /// - Parameter cache: built parts, shared by the builders of one run's workers.
    init(plan: SweepPlan, cache: PartCache = PartCache()) throws {
      self.plan = plan
      self.cache = cache
    }

    func scenario(at index: Int) throws(SweepError) -> Scenario {
      try scenario(coordinates: plan.grid.coordinates(of: index), index: index)
    }

    func scenario(coordinates: [Int], index: Int) throws(SweepError) -> Scenario {
      let scenarioPart = try part(coordinates)
      let programPart = try programs(coordinates)
      let result = Result { () throws(ScenarioError) -> Scenario in
        var s = try scenarioPart.get()
        s.programs = try programPart.get()
        return try validated(s)
      }
      do throws(ScenarioError) {
        return try result.get()
      } catch {
        throw .invalidPoint(index: index, values: plan.grid.describe(index), error: error)
      }
    }

    /// `s` with the plan's own overrides (`--from`/`--to`) applied last, validated.
    private func validated(_ s: Scenario) throws(ScenarioError) -> Scenario {
      do {
        return try s.applying(plan.overrides)
      } catch let error as ScenarioError {
        throw error
      } catch {
        throw .invalid(file: plan.file, line: nil, keyPath: "(top level)", reason: String(describing: error))
      }
    }

    /// The overrides of the values of `axes` at `coordinates`, in axis order.
    private func overrides(_ coordinates: [Int], axes: [Int]) -> [Scenario.Override] {
      axes.map { a in
        let value = plan.grid.axes[a].values[coordinates[a]]
        if let path = plan.keyPaths[a] { return .parameter(path, value) }
        return .symbol(replacing: plan.base.data.underlyings[0], with: value)
      }
    }

    /// `base` with the values of `axes` at `coordinates` applied; a key path leading nowhere
    /// is an error of the grid, an invalid value one of the point.
    private func applied(_ coordinates: [Int], axes: [Int]) throws(SweepError) -> Result<Scenario, ScenarioError> {
      do {
        return .success(try plan.base.applying(overrides(coordinates, axes: axes), validate: false))
      } catch let error as ScenarioKeyPathError {
        throw .unknownGridKey(key: error.key, reason: error.reason)
      } catch let error as ScenarioError {
        return .failure(error)
      } catch {
        return .failure(.invalid(file: plan.file, line: nil, keyPath: "(top level)", reason: String(describing: error)))
      }
    }

    /// The scenario (programs aside) of the non-program axes' values.
    private func part(_ coordinates: [Int]) throws(SweepError) -> Result<Scenario, ScenarioError> {
      let key = plan.subIndex(coordinates, plan.scenarioAxes)
      if let cached = cache.scenario(key) { return cached }
      let result = try applied(coordinates, axes: plan.scenarioAxes)
      cache.store(scenario: result, key)
      return result
    }

    /// The programs of the program axes' values.
    private func programs(_ coordinates: [Int]) throws(SweepError) -> Result<[Program], ScenarioError> {
      let key = plan.subIndex(coordinates, plan.programAxes)
      if let cached = cache.programs(key) { return cached }
      let result = try applied(coordinates, axes: plan.programAxes).map(\.programs)
      cache.store(programs: result, key)
      return result
    }
  }

  /// Built scenario parts (results, so a part that fails validation is not built again),
  /// shared by the workers of a run under a lock; a part may be built twice when two
  /// workers need it at once, with the same result.
  final class PartCache: @unchecked Sendable {
    private let lock = NSLock()
    private var scenarios: [Int: Result<Scenario, ScenarioError>] = [:]
    private var programLists: [Int: Result<[Program], ScenarioError>] = [:]
    /// Parts kept at most per kind (the cache is emptied when it grows past it).
    static let limit = 4096

    init() {}

    func scenario(_ key: Int) -> Result<Scenario, ScenarioError>? {
      lock.withLock { scenarios[key] }
    }

    func programs(_ key: Int) -> Result<[Program], ScenarioError>? {
      lock.withLock { programLists[key] }
    }

    func store(scenario: Result<Scenario, ScenarioError>, _ key: Int) {
      lock.withLock {
        if scenarios.count >= Self.limit { scenarios.removeAll() }
        scenarios[key] = scenario
      }
    }

    func store(programs: Result<[Program], ScenarioError>, _ key: Int) {
      lock.withLock {
        if programLists.count >= Self.limit { programLists.removeAll() }
        programLists[key] = programs
      }
    }
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
    let builder = try Builder(plan: self)
    var tapes: [MarketTape] = []
    for t in 0..<tapeCount {
      let coordinates = coordinates(ofTape: t)
      let i = index(of: coordinates)
      let scenario = try builder.scenario(coordinates: coordinates, index: i)
      do {
        tapes.append(try MarketTape.load(scenario, from: source))
      } catch let error as ScenarioError {
        throw SweepError.invalidPoint(index: i, values: grid.describe(i), error: error)
      }
    }
    return tapes
  }
}
