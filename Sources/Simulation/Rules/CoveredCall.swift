/// `covered-call`: a short call (default 105 %) on the holding: premium income for giving up
/// the upside (not a hedge; kept for comparison).
public enum CoveredCall {
  static func parameters(from decoder: any Decoder) throws -> OptionOverlay.Parameters {
    try OptionOverlay.Parameters.decode(decoder, legKeys: [.strike]) { c in
      [OptionOverlay.Leg(kind: .call, strike: try c.number(.strike, default: 1.05, .strikeFraction), ratio: -1)]
    }
  }
}
