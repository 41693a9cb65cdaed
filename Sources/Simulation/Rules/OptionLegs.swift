import Pricing

/// `options`: any package of legs (e.g. a short straddle: call and put at 1.0, ratio −1
/// each), sized by `units`, `notional` or `hedge-ratio` and renewed like the other overlays.
public enum OptionLegs {
  enum LegKeys: String, CodingKey, CaseIterable { case kind, strike, ratio }

  static func parameters(from decoder: any Decoder) throws -> OptionOverlay.Parameters {
    try OptionOverlay.Parameters.decode(decoder, legKeys: [.legs]) { c in
      guard c.contains(.legs) else {
        throw c.issue(.legs, .missing(expected: "a list of {kind, strike, ratio}"))
      }
      let legs = try c.decode([DecodedLeg].self, forKey: .legs).map(\.leg)
      guard !legs.isEmpty else {
        throw c.issue(.legs, .outOfRange(value: "[]", condition: "a non-empty list of {kind, strike, ratio}"))
      }
      return legs
    }
  }

  struct DecodedLeg: Decodable {
    var leg: OptionOverlay.Leg
    init(from decoder: any Decoder) throws {
      let c = try decoder.strictContainer(keyedBy: LegKeys.self)
      leg = OptionOverlay.Leg(
        kind: try c.choice(.kind, OptionKind.self),
        strike: try c.number(.strike, .strikeFraction),
        ratio: try c.number(.ratio, Condition(holds: { $0 != 0 && abs($0) <= 100 }, text: "non-zero, within ±100 (negative writes the option)")))
    }
  }
}
