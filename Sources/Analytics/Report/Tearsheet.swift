import Foundation
import MarketData
import Simulation

/// The tearsheet views of the HTML report, computed from a program's equity curve: calendar
/// returns, drawdown episodes, rolling beta and Sharpe ratio, returns over crisis windows.
///
/// Conventions: returns are simple and decimal; a period's return compounds the daily
/// returns whose end day falls in it (`V_end / V_before − 1`, as ``MonthlyReturns``).
public enum Tearsheet {
  // MARK: - Calendar returns

  /// Calendar-year returns, in date order: `V_{last day of the year} / V_{last day before it} − 1`
  /// (the first year runs from the first value).
  public static func yearlyReturns(_ curve: EquityCurve) -> [(year: Int, value: Double)] {
    var out: [(year: Int, value: Double)] = []
    for m in MonthlyReturns.of(curve) {
      if let last = out.last, last.year == m.month.year {
        out[out.count - 1].value = (1 + last.value) * (1 + m.value) - 1
      } else {
        out.append((m.month.year, m.value))
      }
    }
    return out
  }

  // MARK: - Drawdowns

  /// One fall from a running peak and its recovery.
  public struct DrawdownEpisode: Equatable, Sendable {
    /// Lowest value / peak − 1 (≤ 0, decimal).
    public var depth: Double
    public var peak: Day
    public var trough: Day
    /// The first day back at or above the peak; `nil` when the run ended below it.
    public var recovery: Day?
    /// Trading days from the peak to the recovery, or to the end of the run.
    public var length: Int
  }

  /// The `count` deepest drawdown episodes, deepest first: an episode starts at a running
  /// peak, reaches its trough, and ends on the first day the value is back at the peak.
  /// Episodes do not overlap (the classic quantstats `drawdown_details` view).
  public static func worstDrawdowns(_ curve: EquityCurve, count: Int = 5) -> [DrawdownEpisode] {
    let v = curve.values
    let days = curve.days
    guard v.count >= 2 else { return [] }
    var episodes: [DrawdownEpisode] = []
    var peakIndex = 0
    var troughIndex = 0
    var inDrawdown = false
    for i in 1..<v.count {
      if v[i] >= v[peakIndex] {
        if inDrawdown {
          episodes.append(
            DrawdownEpisode(
              depth: v[troughIndex] / v[peakIndex] - 1, peak: days[peakIndex], trough: days[troughIndex],
              recovery: days[i], length: i - peakIndex))
          inDrawdown = false
        }
        peakIndex = i
        troughIndex = i
      } else {
        if !inDrawdown || v[i] < v[troughIndex] { troughIndex = i }
        inDrawdown = true
      }
    }
    if inDrawdown {
      episodes.append(
        DrawdownEpisode(
          depth: v[troughIndex] / v[peakIndex] - 1, peak: days[peakIndex], trough: days[troughIndex],
          recovery: nil, length: v.count - 1 - peakIndex))
    }
    return Array(episodes.sorted { $0.depth < $1.depth }.prefix(count))
  }

  // MARK: - Rolling statistics

  /// Rolling beta of the program's daily returns to the underlying's over the last `window`
  /// returns: `Cov(r_p, r_u) / Var(r_u)`; one value per day from day `window` on (`nil` where
  /// the underlying did not move).
  public static func rollingBeta(_ values: [Double], underlying spots: [Double], window: Int) -> [Double?] {
    let n = min(values.count, spots.count)
    guard window >= 2, n > window else { return [] }
    let rp = (1..<n).map { values[$0] / values[$0 - 1] - 1 }
    let ru = (1..<n).map { spots[$0] / spots[$0 - 1] - 1 }
    var out: [Double?] = []
    for end in window...rp.count {
      let range = (end - window)..<end
      let mp = range.reduce(0) { $0 + rp[$1] } / Double(window)
      let mu = range.reduce(0) { $0 + ru[$1] } / Double(window)
      var cov = 0.0
      var varU = 0.0
      for i in range {
        cov += (rp[i] - mp) * (ru[i] - mu)
        varU += (ru[i] - mu) * (ru[i] - mu)
      }
      out.append(varU > 1e-18 ? cov / varU : nil)
    }
    return out
  }

