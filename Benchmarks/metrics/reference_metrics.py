#!/usr/bin/env python3
"""Reference numbers for HedgeLab's return and hedging-efficiency metrics.

Writes a fixed, seeded return series to Tests/AnalyticsTests/Fixtures/returns.csv and prints
the values that independent libraries compute on it, as Swift literals; those literals are
pinned in Tests/AnalyticsTests/ReferenceLibraryTests.swift.

How it was run (from the project root, on Python 3.11.7):

    python3 -m venv /tmp/qsenv
    /tmp/qsenv/bin/pip install quantstats==0.0.86 empyrical-reloaded==0.7.1
    /tmp/qsenv/bin/python Benchmarks/metrics/reference_metrics.py

which resolved numpy 2.4.6, pandas 3.1.1 and scipy 1.17.1. The fixture is deterministic
(numpy PCG64, seed 20250505) and written with Python's shortest round-trip float repr, so the
Swift tests read exactly the same doubles.

Columns of returns.csv (all simple daily returns, decimals, one row per trading day; each
return runs from the previous row's close, or from 2019-12-31 for the first row, to the
row's date):
  date        ISO date (Monday-Friday business days from 2020-01-02)
  returns     the "hedged program" under test
  baseline    the "unhedged" portfolio
  underlying  the underlying index
  risk_free   the risk-free return earned over that day (not an annual rate)

Which library supplies which number:
  quantstats 0.0.86     total return (comp), CAGR on trading periods, volatility, Sharpe,
                        Sortino, Calmar, Omega, max drawdown, historical CVaR, skew, kurtosis,
                        worst day, beta (greeks), drawdown valley/start/end
  empyrical-reloaded    historical VaR and CVaR, up/down capture, beta, Sortino, Sharpe,
     0.7.1              annual volatility, Omega
  scipy 1.17.1          skew and excess kurtosis with bias=False (cross-check of pandas)
  pandas/numpy          what neither library offers: CAGR on calendar days, calendar-month
                        returns, drawdown peak/recovery dates, N-day horizon returns and their
                        VaR/CVaR, Ederington hedge effectiveness
"""

from __future__ import annotations

import pathlib
import sys
import warnings

import empyrical
import numpy as np
import pandas as pd
import quantstats as qs
import scipy
import scipy.stats

warnings.filterwarnings("ignore")

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "Tests" / "AnalyticsTests" / "Fixtures" / "returns.csv"

SEED = 20250505
COUNT = 500
PERIODS = 252
HORIZON = 21  # trading days: the N of the N-day metrics


def make_fixture() -> pd.DataFrame:
    """500 business days of fat-tailed returns with a convex hedge and a rising rate."""
    rng = np.random.default_rng(SEED)
    days = pd.bdate_range("2020-01-02", periods=COUNT)
    # Student-t with 4 degrees of freedom has variance 2: scale to 1.1 % daily.
    underlying = 0.0003 + 0.011 * rng.standard_t(4, COUNT) / np.sqrt(2.0)
    baseline = 0.95 * underlying + 0.0002 + 0.001 * rng.standard_normal(COUNT)
    # A protective-put-like payoff: pays back half of any daily fall beyond 2 %.
    protection = 0.5 * np.maximum(-0.02 - underlying, 0.0)
    hedged = 0.55 * underlying + protection - 0.0001 + 0.003 * rng.standard_normal(COUNT)
    risk_free = np.linspace(0.01, 0.03, COUNT) / PERIODS
    frame = pd.DataFrame(
        {
            "returns": hedged,
            "baseline": baseline,
            "underlying": underlying,
            "risk_free": risk_free,
        },
        index=pd.Index(days, name="date"),
    )
    return frame


def write_fixture(frame: pd.DataFrame) -> None:
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    lines = ["date,returns,baseline,underlying,risk_free"]
    for day, row in frame.iterrows():
        values = ",".join(repr(float(row[c])) for c in frame.columns)
        lines.append(f"{day.strftime('%Y-%m-%d')},{values}")
    FIXTURE.write_text("\n".join(lines) + "\n")


