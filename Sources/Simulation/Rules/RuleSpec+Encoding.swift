import Pricing

// Rules encode as they are written in a program's `rules:` list: `type:` first, then the
// parameters under the keys their decoders read, defaults left out (see `ScenarioEncoding.swift`).

extension RuleSpec: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: AnyKey.self)
    try c.encode(type.rawValue, forKey: AnyKey(stringValue: "type"))
    switch self {
    case .none: break
    case .delta(let p): try p.encode(to: encoder)
    case .deltaGamma(let p), .vega(let p): try p.encode(to: encoder)
    case .overlay(let type, let p): try p.encode(to: encoder, as: type)
    case .indexHedge(let p): try p.encode(to: encoder)
    case .perpetualHedge(let p): try p.encode(to: encoder)
    case .futureHedge(let p): try p.encode(to: encoder)
    }
  }
}

extension DeltaHedge.Parameters: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encodeIfPresent(symbol, forKey: .symbol)
    try c.encodeChoice(instrument, forKey: .instrument, omitting: .underlying)
    switch trigger {
    case .everyDays(1): break
    case .everyDays(let n): try c.encode(n, forKey: .everyDays)
    case .bandUnits(let units): try c.encodeNumber(units, forKey: .bandUnits)
    case .bandFraction(let fraction): try c.encodeNumber(fraction, forKey: .bandFraction)
    case .moveSigmas(let sigmas): try c.encodeNumber(sigmas, forKey: .moveSigmas)
    case .whalleyWilmott(let riskAversion): try c.encodeNumber(riskAversion, forKey: .whalleyWilmott)
    }
    switch hedgeVolatility {
    case .implied: break
    case .leland: try c.encodeChoice(VolatilityChoice.leland, forKey: .hedgeVolatility)
    case .realised(let window):
      try c.encodeChoice(VolatilityChoice.realised, forKey: .hedgeVolatility)
      try c.encode(window, forKey: .realisedWindow, omitting: 21)
    }
    try c.encodeNumber(targetDelta, forKey: .targetDelta, omitting: 0)
    if let put = syntheticPut {
      var p = c.nestedContainer(keyedBy: PutKeys.self, forKey: .syntheticPut)
      try p.encodeNumber(put.strike, forKey: .strike)
      try p.encode(put.tenorDays, forKey: .tenorDays)
    }
  }
}

extension GreekHedge.Parameters: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encodeIfPresent(symbol, forKey: .symbol)
    try c.encodeChoice(optionKind, forKey: .optionKind, omitting: .call)
    try c.encodeNumber(optionStrike, forKey: .optionStrike, omitting: 1)
    try c.encode(optionTenorDays, forKey: .optionTenorDays, omitting: 60)
    try c.encode(rollBelowDays, forKey: .rollBelowDays, omitting: 20)
    try c.encode(everyDays, forKey: .everyDays, omitting: 1)
  }
}

extension IndexHedge.Parameters: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(index, forKey: .index)
    try c.encodeChoice(instrument, forKey: .instrument, omitting: .puts)
    try c.encodeNumber(strike, forKey: .strike, omitting: 0.95)
    try c.encode(tenorDays, forKey: .tenorDays, omitting: 30)
    try c.encodeRoll(roll, every: .rollEveryDays, below: .rollBelowDays)
    try c.encode(betaWindow, forKey: .betaWindow, omitting: 252)
    try c.encodeNumber(hedgeRatio, forKey: .hedgeRatio, omitting: 1)
    try c.encode(rebalanceEveryDays, forKey: .rebalanceEveryDays, omitting: 21)
    try c.encodeNumber(budget, forKey: .budget, omitting: nil)
  }
}

extension PerpetualHedge.Parameters: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encodeIfPresent(symbol, forKey: .symbol)
    try c.encodeNumber(sizing.hedgeRatio, forKey: .hedgeRatio, omitting: 1)
    try c.encodeNumber(sizing.rebalanceBand, forKey: .rebalanceBand, omitting: 0)
    try c.encodeChoice(terms.settlement, forKey: .contract, omitting: .inverse)
    guard terms.accrual != .interval(hours: 8) || terms.funding != .constant(0.0001) else { return }
    var f = c.nestedContainer(keyedBy: FundingKeys.self, forKey: .funding)
    switch terms.accrual {
    case .interval(let hours): try f.encode("\(hours)h", forKey: .interval)
    case .continuous(8): try f.encode("continuous", forKey: .interval)
    case .continuous:
      throw unwritable(self, encoder.codingPath, "continuous funding is accrued over 8-hour intervals in a scenario file")
    }
    switch terms.funding {
    case .constant(let rate): try f.encodeNumber(rate, forKey: .rate, omitting: 0.0001)
    case .series(let name): try f.encode(name, forKey: .series)
    }
  }
}

