import Pricing
import MarketData

/// A scenario's `paths:` section: run every program over simulated paths of the first
/// underlying instead of its history (see `Scenarios/README.md`, "`paths`").
///
/// Units: `spot` in currency; `drift` the expected total return (price change plus
/// dividends), decimal per year, continuously compounded; volatilities annualised decimals;
/// variances annualised decimal variances (0.04 = 20 % vol); jump intensity per year.
/// Steps: one model step per day of the synthetic calendar (``PathSetRunner/calendar(_:count:)``:
/// weekdays, 252 to a calendar year, or every calendar day for 365); the model's time step is
/// `1 / steps-per-year` years.
public struct PathsSpec: Sendable, Equatable, Decodable {
  /// The path generator and its parameters (the `model:` and `parameters:` keys).
  public enum Model: Sendable, Equatable {
    /// Geometric Brownian motion with volatility σ.
    case gbm(volatility: Double)
    /// Heston stochastic variance (full truncation).
    case heston(
      initialVariance: Double, meanReversion: Double, longRunVariance: Double,
      volatilityOfVariance: Double, correlation: Double)
    /// Merton jump-diffusion: diffusion σ, jumps per year λ, log jump size N(m, δ²).
    case merton(volatility: Double, jumpIntensity: Double, jumpMean: Double, jumpVolatility: Double)
    /// Block bootstrap of the first underlying's daily history (and its implied-volatility
    /// changes) over the scenario's `period`, read from the database.
    case bootstrap(HistoricalBootstrap.BlockScheme)

    /// The `model:` word.
    public var name: ModelName {
      switch self {
      case .gbm: return .gbm
      case .heston: return .heston
      case .merton: return .merton
      case .bootstrap: return .bootstrap
      }
    }
  }

  /// The words of `model:`.
  public enum ModelName: String, Sendable, Equatable, CaseIterable {
    case gbm, heston, merton, bootstrap
  }

  /// How long each path is.
  public enum Horizon: Sendable, Equatable {
    /// Years of the model (`round(years × steps-per-year)` steps).
    case years(Double)
    /// Steps (trading days with 252 steps a year, calendar days with 365).
    case days(Int)
  }

  /// Implied volatility along a path.
  public enum ImpliedVolatility: Sendable, Equatable {
    /// From the model, plus `premium` (decimal vol: 0.02 = 2 vol points): Heston
    /// `√(θ + (v⁺ − θ)(1 − e^{−κτ})/(κτ))` with τ = `tenorDays`/365 (τ = 0: `√v⁺`); GBM σ;
    /// Merton `√(σ² + λ(m² + δ²))`; bootstrap the resampled historical implied volatility.
    case model(premium: Double, tenorDays: Int)
    /// The same volatility (decimal) every day of every path.
    case constant(Double)
  }

  public var model: Model
  /// Number of paths (≥ 2: distributions and paired comparisons need two).
  public var count: Int
  public var horizon: Horizon
  /// Model steps per year; `nil`: the calendar's (252 for `trading-days`, 365 for
  /// `calendar-365`).
  public var stepsPerYear: Int?
  /// The seed of every path's random stream (path p uses stream p).
  public var seed: UInt64
  /// S₀ in currency; `nil`: 100, or the last close of the history for `bootstrap`.
  public var spot: Double?
  /// μ, decimal per year; `nil`: the constant `data.rate` (risk-neutral). Unused by
  /// `bootstrap`, whose returns are the history's.
  public var drift: Double?
  /// `nil`: `data.volatility.<symbol>` when it is a constant, else the model's.
  public var impliedVolatility: ImpliedVolatility?

  enum Keys: String, CodingKey, CaseIterable {
    case model, parameters, count
    case horizonYears = "horizon-years"
    case horizonDays = "horizon-days"
    case stepsPerYear = "steps-per-year"
    case seed, spot, drift
    case impliedVolatility = "implied-volatility"
  }
  enum GBMKeys: String, CodingKey, CaseIterable { case volatility }
  enum HestonKeys: String, CodingKey, CaseIterable {
    case initialVariance = "initial-variance"
    case meanReversion = "mean-reversion"
    case longRunVariance = "long-run-variance"
    case volatilityOfVariance = "vol-of-variance"
    case correlation
  }
  enum MertonKeys: String, CodingKey, CaseIterable {
    case volatility
    case jumpIntensity = "jump-intensity"
    case jumpMean = "jump-mean"
    case jumpVolatility = "jump-volatility"
  }
  enum BootstrapKeys: String, CodingKey, CaseIterable {
    case blockLength = "block-length"
    case meanBlockLength = "mean-block-length"
  }

