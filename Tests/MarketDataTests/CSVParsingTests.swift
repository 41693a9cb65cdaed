import Foundation
import HedgeLabTestSupport
import Testing

@testable import MarketData

/// Runs `body` with the bytes of `text`.
private func withBytes<T>(_ text: String, _ body: (UnsafePointer<UInt8>, Int) throws -> T) rethrows -> T {
  let bytes = Array(text.utf8) + [0]
  return try bytes.withUnsafeBufferPointer { try body($0.baseAddress!, bytes.count - 1) }
}

private func parseDouble(_ text: String) -> Double? {
  withBytes(text) { p, n in ByteParsing.double(p, 0, n) }
}

/// All records of `text` as unescaped strings, or the first syntax problem.
private func records(_ text: String) -> (rows: [[String]], lines: [Int], problem: CSVSyntaxProblem?) {
  withBytes(text) { p, n in
    var scanner = CSVScanner(base: p, count: n)
    var fields: [CSVField] = []
    var rows: [[String]] = []
    var lines: [Int] = []
    do {
      while try scanner.next(into: &fields) {
        rows.append(fields.map { scanner.text($0) })
        lines.append(scanner.recordLine)
      }
    } catch {
      return (rows, lines, error as? CSVSyntaxProblem)
    }
    return (rows, lines, nil)
  }
}

@Suite("CSV reading: numbers, dates and RFC 4180 records from bytes")
struct CSVParsingTests {
  @Test("decimal numbers parse exactly as Swift's correctly rounded Double(String)")
  func decimalsAreExact() {
    // Clinger's fast path must agree bit for bit with a correctly rounded parser.
    var rng = SplitMix64(seed: 20_240_601)
    for _ in 0..<20_000 {
      let digits = Int(rng.next() % 12) + 1
      let decimals = Int(rng.next() % 9)
      var text = String(rng.next() % 1_000_000_000_000 % UInt64(pow(10.0, Double(digits))))
      if decimals > 0 {
        text += "." + String((0..<decimals).map { _ in Character(String(rng.next() % 10)) })
      }
      if rng.next() % 4 == 0 { text = "-" + text }
      let expected = Double(text)!
      #expect(parseDouble(text)?.bitPattern == expected.bitPattern, "\(text), seed 20240601")
    }
    for text in ["17.24", "0.1", "1e-3", "2.5E+2", ".25", "  42 ", "123456789012345678901234", "0.30000000000000004"] {
      #expect(parseDouble(text) == Double(text.trimmingCharacters(in: .whitespaces)), "\(text)")
    }
  }

  @Test("percentage points become the double nearest to the decimal value")
  func percent() {
    func parsePercent(_ text: String) -> Double? {
      withBytes(text) { p, n in ByteParsing.double(p, 0, n, percent: true) }
    }
    #expect(parsePercent("17.24") == 0.1724)
    #expect(parsePercent("5.69") == 0.0569)
    #expect(parsePercent("82.69") == 0.8269)
    #expect(parsePercent("-0.5") == -0.005)
    #expect(parsePercent("1e1") == 0.1)
    #expect(parsePercent("12345678901234567890.5") == Double("123456789012345678.905"))
    var rng = SplitMix64(seed: 7)
    for _ in 0..<5_000 {
      let text = "\(rng.next() % 10_000).\(rng.next() % 1_000)"
      let (whole, fraction) = (text.split(separator: ".")[0], text.split(separator: ".")[1])
      // Moving the point two places left in the text, then parsing, is the reference.
      let digits = String(repeating: "0", count: max(0, 3 - whole.count)) + whole
      let reference = Double(digits.dropLast(2) + "." + digits.suffix(2) + fraction)!
      #expect(parsePercent(text) == reference, "\(text), seed 7")
    }
  }

  @Test("non-numbers are refused, never read as NaN or infinity")
  func nonNumbers() {
    for text in ["", " ", "-", ".", "abc", "nan", "NaN", "inf", "-Infinity", "0x1p3", "1,5", "1.2.3", "12abc", "1e", "e5", "1e400"] {
      #expect(parseDouble(text) == nil, "'\(text)' must not parse")
    }
  }

