import ArgumentParser
import Foundation
import MarketData

extension HedgeLab {
  /// `hedgelab generate --model heston-jump --seed N --years N --out DIR`: synthetic history.
  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a synthetic market history of the fictional index HLX as CSV files.",
      discussion: """
        heston-jump: Heston stochastic variance with Merton jumps (the Bates model), leverage \
        (price and variance shocks correlated -0.7), an implied-volatility surface from \
        risk-neutral parameters with a variance risk premium (implied above realised on \
        average) and a skew, a 3-month rate and a dividend yield. Every weekday from \
        2010-01-04 is a trading day. The same seed and years always give the same files. \
        Writes hlx_prices.csv, hlx_iv.csv, hl3m_rate.csv, hlx_dividend_yield.csv; \
        Data/README.md describes them and how to ingest them.
        crypto: for a REAL coin price history (--prices, e.g. \
        ../shared/data/crypto/btc_daily.csv), a DVOL-like 30-day implied-volatility index \
        (GARCH volatility clustering of the real returns plus a variance premium) and 8-hour \
        perpetual funding that rises in rallies; writes btc_dvol.csv, btc_funding.csv and the \
        price file's licence (Data/README.md).
        """
    )

    enum Model: String, ExpressibleByArgument, CaseIterable {
      case hestonJump = "heston-jump"
      case crypto
    }

    @Option(help: "The model of the history.")
    var model: Model = .hestonJump

    @Option(help: "Seed of the random generator (xoshiro256**).")
    var seed: UInt64 = 11

    @Option(help: "Calendar years of weekdays to generate (at least 1).")
    var years: Int = 12

    @Option(help: "Folder to write the CSV files into (created if absent).")
    var out: String

    @Option(help: "With --model crypto: the real daily price file of the coin (date and close columns).")
    var prices: String?

    @Option(help: "With --model crypto: the coin's symbol, naming the files (btc_dvol.csv).")
    var symbol: String = "BTC"

    func validate() throws {
      if model == .crypto, prices == nil {
        throw ValidationError("--model crypto needs --prices FILE, the real daily closes of the coin (e.g. ../shared/data/crypto/btc_daily.csv)")
      }
      guard (1...100).contains(years) else {
        throw ValidationError("--years (\(years)) must be between 1 and 100")
      }
    }

    func run() throws {
      try withUserFacingErrors {
        let files = model == .crypto ? try cryptoFiles() : SyntheticMarket.files(seed: seed, years: years)
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        do {
          try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
          throw CommandFailure(
            "cannot create the output folder '\(out)' (\(error.localizedDescription)); choose another --out",
            exitStatus: ExitStatus.cannotCreate)
        }
        for file in files {
          let url = folder.appendingPathComponent(file.name)
          do {
            // Atomic: written to a temporary file, then renamed.
            try Data(file.contents.utf8).write(to: url, options: .atomic)
          } catch {
            throw CommandFailure(
              "cannot write '\(url.path)' (\(error.localizedDescription)); check the folder's permissions and free space",
              exitStatus: ExitStatus.cannotCreate)
          }
          print(file.rows > 0 ? "wrote \(url.path): \(file.rows) rows" : "wrote \(url.path)")
        }
      }
    }
  }
}
