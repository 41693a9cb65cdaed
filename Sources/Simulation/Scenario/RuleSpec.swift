/// The `type:` of a rule in a program.
public enum RuleType: String, Sendable, Equatable, CaseIterable {
  case none
  case delta
  case deltaGamma = "delta-gamma"
  case vega
  case protectivePut = "protective-put"
  case collar
  case putSpread = "put-spread"
  case coveredCall = "covered-call"
  case options
  case cashSecuredPut = "cash-secured-put"
  case indexHedge = "index-hedge"
  case perpetualHedge = "perpetual-hedge"
  case futureHedge = "future-hedge"
}

/// One rule of a program as written in the scenario: its type and parameters.
public enum RuleSpec: Sendable, Equatable, Decodable {
  case none
  case delta(DeltaHedge.Parameters)
  case deltaGamma(GreekHedge.Parameters)
  case vega(GreekHedge.Parameters)
  /// `protective-put`, `collar`, `put-spread`, `covered-call` or `options`.
  case overlay(RuleType, OptionOverlay.Parameters)
  case indexHedge(IndexHedge.Parameters)
  case perpetualHedge(PerpetualHedge.Parameters)
  case futureHedge(FutureHedge.Parameters)

  public var type: RuleType {
    switch self {
    case .none: return .none
    case .delta: return .delta
    case .deltaGamma: return .deltaGamma
    case .vega: return .vega
    case .overlay(let type, _): return type
    case .indexHedge: return .indexHedge
    case .perpetualHedge: return .perpetualHedge
    case .futureHedge: return .futureHedge
    }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: AnyKey.self)
    let typeKey = AnyKey(stringValue: "type")
    guard c.contains(typeKey) else {
      throw c.issue(
        typeKey, .missing(expected: "the rule type: " + RuleType.allCases.map(\.rawValue).joined(separator: ", ")))
    }
    let type = try c.choice(typeKey, RuleType.self)
    switch type {
    case .none:
      try decoder.rejectUnknownKeys(valid: ["type"])
      self = .none
    case .delta: self = .delta(try DeltaHedge.Parameters(from: decoder))
    case .deltaGamma: self = .deltaGamma(try GreekHedge.Parameters(from: decoder))
    case .vega: self = .vega(try GreekHedge.Parameters(from: decoder))
    case .protectivePut: self = .overlay(type, try ProtectivePut.parameters(from: decoder))
    case .collar: self = .overlay(type, try Collar.parameters(from: decoder))
    case .putSpread: self = .overlay(type, try PutSpread.parameters(from: decoder))
    case .coveredCall: self = .overlay(type, try CoveredCall.parameters(from: decoder))
    case .options: self = .overlay(type, try OptionLegs.parameters(from: decoder))
    case .cashSecuredPut: self = .overlay(type, try CashSecuredPut.parameters(from: decoder))
    case .indexHedge: self = .indexHedge(try IndexHedge.Parameters(from: decoder))
    case .perpetualHedge: self = .perpetualHedge(try PerpetualHedge.Parameters(from: decoder))
    case .futureHedge: self = .futureHedge(try FutureHedge.Parameters(from: decoder))
    }
  }

  /// Builds the rule that executes this spec.
  public func makeRule(context: RuleContext) -> any HedgeRule {
    switch self {
    case .none: return NoHedge()
    case .delta(let p): return DeltaHedge(p, context: context)
    case .deltaGamma(let p): return DeltaGammaHedge.make(p, context: context)
    case .vega(let p): return VegaHedge.make(p, context: context)
    case .overlay(_, let p): return OptionOverlay(p, context: context)
    case .indexHedge(let p): return IndexHedge(p, context: context)
    case .perpetualHedge(let p): return PerpetualHedge(p, context: context)
    case .futureHedge(let p): return FutureHedge(p, context: context)
    }
  }

  /// The symbol a rule trades or reads, with the key it comes from (nil: the first underlying),
  /// whether it needs an implied-volatility source, and whether it sizes by the holding.
  struct Reference {
    var key: String
    var symbol: String?
    var needsVolatility: Bool
    var sizesByHolding: Bool
  }

  var references: [Reference] {
    switch self {
    case .none: return []
    case .delta(let p):
      var needsVolatility = p.syntheticPut != nil
      if case .moveSigmas = p.trigger { needsVolatility = true }
      return [Reference(key: "symbol", symbol: p.symbol, needsVolatility: needsVolatility, sizesByHolding: false)]
    case .deltaGamma(let p), .vega(let p):
      return [Reference(key: "symbol", symbol: p.symbol, needsVolatility: true, sizesByHolding: false)]
    case .overlay(_, let p):
      let byHolding: Bool
      if case .hedgeRatio = p.sizing { byHolding = true } else { byHolding = false }
      return [Reference(key: "symbol", symbol: p.symbol, needsVolatility: true, sizesByHolding: byHolding)]
    case .indexHedge(let p):
      return [Reference(key: "index", symbol: p.index, needsVolatility: p.instrument == .puts, sizesByHolding: false)]
    case .perpetualHedge(let p):
      return [Reference(key: "symbol", symbol: p.symbol, needsVolatility: false, sizesByHolding: true)]
    case .futureHedge(let p):
      return [Reference(key: "symbol", symbol: p.symbol, needsVolatility: false, sizesByHolding: true)]
    }
  }
}

extension RuleSpec {
  /// The stored series the rule reads on every day of the run (``RuleSeries``), with the key
  /// that names each (relative to the rule).
  var storedSeries: [(key: String, name: String)] {
    switch self {
    case .perpetualHedge(let p):
      if case .series(let name) = p.terms.funding { return [("funding.series", name)] }
      return []
    case .futureHedge(let p):
      if case .series(let name) = p.terms.basis { return [("basis.series", name)] }
      return []
    default:
      return []
    }
  }
}

extension Program {
  /// How each of its rules describes itself (``HedgeRule/profile``), in rule order.
  public func profiles(in scenario: Scenario) -> [RuleProfile] {
    rules.enumerated().map { owner, rule in
      rule.makeRule(
        context: RuleContext(
          owner: owner, symbols: scenario.data.underlyings, costs: scenario.costs,
          stepsPerYear: scenario.calendar.stepsPerYear)
      ).profile
    }
  }
}
