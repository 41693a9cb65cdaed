/// A small CSV file read record by record after its header (the pre-pass readers of venue
/// formats, ``TimestampedFile`` and ``OptionChainFile``): the lowercased header, columns found
/// by a flag's value or by default names, and syntax problems located by line.
struct CSVRecords {
  let path: String
  /// Keeps the mapping alive while the scanner reads it.
  private let file: MappedFile
  var scanner: CSVScanner
  /// The current record's fields.
  var fields: [CSVField] = []
  /// The header's names, lowercased.
  let header: [String]

  /// Opens `path` and reads its header; an empty file is an error.
  init(path: String) throws(IngestError) {
    self.path = path
    file = try MappedFile(path: path)
    scanner = CSVScanner(base: file.base, count: file.count)
    var first: [CSVField] = []
    guard try Self.read(&scanner, into: &first, path: path) else { throw .emptyFile(path: path) }
    let opened = scanner
    header = first.map { opened.text($0).lowercased() }
  }

  /// Reads the next record into ``fields``; false at the end of the file.
  mutating func next() throws(IngestError) -> Bool {
    try Self.read(&scanner, into: &fields, path: path)
  }

  private static func read(_ scanner: inout CSVScanner, into fields: inout [CSVField], path: String) throws(IngestError) -> Bool {
    do {
      return try scanner.next(into: &fields)
    } catch {
      throw .invalidRows(
        path: path,
        problems: [IngestProblem(file: path, line: error.line, column: nil, reason: error.reason)],
        total: 1)
    }
  }

  /// The column named by `flag`'s value `given` (an error when absent from the header), or
  /// else the first of `defaults` present; nil when none is.
  func column(_ flag: String, _ given: String?, _ defaults: [String]) throws(IngestError) -> Int? {
    if let given {
      guard let i = header.firstIndex(of: given.lowercased()) else {
        throw .columnNotFound(path: path, flag: flag, column: given, header: header)
      }
      return i
    }
    return defaults.lazy.compactMap { header.firstIndex(of: $0) }.first
  }

  /// The text of field `i` of the current record.
  func text(_ i: Int) -> String { scanner.text(fields[i]) }

  /// The line of the current record.
  var line: Int { scanner.recordLine }
}
