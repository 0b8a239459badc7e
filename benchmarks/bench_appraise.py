"""Time `appraise` at county, province and nation size against one read pass and pandas.

Run: python benchmarks/bench_appraise.py [--sizes county province nation] [--repeat N]

For each size (5 % missing cells, two rater groups weighing 0.65 / 0.35, mean rules)
it prints the median time of `appraise`, its ratio to one `np.sum` pass over the same
array, the median time of an idiomatic pandas long-format groupby pipeline computing
the same base scores (checked to agree), and the peak memory `appraise` allocated
beyond its input (tracemalloc, which numpy reports to). Then, at province size, the
median rule with z-score standardisation against the plain mean.
"""

from __future__ import annotations

import argparse
import platform
import tracemalloc

import attrs
import numpy as np

import appraisal as ap
from timing import median_time

SIZES = {"county": (33, 20, 8), "province": (120, 1_500, 30), "nation": (200, 40_000, 20)}


def build(
    n_raters: int, n_units: int, n_criteria: int, seed: int = 0
) -> tuple[ap.ScoreSheet, ap.Scheme]:
    rng = np.random.default_rng(seed)
    values = rng.uniform(40.0, 100.0, size=(n_raters, n_units, n_criteria))
    values[rng.random(values.shape) < 0.05] = np.nan
    values.flags.writeable = False  # the sheet takes ownership without a copy
    raters = [f"rater {i}" for i in range(n_raters)]
    units = [f"unit {i}" for i in range(n_units)]
    criteria = [f"criterion {i}" for i in range(n_criteria)]
    split = n_raters * 2 // 5
    scheme = ap.Scheme(
        raters=[
            ap.RaterGroup("quantitative", 0.65, members=raters[:split]),
            ap.RaterGroup("other", 0.35, members=raters[split:]),
        ],
        criteria=[
            ap.Criterion(name, float(w))
            for name, w in zip(criteria, rng.uniform(0.5, 2.0, n_criteria), strict=True)
        ],
    )
    return ap.ScoreSheet(raters, units, criteria, values), scheme


def pandas_pipeline(sheet: ap.ScoreSheet, scheme: ap.Scheme) -> np.ndarray:
    """Base scores the way an analyst would write them with pandas on long-format records."""
    import pandas as pd

    r, u, c = np.indices(sheet.shape).reshape(3, -1)
    frame = pd.DataFrame(
        {"rater": r, "unit": u, "criterion": c, "score": sheet.values.ravel()}
    ).dropna()
    frame["w"] = np.asarray(scheme.criterion_weights)[frame["criterion"].to_numpy()]
    frame["ws"] = frame["w"] * frame["score"]
    per_rater = frame.groupby(["rater", "unit"])[["ws", "w"]].sum()
    per_rater["s"] = per_rater["ws"] / per_rater["w"]
    per_rater = per_rater.reset_index()
    split = len(scheme.raters.members[0].rater_names())  # type: ignore[union-attr]
    per_rater["group"] = np.where(per_rater["rater"] < split, 0, 1)
    groups = per_rater.groupby(["group", "unit"])["s"].mean().reset_index()
    groups["gw"] = np.where(groups["group"] == 0, 0.65, 0.35)
    groups["gws"] = groups["gw"] * groups["s"]
    base = groups.groupby("unit")[["gws", "gw"]].sum()
    return (base["gws"] / base["gw"]).reindex(range(sheet.shape[1])).to_numpy()


def run(name: str, repeat: int) -> dict[str, object]:
    sheet, scheme = build(*SIZES[name])
    read = median_time(lambda: np.sum(sheet.values), repeat)
    ours = median_time(lambda: ap.appraise(sheet, scheme), repeat)
    tracemalloc.start()
    result = ap.appraise(sheet, scheme)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    row: dict[str, object] = {
        "size": f"{name} {'x'.join(map(str, sheet.shape))}",
        "input MB": sheet.values.nbytes / 1e6,
        "np.sum ms": read * 1e3,
        "appraise ms": ours * 1e3,
        "ratio to np.sum": ours / read,
        "peak extra MB": peak / 1e6,
    }
    if name != "nation":  # the long frame alone would take several times the 1.3 GB input
        expected = pandas_pipeline(sheet, scheme)
        np.testing.assert_allclose(result.base, expected, rtol=1e-12)
        slow = median_time(lambda: pandas_pipeline(sheet, scheme), max(1, repeat // 3))
        row["pandas ms"] = slow * 1e3
        row["pandas / appraise"] = slow / ours
    return row


def rules(repeat: int) -> None:
    """Province size: median rule with z-score standardisation against the plain mean."""
    sheet, scheme = build(*SIZES["province"])
    robust = attrs.evolve(
        scheme,
        raters=[attrs.evolve(g, rule="median") for g in scheme.raters.members],
        standardize="zscore",
    )
    plain = median_time(lambda: ap.appraise(sheet, scheme), repeat)
    slow = median_time(lambda: ap.appraise(sheet, robust), repeat)
    print("| province 120x1500x30 | mean ms | median + zscore ms | ratio |")
    print("|---|---|---|---|")
    print(f"| | {plain * 1e3:.3g} | {slow * 1e3:.3g} | {slow / plain:.3g} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, python {platform.python_version()}, numpy {np.__version__}"
    )
    rows = [
        run(name, args.repeat if name != "nation" else max(3, args.repeat // 2))
        for name in args.sizes
    ]
    columns = [
        "size",
        "input MB",
        "np.sum ms",
        "appraise ms",
        "ratio to np.sum",
        "peak extra MB",
        "pandas ms",
        "pandas / appraise",
    ]
    print()
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        cells = [row.get(c, "-") for c in columns]
        print(
            "| " + " | ".join(f"{v:.3g}" if isinstance(v, float) else str(v) for v in cells) + " |"
        )
    if "province" in args.sizes:
        print()
        rules(args.repeat)


if __name__ == "__main__":
    main()
