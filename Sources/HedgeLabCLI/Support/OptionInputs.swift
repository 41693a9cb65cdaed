import ArgumentParser
import MarketData
import Pricing

/// `--type call|put` of the pricing commands.
enum OptionTypeArgument: String, ExpressibleByArgument, CaseIterable {
  case call
  case put

  var kind: OptionKind { self == .call ? .call : .put }
}

/// `--model bsm|black76` of `hedgelab price`.
enum PricingModelArgument: String, ExpressibleByArgument, CaseIterable {
  /// Black-Scholes-Merton on a spot with a continuous dividend yield.
  case bsm
  /// Black-76 on a forward or futures price.
  case black76
}

/// Flag checks shared by `hedgelab price` and `hedgelab implied-vol`: every message names the
/// flag and its value and says what to pass instead (these are usage errors, exit 64).
enum OptionInputs {
  /// Parses `--expiry`: a year fraction (`0.25`, `0.25y`) or a tenor in the syntax of every
  /// command (`Tenor.days`: `30d`, `2w`, `3m` = 91 days, `1y`), calendar days divided by 365.
  /// Returns the year fraction.
  static func expiry(_ text: String) throws -> Double {
    let trimmed = text.trimmingWhitespace().lowercased()
    if let unit = trimmed.last, "dwm".contains(unit), let days = Tenor.days(trimmed) {
      return Double(days) / 365
    }
    var number = Substring(trimmed)
    var divisor = 1.0
    if number.hasSuffix("d") {
      number = number.dropLast()
      divisor = 365
    } else if number.hasSuffix("y") {
      number = number.dropLast()
    }
    guard let value = Double(number), value.isFinite else {
      throw ValidationError(
        "--expiry (\(text)) must be a year fraction such as 0.25 or a tenor such as 30d, 2w, 3m "
          + "or 1y (calendar days / 365; 3m = 91 days)")
    }
    guard value >= 0 else {
      throw ValidationError(
        "--expiry (\(text)) must not be negative; pass the time left to expiry, e.g. 0.25 or 30d")
    }
    return value / divisor
  }

  /// A price level (spot, strike, forward): finite and > 0.
  static func positive(_ value: Double, flag: String, what: String) throws {
    guard value.isFinite, value > 0 else {
      throw ValidationError("\(flag) (\(value)) must be positive; pass \(what)")
    }
  }

  /// A volatility: decimal, finite, ≥ 0; values above 5 (500 %) are taken to be percentages.
  static func volatility(_ value: Double, flag: String = "--vol") throws {
    guard value.isFinite, value >= 0 else {
      throw ValidationError(
        "\(flag) (\(value)) must be zero or positive; pass the annualised volatility as a decimal, e.g. 0.2 for 20 %")
    }
    guard value <= 5 else {
      throw ValidationError(
        "\(flag) (\(value)) must be a decimal (at most 5, i.e. 500 %); for \(value) % pass \(value / 100)")
    }
  }

  /// A continuously compounded rate or yield: decimal, |value| ≤ 1 (larger looks like percent).
  static func rate(_ value: Double, flag: String) throws {
    guard value.isFinite, abs(value) <= 1 else {
      throw ValidationError(
        "\(flag) (\(value)) must be a decimal between -1 and 1; for \(value) % pass \(value / 100)")
    }
  }
}

extension PricingError: UserFacingError {
  /// 65 when no volatility fits a price (bad data), 64 for inputs outside their domain,
  /// 1 for a solver that did not converge (a bug).
  public var exitStatus: Int32 {
    switch self {
    case .invalidInput: return ExitStatus.usage
    case .noImpliedVolatility, .emptySurface, .duplicateSurfacePoint: return ExitStatus.dataError
    case .impliedVolatilityNotConverged: return ExitStatus.failure
    }
  }
}

extension String {
  fileprivate func trimmingWhitespace() -> String {
    var s = Substring(self)
    while s.first?.isWhitespace == true { s = s.dropFirst() }
    while s.last?.isWhitespace == true { s = s.dropLast() }
    return String(s)
  }
}
