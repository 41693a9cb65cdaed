import Analytics
import ArgumentParser
import Experiments
import Foundation
import MarketData
import Simulation

extension HedgeLab {
  /// `hedgelab compare SCENARIO`: every program on the same data, scored against the
  /// unhedged baseline and a same-beta stock-plus-cash mix, in one table.
  struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare a scenario's hedge programs with the unhedged baseline in one table.",
      discussion: """
        Runs the programs of the scenario on the same market data and prints one aligned \
        table: metrics as rows (units in their names), programs as columns, the baseline \
        first (the first program without rules). Next to each hedge, a stock+cash column \
        shows a daily-rebalanced mix of the baseline and cash with the same beta: a hedge \
        that only lowers exposure should beat simply holding less stock.

        Rows: returns and risk (CAGR, volatility, Sharpe, Sortino, Calmar, Omega, max \
        drawdown with dates, VaR/CVaR daily and over the roll period, skewness, kurtosis, \
        worst day and month); against the baseline (capture ratios, beta, Ederington hedge \
        effectiveness daily and over the roll period, CVaR and drawdown reduction); hedging \
        efficiency (cost of protection, transaction costs, turnover, trades, hedging error \
        of delta/vega programs); P&L attribution (underlying, options, carry, costs; greeks).

        --out DIR writes summary.csv, daily.csv, trades.csv, scenario.yaml, report.html and \
        manifest.json; --html FILE writes the HTML report alone.

        Examples:
          hedgelab compare Scenarios/spx-protective-put.yaml --from 2007-01-03 --to 2009-12-31
          hedgelab compare Scenarios/demo.yaml --program protective-put-95,collar-95-110 \\
            --json
          hedgelab compare Scenarios/spx-collar-covered-call.yaml --from 2008-01-02 \\
            --to 2008-12-31 --out results/ --html report.html
        """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .customLong("program"), help: "Compare only these programs: repeat the flag or separate names with commas (the baseline is always included).")
    var programs: [String] = []

    @Option(name: .customLong("programs"), help: .hidden)
    var programsAlias: [String] = []

    @Option(help: Vocabulary.scenarioDatabaseHelp)
    var db: String?

    @Option(help: "First day, YYYY-MM-DD (overrides period.from).")
    var from: String?

    @Option(help: "Last day, YYYY-MM-DD (overrides period.to).")
    var to: String?

    @Flag(help: "Print the comparison as JSON (stable keys) instead of a table.")
    var json = false

    @Option(help: "Folder for the exports (CSV files, scenario.yaml, manifest.json, report.html).")
    var out: String?

    @Option(help: "Write the HTML report to this file.")
    var html: String?

    @Flag(help: "Do not record this run in the database (see 'hedgelab runs list').")
    var noRecord = false

    @Option(help: "Report in this unit instead of portfolio.currency: USD, the scenario's coin (e.g. BTC), or both (one table in USD, one in the coin).")
    var currency: String?

    func validate() throws {
      try ScenarioRunner.validatePeriod(from: from, to: to)
      let given = programs + programsAlias
      if !given.isEmpty, Vocabulary.names(given).isEmpty {
        throw ValidationError("--program (\(given.joined(separator: " "))) must name programs, separated by commas or given one per flag")
      }
    }

    func run() throws {
      if currency?.lowercased() == "both" { return try runInBothCurrencies() }
      try withUserFacingErrors {
        let names = Vocabulary.names(programs + programsAlias)
        let run = try ScenarioRunner.build(
          ScenarioRun.Request(
            source: try ScenarioSource.read(self.scenario), database: ScenarioRunner.database(db),
            overrides: ScenarioRunner.overrides(from: from, to: to) + (currency.map { [.currency($0)] } ?? []),
            programs: names, includeBaseline: true, margin: true, compare: true),
          out: out, html: html, refusePaths: "compare backtests one history")
        let comparison = run.comparison!
        print(json ? ComparisonTable.json(comparison) : ComparisonTable.text(comparison), terminator: "")
        if !json { print(LiquidationCheck.text(comparison), terminator: "") }
        try ReportOutputs.writeIfAsked(run, out: out, html: html)
        if !noRecord { try RunRecorder.save(run, command: commandLine, programs: RecordedMetrics.of(comparison)) }
      }
    }
    /// `--currency both`: the same backtest reported in USD and in the coin of a one-coin
    /// scenario, one table (or one JSON member) per currency, each run recorded.
    private func runInBothCurrencies() throws {
      try withUserFacingErrors {
        if out != nil || html != nil {
          throw CommandFailure(
            "--currency both prints two tables; --out and --html export one run: give --currency USD or the coin with them",
            exitStatus: ExitStatus.usage)
        }
        let names = Vocabulary.names(programs + programsAlias)
        let source = try ScenarioSource.read(self.scenario)
        func build(_ unit: String) throws -> ScenarioRun {
          try ScenarioRunner.build(
            ScenarioRun.Request(
              source: source, database: ScenarioRunner.database(db),
              overrides: ScenarioRunner.overrides(from: from, to: to) + [.currency(unit)],
              programs: names, includeBaseline: true, margin: true, compare: true),
            out: nil, html: nil, refusePaths: "compare backtests one history")
        }
        let inUSD = try build("USD")
        let underlyings = inUSD.scenario.data.underlyings
        guard underlyings.count == 1 else {
          throw CommandFailure(
            "--currency both reports a one-coin scenario in USD and in its coin; \(self.scenario) has \(underlyings.count) underlyings (\(underlyings.joined(separator: ", "))): use --currency USD",
            exitStatus: ExitStatus.usage)
        }
        let runs = [inUSD, try build(underlyings[0])]
        if json {
          print(JSONValue.object(runs.map { ($0.scenario.portfolio.currency, ComparisonTable.jsonValue($0.comparison!)) }).text())
        } else {
          for run in runs {
            print("In \(run.scenario.portfolio.currency):")
            print(ComparisonTable.text(run.comparison!), terminator: "")
            print(LiquidationCheck.text(run.comparison!), terminator: "")
            if run.scenario.portfolio.currency == "USD" { print() }
          }
        }
        if !noRecord {
          for run in runs {
            try RunRecorder.save(run, command: commandLine, programs: RecordedMetrics.of(run.comparison!))
          }
        }
      }
    }
  }
}
