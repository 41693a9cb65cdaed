/// A confidence level for value at risk, strictly between 0 and 1 (decimal, not percent).
public struct ConfidenceLevel: Hashable, Sendable, CustomStringConvertible {
  /// The level as a decimal, e.g. 0.95.
  public let value: Double

  /// 95 %: the tail is the worst 5 % of outcomes.
  public static let percent95 = ConfidenceLevel(unchecked: 0.95)
  /// 99 %: the tail is the worst 1 % of outcomes.
  public static let percent99 = ConfidenceLevel(unchecked: 0.99)

  /// - Throws: `AnalyticsError.invalidParameter` unless `0 < value < 1`.
  public init(_ value: Double) throws(AnalyticsError) {
    guard value > 0, value < 1 else {
      throw .invalidParameter(
        name: "confidence level", value: "\(value)",
        condition: "strictly between 0 and 1 (a decimal: write 0.95 for 95 %)")
    }
    self.value = value
  }

  private init(unchecked value: Double) { self.value = value }

  /// "95%" or "97.5%": the label used in metric names.
  public var description: String {
    let percent = value * 100
    return Int(exactly: percent).map { "\($0)%" } ?? "\(percent)%"
  }
}

/// The number of return periods in a year, used to annualise means and deviations.
///
/// 252 for series observed on exchange trading days, 365 for series observed every calendar
/// day (crypto, 24/7 markets), 12 for monthly series.
public struct PeriodsPerYear: Hashable, Sendable {
  /// Periods per year, > 0.
  public let value: Double

  /// 252: the conventional number of trading days in a year (NYSE averages 251–253).
  public static let tradingDays = PeriodsPerYear(unchecked: 252)
  /// 365: one observation every calendar day.
  public static let calendarDays = PeriodsPerYear(unchecked: 365)

  /// - Throws: `AnalyticsError.invalidParameter` unless `value` is finite and > 0.
  public init(_ value: Double) throws(AnalyticsError) {
    guard value.isFinite, value > 0 else {
      throw .invalidParameter(
        name: "periods per year", value: "\(value)",
        condition: "positive (252 for trading days, 365 for calendar days, 12 for months)")
    }
    self.value = value
  }

  private init(unchecked value: Double) { self.value = value }
}

/// How N-day changes are sampled from a daily series.
public enum HorizonWindows: String, Hashable, Sendable {
  /// Every window `[i, i + N]`, i = 0, 1, 2, …: about n − N samples that overlap, so
  /// neighbouring samples are serially correlated (n / N of them are independent). Quantile
  /// and variance estimates remain consistent and are less noisy than non-overlapping ones.
  case overlapping
  /// Windows `[0, N], [N, 2N], …` aligned to the first observation: ⌊n / N⌋ independent
  /// samples; a final incomplete window is dropped.
  case nonOverlapping
}

/// The holding period of N-day risk metrics, in trading days (observations), e.g. the option
/// roll period (21 trading days ≈ one month).
public struct Horizon: Hashable, Sendable, CustomStringConvertible {
  /// Length of a window in observations (trading days), ≥ 1.
  public let tradingDays: Int
  /// How windows are laid over the series.
  public let windows: HorizonWindows

  /// - Throws: `AnalyticsError.invalidParameter` when `tradingDays < 1`.
  public init(tradingDays: Int, windows: HorizonWindows = .overlapping) throws(AnalyticsError) {
    guard tradingDays >= 1 else {
      throw .invalidParameter(
        name: "horizon", value: "\(tradingDays) trading days",
        condition: "at least 1 trading day (21 is about one month)")
    }
    self.tradingDays = tradingDays
    self.windows = windows
  }

  /// 21 trading days (about one calendar month, a monthly option roll), overlapping windows.
  public static let oneMonth = Horizon(unchecked: 21, windows: .overlapping)

  private init(unchecked tradingDays: Int, windows: HorizonWindows) {
    self.tradingDays = tradingDays
    self.windows = windows
  }

  /// "21-day".
  public var description: String { "\(tradingDays)-day" }
}

/// How a growth rate is annualised.
public enum GrowthBasis: Hashable, Sendable {
  /// By calendar time: years = calendar days from the first to the last value / 365.25
  /// (the mean Julian year), independent of how many days were observed.
  case calendarDays
  /// By observation count: years = number of returns / periods per year (the quantstats and
  /// empyrical convention).
  case tradingPeriods(PeriodsPerYear)
}
