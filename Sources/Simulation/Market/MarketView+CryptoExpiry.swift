import MarketData

extension MarketView {
  /// The crypto expiry of `cycle` (08:00 UTC, ``CryptoExpiryCalendar``) nearest to today +
  /// `tenorDays` calendar days, settled at the close of the day before it (the nearest daily
  /// close, 8 hours early), and strictly after today. The returned ``Expiry/day`` is that
  /// settlement close, so time to expiry is measured to it.
  public func cryptoExpiry(_ cycle: CryptoExpiryCycle, tenorDays: Int) -> Expiry {
    var after = day
    var target = day + tenorDays
    while true {
      let nominal = CryptoExpiryCalendar.expiry(cycle, nearest: target, after: after)
      let settlement = tape.settlement(of: CryptoExpiryCalendar.settlementDay(ofExpiry: nominal))
      if settlement.day > day { return settlement }
      after = nominal
      target = nominal + 1
    }
  }
}
