/// `Double → Int` conversions that cannot trap: Swift's `Int(_: Double)` stops the process
/// for NaN, ±infinity or a value beyond ±9.2e18, which a large number in an input
/// (`notional: 1e17`, a median of 1e17) can reach. Every such conversion in HedgeLab goes
/// through `Int(exactly:)` or one of these.
extension Int {
  /// `value` rounded by `rule`; `nil` when the result is NaN, infinite or outside `Int`'s range.
  @inlinable
  public init?(rounding value: Double, _ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) {
    self.init(exactly: value.rounded(rule))
  }

  /// `value` rounded by `rule` and clamped to `Int.min...Int.max`; 0 for NaN.
  @inlinable
  public init(clamping value: Double, _ rule: FloatingPointRoundingRule = .towardZero) {
    let r = value.rounded(rule)
    if r.isNaN {
      self = 0
    } else if r >= 9.223_372_036_854_775_807e18 {
      self = .max
    } else if r < -9.223_372_036_854_775_808e18 {
      self = .min
    } else {
      self.init(exactly: r)!
    }
  }
}
