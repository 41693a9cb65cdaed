import Pricing

/// An implied-volatility source built from a level and an SSVI smile: the volatility model of
/// `data.volatility.X` when it is written with `series:`, `realised:` or `constant:` plus
/// `smile:` (see `Scenarios/README.md`, "Volatility model").
///
/// Each day the level gives the **variance-swap variance** `V₀` at the reference tenor `T₀`
/// (decimal², annualised):
/// - `kind: variance-swap` (VIX, VXN, a crypto DVOL): `V₀ = level²`. The day's smile level is
///   then calibrated so that the smile's replicated variance swap (``VarianceSwap``) equals
///   `V₀`: the at-the-money volatility falls out below the index by an amount set by the skew.
/// - `kind: atm` (an at-the-money implied volatility, like the 20 stocks' 3-month IVs): the
///   ATM total variance at `T₀` is `level²·T₀`, and `V₀` is that smile's variance swap.
/// - `realised: {window-days, premium}`: `V₀ = σ_realised² + premium`, with σ_realised the
///   sample volatility of the last `window-days` daily log returns (annualised by the
///   calendar's steps per year) and `premium` a constant variance premium (decimal²).
/// `scale` and `offset` adjust the level before that: `level' = scale·level + offset`.
///
/// **Term structure** for other tenors T: the expected average variance of a mean-reverting
/// variance (the Heston variance-swap curve), `V(T) = L + (v₀ − L)·a(T)`,
/// `a(T) = (1 − e^{−κT})/(κT)`, with the instantaneous variance `v₀ = L + (V₀ − L)/a(T₀)`
/// (floored at 0), the speed κ (`term-structure.mean-reversion`, per year; default 1.15, the
/// risk-neutral κ of Bakshi, Cao & Chen, "Empirical performance of alternative option pricing
/// models", Journal of Finance 52, 1997, S&P 500 options) and the long-run variance L
/// (`term-structure.long-run`: the trailing mean of `V₀` over `window-days` steps, default 252,
/// or a fixed volatility). The option's smile is the SSVI smile whose variance swap at T is
/// `V(T)·T`, so θ(T) never decreases and the surface has no calendar arbitrage.
public struct SmileVolatility: Sendable, Equatable {
  /// Where the daily level comes from.
  public enum Level: Sendable, Equatable {
    /// A stored IV series (decimal; its tenor is `tenorDays`).
    case series(String)
    /// Realised volatility over the last `windowDays` returns plus a variance premium.
    case realised(windowDays: Int, variancePremium: Double)
    /// One level for every day (decimal, annualised).
    case constant(Double)
  }

  /// What the level measures.
  public enum Kind: String, Sendable, Equatable, CaseIterable {
    /// An at-the-money implied volatility at `tenorDays`.
    case atTheMoney = "atm"
    /// A variance-swap volatility index at `tenorDays` (VIX-like: √(K_var)).
    case varianceSwap = "variance-swap"
  }

  /// The long-run variance L of the term structure.
  public enum LongRun: Sendable, Equatable {
    /// The mean of the daily variance-swap variance over the last N steps (up to today).
    case trailing(days: Int)
    /// A fixed variance-swap volatility (decimal).
    case fixed(Double)
  }

  public var level: Level
  public var kind: Kind
  /// The level's own tenor, calendar days (30 for VIX, 91 for a 3-month IV).
  public var tenorDays: Int
  public var scale: Double
  /// Added to the level after `scale` (decimal volatility).
  public var offset: Double
  public var smile: SurfaceSVI
  /// κ, per year.
  public var meanReversion: Double
  public var longRun: LongRun

  public init(
    level: Level, kind: Kind, tenorDays: Int = 30, scale: Double = 1, offset: Double = 0,
    smile: SurfaceSVI = .spxDefault, meanReversion: Double = 1.15,
    longRun: LongRun = .trailing(days: 252)
  ) {
    self.level = level
    self.kind = kind
    self.tenorDays = tenorDays
    self.scale = scale
    self.offset = offset
    self.smile = smile
    self.meanReversion = meanReversion
    self.longRun = longRun
  }

  /// One line for reports: the level, its kind and tenor, the adjustments.
  public var sourceDescription: String {
    var text: String
    switch level {
    case .series(let name):
      text = "\(name), \(kind == .varianceSwap ? "a variance-swap index" : "an at-the-money implied volatility") at \(tenorDays) d"
    case .realised(let window, let premium):
      text = "realised volatility over \(window) returns plus a variance premium of \(formatNumber(premium)) (a variance-swap level at \(tenorDays) d)"
    case .constant(let value):
      text = "constant \(formatNumber(value)) (\(kind == .varianceSwap ? "variance-swap" : "at-the-money") at \(tenorDays) d)"
    }
    if scale != 1 { text += ", scaled by \(formatNumber(scale))" }
    if offset != 0 { text += ", offset \(formatNumber(offset))" }
    return text
  }

