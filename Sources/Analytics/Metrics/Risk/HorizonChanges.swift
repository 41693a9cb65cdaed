/// N-day changes of a daily series, for risk measured over a holding period such as the
/// option roll period.
///
/// Returns are compounded exactly from the curve, `R = V_{i+N} / V_i − 1` (not √N-scaled and
/// not summed), and P&L is differenced, `ΔV = V_{i+N} − V_i`. Windows start at i = 0 and step
/// by 1 (`.overlapping`: n − N samples) or by N (`.nonOverlapping`: ⌊(n − 1) / N⌋ samples,
/// dropping a final incomplete window), where n counts values (n − 1 daily changes).
///
/// Edge cases: an empty array when the series has N or fewer values (no complete window).
///
/// References: Jorion, P. (2007), *Value at Risk*, 3rd ed., §4.2 (time aggregation);
/// Harri, A. & Brorsen, B. W. (2009), "The Overlapping Data Problem", *Quantitative and
/// Qualitative Analysis in Social Sciences* 3(3) (why overlapping samples are correlated).
public enum HorizonChanges {
  /// Compounded N-day returns of an equity curve (decimals).
  public static func returns(_ curve: EquityCurve, horizon: Horizon) -> [Double] {
    let v = curve.values
    return windows(v.count, horizon) { v[$0 + $1] / v[$0] - 1 }
  }

  /// N-day P&L `V_{i+N} − V_i` of a value series in currency units (any sign allowed).
  public static func pnl(_ values: [Double], horizon: Horizon) -> [Double] {
    windows(values.count, horizon) { values[$0 + $1] - values[$0] }
  }

  /// Applies `change(start, N)` to every window start.
  @inline(__always)
  private static func windows(
    _ count: Int, _ horizon: Horizon, _ change: (Int, Int) -> Double
  ) -> [Double] {
    let n = horizon.tradingDays
    guard count > n else { return [] }
    let step = horizon.windows == .overlapping ? 1 : n
    let windows = (count - n - 1) / step + 1
    return [Double](unsafeUninitializedCapacity: windows) { buffer, initialised in
      for w in 0..<windows { buffer[w] = change(w * step, n) }
      initialised = windows
    }
  }
}
