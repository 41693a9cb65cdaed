import MarketData
import Pricing
import RealModule

/// The initial portfolio with symbols resolved to underlying indices.
struct ResolvedPortfolio: Sendable {
  var cash: Double
  /// Per underlying: units or notional (converted at the first close).
  var holdings: [(underlying: Int, size: PositionSize)]
  var options: [(underlying: Int, spec: OptionSpec)]
  var futures: [(underlying: Int, spec: FutureSpec)]
}

/// Steps one program through the tape.
///
/// Event order on each step `t` (documented in `Scenarios/README.md`):
/// 1. **Mark to market** at the day's close: underlying P&L `units·(S_t − S_{t−1})`; every
///    option repriced by Black-Scholes-Merton at the implied volatility of its strike and
///    tenor (its P&L `q·(V_t − V_{t−1})`); futures repriced by cost of carry (a rule's dated
///    futures at `S·e^{b·T}` with their basis, ``DatedFutureTerms``), the variation margin
///    `q·(F_t − F_{t−1})` (inverse: `face·(1/F_{t−1} − 1/F_t)·S_t`) paid to cash.
/// 2. **Carry** over the `Δt = days/365` since the previous step: interest
///    `cash·(e^{r_{t−1}Δt} − 1)` (paid when cash is negative), dividends
///    `units·S_{t−1}·(e^{q_{t−1}Δt} − 1)` to holders of the underlying (paid by short units),
///    plus `units·D_t` for a cash dividend `D_t` going ex in the interval (`data.dividend-cash`).
///    With `dividends: reinvest`, the dividend of the holdings (base units) then buys
///    `dividend / S_t` more units at the close, without costs or ledger entry (value
///    unchanged; the dividend stays in the day's carry P&L).
/// 3. **Expiries and settlements**: options whose settlement day is today settle at intrinsic
///    value into cash; futures settle at the spot.
/// 4. **Rule decisions**: each rule of the program, in order, sees the market up to today and
///    the portfolio, and returns orders; they are executed at today's mid prices before the
///    next rule decides, each trade's costs booked as separate cash flows.
///    Cash flows of rules whose contracts settle in the coin (``ContractSettlement/inverse``:
///    an inverse perpetual's margin and funding, payoffs at expiry, then each rule's premiums
///    and costs) are converted at the close into units of their underlying's holding, without
///    costs: after step 3, and after each rule's trades, so the next rule sees the holding.
/// 5. **Record** the day: value, hedge-leg value, cash, greeks, P&L split.
/// On the first step, the initial portfolio is set up at mid (no costs) before the rules.
struct ProgramEngine {
  let tape: MarketTape
  let costs: CostModel
  var rules: [any HedgeRule]
  var portfolio: Portfolio
  var daily: DailyRecord
  var trades: [TradeRecord] = []
  var orders: [TradeOrder] = []
  var nextID = 0
  var costsToday = 0.0
  /// Cash paid (−) or received (+) today for rules' option trades and settlements and for all
  /// costs: what `financing: holdings` offsets by trading the holdings.
  var hedgeCashFlowToday = 0.0
  var costTotals = TradeCosts()
  var initialValue = 0.0
  /// Stop after this step (a risk snapshot on a date); `nil` runs the whole tape.
  var lastStep: Int? = nil
  /// When set, `margin[t]` receives the maintenance margin after step `t`'s trades (USD).
  var marginModel: MarginModel? = nil
  var margin: [Double] = []

  let financing: Financing
  let dividends: DividendTreatment
  /// Per rule: true when its contracts settle in the coin.
  let settlesInCoin: [Bool]
  let hasCoinSettlement: Bool
  /// Today's cash flows (+ received) of coin-settled contracts, per underlying.
  var coinFlowToday: [Double]
  /// Funding paid today on perpetuals (+ paid), in currency.
  var fundingToday = 0.0

