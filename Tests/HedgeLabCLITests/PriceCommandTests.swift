import ArgumentParser
import Foundation
import HedgeLabTestSupport
import Pricing
import Testing

@testable import HedgeLabCLI

/// `hedgelab price`, `hedgelab implied-vol` and `hedgelab bench pricing`, parsed and run
/// in-process (the commands' `render()` is exactly what `run()` prints).
@Suite("hedgelab price, implied-vol and bench pricing")
struct PriceCommandTests {
  static let greekKeys: Set<String> = [
    "price", "delta", "gamma", "vega", "theta", "rho", "phi", "vanna", "volga", "charm",
  ]

  func parse<C: ParsableCommand>(_ arguments: [String], as: C.Type) throws -> C {
    let command = try HedgeLab.parseAsRoot(arguments)
    return try #require(command as? C, "\(arguments) must parse as \(C.self)")
  }

  func jsonObject(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any], "not a JSON object: \(text)")
  }

  /// The literal text of the number after `"key": ` in a flat JSON object.
  func numberText(_ key: String, in json: String) -> String? {
    guard let start = json.range(of: "\"\(key)\": ")?.upperBound else { return nil }
    let rest = json[start...]
    let end = rest.firstIndex { $0 == "," || $0 == "}" } ?? rest.endIndex
    return String(rest[..<end])
  }

  /// The exit code and message ArgumentParser gives for `arguments`, or nil if they parse.
  func usageError(_ arguments: [String]) -> (code: Int32, message: String)? {
    do {
      _ = try HedgeLab.parseAsRoot(arguments)
      return nil
    } catch {
      return (HedgeLab.exitCode(for: error).rawValue, HedgeLab.message(for: error))
    }
  }

  @Test("price --json has exactly the ten documented keys, equal to the library's greeks")
  func priceJSON() throws {
    let command = try parse(
      ["price", "--type", "put", "--spot", "100", "--strike", "95", "--expiry", "0.25",
       "--vol", "0.2", "--rate", "0.05", "--dividend", "0.01", "--json"], as: HedgeLab.Price.self)
    let object = try jsonObject(try command.render())
    #expect(Set(object.keys) == Self.greekKeys)
    let expected = BlackScholesMerton.greeks(
      OptionContract(kind: .put, strike: 95, timeToExpiry: 0.25),
      MarketState(spot: 100, volatility: 0.2, riskFreeRate: 0.05, dividendYield: 0.01))
    let pairs: [(String, Double)] = [
      ("price", expected.price), ("delta", expected.delta), ("gamma", expected.gamma),
      ("vega", expected.vega), ("theta", expected.theta), ("rho", expected.rho),
      ("phi", expected.phi), ("vanna", expected.vanna), ("volga", expected.volga),
      ("charm", expected.charm),
    ]
    let text = try command.render()
    for (key, value) in pairs {
      // JSON carries the shortest round-trip form: equal to the last bit. (Read with
      // Double(_:), which rounds correctly; Foundation's JSON parser on Linux may not.)
      #expect(numberText(key, in: text).flatMap(Double.init) == value, "\(key)")
    }
  }

  @Test("negative rates and yields are accepted as plain negative numbers")
  func negativeRates() throws {
    let command = try parse(
      ["price", "--type", "call", "--spot", "100", "--strike", "100", "--expiry", "2",
       "--vol", "0.2", "--rate", "-0.005", "--dividend", "-0.001", "--json"], as: HedgeLab.Price.self)
    #expect(command.rate == -0.005 && command.dividend == -0.001)
    #expect(try jsonObject(try command.render())["price"] != nil)
  }

  @Test("--expiry 30d is 30/365 of a year")
  func expiryInDays() throws {
    let days = try parse(
      ["price", "--type", "call", "--spot", "100", "--strike", "100", "--expiry", "30d",
       "--vol", "0.25", "--json"], as: HedgeLab.Price.self)
    let years = try parse(
      ["price", "--type", "call", "--spot", "100", "--strike", "100", "--expiry",
       "\(30.0 / 365)", "--vol", "0.25", "--json"], as: HedgeLab.Price.self)
    #expect(try days.render() == years.render())
    #expect(try OptionInputs.expiry("0.5y") == 0.5)
  }

  @Test("the table lists every greek with a unit, values right-aligned in one column")
  func priceTable() throws {
    let command = try parse(
      ["price", "--type", "put", "--spot", "100", "--strike", "95", "--expiry", "0.25",
       "--vol", "0.2", "--rate", "0.05", "--dividend", "0.01"], as: HedgeLab.Price.self)
    let lines = try command.render().split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("European put, Black-Scholes-Merton"))
    for key in Self.greekKeys {
      #expect(lines.contains { $0.hasPrefix(key + " ") }, "missing row \(key)")
    }
    #expect(lines.contains { $0.contains("per volatility point") })
    #expect(lines.contains { $0.contains("per calendar day") })
    // Right-aligned values: every row's value ends where the header's "value" ends.
    let header = lines[1]
    let valueEnd = try #require(header.range(of: "value")).upperBound
    let column = header.distance(from: header.startIndex, to: valueEnd)
    for line in lines.dropFirst(2) {
      let prefix = String(line.prefix(column))
      #expect(prefix.last?.isNumber == true, "value column misaligned in \(line)")
    }
  }

  @Test("--model black76 prices on --forward (Haug §1.1.3: F = 19, K = 19, T = 0.75 → 1.7011)")
  func black76() throws {
    let command = try parse(
      ["price", "--type", "call", "--model", "black76", "--forward", "19", "--strike", "19",
       "--expiry", "0.75", "--vol", "0.28", "--rate", "0.10", "--json"], as: HedgeLab.Price.self)
    let price = try #require(try jsonObject(try command.render())["price"] as? Double)
    #expect(abs(price - 1.7011) <= 0.000_05)
  }

  @Test("implied-vol recovers Hull's 10.45 call (σ = 20 %) and prints implied_vol in JSON")
  func impliedVolJSON() throws {
    let command = try parse(
      ["implied-vol", "--type", "call", "--price", "10.45", "--spot", "100", "--strike", "100",
       "--expiry", "1", "--rate", "0.05", "--json"], as: HedgeLab.ImpliedVol.self)
    let object = try jsonObject(try command.render())
    #expect(Set(object.keys) == ["implied_vol"])
    let vol = try #require(object["implied_vol"] as? Double)
    // 10.45 is the price at σ = 0.2 rounded to cents (10.4506); the vol matches to 1e-4.
    #expect(abs(vol - 0.2) < 1e-4)
    let text = try parse(
      ["implied-vol", "--type", "call", "--price", "10.45", "--spot", "100", "--strike", "100",
       "--expiry", "1", "--rate", "0.05"], as: HedgeLab.ImpliedVol.self)
    #expect(try text.render().hasPrefix("implied volatility: 0.19"))
  }

  @Test("a price above the no-arbitrage bound exits 65 naming the bounds and every input")
  func impliedVolNoSolution() throws {
    let command = try parse(
      ["implied-vol", "--type", "call", "--price", "120", "--spot", "100", "--strike", "100",
       "--expiry", "1", "--rate", "0.05"], as: HedgeLab.ImpliedVol.self)
    do {
      _ = try command.render()
      Issue.record("a call priced above the spot has no implied volatility")
    } catch let error as PricingError {
      let message = error.description
      for fragment in ["120.0", "spot 100.0", "strike 100.0", "timeToExpiry 1.0", "riskFreeRate 0.05",
                       "dividendYield 0.0", "below 100.0"] {
        #expect(message.contains(fragment), "message must name \(fragment): \(message)")
      }
      #expect(error.exitStatus == 65)
    }
    #expect(
      CommandOutput.run(
        ["implied-vol", "--type", "call", "--price", "120", "--spot", "100", "--strike", "100", "--expiry", "1", "--rate", "0.05"]
      ).status == 65)
  }

  @Test(
    "bad numbers are usage errors (exit 64) that name the flag",
    arguments: [
      (["price", "--type", "put", "--spot", "0", "--strike", "95", "--expiry", "0.25", "--vol", "0.2"], "--spot"),
      (["price", "--type", "put", "--spot", "100", "--strike", "95", "--expiry", "0.25", "--vol", "-0.2"], "--vol (-0.2) must be zero or positive"),
      (["price", "--type", "put", "--spot", "100", "--strike", "95", "--expiry", "0.25", "--vol", "20"], "--vol"),
      (["price", "--type", "put", "--spot", "100", "--strike", "95", "--expiry", "3x", "--vol", "0.2"], "--expiry"),
      (["price", "--type", "put", "--spot", "100", "--strike", "95", "--expiry", "-1", "--vol", "0.2"], "--expiry (-1) must not be negative"),
      (["price", "--type", "put", "--spot", "100", "--strike", "-5", "--expiry", "1", "--vol", "0.2"], "--strike"),
      (["price", "--type", "put", "--spot", "100", "--strike", "95", "--expiry", "1", "--vol", "0.2", "--rate", "5"], "--rate"),
      (["price", "--type", "strangle", "--spot", "100", "--strike", "95", "--expiry", "1", "--vol", "0.2"], "--type"),
      (["price", "--type", "call", "--model", "black76", "--spot", "100", "--strike", "95", "--expiry", "1", "--vol", "0.2"], "--forward"),
      (["implied-vol", "--type", "call", "--price", "-1", "--spot", "100", "--strike", "100", "--expiry", "1"], "--price"),
      (["implied-vol", "--type", "call", "--price", "5", "--spot", "100", "--strike", "100", "--expiry", "0d"], "--expiry"),
      (["bench", "pricing", "--count", "10"], "--count"),
    ])
  func usageErrors(arguments: [String], flag: String) throws {
    let error = try #require(usageError(arguments), "\(arguments) must not parse")
    #expect(error.code == 64)
    #expect(error.message.contains(flag), "message must name \(flag): \(error.message)")
  }

  @Test("help of price and implied-vol documents units and the expiry forms")
  func help() {
    // Help text is wrapped to the terminal width: compare with whitespace collapsed.
    let price = HedgeLab.helpMessage(for: HedgeLab.Price.self)
      .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    for fragment in ["--type", "--expiry", "30d", "per 1.00 of volatility", "per year"] {
      #expect(price.contains(fragment), "price help must mention \(fragment)")
    }
    let iv = HedgeLab.helpMessage(for: HedgeLab.ImpliedVol.self)
    #expect(iv.contains("--price") && iv.contains("65"))
  }

  @Test("bench pricing --json reports the four required keys with positive figures")
  func benchJSON() throws {
    let command = try parse(
      ["bench", "pricing", "--count", "5000", "--repetitions", "1", "--threads", "2", "--json"],
      as: HedgeLab.Bench.BenchPricing.self)
    let object = try jsonObject(command.render())
    for key in ["greeks_ns_per_option", "implied_vol_ns_per_option", "threads", "count"] {
      #expect(object[key] != nil, "missing \(key)")
    }
    #expect((object["greeks_ns_per_option"] as? Double ?? 0) > 0)
    #expect((object["implied_vol_ns_per_option"] as? Double ?? 0) > 0)
    #expect(object["count"] as? Int == 5000)
    #expect(object["threads"] as? Int == 2)
    #expect((object["implied_vol_max_abs_error"] as? Double ?? 1) < 1e-10)
    #expect(object["implied_vol_unsolvable"] as? Int == 0)
  }
}
