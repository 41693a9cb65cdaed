import MarketData

/// One drawdown of an equity curve: the fall from a peak to the lowest later value, and the
/// time until the peak value was regained.
public struct Drawdown: Equatable, Sendable {
  /// Depth `V_trough / V_peak − 1` as a decimal ≤ 0 (−0.25 is a 25 % fall).
  public let depth: Double
  /// Index into the curve of the peak (the last value at the running maximum before the
  /// trough; the starting value counts).
  public let peakIndex: Int
  /// Index of the lowest value relative to the peak.
  public let troughIndex: Int
  /// Index of the first value after the trough that is ≥ the peak value, or `nil` when the
  /// curve had not recovered by its last observation.
  public let recoveryIndex: Int?
  public let peak: Day
  public let trough: Day
  /// The recovery day, or `nil` when not recovered.
  public let recovery: Day?
  /// Observations from peak to trough (trading days when the curve has one value per
  /// trading day).
  public let declineTradingDays: Int
  /// Calendar days from peak to trough.
  public let declineCalendarDays: Int
  /// Observations from peak to recovery; when not recovered, from peak to the last
  /// observation (a lower bound of the true duration).
  public let durationTradingDays: Int
  /// Calendar days from peak to recovery; when not recovered, to the last observation.
  public let durationCalendarDays: Int

  /// True when the peak value was regained within the curve.
  public var isRecovered: Bool { recoveryIndex != nil }
}

/// Maximum drawdown: the deepest peak-to-trough decline of an equity curve.
///
/// `MaxDD = min_t ( V_t / max_{s ≤ t} V_s − 1 )`, a decimal ≤ 0. The curve's starting value is
/// a peak, so a loss on the first day is a drawdown (quantstats' "phantom baseline";
/// empyrical `max_drawdown` does the same with a starting value of 1). The peak is the latest
/// time the running maximum was reached before the trough (a value equal to the peak resets
/// it), and recovery is the first later value ≥ the peak value. Among equally deep troughs
/// the first is reported.
///
/// Durations are given in observations and in calendar days; for an unrecovered drawdown
/// they run to the last observation and `recovery` is `nil`.
///
/// Edge cases: `depth` is 0 for empty, single-value and never-declining curves, and `of`
/// returns `nil` for them (there is no drawdown to date).
///
/// References: Magdon-Ismail, M. & Atiya, A. (2004), "Maximum drawdown", *Risk* 17(10),
/// 99–102; Bacon (2008), *Practical Portfolio Performance Measurement and Attribution*, §4.
public enum MaxDrawdown {
  /// The deepest drawdown with its dates, or `nil` when the curve never falls below a
  /// previous peak.
  public static func of(_ curve: EquityCurve) -> Drawdown? {
    let values = curve.values
    guard let (depth, peakIndex, troughIndex) = deepest(values), depth < 0 else { return nil }
    let peakValue = values[peakIndex]
    var recoveryIndex: Int? = nil
    for i in (troughIndex + 1)..<values.count where values[i] >= peakValue {
      recoveryIndex = i
      break
    }
    let days = curve.days
    let end = recoveryIndex ?? values.count - 1
    return Drawdown(
      depth: depth, peakIndex: peakIndex, troughIndex: troughIndex, recoveryIndex: recoveryIndex,
      peak: days[peakIndex], trough: days[troughIndex], recovery: recoveryIndex.map { days[$0] },
      declineTradingDays: troughIndex - peakIndex,
      declineCalendarDays: days[peakIndex].days(to: days[troughIndex]),
      durationTradingDays: end - peakIndex,
      durationCalendarDays: days[peakIndex].days(to: days[end]))
  }

  /// MaxDD of a positive value series as a decimal ≤ 0; 0 when it never declines or is empty.
  public static func depth(_ values: [Double]) -> Double {
    deepest(values)?.depth ?? 0
  }

  /// The drawdown at every observation, `V_t / max_{s ≤ t} V_s − 1` (decimals ≤ 0), for
  /// underwater charts.
  public static func series(_ values: [Double]) -> [Double] {
    var peak = -Double.infinity
    return values.map { v in
      peak = max(peak, v)
      return v / peak - 1
    }
  }

  /// Deepest (depth, peak index, trough index) in one pass; `nil` when empty.
  static func deepest(_ values: [Double]) -> (depth: Double, peak: Int, trough: Int)? {
    guard let first = values.first else { return nil }
    var peakValue = first
    var peakIndex = 0
    var best = (depth: 0.0, peak: 0, trough: 0)
    for i in values.indices.dropFirst() {
      let v = values[i]
      if v >= peakValue {
        peakValue = v
        peakIndex = i
      } else {
        let depth = v / peakValue - 1
        if depth < best.depth { best = (depth, peakIndex, i) }
      }
    }
    return best
  }
}
