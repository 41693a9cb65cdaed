/// `delta-gamma`: neutralise the gamma of the option book with a listed-style option, then
/// delta with the underlying (see ``GreekHedge``).
public enum DeltaGammaHedge {
  public static func make(_ parameters: GreekHedge.Parameters, context: RuleContext) -> GreekHedge {
    GreekHedge(.gamma, parameters, context: context)
  }
}
