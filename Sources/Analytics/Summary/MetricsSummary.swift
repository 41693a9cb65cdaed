import MarketData

/// Every return metric of one equity curve, optionally against an unhedged baseline (capture
/// ratios, hedge effectiveness, risk reduction) and an underlying (beta), with an ordered
/// list of rows for tables and CSV.
///
/// Conventions (see each metric's type for its formula and references):
/// - Daily metrics use the curve's simple returns `V_i / V_{i−1} − 1`.
/// - CAGR and Calmar use `configuration.growthBasis` (calendar days / 365.25 by default).
/// - Volatility, Sharpe and Sortino are annualised with `configuration.periodsPerYear` (252).
/// - Sharpe and Sortino use excess returns over `configuration.riskFree`; Sortino's target is
///   then 0, i.e. the risk-free return; Omega uses raw returns with threshold 0.
/// - VaR/CVaR are historical (type-7 quantile), negative for losses, daily and over
///   `configuration.horizon` (compounded N-day returns).
/// - Hedge effectiveness uses currency P&L of the curve and the baseline, so both should
///   start from the same capital, or returns (`configuration.hedgeEffectivenessBasis`).
///
/// Rows are always the same, in the same order, whatever inputs are given: metrics that need
/// a missing baseline or underlying, or that are undefined for the series, are `.missing`.
public struct MetricsSummary: Sendable {
  /// Parameters shared by the metrics of a summary.
  public struct Configuration: Sendable {
    public var periodsPerYear: PeriodsPerYear
    public var growthBasis: GrowthBasis
    public var horizon: Horizon
    public var riskFree: RiskFree
    /// What hedge effectiveness compares: currency P&L (the default) or returns.
    public var hedgeEffectivenessBasis: HedgeEffectivenessBasis
    /// The fewest daily returns over which returns are annualised (CAGR, Sharpe, Sortino,
    /// Calmar): below it they are undefined, with a note (60 by default, about three months:
    /// a 3-day loss of 5 % would otherwise print as −98 % a year).
    public var minimumAnnualisationDays: Int

    public init(
      periodsPerYear: PeriodsPerYear = .tradingDays, growthBasis: GrowthBasis = .calendarDays,
      horizon: Horizon = .oneMonth, riskFree: RiskFree = .zero,
      hedgeEffectivenessBasis: HedgeEffectivenessBasis = .currencyPnL, minimumAnnualisationDays: Int = 60
    ) {
      self.periodsPerYear = periodsPerYear
      self.growthBasis = growthBasis
      self.horizon = horizon
      self.riskFree = riskFree
      self.hedgeEffectivenessBasis = hedgeEffectivenessBasis
      self.minimumAnnualisationDays = minimumAnnualisationDays
    }
  }

  /// The paired samples of Ederington's hedge effectiveness.
  public enum HedgeEffectivenessBasis: Sendable {
    /// Currency P&L, `V_i − V_{i−1}` (N-day: `V_{i+N} − V_i`): Ederington's definition, right
    /// when both portfolios keep about the same size.
    case currencyPnL
    /// Simple returns, `V_i / V_{i−1} − 1` (N-day: compounded): the P&L per unit of capital
    /// at the start of each period, for long runs in which the hedged and unhedged values
    /// drift apart (a currency comparison would then mostly measure the size gap).
    case returns
  }

  /// VaR and CVaR of one sample at 95 % and 99 % (decimals, negative for losses).
  public struct TailRisk: Equatable, Sendable {
    public let valueAtRisk95: Double?
    public let conditionalValueAtRisk95: Double?
    public let valueAtRisk99: Double?
    public let conditionalValueAtRisk99: Double?

    init(_ sample: [Double]) {
      let tail = HistoricalTail(sample)
      let at95 = tail.measures(.percent95)
      let at99 = tail.measures(.percent99)
      valueAtRisk95 = at95?.valueAtRisk
      conditionalValueAtRisk95 = at95?.conditionalValueAtRisk
      valueAtRisk99 = at99?.valueAtRisk
      conditionalValueAtRisk99 = at99?.conditionalValueAtRisk
    }
  }

