/// Solves `b(x, s) = β` for the total volatility `s = σ√T` of an out-of-the-money call.
///
/// The method (ours, built on the analysis in Jäckel, "Let's Be Rational", Wilmott 2015):
/// 1. Split at the inflection point `s_c = √(2|x|)` of s ↦ b(x, s): b is convex below it and
///    concave above it, and `b_c = b(x, s_c)` costs a single erfcx.
/// 2. Below it, solve `ln b(s) = ln β`; above it, `ln(e^{x/2} − b(s)) = ln(e^{x/2} − β)`.
///    Both objectives are close to quadratic in s (b ∝ e^{−x²/(2s²)} in the lower wing,
///    e^{x/2} − b ∝ e^{−s²/8} in the upper), so few iterations suffice.
/// 3. A rigorous starting bracket: below s_c, `|x|/√(−2 ln β)` (since b ≤ e^{−x²/(2s²)}/2)
///    and the tangent at s_c (convexity); above s_c, the tangent and `√(−8 ln(e^{x/2} − β))`
///    (since e^{x/2} − b ≤ e^{−s²/8}). Initial guess: the tangent near s_c, otherwise the
///    lower-wing asymptotics `b ≈ e^{−x²/(2s²) − s²/8}·s³/(√(2π)(x² − s⁴/4))` solved by two
///    fixed-point steps, or `e^{x/2} − b ≈ 2e^{x/2}·N(−s/2)` in the upper wing.
/// 4. Householder's third-order iteration with the closed-form derivatives
///    `b''/b' = (h − t)(h + t)/s` and `b'''/b' = (b''/b')² − 3h²/s² − 1/4` (h = x/s, t = s/2),
///    falling back to bisection whenever a step leaves the bracket, which every evaluation
///    tightens. It stops once a step is below 1e-5 relative (cubic convergence leaves an error
///    of order 1e-15) or after ``maximumEvaluations``.
///
/// Every step is written without branches (selects only), so ``BatchPricer`` runs a fixed
/// number of them over many options in vectorised loops and finishes the rare stragglers
/// with ``solve(beta:x:)``. Typical cost: 2–3 evaluations of b (one exp, two erfcx, one log).
enum ImpliedVolatilitySolver {
  /// The cap on evaluations of b; only bisection fallbacks come near it.
  static let maximumEvaluations = 48

  /// The constants of one solve.
  struct Problem {
    let x: Double
    let beta: Double
    /// e^{x/2}
    let upperBound: Double
    /// True below the inflection point: the objective is ln b, else ln(e^{x/2} − b).
    let lower: Bool
    /// β (lower) or e^{x/2} − β (upper), and its logarithm.
    let target: Double
    let logTarget: Double
  }

  /// The iterate: the current total volatility and a bracket of the root.
  struct State {
    var s: Double
    var low: Double
    var high: Double
    var converged: Bool
  }

