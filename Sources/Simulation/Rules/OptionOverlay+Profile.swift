import MarketData

extension OptionOverlay {
  /// Its roll schedule, the premiums of every option it opens, and the put it holds when it
  /// is a single long put.
  public var profile: RuleProfile {
    let p = parameters
    let singlePut = p.legs.count == 1 && p.legs[0].kind == .put && p.legs[0].ratio > 0
    return RuleProfile(
      trades: true, rollSchedule: RuleProfile.RollSchedule(tenorDays: p.tenorDays, roll: p.roll),
      paysOptionPremiums: true, holdsPut: singlePut ? (p.legs[0].strike, p.tenorDays) : nil)
  }
}
