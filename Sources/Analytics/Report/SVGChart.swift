import Pricing
import Foundation
import MarketData

/// Colours and dash patterns for chart lines: the Okabe–Ito palette, distinguishable with
/// the common forms of colour blindness (Okabe, M. & Ito, K. (2008), "Color Universal
/// Design"), with the baseline in near-black. Beyond eight lines the colours repeat with a
/// dash pattern.
enum Palette {
  static let colors = [
    "#222222", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#B8A000",
  ]
  static func color(_ i: Int) -> String { colors[i % colors.count] }
  static func dash(_ i: Int) -> String? {
    switch (i / colors.count) % 3 {
    case 0: return nil
    case 1: return "6 3"
    default: return "2 2"
    }
  }
}

/// One line of a chart: x in days since 1970-01-01, y in the chart's unit (finite values).
struct ChartLine {
  var name: String
  var color: String
  var dash: String?
  var width: Double = 1.5
  var xs: [Double]
  var ys: [Double]
}

/// How a value axis labels its ticks.
enum AxisFormat {
  /// Values in percent (already × 100).
  case percent
  /// Amounts, compact (`1.5M`).
  case compact
  /// Basis points (values already × 10,000): `12 bp`.
  case basisPoints
}

/// Text and numbers for SVG: XML-escaped text and coordinates with one decimal.
enum SVG {
  static func escape(_ s: String) -> String {
    var out = ""
    for ch in s {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(ch)
      }
    }
    return out
  }

  static func n(_ x: Double) -> String { DisplayFormat.fixed(x, 1) }

  /// Approximate width in pixels of `text` at 12 px (for laying out legends).
  static func textWidth(_ text: String, size: Double = 12) -> Double {
    Double(text.count) * size * 0.56
  }

  /// A legend laid out in rows within `width`, starting at (x, y); returns the SVG and the
  /// height used.
  static func legend(_ items: [(name: String, color: String, dash: String?)], x: Double, y: Double, width: Double)
    -> (svg: String, height: Double)
  {
    var out = ""
    var cx = x
    var cy = y
    for item in items {
      let w = 26 + textWidth(item.name) + 22
      if cx + w > x + width, cx > x {
        cx = x
        cy += 18
      }
      let dash = item.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
      out += "<line x1=\"\(n(cx))\" y1=\"\(n(cy - 4))\" x2=\"\(n(cx + 20))\" y2=\"\(n(cy - 4))\" stroke=\"\(item.color)\" stroke-width=\"3\"\(dash)/>"
      out += "<text x=\"\(n(cx + 25))\" y=\"\(n(cy))\" class=\"legend\">\(escape(item.name))</text>"
      cx += w
    }
    return (out, items.isEmpty ? 0 : cy - y + 18)
  }
}

/// A line chart over dates, with a title, a legend, date ticks, value ticks and grid lines.
struct LineChart {
  var title: String
  var subtitle: String?
  var yLabel: String
  var lines: [ChartLine]
  var width: Double = 1100
  var height: Double = 340
  var logScale = false
  var format: AxisFormat = .compact
  /// A horizontal reference line (e.g. 0), drawn darker than the grid.
  var reference: Double? = nil
  var showLegend = true

  /// Most points per line: two per horizontal pixel of the plot, at most 1,500.
  var maxPoints: Int { min(1500, Int(clamping: 2 * (width - 90))) }

