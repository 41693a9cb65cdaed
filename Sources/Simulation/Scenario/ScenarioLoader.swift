import Foundation
import MarketData
import Yams

/// Reads a scenario from YAML text and checks everything that can be checked without market
/// data: keys (unknown ones are reported with the nearest valid key), types, ranges, symbols
/// against `data.underlyings`, volatility sources for optioned underlyings, unique program
/// names. ``MarketTape/load(_:from:)`` then checks symbols and the period against the data.
///
/// Reading the file is the caller's job (only the CLI and MarketData touch the file system).
public enum ScenarioLoader {
  /// Decodes and validates a scenario.
  /// - Parameters:
  ///   - yaml: the file's text.
  ///   - file: the name shown in error messages (e.g. `Scenarios/spx-puts.yaml`).
  /// - Throws: ``ScenarioError`` naming the file, line, key path and problem.
  public static func load(yaml: String, file: String) throws(ScenarioError) -> Scenario {
    let root = try compose(yaml: yaml, file: file)
    var lines: [String: Int] = [:]
    collectLines(root, path: "", into: &lines)
    let origin = ScenarioOrigin(file: file, lines: lines)
    var scenario: Scenario
    do {
      scenario = try YAMLDecoder().decode(Scenario.self, from: root)
    } catch let issue as ScenarioIssue {
      throw error(for: issue, root: root, origin: origin)
    } catch let error as DecodingError {
      throw Self.error(for: error, root: root, origin: origin)
    } catch let error as YamlError {
      throw syntaxError(error, file: file)
    } catch {
      throw ScenarioError.invalid(
        file: file, line: nil, keyPath: "(top level)", reason: String(describing: error))
    }
    scenario.origin = origin
    try validate(scenario)
    return scenario
  }

  // MARK: - Bounded parsing

  /// The largest scenario file, in bytes (the bundled ones are under 4 KB).
  public static let maximumBytes = 1_000_000
  /// The most values (scalars, lists, mappings) a scenario may hold once its YAML aliases are
  /// expanded: a few hundred aliases nested ten deep ("billion laughs") would otherwise expand
  /// a 1 KB file to billions of values.
  public static let maximumNodes = 100_000