def curve(returns: pd.Series) -> np.ndarray:
    """Equity curve starting at 1.0 on 2019-12-31 (one value more than returns)."""
    return np.concatenate([[1.0], np.cumprod(1.0 + returns.to_numpy())])


def horizon_returns(values: np.ndarray, n: int, overlapping: bool) -> np.ndarray:
    step = 1 if overlapping else n
    starts = np.arange(0, len(values) - n, step)
    return values[starts + n] / values[starts] - 1.0


def horizon_pnl(values: np.ndarray, n: int, overlapping: bool) -> np.ndarray:
    step = 1 if overlapping else n
    starts = np.arange(0, len(values) - n, step)
    return values[starts + n] - values[starts]


def historical_var(x: np.ndarray, confidence: float) -> float:
    return float(np.percentile(x, 100.0 * (1.0 - confidence)))  # linear = Hyndman-Fan type 7


def historical_cvar(x: np.ndarray, confidence: float) -> float:
    var = historical_var(x, confidence)
    return float(x[x <= var].mean())


def drawdown_dates(values: np.ndarray, days: list[str]) -> dict:
    peaks = np.maximum.accumulate(values)
    dd = values / peaks - 1.0
    trough = int(np.argmin(dd))
    peak = int(np.argmax(values[: trough + 1]))
    recovered = np.nonzero(values[trough:] >= values[peak])[0]
    recovery = trough + int(recovered[0]) if len(recovered) else None
    return {"depth": float(dd[trough]), "peak": peak, "trough": trough, "recovery": recovery,
            "peakDay": days[peak], "troughDay": days[trough],
            "recoveryDay": days[recovery] if recovery is not None else None}


def emit(name: str, value) -> None:
    if value is None:
        print(f"  static let {name}: Double? = nil")
    elif isinstance(value, str):
        print(f'  static let {name} = "{value}"')
    elif isinstance(value, (int, np.integer)):
        print(f"  static let {name} = {int(value)}")
    else:
        print(f"  static let {name} = {float(value)!r}")


