import Foundation
import MarketData
import Pricing

/// Runs a scenario's programs over every path of its `paths:` section with the ordinary
/// ``Backtest`` engine, so that every rule behaves on a simulated path exactly as on history.
///
/// For each path a ``MarketTape`` is built directly from arrays: the synthetic calendar
/// (``calendar(_:count:)``: weekdays from ``firstDay``, 252 to a calendar year, or every day
/// with 365), the path's spots,
/// its implied volatility (see ``impliedVolatility(of:)``; floored at 0.001 so options
/// always have a price), the skew of `data.volatility.<symbol>` if any, and the constant
/// `data.rate` and `data.dividend-yield`. Every program runs on every path.
///
/// Per program and path it records:
/// - **final P&L** `V_n − V_init`: the value after the last day's trades minus the value
///   before the first day's (currency);
/// - **costs**: every trading cost paid (currency);
/// - **hedging error**: computed by the caller's ``PathHedgingError`` from the path's daily
///   values, initial value and interest growth (Simulation returns facts; the definition is
///   Analytics' `HedgingError.pathMeasure`: the root mean square of the daily P&L in excess of
///   the risk-free return on the previous value, currency per day, 0 for a perfect hedge).
///
/// Deterministic: path p draws from stream p of the seed, results are stored by path index,
/// so the output is identical for any thread count and the paths are the same whatever
/// programs are run (paired comparisons are between programs on the same paths).
/// The hedging error of one path from the program's daily values `V_t` (currency), its value
/// before the first day and `g_t = e^{r·Δt_t} − 1` per step (0 on the first): supplied by
/// Analytics (`HedgingError.pathMeasure`), the one definition of a hedging error.
public typealias PathHedgingError =
  @Sendable (_ values: [Double], _ initialValue: Double, _ interestGrowth: [Double]) -> Double

public enum PathSetRunner {
  /// The first synthetic day of every path: Monday 3 January 2000.
  public static let firstDay = Day(year: 2000, month: 1, day: 3)!

  /// The implied volatility along the paths: `paths.implied-volatility`, else a constant
  /// `data.volatility.<symbol>`, else the model's (premium 0).
  public static func impliedVolatility(of scenario: Scenario) -> PathsSpec.ImpliedVolatility {
    if let given = scenario.paths?.impliedVolatility { return given }
    if case .constant(let σ, _)? = scenario.data.volatility[scenario.data.underlyings[0]] {
      return .constant(σ)
    }
    return .model(premium: 0, tenorDays: 0)
  }

  /// Model steps per year: `paths.steps-per-year`, else the calendar's.
  public static func stepsPerYear(of scenario: Scenario) -> Int {
    scenario.paths?.stepsPerYear ?? scenario.calendar.wholeStepsPerYear
  }

  /// The synthetic calendar of `count` days from ``firstDay``.
  ///
  /// `calendar-365`: every calendar day. `trading-days`: weekdays such that step t falls on
  /// the first weekday on or after `firstDay + round(t·365/252)` (and after step t − 1), so
  /// that about 9 weekdays a year are skipped like exchange holidays and 252 steps span one
  /// calendar year: the engine's year fractions (calendar days / 365) then agree with the
  /// model's step of 1/252 year, and an option priced at the volatility the path realises is
  /// fairly priced.
  public static func calendar(_ convention: CalendarConvention, count: Int) -> [Day] {
    var days: [Day] = []
    days.reserveCapacity(count)
    for t in 0..<count {
      if convention == .calendar365 {
        days.append(firstDay + t)
        continue
      }
      var day = firstDay + Int(clamping: Double(t) * 365 / 252, .toNearestOrAwayFromZero)
      if let last = days.last, day <= last { day = last + 1 }
      while day.isWeekend { day = day + 1 }
      days.append(day)
    }
    return days
  }

