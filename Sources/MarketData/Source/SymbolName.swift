/// The one rule for a symbol or series name (ticker, rate name), whatever gives it: a long
/// file's symbol column, a wide file's header, `--symbol`, a scenario's `data.underlyings`.
///
/// A symbol is 1 to 64 bytes of UTF-8 without a double quote, a control character (C0, DEL,
/// C1: this excludes terminal escape sequences) or blanks at either end. Symbols are stored
/// and printed as given, so this rule is what keeps the database, the CSV exports and the
/// terminal clean.
public enum SymbolName {
  /// The longest symbol, in UTF-8 bytes.
  public static let maximumLength = 64

  /// Why `name` is not a valid symbol, or `nil` when it is.
  public static func problem(_ name: String) -> String? {
    var bytes = Array(name.utf8)
    return bytes.withUnsafeMutableBufferPointer { b in
      problem(UnsafePointer(b.baseAddress!), 0, b.count, shown: name)
    }
  }

  /// The same rule on the bytes `[start, end)` of `base` (the CSV reader's fields).
  public static func problem(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, shown: @autoclosure () -> String)
    -> String?
  {
    let n = end - start
    guard n > 0 else { return "the symbol is empty; give a name such as SPX" }
    var bad = n > maximumLength || base[start] == 0x20 || base[end - 1] == 0x20
    var i = start
    while !bad, i < end {
      let b = base[i]
      if b < 0x20 || b == 0x7F || b == 0x22 {
        bad = true
      } else if b == 0xC2, i + 1 < end, base[i + 1] >= 0x80, base[i + 1] <= 0x9F {
        bad = true  // a C1 control character (U+0080…U+009F)
      }
      i += 1
    }
    guard bad else { return nil }
    return "symbol '\(Excerpt.text(shown()))' must be 1 to \(maximumLength) characters (UTF-8 bytes) without quotes, control characters or surrounding blanks"
  }
}

/// Text from an input file made safe to print in a message: control characters (and so
/// terminal escape sequences) shown as `\u{1B}`, and anything longer than
/// ``Excerpt/maximumLength`` characters cut with `…`.
public enum Excerpt {
  /// The most characters of one piece of file text a message shows.
  public static let maximumLength = 200

  /// `text` escaped and shortened for a message.
  public static func text(_ text: Substring) -> String { self.text(String(text)) }

  /// `text` escaped and shortened to `limit` characters for a message.
  public static func text(_ text: String, limit: Int = maximumLength) -> String {
    escaped(text, limit: limit, keepingLineBreaks: false)
  }

  /// A whole message made safe for a terminal: control characters other than line breaks and
  /// tabs escaped (the last line of defence; file text goes through `text` first).
  public static func message(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { isControl($0, keepingLineBreaks: true) }) else { return text }
    return escaped(text, limit: nil, keepingLineBreaks: true)
  }

  private static func isControl(_ s: Unicode.Scalar, keepingLineBreaks: Bool) -> Bool {
    if keepingLineBreaks, s == "\n" || s == "\t" { return false }
    return s.value < 0x20 || (0x7F...0x9F).contains(s.value)
  }

  private static func escaped(_ text: String, limit: Int?, keepingLineBreaks: Bool) -> String {
    var out = ""
    var count = 0
    for scalar in text.unicodeScalars {
      if let limit, count >= limit {
        out += "…"
        break
      }
      count += 1
      if isControl(scalar, keepingLineBreaks: keepingLineBreaks) {
        out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