  init(
    tape: MarketTape, costs: CostModel, financing: Financing, dividends: DividendTreatment,
    rules: [any HedgeRule]
  ) {
    self.tape = tape
    self.costs = costs
    self.financing = financing
    self.dividends = dividends
    self.rules = rules
    settlesInCoin = rules.map { $0.settlement == .inverse }
    hasCoinSettlement = settlesInCoin.contains(true)
    coinFlowToday = [Double](repeating: 0, count: tape.underlyingCount)
    portfolio = Portfolio(cash: 0, baseUnits: [Double](repeating: 0, count: tape.underlyingCount))
    daily = DailyRecord(count: tape.count)
    orders.reserveCapacity(16)
    // A rule trades at most about once a day (daily hedges); reserving for that up front spares
    // the ledger a reallocation and copy of every record near the end of a long run.
    trades.reserveCapacity(tape.count * max(1, rules.count) + 64)
    portfolio.options.reserveCapacity(16)
  }

  mutating func run(initial: ResolvedPortfolio) {
    let n = tape.count
    let m = tape.underlyingCount
    guard n > 0 else { return }
    // The daily columns are local while stepping (so the optimiser can hoist their
    // uniqueness checks out of the loop), then moved into `daily`.
    var value = daily.value
    var hedgeValue = daily.hedgeValue
    var cashColumn = daily.cash
    var deltaColumn = daily.delta
    var gammaColumn = daily.gamma
    var vegaColumn = daily.vega
    var thetaColumn = daily.theta
    var underlyingColumn = daily.pnlUnderlying
    var optionsColumn = daily.pnlOptions
    var carryColumn = daily.pnlCarry
    var costsColumn = daily.costs
    daily = DailyRecord(count: 0)
    // A Bool, so that a run without margin touches no model (no reference count) per day.
    let computesMargin = marginModel != nil
    if computesMargin { margin = [Double](repeating: 0, count: n) }
    var marginRanges: [Double] = []
    if case .tims(let model) = marginModel { marginRanges = tape.symbols.map(model.range(of:)) }
    let reinvest = dividends == .reinvest
    for t in 0..<min(n, (lastStep ?? n - 1) + 1) {
      let view = MarketView(tape: tape, index: t)
      costsToday = 0
      hedgeCashFlowToday = 0
      var pnlUnderlying = 0.0
      var pnlOptions = 0.0
      var pnlCarry = 0.0
      if t == 0 {
        setUp(initial, view)
        initialValue = portfolio.value { view.spot($0) }
      } else {
        // 1. Mark to market.
        var reinvested = 0.0
        for u in 0..<m {
          let units = portfolio.baseUnits[u] + portfolio.hedgeUnits[u]
          if units != 0 {
            let previous = tape.spot(u, t - 1)
            pnlUnderlying += units * (tape.spot(u, t) - previous)
            // 2. Dividends on the units held over the interval.
            // The yield over the interval plus a cash dividend gone ex in it (per unit; the
            // products grouped as without cash dividends, so those runs keep every bit).
            let growth = tape.dividendGrowth[u &* n &+ t]
            let cash = tape.cashDividends[u &* n &+ t]
            pnlCarry += units * previous * growth + units * cash
            if reinvest, growth != 0 || cash != 0, portfolio.baseUnits[u] != 0 {
              // The holdings' dividend buys units at today's close (cash −d, units·S +d).
              let dividend = portfolio.baseUnits[u] * previous * growth + portfolio.baseUnits[u] * cash
              portfolio.baseUnits[u] += dividend / tape.spot(u, t)
              reinvested += dividend
            }
          }
        }
        pnlOptions = markOptions(view)
        if !portfolio.futures.isEmpty {
          pnlUnderlying += markFutures(view)
          pnlCarry -= fundingToday
        }
        // 2. Interest on cash.
        pnlCarry += portfolio.cash * tape.interestGrowth[t]
        portfolio.cash += pnlCarry - reinvested
        // 3. Expiries.
        settleExpiries(view)
        if hasCoinSettlement { settleInCoin(view) }
      }
      // 4. Rules.
      for r in rules.indices {
        orders.removeAll(keepingCapacity: true)
        // (Written only under `financing: holdings`; it stays nil otherwise.)
        if financing == .holdings { portfolio.pendingFinancing = hedgeCashFlowToday }
        rules[r].decide(market: view, portfolio: portfolio, orders: &orders)
        if !orders.isEmpty { execute(owner: r, view) }
        if hasCoinSettlement { settleInCoin(view) }
      }
      if financing == .holdings, hedgeCashFlowToday != 0 { financeFromHoldings(view) }
      // 5. Record.
      let state = snapshot(view)
      value[t] = state.value
      hedgeValue[t] = state.hedgeValue
      cashColumn[t] = portfolio.cash
      deltaColumn[t] = state.delta
      gammaColumn[t] = state.gamma
      vegaColumn[t] = state.vega
      thetaColumn[t] = state.theta
      underlyingColumn[t] = pnlUnderlying
      optionsColumn[t] = pnlOptions
      carryColumn[t] = pnlCarry
      costsColumn[t] = costsToday
      if computesMargin {
        if case .tims(let model) = marginModel {
          margin[t] = model.margin(PortfolioRevaluation(portfolio, view), ranges: marginRanges)
        } else if let marginModel {
          margin[t] = marginModel.requirement(portfolio, view).maintenance
        }
      }
    }
    daily = DailyRecord(
      value: value, hedgeValue: hedgeValue, cash: cashColumn, delta: deltaColumn,
      gamma: gammaColumn, vega: vegaColumn, theta: thetaColumn, pnlUnderlying: underlyingColumn,
      pnlOptions: optionsColumn, pnlCarry: carryColumn, costs: costsColumn)
  }

