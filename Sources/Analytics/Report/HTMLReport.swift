import Pricing
import MarketData
import Simulation

/// The HTML report of a comparison: one self-contained file (inline CSS and SVG, a small
/// inline script that only toggles programs; no external resource) that any browser opens
/// offline, and that prints every column (a print stylesheet: A4 landscape, smaller type).
///
/// Contents, in order: the scenario's facts; one explanation line per program (what it holds,
/// how often it trades, what it pays: ``ProgramExplanation``); the metrics table (rows as in
/// `hedgelab compare`, programs as columns in a fixed-layout table whose headers wrap, the
/// metric column sticky, each stock+cash benchmark in grey next to its hedge); notes; the
/// crisis-window table (each program's return over seven S&P 500 sell-offs,
/// ``Tearsheet/crisisWindows``); the charts: value of every program on a linear and on a
/// logarithmic scale, drawdowns, rolling 63-day volatility (stock+cash benchmarks dashed in
/// their hedge's colour), the five worst drawdowns of each program with dates and recovery,
/// yearly returns with bars and a monthly-returns heatmap per program, rolling 126-day beta
/// and 252-day Sharpe ratio, histograms of daily and of roll-period returns (one panel per
/// program, the baseline outlined), portfolio greeks over time and the exposure (one panel per
/// program), trade statistics, cumulative hedge cost, the daily risk-based portfolio margin
/// (one panel per program, when the run computed it), P&L attribution, and the assumptions
/// (data, volatility model, calendar, portfolio, costs and every rule's parameters).
///
/// Charts: dates on the x axis (years, or months for spans under two years), value ticks and
/// grid lines, a legend, the Okabe–Ito colour-blind-safe palette. Long series are reduced to
/// at most 1,500 points per line (two per pixel of plot width) keeping each bucket's minimum
/// and maximum, so 33 years × 6 programs stay well under 2 MB. The output is deterministic:
/// no timestamp, no random identifier; the same comparison gives the same bytes.
public enum HTMLReport {
  /// Observations in the rolling volatility window: 63 trading days, about three months.
  public static let rollingWindow = 63
  /// Bins of the return histograms.
  public static let histogramBins = 40
  /// Observations in the rolling beta window: 126 trading days, about six months.
  public static let rollingBetaWindow = 126
  /// Observations in the rolling Sharpe window: 252 trading days, about one year.
  public static let rollingSharpeWindow = 252

