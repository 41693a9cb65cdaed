/// Call or put.
public enum OptionKind: String, Sendable, Codable, CaseIterable {
  case call
  case put
}
