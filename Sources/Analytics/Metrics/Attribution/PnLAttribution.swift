/// One named source of daily P&L, e.g. "underlying", "options", "carry", "costs".
public struct PnLComponent: Equatable, Sendable {
  public let name: String
  /// Daily P&L in currency units (costs negative), one value per day.
  public let daily: [Double]

  public init(name: String, daily: [Double]) {
    self.name = name
    self.daily = daily
  }
}

/// Cumulative P&L split into components: the running sum of each component's daily P&L, so
/// the stacked components add up to the cumulative total.
///
/// `C_k(t) = Σ_{i ≤ t} p_{k,i}`, `Total(t) = Σ_k C_k(t)`. When the actual daily P&L is given,
/// the unexplained part `Residual(t) = Σ_{i ≤ t} (actual_i − Σ_k p_{k,i})` is reported too, so
/// a simulator bug or a missing component shows up instead of being silently absorbed.
///
/// Edge cases: no components or no days give empty series and totals of 0.
///
/// References: Bacon (2008), *Practical Portfolio Performance Measurement and Attribution*,
/// ch. 5 (contribution analysis: components sum to the total).
public struct PnLAttribution: Equatable, Sendable {
  /// Component names in input order.
  public let names: [String]
  /// Running sums per component, currency units (same order as `names`).
  public let cumulative: [[Double]]
  /// Running sum of all components, currency units.
  public let cumulativeTotal: [Double]
  /// Running sum of actual − Σ components, or `nil` when no actual P&L was given.
  public let cumulativeResidual: [Double]?

  /// Final cumulative P&L of each component, currency units (0 when there are no days).
  public var totals: [Double] { cumulative.map { $0.last ?? 0 } }

  /// - Throws: `AnalyticsError` when the components (and the actual P&L) differ in length or
  ///   hold a non-finite value.
  public init(components: [PnLComponent], actual: [Double]? = nil) throws(AnalyticsError) {
    let days = components.first?.daily.count ?? actual?.count ?? 0
    var cumulative = [[Double]]()
    cumulative.reserveCapacity(components.count)
    var total = [Double](repeating: 0, count: days)
    for component in components {
      guard component.daily.count == days else {
        throw .lengthMismatch(
          series: "P&L component \(component.name)", count: component.daily.count,
          expected: days, reference: "P&L component \(components[0].name)")
      }
      var running = 0.0
      var series = [Double]()
      series.reserveCapacity(days)
      for (i, p) in component.daily.enumerated() {
        guard p.isFinite else {
          throw .nonFiniteValue(
            series: "P&L component \(component.name)", index: i, day: nil, value: p)
        }
        running += p
        series.append(running)
        total[i] += running
      }
      cumulative.append(series)
    }
    if let actual {
      guard actual.count == days else {
        throw .lengthMismatch(
          series: "actual P&L", count: actual.count, expected: days,
          reference: "the P&L components")
      }
      var running = 0.0
      var residual = [Double]()
      residual.reserveCapacity(days)
      for (i, a) in actual.enumerated() {
        guard a.isFinite else {
          throw .nonFiniteValue(series: "actual P&L", index: i, day: nil, value: a)
        }
        running += a
        residual.append(running - total[i])
      }
      cumulativeResidual = residual
    } else {
      cumulativeResidual = nil
    }
    names = components.map(\.name)
    self.cumulative = cumulative
    cumulativeTotal = total
  }
}
