import Foundation

/// The unit in which a file quotes volatilities, rates or yields.
public enum ValueUnit: String, Sendable, Codable, CaseIterable {
  /// Decimal: 0.1724 means 17.24 % a year. Stored as read.
  case decimal
  /// Percentage points: 17.24 means 17.24 % a year. Read with the decimal point moved two
  /// places, so 17.24 is stored as exactly the double nearest to 0.1724.
  case percent
}

/// Whether values quoted in a declared unit are plausible for their kind: the one check,
/// in both directions, behind ``IngestError/implausibleUnit(path:kind:column:declared:looksLike:median:largest:)``.
///
/// Judged on the magnitudes as written in the file (before conversion), over the first
/// 10,000 values:
///
/// | kind | declared decimal: looks like percent when | declared percent: looks like decimals when |
/// | --- | --- | --- |
/// | implied volatility | median > 2 (200 % a year) | median < 1 (1 % a year) |
/// | rate | median > 1 (100 % a year) | every value < 0.25 (0.25 % a year) |
/// | dividend yield | median > 1 (100 % a year) | every value < 0.2 (0.2 % a year) |
///
/// Real rates can stay below 0.25 % for years (US bills 2009–2015): such a file in percent
/// needs `--force-unit`.
public struct UnitPlausibility: Sendable {
  /// Above this median, decimals are implausible.
  public let largestDecimalMedian: Double
  /// Percent values are implausible when the median is below `smallestPercentMedian` or
  /// every value is below `smallestPercentLargest`.
  public let smallestPercentMedian: Double
  public let smallestPercentLargest: Double

  /// The rule for `kind`; `nil` for kinds without a unit (prices, cash dividends).
  public init?(kind: SeriesKind) {
    switch kind {
    case .impliedVolatility: (largestDecimalMedian, smallestPercentMedian, smallestPercentLargest) = (2, 1, 0)
    case .rate: (largestDecimalMedian, smallestPercentMedian, smallestPercentLargest) = (1, 0, 0.25)
    case .dividendYield: (largestDecimalMedian, smallestPercentMedian, smallestPercentLargest) = (1, 0, 0.2)
    case .price, .dividendCash: return nil
    }
  }

  /// The unit the values look like when it is not `declared`, else `nil`.
  public func implausible(declared: ValueUnit, median: Double, largest: Double) -> ValueUnit? {
    switch declared {
    case .decimal: return median > largestDecimalMedian ? .percent : nil
    case .percent: return median < smallestPercentMedian || largest < smallestPercentLargest ? .decimal : nil
    }
  }
}

/// How a file's interest rates are compounded; every rate is converted to continuous
/// compounding when stored, with the year fraction `τ = tenorDays / 365`.
public enum RateConvention: String, Sendable, Codable, CaseIterable {
  /// Already continuously compounded: `r_c = r`.
  case continuous
  /// Simple (money-market) interest over the tenor: `1 + r·τ = exp(r_c·τ)`, so
  /// `r_c = ln(1 + r·τ) / τ`.
  case simple
  /// US Treasury bond-equivalent yield, as FRED's constant-maturity series (GS3M, DGS3MO) are
  /// quoted. For a bill of at most 182 days the bond-equivalent (investment) yield is simple
  /// interest on an actual/365 basis, so `r_c = ln(1 + r·τ) / τ`; for longer tenors it is
  /// compounded twice a year, `r_c = 2·ln(1 + r/2)` (Fabozzi, *Bond Markets, Analysis and
  /// Strategies*, on bond-equivalent yields; US Treasury, *Interest Rate Statistics*).
  case bondEquivalent = "bond-equivalent"
  /// Compounded once a year: `r_c = ln(1 + r)`.
  case annual

  /// The continuously compounded equivalent of the decimal rate `rate` quoted in this
  /// convention for a tenor of `tenorDays` calendar days; `nil` when it has none (`1 + r·τ ≤ 0`).
  public func continuouslyCompounded(_ rate: Double, tenorDays: Int) -> Double? {
    let tau = Double(tenorDays) / 365
    let growth: Double
    switch self {
    case .continuous: return rate
    case .simple:
      growth = 1 + rate * tau
      guard growth > 0 else { return nil }
      return Foundation.log(growth) / tau
    case .bondEquivalent:
      if tenorDays <= 182 {
        growth = 1 + rate * tau
        guard growth > 0 else { return nil }
        return Foundation.log(growth) / tau
      }
      growth = 1 + rate / 2
      guard growth > 0 else { return nil }
      return 2 * Foundation.log(growth)
    case .annual:
      growth = 1 + rate
      guard growth > 0 else { return nil }
      return Foundation.log(growth)
    }
  }
}

