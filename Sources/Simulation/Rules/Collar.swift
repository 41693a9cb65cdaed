/// `collar`: long put (default 95 %) financed by a short call (default 110 %) on the holding.
public enum Collar {
  static func parameters(from decoder: any Decoder) throws -> OptionOverlay.Parameters {
    try OptionOverlay.Parameters.decode(decoder, legKeys: [.putStrike, .callStrike]) { c in
      let put = try c.number(.putStrike, default: 0.95, .strikeFraction)
      let call = try c.number(.callStrike, default: 1.10, .strikeFraction)
      guard call > put else {
        throw c.issue(.callStrike, .outOfRange(value: formatNumber(call), condition: "above put-strike (\(formatNumber(put)))"))
      }
      return [
        OptionOverlay.Leg(kind: .put, strike: put, ratio: 1),
        OptionOverlay.Leg(kind: .call, strike: call, ratio: -1),
      ]
    }
  }
}
