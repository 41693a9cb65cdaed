/// `cash-secured-put`: writes puts (default at the money) on a notional equal to the whole
/// portfolio value at each opening, the collateral held in cash at the risk-free rate: the Cboe
/// S&P 500 PutWrite (PUT) index methodology. Needs `financing: cash` (the premium is added to
/// the collateral) and a portfolio of cash.
public enum CashSecuredPut {
  static func parameters(from decoder: any Decoder) throws -> OptionOverlay.Parameters {
    var parameters = try OptionOverlay.Parameters.decode(decoder, legKeys: [.strike]) { c in
      for key in [OverlayKeys.hedgeRatio, .units, .notional, .budget] where c.contains(key) {
        throw c.issue(key, .invalid("a cash-secured put is sized by the portfolio value (notional = value / strike at each roll); remove \(key.rawValue)"))
      }
      return [OptionOverlay.Leg(kind: .put, strike: try c.number(.strike, default: 1.0, .strikeFraction), ratio: -1)]
    }
    parameters.sizing = .cashSecured
    return parameters
  }
}
