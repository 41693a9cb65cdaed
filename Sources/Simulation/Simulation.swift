/// The simulator: portfolios, instruments, hedge rules and the engine that steps them
/// through history (issue 4). Reads market data only through `MarketDataSource`.
public enum SimulationModule {}
