import Pricing
import MarketData
import Simulation

/// Every program of a scenario run, scored against the unhedged baseline, with a same-beta
/// stock-plus-cash benchmark next to each hedge: what `hedgelab compare` prints and what the
/// exports and the HTML report show.
///
/// - The baseline is the first program without rules (`rules: []` or only `type: none`), or
///   the first program when every program has rules. It comes first, then each hedge program
///   in file order, each followed by its `StockCashBenchmark` when one can be formed.
/// - Metrics (`MetricsSummary`): daily returns annualised with the calendar's steps per year
///   (252 or 365); Sharpe and Sortino over the scenario's risk-free rate accrued day by day
///   (`RiskFree.accruing`); beta to the first underlying's simple returns; roll-period
///   metrics over `rollPeriod` (overlapping windows). Hedge effectiveness compares returns,
///   not currency P&L (`MetricsSummary.HedgeEffectivenessBasis.returns`): over decades the
///   hedged and unhedged values drift far apart, and a currency variance ratio would mostly
///   measure that gap.
/// - Hedging efficiency and attribution come from the simulated ledger and daily record
///   (`HedgingEfficiency`, `ProgramAttribution`).
public struct ScenarioComparison: Sendable {
  public let scenarioName: String
  /// The scenario as run (its data sources, costs and rules, for the report's assumptions).
  public let scenario: Scenario
  /// The scenario's `description:`.
  public let scenarioSummary: String?
  /// The run's underlyings, in `data.underlyings` order.
  public let symbols: [String]
  public let days: [Day]
  /// Per underlying, the close of each day.
  public let spots: [[Double]]
  /// Per underlying, the at-the-money implied volatility of each day (decimal).
  public let impliedVolatility: [[Double]]
  /// The risk-free rate of each day (decimal, annualised, continuously compounded).
  public let riskFreeRates: [Double]
  /// Per underlying, the dividend yield of each day (decimal, annualised, continuous).
  public let dividendYields: [[Double]]
  /// Return periods per year (252 on trading days, 365 on calendar days).
  public let periodsPerYear: PeriodsPerYear
  /// The horizon of the roll-period metrics.
  public let rollPeriod: Horizon
  /// The baseline's name.
  public let baselineName: String
  /// Baseline first, then each hedge followed by its benchmark.
  public let reports: [ProgramReport]
  /// Why a benchmark or a hedging error could not be formed, one sentence each.
  public let notes: [String]
  /// The volatility model behind the option prices (from the run), for the report and manifest.
  public let volatility: [VolatilitySummary]

  /// The simulated programs (benchmarks excluded), baseline first.
  public var programReports: [ProgramReport] { reports.filter { $0.program != nil } }

