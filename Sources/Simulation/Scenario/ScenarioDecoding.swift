import MarketData

/// A problem found while decoding one value of a scenario, located by its coding path; the
/// loader turns it into a ``ScenarioError`` naming the file and line.
struct ScenarioIssue: Error {
  enum Problem {
    case unknownKey(valid: [String])
    case missing(expected: String)
    case outOfRange(value: String, condition: String)
    case unknownChoice(value: String, choices: [String])
    case conflicting(keys: [String], given: [String])
    case notASymbol(symbol: String, available: [String])
    case invalid(String)
  }

  var codingPath: [any CodingKey]
  var problem: Problem
}

/// A coding key made from any string or index, for reading every key of a mapping.
struct AnyKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(stringValue: String) { self.stringValue = stringValue }
  init(intValue: Int) {
    stringValue = String(intValue)
    self.intValue = intValue
  }
}

/// `programs[2].rules[0].strike` from a coding path.
func keyPathText(_ path: [any CodingKey]) -> String {
  var text = ""
  for key in path {
    if let index = key.intValue {
      text += "[\(index)]"
    } else {
      text += (text.isEmpty ? "" : ".") + key.stringValue
    }
  }
  return text.isEmpty ? "(top level)" : text
}

/// A condition on a number, with its wording for error messages ("in [0.05, 3]").
struct Condition: Sendable {
  let holds: @Sendable (Double) -> Bool
  let text: String

  /// The largest magnitude of any number in a scenario (notional, cash, strike prices,
  /// quantities, units): 1e12, a trillion in currency. Keeps every amount the engine derives
  /// from them far inside the range where `Double` arithmetic and integer conversions are exact.
  static let largestMagnitude = 1e12

  static let positive = Condition(holds: { $0 > 0 }, text: "positive")
  static let nonNegative = Condition(holds: { $0 >= 0 }, text: "zero or positive")
  static let any = Condition(holds: { _ in true }, text: "a finite number")
  static func within(_ low: Double, _ high: Double, _ note: String = "") -> Condition {
    Condition(
      holds: { $0 >= low && $0 <= high },
      text: "in [\(formatNumber(low)), \(formatNumber(high))]" + (note.isEmpty ? "" : " (\(note))"))
  }
  static func atLeast(_ low: Double, _ note: String = "") -> Condition {
    Condition(
      holds: { $0 >= low }, text: "at least \(formatNumber(low))" + (note.isEmpty ? "" : " (\(note))"))
  }
}

/// A number as a user wrote it: integers without a decimal point, others in shortest form.
func formatNumber(_ value: Double) -> String {
  if abs(value) < 1e15, let whole = Int(exactly: value) { return String(whole) }
  return String(value)
}

extension Decoder {
  /// A keyed container that first rejects any key not in `K.allCases` (Codable alone ignores
  /// unknown keys, which hides typos such as `strik:`).
  func strictContainer<K: CodingKey & CaseIterable>(keyedBy: K.Type) throws
    -> KeyedDecodingContainer<K>
  {
    try rejectUnknownKeys(valid: K.allCases.map(\.stringValue))
    return try container(keyedBy: K.self)
  }

  /// Throws for the first key of this mapping that is not in `valid`.
  func rejectUnknownKeys(valid: [String]) throws {
    let all = try container(keyedBy: AnyKey.self)
    for key in all.allKeys where !valid.contains(key.stringValue) {
      throw ScenarioIssue(codingPath: codingPath + [key], problem: .unknownKey(valid: valid))
    }
  }
}

extension KeyedDecodingContainer {
  func issue(_ key: Key, _ problem: ScenarioIssue.Problem) -> ScenarioIssue {
    ScenarioIssue(codingPath: codingPath + [key], problem: problem)
  }

  /// A required finite number satisfying `condition`.
  func number(_ key: Key, _ condition: Condition, expected: String = "a number") throws -> Double {
    guard let value = try optionalNumber(key, condition) else {
      throw issue(key, .missing(expected: "\(expected), \(condition.text)"))
    }
    return value
  }

  /// A finite number satisfying `condition`, or `defaultValue` when the key is absent.
  func number(_ key: Key, default defaultValue: Double, _ condition: Condition) throws -> Double {
    try optionalNumber(key, condition) ?? defaultValue
  }