  /// Parses `yaml` into a tree, refusing files over ``maximumBytes``, trees over
  /// ``maximumNodes`` values (counting every expansion of an alias), nesting deeper than
  /// libyaml's limit, keys that are not single values and empty keys, each with its line.
  static func compose(yaml: String, file: String) throws(ScenarioError) -> Node {
    let size = yaml.utf8.count
    guard size <= maximumBytes else {
      throw .syntax(
        file: file, line: nil, column: nil,
        reason: "the file has \(size) bytes; a scenario may have at most \(maximumBytes) (1 MB)")
    }
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: yaml) else {
        throw ScenarioError.syntax(file: file, line: nil, column: nil, reason: "the file is empty")
      }
      root = node
    } catch let error as ScenarioError {
      throw error
    } catch let error as YamlError {
      throw syntaxError(error, file: file)
    } catch {
      throw ScenarioError.syntax(file: file, line: nil, column: nil, reason: String(describing: error))
    }
    try checkShape(root, file: file)
    return root
  }

  /// Walks the tree without recursion, stopping at the first value past ``maximumNodes``.
  static func checkShape(_ root: Node, file: String) throws(ScenarioError) {
    var stack: [(node: Node, path: String)] = [(root, "")]
    var count = 0
    while let (node, path) = stack.popLast() {
      count += 1
      if count > maximumNodes {
        throw .syntax(
          file: file, line: node.mark?.line, column: node.mark?.column,
          reason: "the file expands to more than \(maximumNodes) values (through YAML aliases such as *name?); a scenario needs far fewer: write the values out or remove the aliases")
      }
      switch node {
      case .mapping(let mapping):
        for (key, value) in mapping {
          let shown = path.isEmpty ? "(top level)" : path
          guard case .scalar(let scalar) = key else {
            throw .invalid(
              file: file, line: key.mark?.line, keyPath: shown,
              reason: "a key must be a single word, not a list or mapping; write it as 'name: value'")
          }
          guard !scalar.string.isEmpty else {
            throw .invalid(
              file: file, line: key.mark?.line, keyPath: shown,
              reason: "a key is empty (\"\"); remove it or give it a name (see Scenarios/README.md)")
          }
          stack.append((value, path.isEmpty ? scalar.string : "\(path).\(scalar.string)"))
        }
      case .sequence(let sequence):
        for (i, value) in sequence.enumerated() { stack.append((value, "\(path)[\(i)]")) }
      default:
        break
      }
    }
  }

  // MARK: - Semantic checks

  static func validate(_ s: Scenario) throws(ScenarioError) {
    if s.paths != nil { try validatePaths(s) }
    let o = s.origin
    let underlyings = s.data.underlyings
    for (i, name) in underlyings.enumerated() {
      if let reason = SymbolName.problem(name) {
        throw .invalid(file: o.file, line: o.line(of: "data.underlyings[\(i)]") ?? o.line(of: "data.underlyings"), keyPath: "data.underlyings[\(i)]", reason: reason)
      }
    }
    func symbol(_ name: String, at keyPath: String) throws(ScenarioError) {
      guard underlyings.contains(name) else {
        throw .unknownSymbol(
          file: o.file, line: o.line(of: keyPath), keyPath: keyPath, symbol: name,
          kind: .underlying, available: underlyings, suggestion: nearest(name, in: underlyings))
      }
    }
    func needsVolatility(_ name: String, at keyPath: String, for user: String) throws(ScenarioError) {
      // A path scenario always has an implied volatility (paths.implied-volatility, a
      // constant data.volatility, or the model's).
      guard s.data.volatility[name] != nil || s.paths != nil else {
        throw .invalid(
          file: o.file, line: o.line(of: keyPath), keyPath: keyPath,
          reason: "\(user) on '\(name)' needs an implied volatility; add data.volatility.\(name) (atm, surface or constant)")
      }
    }
    for name in s.data.volatility.keys.sorted() { try symbol(name, at: "data.volatility.\(name)") }
    for name in s.data.dividendYield.keys.sorted() { try symbol(name, at: "data.dividend-yield.\(name)") }
    func checkPortfolio(_ portfolio: PortfolioSpec, at root: String) throws(ScenarioError) {
      for (i, h) in portfolio.holdings.enumerated() {
        try symbol(h.symbol, at: "\(root).holdings[\(i)].symbol")
      }
      for (i, option) in portfolio.options.enumerated() {
        try symbol(option.symbol, at: "\(root).options[\(i)].symbol")
        try needsVolatility(option.symbol, at: "\(root).options[\(i)].symbol", for: "an option")
      }
      for (i, future) in portfolio.futures.enumerated() {
        try symbol(future.symbol, at: "\(root).futures[\(i)].symbol")
      }
    }
    try checkPortfolio(s.portfolio, at: "portfolio")
    for (p, program) in s.programs.enumerated() {
      if let own = program.portfolio { try checkPortfolio(own, at: "programs[\(p)].portfolio") }
    }
    var withCurrency = s
    try withCurrency.setCurrency(s.portfolio.currency)
    guard !s.programs.isEmpty else {
      throw .outOfRange(
        file: o.file, line: o.line(of: "programs"), keyPath: "programs", value: "[]",
        condition: "a non-empty list of programs (use `rules: []` for the unhedged baseline)")
    }
    for (p, program) in s.programs.enumerated() {
      if let first = s.programs[..<p].firstIndex(where: { $0.name == program.name }) {
        let keyPath = "programs[\(p)].name"
        throw .invalid(
          file: o.file, line: o.line(of: keyPath), keyPath: keyPath,
          reason: "the name '\(program.name)' is already used by programs[\(first)]; give each program its own name")
      }
      let portfolio = program.portfolio ?? s.portfolio
      for (r, rule) in program.rules.enumerated() {
        if case .overlay(.cashSecuredPut, _) = rule, portfolio.financing == .holdings {
          let rulePath = "programs[\(p)].rules[\(r)]"
          throw .invalid(
            file: o.file, line: o.line(of: rulePath), keyPath: rulePath,
            reason: "a cash-secured put keeps its collateral and premium in cash; give the program a cash portfolio with financing: cash (e.g. portfolio: { cash: 1000000 })")
        }
        for ref in rule.references {
          let keyPath = "programs[\(p)].rules[\(r)]" + (ref.symbol == nil ? "" : ".\(ref.key)")
          let name = ref.symbol ?? underlyings[0]
          if ref.symbol != nil { try symbol(name, at: keyPath) }
          if ref.needsVolatility { try needsVolatility(name, at: keyPath, for: rule.type.rawValue) }
          if ref.sizesByHolding, !portfolio.holdings.contains(where: { $0.symbol == name }) {
            let rulePath = "programs[\(p)].rules[\(r)]"
            throw .invalid(
              file: o.file, line: o.line(of: rulePath), keyPath: rulePath,
              reason: "\(rule.type.rawValue) is sized by the holding of '\(name)' (hedge-ratio), but portfolio.holdings has none; add a holding of \(name), or size the rule with units or notional")
          }
        }
        if case .indexHedge(let p2) = rule,
          !portfolio.holdings.contains(where: { $0.symbol != p2.index })
        {
          let rulePath = "programs[\(p)].rules[\(r)]"
          throw .invalid(
            file: o.file, line: o.line(of: rulePath), keyPath: rulePath,
            reason: "index-hedge hedges the holdings other than its index '\(p2.index)', and there are none; add the basket to portfolio.holdings")
        }
      }
    }
    // A portfolio of cash and notionals has a value known before any data: it must be worth
    // something, or no return of it is defined.
    func checkInitialValue(_ portfolio: PortfolioSpec, at root: String) throws(ScenarioError) {
      let notionals = portfolio.holdings.map { h -> Double? in
        if case .notional(let x) = h.size { return x }
        return nil
      }
      guard s.paths == nil, portfolio.options.isEmpty, portfolio.futures.isEmpty, !notionals.contains(nil) else { return }
      let value = notionals.reduce(portfolio.cash) { $0 + $1! }
      if !(value >= 1) {
        throw .outOfRange(
          file: o.file, line: o.line(of: root), keyPath: root, value: formatNumber(value),
          condition: "an initial value (cash + the holdings' notionals) of at least 1; a portfolio worth nothing has no returns")
      }
    }
    try checkInitialValue(s.portfolio, at: "portfolio")
    for (p, program) in s.programs.enumerated() {
      if let own = program.portfolio { try checkInitialValue(own, at: "programs[\(p)].portfolio") }
    }
  }

  // MARK: - Error mapping

  static func syntaxError(_ error: YamlError, file: String) -> ScenarioError {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let reason = context.map { "\($0.text) \(problem)" } ?? problem
      return .syntax(file: file, line: mark.line, column: mark.column, reason: reason)
    case .duplicatedKeysInMapping(let duplicates, let context):
      return .syntax(
        file: file, line: context.mark.line, column: context.mark.column,
        reason: "key '\(duplicates.joined(separator: "', '"))' appears twice in one mapping")
    default:
      return .syntax(file: file, line: nil, column: nil, reason: String(describing: error))
    }
  }

  static func error(for issue: ScenarioIssue, root: Node, origin: ScenarioOrigin) -> ScenarioError {
    let keyPath = keyPathText(issue.codingPath)
    let line = origin.line(of: keyPath)
    let file = origin.file
    switch issue.problem {
    case .unknownKey(let valid):
      let key = issue.codingPath.last?.stringValue ?? ""
      return .unknownKey(
        file: file, line: line, keyPath: keyPath, suggestion: nearest(key, in: valid),
        validKeys: valid)
    case .missing(let expected):
      return .missingKey(file: file, line: line, keyPath: keyPath, expected: expected)
    case .outOfRange(let value, let condition):
      return .outOfRange(file: file, line: line, keyPath: keyPath, value: value, condition: condition)
    case .unknownChoice(let value, let choices):
      return .unknownChoice(
        file: file, line: line, keyPath: keyPath, value: value, choices: choices,
        suggestion: nearest(value, in: choices))
    case .conflicting(let keys, let given):
      return .conflictingKeys(file: file, line: line, keyPath: keyPath, keys: keys, given: given)
    case .notASymbol(let symbol, let available):
      return .unknownSymbol(
        file: file, line: line, keyPath: keyPath, symbol: symbol, kind: .underlying,
        available: available, suggestion: nearest(symbol, in: available))
    case .invalid(let reason):
      return .invalid(file: file, line: line, keyPath: keyPath, reason: reason)
    }
  }

  static func error(for error: DecodingError, root: Node, origin: ScenarioOrigin) -> ScenarioError {
    let file = origin.file
    switch error {
    case .typeMismatch(let type, let context):
      let keyPath = keyPathText(context.codingPath)
      return .wrongType(
        file: file, line: origin.line(of: keyPath), keyPath: keyPath,
        found: describe(node(at: context.codingPath, in: root)), expected: describe(type))
    case .keyNotFound(let key, let context):
      let keyPath = keyPathText(context.codingPath + [key])
      return .missingKey(file: file, line: origin.line(of: keyPath), keyPath: keyPath, expected: "a value")
    case .valueNotFound(let type, let context):
      let keyPath = keyPathText(context.codingPath)
      return .missingKey(
        file: file, line: origin.line(of: keyPath), keyPath: keyPath, expected: describe(type))
    case .dataCorrupted(let context):
      let keyPath = keyPathText(context.codingPath)
      return .invalid(
        file: file, line: origin.line(of: keyPath), keyPath: keyPath, reason: context.debugDescription)
    @unknown default:
      return .invalid(file: file, line: nil, keyPath: "(top level)", reason: String(describing: error))
    }
  }

  /// What a value of `type` looks like, for "must be …".
  static func describe(_ type: Any.Type) -> String {
    if type == Double.self { return "a number" }
    if type == Int.self { return "a whole number" }
    if type == String.self { return "text" }
    if type == Bool.self { return "true or false" }
    if type == Node.Mapping.self { return "a mapping of keys to values" }
    if type == Node.Sequence.self { return "a list" }
    if type == Node.Scalar.self { return "a single value, not a list or mapping" }
    return "a value of type \(type)"
  }

  /// What was found in the file, for "(…) must be".
  static func describe(_ node: Node?) -> String {
    switch node {
    case .scalar(let scalar)?:
      let text = scalar.string
      return text.isEmpty || text == "~" || text == "null" ? "an empty value" : "'\(text)'"
    case .mapping?: return "a mapping"
    case .sequence?: return "a list"
    case .alias?: return "an alias"
    case nil: return "nothing"
    }
  }

  static func node(at path: [any CodingKey], in root: Node) -> Node? {
    var current: Node? = root
    for key in path {
      switch current {
      case .mapping(let mapping)?: current = mapping[key.stringValue]
      case .sequence(let sequence)?:
        guard let i = key.intValue, i >= 0, i < sequence.count else { return nil }
        current = sequence[i]
      default: return nil
      }
    }
    return current
  }

  static func collectLines(_ node: Node, path: String, into lines: inout [String: Int]) {
    switch node {
    case .mapping(let mapping):
      for (key, value) in mapping {
        let name = key.string ?? ""
        let child = path.isEmpty ? name : "\(path).\(name)"
        if let line = key.mark?.line { lines[child] = line }
        collectLines(value, path: child, into: &lines)
      }
    case .sequence(let sequence):
      for (i, value) in sequence.enumerated() {
        let child = "\(path)[\(i)]"
        if let line = value.mark?.line { lines[child] = line }
        collectLines(value, path: child, into: &lines)
      }
    default:
      break
    }
  }
}
