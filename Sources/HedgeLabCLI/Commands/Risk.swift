import Analytics
import ArgumentParser
import Experiments
import Foundation
import MarketData
import Simulation

extension RiskError: UserFacingError {
  public var exitStatus: Int32 { ExitStatus.usage }
}

extension HedgeLab {
  /// `hedgelab risk SCENARIO --date DATE`: a program's net greeks and P&L grid on one day.
  struct Risk: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Net greeks and a full-revaluation P&L grid of a program's portfolio on one day.",
      discussion: """
        Runs the program day by day up to DATE (nothing later is read) and, for the \
        portfolio after that day's trades, prints: the positions; the net greeks per \
        underlying and in total (shares-equivalent delta in units of the underlying, dollar \
        delta = equivalent holding in currency, gamma = change of dollar delta per 1 % move, \
        vega per vol point, theta per calendar day); the P&L grid of instantaneous spot moves \
        (rows, % of every close) × implied-volatility shifts (columns, vol points), each cell \
        a full Black-Scholes-Merton revaluation of every option at its own implied volatility \
        plus the shift (floored at 1 %); and the risk-based portfolio margin: the worst loss \
        over spot moves of ±15 % (index) or ±20 % (single stock) in 10 steps each side × vol \
        shifts −10, 0, +10, +20 points (Cboe/OCC TIMS style; see README). With the \
        scenario's margin: { model: crypto-portfolio | crypto-standard } it is a crypto \
        venue's margin in coin instead (maintenance and initial; for crypto-portfolio each \
        coin's risk matrix too; see Scenarios/README.md, margin).

        A DATE that is not a trading day uses the last trading day before it.

        Examples:
          hedgelab risk Scenarios/spx-protective-put.yaml --date 2008-10-10 \\
            --program put-95-monthly
          hedgelab risk Scenarios/demo.yaml --date 2020-03-16 --spot-moves -20:20:10 \\
            --vol-shifts 0,10 --json
        """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "The day, YYYY-MM-DD.")
    var date: String

    @Option(help: "The program (default: every program of the scenario).")
    var program: String?

    @Option(help: Vocabulary.scenarioDatabaseHelp)
    var db: String?

    @Option(
      parsing: .unconditional,
      help: "Spot moves in %: FROM:TO:STEP or a comma-separated list.")
    var spotMoves: String = "-30:30:5"

    @Option(
      parsing: .unconditional,
      help: "Implied-volatility shifts in vol points: FROM:TO:STEP or a comma-separated list.")
    var volShifts: String = "-10,-5,0,5,10,20"

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    func validate() throws {
      guard Day(iso: date) != nil else {
        throw ValidationError("--date (\(date)) must be a date of the form YYYY-MM-DD")
      }
      _ = try Self.levels(spotMoves, flag: "--spot-moves", bounds: -99...1000)
      _ = try Self.levels(volShifts, flag: "--vol-shifts", bounds: -100...500)
    }

    /// The values of `FROM:TO:STEP` or `a,b,c`, sorted and de-duplicated.
    static func levels(_ text: String, flag: String, bounds: ClosedRange<Double>) throws -> [Double] {
      var values = [Double]()
      let parts = text.split(separator: ":", omittingEmptySubsequences: false)
      if parts.count == 3 {
        guard let from = Double(parts[0]), let to = Double(parts[1]), let step = Double(parts[2]),
          step > 0, from <= to, (to - from) / step <= 200
        else {
          throw ValidationError(
            "\(flag) (\(text)) must be FROM:TO:STEP with FROM ≤ TO, STEP > 0 and at most 200 steps, e.g. -30:30:5")
        }
        var k = 0.0
        while from + k * step <= to + 1e-9 * step {
          values.append(((from + k * step) * 1e9).rounded() / 1e9)
          k += 1
        }
      } else {
        for item in text.split(separator: ",") {
          guard let x = Double(item.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(flag) (\(text)) must be FROM:TO:STEP or numbers separated by commas; '\(item)' is not a number")
          }
          values.append(x)
        }
      }
      guard !values.isEmpty else { throw ValidationError("\(flag) (\(text)) must list at least one value") }
      for x in values where !bounds.contains(x) {
        throw ValidationError("\(flag) value (\(x)) must be between \(bounds.lowerBound) and \(bounds.upperBound)")
      }
      return Array(Set(values)).sorted()
    }

    func run() throws {
      try withUserFacingErrors {
        let run = try ScenarioRun.build(
          ScenarioRun.Request(
            source: try ScenarioSource.read(self.scenario), database: ScenarioRunner.database(db),
            programs: program.map { [$0] }, backtest: false))
        let scenario = run.scenario
        let backtest = run.backtest
        let spec = RiskGridSpec(
          spotMoves: try Self.levels(spotMoves, flag: "--spot-moves", bounds: -99...1000).map { $0 / 100 },
          volatilityShifts: try Self.levels(volShifts, flag: "--vol-shifts", bounds: -100...500).map { $0 / 100 })
        let requested = Day(iso: date)!
        let names = program.map { [$0] } ?? scenario.programs.map(\.name)
        let snapshots = try names.map { try backtest.riskSnapshot(program: $0, on: requested, grid: spec, marginModel: scenario.margin) }
        if json {
          print(RiskText.json(snapshots, scenario: scenario.name, requested: requested), terminator: "")
        } else {
          print(RiskText.text(snapshots, scenario: scenario.name, requested: requested), terminator: "")
        }
      }
    }
  }
}