  public init(
    model: Model, count: Int, horizon: Horizon, stepsPerYear: Int? = nil, seed: UInt64 = 1,
    spot: Double? = nil, drift: Double? = nil, impliedVolatility: ImpliedVolatility? = nil
  ) {
    self.model = model
    self.count = count
    self.horizon = horizon
    self.stepsPerYear = stepsPerYear
    self.seed = seed
    self.spot = spot
    self.drift = drift
    self.impliedVolatility = impliedVolatility
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    let name = try c.choice(.model, ModelName.self)
    guard c.contains(.parameters) else {
      throw c.issue(.parameters, .missing(expected: Self.parameterHint(name)))
    }
    let p = try c.nestedDecoder(.parameters)
    let volatility = Condition.within(0.001, 5, "decimal: 0.2 is 20 % a year")
    switch name {
    case .gbm:
      let g = try p.strictContainer(keyedBy: GBMKeys.self)
      model = .gbm(volatility: try g.number(.volatility, volatility))
    case .heston:
      let h = try p.strictContainer(keyedBy: HestonKeys.self)
      let variance = Condition.within(0, 4, "a variance: 0.04 is 20 % vol")
      model = .heston(
        initialVariance: try h.number(.initialVariance, variance),
        meanReversion: try h.number(.meanReversion, .within(0, 50, "per year")),
        longRunVariance: try h.number(.longRunVariance, variance),
        volatilityOfVariance: try h.number(.volatilityOfVariance, .within(0, 5)),
        correlation: try h.number(.correlation, .within(-1, 1)))
    case .merton:
      let m = try p.strictContainer(keyedBy: MertonKeys.self)
      model = .merton(
        volatility: try m.number(.volatility, volatility),
        jumpIntensity: try m.number(.jumpIntensity, .within(0, 252, "jumps per year")),
        jumpMean: try m.number(.jumpMean, .within(-2, 2, "mean log jump size: -0.1 is about -10 %")),
        jumpVolatility: try m.number(.jumpVolatility, .within(0, 2, "std of the log jump size")))
    case .bootstrap:
      let b = try p.strictContainer(keyedBy: BootstrapKeys.self)
      switch try b.exactlyOne(of: [.blockLength, .meanBlockLength]) {
      case .blockLength:
        model = .bootstrap(.fixed(length: try b.integer(.blockLength, in: 1...2520)))
      default:
        model = .bootstrap(
          .stationary(meanLength: try b.number(.meanBlockLength, .within(1, 2520, "days"))))
      }
    }
    count = try c.integer(.count, in: 2...1_000_000)
    switch try c.exactlyOne(of: [.horizonYears, .horizonDays]) {
    case .horizonYears:
      horizon = .years(try c.number(.horizonYears, .within(0.01, 50, "years")))
    default:
      horizon = .days(try c.integer(.horizonDays, in: 1...12_600))
    }
    stepsPerYear = try c.optionalInteger(.stepsPerYear, in: 1...100_000)
    if let n = stepsPerYear, n != 252, n != 365 {
      throw c.issue(
        .stepsPerYear,
        .outOfRange(
          value: String(n),
          condition: "252 (weekday steps, calendar: trading-days) or 365 (every day, calendar: calendar-365)"))
    }
    let seedValue = try c.optionalInteger(.seed, in: 0...Int.max) ?? 1
    seed = UInt64(seedValue)
    spot = try c.optionalNumber(.spot, .positive)
    drift = try c.optionalNumber(.drift, .within(-1, 1, "decimal per year: 0.05 is 5 %"))
    if drift != nil, case .bootstrap = model {
      throw c.issue(
        .drift, .invalid("a bootstrap replays the history's returns and has no drift; remove drift"))
    }
    impliedVolatility =
      c.contains(.impliedVolatility)
      ? try Self.decodeVolatility(c.nestedDecoder(.impliedVolatility)) : nil
  }

  enum VolatilityKeys: String, CodingKey, CaseIterable { case model, constant }
  enum PremiumKeys: String, CodingKey, CaseIterable {
    case premium
    case tenorDays = "tenor-days"
  }

  static func decodeVolatility(_ decoder: any Decoder) throws -> ImpliedVolatility {
    if let value = try? decoder.singleValueContainer().decode(Double.self) {
      guard value.isFinite, value >= 0.001, value <= 5 else {
        throw ScenarioIssue(
          codingPath: decoder.codingPath,
          problem: .outOfRange(
            value: formatNumber(value), condition: "in [0.001, 5] (decimal: 0.2 is 20 % a year)"))
      }
      return .constant(value)
    }
    if let word = try? decoder.singleValueContainer().decode(String.self) {
      guard word == "model" else {
        throw ScenarioIssue(
          codingPath: decoder.codingPath,
          problem: .unknownChoice(value: word, choices: ["model", "a number", "{constant: …}", "{model: {premium: …}}"]))
      }
      return .model(premium: 0, tenorDays: 0)
    }
    let c = try decoder.strictContainer(keyedBy: VolatilityKeys.self)
    switch try c.exactlyOne(of: [.model, .constant]) {
    case .constant:
      return .constant(try c.number(.constant, .within(0.001, 5, "decimal: 0.2 is 20 % a year")))
    default:
      let inner = try c.nestedDecoder(.model)
      if let word = try? inner.singleValueContainer().decode(String.self), word.isEmpty || word == "~" {
        return .model(premium: 0, tenorDays: 0)
      }
      let m = try inner.strictContainer(keyedBy: PremiumKeys.self)
      return .model(
        premium: try m.number(.premium, default: 0, .within(-0.5, 1, "decimal vol: 0.02 is 2 vol points")),
        tenorDays: try m.integer(.tenorDays, in: 0...3650, default: 0))
    }
  }

  static func parameterHint(_ name: ModelName) -> String {
    switch name {
    case .gbm: return "a mapping with volatility"
    case .heston:
      return "a mapping with initial-variance, mean-reversion, long-run-variance, vol-of-variance, correlation"
    case .merton: return "a mapping with volatility, jump-intensity, jump-mean, jump-volatility"
    case .bootstrap: return "a mapping with block-length or mean-block-length (days)"
    }
  }

  /// The number of steps of every path at `stepsPerYear` steps a year.
  public func steps(stepsPerYear: Int) -> Int {
    switch horizon {
    case .years(let y): return Int(clamping: y * Double(stepsPerYear), .toNearestOrAwayFromZero)
    case .days(let d): return d
    }
  }
}
