/// `margin:` of a scenario: `{ model: tims | crypto-portfolio | crypto-standard }`, and for
/// `crypto-portfolio` optional parameters (decimal): `price-range`, `volatility-up`,
/// `volatility-down`, `extended-fraction`, `short-option-contingency` (coin per coin),
/// `initial-factor`. Documented in `Scenarios/README.md`.
extension MarginModel: Decodable {
  enum Keys: String, CodingKey, CaseIterable {
    case model
    case priceRange = "price-range"
    case volatilityUp = "volatility-up"
    case volatilityDown = "volatility-down"
    case extendedFraction = "extended-fraction"
    case shortOptionContingency = "short-option-contingency"
    case initialFactor = "initial-factor"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(keyedBy: Keys.self)
    let name = try c.text(.model, expected: "one of " + Self.names.joined(separator: ", "))
    let parameters: [Keys] = [
      .priceRange, .volatilityUp, .volatilityDown, .extendedFraction, .shortOptionContingency, .initialFactor,
    ]
    switch name {
    case "crypto-portfolio":
      var m = CryptoPortfolioMarginModel.standard
      m.priceRange = try c.number(.priceRange, default: m.priceRange, .within(0.01, 0.9, "decimal: 0.16 is ±16 %"))
      m.volatilityUp = try c.number(.volatilityUp, default: m.volatilityUp, .within(0, 5, "relative, decimal"))
      m.volatilityDown = try c.number(.volatilityDown, default: m.volatilityDown, .within(0, 1, "relative, decimal"))
      m.extendedFraction = try c.number(.extendedFraction, default: m.extendedFraction, .within(0, 1))
      m.shortOptionContingency = try c.number(
        .shortOptionContingency, default: m.shortOptionContingency, .within(0, 1, "coin per coin of notional"))
      m.initialFactor = try c.number(.initialFactor, default: m.initialFactor, .within(1, 10))
      self = .cryptoPortfolio(m)
    case "crypto-standard", "tims":
      if let key = parameters.first(where: { c.contains($0) }) {
        throw c.issue(key, .invalid("only margin model crypto-portfolio takes parameters; remove \(key.stringValue) or use model: crypto-portfolio"))
      }
      self = name == "tims" ? .standard : .cryptoStandard(.standard)
    default:
      throw c.issue(.model, .unknownChoice(value: name, choices: Self.names))
    }
  }
}

extension MarginModel: Encodable {
  /// `model:` and, for `crypto-portfolio`, the parameters that differ from the venue's defaults.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(name, forKey: .model)
    switch self {
    case .tims(let m) where m == .standard: break
    case .cryptoStandard(let m) where m == .standard: break
    case .tims, .cryptoStandard:
      throw unwritable(self, encoder.codingPath, "only margin model crypto-portfolio takes parameters in a scenario file")
    case .cryptoPortfolio(let m):
      let d = CryptoPortfolioMarginModel.standard
      guard m.priceSteps == d.priceSteps, m.tenorPower == d.tenorPower, m.minimumDays == d.minimumDays,
        m.extendedMoves == d.extendedMoves
      else {
        throw unwritable(self, encoder.codingPath, "price steps, tenor power, minimum days and extended moves are not scenario keys")
      }
      try c.encodeNumber(m.priceRange, forKey: .priceRange, omitting: d.priceRange)
      try c.encodeNumber(m.volatilityUp, forKey: .volatilityUp, omitting: d.volatilityUp)
      try c.encodeNumber(m.volatilityDown, forKey: .volatilityDown, omitting: d.volatilityDown)
      try c.encodeNumber(m.extendedFraction, forKey: .extendedFraction, omitting: d.extendedFraction)
      try c.encodeNumber(m.shortOptionContingency, forKey: .shortOptionContingency, omitting: d.shortOptionContingency)
      try c.encodeNumber(m.initialFactor, forKey: .initialFactor, omitting: d.initialFactor)
    }
  }
}
