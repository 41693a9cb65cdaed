import Foundation

/// Sample moments for the statistical tests of the path generators.
enum PathStatistics {
  static func mean(_ values: [Double]) -> Double {
    values.reduce(0, +) / Double(values.count)
  }

  /// Sample variance (n − 1 denominator).
  static func variance(_ values: [Double]) -> Double {
    let m = mean(values)
    return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
  }

  /// Pearson correlation of two equally long samples.
  static func correlation(_ x: [Double], _ y: [Double]) -> Double {
    let mx = mean(x), my = mean(y)
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for (a, b) in zip(x, y) {
      sxy += (a - mx) * (b - my)
      sxx += (a - mx) * (a - mx)
      syy += (b - my) * (b - my)
    }
    return sxy / (sxx * syy).squareRoot()
  }
}
