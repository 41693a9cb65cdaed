import Yams

/// A grid key path into a scenario's YAML tree.
///
/// Grammar: steps separated by `.`, each a key (`data`, `tenor-days`) optionally followed by
/// list indices (`rules[0]`). In a list of named items (`programs`), a key step selects the
/// item by its `name:` (`programs.put.rules[0].strike` is the first rule of the program named
/// `put`); an index step selects by position (0-based, `programs[1]`). The last step may name a
/// key the file does not write (it is added, and the scenario's validation rejects it with the
/// nearest valid key when it is not a scenario key).
struct SweepKeyPath: Sendable, Equatable {
  enum Step: Sendable, Equatable {
    case key(String)
    case index(Int)
  }

  let text: String
  let steps: [Step]

  init(_ text: String) throws(SweepError) {
    self.text = text
    var steps: [Step] = []
    var chars = Array(text)[...]
    var expectKey = true
    while let c = chars.first {
      if c == "[" {
        guard let close = chars.firstIndex(of: "]") else {
          throw .unknownGridKey(key: text, reason: "a '[' has no matching ']'")
        }
        let inside = String(chars[chars.index(after: chars.startIndex)..<close])
        guard let i = Int(inside), i >= 0, inside.allSatisfy(\.isASCIIDigit) else {
          throw .unknownGridKey(key: text, reason: "'[\(inside)]' must hold a list index 0, 1, 2, …")
        }
        guard !steps.isEmpty else {
          throw .unknownGridKey(key: text, reason: "it must start with a key such as programs, not an index")
        }
        steps.append(.index(i))
        chars = chars[chars.index(after: close)...]
        expectKey = false
      } else if c == "." {
        guard !expectKey else { throw .unknownGridKey(key: text, reason: "it has an empty step (two dots, or a leading dot)") }
        chars = chars.dropFirst()
        expectKey = true
        guard !chars.isEmpty else { throw .unknownGridKey(key: text, reason: "it ends with a dot") }
      } else {
        guard expectKey else { throw .unknownGridKey(key: text, reason: "a key must follow '.' after ']'") }
        let end = chars.firstIndex(where: { $0 == "." || $0 == "[" || $0 == "]" }) ?? chars.endIndex
        if end < chars.endIndex, chars[end] == "]" {
          throw .unknownGridKey(key: text, reason: "a ']' has no matching '['")
        }
        steps.append(.key(String(chars[chars.startIndex..<end])))
        chars = chars[end...]
        expectKey = false
      }
    }
    guard !steps.isEmpty else { throw .unknownGridKey(key: text, reason: "it is empty") }
    self.steps = steps
  }

  /// The first key, e.g. `data`, `period`, `programs`.
  var head: String {
    if case .key(let k) = steps[0] { return k }
    return ""
  }

  /// Replaces the value at this path in `root` by `value`.
  /// - Throws: ``SweepError/unknownGridKey(key:reason:)`` naming the step that leads nowhere.
  func set(_ value: Node, in root: inout Node) throws(SweepError) {
    try Self.set(value, in: &root, steps: steps[...], walked: "", key: text)
  }

  private static func describe(_ walked: String) -> String { walked.isEmpty ? "the scenario's top level" : walked }

  private static func set(
    _ value: Node, in node: inout Node, steps: ArraySlice<Step>, walked: String, key: String
  ) throws(SweepError) {
    guard let step = steps.first else {
      node = value
      return
    }
    let rest = steps.dropFirst()
    switch (node, step) {
    case (.mapping(var mapping), .key(let name)):
      let here = walked.isEmpty ? name : "\(walked).\(name)"
      if var child = mapping[name] {
        try set(value, in: &child, steps: rest, walked: here, key: key)
        mapping[name] = child
      } else if rest.isEmpty {
        // A key the file does not write: add it; validation names it if it is not a scenario key.
        mapping[name] = value
      } else {
        let keys: [String] = Array(mapping.keys.compactMap(\.string))
        let hint = nearest(name, in: keys).map { "did you mean '\($0)'? " } ?? ""
        throw .unknownGridKey(
          key: key,
          reason: "\(describe(walked)) has no key '\(name)'; \(hint)keys there: \(keys.joined(separator: ", "))")
      }
      node = .mapping(mapping)
    case (.sequence(var sequence), .key(let name)):
      let names = sequence.map { $0.mapping?["name"]?.string ?? "" }
      guard let i = names.firstIndex(of: name) else {
        let hint = nearest(name, in: names).map { "did you mean '\($0)'? " } ?? ""
        throw .unknownGridKey(
          key: key,
          reason: "\(describe(walked)) has no item named '\(name)'; \(hint)names there: \(names.joined(separator: ", ")) (or use an index, \(walked)[0])")
      }
      var child = sequence[i]
      try set(value, in: &child, steps: rest, walked: "\(walked)[\(i)]", key: key)
      sequence[i] = child
      node = .sequence(sequence)
    case (.sequence(var sequence), .index(let i)):
      guard i < sequence.count else {
        throw .unknownGridKey(
          key: key,
          reason: "\(describe(walked)) has \(sequence.count) item(s), so its index must be in 0…\(max(0, sequence.count - 1)), not \(i)")
      }
      var child = sequence[i]
      try set(value, in: &child, steps: rest, walked: "\(walked)[\(i)]", key: key)
      sequence[i] = child
      node = .sequence(sequence)
    case (.mapping, .index(let i)):
      throw .unknownGridKey(key: key, reason: "\(describe(walked)) is a mapping of keys, not a list, so it has no index [\(i)]")
    default:
      let next: String
      switch step {
      case .key(let k): next = "key '\(k)'"
      case .index(let i): next = "index [\(i)]"
      }
      throw .unknownGridKey(key: key, reason: "\(describe(walked)) is a single value, so it has no \(next)")
    }
  }

  /// Whether a scalar or a mapping key of `node` equals `symbol`.
  static func contains(_ symbol: String, in node: Node) -> Bool {
    switch node {
    case .scalar(let scalar): return scalar.string == symbol
    case .mapping(let mapping): return mapping.contains { $0.key.string == symbol || contains(symbol, in: $0.value) }
    case .sequence(let sequence): return sequence.contains { contains(symbol, in: $0) }
    case .alias: return false
    }
  }

  /// Replaces every scalar equal to `old` and every mapping key equal to `old` by `new`.
  static func renameSymbol(_ old: String, to new: String, in node: inout Node) {
    switch node {
    case .scalar(let scalar):
      if scalar.string == old { node = Node(new) }
    case .mapping(let mapping):
      var pairs: [(Node, Node)] = []
      for (k, v) in mapping {
        var key = k
        var value = v
        if k.string == old { key = Node(new) }
        renameSymbol(old, to: new, in: &value)
        pairs.append((key, value))
      }
      node = .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
    case .sequence(var sequence):
      for i in sequence.indices { renameSymbol(old, to: new, in: &sequence[i]) }
      node = .sequence(sequence)
    case .alias:
      break
    }
  }
}
