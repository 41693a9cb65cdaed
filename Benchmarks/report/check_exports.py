#!/usr/bin/env python3
"""Reads the exports of `hedgelab compare --out DIR` (or `run --out`, `demo --out`) with pandas
and checks that every column comes back with the right type: dates as datetimes, numbers as
float64/int64, text as object, and no value lost (the CSV holds full precision).

Usage: python3 Benchmarks/report/check_exports.py DIR
Needs pandas (pip install pandas); for checking exports only, never used by the Swift tests.
"""
import json
import sys

import pandas as pd


def main(folder: str) -> None:
    daily = pd.read_csv(f"{folder}/daily.csv", parse_dates=["date"])
    summary = pd.read_csv(f"{folder}/summary.csv", parse_dates=["start_date", "end_date"])
    trades = pd.read_csv(f"{folder}/trades.csv", parse_dates=["date", "expiry"])
    manifest = json.load(open(f"{folder}/manifest.json"))

    text_columns = {"program"}
    for name, dtype in daily.dtypes.items():
        if name == "date":
            assert str(dtype).startswith("datetime64"), (name, dtype)
        elif name in text_columns:
            assert dtype == object or str(dtype) == "str", (name, dtype)
        else:
            assert dtype == "float64", (name, dtype)
    # The P&L split adds up to the change in value (to rounding).
    for program, rows in daily.groupby("program", sort=False):
        change = rows["value"].diff().iloc[1:]
        parts = rows[["pnl_underlying", "pnl_options", "pnl_carry", "pnl_costs"]].sum(axis=1).iloc[1:]
        assert (change - parts).abs().max() < 1e-6 * rows["value"].abs().max(), program

    assert summary["role"].iloc[0] == "baseline", "the baseline comes first"
    assert summary["cagr_pct"].dtype == "float64"
    assert summary["trades_count"].dtype in ("float64", "int64")  # NaN for benchmarks
    assert str(summary["start_date"].dtype).startswith("datetime64")
    assert set(summary["role"]) <= {"baseline", "hedge", "stock+cash"}

    assert str(trades["date"].dtype).startswith("datetime64")
    assert trades["quantity"].dtype == "float64" and trades["rule"].dtype == "int64"
    assert ((trades["quantity"] * trades["price"] - trades["amount"]).abs() < 1e-6).all()

    programs = manifest["programs"]
    assert list(daily["program"].drop_duplicates()) == programs, (programs,)
    print(
        f"{folder}: daily.csv {len(daily)} rows × {daily.shape[1]} columns, summary.csv "
        f"{len(summary)} rows × {summary.shape[1]} columns, trades.csv {len(trades)} rows: "
        "types as expected"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "out")
