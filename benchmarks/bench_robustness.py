"""Time SMAA, tipping points and the rater bootstrap against baselines measured in the same run.

Run: python benchmarks/bench_robustness.py [--repeat N]

- SMAA: 10,000 draws x 2,000 units x 8 top-level groups (3 raters each, one criterion,
  uniform scores 60..100, group weights uniform 0.5..2, two decimals, ``min`` ties, one
  category), `appraisal.robustness.smaa` with its defaults (Dirichlet, concentration
  100, seed 0), against a plain numpy reference: 10 blocks of 1,024 Dirichlet draws,
  ``shares @ group_scores``, places by a double argsort, counted into the units x
  places acceptability matrix with ``np.bincount``. The reference skips rounding and
  ties, so it is a floor rather than an equivalent; the largest difference between the
  two acceptability matrices is printed as a sanity check (sampling noise, not an error).
- Peak memory of `smaa` with 100,000 draws and no pairwise counts, beyond its input
  (tracemalloc, which numpy reports to).
- Province size (120 x 1,500 x 30, built as in ``bench_appraise.py``, with three tiers):
  exact tipping points of the group "quantitative" (a fresh call each repeat, ranking
  and tiers read) and 1,000 bootstrap replicates of the raters, each against one
  `appraise` call. A function the installed package does not have yet is reported as
  not available.
"""

from __future__ import annotations

import argparse
import platform
import tracemalloc
import warnings
from collections.abc import Callable

import attrs
import numpy as np

import appraisal as ap
from bench_appraise import SIZES, build
from timing import median_time

N_GROUPS, N_RATERS, N_UNITS, BLOCK = 8, 3, 2_000, 1_024


def smaa_case(seed: int = 0) -> ap.Appraisal:
    """2,000 units scored by 8 top-level groups of 3 raters on one criterion."""
    rng = np.random.default_rng(seed)
    raters = [f"rater {i}" for i in range(N_GROUPS * N_RATERS)]
    weights = rng.uniform(0.5, 2.0, N_GROUPS)
    scheme = ap.Scheme(
        raters=[
            ap.RaterGroup(f"group {g}", float(w), members=raters[g * N_RATERS : (g + 1) * N_RATERS])
            for g, w in enumerate(weights)
        ],
    )
    values = rng.uniform(60.0, 100.0, size=(len(raters), N_UNITS, 1))
    units = [f"unit {i}" for i in range(N_UNITS)]
    return ap.appraise(ap.ScoreSheet(raters, units, ["score"], values), scheme)


def reference(result: ap.Appraisal, seed: int = 0) -> np.ndarray:
    """Rank acceptability by plain numpy: no rounding, no ties; (n_units, n_units) shares."""
    scores = result.group_scores[1 : N_GROUPS + 1]
    nominal = np.array([g.weight for g in result.scheme.raters.members])
    alpha = 100.0 * nominal / nominal.sum()
    n = scores.shape[1]
    rng = np.random.default_rng(seed)
    counts = np.zeros(n * n, dtype=np.int64)
    rows = np.arange(n) * n
    for _ in range(10):
        shares = rng.dirichlet(alpha, BLOCK)
        place = np.argsort(np.argsort(-(shares @ scores), axis=1), axis=1)
        counts += np.bincount((rows + place).ravel(), minlength=n * n)
    return counts.reshape(n, n) / (10 * BLOCK)


def peak_mb(action: Callable[[], object]) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def smaa_rows(repeat: int) -> None:
    result = smaa_case()
    ours = median_time(lambda: ap.robustness.smaa(result, draws=10_000), repeat)
    ref = median_time(lambda: reference(result), repeat)
    gap = np.nanmax(
        np.abs(ap.robustness.smaa(result, draws=10_000).rank_acceptability - reference(result))
    )
    print(
        "| SMAA 10,000 draws x 2,000 units x 8 groups | reference s | smaa s | reference / smaa |"
    )
    print("|---|---:|---:|---:|")
    print(f"| | {ref:.3g} | {ours:.3g} | {ref / ours:.3g} |")
    print(f"\nlargest acceptability difference, smaa vs reference: {gap:.4f}")
    big = peak_mb(lambda: ap.robustness.smaa(result, draws=100_000, pairwise=False))
    print(f"smaa 100,000 draws x 2,000 units, pairwise=False: peak extra memory {big:.1f} MB")


def province_rows(repeat: int) -> None:
    sheet, scheme = build(*SIZES["province"])
    scheme = attrs.evolve(
        scheme, tiers=[ap.Tier("A", share=0.2), ap.Tier("B", min_score=70), ap.Tier("C")]
    )
    result = ap.appraise(sheet, scheme)
    base = median_time(lambda: ap.appraise(sheet, scheme), repeat)
    print("\n| province 120 x 1,500 x 30, tiers A/B/C | ms | ratio to appraise | target |")
    print("|---|---:|---:|---:|")
    print(f"| appraise | {base * 1e3:.3g} | 1 | |")
    tipping = getattr(ap.robustness, "tipping_points", None)
    if tipping is None:
        print("| tipping_points('quantitative') | not available | | <= 10 |")
    else:

        def exact() -> None:
            tp = tipping(result, "quantitative")
            _ = tp.ranking, tp.tiers

        took = median_time(exact, repeat)
        print(f"| tipping_points('quantitative') | {took * 1e3:.3g} | {took / base:.3g} | <= 10 |")
    resample = getattr(ap.robustness, "resample", None)
    if resample is None:
        print("| resample bootstrap, 1,000 replicates | not available | | <= 20 |")
    else:
        took = median_time(lambda: resample(result, method="bootstrap", replicates=1000), repeat)
        print(
            f"| resample bootstrap, 1,000 replicates | {took * 1e3:.3g} | {took / base:.3g} | <= 20 |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    warnings.simplefilter("ignore", ap.AppraisalWarning)
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"python {platform.python_version()}, numpy {np.__version__}\n"
    )
    smaa_rows(repeat)
    province_rows(max(3, repeat))


if __name__ == "__main__":
    main()
