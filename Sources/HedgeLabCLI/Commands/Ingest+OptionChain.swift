import ArgumentParser
import Foundation
import MarketData

extension HedgeLab.Ingest {
  func validateOptionChain() throws {
    guard expiryColumn != nil || strikeColumn != nil || underlyingColumn != nil else { return }
    guard expiryColumn != nil, strikeColumn != nil else {
      throw ValidationError("an option chain needs both --expiry-column and --strike-column (and the underlying price column)")
    }
    guard kind == .iv else {
      throw ValidationError("--expiry-column and --strike-column read option chains of implied volatility: pass --kind iv")
    }
    guard tenor == nil, tenorColumn == nil, moneyness == nil, moneynessColumn == nil else {
      throw ValidationError("an option chain's tenor and moneyness come from its expiry, strike and underlying price columns: remove --tenor, --tenor-column, --moneyness and --moneyness-column")
    }
    guard !wide, dateFormat != .unixMilliseconds else {
      throw ValidationError("an option chain is a long file with ISO dates: remove --wide and --date-format unix-ms")
    }
    guard !skipInvalid else {
      throw ValidationError("an option chain is stored whole or not at all: remove --skip-invalid and --rejects, and fix or drop the rows the errors list")
    }
    guard symbol != nil || symbolColumn != nil else {
      throw ValidationError("an option chain needs --symbol, the name of the surface (e.g. BTC-IV), or --symbol-column")
    }
  }

  /// Converts an option chain (``OptionChainFile``) to tenor and moneyness, then loads it with
  /// the ordinary loader as an implied-volatility surface. Returns the summary line, naming the
  /// user's file (the converted file keeps its line numbers).
  func ingestOptionChain(into database: MarketDatabase) throws -> String {
    let columns = OptionChainFile.Columns(
      date: dateColumn, expiry: expiryColumn!, strike: strikeColumn!, underlying: underlyingColumn,
      value: valueColumn, symbol: symbolColumn)
    let converted: String
    do {
      converted = try OptionChainFile.surface(path: file, columns: columns)
    } catch {
      throw CommandFailure(Self.chainMessage(error), exitStatus: error.exitStatus)
    }
    var options = ingestOptions
    options.dateFormat = .iso
    options.dateColumn = "date"
    options.valueColumn = String(converted.prefix { $0 != "\n" }.split(separator: ",").last!)
    options.symbolColumn = symbolColumn == nil ? nil : "symbol"
    options.tenorColumn = "tenor_days"
    options.moneynessColumn = "moneyness"
    options.notes =
      notes ?? "option chain from \(URL(fileURLWithPath: file).lastPathComponent): tenor = calendar days to the expiry date (08:00 UTC), moneyness = strike / underlying price"
    let temporary = FileManager.default.temporaryDirectory
      .appendingPathComponent("hedgelab-chain-\(UUID().uuidString).csv")
    try converted.write(to: temporary, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: temporary) }
    do {
      let summary = try database.ingest(file: temporary.path, options: options)
      return summary.description.replacingOccurrences(of: temporary.path, with: "\(file) (option chain)")
    } catch {
      // Name the user's file: the converted file has its lines, its columns are renamed.
      throw CommandFailure(
        Self.chainMessage(error).replacingOccurrences(of: temporary.path, with: file),
        exitStatus: (error as? any UserFacingError)?.exitStatus ?? ExitStatus.dataError)
    }
  }

  /// An ingest error's message without the `--skip-invalid` hint (a chain is stored whole).
  static func chainMessage(_ error: any Error) -> String {
    String(describing: error).replacingOccurrences(
      of: "Fix the file, or pass --skip-invalid --rejects PATH to store the valid rows and write the others to PATH",
      with: "Fix the file (an option chain is stored whole)")
  }
}
