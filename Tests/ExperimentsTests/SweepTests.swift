import Foundation
import HedgeLabTestSupport
import MarketData
import SimulationTestSupport
import Testing

@testable import Experiments
@testable import Simulation

/// A small sweep fixture: three stocks on 260 weekdays, a scenario with an unhedged and a
/// protective-put program.
enum SweepFixture {
  static let scenario = """
    name: sweep-test
    data:
      underlyings: [AAA]
      volatility:
        AAA: 0.25
      rate: 0.01
    portfolio:
      holdings: [ { symbol: AAA, notional: 100000 } ]
    costs: { option-half-spread: 0.02, contract-fee: 0.65 }
    programs:
      - name: unhedged
        rules: []
      - name: put
        rules:
          - { type: protective-put, strike: 0.95, tenor-days: 30 }
    """

  static let closes: [String: (days: [Day], values: [Double])] = {
    let days = Fixtures.weekdays(from: Day(year: 2015, month: 1, day: 5)!, count: 260)
    var rng = SplitMix64(seed: 6)
    var closes: [String: (days: [Day], values: [Double])] = [:]
    for (symbol, spot) in [("AAA", 100.0), ("BBB", 50.0), ("CCC", 20.0)] {
      closes[symbol] = (days, Fixtures.gbm(days: days, spot: spot, drift: 0.05, volatility: 0.3, rng: &rng))
    }
    return closes
  }()

  static let market: InMemoryMarketData = Fixtures.market(closes: closes)

  static func grid(_ specs: [String], symbols: [String]? = nil) throws -> SweepGrid {
    var axes = try specs.map { spec throws(SweepError) in try SweepAxis.parse(spec) }
    if let symbols { axes.insert(SweepAxis(key: SweepAxis.symbolKey, values: symbols), at: 0) }
    return try SweepGrid(axes: axes)
  }

  static func runner(_ specs: [String], symbols: [String]? = nil) throws -> SweepRunner {
    let plan = try SweepPlan(scenarioText: scenario, file: "sweep-test.yaml", grid: grid(specs, symbols: symbols))
    return SweepRunner(plan: plan, tapes: try plan.loadTapes(from: market), scorer: scorer, codeVersion: "test")
  }

  /// Facts of the simulation only (the metrics themselves come from Analytics, tested there).
  static let scorer = SweepScorer(
    columns: [.init(name: "initial_value"), .init(name: "final_value"), .init(name: "total_costs"), .init(name: "trades", isCount: true)],
    score: { program, _ in
      let s = program.summary
      return [s.initialValue, s.finalValue, s.totalCosts, Double(s.tradeCount)]
    })

  /// The metrics of every program of `backtest`, as a sweep point holds them.
  static func metrics(_ backtest: Backtest) -> [SweepMetrics] {
    backtest.scenario.programs.indices.map { SweepMetrics(values: scorer.score(backtest.run(program: $0), backtest.tape)) }
  }

  static let standard = ["programs.put.rules[0].strike=0.85:1.00:0.05", "programs[1].rules[0].tenor-days=30,91"]

  static func csv(_ runner: SweepRunner, _ outcome: SweepRunner.Outcome) -> String {
    SweepCSV.text(outcome.points, grid: runner.plan.grid, programs: runner.plan.programs, columns: scorer.columns)
  }
}

@Suite("Sweep grids: values, ranges, order")
struct SweepGridTests {
  @Test("lists keep their order and text; ranges step on integers with exact decimal labels")
  func values() throws {
    #expect(try SweepAxis.parse("programs[1].rules[0].strike=0.8,0.9,1.0").values == ["0.8", "0.9", "1.0"])
    let strikes = try SweepAxis.parse("k=0.80:1.00:0.01").values
    #expect(strikes.count == 21)
    #expect(strikes.first == "0.80" && strikes[10] == "0.90" && strikes.last == "1.00")
    #expect(try SweepAxis.parse("k=30:180:30").values == ["30", "60", "90", "120", "150", "180"])
    // The end is included only when a whole number of steps reaches it.
    #expect(try SweepAxis.parse("k=0.1:0.35:0.1").values == ["0.10", "0.20", "0.30"])
    #expect(try SweepAxis.parse("k=-0.5:0.5:0.25").values == ["-0.50", "-0.25", "0.00", "0.25", "0.50"])
    #expect(try SweepAxis.parse("k=0.7:1:0.15").values == ["0.70", "0.85", "1.00"])
    #expect(try SweepAxis.parse(" k = 1:1:1 ").values == ["1"])
  }

