import MarketData
import Simulation

/// What a column of a comparison is.
public enum ProgramRole: Equatable, Sendable {
  /// The unhedged program every other one is measured against.
  case baseline
  /// A simulated hedge program.
  case hedge
  /// The stock-plus-cash mix with the beta of the hedge program `of` (see
  /// `StockCashBenchmark`); `stockWeight` is the baseline's weight as a decimal.
  case stockCashBenchmark(of: String, stockWeight: Double)

  /// `baseline`, `hedge` or `stock+cash`: the `role` column of exports.
  public var label: String {
    switch self {
    case .baseline: return "baseline"
    case .hedge: return "hedge"
    case .stockCashBenchmark: return "stock+cash"
    }
  }
}

/// A titled group of metric rows, e.g. "Hedging efficiency".
public struct MetricSection: Equatable, Sendable {
  public let title: String
  public let rows: [MetricRow]
}

/// Every number reported for one program (or one stock-plus-cash benchmark): return and
/// risk metrics against the baseline, hedging efficiency and P&L attribution, as ordered rows.
///
/// Every report of a comparison has the same rows, with the same keys, in the same order;
/// what does not apply (a cost of protection without options, a hedging error of an option
/// overlay, the attribution of a benchmark) is `.missing`.
public struct ProgramReport: Sendable {
  /// The program's name; a benchmark is named `<program> stock+cash`.
  public let name: String
  public let role: ProgramRole
  public let curve: EquityCurve
  public let summary: MetricsSummary
  /// The simulated output, `nil` for a benchmark.
  public let program: ProgramResult?
  /// Costs, turnover, cost of protection and hedging error, `nil` for a benchmark.
  public let efficiency: HedgingEfficiency?
  /// P&L by source and greek, `nil` for a benchmark.
  public let attribution: ProgramAttribution?
  /// For a hedge, the stock weight of its same-beta benchmark; for a benchmark, its own
  /// weight (decimal); `nil` when no benchmark can be formed.
  public let stockWeight: Double?
  /// Peak and average risk-based portfolio margin and return on margin, when the program was
  /// run with a margin model (`Backtest.run(programs:margin:)`); `nil` for a benchmark or a
  /// run without margin.
  public let margin: MarginSummary?

  /// The rows in sections: "Returns and risk", "Against the baseline", "Hedging efficiency",
  /// "P&L attribution", "Margin" (always present, `.missing` without a margin series).
  public let sections: [MetricSection]

  /// All rows, section after section.
  public var rows: [MetricRow] { sections.flatMap(\.rows) }

  public init(
    name: String, role: ProgramRole, curve: EquityCurve, summary: MetricsSummary,
    program: ProgramResult?, efficiency: HedgingEfficiency?, attribution: ProgramAttribution?,
    stockWeight: Double?
  ) {
    self.name = name
    self.role = role
    self.curve = curve
    self.summary = summary
    self.program = program
    self.efficiency = efficiency
    self.attribution = attribution
    self.stockWeight = stockWeight
    let margin = program.flatMap { MarginSummary($0, days: curve.days) }
    self.margin = margin
    sections = Self.sections(
      curve: curve, summary: summary, efficiency: efficiency, attribution: attribution,
      stockWeight: stockWeight, margin: margin)
  }

  /// The key of the first `MetricsSummary` row compared with the baseline: rows before it
  /// describe the program alone.
  static let firstBaselineKey = "upside_capture"

