import MarketData

/// Tick positions, labels and point reduction for the report's SVG charts.
enum ChartScale {
  // MARK: - Value axes

  /// About `target` "nice" ticks (1, 2, 2.5 or 5 × 10^k apart) covering [lo, hi].
  static func linearTicks(_ lo: Double, _ hi: Double, target: Int = 6) -> [Double] {
    guard lo.isFinite, hi.isFinite else { return [] }
    guard hi > lo else { return [lo] }
    let step = niceStep((hi - lo) / Double(max(target - 1, 1)))
    var ticks = [Double]()
    var k = (lo / step).rounded(.down)
    while k * step <= hi + step * 1e-9 {
      let t = k * step
      if t >= lo - step * 1e-9 { ticks.append(abs(t) < step * 1e-9 ? 0 : t) }
      k += 1
    }
    return ticks
  }

  /// The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ `raw`.
  static func niceStep(_ raw: Double) -> Double {
    guard raw > 0, raw.isFinite else { return 1 }
    var magnitude = 1.0
    while magnitude * 10 <= raw { magnitude *= 10 }
    while magnitude > raw { magnitude /= 10 }
    for m in [1.0, 2, 2.5, 5, 10] where m * magnitude >= raw * (1 - 1e-12) { return m * magnitude }
    return 10 * magnitude
  }

  /// Ticks for a logarithmic axis on [lo, hi] (both > 0): 1-2-5 × 10^k when the range spans
  /// a factor of 10 or more (only powers of 10 when that gives over 10 ticks), otherwise nice
  /// linear ticks.
  static func logTicks(_ lo: Double, _ hi: Double) -> [Double] {
    guard lo > 0, hi > lo else { return linearTicks(lo, hi) }
    guard hi / lo >= 10 else { return linearTicks(lo, hi, target: 7) }
    var decade = 1.0
    while decade > lo { decade /= 10 }
    while decade * 10 <= lo { decade *= 10 }
    var ticks = [Double]()
    var d = decade
    while d <= hi {
      for m in [1.0, 2, 5] where m * d >= lo && m * d <= hi { ticks.append(m * d) }
      d *= 10
    }
    if ticks.count > 10 { ticks = ticks.filter { isPowerOfTen($0) } }
    return ticks
  }

  private static func isPowerOfTen(_ x: Double) -> Bool {
    var d = 1.0
    if x >= 1 {
      while d < x { d *= 10 }
    } else {
      while d > x * (1 + 1e-9) { d /= 10 }
    }
    return abs(d - x) <= x * 1e-9
  }

  // MARK: - Labels

  /// A compact amount: `1.5M`, `250k`, `12.5`, `-3k`; decimals chosen from the tick `step`.
  static func compact(_ x: Double, step: Double) -> String {
    if x == 0 { return "0" }
    let a = abs(x)
    let (scale, suffix): (Double, String) =
      a >= 1e9 || step >= 1e9 ? (1e9, "B") : a >= 1e6 || step >= 1e6 ? (1e6, "M")
      : a >= 1e3 || step >= 1e3 ? (1e3, "k") : (1, "")
    return DisplayFormat.fixed(x / scale, decimals(step / scale)) + suffix
  }

  /// A percent label of a value already in percent: `-12.5%`.
  static func percent(_ x: Double, step: Double) -> String {
    DisplayFormat.fixed(x, decimals(step)) + "%"
  }

  /// Enough decimals to tell ticks `step` apart (0…4).
  static func decimals(_ step: Double) -> Int {
    guard step > 0, step.isFinite else { return 0 }
    var d = 0
    var s = step
    while d < 4 && abs(s - s.rounded()) > 1e-6 * max(1, abs(s)) {
      s *= 10
      d += 1
    }
    return d
  }

  // MARK: - Date axis

  /// Ticks for a date axis from `first` to `last`: 1 January of every 1, 2, 5 or 10 years
  /// (at most 12 ticks, labelled `1990`) over spans of two years or more, else the first of
  /// every 1, 2, 3 or 6 months (labelled `2016-03`).
  static func dateTicks(_ first: Day, _ last: Day) -> [(day: Day, label: String)] {
    let (y0, m0, _) = first.components
    let (y1, m1, _) = last.components
    if first.days(to: last) >= 730 {
      let years = y1 - y0 + 1
      let step = [1, 2, 5, 10, 20, 50].first { years / $0 <= 12 } ?? 100
      var ticks = [(day: Day, label: String)]()
      var y = (y0 / step) * step
      while y <= y1 {
        if let d = Day(year: y, month: 1, day: 1), d >= first, d <= last { ticks.append((d, "\(y)")) }
        y += step
      }
      return ticks
    }
    let months = (y1 - y0) * 12 + (m1 - m0) + 1
    let step = [1, 2, 3, 6].first { months / $0 <= 12 } ?? 12
    var ticks = [(day: Day, label: String)]()
    var index = y0 * 12 + (m0 - 1)
    index = (index / step) * step
    while index <= y1 * 12 + (m1 - 1) {
      let y = index / 12
      let m = index % 12 + 1
      if let d = Day(year: y, month: m, day: 1), d >= first, d <= last {
        ticks.append((d, CalendarMonth(year: y, month: m).description))
      }
      index += step
    }
    return ticks
  }

  // MARK: - Point reduction

  /// At most `maxPoints` of the points (x ascending), keeping the shape and every extreme:
  /// the points are cut into `maxPoints / 2` buckets of consecutive indices and each bucket
  /// keeps its lowest and highest point, in x order (first and last points always kept).
  static func reduce(xs: [Double], ys: [Double], maxPoints: Int) -> [(x: Double, y: Double)] {
    let n = min(xs.count, ys.count)
    guard n > maxPoints, maxPoints >= 4 else { return (0..<n).map { (xs[$0], ys[$0]) } }
    let buckets = maxPoints / 2 - 1
    var out = [(x: Double, y: Double)]()
    out.reserveCapacity(maxPoints)
    out.append((xs[0], ys[0]))
    for b in 0..<buckets {
      let start = 1 + b * (n - 2) / buckets
      let end = 1 + (b + 1) * (n - 2) / buckets
      guard start < end else { continue }
      var lo = start
      var hi = start
      for i in start..<end {
        if ys[i] < ys[lo] { lo = i }
        if ys[i] > ys[hi] { hi = i }
      }
      if lo == hi {
        out.append((xs[lo], ys[lo]))
      } else {
        let (a, b) = lo < hi ? (lo, hi) : (hi, lo)
        out.append((xs[a], ys[a]))
        out.append((xs[b], ys[b]))
      }
    }
    out.append((xs[n - 1], ys[n - 1]))
    return out
  }
}