  /// The report as one HTML document.
  ///
  /// - Parameter version: the hedgelab version, shown in the footer.
  public static func html(_ c: ScenarioComparison, version: String) -> String {
    let programs = c.programReports
    var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    page += "<title>\(SVG.escape(c.scenarioName)) – HedgeLab report</title>\n"
    page += "<style>\n\(css)</style>\n</head>\n<body>\n<main>\n"
    page += header(c)
    page += toggles(programs)
    if !c.volatility.isEmpty {
      page += "<h2>Volatility model</h2>\n<ul class=\"notes\">\n"
      for v in c.volatility {
        page += "<li><b>\(SVG.escape(v.symbol))</b>: level from \(SVG.escape(v.source)); \(SVG.escape(v.model)). "
          + "Over the run the calibrated at-the-money volatility averaged "
          + "\(String(format: "%.2f", 100 * v.meanAtTheMoney)) % against a mean level of "
          + "\(String(format: "%.2f", 100 * v.meanLevel)) % (gap \(String(format: "%+.2f", v.meanGapPoints)) points).</li>\n"
      }
      page += "</ul>\n"
    }
    page += "<h2>What each program does</h2>\n<ul class=\"explain\">\n"
    for line in ComparisonTable.explanations(c) { page += "<li>\(SVG.escape(line))</li>\n" }
    page += "</ul>\n"
    page += "<h2>Metrics</h2>\n" + metricsTable(c)
    if !c.notes.isEmpty {
      page += "<ul class=\"notes\">\n"
      for note in c.notes { page += "<li>\(SVG.escape(note))</li>\n" }
      page += "</ul>\n"
    }
    page += crisisTable(c)
    let xs = c.days.map { Double($0.daysSinceEpoch) }
    func line(_ i: Int, _ report: ProgramReport, _ ys: [Double], from start: Int = 0) -> ChartLine {
      ChartLine(
        name: report.name, color: Palette.color(i), dash: Palette.dash(i),
        width: i == 0 ? 2 : 1.5, xs: Array(xs[start...]), ys: ys)
    }
    // Each program's line, then its stock+cash benchmark dashed in the same colour.
    func withBenchmarks(_ ys: (ProgramReport) -> [Double], from start: Int = 0) -> [ChartLine] {
      var lines: [ChartLine] = []
      for (i, r) in programs.enumerated() {
        let y = ys(r)
        if !y.isEmpty { lines.append(line(i, r, y, from: start)) }
        for b in c.reports where b.program == nil {
          guard case .stockCashBenchmark(let of, _) = b.role, of == r.name else { continue }
          let yb = ys(b)
          if !yb.isEmpty {
            lines.append(
              ChartLine(name: b.name, color: Palette.color(i), dash: "2 3", width: 1, xs: Array(xs[start...]), ys: yb))
          }
        }
      }
      return lines
    }
    func figure(_ svg: String) -> String { "<figure>\(svg)</figure>\n" }

    // Value.
    page += "<h2>Value of each program</h2>\n"
    let values = withBenchmarks { $0.curve.values }
    page += figure(
      LineChart(
        title: "Portfolio value (linear scale)", subtitle: "Close after the day's trades, currency",
        yLabel: "Value", lines: values
      ).svg())
    page += figure(
      LineChart(
        title: "Portfolio value (logarithmic scale)",
        subtitle: "Equal vertical distances are equal percentage changes", yLabel: "Value (log)",
        lines: values, logScale: true
      ).svg())

    // Drawdowns.
    page += "<h2>Risk over time</h2>\n"
    page += figure(
      LineChart(
        title: "Drawdown from the running peak",
        subtitle: "V / max(V so far) − 1, percent", yLabel: "Drawdown",
        lines: withBenchmarks { MaxDrawdown.series($0.curve.values).map { $0 * 100 } },
        format: .percent, reference: 0
      ).svg())
    let window = rollingWindow
    page += figure(
      LineChart(
        title: "Rolling 3-month volatility",
        subtitle: "Standard deviation of the last \(window) daily returns, annualised"
          + " (× √\(DisplayFormat.fixed(c.periodsPerYear.value, 0))), percent",
        yLabel: "Volatility",
        lines: withBenchmarks(
          { rollingVolatility($0.curve.values, window: window, periodsPerYear: c.periodsPerYear.value) },
          from: window), format: .percent, reference: 0
      ).svg())
    page += worstDrawdowns(programs)
    page += calendarReturns(programs)

    // Rolling beta and Sharpe.
    page += "<h2>Rolling beta and Sharpe ratio</h2>\n<div class=\"grid2\">\n"
    let betaWindow = rollingBetaWindow
    let sharpeWindow = rollingSharpeWindow
    // A line through the defined values only (a rolling statistic is undefined where its
    // denominator vanishes): no NaN reaches the chart.
    func definedLine(_ i: Int, _ r: ProgramReport, _ ys: [Double?], from start: Int) -> ChartLine {
      var line = line(i, r, [], from: xs.count)
      for (k, y) in ys.enumerated() {
        if let y { line.xs.append(xs[start + k]); line.ys.append(y) }
      }
      return line
    }
    page += figure(
      LineChart(
        title: "Rolling beta to \(c.symbols.first ?? "the underlying")",
        subtitle: "Cov / Var of the last \(betaWindow) daily returns",
        yLabel: "Beta",
        lines: programs.enumerated().compactMap { i, r in
          let b = Tearsheet.rollingBeta(r.curve.values, underlying: c.spots[0], window: betaWindow)
          return b.isEmpty ? nil : definedLine(i, r, b, from: betaWindow)
        }, width: 545, height: 300, format: .compact, reference: 0
      ).svg())
    page += figure(
      LineChart(
        title: "Rolling Sharpe ratio",
        subtitle: "Last \(sharpeWindow) daily returns over the risk-free rate, annualised",
        yLabel: "Sharpe",
        lines: programs.enumerated().compactMap { i, r in
          let sr = Tearsheet.rollingSharpe(
            r.curve.values, days: c.days, riskFreeRates: c.riskFreeRates, window: sharpeWindow,
            periodsPerYear: c.periodsPerYear.value)
          return sr.isEmpty ? nil : definedLine(i, r, sr, from: sharpeWindow)
        }, width: 545, height: 300, format: .compact, reference: 0
      ).svg())
    page += "</div>\n"

    // Distributions.
    page += "<h2>Distribution of returns</h2>\n"
    page += histograms(
      programs, title: "Daily returns", xLabel: "daily return",
      samples: programs.map { $0.curve.returns.returns })
    let roll = (try? Horizon(tradingDays: c.rollPeriod.tradingDays, windows: .nonOverlapping)) ?? c.rollPeriod
    page += histograms(
      programs, title: "Roll-period returns (\(roll.tradingDays) steps, non-overlapping)",
      xLabel: "\(roll.tradingDays)-step return",
      samples: programs.map { HorizonChanges.returns($0.curve, horizon: roll) })

    // Greeks.
    page += "<h2>Portfolio greeks and exposure</h2>\n"
    page += "<p class=\"small\">One panel per program, each on its own scale.</p>\n"
    // Small multiples: one panel per program.
    func panels(_ title: String, _ subtitle: String, _ label: String, _ format: AxisFormat, _ f: (ProgramResult, Int) -> Double?) -> String {
      var out = "<h3>\(SVG.escape(title))</h3>\n<p class=\"small\">\(SVG.escape(subtitle))</p>\n<div class=\"grid3\">\n"
      for (i, r) in programs.enumerated() {
        guard let p = r.program else { continue }
        let ys = c.days.indices.map { f(p, $0) }
        out += "<figure data-program=\"\(SVG.escape(r.name))\">"
          + LineChart(
            title: r.name, subtitle: nil, yLabel: label, lines: [definedLine(i, r, ys, from: 0)], width: 400, height: 210,
            format: format, reference: 0, showLegend: false
          ).svg() + "</figure>\n"
      }
      return out + "</div>\n"
    }
    func greekChart(_ title: String, _ subtitle: String, _ label: String, _ format: AxisFormat, _ f: (ProgramResult, Int) -> Double?) -> String {
      panels(title, subtitle, label, format) { p, t in f(p, t) }
    }
    page += greekChart(
      "Delta exposure", "Money delta Σ Δ·S as % of portfolio value", "Delta (% of value)", .percent
    ) { p, t in p.daily.value[t] > 0 ? p.daily.delta[t] / p.daily.value[t] * 100 : nil }
    page += greekChart(
      "Gamma", "P&L from gamma of a 1 % move, ½·Γ·S²·0.01², in bp of portfolio value",
      "Gamma P&L (bp)", .basisPoints
    ) { p, t in p.daily.value[t] > 0 ? 0.5 * p.daily.gamma[t] * 1e-4 / p.daily.value[t] * 1e4 : nil }
    page += greekChart(
      "Vega", "P&L of a +1 vol-point move, in bp of portfolio value", "Vega (bp per vol point)",
      .basisPoints
    ) { p, t in p.daily.value[t] > 0 ? p.daily.vega[t] / 100 / p.daily.value[t] * 1e4 : nil }
    page += greekChart(
      "Theta", "P&L of one calendar day passing, in bp of portfolio value", "Theta (bp per day)",
      .basisPoints
    ) { p, t in p.daily.value[t] > 0 ? p.daily.theta[t] / 365 / p.daily.value[t] * 1e4 : nil }
    page += greekChart(
      "Positions opened by the rules", "Hedge units at spot and options at mid, % of portfolio value",
      "% of value", .percent
    ) { p, t in p.daily.value[t] > 0 ? p.daily.hedgeValue[t] / p.daily.value[t] * 100 : nil }
    page += tradeStatistics(programs, c)

    // Hedge cost.
    page += "<h2>Cost of hedging</h2>\n"
    page += figure(
      LineChart(
        title: "Cumulative hedge cost",
        subtitle: "Transaction costs plus option premiums paid net of option value received"
          + " (costs − option P&L), currency; rising = paying for protection",
        yLabel: "Cumulative cost",
        lines: programs.enumerated().map { i, r in
          let d = r.program!.daily
          var total = 0.0
          return line(i, r, d.value.indices.map { t in
            total += d.costs[t] - d.pnlOptions[t]
            return total
          })
        }, reference: 0
      ).svg())

    // Margin.
    if programs.contains(where: { $0.program?.margin != nil }) {
      page += "<h2>Portfolio margin</h2>\n"
      func marginChart(_ title: String, _ subtitle: String, _ label: String, _ format: AxisFormat, _ f: (ProgramResult, [Double], Int) -> Double?) -> String {
        panels(title, subtitle, label, format) { p, t in p.margin.flatMap { f(p, $0, t) } }
      }
      page += marginChart(
        "Portfolio margin", c.scenario.margin.explanation,
        "Margin", .compact
      ) { _, m, t in m[t] }
      page += marginChart(
        "Portfolio margin (% of value)", "The same margin divided by the portfolio's value, percent",
        "Margin (% of value)", .percent
      ) { p, m, t in p.daily.value[t] > 0 ? m[t] / p.daily.value[t] * 100 : nil }
      page += liquidationSection(c)
    }

    // Attribution.
    page += "<h2>P&amp;L attribution</h2>\n"
    let components = ProgramAttribution.componentNames
    let componentColors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]
    page += figure(
      GroupedBarChart(
        title: "Total P&L by source",
        subtitle: "Underlying (price moves of units held, futures margin), options (mark to"
          + " market and settlement), carry (interest, dividends), costs, and their total; currency",
        xLabel: "P&L (currency)", categories: programs.map(\.name),
        series: zip(components, componentColors).map { ($0, $1) } + [("total", "#555555")],
        values: programs.map { r in
          let totals = r.attribution?.pnl.totals ?? []
          return totals + [totals.reduce(0, +)]
        }
      ).svg())
    page += "<div class=\"grid2\">\n"
    for r in programs {
      guard let a = r.attribution else { continue }
      var lines = zip(components.indices, componentColors).map { k, color in
        ChartLine(name: components[k], color: color, dash: nil, xs: xs, ys: a.pnl.cumulative[k])
      }
      lines.append(ChartLine(name: "total", color: "#222222", dash: "5 3", width: 1.5, xs: xs, ys: a.pnl.cumulativeTotal))
      page += figure(
        LineChart(
          title: r.name, subtitle: "Cumulative P&L by source, currency", yLabel: "Cumulative P&L",
          lines: lines, width: 545, height: 280, reference: 0
        ).svg())
    }
    page += "</div>\n"
    page += assumptions(c)
    page += footer(c, version: version)
    page += "</main>\n<script>\n\(script)</script>\n</body>\n</html>\n"
    return page
  }

  // MARK: - Parts

  private static func header(_ c: ScenarioComparison) -> String {
    var out = "<h1>\(SVG.escape(c.scenarioName))</h1>\n"
    if let summary = c.scenarioSummary { out += "<p class=\"lead\">\(SVG.escape(summary))</p>\n" }
    let from = c.days.first.map(\.description) ?? "–"
    let to = c.days.last.map(\.description) ?? "–"
    out += "<dl class=\"facts\">"
    out += "<dt>Underlyings</dt><dd>\(SVG.escape(c.symbols.joined(separator: ", ")))</dd>"
    out += "<dt>Period</dt><dd>\(from) to \(to) (\(c.days.count) days)</dd>"
    out += "<dt>Baseline</dt><dd>\(SVG.escape(c.baselineName))</dd>"
    out += "<dt>Programs</dt><dd>\(SVG.escape(c.programReports.map(\.name).joined(separator: ", ")))</dd>"
    out += "<dt>Roll period</dt><dd>\(c.rollPeriod.tradingDays) steps</dd>"
    out += "</dl>\n"
    return out
  }

  private static func metricsTable(_ c: ScenarioComparison) -> String {
    guard let first = c.reports.first else { return "" }
    var out = "<div class=\"table-wrap\"><table class=\"metrics\">\n<colgroup><col class=\"metric\">"
      + String(repeating: "<col>", count: c.reports.count) + "</colgroup>\n<thead><tr><th>Metric</th>"
    for r in c.reports {
      let bench: Bool
      let role: String
      switch r.role {
      case .baseline: (bench, role) = (false, "baseline")
      case .hedge: (bench, role) = (false, "hedge")
      case .stockCashBenchmark(_, let w):
        (bench, role) = (true, "stock+cash, \(DisplayFormat.fixed(w * 100, 0))% stock")
      }
      let name = bench ? "same β as left" : r.name
      out += "<th\(bench ? " class=\"bench\"" : "")>\(SVG.escape(name))<br><span class=\"role\">\(role)</span></th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    let cells = c.reports.map { $0.rows.map { DisplayFormat.value($0, currencyDecimals: c.currencyDecimals) } }
    var r = 0
    for section in first.sections {
      out += "<tr class=\"section\"><th colspan=\"\(c.reports.count + 1)\">\(SVG.escape(section.title))</th></tr>\n"
      for row in section.rows {
        out += "<tr><th>\(SVG.escape(row.name))</th>"
        for (k, report) in c.reports.enumerated() {
          var bench = false
          if case .stockCashBenchmark = report.role { bench = true }
          out += "<td\(bench ? " class=\"bench\"" : "")>\(SVG.escape(cells[k][r]))</td>"
        }
        out += "</tr>\n"
        r += 1
      }
    }
    out += "</tbody></table></div>\n"
    out += "<p class=\"small\">– not applicable. Percent rows are in %, currency rows in the"
      + " portfolio's currency. Stock+cash columns: a daily-rebalanced mix of the baseline and"
      + " cash at the scenario's rate with the beta of the hedge to its left (frictionless).</p>\n"
    return out
  }

  private static func histograms(
    _ programs: [ProgramReport], title: String, xLabel: String, samples: [[Double]]
  ) -> String {
    let percent = samples.map { $0.map { $0 * 100 } }
    var lo = Double.infinity
    var hi = -Double.infinity
    for s in percent where !s.isEmpty {
      lo = min(lo, quantile(s, 0.001))
      hi = max(hi, quantile(s, 0.999))
    }
    guard lo.isFinite, hi > lo else { return "" }
    let width = ChartScale.niceStep((hi - lo) / Double(histogramBins))
    lo = (lo / width).rounded(.down) * width
    hi = (hi / width).rounded(.up) * width
    let bins = min(max(1, Int(clamping: (hi - lo) / width, .toNearestOrAwayFromZero)), 10_000)
    let edges = (0...bins).map { lo + Double($0) * width }
    func shares(_ s: [Double]) -> [Double] {
      var counts = [Double](repeating: 0, count: bins)
      for x in s where x.isFinite { counts[min(max(Int(clamping: (x - lo) / width, .down), 0), bins - 1)] += 1 }
      return counts.map { s.isEmpty ? 0 : $0 / Double(s.count) * 100 }
    }
    let baseline = shares(percent[0])
    let panels = programs.indices.map { i in
      HistogramGrid.Panel(
        name: programs[i].name, color: Palette.color(i),
        shares: i == 0 ? baseline : shares(percent[i]), baseline: i == 0 ? nil : baseline,
        count: percent[i].count)
    }
    return "<figure>"
      + HistogramGrid(
        title: title,
        subtitle: "Share of observations per bin (%); the black outline is the baseline; values"
          + " beyond the 0.1 % and 99.9 % quantiles are counted in the end bins",
        xLabel: xLabel, edges: edges, panels: panels
      ).svg() + "</figure>\n"
  }

  private static func footer(_ c: ScenarioComparison, version: String) -> String {
    """
    <footer>
    <p>Generated by HedgeLab \(SVG.escape(version)). Returns are simple daily returns of each \
    program's value; volatility, Sharpe and Sortino are annualised with \
    \(DisplayFormat.fixed(c.periodsPerYear.value, 0)) periods a year; Sharpe and Sortino use \
    returns in excess of the scenario's risk-free rate; VaR and CVaR are historical and \
    negative for losses; hedge effectiveness is Ederington's variance reduction \
    1 − Var(hedged returns) / Var(baseline returns), daily and over the roll period; cost of \
    protection is option premiums paid net of payoffs and \
    final option value, per year, as a share of the average portfolio value. The exported \
    CSV files hold every number at full precision.</p>
    </footer>

    """
  }

  // MARK: - Series

  /// Annualised standard deviation (percent) of the last `window` simple returns, one value
  /// per day from day `window` on (empty when there are not enough values).
  static func rollingVolatility(_ values: [Double], window: Int, periodsPerYear: Double) -> [Double] {
    let n = values.count
    guard window >= 2, n > window else { return [] }
    var r = [Double](repeating: 0, count: n)
    for t in 1..<n { r[t] = values[t] / values[t - 1] - 1 }
    var out = [Double]()
    out.reserveCapacity(n - window)
    let scale = periodsPerYear.squareRoot() * 100
    for t in window..<n {
      var mean = 0.0
      for i in (t - window + 1)...t { mean += r[i] }
      mean /= Double(window)
      var ss = 0.0
      for i in (t - window + 1)...t { ss += (r[i] - mean) * (r[i] - mean) }
      out.append((ss / Double(window - 1)).squareRoot() * scale)
    }
    return out
  }

  /// The type-7 quantile of a non-empty sample.
  static func quantile(_ sample: [Double], _ p: Double) -> Double {
    SampleTail.quantile(sample, p)!
  }

  static let css = """
    body { margin: 0; background: #fafafa; color: #1a1a1a; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    main { max-width: 1320px; margin: 0 auto; padding: 20px 16px 40px; }
    h1 { font-size: 26px; margin: 8px 0 4px; }
    h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
    .lead { font-size: 15px; color: #444; margin: 0 0 10px; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
    dl.facts dt { font-weight: 600; color: #555; }
    dl.facts dd { margin: 0; }
    .table-wrap { overflow-x: auto; border: 1px solid #ddd; background: #fff; }
    table.metrics { border-collapse: collapse; font-size: 12px; font-variant-numeric: tabular-nums; width: 100%; table-layout: fixed; }
    table.metrics col.metric { width: 22%; }
    table.metrics th, table.metrics td { padding: 3px 5px; border-bottom: 1px solid #eee; overflow-wrap: anywhere; }
    table.metrics td { text-align: right; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    table.metrics thead th { position: sticky; top: 0; background: #f0f0f0; text-align: right; vertical-align: bottom; border-bottom: 2px solid #ccc; font-size: 11.5px; }
    table.metrics thead th:first-child, table.metrics tbody th { text-align: left; position: sticky; left: 0; background: #fff; font-weight: normal; }
    table.metrics thead th:first-child { background: #f0f0f0; }
    table.metrics tr.section th { background: #f6f6f6; font-weight: 600; padding-top: 8px; }
    table.metrics .bench { color: #666; font-style: italic; background: #f8f8f8; }
    .role { font-weight: normal; font-size: 11px; color: #666; }
    .small { font-size: 12px; color: #555; }
    ul.notes { font-size: 13px; color: #7a4b00; }
    figure { margin: 10px 0; background: #fff; border: 1px solid #e3e3e3; padding: 6px; overflow-x: auto; }
    .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 0 12px; }
    .grid2 figure { margin: 6px 0; }
    svg { width: 100%; height: auto; display: block; }
    svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #222; }
    svg .chart-title { font-size: 15px; font-weight: 600; }
    svg .chart-subtitle { font-size: 12px; fill: #555; }
    svg .panel-title { font-size: 12.5px; font-weight: 600; }
    svg .legend { font-size: 12px; }
    svg .tick { font-size: 11px; fill: #444; }
    svg .axis-title { font-size: 12px; fill: #444; }
    svg .plot { fill: none; stroke: #bbb; }
    svg .grid { stroke: #e6e6e6; stroke-width: 1; }
    svg .reference { stroke: #888; stroke-width: 1; }
    footer { margin-top: 30px; font-size: 12px; color: #555; }
    h3 { font-size: 15px; margin: 18px 0 6px; }
    h4 { font-size: 13px; margin: 8px 0 4px; }
    ul.explain { font-size: 13px; padding-left: 20px; }
    ul.explain li { margin: 3px 0; }
    table.data { border-collapse: collapse; font-size: 12px; font-variant-numeric: tabular-nums; background: #fff; }
    table.data th, table.data td { padding: 2px 6px; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
    table.data tbody th { text-align: left; font-weight: normal; }
    table.data thead th { background: #f0f0f0; border-bottom: 2px solid #ccc; white-space: normal; vertical-align: bottom; }
    table.data .bench { color: #666; font-style: italic; }
    table.data td.na, table.metrics td.na { color: #999; text-align: center; }
    table.crisis { width: 100%; }
    table.heat { font-size: 10.5px; width: 100%; }
    table.heat td { padding: 1px 3px; }
    table.yearly { width: 100%; }
    table.yearly td.bar { position: relative; min-width: 90px; }
    table.yearly td.bar span { position: absolute; top: 3px; bottom: 3px; opacity: 0.35; }
    table.yearly td.bar b { position: relative; font-weight: normal; }
    .grid3 { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 0 10px; }
    .grid3 figure { margin: 4px 0; }
    .toggles { position: sticky; top: 0; z-index: 2; background: #fafafa; padding: 6px 0; font-size: 12.5px; border-bottom: 1px solid #ddd; }
    .toggles label { margin-right: 12px; white-space: nowrap; }
    .swatch { display: inline-block; width: 10px; height: 10px; margin: 0 4px; vertical-align: middle; }
    dl.assumptions dd { overflow-wrap: anywhere; font-size: 12.5px; }
    .tip { position: absolute; display: none; z-index: 3; background: rgba(255,255,255,0.95); border: 1px solid #bbb; padding: 4px 7px; font-size: 12px; pointer-events: none; white-space: nowrap; }
    @media (max-width: 900px) { .grid2, .grid3 { grid-template-columns: 1fr; } }
    @page { size: A4 landscape; margin: 10mm; }
    @media print {
      body { background: #fff; font-size: 10px; }
      main { max-width: none; padding: 0; }
      .no-print, .tip { display: none; }
      .table-wrap, figure { overflow: visible; border: none; }
      table.metrics { font-size: 8.5px; }
      table.metrics thead th { font-size: 8px; position: static; }
      table.metrics thead th:first-child, table.metrics tbody th { position: static; }
      table.metrics th, table.metrics td { padding: 1px 3px; }
      table.data { font-size: 8.5px; }
      table.heat { font-size: 7.5px; }
      h2 { break-after: avoid; }
      figure, tr { break-inside: avoid; }
      .grid2 { grid-template-columns: 1fr 1fr !important; }
      .grid3 { grid-template-columns: 1fr 1fr 1fr !important; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }

    """
}