  /// Rolling annualised Sharpe ratio over the last `window` daily returns:
  /// `mean(r − r_f) / std(r − r_f) · √periodsPerYear`, with `r_f` the day's accrual of the
  /// risk-free rate (`exp(rate · Δt) − 1`, `Δt` = calendar days / 365); `nil` where the
  /// excess returns do not vary (a cash-like program).
  public static func rollingSharpe(
    _ values: [Double], days: [Day], riskFreeRates: [Double], window: Int, periodsPerYear: Double
  ) -> [Double?] {
    let n = values.count
    guard window >= 2, n > window, riskFreeRates.count == n else { return [] }
    var excess = [Double](repeating: 0, count: n - 1)
    for t in 1..<n {
      let dt: Double = Double(days[t - 1].days(to: days[t])) / 365
      let cash: Double = Double.exp(riskFreeRates[t - 1] * dt) - 1
      excess[t - 1] = values[t] / values[t - 1] - 1 - cash
    }
    let scale: Double = periodsPerYear.squareRoot()
    var out: [Double?] = []
    for end in window...excess.count {
      var mean = 0.0
      for i in (end - window)..<end { mean += excess[i] }
      mean /= Double(window)
      var ss = 0.0
      for i in (end - window)..<end { ss += (excess[i] - mean) * (excess[i] - mean) }
      let variance = ss / Double(window - 1)
      out.append(variance > 1e-20 ? mean / variance.squareRoot() * scale : nil)
    }
    return out
  }

  // MARK: - Crisis windows

  /// A market stress period, dated by the S&P 500's closing peak and trough in
  /// `../shared/data/spx_daily.csv`.
  public struct CrisisWindow: Sendable, Equatable {
    public var name: String
    public var from: Day
    public var to: Day
  }

  /// The crisis windows of the report: the seven S&P 500 sell-offs of 1990–2020 that hedges
  /// are judged by, each from its closing peak to its closing trough (index move in brackets,
  /// from the data): 1990 Gulf war (−19.9 %), 1998 Russia/LTCM (−19.3 %), 2000–02 dot-com bust
  /// (−49.1 %), 2007–09 financial crisis (−56.8 %), 2011 US downgrade and euro crisis
  /// (−19.4 %), 2018 Q4 (−19.8 %), 2020 Covid crash (−33.9 %).
  public static let crisisWindows: [CrisisWindow] = [
    ("1990 Gulf war", "1990-07-16", "1990-10-11"),
    ("1998 Russia / LTCM", "1998-07-17", "1998-08-31"),
    ("2000–02 dot-com bust", "2000-03-24", "2002-10-09"),
    ("2007–09 financial crisis", "2007-10-09", "2009-03-09"),
    ("2011 US downgrade / euro", "2011-04-29", "2011-10-03"),
    ("2018 Q4 sell-off", "2018-09-20", "2018-12-24"),
    ("2020 Covid crash", "2020-02-19", "2020-03-23"),
  ].map { CrisisWindow(name: $0.0, from: Day(iso: $0.1)!, to: Day(iso: $0.2)!) }

  /// A program's return over a window, or why there is none.
  public enum WindowReturn: Equatable, Sendable {
    case value(Double)
    case undefined(reason: String)
  }

  /// The return from the close of the window's first day (or the last close before it) to the
  /// close of its last day (or the last close before it): undefined when the run does not cover
  /// the whole window.
  public static func windowReturn(days: [Day], values: [Double], window: CrisisWindow) -> WindowReturn {
    guard let first = days.first, let last = days.last else { return .undefined(reason: "empty run") }
    if window.from < first {
      return .undefined(reason: "before the run (starts \(first))")
    }
    if window.to > last {
      return .undefined(reason: "after the run (ends \(last))")
    }
    guard let start = days.lastIndex(where: { $0 <= window.from }),
      let end = days.lastIndex(where: { $0 <= window.to }), values[start] > 0
    else { return .undefined(reason: "no close in the window") }
    return .value(values[end] / values[start] - 1)
  }
}
