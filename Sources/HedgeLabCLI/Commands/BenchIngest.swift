import Analytics
import ArgumentParser
import Foundation
import MarketData

extension HedgeLab.Bench {
  /// `hedgelab bench ingest`: the loader against the `sqlite3` shell's `.import`, and the time
  /// to load the S&P 500 + VIX history for a backtest.
  struct BenchIngest: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ingest",
      abstract: "Measure ingest speed against sqlite3's .import, and the load time of the S&P 500 + VIX history.",
      discussion: """
        Generates a long-format implied-volatility CSV (date,symbol,tenor_days,moneyness,iv: \
        50 symbols × 5 tenors × 8 moneyness levels per weekday) in a temporary folder and \
        loads it twice, into fresh databases with the same WITHOUT ROWID table and primary key \
        (symbol, day, tenorDays, moneyness), both in WAL mode with synchronous=NORMAL:
          ours: 'hedgelab ingest' (parse, validate every row, detect repeated keys, upsert, \
        SHA-256, ingest log), in this process;
          peer: the sqlite3 shell's '.import --csv --skip 1' (no validation, plain INSERT), \
        when sqlite3 is on PATH.
        Then, when ../shared/data is present, ingests spx_daily.csv and vix_daily.csv and times \
        opening the database and loading both full histories through MarketDataSource \
        (median of 25 runs). See Benchmarks/ingest/README.md.
        """
    )

    @Option(help: "Rows of the generated implied-volatility file.")
    var rows: Int = 5_000_000

    @Option(help: "The folder holding spx_daily.csv and vix_daily.csv.")
    var sharedData: String = "../shared/data"

    @Flag(help: "Print the results as one JSON object.")
    var json = false

    func validate() throws {
      guard rows >= 2_000 else { throw ValidationError("--rows (\(rows)) must be at least 2000 (one day of 50 symbols × 40 points)") }
    }

    func run() throws {
      try withUserFacingErrors {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hedgelab-bench-ingest-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        do {
          try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
          throw CommandFailure("cannot create the temporary folder \(folder.path) (\(error.localizedDescription))", exitStatus: ExitStatus.cannotCreate)
        }
        defer { try? FileManager.default.removeItem(at: folder) }

        let csv = folder.appendingPathComponent("iv.csv").path
        let generated = try Self.writeVolatilityFile(path: csv, rows: rows)
        var results: [(String, String)] = [
          ("rows", String(rows)), ("file_mb", String(format: "%.1f", Double(generated) / 1e6)),
        ]
        if !json { print("generated \(rows) rows (\(String(format: "%.1f", Double(generated) / 1e6)) MB) in \(csv)") }

        // Flush the generated file's dirty pages first, so that neither loader competes with
        // the kernel's write-back of the other's output (likewise before the peer).
        sync()

        // Ours.
        let ourPath = folder.appendingPathComponent("ours.sqlite").path
        var options = IngestOptions(kind: .impliedVolatility)
        options.unit = .decimal
        let start = Date()
        // Opening, ingesting and closing (the peer's time also runs from start to exit).
        let summary = try MarketDatabase(path: ourPath).ingest(file: csv, options: options)
        let ours = Date().timeIntervalSince(start)
        guard summary.inserted == rows else {
          throw CommandFailure("the loader stored \(summary.inserted) rows of \(rows); this is a bug", exitStatus: ExitStatus.failure)
        }
        let ourRate = Double(rows) / ours
        results += [("ours_seconds", String(format: "%.3f", ours)), ("ours_rows_per_second", String(format: "%.0f", ourRate))]
        if !json { print(String(format: "hedgelab ingest:  %7.2f s  %9.0f rows/s  (validation + upsert + SHA-256)", ours, ourRate)) }

        // Peer: sqlite3 .import.
        if let sqlite3 = Self.findExecutable("sqlite3") {
          sync()
          let peerPath = folder.appendingPathComponent("peer.sqlite").path
          let script = """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE impliedVolatility (day TEXT NOT NULL, symbol TEXT NOT NULL, tenorDays INTEGER NOT NULL, moneyness REAL NOT NULL, volatility REAL NOT NULL, PRIMARY KEY (symbol, day, tenorDays, moneyness)) WITHOUT ROWID;
            .import --csv --skip 1 \(csv) impliedVolatility
            SELECT count(*) FROM impliedVolatility;

            """
          let (seconds, output) = try Self.runTimed(sqlite3, arguments: [peerPath], input: script)
          let counted = output.split(separator: "\n").last.map(String.init) ?? ""
          guard counted == String(rows) else {
            throw CommandFailure("sqlite3 .import stored '\(counted)' rows of \(rows): \(output)", exitStatus: ExitStatus.failure)
          }
          let peerRate = Double(rows) / seconds
          results += [
            ("peer", "sqlite3 .import"), ("peer_seconds", String(format: "%.3f", seconds)),
            ("peer_rows_per_second", String(format: "%.0f", peerRate)), ("ratio", String(format: "%.2f", ourRate / peerRate)),
          ]
          if !json {
            print(String(format: "sqlite3 .import:  %7.2f s  %9.0f rows/s  (no validation, plain INSERT)", seconds, peerRate))
            print(String(format: "ratio ours / .import: %.2f", ourRate / peerRate))
          }
        } else if !json {
          print("sqlite3 is not on PATH: no .import comparison (apt-get install sqlite3)")
        }

        // Loading the S&P 500 + VIX history.
        let spx = URL(fileURLWithPath: sharedData).appendingPathComponent("spx_daily.csv").path
        let vix = URL(fileURLWithPath: sharedData).appendingPathComponent("vix_daily.csv").path
        if FileManager.default.fileExists(atPath: spx), FileManager.default.fileExists(atPath: vix) {
          let historyPath = folder.appendingPathComponent("history.sqlite").path
          let history = try MarketDatabase(path: historyPath)
          var p = IngestOptions(kind: .price)
          p.symbol = "SPX"
          _ = try history.ingest(file: spx, options: p)
          var v = IngestOptions(kind: .impliedVolatility)
          v.symbol = "VIX"
          v.valueColumn = "close"
          v.unit = .percent
          v.tenorDays = 30
          v.moneyness = 1
          _ = try history.ingest(file: vix, options: v)
          var times: [Double] = []
          var points = 0
          for _ in 0..<25 {
            let t0 = Date()
            let source = try MarketDatabase.open(existingAt: historyPath)
            let closes = try source.closes(of: "SPX", from: nil, to: nil)
            let vols = try source.atTheMoneyVolatility(of: "VIX", tenorDays: 30, from: nil, to: nil)
            let aligned = try vols.aligned(to: closes.days, maxStaleDays: 5)
            times.append(Date().timeIntervalSince(t0) * 1000)
            points = closes.count + aligned.count
          }
          times.sort()
          let median = times[times.count / 2]
          results += [("history_load_ms", String(format: "%.2f", median)), ("history_points", String(points))]
          if !json {
            print(String(format: "S&P 500 + VIX history (open, load, align; %d values): %.2f ms (median of 25)", points, median))
          }
        } else if !json {
          print("\(sharedData) has no spx_daily.csv/vix_daily.csv: no history load time (pass --shared-data)")
        }
        if json {
          // Figures are formatted above to their meaningful digits; they stay numbers.
          let record = JSONValue.object(
            results.map { key, value in
              (key, Int(value).map { .integer($0) } ?? Double(value).map { .number($0) } ?? .string(value))
            })
          print(record.compactText())
        }
      }
    }

    /// Writes the benchmark's CSV: per weekday from 2000-01-03, 50 symbols × tenors
    /// (30, 60, 91, 182, 365 days) × moneyness (0.8 … 1.2), volatilities with 6 decimals from
    /// a fixed-seed generator. Returns the file size in bytes.
    static func writeVolatilityFile(path: String, rows: Int) throws -> Int {
      guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
        throw CommandFailure("cannot create \(path)", exitStatus: ExitStatus.cannotCreate)
      }
      defer { try? handle.close() }
      let tenors = ["30", "60", "91", "182", "365"]
      let moneyness = ["0.8", "0.85", "0.9", "0.95", "1.0", "1.05", "1.1", "1.2"]
      var rng = Xoshiro256StarStar(seed: 5_000_000)
      var buffer: [UInt8] = Array("date,symbol,tenor_days,moneyness,iv\n".utf8)
      buffer.reserveCapacity(1 << 23)
      var total = 0
      var written = 0
      var day = Day(iso: "2000-01-03")!
      while written < rows {
        if day.isWeekend {
          day = day + 1
          continue
        }
        let date = Array(day.description.utf8)
        symbols: for s in 0..<50 {
          let symbol = Array("S\(s < 10 ? "0" : "")\(s)".utf8)
          for t in tenors {
            for m in moneyness {
              if written == rows { break symbols }
              buffer += date
              buffer.append(44)
              buffer += symbol
              buffer.append(44)
              buffer += t.utf8
              buffer.append(44)
              buffer += m.utf8
              buffer.append(44)
              // 0.100000 … 0.699999
              let micro = 100_000 + Int(rng.next() % 600_000)
              buffer += "0.".utf8
              buffer += String(micro).utf8
              buffer.append(10)
              written += 1
            }
          }
        }
        day = day + 1
        if buffer.count > (1 << 23) - 4096 {
          try handle.write(contentsOf: buffer)
          total += buffer.count
          buffer.removeAll(keepingCapacity: true)
        }
      }
      try handle.write(contentsOf: buffer)
      total += buffer.count
      return total
    }

    static func findExecutable(_ name: String) -> String? {
      let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
      for folder in path.split(separator: ":") {
        let candidate = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      }
      return nil
    }

    /// Runs `executable` with `input` on stdin; returns the wall-clock seconds and stdout.
    static func runTimed(_ executable: String, arguments: [String], input: String) throws -> (Double, String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
      let stdin = Pipe()
      let stdout = Pipe()
      process.standardInput = stdin
      process.standardOutput = stdout
      process.standardError = stdout
      let start = Date()
      try process.run()
      stdin.fileHandleForWriting.write(Data(input.utf8))
      try stdin.fileHandleForWriting.close()
      let output = stdout.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      let seconds = Date().timeIntervalSince(start)
      let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      guard process.terminationStatus == 0 else {
        throw CommandFailure("\(executable) failed (status \(process.terminationStatus)): \(text)", exitStatus: ExitStatus.failure)
      }
      return (seconds, text)
    }
  }
}