  // MARK: - Steps

  private mutating func setUp(_ initial: ResolvedPortfolio, _ view: MarketView) {
    portfolio.cash = initial.cash
    for (u, size) in initial.holdings {
      switch size {
      case .units(let q): portfolio.baseUnits[u] += q
      case .notional(let x): portfolio.baseUnits[u] += x / view.spot(u)
      }
      trades.append(
        TradeRecord(
          day: view.day, rule: -1, instrument: Instrument(kind: .underlying, underlying: u),
          quantity: portfolio.baseUnits[u], price: view.spot(u), costs: TradeCosts(),
          reason: .initial))
    }
    // Holdings are an endowment (their value is part of the initial value); options and
    // futures are bought at mid from the initial cash.
    for (u, spec) in initial.options {
      let strike: Double
      switch spec.strike {
      case .absolute(let k): strike = k
      case .fractionOfSpot(let f): strike = f * view.spot(u)
      }
      let expiry: Expiry
      switch spec.expiry {
      case .date(let d): expiry = tape.settlement(of: d)
      case .tenorDays(let days): expiry = view.monthlyExpiry(tenorDays: days)
      }
      openOption(
        u, spec.kind, strike, expiry, spec.quantity, owner: -1, reason: .initial, view, free: true)
    }
    for (u, spec) in initial.futures {
      let expiry: Expiry
      switch spec.expiry {
      case .date(let d): expiry = tape.settlement(of: d)
      case .tenorDays(let days): expiry = view.quarterlyExpiry(minimumDays: days)
      }
      openFuture(u, expiry, spec.quantity, owner: -1, reason: .initial, view, free: true)
    }
  }

  /// Trades the holdings in proportion to their values to offset today's hedge cash flow.
  private mutating func financeFromHoldings(_ view: MarketView) {
    let flow = hedgeCashFlowToday
    var total = 0.0
    for u in portfolio.baseUnits.indices where portfolio.baseUnits[u] != 0 {
      total += portfolio.baseUnits[u] * view.spot(u)
    }
    guard total > 0 else { return }
    for u in portfolio.baseUnits.indices where portfolio.baseUnits[u] != 0 {
      let price = view.spot(u)
      let q = flow * (portfolio.baseUnits[u] * price / total) / price
      guard abs(q) > Self.quantityTolerance else { continue }
      let c = costs.underlyingTrade(quantity: q, price: price)
      portfolio.cash -= q * price
      portfolio.baseUnits[u] += q
      book(c, view, -1, Instrument(kind: .underlying, underlying: u), q, price, .financing)
    }
  }