  @Test("malformed --grid arguments are rejected with exact messages")
  func errors() {
    func message(_ spec: String) -> String {
      do {
        _ = try SweepAxis.parse(spec)
        return "accepted"
      } catch { return error.description }
    }
    let example = "(e.g. programs[1].rules[0].strike=0.8,0.9,1.0 or programs.put.rules[0].strike=0.80:1.00:0.01)"
    let lead = "must be KEY=VALUES with VALUES a list a,b,c or a range START:END:STEP;"
    #expect(message("strike") == "--grid (strike) \(lead) there is no '=' \(example)")
    #expect(message("=1,2") == "--grid (=1,2) \(lead) the key before '=' is empty \(example)")
    #expect(message("k=") == "--grid (k=) \(lead) there are no values after '=' \(example)")
    #expect(message("k=1,,2") == "--grid (k=1,,2) \(lead) the list has an empty value \(example)")
    #expect(message("k=1,2,1") == "--grid (k=1,2,1) \(lead) the value '1' is listed twice \(example)")
    #expect(message("k=1:0:0.5") == "--grid (k=1:0:0.5) \(lead) END (0) must be at least START (1) \(example)")
    #expect(message("k=0:1:0") == "--grid (k=0:1:0) \(lead) STEP (0) must be positive \(example)")
    #expect(message("k=0:1") == "--grid (k=0:1) \(lead) a range has three parts START:END:STEP, not 2 \(example)")
    #expect(message("k=0:1e2:1") == "--grid (k=0:1e2:1) \(lead) END ('1e2') is not a decimal number such as 0.85 or 30 \(example)")
    #expect(message("k=0:1000000:0.000001").contains("more than 1000000"))
  }

  @Test("the cartesian product runs the first axis slowest and the last fastest")
  func cartesianOrder() throws {
    let grid = try SweepGrid(axes: [
      SweepAxis(key: "a", values: ["1", "2"]), SweepAxis(key: "b", values: ["x", "y", "z"]),
    ])
    #expect(grid.count == 6)
    #expect((0..<6).map { grid.values(at: $0) } == [
      ["1", "x"], ["1", "y"], ["1", "z"], ["2", "x"], ["2", "y"], ["2", "z"],
    ])
    #expect(grid.describe(4) == "a=2, b=y")
    #expect(throws: SweepError.duplicateGridKey(key: "a")) {
      try SweepGrid(axes: [SweepAxis(key: "a", values: ["1"]), SweepAxis(key: "a", values: ["2"])])
    }
  }

  @Test("shards: I/N parsing and the interleaved slices cover the grid once")
  func shards() throws {
    #expect(try SweepShard("2/5") == SweepShard(index: 2, count: 5))
    for bad in ["5/5", "-1/3", "1", "a/b", "1/0", "1/2/3"] {
      #expect(throws: SweepError.badShard(text: bad)) { try SweepShard(bad) }
    }
    #expect(SweepError.badShard(text: "5/5").description
      == "--shard (5/5) must be I/N with whole numbers 0 ≤ I < N, e.g. --shard 0/4 … --shard 3/4")
    let total = 23
    var seen: [Int] = []
    for i in 0..<4 {
      let shard = try SweepShard(index: i, count: 4)
      #expect(Array(shard.points(of: total)).count == shard.pointCount(of: total))
      seen += shard.points(of: total)
    }
    #expect(seen.sorted() == Array(0..<total))
    #expect(try SweepShard(index: 3, count: 4).pointCount(of: 2) == 0)
  }
}

@Suite("Sweep key paths and point validation")
struct SweepKeyPathTests {
  func message(_ specs: [String]) -> String {
    do {
      _ = try SweepFixture.runner(specs)
      return "accepted"
    } catch { return "\(error)" }
  }