  /// Scores the programs of a run.
  ///
  /// - Parameters:
  ///   - result: the run (any subset of the scenario's programs).
  ///   - scenario: the scenario that was run (rules decide the baseline and which programs
  ///     are greek hedges).
  ///   - riskFreeRates: one rate per day of `result.days` (decimal, continuous).
  ///   - dividendYields: per underlying, one yield per day (decimal, continuous).
  ///   - stepsPerYear: 252 for `trading-days`, 365 for `calendar-365`.
  ///   - rollPeriod: the roll-period horizon; by default `rollPeriod(of:stepsPerYear:)`.
  /// - Throws: `AnalyticsError` when a program's value is not positive on some day (returns
  ///   are then undefined) or the inputs do not line up.
  public init(
    result: BacktestResult, scenario: Scenario, riskFreeRates: [Double],
    dividendYields: [[Double]], stepsPerYear: Double, rollPeriod: Horizon? = nil
  ) throws(AnalyticsError) {
    guard !result.programs.isEmpty else {
      throw .invalidParameter(
        name: "programs of \(result.scenario)", value: "[]",
        condition: "at least one program; check --programs")
    }
    guard riskFreeRates.count == result.days.count else {
      throw .lengthMismatch(
        series: "risk-free rates", count: riskFreeRates.count, expected: result.days.count,
        reference: "the days of \(result.scenario)")
    }
    scenarioName = scenario.name
    self.scenario = scenario
    scenarioSummary = scenario.summary
    symbols = result.symbols
    days = result.days
    spots = result.spots
    impliedVolatility = result.impliedVolatility
    self.riskFreeRates = riskFreeRates
    self.volatility = result.volatility
    self.dividendYields = dividendYields
    let periods = try PeriodsPerYear(stepsPerYear)
    periodsPerYear = periods
    let horizon: Horizon
    if let rollPeriod {
      horizon = rollPeriod
    } else {
      horizon = try Self.rollPeriod(of: scenario, stepsPerYear: stepsPerYear)
    }
    self.rollPeriod = horizon

    let specs = result.programs.map { p in scenario.programs.first { $0.name == p.name } }
    let baselineIndex =
      specs.firstIndex { $0.map { Self.isUnhedged($0, in: scenario) } ?? false } ?? 0
    let baseline = result.programs[baselineIndex]
    baselineName = baseline.name

    let configuration = try ProgramMetrics.configuration(
      days: result.days, riskFreeRates: riskFreeRates, stepsPerYear: stepsPerYear, horizon: horizon)
    guard case .series(let cashReturns) = configuration.riskFree else {
      preconditionFailure("accruing always returns a series")
    }
    let underlying = try ReturnSeries(
      days: Array(result.days.dropFirst()), returns: simpleReturns(result.spots[0]),
      name: "underlying \(result.symbols[0])")
    // In the unit of account: divided by the coin's last close for `portfolio.currency: BTC`.
    let unitPrice = result.symbols.firstIndex(of: scenario.portfolio.currency).flatMap { result.spots[$0].last } ?? 1
    let lastSpots = result.spots.map { ($0.last ?? 0) / unitPrice }

    let baselineCurve = try ProgramMetrics.curve(baseline, days: result.days)
    let baselineSummary = try MetricsSummary(
      curve: baselineCurve, baseline: baselineCurve, underlying: underlying,
      configuration: configuration)
    let baselineBeta = baselineSummary.betaToUnderlying

    var notes = [String]()
    var reports = [ProgramReport]()
    // A baseline with (almost) no market exposure cannot be mixed into any beta: one note.
    let baselineMixable = baselineBeta.map { $0 >= StockCashBenchmark.minimumBaselineBeta } ?? false
    if !baselineMixable, result.programs.count > 1 {
      notes.append(
        "no stock+cash benchmarks: "
          + Self.noWeightReason(nil, baselineBeta, baseline.name, anyProgram: true))
    }
    let order = [baselineIndex] + result.programs.indices.filter { $0 != baselineIndex }
    for i in order {
      let program = result.programs[i]
      let isBaseline = i == baselineIndex
      var curve = baselineCurve
      var summary = baselineSummary
      if !isBaseline {
        curve = try ProgramMetrics.curve(program, days: result.days)
        summary = try MetricsSummary(
          curve: curve, baseline: baselineCurve, underlying: underlying,
          configuration: configuration)
      }
      var error: (HedgingError?, HedgingTarget)? = nil
      if let spec = specs[i], Self.isGreekHedge(spec, in: scenario) {
        error = try Self.hedgingError(
          of: i, spec: spec, in: result, scenario: scenario, notes: &notes)
      }
      let efficiency = try HedgingEfficiency(
        program: program, curve: curve, lastSpots: lastSpots, hedgingError: error)
      let attribution = try ProgramAttribution(program: program, in: result)
      let weight =
        isBaseline
        ? nil
        : StockCashBenchmark.stockWeight(
          programBeta: summary.betaToUnderlying, baselineBeta: baselineBeta)
      reports.append(
        ProgramReport(
          name: program.name, role: isBaseline ? .baseline : .hedge, curve: curve,
          summary: summary, program: program, efficiency: efficiency, attribution: attribution,
          stockWeight: weight))
      guard !isBaseline else { continue }
      guard let weight else {
        if baselineMixable {
          notes.append(
            "no stock+cash benchmark for \(program.name): "
              + Self.noWeightReason(summary.betaToUnderlying, baselineBeta, baseline.name))
        }
        continue
      }
      let name = "\(program.name) stock+cash"
      do {
        let mix = try StockCashBenchmark.curve(
          baseline: baselineCurve, stockWeight: weight, riskFree: cashReturns, name: name)
        let mixSummary = try MetricsSummary(
          curve: mix, baseline: baselineCurve, underlying: underlying,
          configuration: configuration)
        reports.append(
          ProgramReport(
            name: name, role: .stockCashBenchmark(of: program.name, stockWeight: weight),
            curve: mix, summary: mixSummary, program: nil, efficiency: nil, attribution: nil,
            stockWeight: weight))
      } catch {
        notes.append("no stock+cash benchmark for \(program.name): \(error)")
      }
    }
    self.reports = reports
    self.notes = notes + Self.undefinedNotes(rows: reports.map { ($0.name, $0.rows) })
  }