  /// Reprices every option at today's market; returns the options' P&L since yesterday.
  private mutating func markOptions(_ view: MarketView) -> Double {
    var pnl = 0.0
    let count = portfolio.options.count
    if count == 0 { return 0 }
    portfolio.options.withUnsafeMutableBufferPointer { options in
      for i in 0..<count {
        let (g, σ) = view.greeks(
          options[i].underlying, kind: options[i].kind, strike: options[i].strike,
          expiry: options[i].expiry.day)
        pnl += options[i].quantity * (g.price - options[i].previousPrice)
        options[i].price = g.price
        options[i].previousPrice = g.price
        options[i].delta = g.delta
        options[i].gamma = g.gamma
        options[i].vega = g.vega
        options[i].theta = g.theta
        options[i].volatility = σ
      }
    }
    return pnl
  }

  /// Reprices futures and pays the variation margin into cash; returns the margin.
  private mutating func markFutures(_ view: MarketView) -> Double {
    var margin = 0.0
    fundingToday = 0
    for i in portfolio.futures.indices {
      let f = portfolio.futures[i]
      if let terms = f.perpetual {
        // A perpetual trades at spot; funding on the notional at today's close.
        let spot = view.spot(f.underlying)
        let variation = f.quantity * (spot - f.price)
        let inverse = terms.settlement == .inverse
        let days = tape.days[view.index - 1].days(to: view.day)
        let stored = f.storedSeries >= 0 ? tape.ruleSeries.value(f.storedSeries, view.index) : 0
        let funding = terms.fundingPaid(
          notional: inverse ? f.faceValue : f.quantity * spot, days: days, storedRate: stored)
        margin += variation
        fundingToday += funding
        portfolio.futures[i].price = spot
        if inverse {
          portfolio.futures[i].quantity = f.faceValue / spot
          if f.owner >= 0 { coinFlowToday[f.underlying] += variation - funding }
        }
        continue
      }
      if let terms = f.dated {
        // A dated future with a basis: F = S·e^{b·T}, settled at the spot on its last close.
        let price = datedFuturePrice(f.underlying, f.expiry.day, terms, series: f.storedSeries, view)
        if terms.settlement == .inverse {
          // Coin P&L face·(1/F_{t−1} − 1/F_t), valued at today's close.
          let variation = f.faceValue * (1 / f.price - 1 / price) * view.spot(f.underlying)
          margin += variation
          portfolio.futures[i].quantity = f.faceValue / price
          if f.owner >= 0 { coinFlowToday[f.underlying] += variation }
        } else {
          margin += f.quantity * (price - f.price)
        }
        portfolio.futures[i].price = price
        portfolio.futures[i].delta = price / view.spot(f.underlying)
        continue
      }
      let price = view.futurePrice(f.underlying, expiry: f.expiry.day)
      margin += f.quantity * (price - f.price)
      portfolio.futures[i].price = price
      portfolio.futures[i].delta = view.futureDelta(f.underlying, expiry: f.expiry.day)
    }
    portfolio.cash += margin
    return margin
  }

  /// Books a hedge cash flow (+ received): into the coin flow of `u` when rule `owner` settles
  /// in the coin, else into the flow `financing: holdings` offsets.
  @inline(__always)
  private mutating func hedgeFlow(_ amount: Double, owner: Int, underlying u: Int) {
    if owner >= 0, settlesInCoin[owner] {
      coinFlowToday[u] += amount
    } else {
      hedgeCashFlowToday += amount
    }
  }

