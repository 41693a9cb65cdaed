import MarketData
import Yams

extension Scenario {
  /// One change to a decoded scenario: the CLI's `--from`/`--to`, a sweep's `--symbol` value or
  /// one `--grid` value. Overrides change the typed value; the scenario file's text is never
  /// edited.
  public enum Override: Sendable, Hashable {
    /// Replaces `period.from` and `period.to` where given (`nil` keeps the scenario's).
    case period(from: Day?, to: Day?)
    /// Replaces the symbol `old` by `new` wherever the scenario names it: `data.underlyings`,
    /// the keys of `data.volatility` and `data.dividend-yield`, the series and surfaces named
    /// like it, the holdings, options and futures, every rule's `symbol`/`index`, and
    /// `portfolio.currency` when it is the coin.
    case symbol(replacing: String, with: String)
    /// Sets the value at a key path to `value`, a single YAML value as a user writes it in the
    /// file (`0.9`, `30`, `trading-days`, `2020-01-02`). The part of the scenario the path
    /// leads into (a rule, the portfolio, the costs, `data`, `period`, `paths`) is checked by its
    /// own decoder, exactly as in a file: a key it does not have is named with the valid ones,
    /// a value of the wrong type says the type expected.
    case parameter(ScenarioKeyPath, String)
    /// Sets `portfolio.currency` (`--currency`): `USD`, or the scenario's only underlying.
    case currency(String)

    /// A stable text of the override, for sweep ids.
    var canonicalText: String {
      switch self {
      case .period(let from, let to): return "from=\(from?.description ?? "")\nto=\(to?.description ?? "")\n"
      case .symbol(let old, let new): return "symbol=\(old)->\(new)\n"
      case .parameter(let path, let value): return "\(path.text)=\(value)\n"
      case .currency(let currency): return "currency=\(currency)\n"
      }
    }
  }

  /// This scenario with `overrides` applied in order, then validated as ``ScenarioLoader``
  /// validates a file.
  /// - Parameter validate: `false` skips the whole-scenario checks (symbols against
  ///   `data.underlyings`, volatility sources, …) for a part that is completed later, as a
  ///   sweep assembles a point from its scenario and its programs; every value is still
  ///   checked by its decoder.
  /// - Throws: ``ScenarioKeyPathError`` for a key path that leads nowhere (the valid keys or
  ///   names at the failing step are listed); ``ScenarioError`` naming the file, line and key
  ///   path for a value the scenario does not accept.
  public func applying(_ overrides: [Override], validate: Bool = true) throws -> Scenario {
    var scenario = self
    for override in overrides {
      switch override {
      case .period(let from, let to):
        if let from { scenario.period.from = from }
        if let to { scenario.period.to = to }
        if let f = scenario.period.from, let t = scenario.period.to, t < f {
          throw ScenarioError.outOfRange(
            file: origin.file, line: origin.line(of: "period.to"), keyPath: "period.to", value: t.description,
            condition: "on or after period.from (\(f))")
        }
      case .symbol(let old, let new):
        if old != new, scenario.data.underlyings.contains(old), let i = scenario.data.underlyings.firstIndex(of: new) {
          throw ScenarioError.invalid(
            file: origin.file, line: origin.line(of: "data.underlyings"), keyPath: "data.underlyings[\(i)]",
            reason: "'\(new)' is already an underlying, so '\(old)' cannot become it (each underlying is listed once); choose a symbol the scenario does not list")
        }
        scenario.renameSymbol(old, to: new)
      case .parameter(let path, let value):
        try scenario.set(path, to: value)
      case .currency(let currency):
        try scenario.setCurrency(currency)
      }
    }
    if validate { try ScenarioLoader.validate(scenario) }
    return scenario
  }

  /// The canonical text of `overrides` for sweep ids: empty when there are none (a sweep
  /// without `--from`/`--to` keeps the id it had before overrides existed).
  public static func canonicalText(_ overrides: [Override]) -> String {
    overrides.isEmpty ? "" : "--overrides--\n" + overrides.map(\.canonicalText).joined()
  }

  // MARK: - Parameters