  /// One note per metric and reason shown as `–` because the metric is undefined or
  /// meaningless for some programs: `Calmar ratio (a, b): – because …`.
  static func undefinedNotes(rows: [(program: String, rows: [MetricRow])]) -> [String] {
    var order: [String] = []
    var programs: [String: [String]] = [:]
    for (program, rows) in rows {
      for row in rows {
        guard let note = row.note else { continue }
        let key = "\(row.name)\u{0}\(note)"
        if programs[key] == nil { order.append(key) }
        programs[key, default: []].append(program)
      }
    }
    return order.map { key in
      let parts = key.split(separator: "\u{0}", maxSplits: 1).map(String.init)
      return "\(parts[0]) (\(programs[key]!.joined(separator: ", "))): – because \(parts[1])"
    }
  }

  /// Scores a run on the tape it was simulated on.
  ///
  /// - Throws: `AnalyticsError`, as the designated initialiser.
  public init(result: BacktestResult, scenario: Scenario, tape: MarketTape, rollPeriod: Horizon? = nil)
    throws(AnalyticsError)
  {
    try self.init(
      result: result, scenario: scenario,
      riskFreeRates: (0..<tape.count).map { tape.riskFreeRate($0) },
      dividendYields: (0..<tape.underlyingCount).map { u in
        (0..<tape.count).map { tape.dividendYield(u, $0) }
      },
      stepsPerYear: tape.stepsPerYear, rollPeriod: rollPeriod)
  }

  // MARK: - Program kinds

  /// The baseline among `programs` of `scenario`: the first whose rules do not trade (none,
  /// or only `type: none`), else the first; `nil` for an empty list.
  public static func baseline(of programs: [Program], in scenario: Scenario) -> Program? {
    programs.first { isUnhedged($0, in: scenario) } ?? programs.first
  }

  /// A program whose rules do not trade (``RuleProfile/trades``).
  static func isUnhedged(_ program: Program, in scenario: Scenario) -> Bool {
    program.profiles(in: scenario).allSatisfy { !$0.trades }
  }

  /// A program with a rule that has a hedging target (``RuleProfile/target``): a greek hedge.
  static func isGreekHedge(_ program: Program, in scenario: Scenario) -> Bool {
    program.profiles(in: scenario).contains { $0.target != .none }
  }

  /// The option roll period of a scenario, in steps: the most common roll interval among
  /// the rules that renew options on a schedule (``RuleProfile/rollSchedule``), ties to the
  /// shorter; 30 calendar days (21 trading days) when no program trades options on a
  /// schedule.
  public static func rollPeriod(of scenario: Scenario, stepsPerYear: Double) throws(AnalyticsError)
    -> Horizon
  {
    var counts = [Int: Int]()
    for program in scenario.programs {
      for profile in program.profiles(in: scenario) {
        guard let schedule = profile.rollSchedule else { continue }
        counts[schedule.steps(stepsPerYear: stepsPerYear), default: 0] += 1
      }
    }
    let best = counts.keys.sorted().max { counts[$0]! < counts[$1]! || (counts[$0]! == counts[$1]! && $0 > $1) }
    return try Horizon(tradingDays: best ?? max(1, Int((30 * stepsPerYear / 365).rounded())))
  }

  private static func noWeightReason(
    _ programBeta: Double?, _ baselineBeta: Double?, _ baseline: String, anyProgram: Bool = false
  ) -> String {
    guard let baselineBeta else { return "the beta of \(baseline) is undefined" }
    if anyProgram || baselineBeta < StockCashBenchmark.minimumBaselineBeta {
      return "the beta of \(baseline) (\(DisplayFormat.fixed(baselineBeta, 3))) must be at least"
        + " \(StockCashBenchmark.minimumBaselineBeta) to be mixed with cash; the hedges are"
        + " compared with the baseline alone"
    }
    guard let programBeta else { return "its beta is undefined" }
    return "the stock weight β/β_baseline (\(DisplayFormat.fixed(programBeta / baselineBeta, 3)))"
      + " must be in [\(StockCashBenchmark.allowedWeights.lowerBound), \(StockCashBenchmark.allowedWeights.upperBound)]"
  }

