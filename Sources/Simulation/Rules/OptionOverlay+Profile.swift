import MarketData

extension OptionOverlay {
  /// Its roll schedule, the premiums of every option it opens, and the put it holds when it
  /// is a single long put.
  public var profile: RuleProfile {
    let p = parameters
    // A fixed cycle renews every month or every quarter, whatever tenor-days says.
    let tenorDays: Int
    switch p.cycle {
    case .monthly?: tenorDays = 30
    case .quarterlyMar?, .quarterlyJan?: tenorDays = 91
    case nil: tenorDays = p.tenorDays
    }
    let singlePut = p.legs.count == 1 && p.legs[0].kind == .put && p.legs[0].ratio > 0
    return RuleProfile(
      trades: true, rollSchedule: RuleProfile.RollSchedule(tenorDays: tenorDays, roll: p.roll),
      paysOptionPremiums: true, holdsPut: singlePut ? (p.legs[0].strike, tenorDays) : nil)
  }
}