  /// Generates the scenario's paths (spots, and implied volatility where the model gives it).
  /// - Parameters:
  ///   - history: the loaded history of the scenario (``MarketTape/load(_:from:)``), needed
  ///     by `bootstrap` only.
  ///   - threads: worker threads (≥ 1); the paths do not depend on it.
  /// - Throws: ``ScenarioError`` when the scenario has no `paths:` or a bootstrap has no
  ///   history, or the model rejects its parameters.
  public static func simulate(_ scenario: Scenario, history: MarketTape?, threads: Int) throws(ScenarioError)
    -> SimulatedPaths
  {
    let o = scenario.origin
    guard let spec = scenario.paths else {
      throw .missingKey(file: o.file, line: nil, keyPath: "paths", expected: "a paths: section")
    }
    let symbol = scenario.data.underlyings[0]
    let rate: Double
    if case .constant(let r) = scenario.data.rate { rate = r } else { rate = 0 }
    let q: Double
    if case .constant(let y)? = scenario.data.dividendYield[symbol] { q = y } else { q = 0 }
    let drift = spec.drift ?? rate
    let spot = spec.spot ?? 100
    let perYear = stepsPerYear(of: scenario)
    let steps = spec.steps(stepsPerYear: perYear)
    let dt = 1 / Double(perYear)
    let volatility = impliedVolatility(of: scenario)
    let model: any PathModel
    switch spec.model {
    case .gbm(let σ):
      model = GeometricBrownianMotion(spot: spot, drift: drift, volatility: σ, dividendYield: q)
    case .heston(let v0, let κ, let θ, let ξ, let ρ):
      var proxy: HestonModel.ImpliedVolatilityProxy? = nil
      if case .model(let premium, let tenorDays) = volatility {
        proxy = .init(tenor: Double(tenorDays) / 365, premium: premium)
      }
      model = HestonModel(
        spot: spot, initialVariance: v0, meanReversion: κ, longRunVariance: θ,
        volatilityOfVariance: ξ, correlation: ρ, drift: drift, dividendYield: q,
        impliedVolatility: proxy)
    case .merton(let σ, let λ, let m, let δ):
      model = MertonJumpDiffusion(
        spot: spot, drift: drift, volatility: σ, jumpIntensity: λ, jumpMean: m,
        jumpVolatility: δ, dividendYield: q)
    case .bootstrap(let blocks):
      guard let history else {
        throw .invalid(
          file: o.file, line: o.line(of: "paths.model"), keyPath: "paths.model",
          reason: "a bootstrap resamples the history of '\(symbol)', which needs the market database; pass --db or set data.database")
      }
      let closes = (0..<history.count).map { history.spot(0, $0) }
      var vols: [Double]? = nil
      if case .model = volatility { vols = (0..<history.count).map { history.atTheMoneyVolatility(0, $0) } }
      do {
        model = try HistoricalBootstrap(
          closes: closes, impliedVolatilities: vols, blocks: blocks, spot: spec.spot)
      } catch {
        throw .invalid(
          file: o.file, line: o.line(of: "paths.parameters"), keyPath: "paths.parameters",
          reason: "the history of '\(symbol)' cannot be bootstrapped: \(error)")
      }
    }
    do {
      return try model.paths(count: spec.count, steps: steps, timeStep: dt, seed: spec.seed, threads: threads)
    } catch {
      throw .invalid(
        file: o.file, line: o.line(of: "paths.parameters"), keyPath: "paths.parameters",
        reason: "\(error)")
    }
  }

  /// Runs the programs (all, or those named in `programs`, in file order) over every path.
  /// - Parameters:
  ///   - history: the loaded history, for `bootstrap` only.
  ///   - threads: worker threads (≥ 1); the result does not depend on it.
  ///   - resamples: bootstrap resamples of the paired comparisons (≥ 100).
  /// - Throws: ``ScenarioError`` as ``simulate(_:history:threads:)``.
  public static func run(
    _ scenario: Scenario, history: MarketTape?, programs names: [String]? = nil, threads: Int,
    resamples: Int = 2_000, hedgingError: PathHedgingError
  ) throws(ScenarioError) -> PathSetResult {
    let paths = try simulate(scenario, history: history, threads: threads)
    return try run(
      scenario, paths: paths, programs: names, threads: threads, resamples: resamples,
      hedgingError: hedgingError)
  }

  /// Runs the programs over the given paths (see ``run(_:history:programs:threads:resamples:)``).
  public static func run(
    _ scenario: Scenario, paths: SimulatedPaths, programs names: [String]? = nil, threads: Int,
    resamples: Int = 2_000, hedgingError: PathHedgingError
  ) throws(ScenarioError) -> PathSetResult {
    let rows = rows(scenario, paths: paths, programs: names, threads: threads, hedgingError: hedgingError)
    return try summarise(
      rows, header: header(scenario, paths: paths), resamples: resamples, threads: threads,
      file: scenario.origin.file, line: scenario.origin.line(of: "paths"))
  }

