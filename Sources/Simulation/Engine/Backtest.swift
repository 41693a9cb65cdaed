import MarketData

/// One program's complete output, kept in memory for reports.
public struct ProgramResult: Sendable, Equatable, Codable {
  public var name: String
  public var daily: DailyRecord
  /// Every trade and settlement, in execution order.
  public var trades: [TradeRecord]
  public var summary: PerformanceSummary
  /// The daily maintenance margin (currency, one per day, after the day's trades, see
  /// ``MarginModel``), when the run was asked for it; `nil` otherwise.
  public var margin: [Double]? = nil
}

/// The output of a scenario run: the shared market path and one result per program.
public struct BacktestResult: Sendable, Equatable, Codable {
  public var scenario: String
  /// The underlyings, in the order of the `underlying` indices used everywhere.
  public var symbols: [String]
  public var days: [Day]
  /// Per underlying, the close of each day.
  public var spots: [[Double]]
  /// Per underlying, the at-the-money implied volatility used each day (decimal).
  public var impliedVolatility: [[Double]]
  public var programs: [ProgramResult]
  /// How each modelled underlying's option prices were produced (smile models only).
  public var volatility: [VolatilitySummary] = []
}

/// Runs a validated scenario's programs over a loaded ``MarketTape``.
///
/// Deterministic: the same scenario and tape give identical results (no dictionary
/// iteration, no randomness, programs in file order).
public struct Backtest: Sendable {
  public let scenario: Scenario
  public let tape: MarketTape
  let portfolio: ResolvedPortfolio

  /// - Precondition: `tape.symbols == scenario.data.underlyings` (``MarketTape/load(_:from:)``
  ///   builds it so).
  public init(scenario: Scenario, tape: MarketTape) {
    precondition(tape.symbols == scenario.data.underlyings, "the tape must follow data.underlyings")
    self.scenario = scenario
    self.tape = tape
    portfolio = Self.resolve(scenario.portfolio, symbols: tape.symbols)
  }

  static func resolve(_ spec: PortfolioSpec, symbols: [String]) -> ResolvedPortfolio {
    let index = { (s: String) in symbols.firstIndex(of: s)! }
    return ResolvedPortfolio(
      cash: spec.cash,
      holdings: spec.holdings.map { (index($0.symbol), $0.size) },
      options: spec.options.map { (index($0.symbol), $0) },
      futures: spec.futures.map { (index($0.symbol), $0) })
  }

  /// Runs one program (by index in `scenario.programs`).
  public func run(program: Int) -> ProgramResult { run(program: program, margin: nil) }

  /// The rules of program `program` (by index in `scenario.programs`), built for this tape
  /// and cost model; each rule's owner is its index in the program.
  func makeRules(program: Int) -> [any HedgeRule] {
    scenario.programs[program].rules.enumerated().map { owner, rule in
      rule.makeRule(
        context: RuleContext(
          owner: owner, symbols: tape.symbols, costs: scenario.costs,
          stepsPerYear: tape.stepsPerYear))
    }
  }

  /// Runs one program; with `margin`, also computes its daily portfolio margin (off in
  /// ``run(program:)``: it reprices every option over the margin grid each day).
  public func run(program: Int, margin: MarginModel?) -> ProgramResult {
    let own = scenario.programs[program].portfolio
    let spec = own ?? scenario.portfolio
    return Self.run(
      name: scenario.programs[program].name, tape: tape, costs: scenario.costs,
      financing: spec.financing, dividends: spec.dividends,
      rules: makeRules(program: program),
      portfolio: own.map { Self.resolve($0, symbols: tape.symbols) } ?? portfolio, margin: margin,
      currency: tape.symbols.firstIndex(of: spec.currency))
  }

  static func run(
    name: String, tape: MarketTape, costs: CostModel, financing: Financing,
    dividends: DividendTreatment, rules: [any HedgeRule], portfolio: ResolvedPortfolio,
    margin: MarginModel? = nil, currency: Int? = nil
  ) -> ProgramResult {
    var engine = ProgramEngine(
      tape: tape, costs: costs, financing: financing, dividends: dividends, rules: rules)
    engine.marginModel = margin
    engine.run(initial: portfolio)
    if let u = currency, tape.count > 0 {
      // Every value and metric in units of the coin (`portfolio.currency`).
      let price = (0..<tape.count).map { tape.spot(u, $0) }
      engine.daily = engine.daily.inUnits(of: price)
      engine.initialValue /= price[0]
      if !engine.margin.isEmpty { engine.margin = zip(engine.margin, price).map { $0 / $1 } }
      engine.trades = engine.trades.inUnits(of: price, days: tape.days)
    }
    let summary = PerformanceSummary(
      initialValue: engine.initialValue, daily: engine.daily, costs: engine.costTotals,
      tradeCount: engine.trades.count { $0.rule >= 0 && $0.reason != .expiry })
    return ProgramResult(
      name: name, daily: engine.daily, trades: engine.trades, summary: summary,
      margin: margin == nil ? nil : engine.margin)
  }

  /// Runs every program, or only those named in `programs` (in file order).
  public func run(programs names: [String]? = nil) -> BacktestResult { run(programs: names, margin: nil) }

  /// Runs the programs as ``run(programs:)``; with `margin`, each program's daily portfolio
  /// margin too.
  public func run(programs names: [String]?, margin: MarginModel?) -> BacktestResult {
    let selected = scenario.programs.indices.filter { names?.contains(scenario.programs[$0].name) ?? true }
    let m = tape.underlyingCount
    return BacktestResult(
      scenario: scenario.name, symbols: tape.symbols, days: tape.days,
      spots: (0..<m).map { u in (0..<tape.count).map { tape.spot(u, $0) } },
      impliedVolatility: (0..<m).map { u in (0..<tape.count).map { tape.atTheMoneyVolatility(u, $0) } },
      programs: selected.map { run(program: $0, margin: margin) },
      volatility: tape.volatilitySummaries)
  }
}
