"""Leave one rater out for all raters at province size, against one `appraise` call.

Run: python benchmarks/bench_impact.py [--repeat N]

Prints the median time of `leave_one_out` for all 120 raters (weighted means: the
down-dating path) and its ratio to one `appraise` call on the same sheet.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import appraisal as ap
from appraisal.reliability.impact import leave_one_out
from bench_appraise import SIZES, build, median_time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sheet, scheme = build(*SIZES["province"])
    result = ap.appraise(sheet, scheme)
    once = median_time(lambda: ap.appraise(sheet, scheme), args.repeat)
    loo = median_time(lambda: leave_one_out(result), args.repeat)
    print("| province 120x1500x30 | appraise ms | leave one out, 120 raters, ms | ratio |")
    print("|---|---|---|---|")
    print(f"| | {once * 1e3:.3g} | {loo * 1e3:.3g} | {loo / once:.3g} |")


if __name__ == "__main__":
    main()