def main() -> int:
    frame = make_fixture()
    write_fixture(frame)
    frame = pd.read_csv(FIXTURE, index_col="date", parse_dates=True)  # read back what Swift reads
    r = frame["returns"]
    base = frame["baseline"]
    und = frame["underlying"]
    rf = frame["risk_free"]
    excess = r - rf
    values = curve(r)
    base_values = curve(base)
    days = ["2019-12-31"] + [d.strftime("%Y-%m-%d") for d in frame.index]

    print(f"// quantstats {qs.__version__}, empyrical-reloaded {empyrical.__version__}, "
          f"pandas {pd.__version__}, numpy {np.__version__}, scipy {scipy.__version__}")
    print(f"// fixture {FIXTURE.relative_to(ROOT)}, seed {SEED}, {COUNT} returns")

    print("enum QuantStats {")
    emit("totalReturn", qs.stats.comp(r))
    emit("cagrTradingPeriods", qs.stats.cagr(r, periods=PERIODS))
    emit("volatility", qs.stats.volatility(r, periods=PERIODS))
    emit("sharpe", qs.stats.sharpe(r, rf=0.0, periods=PERIODS))
    emit("sharpeExcess", qs.stats.sharpe(excess, rf=0.0, periods=PERIODS))
    emit("sortino", qs.stats.sortino(r, rf=0.0, periods=PERIODS))
    emit("sortinoExcess", qs.stats.sortino(excess, rf=0.0, periods=PERIODS))
    emit("calmar", qs.stats.calmar(r, periods=PERIODS))
    emit("omega", qs.stats.omega(r, rf=0.0, required_return=0.0, periods=PERIODS))
    emit("maxDrawdown", qs.stats.max_drawdown(r))
    emit("cvar95", qs.stats.cvar(r, confidence=0.95, method="historical"))
    emit("cvar99", qs.stats.cvar(r, confidence=0.99, method="historical"))
    emit("skew", qs.stats.skew(r))
    emit("kurtosis", qs.stats.kurtosis(r))
    emit("worstDay", qs.stats.worst(r))
    emit("beta", qs.stats.greeks(r, und)["beta"])
    details = qs.stats.drawdown_details(qs.stats.to_drawdown_series(r))
    deepest = details.sort_values("max drawdown").iloc[0]
    emit("drawdownStart", deepest["start"])  # first day below the peak
    emit("drawdownValley", deepest["valley"])
    emit("drawdownEnd", deepest["end"])  # last day below the peak (or last day of data)
    print("}")

    print("enum Empyrical {")
    emit("var95", empyrical.value_at_risk(r.to_numpy(), cutoff=0.05))
    emit("var99", empyrical.value_at_risk(r.to_numpy(), cutoff=0.01))
    emit("cvar95", empyrical.conditional_value_at_risk(r.to_numpy(), cutoff=0.05))
    emit("cvar99", empyrical.conditional_value_at_risk(r.to_numpy(), cutoff=0.01))
    emit("upCapture", empyrical.up_capture(r, base))
    emit("downCapture", empyrical.down_capture(r, base))
    emit("beta", empyrical.beta(r, und))
    emit("sharpe", empyrical.sharpe_ratio(r))
    emit("sortino", empyrical.sortino_ratio(r))
    emit("downsideRisk", empyrical.downside_risk(r))
    emit("annualVolatility", empyrical.annual_volatility(r))
    emit("omega", empyrical.omega_ratio(r))
    emit("maxDrawdown", empyrical.max_drawdown(r))
    emit("baselineMaxDrawdown", empyrical.max_drawdown(base))
    emit("baselineCvar95", empyrical.conditional_value_at_risk(base.to_numpy(), cutoff=0.05))
    print("}")

    print("enum SciPy {")
    emit("skew", scipy.stats.skew(r, bias=False))
    emit("excessKurtosis", scipy.stats.kurtosis(r, fisher=True, bias=False))
    print("}")

    print("enum PandasNumPy {")
    calendar_days = (frame.index[-1] - pd.Timestamp("2019-12-31")).days
    emit("calendarDays", calendar_days)
    emit("cagrCalendar", (values[-1] / values[0]) ** (365.25 / calendar_days) - 1.0)
    monthly = r.groupby([r.index.year, r.index.month]).apply(lambda x: (1.0 + x).prod() - 1.0)
    emit("monthCount", len(monthly))
    emit("worstMonth", monthly.min())
    worst_month = monthly.idxmin()
    emit("worstMonthLabel", f"{worst_month[0]:04d}-{worst_month[1]:02d}")
    dd = drawdown_dates(values, days)
    emit("drawdownDepth", dd["depth"])
    emit("drawdownPeak", dd["peakDay"])
    emit("drawdownTrough", dd["troughDay"])
    emit("drawdownRecovery", dd["recoveryDay"])
    emit("drawdownPeakIndex", dd["peak"])
    emit("drawdownTroughIndex", dd["trough"])
    emit("drawdownRecoveryIndex", dd["recovery"])
    for label, overlapping in (("Overlapping", True), ("NonOverlapping", False)):
        h = horizon_returns(values, HORIZON, overlapping)
        emit(f"horizonCount{label}", len(h))
        emit(f"horizonVar95{label}", historical_var(h, 0.95))
        emit(f"horizonCvar95{label}", historical_cvar(h, 0.95))
        emit(f"horizonVar99{label}", historical_var(h, 0.99))
        emit(f"horizonCvar99{label}", historical_cvar(h, 0.99))
        hedged_pnl = horizon_pnl(values, HORIZON, overlapping)
        base_pnl = horizon_pnl(base_values, HORIZON, overlapping)
        emit(f"hedgeEffectiveness{label}",
             1.0 - np.var(hedged_pnl, ddof=1) / np.var(base_pnl, ddof=1))
    daily_hedged = np.diff(values)
    daily_base = np.diff(base_values)
    emit("hedgeEffectivenessDaily",
         1.0 - np.var(daily_hedged, ddof=1) / np.var(daily_base, ddof=1))
    print("}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