  @Test("a key path leading nowhere names the step and the nearest key or name")
  func unknownSteps() {
    #expect(message(["programs[5].rules[0].strike=0.9"])
      == "--grid key (programs[5].rules[0].strike) must address a value of the scenario: programs has 2 item(s), so its index must be in 0…1, not 5")
    #expect(message(["programs.pt.rules[0].strike=0.9"])
      == "--grid key (programs.pt.rules[0].strike) must address a value of the scenario: programs has no item named 'pt'; did you mean 'put'? names there: unhedged, put (or use an index, programs[0])")
    #expect(message(["progams[1].rules[0].strike=0.9"])
      == "--grid key (progams[1].rules[0].strike) must address a value of the scenario: the scenario's top level has no key 'progams'; did you mean 'programs'? keys there: name, description, data, period, calendar, portfolio, costs, programs, paths, margin")
    #expect(message(["programs[1].rules[0].strike.x=0.9"])
      == "--grid key (programs[1].rules[0].strike.x) must address a value of the scenario: programs[1].rules[0].strike is a single value, so it has no key 'x'")
    #expect(message(["programs[1]..strike=0.9"])
      == "--grid key (programs[1]..strike) must address a value of the scenario: it has an empty step (two dots, or a leading dot)")
  }

  @Test("a new key is checked by the scenario's own validation (unknown key, nearest valid)")
  func unknownFinalKey() {
    let text = message(["programs[1].rules[0].strik=0.9"])
    #expect(text.hasPrefix("grid point 0 (programs[1].rules[0].strik=0.9) is not a valid scenario: sweep-test.yaml"))
    #expect(text.contains("programs[1].rules[0].strik is not a known key; did you mean 'strike'?"))
    #expect(text.hasSuffix("; change the --grid values"))
  }

  @Test("every value of every axis is validated before anything runs")
  func invalidValue() {
    let text = message(["programs.put.rules[0].strike=0.9,7", "programs.put.rules[0].tenor-days=30"])
    #expect(text.hasPrefix("grid point 1 (programs.put.rules[0].strike=7, programs.put.rules[0].tenor-days=30) is not a valid scenario: sweep-test.yaml"))
    #expect(text.contains("programs[1].rules[0].strike (7) must be"))
  }

  @Test("resume keys are stable: overrides applied to the value keep the ids of sweeps recorded before")
  func sweepIDStable() throws {
    let grid = try SweepFixture.grid(["programs.put.rules[0].strike=0.9,1.0"])
    let text = SweepFixture.scenario
    let plain = try SweepPlan(scenarioText: text, file: "sweep-test.yaml", grid: grid)
    #expect(plain.id == SHA256.hex(of: Array("hedgelab-sweep-1\n\(text)\n--grid--\n\(grid.canonicalText)".utf8)))
    // `--from 2015-03-02`, as the text-editing sweep keyed it.
    let from = try SweepPlan(
      scenarioText: text, file: "sweep-test.yaml", grid: grid, overrides: [.period(from: Day(iso: "2015-03-02"), to: nil)])
    let legacy = "hedgelab-sweep-1\n\(text)\n--grid--\n\(grid.canonicalText)--overrides--\nfrom=2015-03-02\nto=\n"
    #expect(from.id == SHA256.hex(of: Array(legacy.utf8)))
    #expect(from.base.period.from == Day(iso: "2015-03-02"))
    #expect(try from.loadTapes(from: SweepFixture.market)[0].days.first == Day(iso: "2015-03-02"))
  }

  @Test("the sweep id depends on the scenario text and the grid only")
  func sweepID() throws {
    let a = try SweepFixture.runner(SweepFixture.standard).plan.id
    let b = try SweepFixture.runner(SweepFixture.standard).plan.id
    let c = try SweepFixture.runner(["programs.put.rules[0].strike=0.85:1.00:0.05"]).plan.id
    #expect(a == b && a != c && a.count == 64)
  }
}