/// The text and JSON of `hedgelab risk`.
enum RiskText {
  static func text(_ snapshots: [RiskSnapshot], scenario: String, requested: Day) -> String {
    var text = ""
    if let day = snapshots.first?.day, day != requested {
      text += "note: \(requested) is not a trading day of the run; using the last trading day before it, \(day)\n\n"
    }
    for s in snapshots {
      text += "\(scenario) / \(s.program) on \(s.day), after the day's trades\n"
      text += "value \(ScenarioRunner.number(s.value, 2))  cash \(ScenarioRunner.number(s.cash, 2))"
      if case .tims = s.marginModel {
        text += "  portfolio margin \(ScenarioRunner.number(s.margin, 2))"
      } else {
        text += "  \(s.marginModel.name) margin: maintenance \(ScenarioRunner.number(s.margin, 2)), initial \(ScenarioRunner.number(s.initialMargin, 2))"
      }
      if s.value > 0 { text += " (\(ScenarioRunner.number(100 * s.margin / s.value, 2)) % of value)" }
      text += "\n\npositions\n"
      var rows = [["instrument", "underlying", "strike", "expiry", "quantity", "price", "implied vol %", "value"]]
      for u in s.underlyings where u.units != 0 {
        rows.append([
          "underlying", u.symbol, "", "", ScenarioRunner.number(u.units, 4), ScenarioRunner.number(u.spot, 2), "",
          ScenarioRunner.number(u.units * u.spot, 2),
        ])
      }
      for o in s.portfolio.options {
        rows.append([
          o.kind == .call ? "call" : "put", s.underlyings[o.underlying].symbol, ScenarioRunner.number(o.strike, 2),
          o.expiry.day.description, ScenarioRunner.number(o.quantity, 4), ScenarioRunner.number(o.price, 4),
          ScenarioRunner.number(o.volatility * 100, 2), ScenarioRunner.number(o.value, 2),
        ])
      }
      for f in s.portfolio.futures {
        rows.append([
          "future", s.underlyings[f.underlying].symbol, "", f.expiry.day.description,
          ScenarioRunner.number(f.quantity, 4), ScenarioRunner.number(f.price, 2), "", "0.00",
        ])
      }
      text += rows.count == 1 ? "  (none)\n" : table(rows, leftColumns: 2)
      text += "\nnet greeks (shares-eq. delta in units; dollar delta, gamma per 1 % move, vega per vol point, theta per day in currency)\n"
      var greekRows = [["underlying", "spot", "shares-eq. delta", "dollar delta", "gamma / 1 %", "vega / vol pt", "theta / day"]]
      func row(_ name: String, _ spot: String, _ g: NetGreeks) -> [String] {
        [
          name, spot, g.sharesEquivalent.map { ScenarioRunner.number($0, 4) } ?? "-",
          ScenarioRunner.number(g.dollarDelta, 2), ScenarioRunner.number(g.gammaPerPercent, 2),
          ScenarioRunner.number(g.vegaPerVolPoint, 2), ScenarioRunner.number(g.thetaPerDay, 2),
        ]
      }
      // Underlyings without any position are left out of the table (they add nothing).
      for u in s.underlyings where u.units != 0 || u.optionPositions > 0 || u.greeks.dollarDelta != 0 {
        greekRows.append(row(u.symbol, ScenarioRunner.number(u.spot, 2), u.greeks))
      }
      if s.underlyings.count > 1 { greekRows.append(row("total", "", s.total)) }
      text += table(greekRows, leftColumns: 1)
      text += "\nP&L grid (currency, full revaluation): spot move (rows) × implied-vol shift in vol points (columns)\n"
      var gridRows = [["spot"] + s.grid.spec.volatilityShifts.map { signed($0 * 100, 0) }]
      for (i, x) in s.grid.spec.spotMoves.enumerated() {
        gridRows.append([signed(x * 100, 1) + " %"] + s.grid.pnl[i].map { ScenarioRunner.number($0, 0) })
      }
      text += table(gridRows, leftColumns: 0)
      if let worst = s.grid.worst {
        text += "worst cell: \(ScenarioRunner.number(worst.pnl, 2)) at spot \(signed(worst.spotMove * 100, 1)) %, vol \(signed(worst.volatilityShift * 100, 1)) points\n"
      }
      for (symbol, matrix) in s.cryptoRiskMatrices { text += cryptoMatrixText(symbol, matrix) }
      text += "\n"
    }
    return text
  }

