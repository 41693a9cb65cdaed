/// `protective-put`: long puts at a strike fraction of spot (default 0.95) on the holding,
/// renewed at expiry or on a schedule (see ``OptionOverlay``).
public enum ProtectivePut {
  static func parameters(from decoder: any Decoder) throws -> OptionOverlay.Parameters {
    try OptionOverlay.Parameters.decode(decoder, legKeys: [.strike]) { c in
      [OptionOverlay.Leg(kind: .put, strike: try c.number(.strike, default: 0.95, .strikeFraction), ratio: 1)]
    }
  }
}