  public let configuration: Configuration
  /// The curve the metrics describe.
  public let curve: EquityCurve
  public let start: Day?
  public let end: Day?
  /// Number of daily returns.
  public let observations: Int

  // Returns and risk-adjusted returns (decimals unless stated).
  public let totalReturn: Double?
  public let compoundAnnualGrowthRate: Double?
  public let annualisedVolatility: Double?
  public let sharpeRatio: Double?
  public let sortinoRatio: Double?
  public let calmarRatio: Double?
  public let omegaRatio: Double?
  /// Deepest drawdown depth, ≤ 0 (0 when the curve never declined).
  public let maxDrawdownDepth: Double
  /// The deepest drawdown with its dates, `nil` when the curve never declined.
  public let maxDrawdown: Drawdown?
  public let daily: TailRisk
  public let overHorizon: TailRisk
  public let skewness: Double?
  public let excessKurtosis: Double?
  public let worstDay: DatedReturn?
  public let worstMonth: MonthlyReturn?

  // Against the baseline and the underlying.
  public let upsideCapture: Double?
  public let downsideCapture: Double?
  public let betaToUnderlying: Double?
  public let hedgeEffectivenessDaily: Double?
  public let hedgeEffectivenessOverHorizon: Double?
  public let conditionalValueAtRisk95Reduction: Double?
  public let maxDrawdownReduction: Double?
  /// Why a metric is undefined for this curve, by row key (without unit suffix: `cagr`,
  /// `sharpe_ratio`, `calmar_ratio`, `omega_ratio`…): shown as `–` with the reason.
  public let undefined: [String: String]

