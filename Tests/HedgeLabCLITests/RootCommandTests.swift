import ArgumentParser
import Testing

@testable import HedgeLabCLI

@Suite("hedgelab: the root command")
struct RootCommandTests {
  @Test("--help lists every subcommand with its one-line abstract")
  func helpListsSubcommands() {
    let help = HedgeLab.helpMessage()
    for sub in HedgeLab.configuration.subcommands {
      let name = sub.configuration.commandName ?? sub._commandName
      #expect(help.contains(name), "help must list \(name)")
      #expect(!sub.configuration.abstract.isEmpty, "\(name) needs an abstract")
      #expect(help.contains(sub.configuration.abstract.prefix(30)), "help must show \(name)'s abstract")
    }
  }

  @Test("--version prints the version")
  func version() {
    #expect(throws: (any Error).self) { try HedgeLab.parseAsRoot(["--version"]) }
    #expect(HedgeLab.configuration.version == HedgeLab.version)
  }

  @Test("an unknown subcommand is a usage error (exit 64)")
  func unknownSubcommand() {
    do {
      _ = try HedgeLab.parseAsRoot(["frobnicate"])
      Issue.record("parsing an unknown subcommand must fail")
    } catch {
      #expect(HedgeLab.exitCode(for: error).rawValue == 64)
    }
  }
}