  /// A finite number satisfying `condition` and at most ``Condition/largestMagnitude`` in size,
  /// or `nil` when the key is absent or null.
  func optionalNumber(_ key: Key, _ condition: Condition) throws -> Double? {
    guard let value = try decodeIfPresent(Double.self, forKey: key) else { return nil }
    guard value.isFinite, value.magnitude <= Condition.largestMagnitude, condition.holds(value) else {
      let shown = value.isFinite ? formatNumber(value) : String(value)
      let bound = "at most 1e12 in size"
      let text: String
      if !value.isFinite {
        text = "finite and \(condition.text)"
      } else if value.magnitude <= Condition.largestMagnitude {
        text = condition.text
      } else {
        text = condition.holds(value) ? bound : "\(condition.text) and \(bound)"
      }
      throw issue(key, .outOfRange(value: shown, condition: text))
    }
    return value
  }

  /// A whole number in `range`, or `defaultValue` (nil: required) when absent.
  func integer(_ key: Key, in range: ClosedRange<Int>, default defaultValue: Int? = nil) throws
    -> Int
  {
    guard let value = try optionalInteger(key, in: range) else {
      if let defaultValue { return defaultValue }
      throw issue(
        key, .missing(expected: "a whole number in [\(range.lowerBound), \(range.upperBound)]"))
    }
    return value
  }

  /// A whole number in `range`, or `nil` when absent.
  func optionalInteger(_ key: Key, in range: ClosedRange<Int>) throws -> Int? {
    guard let value = try decodeIfPresent(Int.self, forKey: key) else { return nil }
    guard range.contains(value) else {
      throw issue(
        key,
        .outOfRange(
          value: String(value),
          condition: range.upperBound == Int.max
            ? "at least \(range.lowerBound)" : "in [\(range.lowerBound), \(range.upperBound)]"))
    }
    return value
  }

  /// Required non-empty text.
  func text(_ key: Key, expected: String) throws -> String {
    guard let value = try optionalText(key) else { throw issue(key, .missing(expected: expected)) }
    return value
  }

  /// Non-empty text, or `nil` when absent.
  func optionalText(_ key: Key) throws -> String? {
    guard let value = try decodeIfPresent(String.self, forKey: key) else { return nil }
    guard !value.isEmpty else {
      throw issue(key, .outOfRange(value: "''", condition: "non-empty text"))
    }
    return value
  }

  /// The name of a stored series (required, a valid symbol name).
  func symbolText(_ key: Key) throws -> String {
    let name = try text(key, expected: "the name of a stored series, e.g. BTC-FUNDING")
    if let reason = SymbolName.problem(name) { throw issue(key, .invalid(reason)) }
    return name
  }

  /// A date `YYYY-MM-DD`, or `nil` when absent.
  func optionalDay(_ key: Key) throws -> Day? {
    guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
    guard let day = Day(iso: text) else {
      throw issue(key, .outOfRange(value: text, condition: "a date of the form YYYY-MM-DD"))
    }
    return day
  }

  /// One of the raw values of `E`, or `defaultValue` (nil: required) when absent.
  func choice<E: RawRepresentable & CaseIterable>(
    _ key: Key, _ type: E.Type, default defaultValue: E? = nil
  ) throws -> E where E.RawValue == String {
    guard let raw = try decodeIfPresent(String.self, forKey: key) else {
      if let defaultValue { return defaultValue }
      throw issue(
        key, .missing(expected: "one of " + E.allCases.map(\.rawValue).joined(separator: ", ")))
    }
    guard let value = E(rawValue: raw) else {
      throw issue(key, .unknownChoice(value: raw, choices: E.allCases.map(\.rawValue)))
    }
    return value
  }

  /// The one key of `keys` that is present; throws when none or several are.
  func exactlyOne(of keys: [Key]) throws -> Key {
    let given = keys.filter { contains($0) }
    guard given.count == 1 else {
      throw ScenarioIssue(
        codingPath: codingPath,
        problem: .conflicting(keys: keys.map(\.stringValue), given: given.map(\.stringValue)))
    }
    return given[0]
  }

  /// The one key of `keys` that is present, `nil` when none is; throws when several are.
  func atMostOne(of keys: [Key]) throws -> Key? {
    let given = keys.filter { contains($0) }
    guard given.count <= 1 else {
      throw ScenarioIssue(
        codingPath: codingPath,
        problem: .conflicting(keys: keys.map(\.stringValue), given: given.map(\.stringValue)))
    }
    return given.first
  }
}