  /// Computes every metric in O(n) on average (quantiles by selection, every other metric in
  /// one or two passes over the series).
  ///
  /// - Parameters:
  ///   - curve: the portfolio under study.
  ///   - baseline: the unhedged portfolio on the same days, for capture ratios, hedge
  ///     effectiveness and risk reduction.
  ///   - underlying: the underlying's returns on the curve's return days, for beta.
  /// - Throws: `AnalyticsError` when the baseline's days, the underlying's days or the
  ///   risk-free series do not line up with the curve.
  public init(
    curve: EquityCurve, baseline: EquityCurve? = nil, underlying: ReturnSeries? = nil,
    configuration: Configuration = Configuration()
  ) throws(AnalyticsError) {
    let returnSeries = curve.returns
    let r = returnSeries.returns
    if let baseline {
      try checkAligned(
        baseline.days, series: baseline.name, with: curve.days, referenceName: curve.name)
    }
    if let underlying {
      try checkAligned(
        underlying.days, series: underlying.name, with: returnSeries.days,
        referenceName: "returns of \(curve.name)")
    }
    let excess = try configuration.riskFree.excessReturns(r)
    let periods = configuration.periodsPerYear

    self.configuration = configuration
    self.curve = curve
    start = curve.days.first
    end = curve.days.last
    observations = r.count

    var undefined: [String: String] = [:]
    totalReturn = TotalReturn.of(curve)
    // Annualising a few days' return is meaningless (a 3-day loss of 5 % is −98 % a year).
    let annualisable = r.count >= configuration.minimumAnnualisationDays
    if !annualisable {
      let reason =
        "annualised over \(r.count) daily return\(r.count == 1 ? "" : "s"), fewer than the minimum of "
        + "\(configuration.minimumAnnualisationDays); see the total return"
      for key in ["cagr", "sharpe_ratio", "sortino_ratio", "calmar_ratio"] { undefined[key] = reason }
    }
    let cagr = annualisable ? CompoundAnnualGrowthRate.of(curve, basis: configuration.growthBasis) : nil
    compoundAnnualGrowthRate = cagr
    let moments = SampleMoments(r, higherMoments: true)
    annualisedVolatility = moments.sampleStandardDeviation.map { $0 * periods.value.squareRoot() }
    sharpeRatio = annualisable ? SharpeRatio.annualised(excessReturns: excess, periodsPerYear: periods) : nil
    sortinoRatio = annualisable ? SortinoRatio.annualised(excess, target: 0, periodsPerYear: periods) : nil
    let omega = OmegaRatio.meaningful(r, threshold: 0)
    omegaRatio = omega.value
    if let reason = omega.undefinedReason { undefined["omega_ratio"] = reason }
    let drawdown = MaxDrawdown.of(curve)
    let depth = drawdown?.depth ?? 0
    maxDrawdown = drawdown
    maxDrawdownDepth = depth
    if annualisable, cagr != nil, -depth < CalmarRatio.minimumDrawdown {
      undefined["calmar_ratio"] =
        "max drawdown \(DisplayFormat.fixed(depth * 100, 4)) % is smaller than "
        + "\(DisplayFormat.fixed(CalmarRatio.minimumDrawdown * 100, 1)) %: the ratio would divide by almost nothing"
    }
    calmarRatio = undefined["calmar_ratio"] == nil ? cagr.flatMap { CalmarRatio.of(cagr: $0, maxDrawdown: depth) } : nil
    let dailyTail = TailRisk(r)
    daily = dailyTail
    overHorizon = TailRisk(HorizonChanges.returns(curve, horizon: configuration.horizon))
    skewness = Skewness.adjusted(moments)
    excessKurtosis = ExcessKurtosis.adjusted(moments)
    worstDay = WorstDay.of(returnSeries)
    worstMonth = WorstMonth.of(curve)

    if let underlying {
      betaToUnderlying = try Beta.of(r, to: underlying.returns)
    } else {
      betaToUnderlying = nil
    }
    if let baseline {
      let b = simpleReturns(baseline.values)
      upsideCapture = try CaptureRatio.upside(r, baseline: b, periodsPerYear: periods)
      downsideCapture = try CaptureRatio.downside(r, baseline: b, periodsPerYear: periods)
      // Days were checked above, so the P&L arrays pair up.
      switch configuration.hedgeEffectivenessBasis {
      case .currencyPnL:
        hedgeEffectivenessDaily = try HedgeEffectiveness.ederington(
          hedgedPnL: curve.dailyPnL, unhedgedPnL: baseline.dailyPnL)
        hedgeEffectivenessOverHorizon = try HedgeEffectiveness.ederington(
          hedgedPnL: HorizonChanges.pnl(curve.values, horizon: configuration.horizon),
          unhedgedPnL: HorizonChanges.pnl(baseline.values, horizon: configuration.horizon))
      case .returns:
        hedgeEffectivenessDaily = try HedgeEffectiveness.ederington(hedgedPnL: r, unhedgedPnL: b)
        hedgeEffectivenessOverHorizon = try HedgeEffectiveness.ederington(
          hedgedPnL: HorizonChanges.returns(curve, horizon: configuration.horizon),
          unhedgedPnL: HorizonChanges.returns(baseline, horizon: configuration.horizon))
      }
      conditionalValueAtRisk95Reduction = dailyTail.conditionalValueAtRisk95.flatMap { h in
        ConditionalValueAtRisk.historical(b, confidence: .percent95).flatMap {
          RiskReduction.fraction(hedged: h, unhedged: $0)
        }
      }
      maxDrawdownReduction = RiskReduction.fraction(
        hedged: depth, unhedged: MaxDrawdown.depth(baseline.values))
    } else {
      upsideCapture = nil
      downsideCapture = nil
      hedgeEffectivenessDaily = nil
      hedgeEffectivenessOverHorizon = nil
      conditionalValueAtRisk95Reduction = nil
      maxDrawdownReduction = nil
    }
    self.undefined = undefined
  }

