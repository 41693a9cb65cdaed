import MarketData
import Simulation

/// The tearsheet tables of the HTML report (crisis windows, worst drawdowns, calendar returns,
/// trade statistics), the assumptions section, the program toggles and the print stylesheet.
extension HTMLReport {
  /// `–` with the reason in a tooltip and a footnote marker.
  static func undefinedCell(_ reason: String) -> String {
    "<td class=\"na\" title=\"\(SVG.escape(reason))\">–</td>"
  }

  static func percentCell(_ x: Double, digits: Int = 1, shaded: Bool = false, scale: Double = 0.3) -> String {
    var style = ""
    if shaded {
      let a = min(1, abs(x) / scale) * 0.75
      let rgb = x < 0 ? "213,94,0" : "0,114,178"
      style = " style=\"background:rgba(\(rgb),\(DisplayFormat.fixed(a, 2)))\""
    }
    return "<td\(style)>\(DisplayFormat.fixed(x * 100, digits))</td>"
  }

  /// Checkboxes that show or hide each program (and its benchmark) in every chart and table.
  static func toggles(_ programs: [ProgramReport]) -> String {
    var out = "<div class=\"toggles no-print\"><span>Show:</span>"
    for (i, r) in programs.enumerated() {
      out += "<label><input type=\"checkbox\" checked data-toggle=\"\(SVG.escape(r.name))\">"
        + "<span class=\"swatch\" style=\"background:\(Palette.color(i))\"></span>\(SVG.escape(r.name))</label>"
    }
    return out + "</div>\n"
  }

  /// Each program's (and benchmark's) return over each crisis window; `–` with the reason
  /// when the run does not cover the window.
  static func crisisTable(_ c: ScenarioComparison) -> String {
    var out = "<h2>Crisis windows</h2>\n"
    out += "<p class=\"small\">Return from the first to the last close of each S&amp;P 500 sell-off"
      + " (closing peak to closing trough), percent; – where the run does not cover the window"
      + " (hover for the reason). The first column is the underlying's price move.</p>\n"
    out += "<div class=\"table-wrap\"><table class=\"data crisis\">\n<thead><tr><th>Window</th><th>From</th><th>To</th>"
    out += "<th>\(SVG.escape(c.symbols.first ?? "underlying"))</th>"
    for r in c.reports {
      let bench = r.program == nil
      out += "<th\(bench ? " class=\"bench\"" : "") data-program=\"\(SVG.escape(owner(r)))\">\(SVG.escape(bench ? "stock+cash" : r.name))</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    var footnotes: [String] = []
    for w in Tearsheet.crisisWindows {
      out += "<tr><th>\(SVG.escape(w.name))</th><td>\(w.from)</td><td>\(w.to)</td>"
      func cell(_ value: Tearsheet.WindowReturn, bench: Bool, program: String) -> String {
        switch value {
        case .value(let x):
          return percentCell(x, shaded: true, scale: 0.3).replacingOccurrences(
            of: "<td", with: "<td data-program=\"\(SVG.escape(program))\"\(bench ? " class=\"bench\"" : "")")
        case .undefined(let reason):
          if !footnotes.contains(reason) { footnotes.append(reason) }
          return undefinedCell(reason)
        }
      }
      out += cell(Tearsheet.windowReturn(days: c.days, values: c.spots[0], window: w), bench: false, program: "")
      for r in c.reports {
        out += cell(
          Tearsheet.windowReturn(days: r.curve.days, values: r.curve.values, window: w),
          bench: r.program == nil, program: owner(r))
      }
      out += "</tr>\n"
    }
    out += "</tbody></table></div>\n"
    if !footnotes.isEmpty {
      out += "<p class=\"small\">– " + footnotes.map(SVG.escape).joined(separator: "; ") + ".</p>\n"
    }
    return out
  }

  /// The program a column belongs to: its own name, or the hedge of a benchmark.
  static func owner(_ r: ProgramReport) -> String {
    if case .stockCashBenchmark(let of, _) = r.role { return of }
    return r.name
  }

