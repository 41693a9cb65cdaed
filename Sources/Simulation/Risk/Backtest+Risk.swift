import MarketData

/// Errors of a risk snapshot request.
public enum RiskError: Error, Equatable, CustomStringConvertible {
  /// The date is outside the run's calendar.
  case dateOutsidePeriod(date: Day, first: Day, last: Day)
  /// No program of that name.
  case unknownProgram(name: String, available: [String])

  public var description: String {
    switch self {
    case .dateOutsidePeriod(let date, let first, let last):
      return "--date (\(date)) must be within the backtest period \(first) to \(last); choose a date in it or change the scenario's period"
    case .unknownProgram(let name, let available):
      return "--program (\(name)) must name a program of the scenario (\(available.joined(separator: ", ")))"
    }
  }
}

extension Backtest {
  /// The step of the last trading day on or before `date`.
  /// - Throws: ``RiskError/dateOutsidePeriod(date:first:last:)`` when `date` is before the
  ///   first or after the last day of the tape.
  public func step(onOrBefore date: Day) throws(RiskError) -> Int {
    guard let first = tape.days.first, let last = tape.days.last, date >= first, date <= last else {
      let first = tape.days.first ?? date
      throw .dateOutsidePeriod(date: date, first: first, last: tape.days.last ?? first)
    }
    var lo = 0
    var hi = tape.days.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if tape.days[mid] <= date { lo = mid + 1 } else { hi = mid }
    }
    return lo - 1
  }

  /// The portfolio of program `program` (index in `scenario.programs`) after the trades of
  /// step `index`: the engine is stepped through `index` only, so nothing later is read.
  public func portfolio(program: Int, through index: Int) -> Portfolio {
    precondition(tape.days.indices.contains(index), "step \(index) is outside the tape")
    var engine = makeEngine(program: program)
    engine.lastStep = index
    engine.run(initial: portfolio)
    return engine.portfolio
  }

  /// Net greeks and the full-revaluation P&L grid of a program on the last trading day on or
  /// before `date`.
  public func riskSnapshot(
    program name: String, on date: Day, grid: RiskGridSpec = .standard,
    marginModel: MarginModel = .standard
  ) throws(RiskError) -> RiskSnapshot
  {
    guard let p = scenario.programs.firstIndex(where: { $0.name == name }) else {
      throw .unknownProgram(name: name, available: scenario.programs.map(\.name))
    }
    let t = try step(onOrBefore: date)
    return RiskSnapshot(
      program: name, portfolio: portfolio(program: p, through: t), view: MarketView(tape: tape, index: t),
      grid: grid, marginModel: marginModel)
  }
}

extension Backtest {
  /// A fresh engine for program `program`, with its rules from ``makeRules(program:)`` (as
  /// ``run(program:margin:)`` builds them).
  func makeEngine(program: Int) -> ProgramEngine {
    ProgramEngine(
      tape: tape, costs: scenario.costs, financing: scenario.portfolio.financing,
      dividends: scenario.portfolio.dividends, rules: makeRules(program: program))
  }
}
