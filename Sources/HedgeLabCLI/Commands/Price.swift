import Analytics
import ArgumentParser
import Foundation
import Pricing

extension HedgeLab {
  /// `hedgelab price`: the price and greeks of one European option.
  struct Price: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Price a European call or put and print all its greeks (Black-Scholes-Merton or Black-76).",
      discussion: """
        Rates, yields and volatilities are decimals (0.05 = 5 %), annualised and continuously \
        compounded. --expiry is a year fraction (0.25) or a tenor as everywhere in hedgelab: 30d, 2w, 3m (= 91 days), 1y, in calendar days / 365. \
        Numbers may be negative (--rate -0.005).

        --json prints one object with the keys price, delta, gamma, vega, theta, rho, phi, \
        vanna, volga, charm in fixed units: vega, vanna and volga per 1.00 of volatility, \
        theta and charm per year, rho and phi per 1.00 of rate. The table also shows vega per \
        volatility point and theta per calendar day.

        Examples:
          hedgelab price --type put --spot 100 --strike 95 --expiry 0.25 --vol 0.2 \\
            --rate 0.05 --dividend 0.01
          hedgelab price --type call --model black76 --forward 105 --strike 100 \\
            --expiry 30d --vol 0.3 --rate 0.04 --json
        """
    )

    @Option(help: "call or put.")
    var type: OptionTypeArgument

    @Option(help: "bsm (spot with dividend yield) or black76 (forward or futures price).")
    var model: PricingModelArgument = .bsm

    @Option(parsing: .unconditional, help: "Spot price of the underlying (bsm).")
    var spot: Double?

    @Option(parsing: .unconditional, help: "Forward or futures price (black76).")
    var forward: Double?

    @Option(parsing: .unconditional, help: "Strike price.")
    var strike: Double

    @Option(parsing: .unconditional, help: "Time to expiry: a year fraction (0.25) or a tenor (30d, 2w, 3m, 1y).")
    var expiry: String

    @Option(parsing: .unconditional, help: "Annualised volatility as a decimal (0.2 = 20 %).")
    var vol: Double

    @Option(parsing: .unconditional, help: "Risk-free rate, decimal, continuously compounded (discount rate for black76).")
    var rate: Double = 0

    @Option(parsing: .unconditional, help: "Continuous dividend yield, decimal (bsm only).")
    var dividend: Double = 0

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
      switch model {
      case .bsm:
        guard let spot else {
          throw ValidationError("--spot is required with --model bsm; pass the underlying's price, e.g. --spot 100")
        }
        if forward != nil {
          throw ValidationError("--forward only applies to --model black76; pass --spot for bsm")
        }
        try OptionInputs.positive(spot, flag: "--spot", what: "the underlying's price, e.g. --spot 100")
      case .black76:
        guard let forward else {
          throw ValidationError("--forward is required with --model black76; pass the forward or futures price")
        }
        if spot != nil {
          throw ValidationError("--spot does not apply to --model black76; pass --forward instead")
        }
        if dividend != 0 {
          throw ValidationError("--dividend does not apply to --model black76 (the forward already carries it); remove it")
        }
        try OptionInputs.positive(forward, flag: "--forward", what: "the forward or futures price")
      }
      try OptionInputs.positive(strike, flag: "--strike", what: "the strike price, e.g. --strike 95")
      _ = try OptionInputs.expiry(expiry)
      try OptionInputs.volatility(vol)
      try OptionInputs.rate(rate, flag: "--rate")
      try OptionInputs.rate(dividend, flag: "--dividend")
    }

    func run() throws {
      try withUserFacingErrors { print(try render()) }
    }

    /// The command's standard output: the JSON object or the description and table.
    func render() throws -> String {
      let timeToExpiry = try OptionInputs.expiry(expiry)
      let greeks: Greeks
      let description: String
      switch model {
      case .bsm:
        greeks = BlackScholesMerton.greeks(
          OptionContract(kind: type.kind, strike: strike, timeToExpiry: timeToExpiry),
          MarketState(
            spot: spot ?? 0, volatility: vol, riskFreeRate: rate, dividendYield: dividend))
        description =
          "European \(type.rawValue), Black-Scholes-Merton: spot \(spot ?? 0), strike \(strike), "
          + "expiry \(Self.format(timeToExpiry)) years, vol \(vol), rate \(rate), dividend \(dividend)"
      case .black76:
        greeks = Black76.greeks(
          kind: type.kind, forward: forward ?? 0, strike: strike, timeToExpiry: timeToExpiry,
          volatility: vol, discountRate: rate)
        description =
          "European \(type.rawValue), Black-76: forward \(forward ?? 0), strike \(strike), "
          + "expiry \(Self.format(timeToExpiry)) years, vol \(vol), discount rate \(rate)"
      }
      let values = [
        greeks.price, greeks.delta, greeks.gamma, greeks.vega, greeks.theta, greeks.rho, greeks.phi, greeks.vanna,
        greeks.volga, greeks.charm,
      ]
      guard values.allSatisfy(\.isFinite) else {
        throw CommandFailure(
          "the price or a greek is not a finite number for these inputs (\(description.drop { $0 != ":" }.dropFirst(2))); the discount factors overflow or vanish: use a shorter --expiry or a smaller --rate",
          exitStatus: ExitStatus.dataError)
      }
      return json ? Self.json(greeks) : description + "\n" + Self.table(greeks, model: model)
    }

    /// The JSON object with exactly the ten documented keys, full precision.
    static func json(_ g: Greeks) -> String {
      let fields: [(String, Double)] = [
        ("price", g.price), ("delta", g.delta), ("gamma", g.gamma), ("vega", g.vega),
        ("theta", g.theta), ("rho", g.rho), ("phi", g.phi), ("vanna", g.vanna),
        ("volga", g.volga), ("charm", g.charm),
      ]
      return JSONValue.object(fields.map { ($0.0, .number($0.1)) }).compactText()
    }

    /// The aligned table: name, value, unit.
    static func table(_ g: Greeks, model: PricingModelArgument) -> String {
      let underlying = model == .bsm ? "spot" : "forward"
      let rows: [(String, Double, String)] = [
        ("price", g.price, "currency units per option on one unit of the underlying"),
        ("delta", g.delta, "per 1.00 change in \(underlying)"),
        ("gamma", g.gamma, "delta change per 1.00 change in \(underlying)"),
        ("vega", g.vega, "per 1.00 of volatility (100 vol points)"),
        ("vega", g.vegaPerVolPoint, "per volatility point (0.01)"),
        ("theta", g.theta, "per year of calendar time"),
        ("theta", g.thetaPerCalendarDay, "per calendar day (1/365 year)"),
        ("rho", g.rho, "per 1.00 of rate" + (model == .black76 ? " (forward held fixed)" : "")),
        ("rho", g.rhoPerPercentPoint, "per percentage point of rate (0.01)"),
        ("phi", g.phi, model == .bsm ? "per 1.00 of dividend yield (dividend rho)" : "0 for a forward"),
        ("vanna", g.vanna, "delta change per 1.00 of volatility"),
        ("volga", g.volga, "vega change per 1.00 of volatility"),
        ("charm", g.charm, "delta change per year of calendar time"),
        ("charm", g.charmPerCalendarDay, "delta change per calendar day"),
      ]
      let table = TextTable.aligned(
        [["greek", "value", "unit"]] + rows.map { [$0.0, format($0.1), $0.2] }, leftAligned: [0, 2])
      return String(table.dropLast())
    }

    /// Ten significant digits, no exponent for ordinary magnitudes.
    static func format(_ value: Double) -> String {
      let text = String(format: "%.10g", value)
      return text == "-0" ? "0" : text
    }
  }
}
