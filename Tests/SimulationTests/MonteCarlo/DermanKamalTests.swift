import Foundation
import Testing

@testable import Simulation

/// The Derman & Kamal (1999) formula itself: √(π/(4N))·vega·σ.
@Suite("Derman-Kamal approximation")
struct DermanKamalTests {
  @Test("√(π/(4N))·vega·σ, falling like 1/√N")
  func formula() throws {
    let weekly = try DermanKamal.hedgingErrorStandardDeviation(vega: 24.6, volatility: 0.2, rebalanceCount: 20)
    #expect(abs(weekly - (Double.pi / 80).squareRoot() * 24.6 * 0.2) < 1e-15)
    let daily = try DermanKamal.hedgingErrorStandardDeviation(vega: 24.6, volatility: 0.2, rebalanceCount: 100)
    #expect(abs(daily / weekly - (0.2).squareRoot()) < 1e-15)
  }

  @Test("N < 1 and negative vega are rejected")
  func validation() {
    #expect(throws: MonteCarloError.self) {
      try DermanKamal.hedgingErrorStandardDeviation(vega: 1, volatility: 0.2, rebalanceCount: 0)
    }
    #expect(throws: MonteCarloError.self) {
      try DermanKamal.hedgingErrorStandardDeviation(vega: -1, volatility: 0.2, rebalanceCount: 5)
    }
  }
}