  func svg() -> String {
    let left = 76.0
    let right = 16.0
    var top = 26.0 + (subtitle == nil ? 0 : 16)
    var body = ""
    if showLegend {
      let legend = SVG.legend(
        lines.map { ($0.name, $0.color, $0.dash) }, x: left, y: top + 14, width: width - left - right)
      body += legend.svg
      top += legend.height + 6
    } else {
      top += 8
    }
    let bottom = 30.0
    let plotWidth = width - left - right
    let plotHeight = height - top - bottom

    let points = lines.map { ChartScale.reduce(xs: $0.xs, ys: $0.ys, maxPoints: maxPoints) }
    var x0 = Double.infinity
    var x1 = -Double.infinity
    var y0 = Double.infinity
    var y1 = -Double.infinity
    for line in lines {
      if let f = line.xs.first { x0 = min(x0, f) }
      if let l = line.xs.last { x1 = max(x1, l) }
      for y in line.ys where !logScale || y > 0 {
        y0 = min(y0, y)
        y1 = max(y1, y)
      }
    }
    if let reference { y0 = min(y0, reference); y1 = max(y1, reference) }
    guard x0.isFinite, y0.isFinite else { return frame(body: body + noData(left, top, plotWidth, plotHeight)) }
    if x1 <= x0 { x1 = x0 + 1 }
    if y1 <= y0 {
      let pad = y0 == 0 ? 1 : abs(y0) * 0.05
      y0 -= pad
      y1 += pad
    }
    let ticks: [Double]
    let map: (Double) -> Double
    // The value range mapped onto the plot's height (log10 of values on a log scale), for the
    // report's hover read-out.
    let valueRange: (Double, Double)
    if logScale {
      let (l0, l1) = (log10(y0 / 1.02), log10(y1 * 1.02))
      ticks = ChartScale.logTicks(y0 / 1.02, y1 * 1.02)
      map = { top + plotHeight * (1 - (log10($0) - l0) / (l1 - l0)) }
      valueRange = (l0, l1)
    } else {
      ticks = ChartScale.linearTicks(y0, y1)
      let (p0, p1) = (y0 - (y1 - y0) * 0.03, y1 + (y1 - y0) * 0.03)
      map = { top + plotHeight * (1 - ($0 - p0) / (p1 - p0)) }
      valueRange = (p0, p1)
    }
    let mapX = { left + plotWidth * ($0 - x0) / (x1 - x0) }
    let step = ticks.count > 1 ? ticks[1] - ticks[0] : max(abs(ticks.first ?? 1), 1e-9)

    var grid = ""
    for t in ticks {
      let y = map(t)
      guard y >= top - 0.5, y <= top + plotHeight + 0.5 else { continue }
      grid += "<line x1=\"\(SVG.n(left))\" y1=\"\(SVG.n(y))\" x2=\"\(SVG.n(left + plotWidth))\" y2=\"\(SVG.n(y))\" class=\"grid\"/>"
      let label: String
      switch format {
      case .percent: label = ChartScale.percent(t, step: logScale ? t : step)
      case .compact: label = ChartScale.compact(t, step: logScale ? t : step)
      case .basisPoints: label = DisplayFormat.fixed(t, ChartScale.decimals(step)) + " bp"
      }
      grid += "<text x=\"\(SVG.n(left - 6))\" y=\"\(SVG.n(y + 4))\" class=\"tick\" text-anchor=\"end\">\(SVG.escape(label))</text>"
    }
    let first = Day(daysSinceEpoch: Int(clamping: x0))
    let last = Day(daysSinceEpoch: Int(clamping: x1))
    for (day, label) in ChartScale.dateTicks(first, last) {
      let x = mapX(Double(day.daysSinceEpoch))
      grid += "<line x1=\"\(SVG.n(x))\" y1=\"\(SVG.n(top))\" x2=\"\(SVG.n(x))\" y2=\"\(SVG.n(top + plotHeight))\" class=\"grid\"/>"
      grid += "<text x=\"\(SVG.n(x))\" y=\"\(SVG.n(top + plotHeight + 16))\" class=\"tick\" text-anchor=\"middle\">\(label)</text>"
    }
    if let reference, !logScale || reference > 0 {
      let y = map(reference)
      grid += "<line x1=\"\(SVG.n(left))\" y1=\"\(SVG.n(y))\" x2=\"\(SVG.n(left + plotWidth))\" y2=\"\(SVG.n(y))\" class=\"reference\"/>"
    }
    var paths = ""
    for (line, pts) in zip(lines, points) where !pts.isEmpty {
      var d = ""
      d.reserveCapacity(pts.count * 12)
      for (i, p) in pts.enumerated() where !logScale || p.y > 0 {
        d += (i == 0 ? "" : " ") + SVG.n(mapX(p.x)) + "," + SVG.n(map(p.y))
      }
      let dash = line.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
      paths += "<polyline fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"\(line.width)\"\(dash) stroke-linejoin=\"round\" data-series=\"\(SVG.escape(line.name))\" points=\"\(d)\"><title>\(SVG.escape(line.name))</title></polyline>"
    }
    let hover = "data-x=\"\(x0) \(x1)\" data-y=\"\(valueRange.0) \(valueRange.1)\(logScale ? " log" : "")\""
    let axes = "<rect x=\"\(SVG.n(left))\" y=\"\(SVG.n(top))\" width=\"\(SVG.n(plotWidth))\" height=\"\(SVG.n(plotHeight))\" class=\"plot\" \(hover)/>"
    let yTitle = "<text transform=\"translate(14 \(SVG.n(top + plotHeight / 2))) rotate(-90)\" class=\"axis-title\" text-anchor=\"middle\">\(SVG.escape(yLabel))</text>"
    let clip = "<clipPath id=\"c\(clipID)\"><rect x=\"\(SVG.n(left))\" y=\"\(SVG.n(top))\" width=\"\(SVG.n(plotWidth))\" height=\"\(SVG.n(plotHeight))\"/></clipPath>"
    return frame(
      body: body + clip + axes + grid + "<g clip-path=\"url(#c\(clipID))\">" + paths + "</g>" + yTitle)
  }