  private static func sections(
    curve: EquityCurve, summary: MetricsSummary, efficiency: HedgingEfficiency?,
    attribution: ProgramAttribution?, stockWeight: Double?, margin: MarginSummary?
  ) -> [MetricSection] {
    func number(_ key: String, _ name: String, _ unit: MetricUnit, _ x: Double?) -> MetricRow {
      MetricRow(key: key, name: name, unit: unit, value: x.map { .number($0) } ?? .missing)
    }
    func percent(_ key: String, _ name: String, _ x: Double?) -> MetricRow {
      number(key, name, .percent, x.map { $0 * 100 })
    }
    func currency(_ key: String, _ name: String, _ x: Double?) -> MetricRow {
      number(key + "_currency", name + " (currency)", .currency, x)
    }

    let all = summary.rows
    let split = all.firstIndex { $0.key == firstBaselineKey } ?? all.count
    let own =
      [
        currency("first_value", "Value at the first close", curve.values.first),
        currency("final_value", "Value at the last close", curve.values.last),
      ] + all[..<split]
    let vsBaseline =
      Array(all[split...]) + [
        number(
          "stock_weight_same_beta", "Stock weight of the same-beta stock+cash mix", .ratio,
          stockWeight)
      ]

    let e = efficiency
    let error = e?.hedgingError
    let efficiencyRows = [
      percent(
        "cost_of_protection_pct_per_year", "Cost of protection a year (% of portfolio)",
        e?.costOfProtection?.annualFractionOfPortfolio),
      currency(
        "option_premiums_paid", "Option premiums paid net",
        e.flatMap { $0.costOfProtection == nil ? nil : $0.optionPremiumsPaid }),
      currency(
        "option_payoffs_received", "Option payoffs received net",
        e.flatMap { $0.costOfProtection == nil ? nil : $0.optionPayoffsReceived }),
      currency("transaction_costs", "Transaction costs", e?.transactionCosts),
      percent(
        "transaction_costs_pct_per_year", "Transaction costs a year (% of portfolio)",
        e?.transactionCostsAnnualFraction),
      number("turnover_per_year", "Turnover (× portfolio per year)", .perYear, e?.turnover),
      MetricRow(
        key: "trades_count", name: "Trades (count)", unit: .count,
        value: e.map { .integer($0.tradeCount) } ?? .missing),
      number("trades_per_year", "Trades (per year)", .perYear, e?.tradesPerYear),
      currency("hedging_error_std", "Hedging error std per day", error?.standardDeviation),
      currency("hedging_error_rmse", "Hedging error RMSE per day", error?.rootMeanSquare),
      currency("hedging_error_option_premium", "Option premium per roll", error?.optionPremium),
      percent(
        "hedging_error_std_pct_of_premium", "Hedging error std (% of premium)",
        error?.standardDeviationRelativeToPremium),
      percent(
        "hedging_error_rmse_pct_of_premium", "Hedging error RMSE (% of premium)",
        error?.rootMeanSquareRelativeToPremium),
    ]

    let totals = attribution?.pnl.totals
    let greeks = attribution?.greekTotals
    func total(_ i: Int) -> Double? { totals.flatMap { i < $0.count ? $0[i] : nil } }
    let attributionRows = [
      currency("pnl_underlying", "P&L from the underlying", total(0)),
      currency("pnl_options", "P&L from options", total(1)),
      currency("pnl_carry", "P&L from carry (interest, dividends)", total(2)),
      currency("pnl_costs", "P&L from costs", total(3)),
      currency("pnl_unexplained", "P&L unexplained", attribution?.pnl.cumulativeResidual?.last),
      currency("greek_pnl_delta", "Greek P&L: delta", greeks?.delta),
      currency("greek_pnl_gamma", "Greek P&L: gamma", greeks?.gamma),
      currency("greek_pnl_vega", "Greek P&L: vega", greeks?.vega),
      currency("greek_pnl_theta", "Greek P&L: theta", greeks?.theta),
      currency("greek_pnl_residual", "Greek P&L: residual", greeks?.residual),
    ]
    return [
      MetricSection(title: "Returns and risk", rows: Array(own)),
      MetricSection(title: "Against the baseline", rows: vsBaseline),
      MetricSection(title: "Hedging efficiency", rows: efficiencyRows),
      MetricSection(title: "P&L attribution", rows: attributionRows),
      MetricSection(title: "Margin", rows: MarginSummary.rows(margin)),
    ]
  }
}
