import MarketData
import Simulation

extension HTMLReport {
  /// At most this many breach days are listed per program in the report (all are in
  /// `manifest.json`).
  static let listedBreaches = 30

  /// The liquidation check of the margin section: what produced the number, then per program
  /// the peak and average maintenance margin (USD, and coin when there is one) and the days on
  /// which equity closed below maintenance margin (``LiquidationCheck``).
  static func liquidationSection(_ c: ScenarioComparison) -> String {
    let checks = LiquidationCheck.checks(c)
    guard !checks.isEmpty else { return "" }
    var out = "<h3>Liquidation check</h3>\n<p class=\"small\">What produced this number: "
    out += SVG.escape(c.scenario.margin.explanation)
    out += ". Maintenance margin after each day's trades at the close, against the day's equity"
    out += " (the portfolio's value); a venue or broker liquidates below it. Models and sources: Scenarios/README.md (margin).</p>\n"
    let coin = checks.compactMap(\.check.coin).first
    out += "<div class=\"table-wrap\"><table class=\"metrics\">\n<thead><tr><th>Program</th>"
    out += "<th>Peak margin (USD)</th><th>Average margin (USD)</th>"
    if let coin { out += "<th>Peak margin (\(SVG.escape(coin)))</th><th>Average margin (\(SVG.escape(coin)))</th>" }
    out += "<th>Days below maintenance</th><th>Days (equity / margin, portfolio currency)</th></tr></thead>\n<tbody>\n"
    for (name, check) in checks {
      let digits = check.currency == "USD" ? 0 : 4
      out += "<tr><th>\(SVG.escape(name))</th>"
      out += "<td>\(DisplayFormat.fixed(check.peakUSD, 0, grouping: true))</td>"
      out += "<td>\(DisplayFormat.fixed(check.averageUSD, 0, grouping: true))</td>"
      if coin != nil {
        out += "<td>\(check.peakCoin.map { DisplayFormat.fixed($0, 4) } ?? "–")</td>"
        out += "<td>\(check.averageCoin.map { DisplayFormat.fixed($0, 4) } ?? "–")</td>"
      }
      out += "<td>\(check.breaches.count)</td><td>"
      let listed = check.breaches.prefix(listedBreaches).map {
        "\($0.day) (\(DisplayFormat.fixed($0.equity, digits, grouping: true)) / \(DisplayFormat.fixed($0.maintenance, digits, grouping: true)))"
      }
      out += listed.isEmpty ? "none" : SVG.escape(listed.joined(separator: ", "))
      if check.breaches.count > listedBreaches {
        out += " … and \(check.breaches.count - listedBreaches) more (manifest.json lists all)"
      }
      out += "</td></tr>\n"
    }
    out += "</tbody></table></div>\n"
    return out
  }
}
