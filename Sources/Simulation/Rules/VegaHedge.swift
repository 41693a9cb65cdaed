/// `vega`: neutralise the vega of the option book with a listed-style option (typically a
/// longer-dated at-the-money one), then delta with the underlying (see ``GreekHedge``).
public enum VegaHedge {
  public static func make(_ parameters: GreekHedge.Parameters, context: RuleContext) -> GreekHedge {
    GreekHedge(.vega, parameters, context: context)
  }
}
