import MarketData
import Simulation

/// What a hedge program cost and how much it traded, read from its trade ledger and daily
/// record: cost of protection, transaction costs, turnover, number of trades and, for
/// delta-, gamma- and vega-hedged books, the hedging error.
///
/// Ledger conventions (see `TradeRecord`): trades booked by rules have `rule ≥ 0`; the
/// initial portfolio and the `financing` trades (holdings sold or bought to pay for the
/// hedge) have `rule == −1`; option settlements have reason `expiry`, a quantity of minus the
/// position and the intrinsic value as price.
public struct HedgingEfficiency: Sendable {
  /// Σ q·price over the rules' option trades (settlements excluded), currency units: premium
  /// paid, net of premium received for options sold (a short call of a collar lowers it).
  public let optionPremiumsPaid: Double
  /// Σ settlement values of the rules' options at expiry plus the mark-to-market value of the
  /// rules' options still held on the last day, currency units (net of payoffs paid on short
  /// options).
  public let optionPayoffsReceived: Double
  /// Premiums net of payoffs per year as a fraction of the average portfolio value (see
  /// `CostOfProtection`); `nil` when the program's rules traded no options.
  public let costOfProtection: CostOfProtection?
  /// Σ commissions, spreads and fees paid, currency units.
  public let transactionCosts: Double
  /// Transaction costs per year as a decimal fraction of the average portfolio value.
  public let transactionCostsAnnualFraction: Double?
  /// Gross annual turnover (see `Turnover`) of the rules' trades and the financing trades
  /// they caused: notional |q·price| for the underlying and futures, premium for options.
  public let turnover: Double?
  /// Trades booked by rules (settlements, the initial portfolio and financing excluded).
  public let tradeCount: Int
  /// `tradeCount` per calendar year.
  public let tradesPerYear: Double?
  /// The hedging error of a delta-, gamma- or vega-hedged book (see `HedgingTarget`), or
  /// `nil` for other programs.
  public let hedgingError: HedgingError?
  /// What the hedging error is measured against.
  public let hedgingTarget: HedgingTarget?

  /// - Parameters:
  ///   - program: the program's simulated output.
  ///   - curve: its equity curve (for years and the average value).
  ///   - lastSpots: the close of each underlying on the last day.
  ///   - hedgingError: the hedging error and its target, when the program is a greek hedge.
  /// - Throws: `AnalyticsError.nonFiniteValue` for a non-finite amount in the ledger.
  public init(
    program: ProgramResult, curve: EquityCurve, lastSpots: [Double],
    hedgingError: (HedgingError?, HedgingTarget)? = nil
  ) throws(AnalyticsError) {
    var premiums = [Double]()
    var payoffs = [Double]()
    var notionals = [Double]()
    var quantities = [Double]()
    var hedgeUnits = [Double](repeating: 0, count: lastSpots.count)
    var rulesTradedOptions = false
    for trade in program.trades {
      let amount = trade.quantity * trade.price
      if trade.rule >= 0 {
        if trade.instrument.kind == .option {
          rulesTradedOptions = true
          if trade.reason == .expiry { payoffs.append(-amount) } else { premiums.append(amount) }
        }
        if trade.instrument.kind == .underlying { hedgeUnits[trade.instrument.underlying] += trade.quantity }
        if trade.reason != .expiry {
          notionals.append(amount)
          quantities.append(trade.quantity)
        }
      } else if trade.reason == .financing {
        notionals.append(amount)
      }
    }
    // The rules' options still open: the hedge leg's value less the rules' underlying units
    // (futures carry no value: their variation margin is settled into cash every day).
    if let hedgeValue = program.daily.hedgeValue.last, rulesTradedOptions {
      var openOptions = hedgeValue
      for u in hedgeUnits.indices { openOptions -= hedgeUnits[u] * lastSpots[u] }
      payoffs.append(openOptions)
    }
    optionPremiumsPaid = try finiteSum(premiums, "option premiums of \(program.name)")
    optionPayoffsReceived = try finiteSum(payoffs, "option payoffs of \(program.name)")
    if rulesTradedOptions {
      costOfProtection = try CostOfProtection.of(
        premiumsPaid: premiums, payoffsReceived: payoffs, over: curve)
    } else {
      costOfProtection = nil
    }
    transactionCosts = try TransactionCosts.total(program.daily.costs)
    transactionCostsAnnualFraction = try TransactionCosts.annualFraction(
      program.daily.costs, over: curve)
    turnover = try Turnover.annual(tradedNotionals: notionals, over: curve)
    tradeCount = TradeCount.of(quantities: quantities)
    tradesPerYear = TradeCount.perYear(quantities: quantities, over: curve)
    self.hedgingError = hedgingError?.0
    hedgingTarget = hedgingError?.1
  }
}

/// The P&L a greek-hedged book is measured against.
///
/// The book's P&L is its market P&L, `pnlUnderlying + pnlOptions` (interest, dividends and
/// costs excluded, as in Hull's hedging simulations), from day 1 on.
public enum HedgingTarget: Equatable, Sendable {
  /// A delta-, gamma- or vega-neutral book is meant to make no market P&L: its whole market
  /// P&L is hedging error.
  case zero
  /// A delta rule replicating a put (`synthetic-put`) is measured against the program of the
  /// same scenario that buys that put (same strike fraction and tenor): the target of day i
  /// is that program's market return applied to this program's value,
  /// `pnl_put,i / V_put,i−1 · V_i−1`, so the error does not grow as the two values drift
  /// apart.
  case program(String)

  /// `zero` or the program's name.
  public var label: String {
    switch self {
    case .zero: return "zero"
    case .program(let name): return name
    }
  }
}
