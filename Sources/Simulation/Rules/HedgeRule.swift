/// A hedge rule: each day it looks at the market (today and the past only) and at the
/// portfolio, and appends the trades it wants. The engine executes them at the day's prices,
/// charges the costs and books them; the rule never touches cash or positions itself.
///
/// Rules of a program run in order, each one's trades executed before the next decides, so a
/// delta hedge placed after a protective put sees the put already bought. A rule may keep its
/// own state (last rebalance, budget spent), hence `mutating`.
public protocol HedgeRule: Sendable {
  /// Appends today's orders to `orders` (which arrives empty).
  mutating func decide(market: MarketView, portfolio: Portfolio, orders: inout [TradeOrder])
  /// How the rule's premiums, margin, funding and payoffs settle: `inverse` ones are paid in
  /// the coin, i.e. converted into the holding at the day's close (default `linear`).
  var settlement: ContractSettlement { get }

  /// What the rule does, for reports (roll period, premium flows, hedging target): the
  /// Analytics module reads this and never switches on rule kinds.
  var profile: RuleProfile { get }
}

extension HedgeRule {
  public var settlement: ContractSettlement { .linear }
}

/// How a rule describes itself to the reports.
public struct RuleProfile: Sendable, Equatable {
  /// What a greek hedge's market P&L is measured against (its hedging error).
  public enum Target: Sendable, Equatable {
    /// Not a greek hedge: no hedging error.
    case none
    /// A delta-, gamma- or vega-neutral book: its whole market P&L is hedging error.
    case neutral
    /// Keeps a directional position (a delta target of this fraction of the holding, ≠ 0):
    /// not a hedge, so no hedging error.
    case directional(targetDelta: Double)
    /// Replicates a put (strike fraction, tenor in calendar days): measured against the
    /// program that buys it.
    case replicatesPut(strike: Double, tenorDays: Int)
  }

  /// When options are renewed: a tenor (calendar days) and a roll rule.
  public struct RollSchedule: Sendable, Equatable {
    public var tenorDays: Int
    public var roll: OptionOverlay.Roll

    /// Steps between rolls: the tenor when held to expiry, `roll-every-days` steps (or the
    /// tenor if sooner), or the tenor less `roll-below-days`; calendar days become steps at
    /// `stepsPerYear / 365`.
    public func steps(stepsPerYear: Double) -> Int {
      func steps(_ calendarDays: Int) -> Int {
        max(1, Int(clamping: Double(calendarDays) * stepsPerYear / 365, .toNearestOrAwayFromZero))
      }
      switch roll {
      case .atExpiry: return steps(tenorDays)
      case .everyDays(let n): return min(n, steps(tenorDays))
      case .belowDays(let d): return steps(tenorDays - d)
      }
    }
  }

  /// Whether the rule trades at all (`none` does not: a program of such rules is unhedged).
  public var trades: Bool
  /// When it renews options on a schedule; `nil` otherwise.
  public var rollSchedule: RollSchedule?
  /// Whether the options it opens are premium flows (paid or received).
  public var paysOptionPremiums: Bool
  /// The single long put it holds (strike fraction, tenor in calendar days), if that is all
  /// it holds: the target of a replicating delta hedge.
  public var holdsPut: (strike: Double, tenorDays: Int)?
  public var target: Target

  public init(
    trades: Bool, rollSchedule: RollSchedule? = nil, paysOptionPremiums: Bool = false,
    holdsPut: (strike: Double, tenorDays: Int)? = nil, target: Target = .none
  ) {
    self.trades = trades
    self.rollSchedule = rollSchedule
    self.paysOptionPremiums = paysOptionPremiums
    self.holdsPut = holdsPut
    self.target = target
  }

  public static func == (a: RuleProfile, b: RuleProfile) -> Bool {
    a.trades == b.trades && a.rollSchedule == b.rollSchedule && a.paysOptionPremiums == b.paysOptionPremiums
      && a.holdsPut?.strike == b.holdsPut?.strike && a.holdsPut?.tenorDays == b.holdsPut?.tenorDays
      && a.target == b.target
  }
}

/// What a rule knows when it is built: its place in the program and the scenario's fixed
/// settings.
public struct RuleContext: Sendable {
  /// The rule's index in its program: the `owner` of the positions it opens.
  public let owner: Int
  /// The scenario's `data.underlyings`.
  public let symbols: [String]
  public let costs: CostModel
  /// 252 or 365.
  public let stepsPerYear: Double

  public init(owner: Int, symbols: [String], costs: CostModel, stepsPerYear: Double) {
    self.owner = owner
    self.symbols = symbols
    self.costs = costs
    self.stepsPerYear = stepsPerYear
  }

  /// Index of `symbol` in the underlyings (the first one when `nil`). Scenario validation has
  /// already checked that it exists.
  public func index(of symbol: String?) -> Int {
    guard let symbol else { return 0 }
    guard let i = symbols.firstIndex(of: symbol) else {
      preconditionFailure("symbol '\(symbol)' was not validated against data.underlyings")
    }
    return i
  }
}
