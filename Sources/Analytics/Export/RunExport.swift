import MarketData

/// One file of an export: its name in the output folder and its text.
public struct ExportFile: Equatable, Sendable {
  public let name: String
  public let contents: String

  public init(name: String, contents: String) {
    self.name = name
    self.contents = contents
  }
}

/// Everything `--out DIR` writes, as texts (the command line writes them; only the CLI
/// touches the file system): `summary.csv`, `daily.csv`, `trades.csv` (see `CSVExport`),
/// `scenario.yaml` (see `ResolvedScenario`), `report.html` (see `HTMLReport`) and
/// `manifest.json`.
///
/// `manifest.json` records, with keys in this order:
/// - `hedgelab_version`;
/// - `scenario`: `name`, `file` (as given), `sha256` of the file's text as loaded (UTF-8);
/// - `database`: the database read, as given;
/// - `period`: `from`, `to`, `days`; `calendar_steps_per_year`;
/// - `baseline` and `programs` (the simulated programs, baseline first);
/// - `data`: per aligned input series (closes and at-the-money implied volatilities per
///   underlying, the risk-free rate, dividend yields per underlying), `series`,
///   `observations` and `sha256`: the SHA-256 of, for each day in order, the day number
///   (days since 1970-01-01, Int64 little-endian) followed by the value (IEEE 754 binary64
///   bit pattern, little-endian), so the same data aligned to the same days give the same
///   hash on every machine;
/// - `volatility_model` (when the run priced options on a calibrated smile): per underlying,
///   `symbol`, `source`, `model`, `mean_level`, `mean_atm` (decimal) and
///   `mean_atm_minus_level_points` (volatility points);
/// - `margin` (when the run computed a daily margin): `model`, `explanation` and per program
///   the ``LiquidationCheck``: `program`, `currency`, `peak_usd`, `average_usd`, `coin`,
///   `peak_coin`, `average_coin` (null without a coin), `days_below_maintenance` and
///   `below_maintenance` (every such day: `date`, `equity`, `maintenance`, portfolio currency);
/// - `files`: `name` and `sha256` of the other exported files;
/// - `generated`: the time of the export (ISO 8601, UTC), when given: the only field that
///   differs between two exports of the same run.
public enum RunExport {
  /// The names of the files ``files(_:scenarioText:scenarioFile:database:version:generated:)``
  /// returns, in order.
  public static let fileNames = ["summary.csv", "daily.csv", "trades.csv", "scenario.yaml", "report.html", "manifest.json"]

  /// Every exported file, manifest last.
  ///
  /// - Parameters:
  ///   - scenarioText: the scenario file's text as loaded.
  ///   - scenarioFile: its name as given on the command line.
  ///   - database: the database read, as given.
  ///   - version: the hedgelab version.
  ///   - generated: the export time (ISO 8601), or `nil` for a reproducible manifest.
  public static func files(
    _ comparison: ScenarioComparison, scenarioText: String, scenarioFile: String,
    database: String, version: String, generated: String?
  ) throws -> [ExportFile] {
    let c = comparison
    var files = [
      ExportFile(name: "summary.csv", contents: CSVExport.summary(c)),
      ExportFile(name: "daily.csv", contents: CSVExport.daily(c)),
      ExportFile(name: "trades.csv", contents: CSVExport.trades(c)),
    ]
    if let from = c.days.first, let to = c.days.last {
      files.append(
        ExportFile(
          name: "scenario.yaml",
          contents: try ResolvedScenario.yaml(
            c.scenario, file: scenarioFile, from: from, to: to, database: database,
            version: version)))
    }
    files.append(ExportFile(name: "report.html", contents: HTMLReport.html(c, version: version)))
    files.append(
      ExportFile(
        name: "manifest.json",
        contents: manifest(
          c, scenarioText: scenarioText, scenarioFile: scenarioFile, database: database,
          version: version, files: files, generated: generated)))
    return files
  }