  /// What a ``PathSetResult`` says about the paths themselves (not the programs).
  public static func header(_ scenario: Scenario, paths: SimulatedPaths) -> PathSetHeader {
    let spec = scenario.paths!
    let days = calendar(scenario.calendar, count: paths.pointsPerPath)
    return PathSetHeader(
      scenario: scenario.name, symbol: scenario.data.underlyings[0], model: spec.model.name,
      pathCount: paths.pathCount, stepCount: paths.stepCount, stepsPerYear: stepsPerYear(of: scenario),
      seed: spec.seed, firstDay: days[0], lastDay: days[days.count - 1])
  }

  /// Runs the programs (all, or those named in `names`, in file order) over the paths of
  /// `shard` (path indices `p` with `p mod N == I`, ascending; ``SweepShard/whole`` for all)
  /// and returns the per-path outcomes. Each path's outcome depends on its index only, not on
  /// the shard or the thread count.
  public static func rows(
    _ scenario: Scenario, paths: SimulatedPaths, programs names: [String]? = nil, threads: Int,
    shard: SweepShard = .whole, hedgingError: PathHedgingError
  ) -> PathSetRows {
    let spec = scenario.paths!
    let symbol = scenario.data.underlyings[0]
    let selected = scenario.programs.indices.filter {
      names?.contains(scenario.programs[$0].name) ?? true
    }
    let n = paths.pointsPerPath
    let days = calendar(scenario.calendar, count: n)
    let rate: Double
    if case .constant(let r) = scenario.data.rate { rate = r } else { rate = 0 }
    let q: Double
    if case .constant(let y)? = scenario.data.dividendYield[symbol] { q = y } else { q = 0 }
    let rates = [Double](repeating: rate, count: n)
    let yields = [[Double](repeating: q, count: n)]
    let volatility = impliedVolatility(of: scenario)
    let volatilityModel: VolatilityModel
    switch scenario.data.volatility[symbol] {
    case .constant(_, let skew?)?, .atTheMoney(_, _, let skew?)?: volatilityModel = .skew(skew)
    default: volatilityModel = .flat
    }
    // One implied volatility for every day when the model has none along the path.
    let flatVolatility: Double
    switch (volatility, spec.model) {
    case (.constant(let σ), _): flatVolatility = σ
    case (.model(let premium, _), .gbm(let σ)): flatVolatility = σ + premium
    case (.model(let premium, _), .merton(let σ, let λ, let m, let δ)):
      flatVolatility = (σ * σ + λ * (m * m + δ * δ)).squareRoot() + premium
    case (.model, .bootstrap), (.model, .heston):
      flatVolatility = 0  // unused: these models give a volatility along each path
    }
    let pathVolatilities: [Double]? = {
      if case .constant = volatility { return nil }
      return paths.impliedVolatilities
    }()
    let bootstrapPremium: Double = {
      if case .bootstrap = spec.model, case .model(let premium, _) = volatility { return premium }
      return 0
    }()
    let flatVolatilities = [Double](repeating: max(flatVolatility, 0.001), count: n)

    let programCount = selected.count
    let pathIndices = Array(shard.points(of: paths.pathCount))
    let pathCount = pathIndices.count
    var pnl = [Double](repeating: 0, count: programCount * pathCount)
    var errors = pnl
    var costs = pnl
    var trades = pnl
    let calendarConvention = scenario.calendar
    let symbols = scenario.data.underlyings
    pnl.withUnsafeMutableBufferPointer { pnlBuffer in
      errors.withUnsafeMutableBufferPointer { errorBuffer in
        costs.withUnsafeMutableBufferPointer { costBuffer in
          trades.withUnsafeMutableBufferPointer { tradeBuffer in
            let out = (
              UncheckedPointer(pnlBuffer.baseAddress!), UncheckedPointer(errorBuffer.baseAddress!),
              UncheckedPointer(costBuffer.baseAddress!), UncheckedPointer(tradeBuffer.baseAddress!))
            ParallelBlocks.run(blockCount: pathCount, threads: threads) { slot in
              let path = pathIndices[slot]
              let row = path * n
              let spots = Array(paths.spots[row..<(row + n)])
              let vols: [Double]
              if let series = pathVolatilities {
                vols = series[row..<(row + n)].map { max($0 + bootstrapPremium, 0.001) }
              } else {
                vols = flatVolatilities
              }
              let tape = MarketTape(
                symbols: symbols, days: days, calendar: calendarConvention, spots: [spots],
                atTheMoneyVolatilities: [vols], volatilityModels: [volatilityModel],
                riskFreeRates: rates, dividendYields: yields)
              let backtest = Backtest(scenario: scenario, tape: tape)
              for (k, program) in selected.enumerated() {
                let result = backtest.run(program: program)
                let i = k * pathCount + slot
                out.0.mutablePointer[i] = result.summary.finalValue - result.summary.initialValue
                out.1.mutablePointer[i] = hedgingError(
                  result.daily.value, result.summary.initialValue, tape.interestGrowth)
                out.2.mutablePointer[i] = result.summary.totalCosts
                out.3.mutablePointer[i] = Double(result.summary.tradeCount)
              }
            }
          }
        }
      }
    }

    return PathSetRows(
      programs: selected.map { scenario.programs[$0].name }, pathIndices: pathIndices,
      profitAndLoss: (0..<programCount).map { k in Array(pnl[(k * pathCount)..<((k + 1) * pathCount)]) },
      hedgingError: (0..<programCount).map { k in Array(errors[(k * pathCount)..<((k + 1) * pathCount)]) },
      costs: (0..<programCount).map { k in Array(costs[(k * pathCount)..<((k + 1) * pathCount)]) },
      trades: (0..<programCount).map { k in trades[(k * pathCount)..<((k + 1) * pathCount)].map { Int(clamping: $0) } })
  }

