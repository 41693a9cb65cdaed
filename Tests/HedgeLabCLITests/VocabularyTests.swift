import ArgumentParser
import Experiments
import Foundation
import HedgeLabTestSupport
import MarketData
import Testing

@testable import HedgeLabCLI

/// A temporary folder `name-PID` holding a 2-year sample database `m.sqlite` and the demo
/// scenario `demo.yaml` beside it.
func smallDemo(named name: String) throws -> (folder: URL, db: String, scenario: String) {
  let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("\(name)-\(ProcessInfo.processInfo.processIdentifier)")
  try? FileManager.default.removeItem(at: folder)
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  let database = try MarketDatabase(path: folder.appendingPathComponent("m.sqlite").path)
  for file in SyntheticMarket.files(seed: DemoData.seed, years: 2) {
    try file.contents.write(to: folder.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
  }
  for (name, options) in DemoData.ingestOptions {
    _ = try database.ingest(file: folder.appendingPathComponent(name).path, options: options)
  }
  let scenario = folder.appendingPathComponent("demo.yaml")
  try DemoData.scenarioYAML.write(to: scenario, atomically: true, encoding: .utf8)
  return (folder, database.path, scenario.path)
}

/// The one command-line vocabulary (README "Command-line vocabulary"): each case of issue 12's
/// "A CLI with several dialects", reproduced first, then fixed.
@Suite("hedgelab: one vocabulary for every command")
struct VocabularyTests {
  /// A 2-year demo database and scenario of its own.
  static let setup = Result { try smallDemo(named: "hedgelab-vocabulary") }

  @Test("--program takes names repeated or comma-separated on run and compare; --programs is a hidden alias")
  func programFlag() throws {
    let s = try Self.setup.get()
    for arguments in [
      ["--program", "collar-95-110,put-spread-95-80"],
      ["--program", "collar-95-110", "--program", "put-spread-95-80"],
      ["--programs", "collar-95-110,put-spread-95-80"],
    ] {
      let compare = try #require(try HedgeLab.parseAsRoot(["compare", s.scenario] + arguments) as? HedgeLab.Compare)
      #expect(Vocabulary.names(compare.programs + compare.programsAlias) == ["collar-95-110", "put-spread-95-80"])
      let run = try #require(try HedgeLab.parseAsRoot(["run", s.scenario] + arguments) as? HedgeLab.Run)
      #expect(Vocabulary.names(run.programs + run.programsAlias) == ["collar-95-110", "put-spread-95-80"])
      #expect(CommandOutput.run(["compare", s.scenario, "--db", s.db, "--no-record"] + arguments).status == 0)
    }
    #expect(!HedgeLab.helpMessage(for: HedgeLab.Compare.self).contains("--programs"))
  }

  @Test("--kind is singular on ingest and data show (plural accepted, not listed)")
  func kindWords() throws {
    for (word, kind) in [("price", SeriesKind.price), ("prices", .price), ("rate", .rate), ("rates", .rate), ("iv", .impliedVolatility), ("dividend-yield", .dividendYield)] {
      let ingest = try #require(try HedgeLab.parseAsRoot(["ingest", "f.csv", "--kind", word, "--unit", "decimal", "--rate-convention", "simple"]) as? HedgeLab.Ingest)
      #expect(ingest.kind.seriesKind == kind)
      let show = try #require(try HedgeLab.parseAsRoot(["data", "show", "X", "--kind", word]) as? HedgeLab.DataCommand.Show)
      #expect(show.kind?.seriesKind == kind)
    }
    for type in [HedgeLab.Ingest.self, HedgeLab.DataCommand.Show.self] as [any ParsableCommand.Type] {
      let help = HedgeLab.helpMessage(for: type, columns: 1000)
      #expect(help.contains("(values: price, iv, rate, dividend-yield, dividend-cash, funding)"), "\(help)")
      #expect(!help.contains("values: prices"))
    }
  }

  @Test("--db defaults to market.sqlite in the current folder on every command without a scenario")
  func databaseDefault() throws {
    for arguments in [["data", "list"], ["data", "show", "SPX"], ["runs", "list"], ["report", "1"], ["ingest", "f.csv", "--kind", "price"]] {
      let command = try HedgeLab.parseAsRoot(arguments)
      let db = Mirror(reflecting: command).children.first { $0.label == "_db" }.map { "\($0.value)" } ?? ""
      #expect(db.contains("market.sqlite"), "\(arguments): \(db)")
    }
  }

  @Test("one tenor syntax: price --expiry 3m is 91 days as ingest --tenor 3m; 2w, 30d, 1y, 0.25")
  func tenorSyntax() throws {
    #expect(try OptionInputs.expiry("3m") == 91.0 / 365)
    #expect(try OptionInputs.expiry("2w") == 14.0 / 365)
    #expect(try OptionInputs.expiry("30d") == 30.0 / 365)
    #expect(try OptionInputs.expiry("1y") == 1)
    #expect(try OptionInputs.expiry("0.25") == 0.25)
    #expect(Tenor.days("3m") == 91)
    let price = CommandOutput.run(["price", "--type", "put", "--spot", "100", "--strike", "95", "--expiry", "3m", "--vol", "0.2", "--json"])
    #expect(price.status == 0, "\(price.standardError)")
    #expect(CommandOutput.run(["price", "--type", "put", "--spot", "100", "--strike", "95", "--expiry", "3q", "--vol", "0.2"]).status == 64)
  }

  @Test("a misspelt subcommand gets a suggestion (exit 64)")
  func subcommandSuggestion() {
    let rnu = CommandOutput.run(["rnu", "x.yaml"])
    #expect(rnu.status == 64)
    #expect(rnu.standardError.contains("'rnu' is not a hedgelab command; did you mean 'run'?"), "\(rnu.standardError)")
    #expect(CommandOutput.run(["data", "show", "--kind", "price", "--db", "/nonexistent.sqlite", "SPX"]).status == 66)
    #expect(CommandOutput.run(["comapre"]).standardError.contains("did you mean 'compare'?"))
    #expect(CommandOutput.run(["data", "shwo", "VIX"]).standardError.contains("'shwo' is not a hedgelab data command; did you mean 'show'?"))
    #expect(CommandOutput.run(["bench", "pricng"]).standardError.contains("did you mean 'pricing'?"))
    #expect(CommandOutput.run(["price", "--help"]).status == 0)
  }

  @Test("compare on a path scenario says to use run (exit 64)")
  func compareOnPathScenario() {
    let path = SharedData.projectRoot.appendingPathComponent("Scenarios/montecarlo-heston-short-call.yaml").path
    let compare = CommandOutput.run(["compare", path])
    #expect(compare.status == 64)
    #expect(compare.standardError.contains("run it with 'hedgelab run \(path)'"), "\(compare.standardError)")
  }

  @Test("data show SYMBOL without --kind finds the only kind stored for it")
  func dataShowWithoutKind() throws {
    let s = try Self.setup.get()
    let iv = CommandOutput.run(["data", "show", "HLX", "--db", s.db, "--to", "2010-01-05"])
    #expect(iv.status == 0)
    #expect(iv.standardOutput.hasPrefix("date,open,high,low,close,volume\n"), "HLX has a price series: it is shown first")
    let rate = CommandOutput.run(["data", "show", "HL3M", "--db", s.db, "--to", "2010-02-01"])
    #expect(rate.status == 0, "\(rate.standardError)")
    #expect(rate.standardOutput.hasPrefix("date,tenor_days,rate,quoted_rate,quote_convention\n"), "\(rate.standardOutput)")
  }

  @Test("report RUN_ID without --html or --out prints the run's comparison table")
  func reportWithoutOutputs() throws {
    let s = try Self.setup.get()
    #expect(CommandOutput.run(["run", s.scenario, "--db", s.db, "--program", "collar-95-110"]).status == 0)
    let report = CommandOutput.run(["report", "1", "--db", s.db])
    #expect(report.status == 0, "\(report.standardError)")
    #expect(report.standardOutput.contains("Returns and risk"))
    #expect(report.standardOutput.contains("collar-95-110"))
    #expect(report.standardError.contains("--html FILE writes the HTML report of run 1"))
  }

  @Test("a scenario without data.database and no --db: market.sqlite here, else a clear error (66)")
  func scenarioDatabaseRule() throws {
    let s = try Self.setup.get()
    let text = DemoData.scenarioYAML.replacingOccurrences(of: "  database: ../hlx.sqlite\n", with: "")
    let file = s.folder.appendingPathComponent("no-db.yaml")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let path = try ScenarioRunner.loadScenario(at: file.path)
    if !FileManager.default.fileExists(atPath: "market.sqlite") {
      #expect(throws: ExperimentError.noDatabase(scenarioFile: file.path, defaultDatabase: "market.sqlite")) {
        _ = try ScenarioRunner.databasePath(nil, scenario: path, scenarioFile: file.path)
      }
      #expect(ExperimentError.noDatabase(scenarioFile: file.path, defaultDatabase: "market.sqlite").exitStatus == 66)
    }
    #expect(try ScenarioRunner.databasePath(s.db, scenario: path, scenarioFile: file.path) == s.db)
  }
}
