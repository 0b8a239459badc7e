"""Time and memory of loading a large long-format CSV score sheet with `load_sheet`.

Run: python benchmarks/bench_io.py [--megabytes 50] [--repeat 3] [--keep FILE]

Writes a well-formed long-format CSV of about the given size (Chinese department and
unit names, scores in steps of 0.1, 2 % blank cells), then reports the median wall time
of `load_sheet` (without tracing), and in a separate traced run the peak memory
tracemalloc saw (numpy reports its buffers to it) as a multiple of the resulting array.
For comparison it times one `csv.reader` pass over the same file, and `load_sheet` with
a scheme (labels and scales checked).
"""

from __future__ import annotations

import argparse
import csv
import platform
import tempfile
import tracemalloc
from pathlib import Path

import numpy as np

import appraisal as ap
from timing import median_time

N_RATERS, N_CRITERIA = 120, 8


def write_sheet(path: Path, megabytes: float, seed: int = 0) -> tuple[int, int, int]:
    """Write the sheet; returns its shape (raters, units, criteria)."""
    raters = [f"部门{i:03d}" for i in range(N_RATERS)]
    criteria = [f"指标{i}" for i in range(N_CRITERIA)]
    sample = "部门000,单位00000,指标0,87.5\r\n"
    per_unit = N_RATERS * N_CRITERIA * len(sample.encode("utf-8"))
    n_units = max(1, round(megabytes * 1e6 / per_unit))
    units = [f"单位{i:05d}" for i in range(n_units)]
    rng = np.random.default_rng(seed)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["rater", "unit", "criterion", "score"])
        for rater in raters:
            scores = np.round(rng.uniform(60, 100, size=(n_units, N_CRITERIA)), 1)
            texts = np.where(rng.random(scores.shape) < 0.02, "", scores.astype(str))
            writer.writerows(
                (rater, unit, criterion, text)
                for unit, row in zip(units, texts.tolist(), strict=True)
                for criterion, text in zip(criteria, row, strict=True)
            )
    return N_RATERS, n_units, N_CRITERIA


def read_rows(path: Path) -> int:
    with open(path, encoding="utf-8", newline="") as stream:
        return sum(1 for _ in csv.reader(stream))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=50.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the CSV here and keep it")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "scores.csv"
    shape = write_sheet(path, args.megabytes)
    size = path.stat().st_size
    scheme = ap.Scheme(
        raters=[f"部门{i:03d}" for i in range(N_RATERS)],
        criteria=[ap.Criterion(f"指标{i}") for i in range(N_CRITERIA)],
    )
    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print(f"file: {size / 1e6:.1f} MB, {shape[0] * shape[1] * shape[2]:,} rows, sheet {shape}")

    csv_time = median_time(lambda: read_rows(path), args.repeat)
    load_time = median_time(lambda: ap.load_sheet(path), args.repeat)
    scheme_time = median_time(lambda: ap.load_sheet(path, scheme=scheme), args.repeat)
    tracemalloc.start()
    sheet = ap.load_sheet(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    array = sheet.values.nbytes
    print(f"csv.reader pass alone:     {csv_time:6.2f} s")
    print(
        f"load_sheet:                {load_time:6.2f} s  ({load_time / csv_time:.1f}x the csv pass)"
    )
    print(f"load_sheet(scheme=...):    {scheme_time:6.2f} s")
    print(f"resulting array:           {array / 1e6:6.1f} MB")
    print(f"peak traced memory:        {peak / 1e6:6.1f} MB  ({peak / array:.1f}x the array)")
    folder.cleanup()


if __name__ == "__main__":
    main()