extension FutureHedge.Parameters: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encodeIfPresent(symbol, forKey: .symbol)
    try c.encodeNumber(sizing.hedgeRatio, forKey: .hedgeRatio, omitting: 1)
    try c.encodeNumber(sizing.rebalanceBand, forKey: .rebalanceBand, omitting: 0)
    try c.encodeChoice(cycle, forKey: .expiry, omitting: .quarterly)
    try c.encode(rollDays, forKey: .rollDays, omitting: 7)
    try c.encodeChoice(terms.settlement, forKey: .settlement, omitting: .inverse)
    switch terms.basis {
    case .constant(let b): try c.encodeNumber(b, forKey: .basis, omitting: 0)
    case .series(let name):
      var b = c.nestedContainer(keyedBy: BasisKeys.self, forKey: .basis)
      try b.encode(name, forKey: .series)
    }
  }
}

extension OptionOverlay.Parameters {
  /// Writes the overlay as a rule of `type`: its legs under that type's keys (`strike`,
  /// `put-strike`/`call-strike`, `long-strike`/`short-strike` or `legs`), then the shared keys.
  /// - Throws: `EncodingError` when the legs or sizing are not what a `type` rule can hold.
  func encode(to encoder: any Encoder, as type: RuleType) throws {
    var c = encoder.container(keyedBy: OverlayKeys.self)
    let shape = legs.map { "\($0.kind.rawValue) \(formatNumber($0.ratio))" }
    func require(_ expected: [String]) throws {
      guard shape == expected else {
        throw unwritable(self, encoder.codingPath, "a \(type.rawValue) rule holds legs [\(expected.joined(separator: ", "))], not [\(shape.joined(separator: ", "))]; write it as type: options")
      }
    }
    switch type {
    case .protectivePut:
      try require(["put 1"])
      try c.encodeNumber(legs[0].strike, forKey: .strike)
    case .coveredCall:
      try require(["call -1"])
      try c.encodeNumber(legs[0].strike, forKey: .strike)
    case .cashSecuredPut:
      try require(["put -1"])
      try c.encodeNumber(legs[0].strike, forKey: .strike)
    case .collar:
      try require(["put 1", "call -1"])
      try c.encodeNumber(legs[0].strike, forKey: .putStrike)
      try c.encodeNumber(legs[1].strike, forKey: .callStrike)
    case .putSpread:
      try require(["put 1", "put -1"])
      try c.encodeNumber(legs[0].strike, forKey: .longStrike)
      try c.encodeNumber(legs[1].strike, forKey: .shortStrike)
    case .options:
      var list = c.nestedUnkeyedContainer(forKey: .legs)
      for leg in legs {
        var l = list.nestedContainer(keyedBy: OptionLegs.LegKeys.self)
        try l.encodeChoice(leg.kind, forKey: .kind)
        try l.encodeNumber(leg.strike, forKey: .strike)
        try l.encodeNumber(leg.ratio, forKey: .ratio)
      }
    default:
      throw unwritable(self, encoder.codingPath, "\(type.rawValue) is not an option-overlay rule")
    }
    try c.encodeIfPresent(symbol, forKey: .symbol)
    if let cycle {
      try c.encodeChoice(cycle, forKey: .cycle)
    } else {
      try c.encode(tenorDays, forKey: .tenorDays, omitting: 30)
    }
    try c.encodeRoll(roll, every: .rollEveryDays, below: .rollBelowDays)
    switch (sizing, type) {
    case (.cashSecured, .cashSecuredPut): break
    case (_, .cashSecuredPut):
      throw unwritable(self, encoder.codingPath, "a cash-secured-put rule is sized by the portfolio value")
    case (.hedgeRatio(1), _): break
    case (.hedgeRatio(let h), _): try c.encodeNumber(h, forKey: .hedgeRatio)
    case (.units(let units), _): try c.encodeNumber(units, forKey: .units)
    case (.notional(let notional), _): try c.encodeNumber(notional, forKey: .notional)
    case (.cashSecured, _), (.betaWeighted, _):
      throw unwritable(self, encoder.codingPath, "a \(type.rawValue) rule is sized by hedge-ratio, units or notional")
    }
    try c.encodeNumber(budget, forKey: .budget, omitting: nil)
    if let cryptoExpiry { try c.encodeChoice(cryptoExpiry, forKey: .expiry) }
    try c.encodeChoice(settlement, forKey: .settlement, omitting: .linear)
    try c.encode(wholeContracts, forKey: .wholeContracts, omitting: false)
  }
}

extension KeyedEncodingContainer {
  /// Writes a roll schedule as `roll-every-days` or `roll-below-days`; nothing when held to expiry.
  mutating func encodeRoll(_ roll: OptionOverlay.Roll, every: Key, below: Key) throws {
    switch roll {
    case .atExpiry: break
    case .everyDays(let n): try encode(n, forKey: every)
    case .belowDays(let n): try encode(n, forKey: below)
    }
  }
}
