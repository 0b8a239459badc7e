"""Time rater diagnostics at province size against one `appraise` call.

Run: python benchmarks/bench_diagnostics.py [--sizes county province] [--repeat N]

For each size (bench_appraise's sheets: 5 % missing cells, two groups, mean rules) it
prints the median time of one `appraise`, of `leave_one_out` for every rater (which
`diagnose` calls), and of `diagnose` as a whole, with its ratio to `appraise`.
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np

import appraisal as ap
from appraisal.reliability.diagnostics import diagnose
from appraisal.reliability.impact import leave_one_out
from bench_appraise import SIZES, build, median_time


def row(name: str, repeat: int) -> str:
    sheet, scheme = build(*SIZES[name])
    result = ap.appraise(sheet, scheme)
    once = median_time(lambda: ap.appraise(sheet, scheme), repeat)
    loo = median_time(lambda: leave_one_out(result), repeat)
    full = median_time(lambda: diagnose(result), repeat)
    size = "x".join(map(str, sheet.shape))
    return (
        f"| {name} {size} | {once * 1e3:.3g} | {loo * 1e3:.3g} | {full * 1e3:.3g} "
        f"| {full / once:.3g} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["county", "province"], choices=list(SIZES))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"python {platform.python_version()}, numpy {np.__version__}"
    )
    print("| size | appraise ms | leave one out ms | diagnose ms | diagnose / appraise |")
    print("|---|---|---|---|---|")
    for name in args.sizes:
        print(row(name, args.repeat))


if __name__ == "__main__":
    main()
