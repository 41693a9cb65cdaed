import Foundation
import HedgeLabTestSupport
import Testing

@testable import HedgeLabCLI

/// `hedgelab compare --currency both`: the same backtest reported in USD and in the coin of a
/// one-underlying scenario (here the demo's generated HLX history, which stands in for a coin:
/// coin accounting applies to any one-underlying book).
@Suite("hedgelab compare --currency both", .serialized)
struct CompareBothCurrenciesTests {
  static let setup: Result<(folder: URL, db: String, scenario: String), any Error> = Result {
    try smallDemo(named: "hedgelab-compare-both")
  }

  @Test("one JSON member per currency; every program's USD value is its coin value times the last close")
  func jsonInBothCurrencies() throws {
    let s = try Self.setup.get()
    let run = CommandOutput.run(["compare", s.scenario, "--db", s.db, "--currency", "both", "--json", "--no-record"])
    #expect(run.status == 0, "\(run.standardError)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    #expect(Set(object.keys) == ["USD", "HLX"])
    func finals(_ unit: String) throws -> [String: Double] {
      let document = try #require(object[unit] as? [String: Any])
      let programs = try #require(document["programs"] as? [[String: Any]])
      var values: [String: Double] = [:]
      for p in programs {
        let metrics = try #require(p["metrics"] as? [String: Any])
        values[try #require(p["name"] as? String)] = metrics["final_value_currency"] as? Double
      }
      return values
    }
    let usd = try finals("USD")
    let coin = try finals("HLX")
    // The coin-held baseline is worth one unit of itself at the end, so the last close is its
    // USD value; every hedged program converts at that same close.
    let lastClose = try #require(usd["unhedged"]) / (try #require(coin["unhedged"]))
    #expect(coin.keys.count >= 2)
    for (name, value) in coin {
      let inUSD = try #require(usd[name], "program \(name) missing from the USD table")
      #expect(isClose(inUSD, value * lastClose, relative: 1e-9), "\(name): \(inUSD) USD vs \(value) HLX")
    }
  }

  @Test("text prints one table per currency; --out with both is refused with the fix")
  func textAndRefusals() throws {
    let s = try Self.setup.get()
    let text = CommandOutput.run(["compare", s.scenario, "--db", s.db, "--currency", "both", "--no-record"])
    #expect(text.status == 0)
    #expect(text.standardOutput.contains("In USD:\n") && text.standardOutput.contains("In HLX:\n"))
    let export = CommandOutput.run(
      ["compare", s.scenario, "--db", s.db, "--currency", "both", "--no-record", "--out", s.folder.appendingPathComponent("x").path])
    #expect(export.status == 64)
    #expect(export.standardError.contains("--currency both prints two tables; --out and --html export one run"))
  }
}
