import ArgumentParser

/// The root `hedgelab` command: holds only the configuration, every piece of
/// work lives in a subcommand (the pattern of swift-argument-parser's `math`).
public struct HedgeLab: ParsableCommand {
  public static let version = "0.1.0"

  public static let configuration = CommandConfiguration(
    commandName: "hedgelab",
    abstract: "Backtest portfolio hedges with options: what would this hedge have done, and what did it cost?",
    discussion: """
      Exit codes: 0 success, 64 bad flags or arguments, 65 bad data (CSV, scenario, \
      unsolvable implied volatility), 66 missing input file, 73 output cannot be written, \
      1 unexpected failure.
      """,
    version: version,
    subcommands: [
      Ingest.self,
      DataCommand.self,
      Generate.self,
      Run.self,
      Compare.self,
      Risk.self,
      Runs.self,
      Report.self,
      Sweep.self,
      Merge.self,
      Demo.self,
      Price.self,
      ImpliedVol.self,
      MonteCarloCommand.self,
      Bench.self,
    ]
  )

  public init() {}

  /// ArgumentParser's `parseAsRoot`, with a suggestion for a misspelt subcommand at any depth
  /// (`hedgelab rnu` → "did you mean 'run'?", `hedgelab data shwo` → "did you mean 'show'?"),
  /// as a usage error (exit 64).
  public static func parseAsRoot(_ arguments: [String]? = nil) throws -> any ParsableCommand {
    let given = arguments ?? Array(CommandLine.arguments.dropFirst())
    do {
      return try (Self.self as any ParsableCommand.Type).parseAsRoot(given)
    } catch {
      // Walk down the command tree; the first word that should name a subcommand and does
      // not gets the nearest one.
      var type: any ParsableCommand.Type = Self.self
      var path = ["hedgelab"]
      for word in given {
        let subcommands = type.configuration.subcommands
        guard !subcommands.isEmpty, !word.hasPrefix("-"), word != "help" else { break }
        let names = subcommands.map { $0.configuration.commandName ?? $0._commandName }
        if let i = names.firstIndex(of: word) {
          type = subcommands[i]
          path.append(word)
          continue
        }
        let nearest = ScenarioRunner.nearestName(word, in: names)
        // With a default subcommand the word may be its argument: only a near miss is named.
        guard nearest != nil || type.configuration.defaultSubcommand == nil else { break }
        let hint = nearest.map { "; did you mean '\($0)'?" } ?? ""
        let command = path.joined(separator: " ")
        throw ValidationError(
          "'\(word)' is not a \(command) command\(hint) ('\(command) --help' lists them)")
      }
      throw error
    }
  }

  /// The entry point: parses with ``parseAsRoot(_:)`` and runs the command.
  public static func main(_ arguments: [String]? = nil) {
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
    } catch {
      exit(withError: error)
    }
  }
}
