import Analytics
import ArgumentParser
import Experiments
import Foundation
import MarketData
import Simulation

extension HedgeLab {
  /// `hedgelab demo`: the whole pipeline with no set-up, from any working directory.
  struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a bundled backtest on generated sample data: unhedged vs puts, collar and delta hedging.",
      discussion: """
        Needs no set-up and no files: regenerates the sample history of the fictional index \
        HLX (the same seeded files 'hedgelab generate' writes into Data/), ingests it into a \
        fresh database in the output folder, runs the bundled scenario Scenarios/demo.yaml \
        and prints the comparison. The output folder receives the database, the sample CSV \
        files and the exports of `hedgelab compare --out`: summary.csv, daily.csv, \
        trades.csv, scenario.yaml, manifest.json and report.html.
        """
    )

    @Option(help: "Folder for the database and outputs (default: hedgelab-demo in the system's temporary folder).")
    var out: String?

    @Option(help: "Also write the HTML report to this file (it is always written to the output folder).")
    var html: String?

    func run() throws {
      try withUserFacingErrors {
        let started = Date()
        let folder = URL(
          fileURLWithPath: out ?? FileManager.default.temporaryDirectory.appendingPathComponent("hedgelab-demo").path,
          isDirectory: true)
        let dataFolder = folder.appendingPathComponent("data", isDirectory: true)
        let databasePath = folder.appendingPathComponent("demo.sqlite").path
        do {
          try FileManager.default.createDirectory(at: dataFolder, withIntermediateDirectories: true)
          for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: databasePath + suffix) {
            try FileManager.default.removeItem(atPath: databasePath + suffix)
          }
        } catch {
          throw CommandFailure(
            "cannot prepare the output folder '\(folder.path)' (\(error.localizedDescription)); choose another --out",
            exitStatus: ExitStatus.cannotCreate)
        }

        // 1. The sample data, regenerated exactly as `hedgelab generate` writes Data/.
        let files = SyntheticMarket.files(seed: DemoData.seed, years: DemoData.years)
        for file in files {
          try write(file.contents, to: dataFolder.appendingPathComponent(file.name))
        }
        // 2. A fresh database from them, and 3. the bundled scenario run on it.
        let run = try DemoData.run(dataFolder: dataFolder.path, databasePath: databasePath)

        // 4. Outputs.
        try ReportOutputs.write(run, out: folder.path, html: html)

        print(RunSummary(result: run.result!, tape: run.tape).text, terminator: "")
        print("""

          programs (all start from 1,000,000 of HLX; hedges are paid for by selling HLX):
            unhedged           the holding alone
            protective-put-95  a one-month 95 % put bought at each monthly expiry
            collar-95-110      the same put, financed by a short one-month 110 % call
            put-spread-95-80   the 95 % put less a short 80 % put
            delta-hedged       no options: the 95 % put replicated by trading HLX every day

          outputs in \(folder.path):
            demo.sqlite      market database built from the sample data (data/*.csv)
            report.html      the report: metrics table, margin and charts (open it in a browser)
            summary.csv      one row per program and stock+cash benchmark, one column per metric
            daily.csv        per program and day: value, return, HLX, IV, greeks, P&L split
            trades.csv       every trade: date, program, instrument, quantity, price, costs, reason
            scenario.yaml    the scenario as run; manifest.json: version and data hashes
          scenario: \(folder.appendingPathComponent("scenario.yaml").path) (Scenarios/demo.yaml as run,
          naming its database); rerun it from any folder with
            hedgelab run \(folder.appendingPathComponent("scenario.yaml").path)
          """)
        print("done in \(ScenarioRunner.number(Date().timeIntervalSince(started), 2)) s")
      }
    }

    private func write(_ text: String, to url: URL) throws {
      do {
        try Data(text.utf8).write(to: url, options: .atomic)
      } catch {
        throw CommandFailure(
          "cannot write '\(url.path)' (\(error.localizedDescription)); check the folder's permissions and free space, or choose another --out",
          exitStatus: ExitStatus.cannotCreate)
      }
    }
  }
}