  /// `manifest.json` (see the type's documentation).
  public static func manifest(
    _ c: ScenarioComparison, scenarioText: String, scenarioFile: String, database: String,
    version: String, files: [ExportFile], generated: String?
  ) -> String {
    var pairs: [(String, JSONValue)] = [
      ("hedgelab_version", .string(version)),
      (
        "scenario",
        .object([
          ("name", .string(c.scenarioName)),
          ("file", .string(scenarioFile)),
          ("sha256", .string(SHA256.hex(of: Array(scenarioText.utf8)))),
        ])
      ),
      ("database", .string(database)),
      (
        "period",
        .object([
          ("from", c.days.first.map { .string($0.description) } ?? .null),
          ("to", c.days.last.map { .string($0.description) } ?? .null),
          ("days", .integer(c.days.count)),
        ])
      ),
      ("calendar_steps_per_year", .number(c.periodsPerYear.value)),
      ("baseline", .string(c.baselineName)),
      ("programs", .array(c.programReports.map { .string($0.name) })),
      (
        "data",
        .array(
          seriesHashes(c).map { s in
            .object([
              ("series", .string(s.series)), ("observations", .integer(s.observations)),
              ("sha256", .string(s.sha256)),
            ])
          })
      ),
      (
        "volatility_model",
        .array(
          c.volatility.map { v in
            .object([
              ("symbol", .string(v.symbol)), ("source", .string(v.source)), ("model", .string(v.model)),
              ("mean_level", .number(v.meanLevel)), ("mean_atm", .number(v.meanAtTheMoney)),
              ("mean_atm_minus_level_points", .number(v.meanGapPoints)),
            ])
          })
      ),
    ]
    let checks = LiquidationCheck.checks(c)
    if !checks.isEmpty {
      func number(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
      pairs.append(
        (
          "margin",
          .object([
            ("model", .string(c.scenario.margin.name)),
            ("explanation", .string(c.scenario.margin.explanation)),
            (
              "programs",
              .array(
                checks.map { name, check in
                  .object([
                    ("program", .string(name)), ("currency", .string(check.currency)),
                    ("peak_usd", .number(check.peakUSD)), ("average_usd", .number(check.averageUSD)),
                    ("coin", check.coin.map { .string($0) } ?? .null),
                    ("peak_coin", number(check.peakCoin)), ("average_coin", number(check.averageCoin)),
                    ("days_below_maintenance", .integer(check.breaches.count)),
                    (
                      "below_maintenance",
                      .array(
                        check.breaches.map { b in
                          .object([
                            ("date", .string(b.day.description)), ("equity", .number(b.equity)),
                            ("maintenance", .number(b.maintenance)),
                          ])
                        })
                    ),
                  ])
                })
            ),
          ])
        ))
    }
    pairs += [
      (
        "files",
        .array(
          files.map { f in
            .object([("name", .string(f.name)), ("sha256", .string(SHA256.hex(of: Array(f.contents.utf8))))])
          })
      ),
    ]
    if let generated { pairs.append(("generated", .string(generated))) }
    return JSONValue.object(pairs).text()
  }

  /// The hash of every aligned input series: `close <SYMBOL>` and
  /// `implied_volatility <SYMBOL>` per underlying, `risk_free_rate`, `dividend_yield
  /// <SYMBOL>` per underlying.
  public static func seriesHashes(_ c: ScenarioComparison)
    -> [(series: String, observations: Int, sha256: String)]
  {
    var series = [(String, [Double])]()
    for (u, s) in c.symbols.enumerated() { series.append(("close \(s)", c.spots[u])) }
    for (u, s) in c.symbols.enumerated() {
      series.append(("implied_volatility \(s)", c.impliedVolatility[u]))
    }
    series.append(("risk_free_rate", c.riskFreeRates))
    for (u, s) in c.symbols.enumerated() where u < c.dividendYields.count {
      series.append(("dividend_yield \(s)", c.dividendYields[u]))
    }
    return series.map { name, values in
      let h = SeriesHash(series: name, days: c.days, values: values)
      return (h.series, h.observations, h.sha256)
    }
  }
}
