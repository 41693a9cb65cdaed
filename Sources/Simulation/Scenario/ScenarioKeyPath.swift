import Yams

/// A key path into a scenario, as a sweep's `--grid` key or a ``Scenario/Override/parameter(_:_:)``
/// names it.
///
/// Grammar: steps separated by `.`, each a key (`data`, `tenor-days`) optionally followed by
/// list indices (`rules[0]`). In a list of named items (`programs`), a key step selects the
/// item by its `name:` (`programs.put.rules[0].strike` is the first rule of the program named
/// `put`); an index step selects by position (0-based, `programs[1]`). The last step may name a
/// key the scenario leaves at its default (it is added, and the scenario's validation rejects it
/// with the nearest valid key when it is not a scenario key).
public struct ScenarioKeyPath: Sendable, Hashable, CustomStringConvertible {
  public enum Step: Sendable, Hashable {
    case key(String)
    case index(Int)
  }

  /// The path as written, e.g. `programs.put.rules[0].strike`.
  public let text: String
  public let steps: [Step]

  /// Parses `text`.
  /// - Throws: ``ScenarioKeyPathError`` saying which step is malformed.
  public init(_ text: String) throws(ScenarioKeyPathError) {
    self.text = text
    var steps: [Step] = []
    var chars = Array(text)[...]
    var expectKey = true
    func fail(_ reason: String) -> ScenarioKeyPathError { ScenarioKeyPathError(key: text, reason: reason) }
    while let c = chars.first {
      if c == "[" {
        guard let close = chars.firstIndex(of: "]") else { throw fail("a '[' has no matching ']'") }
        let inside = String(chars[chars.index(after: chars.startIndex)..<close])
        guard let i = Int(inside), i >= 0, inside.allSatisfy(\.isASCIIDigit) else {
          throw fail("'[\(inside)]' must hold a list index 0, 1, 2, …")
        }
        guard !steps.isEmpty else { throw fail("it must start with a key such as programs, not an index") }
        steps.append(.index(i))
        chars = chars[chars.index(after: close)...]
        expectKey = false
      } else if c == "." {
        guard !expectKey else { throw fail("it has an empty step (two dots, or a leading dot)") }
        chars = chars.dropFirst()
        expectKey = true
        guard !chars.isEmpty else { throw fail("it ends with a dot") }
      } else {
        guard expectKey else { throw fail("a key must follow '.' after ']'") }
        let end = chars.firstIndex(where: { $0 == "." || $0 == "[" || $0 == "]" }) ?? chars.endIndex
        if end < chars.endIndex, chars[end] == "]" { throw fail("a ']' has no matching '['") }
        steps.append(.key(String(chars[chars.startIndex..<end])))
        chars = chars[end...]
        expectKey = false
      }
    }
    guard !steps.isEmpty else { throw fail("it is empty") }
    self.steps = steps
  }

  public var description: String { text }

  /// The first key, e.g. `data`, `period`, `programs`.
  public var head: String {
    if case .key(let k) = steps[0] { return k }
    return ""
  }

  /// `programs[1].rules[0]` from steps (indices in brackets, keys joined by dots).
  static func text(of steps: some Sequence<Step>) -> String {
    var text = ""
    for step in steps {
      switch step {
      case .key(let k): text += (text.isEmpty ? "" : ".") + k
      case .index(let i): text += "[\(i)]"
      }
    }
    return text
  }

  static func describe(_ walked: String) -> String { walked.isEmpty ? "the scenario's top level" : walked }

  /// Replaces the value at `steps` in `node` (an encoded part of a scenario, at `walked`) by
  /// `value`. A key absent from a mapping is added (with empty mappings for the steps after
  /// it): the part's decoder then names it when it is not one of its keys.
  /// - Throws: ``ScenarioKeyPathError`` naming the step that leads nowhere.
  func set(_ value: Node, in node: inout Node, steps: ArraySlice<Step>, walked: String) throws(ScenarioKeyPathError) {
    guard let step = steps.first else {
      node = value
      return
    }
    let rest = steps.dropFirst()
    if case .scalar(let scalar) = node, ["", "~", "null"].contains(scalar.string) {
      node = [:]  // a part at its default (encoded as null) gains its first key
    }
    switch (node, step) {
    case (.mapping(var mapping), .key(let name)):
      let here = walked.isEmpty ? name : "\(walked).\(name)"
      var child = mapping[name] ?? [:]
      try set(value, in: &child, steps: rest, walked: here)
      mapping[name] = child
      node = .mapping(mapping)
    case (.sequence(var sequence), .key(let name)):
      let names = sequence.map { $0.mapping?["name"]?.string ?? "" }
      guard let i = names.firstIndex(of: name) else {
        let hint = nearest(name, in: names).map { "did you mean '\($0)'? " } ?? ""
        throw ScenarioKeyPathError(
          key: text,
          reason: "\(Self.describe(walked)) has no item named '\(name)'; \(hint)names there: \(names.joined(separator: ", ")) (or use an index, \(walked)[0])")
      }
      var child = sequence[i]
      try set(value, in: &child, steps: rest, walked: "\(walked)[\(i)]")
      sequence[i] = child
      node = .sequence(sequence)
    case (.sequence(var sequence), .index(let i)):
      guard i < sequence.count else { throw indexOutOfRange(i, count: sequence.count, walked: walked) }
      var child = sequence[i]
      try set(value, in: &child, steps: rest, walked: "\(walked)[\(i)]")
      sequence[i] = child
      node = .sequence(sequence)
    case (.mapping, .index(let i)):
      throw ScenarioKeyPathError(key: text, reason: "\(Self.describe(walked)) is a mapping of keys, not a list, so it has no index [\(i)]")
    default:
      throw singleValue(walked, next: step)
    }
  }

  func indexOutOfRange(_ i: Int, count: Int, walked: String) -> ScenarioKeyPathError {
    ScenarioKeyPathError(
      key: text,
      reason: "\(Self.describe(walked)) has \(count) item(s), so its index must be in 0…\(max(0, count - 1)), not \(i)")
  }

  func singleValue(_ walked: String, next step: Step) -> ScenarioKeyPathError {
    let next: String
    switch step {
    case .key(let k): next = "key '\(k)'"
    case .index(let i): next = "index [\(i)]"
    }
    return ScenarioKeyPathError(key: text, reason: "\(Self.describe(walked)) is a single value, so it has no \(next)")
  }
}

/// A key path that is malformed or leads to no value of the scenario.
public struct ScenarioKeyPathError: Error, Equatable, CustomStringConvertible {
  /// The key path as written.
  public var key: String
  /// Which step fails and what is valid there.
  public var reason: String

  public init(key: String, reason: String) {
    self.key = key
    self.reason = reason
  }

  public var description: String { "key path (\(key)) must address a value of the scenario: \(reason)" }
}
