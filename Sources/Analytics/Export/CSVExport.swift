import MarketData
import Simulation

/// The CSV exports of a comparison: `summary.csv`, `daily.csv` and `trades.csv`.
///
/// Format, for pandas `read_csv` and spreadsheet programs alike: a header row, comma
/// separators, RFC 4180 quoting (a field holding a comma, a double quote, CR or LF is wrapped
/// in double quotes, with inner quotes doubled), `\n` line ends, UTF-8; dates in ISO 8601
/// (`YYYY-MM-DD`); numbers with `.` as decimal separator in Swift's shortest round-trip form
/// (`0.1`, `1234567.5`, `1e-05`), i.e. full double precision; empty fields for undefined
/// values (pandas reads them as NaN). Rows are in a fixed order, so the same run exports the
/// same bytes.
///
/// Units: currency amounts in the portfolio's currency, rates, volatilities and returns as
/// decimals (0.01 is 1 %) except in `summary.csv`, whose header names carry the unit (`_pct`
/// columns hold percent, `_currency` amounts, `_trading_days` counts of steps).
public enum CSVExport {
  /// `summary.csv`: one row per program and benchmark (baseline first) with `program`,
  /// `role` (`baseline`, `hedge`, `stock+cash`), `benchmark_of`, `hedging_error_target`,
  /// then one column per metric named by its key, which carries its unit
  /// (`annualised_volatility_pct`, `transaction_costs_currency`, …).
  public static func summary(_ comparison: ScenarioComparison) -> String {
    guard let first = comparison.reports.first else { return "" }
    var out = row(["program", "role", "benchmark_of", "hedging_error_target"] + first.rows.map(\.key))
    for report in comparison.reports {
      var benchmarkOf = ""
      if case .stockCashBenchmark(let of, _) = report.role { benchmarkOf = of }
      out += row(
        [report.name, report.role.label, benchmarkOf, report.efficiency?.hedgingTarget?.label ?? ""]
          + report.rows.map(\.value.description))
    }
    return out
  }

  /// The columns of `daily.csv`, for underlyings `symbols`.
  public static func dailyColumns(symbols: [String]) -> [String] {
    ["date", "program", "value", "return"]
      + symbols.map { "spot_\($0)" } + symbols.map { "implied_volatility_\($0)" }
      + [
        "risk_free_rate", "delta", "gamma", "vega", "theta", "pnl_underlying", "pnl_options",
        "pnl_carry", "pnl_costs", "cash", "hedge_value", "drawdown", "greek_pnl_delta",
        "greek_pnl_gamma", "greek_pnl_vega", "greek_pnl_theta", "greek_pnl_residual",
      ]
  }

