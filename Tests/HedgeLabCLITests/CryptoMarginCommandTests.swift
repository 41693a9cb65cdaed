import Foundation
import HedgeLabTestSupport
import Simulation
import Testing

@testable import HedgeLabCLI
@testable import MarketData

/// `hedgelab risk` with a crypto margin model (the scenario's `margin:`), in-process, on the
/// demo's generated single-underlying history: the crypto models apply to any one-coin book.
@Suite("hedgelab risk with a crypto margin model", .serialized)
struct CryptoMarginCommandTests {
  static let setup: Result<(folder: URL, db: String, scenario: String), any Error> = Result {
    try smallDemo(named: "hedgelab-crypto-margin")
  }

  @Test("risk prints the maintenance and initial margin and each coin's risk matrix; --json carries the matrix")
  func riskWithCryptoMargin() throws {
    let s = try Self.setup.get()
    // The scenario with a margin: key added; the command reads it.
    var text = try String(contentsOfFile: s.scenario, encoding: .utf8)
    text += "\nmargin: { model: crypto-portfolio }\n"
    let file = s.folder.appendingPathComponent("crypto-margin.yaml").path
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    let scenario = try ScenarioRunner.loadScenario(at: file)
    #expect(scenario.margin == .cryptoPortfolio(.standard))
    let tape = try MarketTape.load(scenario, from: MarketDatabase.open(existingAt: s.db))
    let day = tape.days[300]
    let run = CommandOutput.run(["risk", file, "--db", s.db, "--date", day.description, "--program", "put-spread-95-80"])
    #expect(run.status == 0)
    let snapshot = try Backtest(scenario: scenario, tape: tape)
      .riskSnapshot(program: "put-spread-95-80", on: day, marginModel: scenario.margin)
    let matrix = try #require(snapshot.cryptoRiskMatrices.first)
    #expect(matrix.symbol == "HLX" && matrix.matrix.pnl.count == 9)
    #expect(isClose(snapshot.margin, matrix.matrix.maintenance * matrix.matrix.spot, relative: 1e-12))
    #expect(isClose(snapshot.initialMargin, 1.3 * snapshot.margin, relative: 1e-12))
    let printed = RiskText.text([snapshot], scenario: "demo", requested: day)
    #expect(printed.contains("crypto-portfolio margin: maintenance "))
    #expect(printed.contains("HLX crypto risk matrix"))
    #expect(printed.contains("\n     -16.0 %  ") && printed.contains("   ext -66 %  "))
    let json = RiskText.json([snapshot], scenario: "demo", requested: day)
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let program = try #require((object?["programs"] as? [[String: Any]])?.first)
    #expect(program["margin_model"] as? String == "crypto-portfolio")
    let matrices = try #require(program["crypto_risk_matrices"] as? [[String: Any]])
    #expect(matrices.first?["price_moves_pct"] as? [Double] == [-16, -12, -8, -4, 0, 4, 8, 12, 16])
    #expect(matrices.first?["vol_scenarios"] as? [String] == ["up", "unchanged", "down"])
  }
}