  /// The five deepest drawdowns of each program, with peak, trough, recovery and length.
  static func worstDrawdowns(_ programs: [ProgramReport]) -> String {
    var out = "<h3>Five worst drawdowns of each program</h3>\n"
    out += "<div class=\"table-wrap\"><table class=\"data\">\n<thead><tr><th>Program</th><th>#</th>"
      + "<th>Depth (%)</th><th>Peak</th><th>Trough</th><th>Recovered</th><th>Length (trading days)</th></tr></thead>\n<tbody>\n"
    for r in programs {
      for (k, e) in Tearsheet.worstDrawdowns(r.curve).enumerated() {
        out += "<tr data-program=\"\(SVG.escape(r.name))\"><th>\(k == 0 ? SVG.escape(r.name) : "")</th><td>\(k + 1)</td>"
          + percentCell(e.depth, digits: 2) + "<td>\(e.peak)</td><td>\(e.trough)</td>"
          + (e.recovery.map { "<td>\($0)</td>" } ?? "<td class=\"na\">not by the end</td>")
          + "<td>\(e.length)\(e.recovery == nil ? "+" : "")</td></tr>\n"
      }
    }
    return out + "</tbody></table></div>\n"
  }

  /// Yearly returns (a bar in each cell) of every program, then a monthly heatmap per program.
  static func calendarReturns(_ programs: [ProgramReport]) -> String {
    var out = "<h2>Calendar returns</h2>\n<h3>Yearly returns (%)</h3>\n"
    let yearly = programs.map { Tearsheet.yearlyReturns($0.curve) }
    let years = Array(Set(yearly.flatMap { $0.map(\.year) })).sorted()
    var largest = 0.0
    for y in yearly { for v in y { largest = max(largest, abs(v.value)) } }
    out += "<div class=\"table-wrap\"><table class=\"data yearly\">\n<thead><tr><th>Year</th>"
    for r in programs { out += "<th data-program=\"\(SVG.escape(r.name))\">\(SVG.escape(r.name))</th>" }
    out += "</tr></thead>\n<tbody>\n"
    for year in years {
      out += "<tr><th>\(year)</th>"
      for (i, r) in programs.enumerated() {
        guard let v = yearly[i].first(where: { $0.year == year })?.value else {
          out += undefinedCell("outside the run")
          continue
        }
        let width = largest > 0 ? abs(v) / largest * 50 : 0
        let left = v < 0 ? 50 - width : 50
        let color = Palette.color(i)
        out += "<td data-program=\"\(SVG.escape(r.name))\" class=\"bar\"><span style=\"left:\(DisplayFormat.fixed(left, 1))%;width:\(DisplayFormat.fixed(width, 1))%;background:\(color)\"></span><b>\(DisplayFormat.fixed(v * 100, 1))</b></td>"
      }
      out += "</tr>\n"
    }
    out += "</tbody></table></div>\n"
    out += "<h3>Monthly returns (%)</h3>\n<p class=\"small\">Blue gains, orange losses; full colour at ±10 %.</p>\n<div class=\"grid2\">\n"
    let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    for (i, r) in programs.enumerated() {
      let months = MonthlyReturns.of(r.curve)
      var byYear: [Int: [Int: Double]] = [:]
      for m in months { byYear[m.month.year, default: [:]][m.month.month] = m.value }
      out += "<div data-program=\"\(SVG.escape(r.name))\"><h4>\(SVG.escape(r.name))</h4><table class=\"data heat\"><thead><tr><th></th>"
      for n in names { out += "<th>\(n)</th>" }
      out += "<th>Year</th></tr></thead><tbody>\n"
      for year in byYear.keys.sorted() {
        out += "<tr><th>\(year)</th>"
        for m in 1...12 {
          if let v = byYear[year]?[m] { out += percentCell(v, shaded: true, scale: 0.1) } else { out += "<td></td>" }
        }
        if let v = yearly[i].first(where: { $0.year == year })?.value {
          out += percentCell(v, shaded: true, scale: 0.3)
        } else {
          out += "<td></td>"
        }
        out += "</tr>\n"
      }
      out += "</tbody></table></div>\n"
    }
    return out + "</div>\n"
  }

