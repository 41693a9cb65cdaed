import Testing

@testable import Analytics

/// The one output layer every command prints through: ``TextTable`` and ``JSONValue``.
@Suite("Output layer: one table layout, one JSON writer")
struct OutputLayerTests {
  @Test("a table aligns text left and numbers right, two spaces apart, with titles and blank rows")
  func table() {
    let text = TextTable.aligned(
      [["", "a", "bb"], [], ["section title"], ["  x", "1.5", "-10"], ["  yy", "100", "2"]], leftAligned: [0])
    let expected = [
      String(repeating: " ", count: 17) + "a   bb", "", "section title",
      "  x" + String(repeating: " ", count: 12) + "1.5  -10", "  yy" + String(repeating: " ", count: 11) + "100    2",
    ]
    #expect(text == expected.joined(separator: "\n") + "\n")
    let indented = TextTable.aligned([["k", "v"], ["long", "1"]], leftAligned: [0], indent: "  ")
    #expect(indented == "  k     v\n  long  1\n")
    #expect(TextTable.aligned([], leftAligned: []) == "")
  }

  @Test("JSON: keys in the order given, shortest numbers, null for non-finite, one-line records")
  func json() {
    let value = JSONValue.object([
      ("b", .integer(2)), ("a", .number(0.1)), ("nan", .number(.nan)), ("seed", .unsigned(UInt64.max)),
      ("list", .array([.string("x\"y"), .bool(true), .null])), ("nested", .object([("k", .decimal(1.23456, 3))])),
    ])
    #expect(
      value.compactText()
        == #"{"b": 2, "a": 0.1, "nan": null, "seed": 18446744073709551615, "list": ["x\"y", true, null], "nested": {"k": 1.235}}"#)
    #expect(value.text().hasPrefix("{\n  \"b\": 2,\n  \"a\": 0.1,\n"))
    #expect(value.text().hasSuffix("}\n"))
    // A measured figure to its meaningful digits, in the shortest form of that decimal.
    #expect(JSONValue.decimal(0.29300001, 4).compactText() == "0.293")
    #expect(JSONValue.decimal(2.5e-7, 3).compactText() == "0.0")
    #expect(JSONValue.decimal(.infinity, 2) == .null)
  }
}