  /// Sets the value at `path`: typed navigation to the part it leads into, then that part
  /// encoded, the value written at the rest of the path, and the part decoded again.
  private mutating func set(_ path: ScenarioKeyPath, to value: String) throws {
    let steps = path.steps[...]
    let head = path.head
    let rest = steps.dropFirst()
    let node = Node(value)
    let origin = self.origin
    func part<T: Codable>(_ current: T, _ key: Keys) throws -> T {
      try Self.replacing(in: current, at: rest, with: node, path: path, prefix: [AnyKey(stringValue: key.rawValue)], origin: origin)
    }
    guard let key = Keys(rawValue: head) else {
      let valid = Keys.allCases.map(\.rawValue)
      let hint = nearest(head, in: valid).map { "did you mean '\($0)'? " } ?? ""
      throw ScenarioKeyPathError(
        key: path.text, reason: "the scenario's top level has no key '\(head)'; \(hint)keys there: \(valid.joined(separator: ", "))")
    }
    switch key {
    case .data: data = try part(data, .data)
    case .period: period = try part(period, .period)
    case .portfolio: portfolio = try part(portfolio, .portfolio)
    case .costs: costs = try part(costs, .costs)
    case .paths: paths = try part(paths, .paths)
    case .margin: margin = try part(margin, .margin)
    case .programs: try setInProgram(path, rest, to: node)
    case .name, .description, .calendar:
      guard rest.isEmpty else { throw path.singleValue(head, next: rest.first!) }
      // The top-level values decode with the scenario; everything else is unchanged.
      var copy = self
      copy.programs = []
      let decoded = try Self.replacing(in: copy, at: steps, with: node, path: path, prefix: [], origin: origin)
      (name, summary, calendar) = (decoded.name, decoded.summary, decoded.calendar)
    }
  }

  /// Sets a value inside one program, selected by name (`programs.put`) or index (`programs[1]`).
  private mutating func setInProgram(_ path: ScenarioKeyPath, _ steps: ArraySlice<ScenarioKeyPath.Step>, to node: Node) throws {
    let names = programs.map(\.name)
    let i: Int
    switch steps.first {
    case .index(let index)?:
      guard index < programs.count else { throw path.indexOutOfRange(index, count: programs.count, walked: "programs") }
      i = index
    case .key(let name)?:
      guard let index = names.firstIndex(of: name) else {
        let hint = nearest(name, in: names).map { "did you mean '\($0)'? " } ?? ""
        throw ScenarioKeyPathError(
          key: path.text,
          reason: "programs has no item named '\(name)'; \(hint)names there: \(names.joined(separator: ", ")) (or use an index, programs[0])")
      }
      i = index
    case nil:
      throw ScenarioKeyPathError(key: path.text, reason: "programs is a list; name a program's value, e.g. programs.\(names.first ?? "put").rules[0].strike")
    }
    let walked = "programs[\(i)]"
    let prefix: [any CodingKey] = [AnyKey(stringValue: "programs"), AnyKey(intValue: i)]
    let rest = steps.dropFirst()
    let valid = Program.Keys.allCases.map(\.rawValue)
    switch rest.first {
    case .key("rules")?:
      let ruleSteps = rest.dropFirst()
      guard case .index(let j)? = ruleSteps.first else {
        throw ScenarioKeyPathError(key: path.text, reason: "\(walked).rules is a list; give a rule's index, e.g. \(walked).rules[0]")
      }
      guard j < programs[i].rules.count else {
        throw path.indexOutOfRange(j, count: programs[i].rules.count, walked: "\(walked).rules")
      }
      programs[i].rules[j] = try Self.replacing(
        in: programs[i].rules[j], at: ruleSteps.dropFirst(), with: node, path: path,
        prefix: prefix + [AnyKey(stringValue: "rules"), AnyKey(intValue: j)], origin: origin)
    case .key("portfolio")?:
      programs[i].portfolio = try Self.replacing(
        in: programs[i].portfolio, at: rest.dropFirst(), with: node, path: path,
        prefix: prefix + [AnyKey(stringValue: "portfolio")], origin: origin)
    case .key("name")?:
      throw ScenarioKeyPathError(
        key: path.text, reason: "program names must stay as in the file (they head the rows of sweep.csv); sweep other keys")
    case .key(let other)?:
      let hint = nearest(other, in: valid).map { "did you mean '\($0)'? " } ?? ""
      throw ScenarioKeyPathError(key: path.text, reason: "\(walked) has no key '\(other)'; \(hint)keys there: \(valid.joined(separator: ", "))")
    case .index(let j)?:
      throw ScenarioKeyPathError(key: path.text, reason: "\(walked) is a mapping of keys, not a list, so it has no index [\(j)]")
    case nil:
      throw ScenarioKeyPathError(key: path.text, reason: "\(walked) is a program; name one of its values, e.g. \(walked).rules[0].strike")
    }
  }

  /// `part` with `node` written at `steps`: `part` is encoded (in the long form, so that keys
  /// of abbreviated values can be addressed), the node set, and the result decoded by the
  /// part's own decoder; its errors name the whole key path (`prefix` + the
  /// part's own path) and the line in the scenario's file.
  static func replacing<T: Codable>(
    in part: T, at steps: ArraySlice<ScenarioKeyPath.Step>, with node: Node, path: ScenarioKeyPath,
    prefix: [any CodingKey], origin: ScenarioOrigin
  ) throws -> T {
    var tree = try Yams.compose(yaml: Scenario.yaml(part, longForm: true)) ?? Node("~")
    try path.set(node, in: &tree, steps: steps, walked: keyPathText(prefix) == "(top level)" ? "" : keyPathText(prefix))
    do {
      return try YAMLDecoder().decode(T.self, from: tree)
    } catch let issue as ScenarioIssue {
      var located = issue
      located.codingPath = prefix + issue.codingPath
      throw ScenarioLoader.error(for: located, root: tree, origin: origin)
    } catch let error as DecodingError {
      throw ScenarioLoader.error(for: error.prefixed(by: prefix), root: wrap(tree, in: prefix), origin: origin)
    }
  }

