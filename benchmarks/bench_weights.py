"""Time the data-driven weights on a nation-sized matrix: 40,000 units x 50 criteria.

Runs entropy (both normalisations) and CRITIC from ``appraisal.weights`` and, in the same
process on the same matrix, pymcdm's ``entropy_weights`` and ``critic_weights`` as a
baseline (pymcdm has no min-max entropy). Prints a Markdown table of medians over
repeats (``time.perf_counter``), the ratio pymcdm / appraisal, and the largest absolute
difference between the two sets of weights.

    python benchmarks/bench_weights.py [--units 40000] [--criteria 50] [--repeats 11]
"""

from __future__ import annotations

import argparse
import os
import platform
from collections.abc import Callable

import numpy as np
from pymcdm.weights import critic_weights, entropy_weights

from appraisal.weights import critic, entropy
from timing import median_time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=40_000)
    parser.add_argument("--criteria", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument(
        "--baseline-repeats", type=int, default=3, help="repeats for pymcdm (slower)"
    )
    args = parser.parse_args()

    rng = np.random.default_rng(2024)
    x = rng.uniform(1.0, 100.0, size=(args.units, args.criteria))

    cases: list[tuple[str, Callable[[], object], Callable[[], object] | None]] = [
        ("entropy, normalize='sum'", lambda: entropy(x), lambda: entropy_weights(x)),
        ("entropy, normalize='minmax'", lambda: entropy(x, normalize="minmax"), None),
        ("critic", lambda: critic(x), lambda: critic_weights(x)),
    ]
    ours_weights = {
        "entropy, normalize='sum'": entropy(x).weights,
        "critic": critic(x).weights,
    }
    theirs_weights = {
        "entropy, normalize='sum'": entropy_weights(x),
        "critic": critic_weights(x),
    }

    print(
        f"{args.units:,} units x {args.criteria} criteria; numpy {np.__version__}; "
        f"Python {platform.python_version()}; {os.cpu_count()} cores; "
        f"medians of {args.repeats} runs (pymcdm: {args.baseline_repeats})\n"
    )
    print("| method | appraisal (ms) | pymcdm (ms) | pymcdm / appraisal | max abs diff |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, ours, theirs in cases:
        ours_s = median_time(ours, args.repeats)
        if theirs is None:
            print(f"| {name} | {ours_s * 1e3:.1f} | n/a | n/a | n/a |")
            continue
        theirs_s = median_time(theirs, args.baseline_repeats)
        diff = float(np.max(np.abs(ours_weights[name] - theirs_weights[name])))
        print(
            f"| {name} | {ours_s * 1e3:.1f} | {theirs_s * 1e3:.1f} | "
            f"{theirs_s / ours_s:.1f}x | {diff:.1e} |"
        )


if __name__ == "__main__":
    main()
