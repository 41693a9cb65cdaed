/// `put-spread`: long put (default 95 %) and short lower put (default 80 %): protection
/// between the two strikes for less premium.
public enum PutSpread {
  static func parameters(from decoder: any Decoder) throws -> OptionOverlay.Parameters {
    try OptionOverlay.Parameters.decode(decoder, legKeys: [.longStrike, .shortStrike]) { c in
      let long = try c.number(.longStrike, default: 0.95, .strikeFraction)
      let short = try c.number(.shortStrike, default: 0.80, .strikeFraction)
      guard short < long else {
        throw c.issue(.shortStrike, .outOfRange(value: formatNumber(short), condition: "below long-strike (\(formatNumber(long)))"))
      }
      return [
        OptionOverlay.Leg(kind: .put, strike: long, ratio: 1),
        OptionOverlay.Leg(kind: .put, strike: short, ratio: -1),
      ]
    }
  }
}