  /// One line for reports: the smile and the term structure.
  public var modelDescription: String {
    let longRunText: String
    switch longRun {
    case .trailing(let days): longRunText = "the trailing \(days)-step mean of the variance-swap variance"
    case .fixed(let σ): longRunText = "\(formatNumber(σ)) (variance-swap volatility)"
    }
    return "SSVI smile ρ = \(formatNumber(smile.rho)), η = \(formatNumber(smile.eta)), γ = \(formatNumber(smile.gamma)) "
      + "(Gatheral & Jacquier 2014); term structure: variance mean-reverting at κ = \(formatNumber(meanReversion))/yr to \(longRunText)"
  }

  enum Keys: String, CodingKey, CaseIterable {
    case series, realised, constant, kind, smile, scale, offset
    case tenorDays = "tenor-days"
    case termStructure = "term-structure"
  }
  enum SmileKeys: String, CodingKey, CaseIterable { case rho, eta, gamma }
  enum TermKeys: String, CodingKey, CaseIterable {
    case meanReversion = "mean-reversion"
    case longRun = "long-run"
    case windowDays = "window-days"
  }
  enum RealisedKeys: String, CodingKey, CaseIterable {
    case windowDays = "window-days"
    case premium
  }

  init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    switch try c.exactlyOne(of: [.series, .realised, .constant]) {
    case .series:
      level = .series(try c.text(.series, expected: "an IV series name, e.g. VIX"))
      guard c.contains(.kind) else {
        throw c.issue(.kind, .missing(expected: "atm (an at-the-money vol, like a stock's 3-month IV) or variance-swap (a VIX-like index)"))
      }
      kind = try c.choice(.kind, Kind.self)
      guard c.contains(.tenorDays) else {
        throw c.issue(.tenorDays, .missing(expected: "the series' own tenor in calendar days: 30 for VIX, 91 for a 3-month IV"))
      }
      tenorDays = try c.integer(.tenorDays, in: 1...3650)
    case .realised:
      if c.contains(.kind) {
        throw c.issue(.kind, .invalid("realised volatility plus a premium is a variance-swap level; remove kind"))
      }
      let r = try c.nestedDecoder(.realised).strictContainer(keyedBy: RealisedKeys.self)
      level = .realised(
        windowDays: try r.integer(.windowDays, in: 2...2520, default: 21),
        variancePremium: try r.number(.premium, default: 0, .within(-0.25, 1, "decimal²: 0.01 adds 10 % vol in quadrature")))
      kind = .varianceSwap
      tenorDays = try c.integer(.tenorDays, in: 1...3650, default: 30)
    default:
      level = .constant(try c.number(.constant, .within(0.001, 5, "decimal: 0.2 is 20 % a year")))
      kind = try c.choice(.kind, Kind.self, default: .atTheMoney)
      tenorDays = try c.integer(.tenorDays, in: 1...3650, default: 30)
    }
    scale = try c.number(.scale, default: 1, .within(0.01, 10))
    offset = try c.number(.offset, default: 0, .within(-1, 1, "decimal volatility: -0.02 is two points lower"))
    if c.contains(.smile) {
      let s = try c.nestedDecoder(.smile).strictContainer(keyedBy: SmileKeys.self)
      let rho = try s.number(.rho, default: SurfaceSVI.spxDefault.rho, .within(-0.999, 0.999, "negative for a put skew"))
      let eta = try s.number(.eta, default: SurfaceSVI.spxDefault.eta, .within(1e-6, 2, "the smile's curvature"))
      let gamma = try s.number(.gamma, default: 0.5, .within(0.01, 0.5))
      guard eta * (1 + abs(rho)) <= 2 + 1e-12 else {
        throw ScenarioIssue(
          codingPath: s.codingPath + [SmileKeys.eta],
          problem: .outOfRange(
            value: formatNumber(eta),
            condition: "at most 2/(1+|rho|) = \(formatNumber(2 / (1 + abs(rho)))), or the smile admits butterfly arbitrage (Gatheral & Jacquier 2014)"))
      }
      smile = SurfaceSVI(rho: rho, eta: eta, gamma: gamma)
    } else {
      smile = .spxDefault
    }
    if c.contains(.termStructure) {
      let t = try c.nestedDecoder(.termStructure).strictContainer(keyedBy: TermKeys.self)
      meanReversion = try t.number(.meanReversion, default: 1.15, .within(0.01, 50, "per year"))
      if let fixed = try? t.decodeIfPresent(Double.self, forKey: .longRun) {
        if t.contains(.windowDays) {
          throw t.issue(.windowDays, .invalid("a fixed long-run level has no window; remove window-days"))
        }
        guard fixed.isFinite, fixed >= 0.01, fixed <= 5 else {
          throw t.issue(.longRun, .outOfRange(value: formatNumber(fixed), condition: "in [0.01, 5] (a variance-swap volatility, decimal) or 'trailing'"))
        }
        longRun = .fixed(fixed)
      } else {
        if let text = try t.decodeIfPresent(String.self, forKey: .longRun), text != "trailing" {
          throw t.issue(.longRun, .unknownChoice(value: text, choices: ["trailing", "a volatility such as 0.2"]))
        }
        longRun = .trailing(days: try t.integer(.windowDays, in: 1...10_000, default: 252))
      }
    } else {
      meanReversion = 1.15
      longRun = .trailing(days: 252)
    }
  }
}