  /// `node` placed at `prefix` in an otherwise empty tree (for error messages quoting the value).
  private static func wrap(_ node: Node, in prefix: [any CodingKey]) -> Node {
    var tree = node
    for key in prefix.reversed() {
      if let i = key.intValue {
        tree = .sequence(Node.Sequence(Array(repeating: Node("~"), count: i) + [tree]))
      } else {
        tree = .mapping(Node.Mapping([(Node(key.stringValue), tree)]))
      }
    }
    return tree
  }

  // MARK: - Symbols

  /// Renames the symbol `old` to `new` everywhere the scenario names it (see ``Override/symbol(replacing:with:)``).
  mutating func renameSymbol(_ old: String, to new: String) {
    func rename(_ name: inout String) { if name == old { name = new } }
    func rename(_ name: inout String?) { if name == old { name = new } }
    func renameKey<V>(_ map: inout [String: V]) {
      if let value = map.removeValue(forKey: old) { map[new] = value }
    }
    for i in data.underlyings.indices { rename(&data.underlyings[i]) }
    renameKey(&data.volatility)
    for symbol in data.volatility.keys {
      data.volatility[symbol]!.renameSymbol(old, to: new)
    }
    data.rate.renameSymbol(old, to: new)
    renameKey(&data.dividendYield)
    for symbol in data.dividendYield.keys { data.dividendYield[symbol]!.renameSymbol(old, to: new) }
    for i in data.dividendCash.indices { rename(&data.dividendCash[i]) }
    portfolio.renameSymbol(old, to: new)
    for p in programs.indices {
      programs[p].portfolio?.renameSymbol(old, to: new)
      for r in programs[p].rules.indices { programs[p].rules[r].renameSymbol(old, to: new) }
    }
  }
}

extension VolatilitySource {
  mutating func renameSymbol(_ old: String, to new: String) {
    switch self {
    case .atTheMoney(old, let tenorDays, let skew): self = .atTheMoney(series: new, tenorDays: tenorDays, skew: skew)
    case .surface(old): self = .surface(symbol: new)
    case .smile(var smile):
      if smile.level == .series(old) { smile.level = .series(new) }
      self = .smile(smile)
    default: break
    }
  }
}

extension SeriesOrConstant {
  mutating func renameSymbol(_ old: String, to new: String) {
    if case .series(old, let maxStaleDays) = self { self = .series(new, maxStaleDays: maxStaleDays) }
  }
}

extension PortfolioSpec {
  mutating func renameSymbol(_ old: String, to new: String) {
    for i in holdings.indices where holdings[i].symbol == old { holdings[i].symbol = new }
    for i in options.indices where options[i].symbol == old { options[i].symbol = new }
    for i in futures.indices where futures[i].symbol == old { futures[i].symbol = new }
    if currency == old { currency = new }
  }
}

extension RuleSpec {
  mutating func renameSymbol(_ old: String, to new: String) {
    switch self {
    case .none: break
    case .delta(var p):
      if p.symbol == old { p.symbol = new }
      self = .delta(p)
    case .deltaGamma(var p):
      if p.symbol == old { p.symbol = new }
      self = .deltaGamma(p)
    case .vega(var p):
      if p.symbol == old { p.symbol = new }
      self = .vega(p)
    case .overlay(let type, var p):
      if p.symbol == old { p.symbol = new }
      self = .overlay(type, p)
    case .indexHedge(var p):
      if p.index == old { p.index = new }
      self = .indexHedge(p)
    case .perpetualHedge(var p):
      if p.symbol == old { p.symbol = new }
      self = .perpetualHedge(p)
    case .futureHedge(var p):
      if p.symbol == old { p.symbol = new }
      self = .futureHedge(p)
    }
  }
}

extension DecodingError {
  /// The same error with `prefix` before its coding path.
  func prefixed(by prefix: [any CodingKey]) -> DecodingError {
    func moved(_ c: Context) -> Context {
      Context(codingPath: prefix + c.codingPath, debugDescription: c.debugDescription, underlyingError: c.underlyingError)
    }
    switch self {
    case .typeMismatch(let type, let c): return .typeMismatch(type, moved(c))
    case .valueNotFound(let type, let c): return .valueNotFound(type, moved(c))
    case .keyNotFound(let key, let c): return .keyNotFound(key, moved(c))
    case .dataCorrupted(let c): return .dataCorrupted(moved(c))
    @unknown default: return self
    }
  }
}