  /// The problem constants, the starting bracket and the initial guess.
  /// Requires x ≤ 0 and 0 < beta < e^{x/2}; a beta below the smallest normal double is
  /// treated as that value, and one within 4 ulps of e^{x/2} as e^{x/2}·(1 − 4ε) (their
  /// volatilities are then only meaningful to that absolute price accuracy).
  @_transparent
  static func start(beta rawBeta: Double, x: Double) -> (Problem, State) {
    let beta = rawBeta > Double.leastNormalMagnitude ? rawBeta : Double.leastNormalMagnitude
    let upperBound = FastMath.exp(0.5 * x)
    let inflection = FastMath.squareRoot(-2 * x)
    // At s_c: h + t = 0 and V = e^{x/2}/√(2π).
    let vegaAtInflection = NormalDistribution.inverseSqrtTwoPi * upperBound
    let rawBc =
      vegaAtInflection * (NormalisedBlack.sqrtHalfPi - NormalisedBlack.millsRatio(-inflection))
    let bc = inflection > 0 && rawBc > 0 ? rawBc : 0
    let complementAtInflection = upperBound - bc
    // A price within a few ulps of the supremum e^{x/2} cannot resolve e^{x/2} − β: solve for
    // a distance of 4 ulps instead (s ≈ 16.6; any larger s reprices within those 4 ulps).
    let minimumComplement = 4 * Double.ulpOfOne * upperBound
    let rawComplement = upperBound - beta
    let targetComplement = rawComplement > minimumComplement ? rawComplement : minimumComplement
    let tangent = inflection + (beta - bc) / vegaAtInflection
    let lower = beta <= bc
    let logBeta = FastMath.log(beta)
    let logTargetComplement = FastMath.log(targetComplement)

    // Lower wing.
    let asymptotic = -x / FastMath.squareRoot(-2 * logBeta)
    let lowerHigh = tangent > 0 ? tangent : Double.infinity
    var refined = asymptotic
    for _ in 0..<2 {
      let s2 = refined * refined
      let denominator = x * x - 0.25 * s2 * s2
      let usable = denominator > 0
      let logPrefactor =
        -0.125 * s2 + FastMath.log(usable ? s2 * refined / denominator : 1)
        - 0.918_938_533_204_672_741_78
      let d = logPrefactor - logBeta
      let candidate = -x / FastMath.squareRoot(usable && d > 0 ? 2 * d : 1)
      let clamped = candidate < asymptotic ? asymptotic : (candidate > lowerHigh ? lowerHigh : candidate)
      refined = usable && d > 0 ? clamped : refined
    }
    let lowerGuess = tangent > 0 && beta > 0.3 * bc ? tangent : refined

    // Upper wing.
    let upperLow = tangent > 0 ? tangent : 0
    let bound = FastMath.squareRoot(-8 * logTargetComplement)
    let upperHigh = bound > upperLow ? bound : Double.infinity
    let upperAsymptoticSquare = -8 * (logTargetComplement - (0.693_147_180_559_945_309_42 + 0.5 * x))
    let upperAsymptotic = FastMath.squareRoot(upperAsymptoticSquare)
    let upperGuess0 =
      targetComplement > 0.3 * complementAtInflection
      ? tangent : (tangent > upperAsymptotic ? tangent : upperAsymptotic)
    let upperGuess = upperGuess0 < upperLow ? upperLow : (upperGuess0 > upperHigh ? upperHigh : upperGuess0)

    let low = lower ? asymptotic : upperLow
    let high = lower ? lowerHigh : upperHigh
    let guess = lower ? lowerGuess : upperGuess
    let usableGuess = guess > 0 && guess < Double.infinity
    let s = usableGuess ? guess : (high < Double.infinity ? 0.5 * (low + high) : 2 * low + 1)
    return (
      Problem(
        x: x, beta: beta, upperBound: upperBound, lower: lower,
        target: lower ? beta : targetComplement,
        logTarget: lower ? logBeta : logTargetComplement),
      State(s: s, low: low, high: high, converged: false)
    )
  }

  /// One evaluation of b and one safeguarded Householder step; a converged state is kept.
  @_transparent
  static func step(_ p: Problem, _ state: State) -> State {
    let s = state.s
    let inverseS = 1 / s
    let h = p.x * inverseS
    let t = 0.5 * s
    let point = NormalisedBlack(h: h, t: t, upperBound: p.upperBound)
    let value = p.lower ? point.value : point.complement
    // Is the root above s? (b < β below the inflection point, e^{x/2} − b > target above.)
    let rootAbove = p.lower ? value < p.target : value > p.target
    let low = rootAbove ? s : state.low
    let high = rootAbove ? state.high : s
    let g1 = (p.lower ? point.vega : -point.vega) / (value > 0 ? value : 1)
    let usable = value > 0 && g1 != 0
    let f = FastMath.log(value > 0 ? value : 1) - p.logTarget
    // Householder(3) on the objective φ = ln(value): φ' = g1, φ''/φ' = r2 − g1,
    // φ'''/φ' = r3 − 3·g1·r2 + 2·g1², with r2 = b''/b', r3 = b'''/b'.
    let r2 = (h - t) * (h + t) * inverseS
    let r3 = r2 * r2 - 3 * (h * inverseS) * (h * inverseS) - 0.25
    let newton = -f / (usable ? g1 : 1)
    let h2 = r2 - g1
    let h3 = r3 - 3 * g1 * r2 + 2 * g1 * g1
    let increment =
      newton * (1 + 0.5 * h2 * newton) / (1 + newton * (h2 + h3 * newton * (1.0 / 6)))
    let next = s + increment
    let magnitude = increment < 0 ? -increment : increment
    let small = usable && magnitude <= 1e-5 * s
    let inside = usable && next > low && next < high
    let bisection = high < Double.infinity ? 0.5 * (low + high) : 2 * s
    let collapsed = high - low <= 4 * Double.ulpOfOne * high
    let s1 = small || inside ? next : bisection
    let done = small || collapsed
    return State(
      s: state.converged ? s : s1,
      low: state.converged ? state.low : low,
      high: state.converged ? state.high : high,
      converged: state.converged || done)
  }

  /// The total volatility s ≥ 0 with b(x, s) = beta, and whether the iteration converged.
  /// - Precondition: x ≤ 0 and 0 < beta < e^{x/2} (ensured by the caller's bound checks).
  static func solve(beta: Double, x: Double) -> (s: Double, converged: Bool) {
    var (problem, state) = start(beta: beta, x: x)
    var evaluations = 0
    while !state.converged && evaluations < maximumEvaluations {
      state = step(problem, state)
      evaluations += 1
    }
    return (state.s, state.converged)
  }
}