  /// The metrics as ordered rows; the same keys and names in the same order for every
  /// summary with the same horizon. Percent rows hold decimal × 100.
  public var rows: [MetricRow] {
    let h = configuration.horizon
    let hKey = "\(h.tradingDays)d"
    func percent(_ key: String, _ name: String, _ x: Double?) -> MetricRow {
      MetricRow(
        key: key + "_pct", name: name + " (%)", unit: .percent,
        value: x.map { .number($0 * 100) } ?? .missing, note: undefined[key])
    }
    func ratio(_ key: String, _ name: String, _ x: Double?) -> MetricRow {
      MetricRow(key: key, name: name, unit: .ratio, value: x.map { .number($0) } ?? .missing, note: undefined[key])
    }
    func date(_ key: String, _ name: String, _ d: Day?) -> MetricRow {
      MetricRow(key: key, name: name, unit: .date, value: d.map { .day($0) } ?? .missing)
    }
    func days(_ key: String, _ name: String, _ unit: MetricUnit, _ n: Int?) -> MetricRow {
      MetricRow(
        key: key + (unit == .tradingDays ? "_trading_days" : "_calendar_days"),
        name: name + " (\(unit.rawValue))", unit: unit, value: n.map { .integer($0) } ?? .missing)
    }
    let dd = maxDrawdown
    return [
      date("start_date", "Start date", start),
      date("end_date", "End date", end),
      MetricRow(
        key: "daily_returns_count", name: "Daily returns (count)", unit: .count,
        value: .integer(observations)),
      percent("total_return", "Total return", totalReturn),
      percent("cagr", "CAGR", compoundAnnualGrowthRate),
      percent("annualised_volatility", "Annualised volatility", annualisedVolatility),
      ratio("sharpe_ratio", "Sharpe ratio", sharpeRatio),
      ratio("sortino_ratio", "Sortino ratio", sortinoRatio),
      ratio("calmar_ratio", "Calmar ratio", calmarRatio),
      ratio("omega_ratio", "Omega ratio", omegaRatio),
      percent("max_drawdown", "Max drawdown", observations > 0 ? maxDrawdownDepth : nil),
      date("max_drawdown_peak", "Max drawdown peak", dd?.peak),
      date("max_drawdown_trough", "Max drawdown trough", dd?.trough),
      date("max_drawdown_recovery", "Max drawdown recovery", dd?.recovery),
      days("max_drawdown_duration", "Max drawdown duration", .tradingDays, dd?.durationTradingDays),
      days(
        "max_drawdown_duration", "Max drawdown duration", .calendarDays, dd?.durationCalendarDays),
      percent("var_95_daily", "VaR 95% daily", daily.valueAtRisk95),
      percent("cvar_95_daily", "CVaR 95% daily", daily.conditionalValueAtRisk95),
      percent("var_99_daily", "VaR 99% daily", daily.valueAtRisk99),
      percent("cvar_99_daily", "CVaR 99% daily", daily.conditionalValueAtRisk99),
      percent("var_95_\(hKey)", "VaR 95% \(h)", overHorizon.valueAtRisk95),
      percent("cvar_95_\(hKey)", "CVaR 95% \(h)", overHorizon.conditionalValueAtRisk95),
      percent("var_99_\(hKey)", "VaR 99% \(h)", overHorizon.valueAtRisk99),
      percent("cvar_99_\(hKey)", "CVaR 99% \(h)", overHorizon.conditionalValueAtRisk99),
      ratio("skewness", "Skewness", skewness),
      ratio("excess_kurtosis", "Excess kurtosis", excessKurtosis),
      percent("worst_day", "Worst day", worstDay?.value),
      date("worst_day_date", "Worst day date", worstDay?.day),
      percent("worst_month", "Worst month", worstMonth?.value),
      MetricRow(
        key: "worst_month_month", name: "Worst month (month)", unit: .month,
        value: worstMonth.map { .month($0.month) } ?? .missing),
    ] + CurveMetrics.rows(curve) + [
      ratio("upside_capture", "Upside capture vs baseline", upsideCapture),
      ratio("downside_capture", "Downside capture vs baseline", downsideCapture),
      ratio("beta_to_underlying", "Beta to underlying", betaToUnderlying),
      percent("hedge_effectiveness_daily", "Hedge effectiveness daily", hedgeEffectivenessDaily),
      percent(
        "hedge_effectiveness_\(hKey)", "Hedge effectiveness \(h)", hedgeEffectivenessOverHorizon),
      percent(
        "cvar_95_daily_reduction", "CVaR 95% daily reduction", conditionalValueAtRisk95Reduction),
      percent("max_drawdown_reduction", "Max drawdown reduction", maxDrawdownReduction),
    ]
  }
}