  /// Trades by kind and reason, costs per trade and per year.
  static func tradeStatistics(_ programs: [ProgramReport], _ c: ScenarioComparison) -> String {
    var out = "<h2>Trade statistics</h2>\n<div class=\"table-wrap\"><table class=\"data\">\n<thead><tr><th>Program</th>"
      + "<th>Trades</th><th>Per year</th><th>Option opens</th><th>Option rolls</th><th>Expiries</th>"
      + "<th>Underlying / futures trades</th><th>Mean |premium| per option trade</th><th>Costs</th><th>Costs per trade</th><th>Turnover (× value / yr)</th></tr></thead>\n<tbody>\n"
    for r in programs {
      guard let p = r.program, let e = r.efficiency else { continue }
      var opens = 0
      var rolls = 0
      var expiries = 0
      var other = 0
      var premium = 0.0
      var optionTrades = 0
      for t in p.trades where t.rule >= 0 {
        if t.instrument.kind == .option {
          optionTrades += 1
          premium += abs(t.quantity * t.price)
          switch t.reason {
          case .open: opens += 1
          case .roll: rolls += 1
          case .expiry: expiries += 1
          default: break
          }
        } else {
          other += 1
        }
      }
      let perTrade = e.tradeCount > 0 ? e.transactionCosts / Double(e.tradeCount) : nil
      out += "<tr data-program=\"\(SVG.escape(r.name))\"><th>\(SVG.escape(r.name))</th><td>\(e.tradeCount)</td>"
        + "<td>\(e.tradesPerYear.map { DisplayFormat.fixed($0, 1) } ?? "–")</td><td>\(opens)</td><td>\(rolls)</td><td>\(expiries)</td><td>\(other)</td>"
        + "<td>\(optionTrades > 0 ? DisplayFormat.fixed(premium / Double(optionTrades), 0, grouping: true) : "–")</td>"
        + "<td>\(DisplayFormat.fixed(e.transactionCosts, 0, grouping: true))</td>"
        + "<td>\(perTrade.map { DisplayFormat.fixed($0, 2, grouping: true) } ?? "–")</td>"
        + "<td>\(e.turnover.map { DisplayFormat.fixed($0, 2) } ?? "–")</td></tr>\n"
    }
    return out + "</tbody></table></div>\n"
  }

  /// What the results rest on: data, volatility model, calendar, portfolio, costs, and every
  /// rule's parameters, read from the scenario as run.
  static func assumptions(_ c: ScenarioComparison) -> String {
    let s = c.scenario
    var out = "<h2>Assumptions</h2>\n<dl class=\"facts assumptions\">\n"
    func row(_ title: String, _ text: String) {
      out += "<dt>\(SVG.escape(title))</dt><dd>\(SVG.escape(text))</dd>\n"
    }
    let from = c.days.first.map(\.description) ?? "–"
    let to = c.days.last.map(\.description) ?? "–"
    row("Period", "\(from) to \(to), \(c.days.count) days")
    row("Underlyings", s.data.underlyings.joined(separator: ", ") + " (daily closes)")
    row("Database", s.data.database ?? "given with --db")
    row("Volatility model", volatilityModel(s))
    row("Risk-free rate", ScenarioText.describe(s.data.rate))
    row("Dividend yield", s.data.dividendYield.isEmpty ? "none" : ScenarioText.describe(s.data.dividendYield))
    row("Stale data allowed", "\(s.data.maxStaleDays) days")
    row("Calendar", "\(s.calendar.rawValue) (\(DisplayFormat.fixed(c.periodsPerYear.value, 0)) return periods a year)")
    row("Portfolio", ScenarioText.describe(s.portfolio))
    row("Costs", ScenarioText.describe(s.costs))
    if c.programReports.contains(where: { $0.program?.margin != nil }) {
      row("Margin", ScenarioText.describe(s.margin))
    }
    for program in s.programs where c.reports.contains(where: { $0.name == program.name }) {
      let rules = program.rules.isEmpty
        ? "no rules (unhedged)"
        : program.rules.map { "\($0.type.rawValue): \(ScenarioText.describe(parameters(of: $0)))" }.joined(separator: " | ")
      row("Program \(program.name)", rules)
    }
    return out + "</dl>\n"
  }

