import Foundation
import HedgeLabTestSupport
import MarketData
import Pricing
import Simulation
import Testing

@Suite("Costs and expiries")
struct CostAndExpiryTests {
  /// A flat market: IDX at 100 every weekday, implied volatility 20 %, rate 0.
  static func flatMarket(days: [Day]) -> InMemoryMarketData {
    Fixtures.market(
      closes: ["IDX": (days, [Double](repeating: 100, count: days.count))],
      volatility: ["IDXVOL": (days, [Double](repeating: 0.2, count: days.count))])
  }

  static func scenario(costs: String, rules: String) -> String {
    """
    name: costs
    data:
      underlyings: [IDX]
      volatility: { IDX: { atm: IDXVOL } }
      rate: 0
    portfolio:
      cash: 10000
      holdings: [ { symbol: IDX, units: 100 } ]
    costs: \(costs)
    programs:
      - name: p
        rules: [ \(rules) ]
    """
  }

  @Test("an option trade pays half-spread, contract fee and minimum-fee top-up, each booked apart")
  func optionCosts() throws {
    let days = Fixtures.weekdays(from: Day(year: 2021, month: 3, day: 1)!, count: 30)
    let yaml = Self.scenario(
      costs: "{ option-half-spread: 0.1, contract-fee: 2, contract-multiplier: 100, minimum-fee: 5 }",
      rules: "{ type: protective-put, strike: 0.95, tenor-days: 30 }")
    let result = try Fixtures.run(yaml, on: Self.flatMarket(days: days))
    let program = result.programs[0]
    let open = program.trades.first { $0.reason == .open }!
    // Bought 2021-03-01: the monthly expiry nearest to 2021-03-31 is 2021-03-19.
    #expect(open.instrument.expiry == Day(year: 2021, month: 3, day: 19))
    #expect(open.quantity == 100)
    let expected = BlackScholesMerton.price(
      OptionContract(kind: .put, strike: 95, timeToExpiry: 18.0 / 365),
      MarketState(spot: 100, volatility: 0.2, riskFreeRate: 0))
    #expect(isClose(open.price, expected, relative: 1e-12))
    #expect(isClose(open.costs.spread, 100 * expected * 0.1, relative: 1e-12))
    #expect(open.costs.fees == 2)
    #expect(open.costs.minimumFee == 3)
    #expect(open.costs.commission == 0)
    #expect(isClose(program.daily.costs[0], open.costs.total, relative: 1e-12))
    #expect(isClose(program.daily.cash[0], 10000 - 100 * expected - open.costs.total, relative: 1e-12))
    #expect(isClose(program.daily.value[0], program.summary.initialValue - open.costs.total, relative: 1e-12))
  }

  @Test("a half-spread in volatility points costs vega × points / 100 per unit")
  func spreadInVolatilityPoints() throws {
    let days = Fixtures.weekdays(from: Day(year: 2021, month: 3, day: 1)!, count: 30)
    let yaml = Self.scenario(
      costs: "{ option-half-spread-vol: 1.5 }", rules: "{ type: protective-put, strike: 1, tenor-days: 30 }")
    let open = try Fixtures.run(yaml, on: Self.flatMarket(days: days)).programs[0].trades.first { $0.reason == .open }!
    let vega = BlackScholesMerton.greeks(
      OptionContract(kind: .put, strike: 100, timeToExpiry: 18.0 / 365),
      MarketState(spot: 100, volatility: 0.2, riskFreeRate: 0)
    ).vega
    #expect(isClose(open.costs.spread, 100 * vega * 1.5 / 100, relative: 1e-12))
  }

  @Test("an underlying trade pays basis points of its value, topped up to the minimum fee")
  func underlyingCosts() throws {
    let days = Fixtures.weekdays(from: Day(year: 2021, month: 3, day: 1)!, count: 10)
    for (bps, minimum) in [(10.0, 5.0), (1.0, 50.0)] {
      let yaml = Self.scenario(
        costs: "{ underlying-bps: \(bps), minimum-fee: \(minimum) }", rules: "{ type: delta, target-delta: 0.4 }")
      let trade = try Fixtures.run(yaml, on: Self.flatMarket(days: days)).programs[0].trades.first { $0.reason == .rebalance }!
      #expect(isClose(trade.quantity, -60, relative: 1e-12), "sells 60 of 100 units to keep 40 %")
      let commission = 60 * 100 * bps / 10_000
      #expect(isClose(trade.costs.commission, commission, relative: 1e-12))
      #expect(isClose(trade.costs.minimumFee, max(0, minimum - commission), absolute: 1e-12, relative: 0))
    }
  }