@Suite("Sweep runs: determinism, symbols, resume, shards and merge")
struct SweepRunTests {
  @Test("a grid point gives exactly the backtest of the scenario with its values written in")
  func pointEqualsBacktest() throws {
    let runner = try SweepFixture.runner(SweepFixture.standard, symbols: ["AAA", "CCC"])
    let outcome = try runner.run(options: .init(threads: 2))
    #expect(outcome.points.count == 16 && outcome.ran == 16 && outcome.isComplete)
    // Point 14: CCC, strike 1.00, tenor 30.
    #expect(runner.plan.grid.values(at: 14) == ["CCC", "1.00", "30"])
    let text = SweepFixture.scenario
      .replacingOccurrences(of: "AAA", with: "CCC")
      .replacingOccurrences(of: "strike: 0.95", with: "strike: 1.00")
    let scenario = try ScenarioLoader.load(yaml: text, file: "direct.yaml")
    let direct = Backtest(scenario: scenario, tape: try MarketTape.load(scenario, from: SweepFixture.market))
    #expect(outcome.points[14].programs == SweepFixture.metrics(direct))
    #expect(runner.tapes.count == 2)
  }

  @Test("a symbol named inside the programs is renamed too (programs decoded per symbol)")
  func symbolInPrograms() throws {
    let text = SweepFixture.scenario.replacingOccurrences(
      of: "{ type: protective-put, strike: 0.95, tenor-days: 30 }",
      with: "{ type: protective-put, symbol: AAA, strike: 0.95, tenor-days: 30 }")
    let grid = try SweepGrid(axes: [
      SweepAxis(key: SweepAxis.symbolKey, values: ["AAA", "BBB"]), SweepAxis.parse("programs.put.rules[0].strike=0.9,1.0"),
    ])
    let plan = try SweepPlan(scenarioText: text, file: "named.yaml", grid: grid)
    #expect(plan.programAxes == [0, 1])
    let outcome = try SweepRunner(
      plan: plan, tapes: plan.loadTapes(from: SweepFixture.market), scorer: SweepFixture.scorer, codeVersion: "test"
    ).run(options: .init(threads: 2))
    let direct = try ScenarioLoader.load(
      yaml: text.replacingOccurrences(of: "AAA", with: "BBB").replacingOccurrences(of: "strike: 0.95", with: "strike: 0.9"),
      file: "direct.yaml")
    let backtest = Backtest(scenario: direct, tape: try MarketTape.load(direct, from: SweepFixture.market))
    #expect(outcome.points[2].programs == SweepFixture.metrics(backtest))
    // Without the symbol inside the programs, they are decoded once per strike only.
    let plain = try SweepFixture.runner(["programs.put.rules[0].strike=0.9,1.0"], symbols: ["AAA", "BBB"]).plan
    #expect(plain.programAxes == [1] && plain.scenarioAxes == [0])
  }

  @Test("results are identical whatever the thread count and batch size")
  func threadDeterminism() throws {
    let runner = try SweepFixture.runner(SweepFixture.standard, symbols: ["AAA", "BBB", "CCC"])
    let one = try runner.run(options: .init(threads: 1))
    let two = try runner.run(options: .init(threads: 2, batchSize: 5))
    let four = try runner.run(options: .init(threads: 4, batchSize: 1))
    #expect(one == two && two == four)
    #expect(one.points.map(\.index) == Array(0..<24))
    #expect(SweepFixture.csv(runner, one) == SweepFixture.csv(runner, four))
  }

  @Test("sweep.csv: header, one row per point and program, full-precision metrics")
  func csvLayout() throws {
    let runner = try SweepFixture.runner(["programs.put.rules[0].strike=0.90,1.00"])
    let csv = SweepFixture.csv(runner, try runner.run(options: .init(threads: 1)))
    let lines = csv.split(separator: "\n")
    #expect(lines.count == 5)
    #expect(lines[0] == "point,programs.put.rules[0].strike,program,initial_value,final_value,total_costs,trades")
    #expect(lines[1].hasPrefix("0,0.90,unhedged,100000.0,"))
    #expect(lines[4].hasPrefix("1,1.00,put,100000.0,"))
    #expect(lines[1].hasSuffix(",0"))
  }