  /// The distributions of each program's outcomes over `rows`, and each program after the
  /// first against the first, paired path by path (percentile bootstrap of `resamples`
  /// resamples seeded with `header.seed`). The result depends on the rows and their order
  /// only, so rows merged from shards give exactly the unsharded result.
  /// - Throws: ``ScenarioError/invalid(file:line:keyPath:reason:)`` (naming `file` and
  ///   `line`) when an outcome is not finite or the comparison cannot be made.
  public static func summarise(
    _ rows: PathSetRows, header: PathSetHeader, resamples: Int, threads: Int, file: String, line: Int?
  ) throws(ScenarioError) -> PathSetResult {
    let pathCount = rows.pathIndices.count
    func summarise(_ values: [Double], _ what: String) throws(ScenarioError) -> DistributionSummary {
      do {
        return try DistributionSummary(values)
      } catch {
        throw .invalid(
          file: file, line: line, keyPath: "paths",
          reason: "the \(what) of a path is not a finite number (\(error)); lower the model's volatility or shorten the horizon")
      }
    }
    var outcomes: [PathProgramOutcome] = []
    for k in rows.programs.indices {
      outcomes.append(
        PathProgramOutcome(
          name: rows.programs[k],
          profitAndLoss: rows.profitAndLoss[k], hedgingError: rows.hedgingError[k],
          costs: rows.costs[k],
          profitAndLossSummary: try summarise(rows.profitAndLoss[k], "final P&L"),
          hedgingErrorSummary: try summarise(rows.hedgingError[k], "hedging error"),
          costsSummary: try summarise(rows.costs[k], "cost"),
          meanTradeCount: DistributionSummary.compensatedSum(rows.trades[k].map(Double.init)) / Double(pathCount)))
    }
    var comparisons: [PathComparison] = []
    if let baseline = outcomes.first {
      for outcome in outcomes.dropFirst() {
        func paired(_ a: [Double], _ b: [Double]) throws(ScenarioError) -> PairedComparison {
          do {
            return try PairedComparison(
              first: a, second: b, resamples: resamples, seed: header.seed, threads: threads)
          } catch {
            throw .invalid(
              file: file, line: line, keyPath: "paths",
              reason: "the paired comparison of '\(outcome.name)' with '\(baseline.name)' failed: \(error)")
          }
        }
        comparisons.append(
          PathComparison(
            program: outcome.name, baseline: baseline.name,
            profitAndLoss: try paired(outcome.profitAndLoss, baseline.profitAndLoss),
            hedgingError: try paired(outcome.hedgingError, baseline.hedgingError),
            costs: try paired(outcome.costs, baseline.costs)))
      }
    }
    return PathSetResult(
      scenario: header.scenario, symbol: header.symbol, model: header.model, pathCount: pathCount,
      stepCount: header.stepCount, stepsPerYear: header.stepsPerYear, seed: header.seed,
      firstDay: header.firstDay, lastDay: header.lastDay, programs: outcomes, comparisons: comparisons)
  }
}
