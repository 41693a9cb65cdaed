import MarketData

/// The mutations of the fuzzer (`hedgelab bench fuzz`, `FuzzTests`): each changes the bytes of
/// a bundled CSV file or scenario the way a careless or hostile user could, and names itself.
struct FuzzMutator {
  var random: Xoshiro256StarStar

  init(seed: UInt64) { random = Xoshiro256StarStar(seed: seed) }

  mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(random.next() % UInt64(n)) }
  mutating func chance(_ oneIn: Int) -> Bool { below(oneIn) == 0 }

  /// Numbers that meet conversions, ranges and formatting at their limits.
  static let hugeNumbers = [
    "1e17", "1e300", "-1e300", "1e400", "-0", "0", "nan", "NaN", "inf", "-inf", "99999999999999999999",
    "9223372036854775808", "-9223372036854775809", "1e-320", "4.9e-324", "1.7976931348623157e308", "0x1p1023",
    "1e15", "-1", "1e12", "1000000000001",
  ]

  /// Text that must never reach a terminal raw, or that stresses UTF-8 handling.
  static let hostileText: [[UInt8]] = [
    Array("\u{1B}[31m".utf8), Array("\u{1B}]0;title\u{07}".utf8), [0x00], [0xFF, 0xFE], [0xC3], [0xE2, 0x82],
    Array("\u{202E}".utf8), Array("😀".utf8), Array("\u{FEFF}".utf8), Array("\"".utf8), Array("\"\"".utf8),
    Array("\r".utf8), Array("\r\n".utf8), Array(",".utf8), Array("\u{85}".utf8), Array("é".utf8),
    [0xED, 0xA0, 0x80],
  ]

  /// YAML fragments: anchors, aliases, merges, tags and alias bombs.
  static let yamlFragments = [
    "x: &a [1, 2]\ny: *a\n", "<<: *missing\n", "z: !!binary AAAA\n", "? [a, b]\n: 1\n", "\"\": 1\n",
    "a0: &a0 [x,x,x,x,x,x,x,x,x,x]\na1: &a1 [*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0]\na2: &a2 [*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1]\na3: &a3 [*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2]\na4: &a4 [*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3]\na5: &a5 [*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4]\n",
    "name: &n x\ndescription: *n\n", "--- \n", "...\n", "%YAML 1.1\n", "k: {a: 1, a: 2}\n", "- item\n",
    "   bad indent: 1\n", "key: [unclosed\n", "t: !custom 1\n",
  ]

  /// Applies one to four mutations; returns the mutated bytes and their names.
  mutating func mutate(_ input: [UInt8], yaml: Bool) -> (bytes: [UInt8], mutations: [String]) {
    var bytes = input
    var names: [String] = []
    for _ in 0...below(4) {
      let choice = below(yaml ? 11 : 10)
      switch choice {
      case 0:
        guard !bytes.isEmpty else { continue }
        let i = below(bytes.count)
        let value = UInt8(truncatingIfNeeded: random.next())
        bytes[i] = value
        names.append("byte \(i) = 0x\(String(value, radix: 16))")
      case 1:
        let n = below(bytes.count + 1)
        bytes.removeSubrange(n...)
        names.append("truncated to \(n) bytes")
      case 2:
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard !lines.isEmpty else { continue }
        let i = below(lines.count)
        let copies = chance(8) ? 1 + below(200) : 1
        lines.insert(contentsOf: repeatElement(lines[i], count: copies), at: i)
        bytes = Array(lines.joined(separator: [0x0A]))
        names.append("line \(i + 1) repeated \(copies)×")
      case 3:
        let separator: UInt8 = yaml ? 0x20 : 0x2C
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let column = below(6)
        for k in lines.indices {
          var fields = lines[k].split(separator: separator, omittingEmptySubsequences: false)
          if column < fields.count { fields.insert(fields[column], at: column) }
          lines[k] = ArraySlice(Array(fields.joined(separator: [separator])))
        }
        bytes = Array(lines.joined(separator: [0x0A]))
        names.append("column \(column + 1) duplicated")
      case 4, 5:
        let number = Self.hugeNumbers[below(Self.hugeNumbers.count)]
        // Replace a run of digits (a number of the file) by the number.
        guard let (start, end) = numberRange(in: bytes) else { continue }
        bytes.replaceSubrange(start..<end, with: Array(number.utf8))
        names.append("number at byte \(start) = \(number)")
      case 6:
        let text = Self.hostileText[below(Self.hostileText.count)]
        let i = below(bytes.count + 1)
        bytes.insert(contentsOf: text, at: i)
        names.append("bytes \(text.map { String($0, radix: 16) }.joined(separator: " ")) inserted at \(i)")
      case 7:
        let i = below(bytes.count + 1)
        let length = chance(10) ? 100_000 + below(400_000) : 1 + below(300)
        let byte = UInt8(0x41 + below(26))
        bytes.insert(contentsOf: repeatElement(byte, count: length), at: i)
        names.append("\(length) × '\(Character(Unicode.Scalar(byte)))' inserted at \(i)")
      case 8:
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count > 1 else { continue }
        let i = below(lines.count)
        lines.remove(at: i)
        bytes = Array(lines.joined(separator: [0x0A]))
        names.append("line \(i + 1) removed")
      case 9:
        let i = below(bytes.count + 1)
        let scalars = (0..<(1 + below(8))).map { _ -> UInt32 in
          let planes: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF]
          let range = planes[below(planes.count)]
          return range.lowerBound + UInt32(below(Int(range.upperBound - range.lowerBound) + 1))
        }
        var text = ""
        for s in scalars { if let u = Unicode.Scalar(s) { text.unicodeScalars.append(u) } }
        bytes.insert(contentsOf: Array(text.utf8), at: i)
        names.append("random Unicode \(scalars.map { String($0, radix: 16) }) at \(i)")
      default:
        let fragment = Self.yamlFragments[below(Self.yamlFragments.count)]
        // At the start of a line, so that it is read as keys.
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let i = below(lines.count + 1)
        lines.insert(ArraySlice(Array(fragment.utf8.dropLast())), at: min(i, lines.count))
        bytes = Array(lines.joined(separator: [0x0A]))
        names.append("YAML \(fragment.debugDescription) at line \(i + 1)")
      }
    }
    return (bytes, names)
  }

  /// A random run of ASCII digits (with its sign, decimal point and exponent) in `bytes`.
  private mutating func numberRange(in bytes: [UInt8]) -> (Int, Int)? {
    guard !bytes.isEmpty else { return nil }
    let startAt = below(bytes.count)
    func isNumberByte(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || b == 0x2E || b == 0x2D || b == 0x65 }
    var i = startAt
    while i < bytes.count, !(0x30...0x39).contains(bytes[i]) { i += 1 }
    guard i < bytes.count else { return nil }
    var start = i
    while start > 0, isNumberByte(bytes[start - 1]) { start -= 1 }
    var end = i
    while end < bytes.count, isNumberByte(bytes[end]) { end += 1 }
    return (start, end)
  }
}
