extension Scenario {
  /// Sets `portfolio.currency`: `USD`, or the symbol of the scenario's only underlying (a
  /// coin-denominated portfolio holds one coin).
  /// - Throws: ``ScenarioError/outOfRange(file:line:keyPath:value:condition:)`` for any other.
  public mutating func setCurrency(_ currency: String) throws(ScenarioError) {
    let underlyings = data.underlyings
    guard currency == "USD" || (underlyings.count == 1 && currency == underlyings[0]) else {
      throw .outOfRange(
        file: origin.file, line: origin.line(of: "portfolio.currency"), keyPath: "portfolio.currency",
        value: currency,
        condition: "USD or the symbol of the scenario's only underlying (\(underlyings.joined(separator: ", "))); a coin-denominated portfolio holds one coin")
    }
    portfolio.currency = currency
  }
}