  /// Converts today's coin-settled cash flows into units of each underlying at the close:
  /// paying a premium in coin sells that much of the holding, a payoff in coin adds to it.
  private mutating func settleInCoin(_ view: MarketView) {
    for u in coinFlowToday.indices where coinFlowToday[u] != 0 {
      let flow = coinFlowToday[u]
      coinFlowToday[u] = 0
      let price = view.spot(u)
      let q = flow / price
      portfolio.cash -= flow
      portfolio.baseUnits[u] += q
      trades.append(
        TradeRecord(
          day: view.day, rule: -1, instrument: Instrument(kind: .underlying, underlying: u),
          quantity: q, price: price, costs: TradeCosts(), reason: .financing))
    }
  }

  private mutating func settleExpiries(_ view: MarketView) {
    let t = view.index
    var expired = false
    for o in portfolio.options where o.expiry.index <= t {
      expired = true
      // Priced at T = 0 in markOptions: the price is the intrinsic value.
      portfolio.cash += o.quantity * o.price
      if o.owner >= 0 { hedgeFlow(o.quantity * o.price, owner: o.owner, underlying: o.underlying) }
      trades.append(
        TradeRecord(
          day: view.day, rule: o.owner,
          instrument: Instrument(
            kind: .option, underlying: o.underlying, optionKind: o.kind, strike: o.strike,
            expiry: o.expiry.day),
          quantity: -o.quantity, price: o.price, costs: TradeCosts(), reason: .expiry))
    }
    if expired {
      portfolio.options.removeAll { $0.expiry.index <= t }
      portfolio.revision += 1
    }
    expired = false
    for f in portfolio.futures where f.expiry.index <= t {
      expired = true
      trades.append(
        TradeRecord(
          day: view.day, rule: f.owner,
          instrument: Instrument(kind: .future, underlying: f.underlying, expiry: f.expiry.day),
          quantity: -f.quantity, price: f.price, costs: TradeCosts(), reason: .expiry))
    }
    if expired {
      portfolio.futures.removeAll { $0.expiry.index <= t }
    }
  }

  // MARK: - Execution

  /// Quantities smaller than this (units of underlying) are not traded.
  static var quantityTolerance: Double { 1e-9 }

  private mutating func execute(owner: Int, _ view: MarketView) {
    for i in orders.indices {
      switch orders[i] {
      case .underlying(let u, let q, let reason):
        guard abs(q) > Self.quantityTolerance else { continue }
        let price = view.spot(u)
        let c = costs.underlyingTrade(quantity: q, price: price)
        portfolio.cash -= q * price
        portfolio.hedgeUnits[u] += q
        book(c, view, owner, Instrument(kind: .underlying, underlying: u), q, price, reason)
      case .openOption(let u, let kind, let strike, let expiry, let q, let reason):
        openOption(u, kind, strike, expiry, q, owner: owner, reason: reason, view, free: false)
      case .resizeOption(let id, let by, let reason):
        guard let j = portfolio.options.firstIndex(where: { $0.id == id }) else {
          preconditionFailure("rule \(owner) resized option \(id), which is not held")
        }
        tradeOption(at: j, by: by, owner: owner, reason: reason, view)
      case .closeOption(let id, let reason):
        guard let j = portfolio.options.firstIndex(where: { $0.id == id }) else {
          preconditionFailure("rule \(owner) closed option \(id), which is not held")
        }
        tradeOption(at: j, by: -portfolio.options[j].quantity, owner: owner, reason: reason, view)
      case .openFuture(let u, let expiry, let q, let reason):
        openFuture(u, expiry, q, owner: owner, reason: reason, view, free: false)
      case .openPerpetual(let u, let q, let terms, let reason):
        guard abs(q) > Self.quantityTolerance else { continue }
        let price = view.spot(u)
        portfolio.futures.append(
          FuturePosition(
            id: nextID, owner: owner, underlying: u, expiry: PerpetualTerms.noExpiry, quantity: q,
            price: price, delta: 1, perpetual: terms,
            faceValue: terms.settlement == .inverse ? q * price : 0,
            storedSeries: seriesIndex(terms.funding)))
        nextID += 1
        book(
          costs.futureTrade(quantity: q, price: price), view, owner,
          Instrument(kind: .future, underlying: u), q, price, reason)
      case .openDatedFuture(let u, let expiry, let q, let terms, let reason):
        guard abs(q) > Self.quantityTolerance else { continue }
        let series = seriesIndex(terms.basis)
        let price = datedFuturePrice(u, expiry.day, terms, series: series, view)
        portfolio.futures.append(
          FuturePosition(
            id: nextID, owner: owner, underlying: u, expiry: expiry, quantity: q, price: price,
            delta: price / view.spot(u), faceValue: terms.settlement == .inverse ? q * price : 0,
            dated: terms, storedSeries: series))
        nextID += 1
        book(
          costs.futureTrade(quantity: q, price: price), view, owner,
          Instrument(kind: .future, underlying: u, expiry: expiry.day), q, price, reason)
      case .resizeFuture(let id, let by, let reason):
        guard let j = portfolio.futures.firstIndex(where: { $0.id == id }) else {
          preconditionFailure("rule \(owner) resized future \(id), which is not held")
        }
        tradeFuture(at: j, by: by, owner: owner, reason: reason, view)
      case .closeFuture(let id, let reason):
        guard let j = portfolio.futures.firstIndex(where: { $0.id == id }) else {
          preconditionFailure("rule \(owner) closed future \(id), which is not held")
        }
        tradeFuture(at: j, by: -portfolio.futures[j].quantity, owner: owner, reason: reason, view)
      }
    }
  }