  /// The volatility model of each underlying, as the scenario states it (`data.volatility`).
  /// The place for the fields of a richer volatility model: whatever `VolatilitySource`
  /// holds is listed here.
  static func volatilityModel(_ s: Scenario) -> String {
    s.data.underlyings.map { u in
      "\(u): " + (s.data.volatility[u].map(ScenarioText.describe) ?? "none")
    }.joined(separator: "; ")
  }

  /// The parameters of a rule, for ``ScenarioText``.
  static func parameters(of rule: RuleSpec) -> Any {
    switch rule {
    case .none: return "none"
    case .delta(let p): return p
    case .deltaGamma(let p), .vega(let p): return p
    case .overlay(_, let p): return p
    case .indexHedge(let p): return p
    case .perpetualHedge(let p): return p
    case .futureHedge(let p): return p
    }
  }

  /// Hides or shows everything tagged with a program's name when its checkbox changes; on a
  /// line chart, shows the date under the pointer and each visible line's value there, read
  /// back from the drawn points through the plot's `data-x`/`data-y` ranges (to the 0.1 px of
  /// the drawing, hence 3 significant digits and "≈"; the CSV exports hold exact values).
  static let script = """
    var tip = document.createElement('div');
    tip.className = 'tip';
    document.body.appendChild(tip);
    document.querySelectorAll('rect.plot[data-x]').forEach(function (plot) {
      var svg = plot.ownerSVGElement;
      var x = plot.getAttribute('data-x').split(' ').map(Number);
      var y = plot.getAttribute('data-y').split(' ');
      var log = y[2] === 'log';
      var left = +plot.getAttribute('x'), top = +plot.getAttribute('y');
      var w = +plot.getAttribute('width'), h = +plot.getAttribute('height');
      var lines = Array.prototype.map.call(svg.querySelectorAll('polyline[data-series]'), function (l) {
        return { el: l, name: l.getAttribute('data-series'), color: l.getAttribute('stroke'),
          pts: l.getAttribute('points').split(' ').map(function (p) { return p.split(',').map(Number); }) };
      });
      svg.addEventListener('mousemove', function (e) {
        var pt = svg.createSVGPoint(); pt.x = e.clientX; pt.y = e.clientY;
        var p = pt.matrixTransform(svg.getScreenCTM().inverse());
        if (p.x < left || p.x > left + w) { tip.style.display = 'none'; return; }
        var day = x[0] + (p.x - left) / w * (x[1] - x[0]);
        var html = '<b>' + new Date(Math.round(day) * 86400000).toISOString().slice(0, 10) + '</b>';
        lines.forEach(function (l) {
          if (l.el.style.display === 'none' || !l.pts.length) return;
          var best = l.pts[0];
          l.pts.forEach(function (q) { if (Math.abs(q[0] - p.x) < Math.abs(best[0] - p.x)) best = q; });
          var v = +y[0] + (1 - (best[1] - top) / h) * (+y[1] - +y[0]);
          if (log) v = Math.pow(10, v);
          var a = Math.abs(v);
          html += '<br><span style="color:' + l.color + '">■</span> ' + l.name + ': ≈ ' +
            (a >= 1e6 ? (v / 1e6).toFixed(2) + 'M' : a >= 1e3 ? (v / 1e3).toFixed(1) + 'k' : v.toPrecision(3));
        });
        tip.innerHTML = html; tip.style.display = 'block';
        tip.style.left = (e.pageX + 14) + 'px'; tip.style.top = (e.pageY + 10) + 'px';
      });
      svg.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
    });
    document.querySelectorAll('[data-toggle]').forEach(function (box) {
      box.addEventListener('change', function () {
        var name = box.getAttribute('data-toggle');
        document.querySelectorAll('[data-series], [data-program]').forEach(function (el) {
          var s = el.getAttribute('data-series') || el.getAttribute('data-program');
          if (s === name || s === name + ' stock+cash') { el.style.display = box.checked ? '' : 'none'; }
        });
      });
    });

    """
}
