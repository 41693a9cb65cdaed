import MarketData

/// Everything that can be wrong with a scenario file, each case carrying the facts a user needs:
/// the file, the line (when known), the key path (`programs[2].rules[0].strike`) and the problem.
///
/// Messages follow the pattern "<key path> (<value>) must be <condition>", then say what to do.
public enum ScenarioError: Error, Equatable, CustomStringConvertible {
  /// The text is not valid YAML.
  case syntax(file: String, line: Int?, column: Int?, reason: String)
  /// A key that the scenario format does not define (a typo, usually).
  case unknownKey(file: String, line: Int?, keyPath: String, suggestion: String?, validKeys: [String])
  /// A required key is absent.
  case missingKey(file: String, line: Int?, keyPath: String, expected: String)
  /// A value of the wrong kind (text where a number is needed, a list where a mapping is).
  case wrongType(file: String, line: Int?, keyPath: String, found: String, expected: String)
  /// A number or date outside its allowed range.
  case outOfRange(file: String, line: Int?, keyPath: String, value: String, condition: String)
  /// A word that is not one of the allowed choices (`kind: pot`).
  case unknownChoice(
    file: String, line: Int?, keyPath: String, value: String, choices: [String], suggestion: String?)
  /// Keys that exclude each other were given together, or none of a required set was given.
  case conflictingKeys(file: String, line: Int?, keyPath: String, keys: [String], given: [String])
  /// A symbol that is not among `data.underlyings`, or a series absent from the database.
  case unknownSymbol(
    file: String, line: Int?, keyPath: String, symbol: String, kind: SymbolKind,
    available: [String], suggestion: String?)
  /// The data do not cover the requested period (or have a hole in it).
  case periodNotCovered(file: String, line: Int?, keyPath: String, series: String, reason: String)
  /// A value that is well-formed but inconsistent with the rest of the scenario.
  case invalid(file: String, line: Int?, keyPath: String, reason: String)

  /// The scenario file name the error refers to.
  public var file: String {
    switch self {
    case .syntax(let f, _, _, _), .unknownKey(let f, _, _, _, _), .missingKey(let f, _, _, _),
      .wrongType(let f, _, _, _, _), .outOfRange(let f, _, _, _, _),
      .unknownChoice(let f, _, _, _, _, _), .conflictingKeys(let f, _, _, _, _),
      .unknownSymbol(let f, _, _, _, _, _, _), .periodNotCovered(let f, _, _, _, _),
      .invalid(let f, _, _, _):
      return f
    }
  }

  public var description: String {
    switch self {
    case .syntax(let file, let line, let column, let reason):
      return "\(Self.location(file, line, column)): invalid YAML: \(Excerpt.text(reason, limit: 1_000)); fix the indentation or quoting there"
    case .unknownKey(let file, let line, let keyPath, let suggestion, let valid):
      let hint = suggestion.map { "did you mean '\($0)'? " } ?? ""
      return "\(Self.location(file, line)): \(Excerpt.text(keyPath)) is not a known key; \(hint)valid keys here: \(valid.joined(separator: ", ")) (see Scenarios/README.md)"
    case .missingKey(let file, let line, let keyPath, let expected):
      return "\(Self.location(file, line)): \(Excerpt.text(keyPath)) is missing; add it (\(expected))"
    case .wrongType(let file, let line, let keyPath, let found, let expected):
      return "\(Self.location(file, line)): \(Excerpt.text(keyPath)) (\(Excerpt.text(found))) must be \(expected)"
    case .outOfRange(let file, let line, let keyPath, let value, let condition):
      return "\(Self.location(file, line)): \(Excerpt.text(keyPath)) (\(Excerpt.text(value))) must be \(condition)"
    case .unknownChoice(let file, let line, let keyPath, let value, let choices, let suggestion):
      let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ""
      return "\(Self.location(file, line)): \(Excerpt.text(keyPath)) ('\(Excerpt.text(value))') must be one of \(choices.joined(separator: ", "))\(hint)"
    case .conflictingKeys(let file, let line, let keyPath, let keys, let given):
      let list = keys.joined(separator: ", ")
      if given.isEmpty {
        return "\(Self.location(file, line)): \(Excerpt.text(keyPath)) must give exactly one of \(list); none is given"
      }
      return "\(Self.location(file, line)): \(Excerpt.text(keyPath)) must give exactly one of \(list), not \(Excerpt.text(given.joined(separator: " and "))); keep one"
    case .unknownSymbol(let file, let line, let keyPath, let symbol, let kind, let available, let suggestion):
      let hint = suggestion.map { "did you mean '\($0)'? " } ?? ""
      let list = available.isEmpty ? "none" : available.joined(separator: ", ")
      switch kind {
      case .underlying:
        return "\(Self.location(file, line)): \(Excerpt.text(keyPath)) ('\(Excerpt.text(symbol))') must be one of data.underlyings (\(list)); \(hint)fix the symbol or add it to data.underlyings"
      case .series(let seriesKind):
        return "\(Self.location(file, line)): \(Excerpt.text(keyPath)) ('\(Excerpt.text(symbol))') must name a \(seriesKind.rawValue) series in the database (stored: \(list)); \(hint)fix the symbol or ingest the series with 'hedgelab ingest'"
      }
    case .periodNotCovered(let file, let line, let keyPath, let series, let reason):
      return "\(Self.location(file, line)): \(Excerpt.text(keyPath)): the data of '\(Excerpt.text(series))' do not cover the period: \(Excerpt.text(reason, limit: 1_000))"
    case .invalid(let file, let line, let keyPath, let reason):
      return "\(Self.location(file, line)): \(Excerpt.text(keyPath)): \(Excerpt.text(reason, limit: 1_000))"
    }
  }

  static func location(_ file: String, _ line: Int?, _ column: Int? = nil) -> String {
    var text = Excerpt.text(file, limit: 1_000)
    if let line {
      text += ":\(line)"
      if let column { text += ":\(column)" }
    }
    return text
  }
}

/// What a symbol in a scenario must name.
public enum SymbolKind: Sendable, Equatable {
  /// One of the scenario's `data.underlyings`.
  case underlying
  /// A series of this kind stored in the database.
  case series(SeriesKind)
}

/// The nearest word to `word` among `candidates` by Levenshtein distance, when it is close
/// enough to be a plausible typo (distance ≤ max(2, a third of the word's length)).
public func nearest(_ word: String, in candidates: [String]) -> String? {
  var best: (String, Int)? = nil
  let a = Array(word.lowercased().unicodeScalars)
  for candidate in candidates {
    let d = editDistance(a, Array(candidate.lowercased().unicodeScalars))
    if best == nil || d < best!.1 { best = (candidate, d) }
  }
  guard let (word2, distance) = best, distance <= max(2, a.count / 3) else { return nil }
  return word2
}

/// Levenshtein distance (insertions, deletions and substitutions each cost 1).
func editDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
      current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