  /// `daily.csv`, long format: one row per simulated program and day (programs in report
  /// order, days ascending; benchmarks are in `summary.csv` only).
  ///
  /// Columns: `date`, `program`, `value` (close, after the day's trades), `return` (simple
  /// return since the previous day, empty on the first day), `spot_<SYMBOL>` and
  /// `implied_volatility_<SYMBOL>` (at-the-money, decimal) per underlying, `risk_free_rate`
  /// (decimal, continuous), the money greeks `delta` (Σ Δ·S, the currency P&L of a +100 %
  /// move to first order), `gamma` (Σ Γ·S²), `vega` (per 1.00 of volatility), `theta` (per
  /// year), the day's P&L split `pnl_underlying + pnl_options + pnl_carry + pnl_costs` (costs
  /// ≤ 0; the sum is the change of value), `cash`, `hedge_value` (the rules' positions),
  /// `drawdown` (decimal ≤ 0 from the running peak) and the greek attribution of the market
  /// P&L (`greek_pnl_*`, from the second day on, empty for programs without options).
  public static func daily(_ comparison: ScenarioComparison) -> String {
    let c = comparison
    let m = c.symbols.count
    var out = row(dailyColumns(symbols: c.symbols))
    out.reserveCapacity(c.days.count * c.programReports.count * (300 + 40 * m))
    let dates = c.days.map(\.description)
    for report in c.programReports {
      guard let program = report.program else { continue }
      let d = program.daily
      let name = field(program.name)
      let drawdown = MaxDrawdown.series(report.curve.values)
      let greeks = report.attribution?.greeks
      for t in c.days.indices {
        var line = dates[t] + "," + name + "," + "\(d.value[t])" + ","
        if t > 0 { line += "\(d.value[t] / d.value[t - 1] - 1)" }
        for u in 0..<m { line += ",\(c.spots[u][t])" }
        for u in 0..<m { line += ",\(c.impliedVolatility[u][t])" }
        line += ",\(c.riskFreeRates[t]),\(d.delta[t]),\(d.gamma[t]),\(d.vega[t]),\(d.theta[t])"
        line += ",\(d.pnlUnderlying[t]),\(d.pnlOptions[t]),\(d.pnlCarry[t]),\(0 - d.costs[t])"
        line += ",\(d.cash[t]),\(d.hedgeValue[t]),\(drawdown[t])"
        if let greeks, t > 0 {
          let g = greeks[t - 1]
          line += ",\(g.delta),\(g.gamma),\(g.vega),\(g.theta),\(g.residual)\n"
        } else {
          line += ",,,,,\n"
        }
        out += line
      }
    }
    return out
  }

  /// The columns of `trades.csv`.
  public static let tradeColumns = [
    "date", "program", "instrument", "kind", "underlying", "option_kind", "strike", "expiry",
    "quantity", "price", "amount", "commission", "spread", "fees", "minimum_fee", "total_costs",
    "rule", "reason",
  ]

  /// `trades.csv`: the ledger of every simulated program, in report order, each in
  /// execution order.
  ///
  /// Columns: `date`, `program`, `instrument` (e.g. `SPX put 2850.00 2020-03-20`), `kind`
  /// (`underlying`, `option`, `future`), `underlying` (symbol), `option_kind` (`call`,
  /// `put`), `strike` (currency), `expiry` (settlement day), `quantity` (signed units of the
  /// underlying: + bought), `price` (mid per unit; intrinsic value at expiry), `amount`
  /// (`quantity × price`, the cash paid, negative when received), the costs charged
  /// (`commission`, `spread`, `fees`, `minimum_fee`, `total_costs`, currency), `rule` (index
  /// of the rule in its program, −1 for the initial portfolio and financing trades) and
  /// `reason` (`initial`, `open`, `roll`, `rebalance`, `close`, `expiry`, `financing`).
  public static func trades(_ comparison: ScenarioComparison) -> String {
    let symbols = comparison.symbols
    var out = row(tradeColumns)
    for report in comparison.programReports {
      guard let program = report.program else { continue }
      for trade in program.trades {
        let i = trade.instrument
        let c = trade.costs
        out += row([
          trade.day.description, program.name, i.description(symbols: symbols), i.kind.rawValue,
          symbols[i.underlying], i.optionKind?.rawValue ?? "", i.strike.map { "\($0)" } ?? "",
          i.expiry?.description ?? "", "\(trade.quantity)", "\(trade.price)",
          "\(trade.quantity * trade.price)", "\(c.commission)", "\(c.spread)", "\(c.fees)",
          "\(c.minimumFee)", "\(c.total)", "\(trade.rule)", trade.reason.rawValue,
        ])
      }
    }
    return out
  }

  /// One CSV record of `fields`, quoted as RFC 4180 requires, ending in `\n`.
  public static func row(_ fields: [String]) -> String {
    fields.map(field).joined(separator: ",") + "\n"
  }

  /// `text` as a CSV field: unchanged unless it holds `,`, `"`, CR or LF, then wrapped in
  /// double quotes with every `"` doubled (RFC 4180 §2.6–2.7).
  public static func field(_ text: String) -> String { CSVText.field(text) }
}