  /// A crypto risk matrix: coin P&L (USD at the shocked price in brackets) per move × vol.
  static func cryptoMatrixText(_ symbol: String, _ m: CryptoRiskMatrix) -> String {
    func cell(_ pnl: Double, _ x: Double) -> String {
      "\(ScenarioRunner.number(pnl, 4)) (\(ScenarioRunner.number(m.usd(pnl, move: x), 0)))"
    }
    var text = "\n\(symbol) crypto risk matrix (coin P&L of options and futures; USD at the shocked price in brackets)\n"
    var rows = [["move"] + VolatilityScenario.allCases.map { "vol " + $0.rawValue }]
    for (i, x) in m.priceMoves.enumerated() {
      rows.append([signed(x * 100, 1) + " %"] + m.pnl[i].map { cell($0, x) })
    }
    for (x, pnl) in zip(m.extendedMoves, m.extendedPnL) {
      rows.append(["ext " + signed(x * 100, 0) + " %", cell(pnl, x), "", ""])
    }
    text += table(rows, leftColumns: 0)
    text += "extended moves count at \(ScenarioRunner.number(m.extendedFraction * 100, 0)) %; "
    text += "worst loss \(ScenarioRunner.number(m.worstLoss, 4)) + short-option contingency "
    text += "\(ScenarioRunner.number(m.contingency, 4)) = maintenance \(ScenarioRunner.number(m.maintenance, 4)) \(symbol) "
    text += "(\(ScenarioRunner.number(m.maintenance * m.spot, 2)) USD)\n"
    return text
  }

  static func signed(_ x: Double, _ digits: Int) -> String {
    (x > 0 ? "+" : "") + ScenarioRunner.number(x, digits)
  }