/// Tenors written as `30d`, `2w`, `3m`, `1y` or a bare number of days.
public enum Tenor {
  /// Calendar days of a tenor: `Nd` = N, `Nw` = 7N, `Nm` = N·365/12 rounded to the nearest
  /// day (1m = 30, 3m = 91, 6m = 183), `Ny` = 365N; `nil` for anything else or for zero.
  public static func days(_ text: String) -> Int? {
    let t = text.trimmingCharacters(in: .whitespaces).lowercased()
    guard let last = t.last else { return nil }
    let unit: Character = last.isLetter ? last : "d"
    let number = last.isLetter ? String(t.dropLast()) : t
    guard let n = Int(number), n > 0, n <= 36_500 else { return nil }
    switch unit {
    case "d": return n
    case "w": return 7 * n
    case "m": return (n * 365 + 6) / 12  // n·365/12 rounded half up, exact on integers
    case "y": return 365 * n
    default: return nil
    }
  }
}

/// How to read one CSV file into the database: what it holds, where each field is, and in
/// which units.
///
/// Column names match the header case-insensitively, ignoring surrounding blanks. When a
/// column flag is absent, conventional names are tried (see each property).
public struct IngestOptions: Sendable, Codable, Equatable {
  /// Long (one observation per row) or wide (one column per symbol) layout.
  public enum Layout: String, Sendable, Codable, CaseIterable {
    /// A date column, an optional symbol column and value columns.
    case long
    /// A date column and one value column per symbol, named by the symbol; empty cells are
    /// missing values.
    case wide
  }

  /// What the file holds.
  public var kind: SeriesKind
  public var layout: Layout = .long
  /// The date column; default: `date`, `day`, `month`, `ex_date` or `exdate`, else the first.
  public var dateColumn: String?
  public var dateFormat: DateFormat = .iso
  /// One symbol (or rate name) for every row of a long file without a symbol column.
  public var symbol: String?
  /// The symbol column of a long file; default: `symbol` or `ticker` when present.
  public var symbolColumn: String?
  /// The value column of a long file: the close for prices, the volatility, rate, yield or
  /// amount otherwise. Default: `close` for prices; for other kinds a column named `iv`,
  /// `volatility`, `rate`, `yield`, `amount` or `value`, else the only remaining column.
  public var valueColumn: String?
  /// Optional open/high/low/volume columns of a price file; default: `open`, `high`, `low`,
  /// `volume` when present.
  public var openColumn: String?
  public var highColumn: String?
  public var lowColumn: String?
  public var volumeColumn: String?
  /// One tenor in calendar days for every row (implied volatility, rates).
  public var tenorDays: Int?
  /// The tenor column (integer calendar days); default: `tenor_days` or `tenor` when present.
  public var tenorColumn: String?
  /// One moneyness (strike / spot) for every row (implied volatility).
  public var moneyness: Double?
  /// The moneyness column; default: `moneyness` when present.
  public var moneynessColumn: String?
  /// The unit of volatilities, rates and yields. Required for rates and dividend yields; for
  /// implied volatilities `nil` means decimal, unless the values look like percentage points,
  /// which is refused.
  public var unit: ValueUnit?
  /// Store the values in `unit` even when they look like the other unit (see
  /// ``UnitPlausibility``), e.g. percent rates that stayed near zero.
  public var forceUnit: Bool = false
  /// How rates are compounded (required for rates).
  public var rateConvention: RateConvention?
  /// Store the valid rows and reject the others (written to `rejectsPath`), instead of
  /// aborting the whole file at the first invalid row.
  public var skipInvalid: Bool = false
  /// Where to write rejected rows as CSV (`line,column,reason,record`), with `skipInvalid`.
  public var rejectsPath: String?
  /// Free text stored in the catalogue's `notes`; default: a description of the conversion.
  public var notes: String?

  public init(kind: SeriesKind) { self.kind = kind }
}
