import ArgumentParser
import HedgeLabCLI

// Parse and run explicitly: top-level `await HedgeLab.main()` resolves to ArgumentParser's
// synchronous `main()`, whose debug-build check rejects an asynchronous root command.
do {
  var command = try HedgeLab.parseAsRoot()
  if var asyncCommand = command as? any AsyncParsableCommand {
    try await asyncCommand.run()
  } else {
    try command.run()
  }
} catch {
  HedgeLab.exit(withError: error)
}
