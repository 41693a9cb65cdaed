/// The comparison as people and programs read it: an aligned text table (metrics as rows with
/// their units, programs as columns, the baseline first) and JSON with stable keys.
public enum ComparisonTable {
  /// The aligned table, with a title line, two header lines (name, role), one block of rows
  /// per section and the notes at the end.
  ///
  /// A benchmark column is headed `stock+cash` over `w% stock`, right of its hedge.
  public static func text(_ comparison: ScenarioComparison) -> String {
    let reports = comparison.reports
    var text = headline(comparison) + "\n\n"
    let names = reports.map { r -> String in
      if case .stockCashBenchmark = r.role { return "stock+cash" }
      return r.name
    }
    let roles = reports.map { r -> String in
      switch r.role {
      case .baseline: return "baseline"
      case .hedge: return "hedge"
      case .stockCashBenchmark(_, let w): return DisplayFormat.fixed(w * 100, 0) + "% stock"
      }
    }
    guard let first = reports.first else { return text }
    var cells = [[String]](repeating: [], count: reports.count)
    for (c, report) in reports.enumerated() {
      cells[c] = report.rows.map { DisplayFormat.value($0, currencyDecimals: comparison.currencyDecimals) }
    }
    // Metrics as rows under their section titles, programs as columns.
    var rows = [[""] + names, [""] + roles]
    var r = 0
    for section in first.sections {
      rows += [[], [section.title]]
      for row in section.rows {
        rows.append(["  " + row.name] + cells.map { $0[r] })
        r += 1
      }
    }
    text += TextTable.aligned(rows, leftAligned: [0])
    text += "\nprograms:\n"
    for line in explanations(comparison) { text += "  - \(line)\n" }
    if !comparison.notes.isEmpty {
      text += "\nnotes:\n"
      for note in comparison.notes { text += "  - \(note)\n" }
    }
    return text
  }

  /// One ``ProgramExplanation`` sentence per simulated program, in column order.
  public static func explanations(_ c: ScenarioComparison) -> [String] {
    c.programReports.compactMap { r in
      ProgramExplanation.line(r, spec: c.scenario.programs.first { $0.name == r.name })
    }
  }

  /// `spx: SPX, 1990-01-02 to 2021-12-31, 8064 days; baseline unhedged; roll period 21 days`.
  static func headline(_ c: ScenarioComparison) -> String {
    let from = c.days.first.map(\.description) ?? "-"
    let to = c.days.last.map(\.description) ?? "-"
    return "\(c.scenarioName): \(c.symbols.joined(separator: ", ")), \(from) to \(to),"
      + " \(c.days.count) days; baseline \(c.baselineName); roll period"
      + " \(c.rollPeriod.tradingDays) steps; – = not applicable"
  }

  /// The comparison as JSON: scenario facts, then one object per report (baseline first) with
  /// `name`, `role`, `benchmark_of`, `stock_weight`, `hedging_error_target` and `metrics`
  /// (the rows' keys in row order, `null` for missing values), then the notes.
  public static func json(_ comparison: ScenarioComparison) -> String {
    jsonValue(comparison).text()
  }

  /// The JSON document of `json(_:)` as a value.
  public static func jsonValue(_ c: ScenarioComparison) -> JSONValue {
    let programs = c.reports.map { r -> JSONValue in
      var benchmarkOf = JSONValue.null
      if case .stockCashBenchmark(let of, _) = r.role { benchmarkOf = .string(of) }
      return .object([
        ("name", .string(r.name)),
        ("role", .string(r.role.label)),
        ("benchmark_of", benchmarkOf),
        ("stock_weight", .optional(r.stockWeight)),
        ("hedging_error_target", r.efficiency?.hedgingTarget.map { .string($0.label) } ?? .null),
        ("metrics", .object(r.rows.map { ($0.key, JSONValue($0.value)) })),
        ("undefined", .object(r.rows.compactMap { row in row.note.map { (row.key, .string($0)) } })),
      ])
    }
    return .object([
      ("scenario", .string(c.scenarioName)),
      ("description", c.scenarioSummary.map { .string($0) } ?? .null),
      ("symbols", .array(c.symbols.map { .string($0) })),
      ("from", c.days.first.map { .string($0.description) } ?? .null),
      ("to", c.days.last.map { .string($0.description) } ?? .null),
      ("days", .integer(c.days.count)),
      ("periods_per_year", .number(c.periodsPerYear.value)),
      ("roll_period_steps", .integer(c.rollPeriod.tradingDays)),
      ("baseline", .string(c.baselineName)),
      ("programs", .array(programs)),
      ("notes", .array(c.notes.map { .string($0) })),
    ])
  }
}

extension String {
  /// The string without trailing spaces.
  var trailingSpacesRemoved: String {
    var s = Substring(self)
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