  @Test("an interrupted sweep resumes from the database without redoing a finished point")
  func resume() throws {
    let runner = try SweepFixture.runner(SweepFixture.standard, symbols: ["AAA", "BBB"])
    let store = try ExperimentStore(MarketDatabase.inMemory())
    // Interrupted after 5 of 16 points (the test hook stops as an interruption would, after a
    // committed batch).
    let first = try runner.run(options: .init(threads: 2, maxPoints: 5, batchSize: 2), store: store)
    #expect(first.ran == 5 && first.resumed == 0 && !first.isComplete)
    #expect(try store.finishedSweepPoints(id: runner.plan.id) == Set(0..<5))
    var reported: [Int] = []
    let second = try runner.run(options: .init(threads: 2), store: store) { done, _ in reported.append(done) }
    #expect(second.resumed == 5 && second.ran == 11 && second.isComplete)
    #expect(reported.first == 5 && reported.last == 16)
    let third = try runner.run(options: .init(threads: 2), store: store)
    #expect(third.ran == 0 && third.resumed == 16)
    let fresh = try runner.run(options: .init(threads: 1))
    #expect(SweepFixture.csv(runner, second) == SweepFixture.csv(runner, fresh))
    #expect(SweepFixture.csv(runner, third) == SweepFixture.csv(runner, fresh))
  }

  @Test("N shards merged equal one unsharded run, byte for byte")
  func shardsMerge() throws {
    let runner = try SweepFixture.runner(SweepFixture.standard, symbols: ["AAA", "BBB", "CCC"])
    let whole = SweepFixture.csv(runner, try runner.run(options: .init(threads: 2)))
    for n in [1, 3, 5, 30] {
      var outputs: [SweepMerge.ShardOutput] = []
      for i in (0..<n).reversed() {
        let shard = try SweepShard(index: i, count: n)
        let outcome = try runner.run(options: .init(threads: 2, shard: shard))
        let manifest = SweepManifest(sweepID: runner.plan.id, shard: shard, totalPoints: 24, finished: outcome.points.count)
        outputs.append(.init(folder: "s\(i)", manifest: manifest.json, csv: SweepFixture.csv(runner, outcome)))
      }
      #expect(try SweepMerge.merge(outputs) == whole, "\(n) shards")
    }
  }

