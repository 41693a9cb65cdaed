import MarketData

extension ScenarioLoader {
  /// The checks of a scenario with a `paths:` section, before the general ones: what a
  /// simulated path of one underlying on a synthetic calendar can and cannot provide.
  ///
  /// - one underlying (the paths simulate `data.underlyings[0]`), so no `index-hedge`;
  /// - constant `data.rate` and `data.dividend-yield` (the synthetic days have no dates in
  ///   the stored series), and no stored surface (`data.volatility` gives a level and skew);
  /// - expiries of initial positions as `tenor-days` (dates mean nothing on synthetic days);
  /// - `period` only for `bootstrap` (the history it resamples);
  /// - `paths.steps-per-year` agreeing with `calendar`.
  static func validatePaths(_ s: Scenario) throws(ScenarioError) {
    guard let paths = s.paths else { return }
    let o = s.origin
    func invalid(_ keyPath: String, _ reason: String) -> ScenarioError {
      .invalid(file: o.file, line: o.line(of: keyPath), keyPath: keyPath, reason: reason)
    }
    let underlyings = s.data.underlyings
    guard underlyings.count == 1 else {
      throw invalid(
        "data.underlyings",
        "paths: simulates one underlying, and data.underlyings lists \(underlyings.count) (\(underlyings.joined(separator: ", "))); keep one symbol, or remove paths: to backtest the basket on its history")
    }
    let symbol = underlyings[0]
    if let n = paths.stepsPerYear, n != s.calendar.wholeStepsPerYear {
      throw .outOfRange(
        file: o.file, line: o.line(of: "paths.steps-per-year"), keyPath: "paths.steps-per-year",
        value: String(n),
        condition: "\(s.calendar.wholeStepsPerYear) with calendar: \(s.calendar.rawValue); set calendar: \(n == 365 ? "calendar-365" : "trading-days") or remove steps-per-year")
    }
    if case .series(let name, _) = s.data.rate {
      throw invalid(
        "data.rate",
        "paths: runs on synthetic days, which the stored series '\(name)' has no values for; give a constant rate (e.g. rate: 0.02)")
    }
    for name in s.data.dividendYield.keys.sorted() {
      if case .series(let series, _)? = s.data.dividendYield[name] {
        throw invalid(
          "data.dividend-yield.\(name)",
          "paths: runs on synthetic days, which the stored series '\(series)' has no values for; give a constant yield (e.g. \(name): 0.015)")
      }
    }
    let bootstrap: Bool
    if case .bootstrap = paths.model { bootstrap = true } else { bootstrap = false }
    switch s.data.volatility[symbol] {
    case .surface?:
      throw invalid(
        "data.volatility.\(symbol)",
        "a stored surface cannot follow a simulated path; use constant (with an optional skew) or set paths.implied-volatility")
    case nil:
      if bootstrap, case .model = PathSetRunner.impliedVolatility(of: s) {
        throw invalid(
          "paths.model",
          "a bootstrap takes implied volatility from the history, and '\(symbol)' has no stored at-the-money series; add data.volatility.\(symbol): { atm: SERIES }, or set paths.implied-volatility to a constant")
      }
    case .smile?:
      throw invalid(
        "data.volatility.\(symbol)",
        "path sets price options at a constant or path-simulated at-the-money volatility with an optional skew; the calibrated smile model (series:/realised:/smile:) reads history; use { constant: 0.2, skew: {...} } here")
    case .atTheMoney?, .constant?:
      break
    }
    if !bootstrap, s.period.from != nil || s.period.to != nil {
      throw invalid(
        "period",
        "a \(paths.model.name.rawValue) path set does not read history; remove period (the paths start on \(PathSetRunner.firstDay) and last paths.horizon-years or horizon-days)")
    }
    for (i, option) in s.portfolio.options.enumerated() {
      if case .date = option.expiry {
        throw invalid(
          "portfolio.options[\(i)].expiry",
          "a path's days are synthetic (from \(PathSetRunner.firstDay)); give the expiry as tenor-days")
      }
    }
    for (i, future) in s.portfolio.futures.enumerated() {
      if case .date = future.expiry {
        throw invalid(
          "portfolio.futures[\(i)].expiry",
          "a path's days are synthetic (from \(PathSetRunner.firstDay)); give the expiry as tenor-days")
      }
    }
    for (p, program) in s.programs.enumerated() {
      for (r, rule) in program.rules.enumerated() where rule.type == .indexHedge {
        throw invalid(
          "programs[\(p)].rules[\(r)]",
          "index-hedge hedges a basket against an index, and paths: simulates one underlying; remove program '\(program.name)' or run it on the history without paths:")
      }
    }
  }
}
