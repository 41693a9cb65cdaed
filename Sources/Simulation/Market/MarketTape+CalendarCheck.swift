import MarketData

extension MarketTape {
  /// Refuses a 24/7 series (a coin: closes on Saturdays and Sundays) in a `trading-days`
  /// scenario, where it would be annualised with 252 steps a year (or lose its weekends when a
  /// stock sets the calendar) without anyone saying so.
  ///
  /// A series is 24/7 when at least 8 of its closes in the period fall on weekends (a stock
  /// file has none; 8 tolerates a few stray prints).
  static func checkCalendar(
    _ scenario: Scenario, symbol: String, closes: DailySeries, from start: Day, to end: Day,
    keyPath: String
  ) throws {
    guard scenario.calendar == .tradingDays else { return }
    let weekend = closes.days.filter { $0 >= start && $0 <= end && $0.isWeekend }
    guard weekend.count >= 8 else { return }
    let o = scenario.origin
    throw ScenarioError.invalid(
      file: o.file, line: o.line(of: "calendar") ?? o.line(of: keyPath), keyPath: "calendar",
      reason: "'\(symbol)' (\(keyPath)) trades every day (\(weekend.count) weekend closes from \(weekend[0])), but the scenario uses the trading-day calendar (252 steps a year, weekends dropped); add `calendar: calendar-365` for a 24/7 market, or remove \(symbol) from a stock scenario")
  }
}