  @Test("merge rejects shards that are not one complete set of one sweep")
  func mergeErrors() throws {
    let runner = try SweepFixture.runner(["programs.put.rules[0].strike=0.85:1.00:0.05"])
    func output(_ i: Int, _ n: Int, id: String? = nil, maxPoints: Int? = nil) throws -> SweepMerge.ShardOutput {
      let shard = try SweepShard(index: i, count: n)
      let outcome = try runner.run(options: .init(threads: 1, shard: shard, maxPoints: maxPoints))
      let manifest = SweepManifest(sweepID: id ?? runner.plan.id, shard: shard, totalPoints: 4, finished: outcome.points.count)
      return .init(folder: "dir\(i)", manifest: manifest.json, csv: SweepFixture.csv(runner, outcome))
    }
    func message(_ outputs: [SweepMerge.ShardOutput]) -> String {
      do {
        _ = try SweepMerge.merge(outputs)
        return "merged"
      } catch { return error.description }
    }
    #expect(message([try output(0, 3), try output(2, 3)])
      == "cannot merge: shard(s) 1/3 missing; run 'hedgelab sweep … --shard I/N' for each and pass their folders")
    #expect(message([try output(0, 2), try output(0, 2), try output(1, 2)])
      == "cannot merge: shard 0/2 is given twice (dir0 and dir0); pass each shard folder once")
    #expect(message([try output(0, 2), try output(1, 3)])
      == "cannot merge: dir1 is a shard of 3 but dir0 is a shard of 2; run every shard with the same N in --shard I/N")
    let other = String(repeating: "b", count: 64)
    #expect(message([try output(0, 2), try output(1, 2, id: other)]).hasPrefix(
      "cannot merge: dir1 holds sweep bbbbbbbbbbbb but dir0 holds sweep \(runner.plan.id.prefix(12))"))
    #expect(message([try output(0, 2), try output(1, 2, maxPoints: 1)])
      == "cannot merge: shard 1/2 (dir1) has 1 of its 2 points (point 3 is missing); re-run it with the same --db to finish it, then merge")
    #expect(message([.init(folder: "x", manifest: "{}", csv: "")]).hasPrefix(
      "cannot merge: x/shard.json is not a sweep shard manifest"))
    #expect(message([]) == "cannot merge: no shard folders given; pass the --out folder of every shard")
  }

  @Test("resume keys include the data and the code: a changed series reruns the points that read it and says why")
  func staleData() throws {
    // Given a finished sweep over two symbols
    let store = try ExperimentStore(MarketDatabase.inMemory())
    let runner = try SweepFixture.runner(["programs.put.rules[0].strike=0.90,1.00"], symbols: ["AAA", "BBB"])
    let first = try runner.run(options: .init(threads: 1), store: store)
    #expect(first.ran == 4 && first.resumed == 0)
    // When nothing changed, everything resumes
    let same = try runner.run(options: .init(threads: 1), store: store)
    #expect(same.ran == 0 && same.resumed == 4 && same.rerun.isEmpty)
    #expect(same.points == first.points)
    // When BBB's last close is corrected, the two BBB points rerun and say why
    var closes = SweepFixture.closes
    closes["BBB"]!.values[259] *= 1.05
    let corrected = Fixtures.market(closes: closes)
    let plan = runner.plan
    let rerunner = SweepRunner(
      plan: plan, tapes: try plan.loadTapes(from: corrected), scorer: SweepFixture.scorer, codeVersion: "test")
    let after = try rerunner.run(options: .init(threads: 1), store: store)
    #expect(after.ran == 2 && after.resumed == 2)
    #expect(after.rerun == [SweepRunner.Rerun(reason: "close BBB changed since they ran", points: 2)])
    #expect(after.rerun.first?.description == "2 points rerun: close BBB changed since they ran")
    // and the results are those of a fresh sweep on the corrected data
    let fresh = try rerunner.run(options: .init(threads: 1))
    #expect(after.points == fresh.points)
    #expect(after.points != first.points)
    // Another version reruns every point
    let newer = SweepRunner(plan: plan, tapes: rerunner.tapes, scorer: SweepFixture.scorer, codeVersion: "test-2")
    let upgraded = try newer.run(options: .init(threads: 1), store: store)
    #expect(upgraded.ran == 4 && upgraded.rerun == [SweepRunner.Rerun(reason: "computed by HedgeLab test, this is test-2", points: 4)])
  }

  @Test("stored metrics round-trip exactly, undefined ones as NULL")
  func storeRoundTrip() throws {
    let store = try ExperimentStore(MarketDatabase.inMemory())
    try store.registerSweep(id: "s", scenario: "x", grid: "k=1\n", pointCount: 3)
    let metrics: [Double?] = [1e5, 0.1 + 0.2, nil, 1 / 3, -0.25, 0, 1e-17, 3.5, 0, 7.25, 12]
    let keys = (0..<metrics.count).map { "m\($0)" }
    let hashes = [SeriesHash(series: "close AAA", observations: 3, sha256: String(repeating: "a", count: 64))]
    let point = StoredSweepPoint(
      index: 2, grid: "k=1", codeVersion: "1.2.3", dataHashes: hashes,
      programs: [StoredSweepProgram(program: "p", metrics: metrics)])
    try store.storeSweepPoints(id: "s", keys: keys, [point])
    #expect(try store.sweepPoints(id: "s", keys: keys) == [point])
    // Keys read in another order (or not stored) come back in that order (nil when absent).
    var reordered = point
    reordered.programs[0].metrics = [metrics[3], nil, metrics[0]]
    #expect(try store.sweepPoints(id: "s", keys: ["m3", "new", "m0"]) == [reordered])
    #expect(try store.finishedSweepPoints(id: "s") == [2])
    #expect(try Array(store.appliedMigrations().prefix(2)) == ["v1-schema", "v2-sweeps"])
  }
}
