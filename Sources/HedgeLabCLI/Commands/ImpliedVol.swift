import Analytics
import ArgumentParser
import Foundation
import Pricing

extension HedgeLab {
  /// `hedgelab implied-vol`: the Black-Scholes-Merton volatility that reproduces a price.
  struct ImpliedVol: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "implied-vol",
      abstract: "Find the Black-Scholes-Merton implied volatility of a European option's price.",
      discussion: """
        Prints the annualised volatility (decimal and percent). A price outside the \
        no-arbitrage bounds (below the discounted intrinsic value, or at or above the spot \
        for a call, the discounted strike for a put) has no implied volatility: the command \
        names the bounds and every input and exits with status 65.

        Examples:
          hedgelab implied-vol --type call --price 10.45 --spot 100 --strike 100 \\
            --expiry 1 --rate 0.05
          hedgelab implied-vol --type put --price 2.5 --spot 100 --strike 95 --expiry 3m \\
            --json
        """
    )

    @Option(help: "call or put.")
    var type: OptionTypeArgument

    @Option(parsing: .unconditional, help: "The option's price (present value, currency units).")
    var price: Double

    @Option(parsing: .unconditional, help: "Spot price of the underlying.")
    var spot: Double

    @Option(parsing: .unconditional, help: "Strike price.")
    var strike: Double

    @Option(parsing: .unconditional, help: "Time to expiry: a year fraction (0.25) or a tenor (30d, 2w, 3m, 1y).")
    var expiry: String

    @Option(parsing: .unconditional, help: "Risk-free rate, decimal, continuously compounded.")
    var rate: Double = 0

    @Option(parsing: .unconditional, help: "Continuous dividend yield, decimal.")
    var dividend: Double = 0

    @Flag(help: "Print {\"implied_vol\": …} instead of text.")
    var json = false

    func validate() throws {
      guard price.isFinite, price >= 0 else {
        throw ValidationError("--price (\(price)) must be zero or positive; pass the option's price in currency units")
      }
      try OptionInputs.positive(spot, flag: "--spot", what: "the underlying's price, e.g. --spot 100")
      try OptionInputs.positive(strike, flag: "--strike", what: "the strike price, e.g. --strike 100")
      let timeToExpiry = try OptionInputs.expiry(expiry)
      guard timeToExpiry > 0 else {
        throw ValidationError("--expiry (\(expiry)) must be after now: at expiry every volatility gives the same price")
      }
      try OptionInputs.rate(rate, flag: "--rate")
      try OptionInputs.rate(dividend, flag: "--dividend")
    }

    func run() throws {
      try withUserFacingErrors { print(try render()) }
    }

    /// The command's standard output.
    /// - Throws: ``PricingError`` when no volatility fits the price (exit 65 via `run()`).
    func render() throws -> String {
      let timeToExpiry = try OptionInputs.expiry(expiry)
      let volatility = try impliedVolatility(
        price: price,
        of: OptionContract(kind: type.kind, strike: strike, timeToExpiry: timeToExpiry),
        spot: spot, riskFreeRate: rate, dividendYield: dividend)
      if json { return JSONValue.object([("implied_vol", .number(volatility))]).compactText() }
      return "implied volatility: \(String(format: "%.10g", volatility)) "
        + "(\(String(format: "%.6g", volatility * 100)) %, annualised)"
    }
  }
}
