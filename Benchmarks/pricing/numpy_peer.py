#!/usr/bin/env python3
"""The numpy/scipy peer of `hedgelab bench pricing`: the same work on the same number of options.

* greeks: price, delta, gamma, vega (per 1.00 vol) and theta (per year) of European options
  under Black-Scholes-Merton, vectorised over numpy arrays (scipy.special.ndtr for N).
* implied volatility: a vectorised Newton iteration on all options at once, started from the
  Manaster-Koehler point sigma0 = sqrt(2|ln(F/K)|/T) (from which Newton in price converges
  monotonically, Manaster & Koehler 1982), iterating the options not yet converged until
  |step| < 1e-12 or 60 iterations.

Inputs have the same distributions as the Swift benchmark (spot 100, strike 50-200, expiry
1 day-5 years log-uniform, vol 5-100 %, rate -1-8 %, dividend 0-4 %, call or put), drawn from
numpy's PCG64 with the given seed. numpy runs these element-wise operations on one thread.

    python3 Benchmarks/pricing/numpy_peer.py --count 1000000 [--seed 1] [--repetitions 3] [--json]
"""
import argparse
import json
import math
import sys
import time

try:
    import numpy as np
    import scipy
    from scipy.special import ndtr
except ImportError as error:  # the Swift benchmark reports this line and skips the peer
    sys.exit(f"numpy and scipy are required for the peer benchmark: {error}")

INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def random_inputs(count, seed):
    rng = np.random.default_rng(seed)
    theta = np.where(rng.integers(0, 2, count) == 0, 1.0, -1.0)
    spot = np.full(count, 100.0)
    strike = 100.0 * rng.uniform(0.5, 2.0, count)
    expiry = np.exp(rng.uniform(math.log(1.0 / 365.0), math.log(5.0), count))
    vol = rng.uniform(0.05, 1.0, count)
    rate = rng.uniform(-0.01, 0.08, count)
    dividend = rng.uniform(0.0, 0.04, count)
    return theta, spot, strike, expiry, vol, rate, dividend


def greeks(theta, spot, strike, expiry, vol, rate, dividend):
    """Price, delta, gamma, vega, theta (per year) as numpy arrays."""
    sqrt_t = np.sqrt(expiry)
    sd = vol * sqrt_t
    discount = np.exp(-rate * expiry)
    dividend_discount = np.exp(-dividend * expiry)
    d1 = (np.log(spot / strike) + (rate - dividend) * expiry) / sd + 0.5 * sd
    d2 = d1 - sd
    density = np.exp(-0.5 * d1 * d1) * INV_SQRT_2PI
    cdf1 = ndtr(theta * d1)
    cdf2 = ndtr(theta * d2)
    carry_spot = theta * spot * dividend_discount * cdf1
    carry_strike = theta * strike * discount * cdf2
    price = carry_spot - carry_strike
    delta = theta * dividend_discount * cdf1
    nd = dividend_discount * density
    gamma = nd / (spot * sd)
    vega = spot * nd * sqrt_t
    theta_year = -spot * nd * vol / (2.0 * sqrt_t) + dividend * carry_spot - rate * carry_strike
    return price, delta, gamma, vega, theta_year


def implied_vol_newton(price, theta, spot, strike, expiry, rate, dividend, tolerance=1e-12, max_iterations=60):
    """Vectorised Newton from the Manaster-Koehler start; returns (vol, iterations)."""
    forward_log = np.log(spot / strike) + (rate - dividend) * expiry
    sigma = np.sqrt(2.0 * np.abs(forward_log) / expiry)
    sigma = np.where(sigma < 1e-3, 0.2, sigma)
    active = np.arange(price.size)
    iterations = 0
    while active.size and iterations < max_iterations:
        iterations += 1
        s = sigma[active]
        p, _, _, v, _ = greeks(theta[active], spot[active], strike[active], expiry[active], s,
                               rate[active], dividend[active])
        step = np.where(v > 1e-300, (p - price[active]) / np.maximum(v, 1e-300), 0.0)
        new = np.clip(s - step, 1e-8, 20.0)
        sigma[active] = new
        active = active[np.abs(new - s) > tolerance]
    return sigma, iterations


def best_of(repetitions, function):
    best = math.inf
    result = None
    for _ in range(repetitions):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    if args.count < 1:
        sys.exit(f"--count ({args.count}) must be positive")

    theta, spot, strike, expiry, vol, rate, dividend = random_inputs(args.count, args.seed)
    greeks_seconds, (price, _, _, vega, _) = best_of(
        args.repetitions, lambda: greeks(theta, spot, strike, expiry, vol, rate, dividend))
    iv_seconds, (solved, iterations) = best_of(
        args.repetitions, lambda: implied_vol_newton(price, theta, spot, strike, expiry, rate, dividend))
    informative = (price >= 1e-8 * spot) & (vega >= 1e-4 * price)
    max_error = float(np.max(np.abs(solved[informative] - vol[informative]))) if informative.any() else 0.0

    result = {
        "greeks_ns_per_option": greeks_seconds * 1e9 / args.count,
        "implied_vol_ns_per_option": iv_seconds * 1e9 / args.count,
        "count": args.count,
        "iterations": iterations,
        "implied_vol_max_abs_error": max_error,
        "implied_vol_checked": int(informative.sum()),
        "label": f"numpy {np.__version__}, scipy {scipy.__version__}, 1 thread",
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"numpy/scipy, {args.count} options, best of {args.repetitions} ({result['label']})")
        print(f"price+delta+gamma+vega+theta: {result['greeks_ns_per_option']:.1f} ns per option")
        print(f"implied volatility (Newton, {iterations} iterations): "
              f"{result['implied_vol_ns_per_option']:.1f} ns per option, "
              f"max |error| {max_error:.2e} over {result['implied_vol_checked']} options")


if __name__ == "__main__":
    main()