  private mutating func openOption(
    _ u: Int, _ kind: OptionKind, _ strike: Double, _ expiry: Expiry, _ q: Double, owner: Int,
    reason: TradeReason, _ view: MarketView, free: Bool
  ) {
    guard abs(q) > Self.quantityTolerance else { return }
    let (g, σ) = view.greeks(u, kind: kind, strike: strike, expiry: expiry.day)
    let c = free ? TradeCosts() : costs.optionTrade(quantity: q, price: g.price, vega: g.vega)
    portfolio.cash -= q * g.price
    if !free { hedgeFlow(-q * g.price, owner: owner, underlying: u) }
    portfolio.options.append(
      OptionPosition(
        id: nextID, owner: owner, underlying: u, kind: kind, strike: strike, expiry: expiry,
        quantity: q, price: g.price, delta: g.delta, gamma: g.gamma, vega: g.vega,
        theta: g.theta, volatility: σ, previousPrice: g.price))
    nextID += 1
    portfolio.revision += 1
    book(
      c, view, owner,
      Instrument(kind: .option, underlying: u, optionKind: kind, strike: strike, expiry: expiry.day),
      q, g.price, reason)
  }

  private mutating func tradeOption(
    at j: Int, by q: Double, owner: Int, reason: TradeReason, _ view: MarketView
  ) {
    guard abs(q) > Self.quantityTolerance else { return }
    let o = portfolio.options[j]
    let c = costs.optionTrade(quantity: q, price: o.price, vega: o.vega)
    portfolio.cash -= q * o.price
    hedgeFlow(-q * o.price, owner: owner, underlying: o.underlying)
    let remaining = o.quantity + q
    if abs(remaining) <= Self.quantityTolerance {
      portfolio.options.remove(at: j)
    } else {
      portfolio.options[j].quantity = remaining
    }
    portfolio.revision += 1
    book(
      c, view, owner,
      Instrument(
        kind: .option, underlying: o.underlying, optionKind: o.kind, strike: o.strike,
        expiry: o.expiry.day),
      q, o.price, reason)
  }

