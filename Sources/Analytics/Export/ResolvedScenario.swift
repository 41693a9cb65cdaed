import MarketData

/// `scenario.yaml` of an export: the scenario file as loaded, with its period set to the days
/// actually run and, when given, `data.database` set to the database actually read, so that
/// `hedgelab run scenario.yaml` reproduces the run.
///
/// The text is edited line by line, keeping the author's comments and layout: a top-level
/// `period:` block (the line and the indented lines after it) is replaced by
/// `period: { from: FROM, to: TO }`, or that line is appended when the file has none; inside a
/// block-style top-level `data:` mapping the `database:` entry is replaced, or inserted as its
/// first entry. A flow-style `data: { … }` keeps its database (the manifest records the one
/// used). A comment line at the top says what was changed.
public enum ResolvedScenario {
  /// The resolved YAML text.
  ///
  /// - Parameters:
  ///   - text: the scenario file's text as loaded.
  ///   - file: the file's name as given, for the header comment.
  ///   - from, to: the first and last day run.
  ///   - database: the database read, or `nil` to keep the file's `data.database`.
  ///   - version: the hedgelab version, for the header comment.
  public static func yaml(
    text: String, file: String, from: Day, to: Day, database: String?, version: String
  ) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    let period = "period: { from: \(from), to: \(to) }"
    if let start = lines.firstIndex(where: { $0.hasPrefix("period:") }) {
      let end = blockEnd(lines, after: start)
      lines.replaceSubrange(start..<end, with: [period])
    } else {
      lines.append(period)
    }
    var changed = "period set to the days run"
    if let database, let data = lines.firstIndex(where: { isBlockKey($0, "data") }) {
      let end = blockEnd(lines, after: data)
      let children = (data + 1..<end).filter { isEntry(lines[$0]) }
      let indent = children.first.map { String(lines[$0].prefix { $0 == " " }) } ?? "  "
      let entry = indent + "database: " + quoted(database)
      if let existing = children.first(where: {
        lines[$0].hasPrefix(indent + "database:") && !lines[$0].hasPrefix(indent + " ")
      }) {
        lines[existing] = entry
      } else {
        lines.insert(entry, at: data + 1)
      }
      changed += " and data.database to the database read"
    }
    let header = "# Resolved by hedgelab \(version) from \(file): \(changed)."
    return ([header] + lines).joined(separator: "\n") + "\n"
  }

  /// The index after the block that starts at `start`: the following lines that are
  /// indented, or blank or comments followed by more indented lines.
  private static func blockEnd(_ lines: [String], after start: Int) -> Int {
    var end = start + 1
    var i = start + 1
    while i < lines.count {
      let line = lines[i]
      if line.first == " " || line.first == "\t" {
        if isEntry(line) { end = i + 1 }
        i += 1
      } else if line.isEmpty || line.hasPrefix("#") {
        i += 1
      } else {
        break
      }
    }
    return end
  }

  /// A line with content other than a comment.
  private static func isEntry(_ line: String) -> Bool {
    let trimmed = line.drop { $0 == " " || $0 == "\t" }
    return !trimmed.isEmpty && !trimmed.hasPrefix("#")
  }

  /// `key:` at column 0 with nothing but an optional comment after it (a block mapping).
  private static func isBlockKey(_ line: String, _ key: String) -> Bool {
    guard line.hasPrefix(key + ":") else { return false }
    let rest = line.dropFirst(key.count + 1).drop { $0 == " " }
    return rest.isEmpty || rest.hasPrefix("#")
  }

  /// A YAML double-quoted scalar.
  static func quoted(_ s: String) -> String {
    var out = "\""
    for ch in s {
      switch ch {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      default: out.append(ch)
      }
    }
    return out + "\""
  }
}