  @Test("dates: ISO, YYYY-MM (first of the month) and US M/D/YYYY, with impossible dates refused")
  func dates() {
    func day(_ text: String, _ format: DateFormat) -> Day? {
      withBytes(text) { p, n in ByteParsing.day(p, 0, n, format: format) }
    }
    #expect(day("2008-11-20", .iso) == Day(iso: "2008-11-20"))
    #expect(day("1986-06", .month) == Day(iso: "1986-06-01"))
    #expect(day("3/16/2020", .us) == Day(iso: "2020-03-16"))
    #expect(day("12/31/1999", .us) == Day(iso: "1999-12-31"))
    #expect(day("2023-02-29", .iso) == nil)
    #expect(day("2020-3-16", .iso) == nil)
    #expect(day("1986-13", .month) == nil)
    #expect(day("13/1/2020", .us) == nil)
    #expect(day("3/16/20", .us) == nil)
    #expect(day("2008-11-20", .us) == nil)
    var buffer = [UInt8](repeating: 0, count: 10)
    buffer.withUnsafeMutableBufferPointer { ByteParsing.writeISO(Day(iso: "0987-01-09")!, to: $0.baseAddress!) }
    #expect(String(decoding: buffer, as: UTF8.self) == "0987-01-09")
  }

  @Test("records: quotes, escaped quotes, embedded commas and line breaks, CRLF, BOM, blank lines")
  func records4180() {
    let text = "\u{FEFF}date,name,value\r\n2020-01-02,\"Smith, J\",1.5\r\n\r\n2020-01-03,\"say \"\"hi\"\"\",2\n2020-01-06,\"two\nlines\",3"
    let (rows, lines, problem) = records(text)
    #expect(problem == nil)
    #expect(rows == [
      ["date", "name", "value"], ["2020-01-02", "Smith, J", "1.5"], ["2020-01-03", "say \"hi\"", "2"],
      ["2020-01-06", "two\nlines", "3"],
    ])
    #expect(lines == [1, 2, 4, 5])
  }

  @Test("a trailing comma is one more empty field; a lone CR ends a line")
  func edgeCases() {
    #expect(records("a,b,\n1,2,").rows == [["a", "b", ""], ["1", "2", ""]])
    #expect(records("a,b\r1,2\r").rows == [["a", "b"], ["1", "2"]])
  }

  @Test("an unterminated quote and text after a closing quote are syntax problems with their line")
  func syntaxProblems() {
    let unterminated = records("a,b\n1,\"open\n2,3\n")
    #expect(unterminated.problem?.line == 2)
    #expect(unterminated.problem?.reason.contains("never closed") == true)
    let after = records("a,b\n1,\"x\"y\n")
    #expect(after.problem?.line == 2)
    #expect(after.problem?.reason.contains("after a closing quote") == true)
  }
}

@Suite("SHA-256 (FIPS 180-4 examples)")
struct SHA256Tests {
  @Test("the NIST example vectors")
  func vectors() {
    // FIPS 180-4 / NIST CSRC "SHA256.pdf" examples, and the empty message.
    #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(
      SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }
}

@Suite("Rate conventions and tenors")
struct RateConventionTests {
  @Test("conversions to continuous compounding follow their formulas")
  func conversions() throws {
    let r = 0.064
    #expect(RateConvention.continuous.continuouslyCompounded(r, tenorDays: 91) == r)
    let tau = 91.0 / 365
    #expect(isClose(RateConvention.simple.continuouslyCompounded(r, tenorDays: 91)!, log(1 + r * tau) / tau, relative: 1e-15))
    // A 3-month bill's bond-equivalent yield is simple interest on actual/365.
    #expect(
      RateConvention.bondEquivalent.continuouslyCompounded(r, tenorDays: 91)
        == RateConvention.simple.continuouslyCompounded(r, tenorDays: 91))
    #expect(isClose(RateConvention.bondEquivalent.continuouslyCompounded(r, tenorDays: 3650)!, 2 * log(1 + r / 2), relative: 1e-15))
    #expect(isClose(RateConvention.annual.continuouslyCompounded(r, tenorDays: 365)!, log(1.064), relative: 1e-15))
    // Continuous compounding is below every discrete rate for positive rates.
    #expect(RateConvention.simple.continuouslyCompounded(r, tenorDays: 91)! < r)
    #expect(RateConvention.annual.continuouslyCompounded(-1.5, tenorDays: 365) == nil)
  }

  @Test("tenors: days, weeks, months (365/12 days, rounded) and years")
  func tenors() {
    #expect(Tenor.days("30d") == 30)
    #expect(Tenor.days("30") == 30)
    #expect(Tenor.days("2w") == 14)
    #expect(Tenor.days("1m") == 30)
    #expect(Tenor.days("3m") == 91)
    #expect(Tenor.days("6M") == 183)
    #expect(Tenor.days("1y") == 365)
    #expect(Tenor.days("0d") == nil)
    #expect(Tenor.days("3x") == nil)
    #expect(Tenor.days("") == nil)
  }
}
