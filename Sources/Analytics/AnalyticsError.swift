import MarketData

/// Everything the analytics inputs can get wrong, with the facts needed to fix it.
///
/// Messages follow the QuantLib pattern "<name> (<value>) must be <condition>", then say what
/// to do. Metrics themselves never throw for a short or constant series: they return `nil`
/// (documented per metric) instead of NaN. Only malformed inputs throw: series of different
/// lengths, unsorted days, non-finite or non-positive values, and out-of-range parameters.
public enum AnalyticsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// `series` has `count` values where `expected` were required (to pair with `reference`).
  case lengthMismatch(series: String, count: Int, expected: Int, reference: String)
  /// `series` has `day` at `index`, not after the `previous` day.
  case daysNotIncreasing(series: String, index: Int, day: Day, previous: Day)
  /// `series` has a non-finite value at `index`.
  case nonFiniteValue(series: String, index: Int, day: Day?, value: Double)
  /// An equity curve has a value ≤ 0 at `index`: simple returns are undefined from there on.
  case nonPositiveValue(series: String, index: Int, day: Day, value: Double)
  /// A simple return ≤ −1 (−100 %) at `index`: nothing is left to compound.
  case returnBelowTotalLoss(series: String, index: Int, day: Day?, value: Double)
  /// `series` has `day` at `index` where the reference series has `expected`.
  case misalignedDays(series: String, index: Int, day: Day, expected: Day, reference: String)
  /// A parameter outside its domain, e.g. a confidence level of 1.5.
  case invalidParameter(name: String, value: String, condition: String)

  public var description: String {
    switch self {
    case .lengthMismatch(let series, let count, let expected, let reference):
      return "length of \(series) (\(count)) must equal the length of \(reference) (\(expected));"
        + " align both series to the same trading days before computing paired metrics"
    case .daysNotIncreasing(let series, let index, let day, let previous):
      return "day \(index) of \(series) (\(day)) must be after the previous day (\(previous));"
        + " sort the series by date and remove duplicate dates"
    case .nonFiniteValue(let series, let index, let day, let value):
      return "value \(index)\(day.map { " (\($0))" } ?? "") of \(series) (\(value)) must be"
        + " finite; fix or drop the row that produced it"
    case .nonPositiveValue(let series, let index, let day, let value):
      return "value \(index) (\(day)) of \(series) (\(value)) must be positive: simple returns"
        + " are undefined once the portfolio is worth nothing; check the position sizing"
    case .returnBelowTotalLoss(let series, let index, let day, let value):
      return "return \(index)\(day.map { " (\($0))" } ?? "") of \(series) (\(value)) must be"
        + " greater than -1 (a loss of 100 %); check the units (decimals, not percent)"
    case .misalignedDays(let series, let index, let day, let expected, let reference):
      return "day \(index) of \(series) (\(day)) must equal day \(index) of \(reference)"
        + " (\(expected)); align both series to the same trading days"
    case .invalidParameter(let name, let value, let condition):
      return "\(name) (\(value)) must be \(condition)"
    }
  }
}
