/// Metrics, comparisons and exports of simulation results (issue 5).
public enum AnalyticsModule {}
