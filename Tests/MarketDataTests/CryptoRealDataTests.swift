import Foundation
import HedgeLabTestSupport
import Testing

@testable import MarketData

/// The real BTC history in `../shared/data/crypto/btc_daily.csv` (BSD-3-Clause, licence in
/// `LICENSE-skforecast-datasets.txt` beside it; read in place, never copied).
@Suite(
  "Real data: BTC daily closes",
  .enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason)))
struct CryptoRealDataTests {
  @Test("3,170 UTC days without gaps; the known closes of the data README")
  func knownCloses() throws {
    let db = try MarketDatabase.inMemory()
    var options = IngestOptions(kind: .price)
    options.symbol = "BTC"
    let summary = try db.ingest(file: SharedData.file("crypto/btc_daily.csv").path, options: options)
    #expect(summary.inserted == 3_170 && summary.rejected == 0)
    let btc = try db.closes(of: "BTC", from: nil, to: nil)
    #expect(btc.days.first == Day(iso: "2013-04-28") && btc.days.last == Day(iso: "2021-12-31"))
    // 24/7: every calendar day is present (weekends included).
    #expect(zip(btc.days, btc.days.dropFirst()).allSatisfy { $0.days(to: $1) == 1 })
    func close(_ day: String) throws -> [Double] {
      try db.closes(of: "BTC", from: Day(iso: day), to: Day(iso: day)).values
    }
    // ../shared/data/crypto/README.md, "Known values for tests".
    #expect(try close("2020-03-12") == [4_724.39])
    #expect(try close("2021-11-08") == [67_500.02])
    #expect(try close("2013-04-28") == [134.21])
    #expect(try close("2021-12-31") == [46_304.95])
    #expect(btc.values.max() == 67_500.02)
  }
}