  /// The one table layout (``TextTable``), indented under the section's title.
  static func table(_ rows: [[String]], leftColumns: Int) -> String {
    TextTable.aligned(rows, leftAligned: Set(0..<leftColumns), indent: "  ")
  }

  /// The snapshots as JSON (the one writer, ``JSONValue``; keys in alphabetical order):
  /// money in currency, crypto matrices in coin, grid levels in percent and vol points.
  static func json(_ snapshots: [RiskSnapshot], scenario: String, requested: Day) -> String {
    func greeks(_ g: NetGreeks) -> JSONValue {
      .object([
        ("dollar_delta", .number(g.dollarDelta)), ("gamma_per_pct", .number(g.gammaPerPercent)),
        ("shares_equivalent_delta", .optional(g.sharesEquivalent)), ("theta_per_day", .number(g.thetaPerDay)),
        ("vega_per_vol_point", .number(g.vegaPerVolPoint)),
      ])
    }
    /// Levels in percent or vol points, to 1e-9 (as typed).
    func levels(_ xs: [Double]) -> JSONValue { .array(xs.map { .number(($0 * 100 * 1e9).rounded() / 1e9) }) }
    func numbers(_ xs: [Double]) -> JSONValue { .array(xs.map { .number($0) }) }
    /// A crypto risk matrix in coin (``CryptoRiskMatrix``): rows = moves, columns = vol up,
    /// unchanged, down.
    func matrix(_ symbol: String, _ m: CryptoRiskMatrix) -> JSONValue {
      .object([
        ("contingency_coin", .number(m.contingency)), ("extended_fraction", .number(m.extendedFraction)),
        ("extended_moves_pct", levels(m.extendedMoves)), ("extended_pnl_coin", numbers(m.extendedPnL)),
        ("maintenance_coin", .number(m.maintenance)), ("pnl_coin", .array(m.pnl.map(numbers))),
        ("price_moves_pct", levels(m.priceMoves)), ("spot", .number(m.spot)), ("symbol", .string(symbol)),
        ("vol_scenarios", .array(VolatilityScenario.allCases.map { .string($0.rawValue) })),
        ("worst_loss_coin", .number(m.worstLoss)),
      ])
    }
    let programs = snapshots.map { s -> JSONValue in
      .object([
        ("cash", .number(s.cash)),
        ("crypto_risk_matrices", .array(s.cryptoRiskMatrices.map { matrix($0, $1) })),
        ("date", .string(s.day.description)), ("initial_margin", .number(s.initialMargin)),
        ("margin_model", .string(s.marginModel.name)),
        (
          "options",
          .array(
            s.portfolio.options.map { o in
              .object([
                ("expiry", .string(o.expiry.day.description)), ("implied_volatility", .number(o.volatility)),
                ("kind", .string(o.kind == .call ? "call" : "put")), ("price", .number(o.price)),
                ("quantity", .number(o.quantity)), ("strike", .number(o.strike)),
                ("underlying", .string(s.underlyings[o.underlying].symbol)),
              ])
            })
        ),
        ("pnl_grid", .array(s.grid.pnl.map(numbers))), ("portfolio_margin", .number(s.margin)),
        ("program", .string(s.program)), ("spot_moves_pct", levels(s.grid.spec.spotMoves)), ("total", greeks(s.total)),
        (
          "underlyings",
          .array(
            s.underlyings.map { u in
              .object([
                ("greeks", greeks(u.greeks)), ("spot", .number(u.spot)), ("symbol", .string(u.symbol)),
                ("units", .number(u.units)),
              ])
            })
        ),
        ("value", .number(s.value)), ("vol_shifts_points", levels(s.grid.spec.volatilityShifts)),
      ])
    }
    return JSONValue.object([
      ("programs", .array(programs)), ("requested_date", .string(requested.description)), ("scenario", .string(scenario)),
    ]).text()
  }
}
