"""Time Krippendorff's alpha against the krippendorff package, and on continuous scores.

Run: python benchmarks/bench_agreement.py [--repeat N]

Two cases, 10 % of the ratings missing:

- 200 raters x 2,000 units of integer scores 1..10, every level of measurement, ours
  (`appraisal.reliability.krippendorff_alpha`) against `krippendorff.alpha` on the same
  array (the results are checked to agree);
- 200 raters x 40,000 units of continuous scores, interval level, ours only: the package
  builds a units x distinct-values table, here 40,000 x about 7.2 million.

Prints a Markdown table of median times (``time.perf_counter``), the ratio package /
ours, and the peak memory our call allocated beyond its input (tracemalloc, which numpy
reports to).
"""

from __future__ import annotations

import argparse
import os
import platform
import tracemalloc
from collections.abc import Callable
from importlib.metadata import version

import krippendorff
import numpy as np

from appraisal.reliability import krippendorff_alpha
from timing import median_time


def ratings(n_raters: int, n_units: int, *, continuous: bool, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if continuous:
        values = rng.normal(50.0, 10.0, size=n_units) + rng.normal(0.0, 5.0, (n_raters, n_units))
    else:
        values = rng.integers(1, 11, size=(n_raters, n_units)).astype(np.float64)
    values[rng.random(values.shape) < 0.10] = np.nan
    return values


def peak_mib(run: Callable[[], object]) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat

    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"numpy {np.__version__}, krippendorff {version('krippendorff')}\n"
    )
    print("| case | level | ours (median) | krippendorff (median) | ratio | ours peak memory |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")

    small = ratings(200, 2_000, continuous=False)
    for level in ("interval", "nominal", "ordinal", "ratio"):
        ours = krippendorff_alpha(small, level=level).statistic  # type: ignore[arg-type]
        theirs = krippendorff.alpha(small, level_of_measurement=level)
        assert abs(ours - theirs) < 1e-9, (level, ours, theirs)
        ours_s = median_time(lambda lv=level: krippendorff_alpha(small, level=lv), repeat)
        theirs_s = median_time(
            lambda lv=level: krippendorff.alpha(small, level_of_measurement=lv), max(3, repeat // 2)
        )
        memory = peak_mib(lambda lv=level: krippendorff_alpha(small, level=lv))
        print(
            f"| 200 x 2,000, scores 1..10 | {level} | {ours_s * 1e3:.1f} ms | "
            f"{theirs_s * 1e3:.1f} ms | {theirs_s / ours_s:.1f}x | {memory:.1f} MiB |"
        )

    large = ratings(200, 40_000, continuous=True)
    distinct = np.unique(large[~np.isnan(large)]).size
    ours_s = median_time(lambda: krippendorff_alpha(large), repeat)
    memory = peak_mib(lambda: krippendorff_alpha(large))
    print(
        f"| 200 x 40,000, continuous ({distinct:,} distinct values) | interval | "
        f"{ours_s * 1e3:.0f} ms | cannot run | | {memory:.1f} MiB |"
    )
    print(
        f"\nInput sizes: {small.nbytes / 2**20:.1f} MiB and {large.nbytes / 2**20:.1f} MiB "
        "of float64."
    )


if __name__ == "__main__":
    main()