  /// A stable identifier for the clip path, from the title.
  private var clipID: String {
    var h: UInt64 = 1_469_598_103_934_665_603
    for b in (title + yLabel).utf8 {
      h ^= UInt64(b)
      h = h &* 1_099_511_628_211
    }
    return String(h % 1_000_000_007, radix: 36)
  }

  private func frame(body: String) -> String {
    var head = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(height))\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(height))\" role=\"img\" aria-label=\"\(SVG.escape(title))\">"
    head += "<text x=\"8\" y=\"18\" class=\"chart-title\">\(SVG.escape(title))</text>"
    if let subtitle { head += "<text x=\"8\" y=\"35\" class=\"chart-subtitle\">\(SVG.escape(subtitle))</text>" }
    return head + body + "</svg>"
  }

  private func noData(_ x: Double, _ y: Double, _ w: Double, _ h: Double) -> String {
    "<text x=\"\(SVG.n(x + w / 2))\" y=\"\(SVG.n(y + h / 2))\" class=\"tick\" text-anchor=\"middle\">no data</text>"
  }
}

/// Small multiples of histograms sharing one x axis and one y scale: one panel per program,
/// its bars filled in its colour and the baseline's histogram outlined on top for comparison.
struct HistogramGrid {
  struct Panel {
    var name: String
    var color: String
    /// Share of observations in each bin, percent.
    var shares: [Double]
    /// The baseline's shares, outlined; `nil` on the baseline's own panel.
    var baseline: [Double]?
    /// Observations counted.
    var count: Int
  }

  var title: String
  var subtitle: String?
  var xLabel: String
  /// Bin edges in percent, ascending (one more than the shares of each panel).
  var edges: [Double]
  var panels: [Panel]
  var columns = 3
  var panelWidth = 362.0
  var panelHeight = 200.0

