import RealModule

/// Named tolerances, so that a comparison says what precision it claims.
public enum Tolerance {
  /// Round-off of a closed-form price (about 1000 ulps at 1.0).
  public static let closedForm = 1e-12
  /// Central finite differences with a step of about 1e-4 relative.
  public static let finiteDifference = 1e-5
}

/// `a ≈ b` within an absolute or a relative tolerance (swift-numerics' definition).
public func isClose(_ a: Double, _ b: Double, absolute: Double = 0, relative: Double) -> Bool {
  a.isApproximatelyEqual(to: b, absoluteTolerance: absolute, relativeTolerance: relative)
}
