import MarketData

/// A minimal JSON writer whose output is byte-for-byte deterministic: keys in the order
/// given (not hashed), numbers in their shortest round-trip form, two-space indentation.
///
/// The one JSON writer of every command's `--json`, `manifest.json`, `shard.json` and the
/// benchmarks' one-line records: a stable key order keeps diffs readable and golden files
/// reproducible (Foundation's `JSONEncoder` can only sort keys alphabetically).
public indirect enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  /// A finite number, written in Swift's shortest round-trip form (`0.1`, `1e-05`); a
  /// non-finite value is written as `null` (JSON has no NaN or infinity).
  case number(Double)
  case integer(Int)
  /// A whole number beyond `Int` (a 64-bit seed).
  case unsigned(UInt64)
  case string(String)
  case array([JSONValue])
  /// Key–value pairs in output order.
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool { a.text() == b.text() }

  /// A metric value: numbers and integers as such, dates and months as ISO strings, missing
  /// as `null`.
  public init(_ value: MetricValue) {
    switch value {
    case .number(let x): self = .number(x)
    case .integer(let n): self = .integer(n)
    case .day(let d): self = .string(d.description)
    case .month(let m): self = .string(m.description)
    case .missing: self = .null
    }
  }

  /// `x` rounded to `digits` decimals (a measured time or rate, to its meaningful digits):
  /// the double nearest that decimal, written in its shortest form (`0.293`, not `0.2930`).
  public static func decimal(_ x: Double, _ digits: Int) -> JSONValue {
    guard x.isFinite else { return .null }
    return .number(Double(DecimalText.fixed(x, digits)) ?? x)
  }

  /// An optional number (`nil` is `null`).
  public static func optional(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }

  /// Pretty-printed text with a trailing newline.
  public func text() -> String {
    var out = ""
    write(to: &out, indent: 0)
    return out + "\n"
  }

  /// The value on one line, `{"key": value, …}` and `[a, b]` (one record per line, as the
  /// benchmarks print), without a trailing newline.
  public func compactText() -> String {
    switch self {
    case .array(let items): return "[" + items.map { $0.compactText() }.joined(separator: ", ") + "]"
    case .object(let pairs):
      return "{" + pairs.map { Self.quoted($0.0) + ": " + $0.1.compactText() }.joined(separator: ", ") + "}"
    default:
      var out = ""
      write(to: &out, indent: 0)
      return out
    }
  }

  private func write(to out: inout String, indent: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let x): out += x.isFinite ? "\(x)" : "null"
    case .integer(let n): out += "\(n)"
    case .unsigned(let n): out += "\(n)"
    case .string(let s): out += Self.quoted(s)
    case .array(let items):
      guard !items.isEmpty else {
        out += "[]"
        return
      }
      // Arrays of scalars stay on one line.
      if items.allSatisfy({ !$0.isContainer }) {
        out += "["
        for (i, item) in items.enumerated() {
          if i > 0 { out += ", " }
          item.write(to: &out, indent: indent)
        }
        out += "]"
        return
      }
      let pad = String(repeating: "  ", count: indent + 1)
      out += "[\n"
      for (i, item) in items.enumerated() {
        out += pad
        item.write(to: &out, indent: indent + 1)
        out += i + 1 < items.count ? ",\n" : "\n"
      }
      out += String(repeating: "  ", count: indent) + "]"
    case .object(let pairs):
      guard !pairs.isEmpty else {
        out += "{}"
        return
      }
      let pad = String(repeating: "  ", count: indent + 1)
      out += "{\n"
      for (i, (key, value)) in pairs.enumerated() {
        out += pad + Self.quoted(key) + ": "
        value.write(to: &out, indent: indent + 1)
        out += i + 1 < pairs.count ? ",\n" : "\n"
      }
      out += String(repeating: "  ", count: indent) + "}"
    }
  }

  private var isContainer: Bool {
    switch self {
    case .array, .object: return true
    default: return false
    }
  }

  /// A JSON string literal (RFC 8259 §7): `"` and `\` escaped, control characters as `\n`,
  /// `\t`, … or `\u00XX`.
  static func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