  func svg() -> String {
    let top = 26.0 + (subtitle == nil ? 0 : 16) + 8
    let rows = (panels.count + columns - 1) / max(columns, 1)
    let width = Double(columns) * panelWidth + 8
    let height = top + Double(rows) * panelHeight
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(height))\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(height))\" role=\"img\" aria-label=\"\(SVG.escape(title))\">"
    out += "<text x=\"8\" y=\"18\" class=\"chart-title\">\(SVG.escape(title))</text>"
    if let subtitle { out += "<text x=\"8\" y=\"35\" class=\"chart-subtitle\">\(SVG.escape(subtitle))</text>" }
    guard edges.count >= 2 else { return out + "</svg>" }
    var yMax = 0.0
    for p in panels {
      for s in p.shares { yMax = max(yMax, s) }
      for s in p.baseline ?? [] { yMax = max(yMax, s) }
    }
    let yTicks = ChartScale.linearTicks(0, max(yMax, 1e-9), target: 4)
    let yTop = max(yMax, yTicks.last ?? yMax) * 1.05
    let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
    let xTicks = ChartScale.linearTicks(edges[0], edges[edges.count - 1], target: 5)
    let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
    for (i, panel) in panels.enumerated() {
      let ox = 8 + Double(i % columns) * panelWidth
      let oy = top + Double(i / columns) * panelHeight
      let left = ox + 44
      let plotTop = oy + 22
      let plotWidth = panelWidth - 44 - 14
      let plotHeight = panelHeight - 22 - 40
      let mapX = { left + plotWidth * ($0 - edges[0]) / (edges[edges.count - 1] - edges[0]) }
      let mapY = { plotTop + plotHeight * (1 - $0 / yTop) }
      out += "<text x=\"\(SVG.n(left))\" y=\"\(SVG.n(oy + 14))\" class=\"panel-title\">\(SVG.escape(panel.name)) (n = \(panel.count))</text>"
      out += "<rect x=\"\(SVG.n(left))\" y=\"\(SVG.n(plotTop))\" width=\"\(SVG.n(plotWidth))\" height=\"\(SVG.n(plotHeight))\" class=\"plot\"/>"
      for t in yTicks {
        let y = mapY(t)
        out += "<line x1=\"\(SVG.n(left))\" y1=\"\(SVG.n(y))\" x2=\"\(SVG.n(left + plotWidth))\" y2=\"\(SVG.n(y))\" class=\"grid\"/>"
        out += "<text x=\"\(SVG.n(left - 4))\" y=\"\(SVG.n(y + 4))\" class=\"tick\" text-anchor=\"end\">\(ChartScale.percent(t, step: yStep))</text>"
      }
      for t in xTicks {
        let x = mapX(t)
        out += "<line x1=\"\(SVG.n(x))\" y1=\"\(SVG.n(plotTop))\" x2=\"\(SVG.n(x))\" y2=\"\(SVG.n(plotTop + plotHeight))\" class=\"\(t == 0 ? "reference" : "grid")\"/>"
        out += "<text x=\"\(SVG.n(x))\" y=\"\(SVG.n(plotTop + plotHeight + 14))\" class=\"tick\" text-anchor=\"middle\">\(ChartScale.percent(t, step: xStep))</text>"
      }
      for (b, share) in panel.shares.enumerated() where share > 0 {
        let x = mapX(edges[b])
        let w = mapX(edges[b + 1]) - x
        let y = mapY(share)
        out += "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(max(w - 0.5, 0.5)))\" height=\"\(SVG.n(plotTop + plotHeight - y))\" fill=\"\(panel.color)\" fill-opacity=\"0.6\"/>"
      }
      if let baseline = panel.baseline {
        var d = "\(SVG.n(mapX(edges[0]))),\(SVG.n(mapY(0)))"
        for (b, share) in baseline.enumerated() {
          d += " \(SVG.n(mapX(edges[b]))),\(SVG.n(mapY(share))) \(SVG.n(mapX(edges[b + 1]))),\(SVG.n(mapY(share)))"
        }
        d += " \(SVG.n(mapX(edges[edges.count - 1]))),\(SVG.n(mapY(0)))"
        out += "<polyline fill=\"none\" stroke=\"#222222\" stroke-width=\"1\" points=\"\(d)\"/>"
      }
      out += "<text x=\"\(SVG.n(left + plotWidth / 2))\" y=\"\(SVG.n(plotTop + plotHeight + 30))\" class=\"axis-title\" text-anchor=\"middle\">\(SVG.escape(xLabel))</text>"
    }
    return out + "</svg>"
  }
}

