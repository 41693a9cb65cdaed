import Simulation

/// One sentence per program of a comparison: what it holds, how often it trades and what it
/// pays, read from its rules and its simulated record, shown under `compare`'s table and in
/// the report.
///
/// - holds: the baseline holding plus each rule (`protective-put 0.95 × 30 d`), and on
///   average the options' value as % of the portfolio and the net greeks that matter for
///   the P&L: gamma as the P&L of a 1 % move (`½·Γ·S²·0.01²`) and theta a calendar day, both
///   in basis points of the value;
/// - trades: trades a year and the turnover;
/// - pays: the cost of protection and the transaction costs a year, % of the average value.
///
/// A net long-gamma book (average gamma P&L > 0 and theta < 0) gets the reason it loses when
/// it does: it pays time decay priced at implied volatility and earns it back only when the
/// underlying moves more than implied.
public enum ProgramExplanation {
  /// The sentence for one simulated program (`nil` for a stock+cash benchmark).
  public static func line(_ report: ProgramReport, spec: Program?) -> String? {
    guard let program = report.program else { return nil }
    let d = program.daily
    let n = Double(max(d.value.count, 1))
    var gammaBp = 0.0
    var thetaBp = 0.0
    var optionShare = 0.0
    for t in d.value.indices where d.value[t] > 0 {
      gammaBp += 0.5 * d.gamma[t] * 1e-4 / d.value[t] * 1e4
      thetaBp += d.theta[t] / 365 / d.value[t] * 1e4
      optionShare += d.hedgeValue[t] / d.value[t]
    }
    gammaBp /= n
    thetaBp /= n
    optionShare /= n

    let rules = spec?.rules.filter { $0.type != .none } ?? []
    var holds = rules.isEmpty ? "the portfolio alone" : "the portfolio + " + rules.map(ruleWords).joined(separator: " + ")
    let hasPositions = d.hedgeValue.contains { $0 != 0 }
    let hasOptions = d.gamma.contains { $0 != 0 } || d.theta.contains { $0 != 0 }
    if hasPositions {
      holds += "; on average the positions its rules opened are worth \(signed(optionShare * 100, 1)) % of value"
    }
    if hasOptions {
      holds += (hasPositions ? "," : ";") + " gamma \(signed(gammaBp, 2)) bp per 1 % move, theta"
        + " \(signed(thetaBp, 2)) bp a day"
    }
    var text = "\(report.name): holds \(holds)"
    if let e = report.efficiency {
      let perYear = e.tradesPerYear.map { fixed($0, 0) } ?? "–"
      text += "; trades \(perYear) times a year"
      if let turnover = e.turnover { text += " (turnover \(fixed(turnover, 1))× value)" }
      var pays: [String] = []
      if let cost = e.costOfProtection?.annualFractionOfPortfolio {
        pays.append("protection \(signed(cost * 100, 2)) %/yr")
      }
      if let costs = e.transactionCostsAnnualFraction { pays.append("costs \(fixed(costs * 100, 2)) %/yr") }
      if !pays.isEmpty { text += "; pays " + pays.joined(separator: ", ") + " of value" }
    }
    let greekHedged = rules.contains { [.delta, .deltaGamma, .vega].contains($0.type) }
    if hasOptions, greekHedged, gammaBp > 0, thetaBp < 0 {
      text += ". Its greek hedge leaves it net long gamma: it pays time decay at implied"
        + " volatility and earns it back only when the underlying moves more than implied"
    }
    if hasPositions, abs(optionShare) > 1 {
      text += ". Its rules trade a fixed notional while its value changes: on average their"
        + " positions are worth more than the whole portfolio, so gains and losses compound on"
        + " shrinking or growing capital"
    }
    return text + "."
  }

  /// `protective-put 0.95 × 30 d`, `delta every 1 d`, `vega call 1.0 × 60 d every 5 d`.
  static func ruleWords(_ rule: RuleSpec) -> String {
    switch rule {
    case .none: return "nothing"
    case .delta(let p):
      if let put = p.syntheticPut {
        return "delta (replicating a \(put.strike) × \(put.tenorDays) d put)"
      }
      if case .everyDays(let n) = p.trigger { return "delta hedge every \(n) d" }
      return "delta hedge (\(ScenarioText.describe(p.trigger)))"
    case .deltaGamma(let p), .vega(let p):
      return "\(rule.type.rawValue) with a \(p.optionKind) \(p.optionStrike) × \(p.optionTenorDays) d, every \(p.everyDays) d"
    case .overlay(let type, let p):
      let legs = p.legs.map { "\($0.ratio < 0 ? "short " : "")\($0.kind) \($0.strike)" }.joined(separator: "/")
      let roll: String
      switch p.roll {
      case .atExpiry: roll = "held to expiry"
      case .everyDays(let n): roll = "rolled every \(n) steps"
      case .belowDays(let n): roll = "rolled below \(n) d left"
      }
      return "\(type.rawValue) \(legs) × \(p.tenorDays) d, \(roll)"
    case .indexHedge:
      return "index hedge"
    case .perpetualHedge:
      return "perpetual hedge"
    case .futureHedge(let p):
      return "dated \(p.cycle.rawValue) futures hedge, rolled \(p.rollDays) d before expiry"
    }
  }

  private static func fixed(_ x: Double, _ digits: Int) -> String { DisplayFormat.fixed(x, digits) }
  private static func signed(_ x: Double, _ digits: Int) -> String {
    (x > 0 ? "+" : "") + DisplayFormat.fixed(x, digits)
  }
}
