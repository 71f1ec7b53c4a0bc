#!/usr/bin/python3
"""Writes the reference values for DeepQ.Cli's experiment statistics (IQM, stratified bootstrap
confidence intervals, performance profiles, curve bands).

Run from the repository root with Debian's numpy (not a pyenv python first on PATH):
    apt-get update && apt-get install -y python3-numpy
    /usr/bin/python3 tools/statistics_fixtures/generate.py
Output: tests/DeepQ.Cli.Tests/Fixtures/statistics.json (committed; tests never need Python).

The statistics follow Agarwal et al. 2021 as rliable computes them: IQM = trimmed mean cutting
floor(n/4) scores from each end of all runs pooled; stratified bootstrap = resample the runs of
each task separately, with replacement; percentile interval with numpy's linear percentile;
performance profile = fraction of runs with score strictly above tau, averaged over tasks.
To compare bootstrap intervals exactly, the resampling indices come from DeepQ's RandomStream
(xoshiro256** seeded by SplitMix64, Lemire's unbiased bounded integers), re-implemented below
from its documented algorithm; draws go replicate by replicate, task by task, run by run.
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "DeepQ.Cli.Tests", "Fixtures", "statistics.json")
M64 = (1 << 64) - 1
BOOTSTRAP_STREAM = 0xB007


class RandomStream:
    """xoshiro256**; the seeding mixes (seed, stream) through SplitMix64 as DeepQ.Agents.RandomStream documents."""

    def __init__(self, seed, stream=0):
        x = ((seed * 0x9E3779B97F4A7C15) & M64) ^ (((stream + 1) * 0xD1B54A32D192ED03) & M64)
        self.s = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M64
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
            self.s.append(z ^ (z >> 31))

    @staticmethod
    def rotl(v, k):
        return ((v << k) | (v >> (64 - k))) & M64

    def next_u64(self):
        s0, s1, s2, s3 = self.s
        result = (self.rotl((s1 * 5) & M64, 7) * 9) & M64
        t = (s1 << 17) & M64
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = self.rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def next_int(self, n):
        threshold = ((1 << 64) - n) % n
        while True:
            m = self.next_u64() * n
            if (m & M64) >= threshold:
                return m >> 64


def iqm(values):
    v = np.sort(np.asarray(values, dtype=np.float64).ravel())
    cut = len(v) // 4
    return float(np.mean(v[cut:len(v) - cut]))


def pooled_iqm(tasks):
    return iqm(np.concatenate([np.asarray(t, dtype=np.float64) for t in tasks]))


def mean_of_task_means(tasks):
    return float(np.mean([np.mean(t) for t in tasks]))


def profile(tasks, taus):
    return [float(np.mean([np.mean(np.asarray(t) > tau) for t in tasks])) for tau in taus]


def bootstrap(tasks, statistic, reps, seed, confidence=0.95):
    """statistic(tasks) -> list of floats; returns [(point, low, high)] per output."""
    rng = RandomStream(seed, BOOTSTRAP_STREAM)
    point = statistic(tasks)
    reps_out = []
    for _ in range(reps):
        resampled = [[t[rng.next_int(len(t))] for _ in range(len(t))] for t in tasks]
        reps_out.append(statistic(resampled))
    reps_out = np.asarray(reps_out, dtype=np.float64)
    tail = (1 - confidence) / 2 * 100
    low = np.percentile(reps_out, tail, axis=0)
    high = np.percentile(reps_out, 100 - tail, axis=0)
    return [[float(p), float(l), float(h)] for p, l, h in zip(point, low, high)]


def main():
    gen = np.random.default_rng(20211206)
    cases = []
    # One task of 10 seeds with an outlier; two tasks of unequal size; a single task of 3 runs.
    datasets = {
        "ten_seeds_outlier": [[500.0, 480.5, 12.0, 499.0, 350.25, 500.0, 470.0, 9.5, 455.0, 1000.0]],
        "two_tasks_unequal": [list(np.round(gen.normal(100, 30, 7), 3)), list(np.round(gen.normal(-50, 10, 5), 3))],
        "three_runs": [[1.0, 2.0, 4.0]],
        "random_40": [list(np.round(gen.gamma(2.0, 50.0, 40), 4))],
    }
    for name, tasks in datasets.items():
        tasks = [[float(x) for x in t] for t in tasks]
        seed = 7 + len(cases)
        reps = 2000
        lo = min(min(t) for t in tasks)
        hi = max(max(t) for t in tasks)
        taus = list(np.linspace(lo - 1, hi + 1, 11))
        cases.append({
            "name": name,
            "tasks": tasks,
            "seed": seed,
            "reps": reps,
            "pooled_iqm": pooled_iqm(tasks),
            "mean_of_task_means": mean_of_task_means(tasks),
            "percentiles": {str(q): float(np.percentile(np.concatenate(tasks), q)) for q in (0, 2.5, 25, 50, 62.5, 97.5, 100)},
            "iqm_ci": bootstrap(tasks, lambda ts: [pooled_iqm(ts)], reps, seed)[0],
            "mean_ci": bootstrap(tasks, lambda ts: [mean_of_task_means(ts)], reps, seed)[0],
            "profile_thresholds": [float(t) for t in taus],
            "profile": bootstrap(tasks, lambda ts: profile(ts, taus), reps, seed),
        })
    # Curves of 4 seeds on different schedules; one stopped early (held at its last value).
    runs = [
        ([0, 1000, 2000, 3000, 4000], [10.0, 40.0, 90.0, 200.0, 480.0]),
        ([500, 1500, 2500, 3500, 4500], [12.0, 30.0, 70.0, 150.0, 300.0]),
        ([0, 1000, 2000], [9.0, 120.0, 500.0]),
        ([0, 1000, 2000, 3000, 4000, 5000], [11.0, 20.0, 25.0, 60.0, 110.0, 260.0]),
    ]
    start = max(r[0][0] for r in runs)
    end = max(r[0][-1] for r in runs)
    grid = sorted({s for r in runs for s in r[0] if start <= s <= end})
    on_grid = [np.interp(grid, r[0], r[1]) for r in runs]
    seeds = [[float(i) for i in range(len(runs))]]
    curve = bootstrap(seeds, lambda ts: list(np.mean([on_grid[int(i)] for i in ts[0]], axis=0)), 2000, 3)
    curve_case = {"runs": [{"steps": [float(x) for x in r[0]], "values": r[1]} for r in runs], "seed": 3, "reps": 2000,
                  "grid": [float(g) for g in grid], "bands": curve}
    # The raw generator, so a mismatch in the RNG shows up before any statistic does.
    rng = RandomStream(42, BOOTSTRAP_STREAM)
    draws = [rng.next_int(n) for n in (1, 2, 3, 7, 10, 1000, 2**31 - 1) for _ in range(3)]
    with open(OUT, "w") as f:
        json.dump({"generator": "tools/statistics_fixtures/generate.py", "random_stream_42_draws": draws, "cases": cases, "curve": curve_case}, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}: {len(cases)} cases")


if __name__ == "__main__":
    main()
