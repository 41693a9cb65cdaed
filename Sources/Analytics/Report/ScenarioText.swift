/// Plain-text descriptions of scenario values for the report's assumptions: every stored
/// field of a rule's parameters, a cost model, a volatility source, read through `Mirror`, so
/// a field added to a parameter type appears without touching the report.
///
/// `optionTenorDays: 60` reads `option tenor days 60`; `nil` fields are left out; enum cases
/// with values read `every days(21)`; nested values in brackets.
enum ScenarioText {
  /// `label value; label value; …` for a struct or enum value.
  static func describe(_ value: Any) -> String {
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .optional:
      guard let child = mirror.children.first else { return "none" }
      return describe(child.value)
    case .collection, .set:
      return "[" + mirror.children.map { child -> String in
        let inner = describe(child.value)
        return Mirror(reflecting: child.value).displayStyle == .struct ? "(\(inner))" : inner
      }.joined(separator: "; ") + "]"
    case .dictionary:
      let pairs = mirror.children.compactMap { child -> String? in
        let pair = Mirror(reflecting: child.value).children.map(\.value)
        guard pair.count == 2 else { return nil }
        return "\(describe(pair[0])): \(describe(pair[1]))"
      }.sorted()
      return pairs.joined(separator: "; ")
    case .enum:
      let name = words(String(describing: value).prefix { $0 != "(" })
      guard let payload = mirror.children.first else { return name }
      return "\(name) (\(describe(payload.value)))"
    case .struct, .class, .tuple:
      let parts = mirror.children.compactMap { child -> String? in
        let inner = Mirror(reflecting: child.value)
        if inner.displayStyle == .optional && inner.children.isEmpty { return nil }
        let text = describe(child.value)
        guard let label = child.label, !label.hasPrefix(".") else { return text }
        return "\(words(label)) \(text)"
      }
      return parts.joined(separator: ", ")
    default:
      return "\(value)"
    }
  }

  /// `optionTenorDays` → `option tenor days`.
  static func words(_ identifier: some StringProtocol) -> String {
    var out = ""
    for ch in identifier {
      if ch.isUppercase {
        out += " " + ch.lowercased()
      } else {
        out.append(ch)
      }
    }
    return out
  }
}