  private mutating func openFuture(
    _ u: Int, _ expiry: Expiry, _ q: Double, owner: Int, reason: TradeReason,
    _ view: MarketView, free: Bool
  ) {
    guard abs(q) > Self.quantityTolerance else { return }
    let price = view.futurePrice(u, expiry: expiry.day)
    let c = free ? TradeCosts() : costs.futureTrade(quantity: q, price: price)
    portfolio.futures.append(
      FuturePosition(
        id: nextID, owner: owner, underlying: u, expiry: expiry, quantity: q, price: price,
        delta: view.futureDelta(u, expiry: expiry.day)))
    nextID += 1
    book(c, view, owner, Instrument(kind: .future, underlying: u, expiry: expiry.day), q, price, reason)
  }

  private mutating func tradeFuture(
    at j: Int, by q: Double, owner: Int, reason: TradeReason, _ view: MarketView
  ) {
    guard abs(q) > Self.quantityTolerance else { return }
    let f = portfolio.futures[j]
    let c = costs.futureTrade(quantity: q, price: f.price)
    let remaining = f.quantity + q
    if abs(remaining) <= Self.quantityTolerance {
      portfolio.futures.remove(at: j)
    } else {
      portfolio.futures[j].quantity = remaining
      if f.isInverse { portfolio.futures[j].faceValue = remaining * f.price }
    }
    book(
      c, view, owner,
      Instrument(kind: .future, underlying: f.underlying, expiry: f.perpetual == nil ? f.expiry.day : nil),
      q, f.price, reason)
  }

  /// The index of a rate's stored series on the tape, −1 for a model constant.
  private func seriesIndex(_ source: RateSource) -> Int {
    if case .series(let name) = source { return tape.ruleSeries.index(of: name) }
    return -1
  }

  /// Today's price of a dated future with a basis: `S·e^{b·T}`, T in calendar days / 365 to
  /// its settlement close.
  @inline(__always)
  private func datedFuturePrice(
    _ u: Int, _ expiry: Day, _ terms: DatedFutureTerms, series: Int, _ view: MarketView
  ) -> Double {
    let basis: Double
    switch terms.basis {
    case .constant(let b): basis = b
    case .series: basis = tape.ruleSeries.value(series, view.index)
    }
    return InverseFuture.price(spot: view.spot(u), basis: basis, timeToExpiry: view.timeToExpiry(expiry))
  }

  @inline(__always)
  private mutating func book(
    _ c: TradeCosts, _ view: MarketView, _ owner: Int, _ instrument: Instrument, _ q: Double,
    _ price: Double, _ reason: TradeReason
  ) {
    let total = c.total
    portfolio.cash -= total
    costsToday += total
    if reason != .financing { hedgeFlow(-total, owner: owner, underlying: instrument.underlying) }
    costTotals += c
    trades.append(
      TradeRecord(
        day: view.day, rule: owner, instrument: instrument, quantity: q, price: price, costs: c,
        reason: reason))
  }

  // MARK: - Record

  /// Value, hedge-leg value and money greeks of the portfolio at today's marks.
  @inline(__always)
  private func snapshot(_ view: MarketView) -> (
    value: Double, hedgeValue: Double, delta: Double, gamma: Double, vega: Double, theta: Double
  ) {
    var value = portfolio.cash
    var hedgeValue = 0.0
    var delta = 0.0
    var gamma = 0.0
    var vega = 0.0
    var theta = 0.0
    for u in 0..<tape.underlyingCount {
      let s = view.spot(u)
      let units = portfolio.baseUnits[u] + portfolio.hedgeUnits[u]
      value += units * s
      hedgeValue += portfolio.hedgeUnits[u] * s
      delta += units * s
    }
    portfolio.options.withUnsafeBufferPointer { options in
      for i in options.indices {
        let s = view.spot(options[i].underlying)
        let q = options[i].quantity
        let v = q * options[i].price
        value += v
        if options[i].owner >= 0 { hedgeValue += v }
        delta += q * options[i].delta * s
        gamma += q * options[i].gamma * s * s
        vega += q * options[i].vega
        theta += q * options[i].theta
      }
    }
    for f in portfolio.futures {
      delta += f.quantity * f.delta * view.spot(f.underlying)
    }
    return (value, hedgeValue, delta, gamma, vega, theta)
  }
}
