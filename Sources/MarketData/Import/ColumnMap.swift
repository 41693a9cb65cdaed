import Foundation

/// Where each field of a CSV file is, resolved once from its header and the ingest options.
struct ColumnMap {
  var header: [String]
  var date: Int
  /// Long layout: the symbol column, or `nil` with a constant symbol.
  var symbol: Int?
  var constantSymbol: String?
  /// Long layout: the value column.
  var value: Int = 0
  var open: Int?
  var high: Int?
  var low: Int?
  var volume: Int?
  var tenor: Int?
  var constantTenor: Int?
  var moneyness: Int?
  var constantMoneyness: Double?
  /// Wide layout: the value columns and their symbols.
  var wide: [(column: Int, symbol: String)] = []

  /// Columns read as values (for the unit check): the value column, or every symbol column.
  var valueColumns: [Int] { wide.isEmpty ? [value] : wide.map(\.column) }

  private static func find(_ name: String, in header: [String]) -> Int? {
    let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
    return header.firstIndex { $0.trimmingCharacters(in: .whitespaces).lowercased() == wanted }
  }

  private static func firstPresent(_ names: [String], in header: [String]) -> Int? {
    for n in names { if let i = find(n, in: header) { return i } }
    return nil
  }

  /// Resolves the columns named by `options` (or by convention) in `header`.
  static func resolve(header: [String], options o: IngestOptions, path: String) throws(IngestError) -> ColumnMap {
    func column(_ name: String?, flag: String) throws(IngestError) -> Int? {
      guard let name else { return nil }
      guard let i = find(name, in: header) else {
        throw .columnNotFound(path: path, flag: flag, column: name, header: header)
      }
      return i
    }
    func invalid(_ reason: String) -> IngestError { .invalidOptions(path: path, reason: reason) }
    func badHeader(_ reason: String) -> IngestError { .invalidHeader(path: path, reason: reason) }

    let kind = o.kind
    let date = try column(o.dateColumn, flag: "--date-column")
      ?? firstPresent(["date", "day", "month", "ex_date", "exdate"], in: header) ?? 0
    var map = ColumnMap(header: header, date: date)

    // Tenor and moneyness apply to implied volatilities (and a tenor to rates).
    let takesTenor = kind == .impliedVolatility || kind == .rate
    if !takesTenor, o.tenorDays != nil || o.tenorColumn != nil {
      throw invalid("--tenor and --tenor-column apply to implied volatilities and rates only")
    }
    if kind != .impliedVolatility, o.moneyness != nil || o.moneynessColumn != nil {
      throw invalid("--moneyness and --moneyness-column apply to implied volatilities only")
    }
    if kind != .price, [o.openColumn, o.highColumn, o.lowColumn, o.volumeColumn].contains(where: { $0 != nil }) {
      throw invalid("--open-column, --high-column, --low-column and --volume-column apply to prices only")
    }
    if o.tenorDays != nil, o.tenorColumn != nil { throw invalid("pass either --tenor or --tenor-column, not both") }
    if o.moneyness != nil, o.moneynessColumn != nil {
      throw invalid("pass either --moneyness or --moneyness-column, not both")
    }
    if o.symbol != nil, o.symbolColumn != nil { throw invalid("pass either --symbol or --symbol-column, not both") }
    map.constantTenor = o.tenorDays
    map.constantMoneyness = o.moneyness

    if o.layout == .wide {
      if o.symbol != nil || o.symbolColumn != nil || o.valueColumn != nil || o.tenorColumn != nil
        || o.moneynessColumn != nil || o.openColumn != nil || o.highColumn != nil || o.lowColumn != nil
        || o.volumeColumn != nil
      {
        throw invalid(
          "--wide takes one symbol per column from the header: drop --symbol, --symbol-column, --value-column and the other column flags except --date-column")
      }
      if kind == .impliedVolatility, o.tenorDays == nil || o.moneyness == nil {
        throw invalid("implied volatilities in a wide file need --tenor (e.g. --tenor 91d) and --moneyness (e.g. --moneyness 1.0), which apply to every column")
      }
      if kind == .rate, o.tenorDays == nil { throw invalid("rates need --tenor (e.g. --tenor 3m)") }
      var seen = Set<String>()
      for (i, name) in header.enumerated() where i != date {
        let symbol = name.trimmingCharacters(in: .whitespaces)
        guard !symbol.isEmpty else {
          throw badHeader("column \(i + 1) of the header has no name; in a wide file every column after the date names a symbol")
        }
        if let reason = SymbolName.problem(symbol) { throw badHeader("column \(i + 1) of the header: \(reason)") }
        guard seen.insert(symbol).inserted else {
          throw badHeader("symbol '\(Excerpt.text(symbol))' names two columns of the header; each symbol may appear once")
        }
        map.wide.append((i, symbol))
      }
      guard !map.wide.isEmpty else { throw badHeader("a wide file needs at least one symbol column after the date") }
      return map
    }

    // Long layout.
    if let s = o.symbol {
      if let reason = SymbolName.problem(s) { throw invalid("--symbol: \(reason)") }
      map.constantSymbol = s
    } else if let i = try column(o.symbolColumn, flag: "--symbol-column") ?? firstPresent(["symbol", "ticker"], in: header) {
      map.symbol = i
    } else {
      throw invalid("no symbol: pass --symbol NAME for a file holding one series, or --symbol-column COLUMN")
    }
    if kind == .impliedVolatility {
      map.tenor = try column(o.tenorColumn, flag: "--tenor-column")
      if map.tenor == nil, o.tenorDays == nil { map.tenor = firstPresent(["tenor_days", "tenordays", "tenor"], in: header) }
      guard map.tenor != nil || o.tenorDays != nil else {
        throw invalid("implied volatilities need a tenor: pass --tenor (e.g. --tenor 30d) or --tenor-column COLUMN")
      }
      map.moneyness = try column(o.moneynessColumn, flag: "--moneyness-column")
      if map.moneyness == nil, o.moneyness == nil { map.moneyness = firstPresent(["moneyness"], in: header) }
      guard map.moneyness != nil || o.moneyness != nil else {
        throw invalid("implied volatilities need a moneyness (strike / spot): pass --moneyness 1.0 (at the money) or --moneyness-column COLUMN")
      }
    }
    if kind == .rate {
      map.tenor = try column(o.tenorColumn, flag: "--tenor-column")
      guard map.tenor != nil || o.tenorDays != nil else {
        throw invalid("rates need a tenor: pass --tenor (e.g. --tenor 3m for a 3-month rate) or --tenor-column COLUMN")
      }
    }
    if kind == .price {
      map.open = try column(o.openColumn, flag: "--open-column")
      map.high = try column(o.highColumn, flag: "--high-column")
      map.low = try column(o.lowColumn, flag: "--low-column")
      map.volume = try column(o.volumeColumn, flag: "--volume-column")
    }
    var used: Set<Int> = [date]
    for i in [map.symbol, map.tenor, map.moneyness, map.open, map.high, map.low, map.volume] {
      if let i { used.insert(i) }
    }
    let conventional: [String]
    switch kind {
    case .price: conventional = ["close", "adj_close", "price", "value"]
    case .impliedVolatility: conventional = ["iv", "volatility", "implied_volatility", "value"]
    case .rate: conventional = ["rate", "value"]
    case .dividendYield: conventional = ["yield", "dividend_yield", "value"]
    case .dividendCash: conventional = ["amount", "dividend", "value"]
    }
    if let i = try column(o.valueColumn, flag: "--value-column") {
      map.value = i
    } else if let i = firstPresent(conventional, in: header), !used.contains(i) {
      map.value = i
    } else {
      let rest = header.indices.filter { !used.contains($0) && !(kind == .price && ["open", "high", "low", "volume"].contains(header[$0].lowercased())) }
      guard rest.count == 1 else {
        let what = kind == .price ? "closing price" : kind.rawValue == "iv" ? "implied volatility" : kind.rawValue.replacingOccurrences(of: "_", with: " ")
        throw badHeader("cannot tell which column holds the \(what): pass --value-column (columns: \(rest.map { Excerpt.text(header[$0]) }.joined(separator: ", ")))")
      }
      map.value = rest[0]
    }
    used.insert(map.value)
    // A column read by name must be the only one with that name (two `close` columns would
    // silently use the first).
    for i in used.sorted() {
      let name = header[i].trimmingCharacters(in: .whitespaces).lowercased()
      let same = header.indices.filter { header[$0].trimmingCharacters(in: .whitespaces).lowercased() == name }
      if same.count > 1 {
        throw badHeader(
          "column '\(Excerpt.text(header[i]))' appears \(same.count) times in the header (columns \(same.map { String($0 + 1) }.joined(separator: ", "))); rename or remove the extra ones")
      }
    }
    if kind == .price {
      // Conventional OHLCV names, when present and not already used.
      func conventionalColumn(_ name: String) -> Int? {
        guard let i = find(name, in: header), !used.contains(i) else { return nil }
        return i
      }
      if o.openColumn == nil { map.open = conventionalColumn("open") }
      if o.highColumn == nil { map.high = conventionalColumn("high") }
      if o.lowColumn == nil { map.low = conventionalColumn("low") }
      if o.volumeColumn == nil { map.volume = conventionalColumn("volume") }
    }
    return map
  }
}