/// Horizontal grouped bars: one group per category (program), one bar per series
/// (component), on a shared value axis through 0.
struct GroupedBarChart {
  var title: String
  var subtitle: String?
  var xLabel: String
  var categories: [String]
  var series: [(name: String, color: String)]
  /// `values[category][series]`.
  var values: [[Double]]
  var width = 1100.0

  func svg() -> String {
    let left = 200.0
    let right = 20.0
    var top = 26.0 + (subtitle == nil ? 0 : 16)
    let legend = SVG.legend(series.map { ($0.name, $0.color, nil) }, x: left, y: top + 14, width: width - left - right)
    top += legend.height + 6
    let bar = 11.0
    let groupHeight = Double(series.count) * bar + 12
    let plotHeight = Double(categories.count) * groupHeight
    let height = top + plotHeight + 44
    let plotWidth = width - left - right
    var lo = 0.0
    var hi = 0.0
    for row in values { for v in row { lo = min(lo, v); hi = max(hi, v) } }
    if hi <= lo { hi = lo + 1 }
    let ticks = ChartScale.linearTicks(lo, hi, target: 7)
    let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
    let (p0, p1) = (min(lo, ticks.first ?? lo) - (hi - lo) * 0.02, max(hi, ticks.last ?? hi) + (hi - lo) * 0.02)
    let mapX = { left + plotWidth * ($0 - p0) / (p1 - p0) }
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(height))\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(height))\" role=\"img\" aria-label=\"\(SVG.escape(title))\">"
    out += "<text x=\"8\" y=\"18\" class=\"chart-title\">\(SVG.escape(title))</text>"
    if let subtitle { out += "<text x=\"8\" y=\"35\" class=\"chart-subtitle\">\(SVG.escape(subtitle))</text>" }
    out += legend.svg
    out += "<rect x=\"\(SVG.n(left))\" y=\"\(SVG.n(top))\" width=\"\(SVG.n(plotWidth))\" height=\"\(SVG.n(plotHeight))\" class=\"plot\"/>"
    for t in ticks {
      let x = mapX(t)
      out += "<line x1=\"\(SVG.n(x))\" y1=\"\(SVG.n(top))\" x2=\"\(SVG.n(x))\" y2=\"\(SVG.n(top + plotHeight))\" class=\"\(t == 0 ? "reference" : "grid")\"/>"
      out += "<text x=\"\(SVG.n(x))\" y=\"\(SVG.n(top + plotHeight + 16))\" class=\"tick\" text-anchor=\"middle\">\(ChartScale.compact(t, step: step))</text>"
    }
    for (c, name) in categories.enumerated() {
      let gy = top + Double(c) * groupHeight + 6
      out += "<text x=\"\(SVG.n(left - 8))\" y=\"\(SVG.n(gy + groupHeight / 2))\" class=\"tick\" text-anchor=\"end\">\(SVG.escape(name))</text>"
      for (s, item) in series.enumerated() {
        let v = c < values.count && s < values[c].count ? values[c][s] : 0
        let x = mapX(min(v, 0))
        let w = abs(mapX(v) - mapX(0))
        out += "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(gy + Double(s) * bar))\" width=\"\(SVG.n(max(w, 0.5)))\" height=\"\(SVG.n(bar - 2))\" fill=\"\(item.color)\"><title>\(SVG.escape(name)): \(SVG.escape(item.name)) \(DisplayFormat.fixed(v, 0, grouping: true))</title></rect>"
      }
    }
    out += "<text x=\"\(SVG.n(left + plotWidth / 2))\" y=\"\(SVG.n(top + plotHeight + 36))\" class=\"axis-title\" text-anchor=\"middle\">\(SVG.escape(xLabel))</text>"
    return out + "</svg>"
  }
}
