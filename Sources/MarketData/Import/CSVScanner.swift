import Foundation

/// One field of a CSV record: the byte range `[start, end)` of its content in the file buffer
/// (without the enclosing quotes of a quoted field).
struct CSVField: Sendable {
  var start: Int
  var end: Int
  /// True for a quoted field containing `""`, which stands for one `"`: its bytes must be
  /// unescaped before use as text.
  var hasEscapedQuotes: Bool
  /// True when the field was enclosed in double quotes.
  var quoted: Bool
}

/// A malformed record that no column mapping can read.
struct CSVSyntaxProblem: Error, Sendable {
  var line: Int
  var reason: String
}

/// A byte-level reader of RFC 4180 CSV over a buffer that stays alive while it is used (the
/// memory-mapped file).
///
/// - Records end with LF, CRLF or a lone CR; blank lines are skipped.
/// - A field is quoted when it starts with `"`; inside, `""` is one quote and commas and line
///   breaks are data. Text after a closing quote other than a delimiter is an error.
/// - A UTF-8 byte-order mark at the start of the file is skipped.
/// - Fields are byte ranges: nothing is copied or allocated per field.
struct CSVScanner {
  let base: UnsafePointer<UInt8>
  let count: Int
  private(set) var position: Int
  /// The 1-based line number where the next record starts.
  private(set) var nextLine: Int = 1
  /// The 1-based line on which the last record returned by `next` started.
  private(set) var recordLine: Int = 0
  /// Byte offset where the last record started, and where it ended (before its line break).
  private(set) var recordStart: Int = 0
  private(set) var recordEnd: Int = 0

  init(base: UnsafePointer<UInt8>, count: Int) {
    self.base = base
    self.count = count
    var start = 0
    if count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { start = 3 }
    position = start
  }

  /// Reads the next non-blank record into `fields` (cleared first).
  /// - Returns: `false` at the end of the buffer.
  /// - Throws: `CSVSyntaxProblem` for an unterminated quoted field or text after a closing
  ///   quote; the scanner then continues at the next line.
  mutating func next(into fields: inout [CSVField]) throws(CSVSyntaxProblem) -> Bool {
    let p = base
    let n = count
    // Skip blank lines.
    while position < n {
      let b = p[position]
      if b == 0x0A {
        nextLine += 1
        position += 1
      } else if b == 0x0D {
        nextLine += 1
        position += 1
        if position < n, p[position] == 0x0A { position += 1 }
      } else {
        break
      }
    }
    guard position < n else { return false }
    fields.removeAll(keepingCapacity: true)
    recordLine = nextLine
    recordStart = position
    var i = position
    while true {
      // One field starts at i.
      if i < n, p[i] == 0x22 {
        // Quoted field.
        let contentStart = i + 1
        var j = contentStart
        var escaped = false
        var closed = false
        while j < n {
          let b = p[j]
          if b == 0x22 {
            if j + 1 < n, p[j + 1] == 0x22 {
              escaped = true
              j += 2
              continue
            }
            closed = true
            break
          }
          if b == 0x0A { nextLine += 1 } else if b == 0x0D, !(j + 1 < n && p[j + 1] == 0x0A) {
            nextLine += 1
          }
          j += 1
        }
        guard closed else {
          let line = recordLine
          recordEnd = n
          position = n
          throw CSVSyntaxProblem(line: line, reason: "a quoted field opened on this line is never closed (a missing \")")
        }
        fields.append(CSVField(start: contentStart, end: j, hasEscapedQuotes: escaped, quoted: true))
        i = j + 1
        // Allow blanks between the closing quote and the delimiter.
        while i < n, ByteParsing.isSpace(p[i]) { i += 1 }
        if i >= n {
          recordEnd = n
          position = n
          return true
        }
        let b = p[i]
        if b == 0x2C {
          i += 1
          continue
        }
        if b == 0x0A || b == 0x0D {
          finishLine(at: i)
          return true
        }
        let line = recordLine
        skipRestOfLine(from: i)
        throw CSVSyntaxProblem(line: line, reason: "unexpected text after a closing quote (quote the whole field, and write a quote inside it as \"\")")
      }
      // Unquoted field: scan to the next comma or line break.
      let start = i
      while i < n {
        let b = p[i]
        if b == 0x2C || b == 0x0A || b == 0x0D { break }
        i += 1
      }
      fields.append(CSVField(start: start, end: i, hasEscapedQuotes: false, quoted: false))
      if i >= n {
        recordEnd = n
        position = n
        return true
      }
      if p[i] == 0x2C {
        i += 1
        if i >= n {
          // A trailing comma at the very end of the file: one more, empty field.
          fields.append(CSVField(start: n, end: n, hasEscapedQuotes: false, quoted: false))
          recordEnd = n
          position = n
          return true
        }
        continue
      }
      finishLine(at: i)
      return true
    }
  }

  /// Consumes the line break at `i` (LF, CRLF or CR).
  @inline(__always)
  private mutating func finishLine(at i: Int) {
    recordEnd = i
    var j = i
    if base[j] == 0x0D {
      j += 1
      if j < count, base[j] == 0x0A { j += 1 }
    } else {
      j += 1
    }
    nextLine += 1
    position = j
  }

  private mutating func skipRestOfLine(from i: Int) {
    var j = i
    while j < count, base[j] != 0x0A, base[j] != 0x0D { j += 1 }
    if j < count { finishLine(at: j) } else {
      recordEnd = count
      position = count
    }
  }

  /// The text of a field, unescaped and without surrounding blanks (for headers, symbols and
  /// messages; not for the numeric hot path).
  func text(_ field: CSVField) -> String {
    var (s, e) = (field.start, field.end)
    if !field.quoted { (s, e) = ByteParsing.trimmed(base, s, e) }
    let raw = UnsafeBufferPointer(start: base + s, count: e - s)
    let string = String(decoding: raw, as: UTF8.self)
    return field.hasEscapedQuotes ? string.replacingOccurrences(of: "\"\"", with: "\"") : string
  }

  /// The raw text of the last record, as it stands in the file (for rejects files and messages).
  func recordText() -> String {
    String(decoding: UnsafeBufferPointer(start: base + recordStart, count: recordEnd - recordStart), as: UTF8.self)
  }
}