  @Test("monthly expiries: third Friday nearest the tenor, strictly after today; quarterly futures")
  func expiryCalendar() {
    let d = { (y: Int, m: Int, day: Int) in Day(year: y, month: m, day: day)! }
    // Cboe SPX monthlies: 2020-03-20, 2020-04-17, 2020-05-15.
    #expect(ExpiryCalendar.monthlyExpiry(nearest: d(2020, 4, 1), after: d(2020, 3, 2)) == d(2020, 3, 20))
    #expect(ExpiryCalendar.monthlyExpiry(nearest: d(2020, 4, 20), after: d(2020, 3, 20)) == d(2020, 4, 17))
    // Equidistant (2020-04-17 and 2020-05-15 are 14 days from 2020-05-01): the later one.
    #expect(ExpiryCalendar.monthlyExpiry(nearest: d(2020, 5, 1), after: d(2020, 4, 1)) == d(2020, 5, 15))
    // Never on or before today, even when today is the nearest expiry.
    #expect(ExpiryCalendar.monthlyExpiry(nearest: d(2020, 3, 21), after: d(2020, 3, 20)) == d(2020, 4, 17))
    #expect(ExpiryCalendar.nextMonthlyExpiry(after: d(2020, 12, 18)) == d(2021, 1, 15))
    #expect(ExpiryCalendar.quarterlyExpiry(onOrAfter: d(2020, 3, 21)) == d(2020, 6, 19))
    #expect(ExpiryCalendar.quarterlyExpiry(onOrAfter: d(2020, 12, 18)) == d(2020, 12, 18))
  }

  @Test("an expiry on a holiday settles on the last trading day before it (Good Friday 2019)")
  func holidayExpiry() throws {
    // 2019-04-19 (the third Friday of April) was Good Friday: no trading, SPX monthlies
    // expired on Thursday 2019-04-18.
    let days = Fixtures.weekdays(from: Day(year: 2019, month: 3, day: 18)!, count: 60)
      .filter { $0 != Day(year: 2019, month: 4, day: 19)! }
    let yaml = Self.scenario(costs: "{}", rules: "{ type: protective-put, strike: 1, tenor-days: 30 }")
    let trades = try Fixtures.run(yaml, on: Self.flatMarket(days: days)).programs[0].trades
    let opens = trades.filter { $0.reason == .open }.map(\.instrument.expiry!)
    let expiries = trades.filter { $0.reason == .expiry }.map(\.day)
    #expect(opens.prefix(3) == [Day(year: 2019, month: 4, day: 18)!, Day(year: 2019, month: 5, day: 17)!, Day(year: 2019, month: 6, day: 21)!])
    #expect(expiries.prefix(2) == [Day(year: 2019, month: 4, day: 18)!, Day(year: 2019, month: 5, day: 17)!])
    // The put bought 2019-03-18 settles at intrinsic (spot = strike: zero) on the Thursday.
    #expect(trades.first { $0.reason == .expiry }!.price == 0)
  }

  @Test("over two years, every monthly put settles on a third Friday and the next opens that day")
  func monthlyRollsOnThirdFridays() throws {
    let data = Fixtures.indexMarket(seed: 4, count: 520)
    let yaml = """
      name: rolls
      data: { underlyings: [IDX], volatility: { IDX: { atm: IDXVOL } }, rate: RATE }
      portfolio: { holdings: [ { symbol: IDX, units: 1 } ] }
      programs: [ { name: p, rules: [ { type: protective-put } ] } ]
      """
    let trades = try Fixtures.run(yaml, on: data).programs[0].trades
    let expiries = trades.filter { $0.reason == .expiry }
    #expect(expiries.count >= 23)
    for e in expiries {
      let (y, m, _) = e.day.components
      #expect(e.day == Day.thirdFriday(year: y, month: m))
      #expect(trades.contains { $0.reason == .open && $0.day == e.day })
    }
  }
}
