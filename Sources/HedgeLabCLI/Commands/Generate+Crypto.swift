import Foundation
import MarketData

extension HedgeLab.Generate {
  /// The crypto model's files for the real closes in `--prices`, plus that file's licence
  /// (every `LICENSE*` file beside it: the licence travels with data derived from it).
  func cryptoFiles() throws -> [SyntheticMarket.File] {
    guard let prices else { return [] }
    let database = try MarketDatabase.inMemory()
    var options = IngestOptions(kind: .price)
    options.symbol = symbol
    _ = try database.ingest(file: prices, options: options)
    let closes = try database.closes(of: symbol, from: nil, to: nil)
    var files = SyntheticCrypto.files(
      SyntheticCrypto.series(days: closes.days, closes: closes.values, seed: seed), symbol: symbol)
    let folder = URL(fileURLWithPath: prices).deletingLastPathComponent()
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    for name in names.sorted() where name.hasPrefix("LICENSE") {
      if let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) {
        files.append(SyntheticMarket.File(licence: name, text: text))
      }
    }
    return files
  }
}
