#!/usr/bin/env python3
"""The numpy/scipy peer of `hedgelab bench montecarlo`: the same Monte Carlo delta hedge.

A short European call (spot 100, strike 100, 20 weeks = 20/52 years, implied = realised
volatility 20 %, rate and dividend yield as given) is sold at its Black-Scholes price and
delta hedged along geometric Brownian paths, vectorised over all paths, one time step at a
time, doing per step exactly what HedgeLab's kernel does:

* draw: one standard normal per path (numpy's default generator, PCG64 + ziggurat);
* price move: the exact log-step x += (r - q - sigma^2/2) dt + sigma sqrt(dt) z, S = S0 e^x;
* financing and dividends: cash = cash e^{r dt} + delta S (e^{q dt} - 1);
* delta at a rebalancing point: e^{-q tau} N(d1), d1 = (x + ln(S0/K) + (r - q + sigma^2/2) tau)
  / (sigma sqrt(tau)), N = scipy.special.ndtr;
* trade: cash -= traded S + c |traded| S, discounted costs and trade counts accumulated;
* at expiry: pay the payoff, sell the shares, discount the P&L.

Every array operation runs in place on preallocated arrays (the fastest numpy form); numpy
runs these element-wise operations on one thread. The figure is the best of --repetitions
runs. It prints the hedge steps per second and the standard deviation of the P&L relative to
the premium (for the Derman-Kamal check).

    python3 Benchmarks/montecarlo/numpy_peer.py --paths 100000 --steps 100 --every 1 [--json]
"""
import argparse
import json
import math
import sys
import time

try:
    import numpy as np
    from scipy.special import ndtr
except ImportError as error:  # the Swift benchmark reports this line and skips the peer
    sys.exit(f"numpy and scipy are required for the peer benchmark: {error}")


def black_scholes_call(spot, strike, expiry, vol, rate, dividend):
    sd = vol * math.sqrt(expiry)
    d1 = (math.log(spot / strike) + (rate - dividend + 0.5 * vol * vol) * expiry) / sd
    price = spot * math.exp(-dividend * expiry) * ndtr(d1) - strike * math.exp(-rate * expiry) * ndtr(d1 - sd)
    vega = spot * math.exp(-dividend * expiry) * math.exp(-0.5 * d1 * d1) / math.sqrt(2 * math.pi) * math.sqrt(expiry)
    return float(price), float(vega), float(d1)


def simulate(paths, steps, every, spot=100.0, strike=100.0, expiry=20 / 52, vol=0.2, rate=0.0,
             dividend=0.0, cost=0.0, seed=1):
    """Per-path discounted P&L of the hedged short call; returns (pnl, premium, vega, seconds)."""
    start = time.perf_counter()
    rng = np.random.default_rng(seed)
    dt = expiry / steps
    drift = (rate - dividend - 0.5 * vol * vol) * dt
    diffusion = vol * math.sqrt(dt)
    financing = math.exp(rate * dt)
    dividend_factor = math.expm1(dividend * dt)
    premium, vega, d1_0 = black_scholes_call(spot, strike, expiry, vol, rate, dividend)
    delta_0 = math.exp(-dividend * expiry) * float(ndtr(d1_0))
    log_moneyness = math.log(spot / strike)

    x = np.zeros(paths)
    s = np.full(paths, spot)
    delta = np.full(paths, delta_0)
    cash = np.full(paths, premium - delta_0 * spot - cost * abs(delta_0) * spot)
    costs = np.full(paths, cost * abs(delta_0) * spot)
    trades = np.full(paths, 1.0 if delta_0 != 0 else 0.0)
    z = np.empty(paths)
    target = np.empty(paths)
    traded = np.empty(paths)
    work = np.empty(paths)
    for step in range(steps):
        point = step + 1
        rng.standard_normal(out=z)
        # price move
        np.multiply(z, diffusion, out=z)
        z += drift
        x += z
        np.exp(x, out=s)
        s *= spot
        # financing and dividends
        cash *= financing
        np.multiply(delta, s, out=work)
        work *= dividend_factor
        cash += work
        if point < steps and point % every == 0:
            tau = expiry - point * dt
            sd = vol * math.sqrt(tau)
            # delta
            np.add(x, log_moneyness + (rate - dividend + 0.5 * vol * vol) * tau, out=target)
            target /= sd
            ndtr(target, out=target)
            target *= math.exp(-dividend * tau)
            # trade
            np.subtract(target, delta, out=traded)
            np.multiply(traded, s, out=work)
            cash -= work
            np.abs(work, out=work)
            work *= cost
            cash -= work
            work *= math.exp(-rate * point * dt)
            costs += work
            trades += traded != 0
            delta, target = target, delta
    discount = math.exp(-rate * expiry)
    payoff = np.maximum(s - strike, 0.0)
    unwind = cost * np.abs(delta) * s
    pnl = (cash + delta * s - unwind - payoff) * discount
    costs += unwind * discount
    trades += delta != 0
    seconds = time.perf_counter() - start
    return pnl, premium, vega, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paths", type=int, default=100_000)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--every", type=int, default=1, help="rebalance every this many steps")
    parser.add_argument("--rate", type=float, default=0.0)
    parser.add_argument("--dividend", type=float, default=0.0)
    parser.add_argument("--cost", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    best = math.inf
    for _ in range(args.repetitions):
        pnl, premium, vega, seconds = simulate(args.paths, args.steps, args.every, rate=args.rate,
                                               dividend=args.dividend, cost=args.cost, seed=args.seed)
        best = min(best, seconds)
    hedges = math.ceil(args.steps / args.every)
    ratio = float(pnl.std(ddof=1)) / premium
    derman_kamal = math.sqrt(math.pi / (4 * hedges)) * vega * 0.2 / premium
    result = {
        "label": f"numpy {np.__version__}",
        "paths": args.paths,
        "steps": args.steps,
        "every": args.every,
        "seconds": best,
        "hedge_steps_per_second": args.paths * args.steps / best,
        "std_over_premium": ratio,
        "derman_kamal": derman_kamal,
        "mean_pnl": float(pnl.mean()),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
