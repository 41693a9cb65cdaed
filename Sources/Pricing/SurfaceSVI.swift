import RealModule

/// The surface SVI (SSVI) smile of Gatheral and Jacquier: total implied variance as a function
/// of log-moneyness and of the at-the-money total variance.
///
/// `w(k, θ) = θ/2 · (1 + ρ·φ(θ)·k + √((φ(θ)·k + ρ)² + 1 − ρ²))`, with
/// `φ(θ) = η / (θ^γ · (1 + θ)^{1−γ})` (the "power-law" curvature function),
/// where `k = ln(K/F)` is the log of strike over forward, `θ = σ_atm²·T` the at-the-money total
/// variance (decimal², years) and `w = σ(k)²·T`. Volatilities are decimal and annualised.
///
/// - `ρ` (rho, in (−1, 1)) tilts the smile: negative for equity put skews, positive for the
///   call skews crypto markets show in rallies.
/// - `η` (eta, > 0) sets its curvature, `γ` (gamma, in (0, ½]) how it flattens with tenor.
///
/// Mathematical properties (Gatheral & Jacquier, "Arbitrage-free SVI volatility surfaces",
/// Quantitative Finance 14(1), 2014, §4):
/// - `w(0, θ) = θ`: the at-the-money total variance is reproduced exactly.
/// - ATM skew: `∂σ/∂k = ρ·φ(θ)·√θ / (2√T)`; for γ = ½ and small θ that is `≈ ρη / (2√T)`, so the
///   skew in log-moneyness decays like `1/√T`, as equity index skews do, and the smile is a fixed
///   shape in the normalised moneyness `k/√θ = k/(σ_atm√T)`.
/// - Wings: `w` is asymptotically linear in `|k|` with slopes `θφ(1 ± ρ)/2`, within Roger Lee's
///   moment bound of 2.
/// - No calendar arbitrage when θ does not decrease with T (Theorem 4.1: `θφ(θ)` is
///   non-decreasing for this φ); no butterfly arbitrage when `θφ(1+|ρ|) < 4` and
///   `θφ²(1+|ρ|) ≤ 4` (Theorem 4.2), which for this φ with γ ≤ ½ holds for every θ exactly
///   when `η(1 + |ρ|) ≤ 2` (``isFreeOfStaticArbitrage``).
public struct SurfaceSVI: Sendable, Hashable, Codable {
  /// Skew parameter ρ, in (−1, 1).
  public var rho: Double
  /// Curvature level η, > 0.
  public var eta: Double
  /// Curvature decay γ, in (0, ½].
  public var gamma: Double

  public init(rho: Double, eta: Double, gamma: Double = 0.5) {
    self.rho = rho
    self.eta = eta
    self.gamma = gamma
  }

  /// Default S&P 500 smile: ρ = −0.7, η = 1.0, γ = ½.
  ///
  /// γ = ½ gives the 1/√T skew term structure of equity index smiles; ρ = −0.7 is a typical
  /// equity-index correlation-like skew parameter; η = 1.0 keeps `η(1+|ρ|) = 1.7` inside
  /// Gatheral & Jacquier's no-arbitrage bound of 2. These are modelling choices checked against
  /// outcomes, not a fit to option quotes (none ship with HedgeLab): at a one-month ATM of 17 %
  /// the ATM skew `ρη/(2√T)` is −1.2 per unit of ln(K/F) and the 30-day variance swap sits
  /// 2.5–3 volatility points above the ATM (VS/ATM variance ratio 1.37–1.45 for θ below 0.01);
  /// calibrated to VIX over 1990–2021 the ATM averages 3.06 points below VIX and the Cboe
  /// strategy benchmarks' stylised facts hold (`Scenarios/README.md`).
  public static let spxDefault = SurfaceSVI(rho: -0.7, eta: 1.0, gamma: 0.5)

  /// True when the sufficient conditions of Gatheral & Jacquier (2014, Corollary 4.1 with the
  /// power-law φ) for a surface free of static arbitrage hold: |ρ| < 1, η > 0,
  /// 0 < γ ≤ ½ and η(1 + |ρ|) ≤ 2.
  public var isFreeOfStaticArbitrage: Bool {
    abs(rho) < 1 && eta > 0 && gamma > 0 && gamma <= 0.5 && eta * (1 + abs(rho)) <= 2 + 1e-12
  }

  /// φ(θ) = η / (θ^γ (1+θ)^{1−γ}), for θ > 0.
  @inlinable
  public func curvature(_ theta: Double) -> Double {
    if gamma == 0.5 { return eta / (theta * (1 + theta)).squareRoot() }
    return eta / (Double.pow(theta, gamma) * Double.pow(1 + theta, 1 - gamma))
  }

  /// Total implied variance `w(k, θ)` (decimal² · years) at log-moneyness `k = ln(K/F)` given
  /// the at-the-money total variance `θ > 0`.
  @inlinable
  public func totalVariance(logMoneyness k: Double, atTheMoneyTotalVariance theta: Double) -> Double {
    totalVariance(logMoneyness: k, atTheMoneyTotalVariance: theta, curvature: curvature(theta))
  }

  /// Total implied variance `w(k, θ)` given θ and its curvature `φ = φ(θ)` already computed
  /// (``VarianceSwapCalibration/atTheMoney(varianceSwapTotalVariance:)`` returns both).
  @inlinable @inline(__always)
  public func totalVariance(logMoneyness k: Double, atTheMoneyTotalVariance theta: Double, curvature phi: Double) -> Double {
    let phiK = phi * k
    let x = phiK + rho
    return 0.5 * theta * (1 + rho * phiK + (x * x + (1 - rho * rho)).squareRoot())
  }

  /// The implied volatility (decimal, annualised) at `k = ln(K/F)` for an expiry `T` years away
  /// whose at-the-money volatility is `atTheMoney`.
  @inlinable
  public func volatility(logMoneyness k: Double, atTheMoney: Double, timeToExpiry T: Double) -> Double {
    let theta = atTheMoney * atTheMoney * T
    guard theta > 0 else { return atTheMoney }
    return (totalVariance(logMoneyness: k, atTheMoneyTotalVariance: theta) / T).squareRoot()
  }
}