  // MARK: - Hedging error

  /// The hedging error of a greek-hedged program and its target (see `HedgingTarget`), or
  /// `nil` (with a note) when a replicated put has no program to compare with.
  private static func hedgingError(
    of index: Int, spec: Program, in result: BacktestResult, scenario: Scenario,
    notes: inout [String]
  ) throws(AnalyticsError) -> (HedgingError?, HedgingTarget)? {
    let program = result.programs[index]
    let pnl = marketPnL(program)
    let targets = spec.profiles(in: scenario).map(\.target)
    // A delta target away from 0 keeps a directional position: its market P&L is that
    // position's own P&L, not an error of a hedge.
    for case .directional(let targetDelta) in targets {
      notes.append(
        "no hedging error for \(program.name): its delta rule keeps target-delta "
          + "\(DisplayFormat.fixed(targetDelta, 2)) (a position of that fraction of the holding), "
          + "not a hedge; its market P&L is that position's own P&L")
      return nil
    }
    var replicated: (strike: Double, tenorDays: Int)? = nil
    for case .replicatesPut(let strike, let tenorDays) in targets { replicated = (strike, tenorDays) }
    guard let put = replicated else {
      let premium = averagePremium(program, spec: spec, in: scenario)
      return (try HedgingError.of(dailyPnL: pnl, optionPremium: premium), .zero)
    }
    for (j, other) in result.programs.enumerated() where j != index {
      guard let otherSpec = scenario.programs.first(where: { $0.name == other.name }) else { continue }
      let profiles = otherSpec.profiles(in: scenario)
      guard profiles.count == 1, let held = profiles[0].holdsPut, held.strike == put.strike,
        held.tenorDays == put.tenorDays
      else { continue }
      let premium = averagePremium(other, spec: otherSpec, in: scenario)
      // The put program's market return applied to this program's capital: the two values
      // drift apart over a long run, and a currency difference would grow with the gap.
      let target = marketPnL(other)
      let d = program.daily.value
      let o = other.daily.value
      let scaled = target.indices.map { target[$0] / o[$0] * d[$0] }
      return (
        try HedgingError.of(dailyPnL: pnl, target: scaled, optionPremium: premium),
        .program(other.name)
      )
    }
    notes.append(
      "no hedging error for \(program.name): it replicates a put (strike \(put.strike), tenor"
        + " \(put.tenorDays) days) that no program of the comparison buys; add a protective-put"
        + " program with that strike and tenor to measure the replication error")
    return nil
  }

  /// `pnlUnderlying + pnlOptions` from day 1 on (n − 1 values).
  static func marketPnL(_ program: ProgramResult) -> [Double] {
    let d = program.daily
    guard d.value.count >= 2 else { return [] }
    return (1..<d.value.count).map { d.pnlUnderlying[$0] + d.pnlOptions[$0] }
  }

  /// The mean over opening days of |Σ q·price| of the options opened that day by the
  /// program's option overlays (`rules` of type protective-put, collar, …, options), currency
  /// units; `nil` when they opened none or the premiums are zero.
  static func averagePremium(_ program: ProgramResult, spec: Program, in scenario: Scenario) -> Double? {
    let profiles = spec.profiles(in: scenario)
    let overlayRules = Set(profiles.indices.filter { profiles[$0].paysOptionPremiums })
    var total = 0.0
    var openingDays = 0
    var day: Day? = nil
    var premium = 0.0
    for trade in program.trades
    where trade.instrument.kind == .option && trade.reason == .open && overlayRules.contains(trade.rule) {
      if trade.day != day {
        if day != nil {
          total += abs(premium)
          openingDays += 1
        }
        day = trade.day
        premium = 0
      }
      premium += trade.quantity * trade.price
    }
    if day != nil {
      total += abs(premium)
      openingDays += 1
    }
    guard openingDays > 0, total > 0 else { return nil }
    return total / Double(openingDays)
  }
}
