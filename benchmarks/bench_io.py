"""Time and memory of reading score sheets: CSV by both engines, Parquet, Excel.

Run: python benchmarks/bench_io.py [--records 1000000] [--repeat 5] [--skip-province] [--skip-excel]

1. A generated long CSV of about `--records` records (120 departments, 8 criteria,
   Chinese labels, scores in steps of 0.1, 2 % blank cells): the median time of one
   bare ``csv.reader`` pass, ``load_sheet(engine="python")``, ``pandas.read_csv`` and
   ``load_sheet(engine="arrow")``, all in this run, with the ratios the targets name;
   then each engine's peak RSS increase in a fresh subprocess that only loads the
   file (the RSS after its imports subtracted), against the file's size.
2. The province sheet (120 x 1,500 x 30) as Parquet: ``appraisal rank`` from the file
   to a published CSV in a fresh process, next to ``pyarrow.parquet.read_table`` alone
   (in a fresh process too, imports included, and in process).
3. A workbook of 100,000 records: ``load_sheet`` and ``dump_sheet`` times next to
   ``pandas.read_excel`` (calamine and openpyxl engines) and ``DataFrame.to_excel``.
"""

from __future__ import annotations

import argparse
import csv
import math
import platform
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np

import appraisal as ap
from timing import median_time

N_RATERS, N_CRITERIA = 120, 8


def write_sheet(path: Path, records: int, seed: int = 0) -> tuple[int, int, int]:
    """Write the long CSV; returns its shape (raters, units, criteria)."""
    raters = [f"部门{i:03d}" for i in range(N_RATERS)]
    criteria = [f"指标{i}" for i in range(N_CRITERIA)]
    n_units = max(1, math.ceil(records / (N_RATERS * N_CRITERIA)))
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


PEAK = textwrap.dedent(
    """
    import sys
    import appraisal as ap
    if sys.argv[2] == "arrow":
        import pyarrow, pyarrow.csv, pyarrow.compute

    def status(key):
        with open("/proc/self/status") as stream:
            return next(int(line.split()[1]) * 1024 for line in stream if line.startswith(key))

    before = status("VmRSS:")
    with open("/proc/self/clear_refs", "w") as stream:
        stream.write("5")  # the peak (VmHWM) starts again from the RSS now
    sheet = ap.load_sheet(sys.argv[1], engine=sys.argv[2])
    print(status("VmHWM:") - before)
    """
)
"""Linux: the peak RSS is reset after the imports, so the figure is the loading alone."""


def peak_increase(path: Path, engine: str) -> int:
    """Bytes by which a fresh process's peak RSS grows while it loads the file."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(path), engine],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


def run(*args: str) -> None:
    subprocess.run([sys.executable, *args], check=True, capture_output=True)


def csv_section(folder: Path, records: int, repeat: int) -> None:
    import pandas as pd

    path = folder / "scores.csv"
    shape = write_sheet(path, records)
    size = path.stat().st_size
    print(
        f"\n## CSV: {size / 1e6:.1f} MB, {shape[0] * shape[1] * shape[2]:,} records, sheet {shape}"
    )
    reader = median_time(lambda: read_rows(path), repeat)
    python = median_time(lambda: ap.load_sheet(path, engine="python"), repeat)
    pandas = median_time(lambda: pd.read_csv(path), repeat)
    arrow = median_time(lambda: ap.load_sheet(path, engine="arrow"), repeat)
    assert ap.load_sheet(path, engine="arrow") == ap.load_sheet(path, engine="python")
    print("| step | median | ratio |\n|---|---:|---:|")
    print(f"| csv.reader pass alone | {reader:.3f} s | |")
    print(
        f"| load_sheet(engine='python') | {python:.3f} s | {python / reader:.2f} x the csv.reader pass (target 2) |"
    )
    print(f"| pandas.read_csv ({pd.__version__}) | {pandas:.3f} s | |")
    print(
        f"| load_sheet(engine='arrow') | {arrow:.3f} s | {arrow / pandas:.2f} x pandas.read_csv (target 1.5) |"
    )
    for engine in ("python", "arrow"):
        peak = peak_increase(path, engine)
        print(
            f"| peak RSS increase, {engine} | {peak / 1e6:.1f} MB | {peak / size:.2f} x the file (target 4) |"
        )


def province_section(folder: Path, repeat: int) -> None:
    import pyarrow.parquet as pq

    rng = np.random.default_rng(1)
    shape = (120, 1_500, 30)
    values = np.round(rng.uniform(60, 100, size=shape), 1)
    values[rng.random(shape) < 0.05] = np.nan
    raters = [f"部门{i:03d}" for i in range(shape[0])]
    sheet = ap.ScoreSheet(
        raters,
        [f"单位{i:04d}" for i in range(shape[1])],
        [f"指标{i:02d}" for i in range(shape[2])],
        values,
    )
    scheme = ap.Scheme(
        [
            ap.RaterGroup("定量考核部门", 0.65, members=raters[:60]),
            ap.RaterGroup("其他部门", 0.35, members=raters[60:]),
        ],
        [ap.Criterion(name) for name in sheet.criteria],
    )
    table, scheme_file, out = (
        folder / "province.parquet",
        folder / "scheme.toml",
        folder / "out.csv",
    )
    ap.dump_sheet(sheet, table)
    ap.dump_scheme(scheme, scheme_file)
    print(
        f"\n## Province sheet {shape} from Parquet ({table.stat().st_size / 1e6:.1f} MB, {values.size:,} records)"
    )
    rank = median_time(
        lambda: run(
            "-m",
            "appraisal",
            "rank",
            str(table),
            "--scheme",
            str(scheme_file),
            "--format",
            "csv",
            "--out",
            str(out),
        ),
        repeat,
    )
    fresh = median_time(
        lambda: run("-c", f"import pyarrow.parquet as pq; pq.read_table({str(table)!r})"), repeat
    )
    alone = median_time(lambda: pq.read_table(table), repeat)
    load = median_time(lambda: ap.load_sheet(table), repeat)
    print("| step | median |\n|---|---:|")
    print(f"| appraisal rank province.parquet --format csv --out (fresh process) | {rank:.3f} s |")
    print(f"| pyarrow.parquet.read_table alone (fresh process, imports included) | {fresh:.3f} s |")
    print(f"| pyarrow.parquet.read_table alone (in process) | {alone:.3f} s |")
    print(f"| load_sheet(province.parquet) (in process) | {load:.3f} s |")


def excel_section(folder: Path, repeat: int) -> None:
    import pandas as pd

    rng = np.random.default_rng(2)
    shape = (40, 250, 10)
    values = np.round(rng.uniform(60, 100, size=shape), 1)
    sheet = ap.ScoreSheet(
        [f"部门{i:03d}" for i in range(shape[0])],
        [f"单位{i:04d}" for i in range(shape[1])],
        [f"指标{i}" for i in range(shape[2])],
        values,
    )
    path = folder / "scores.xlsx"
    write = median_time(lambda: ap.dump_sheet(sheet, path), repeat)
    read = median_time(lambda: ap.load_sheet(path), repeat)
    calamine = median_time(lambda: pd.read_excel(path, engine="calamine"), repeat)
    openpyxl = median_time(lambda: pd.read_excel(path, engine="openpyxl"), 1)
    frame = pd.read_excel(path, engine="calamine")
    pandas_write = median_time(lambda: frame.to_excel(folder / "pandas.xlsx", index=False), 1)
    print(f"\n## Excel: {values.size:,} records, {path.stat().st_size / 1e6:.1f} MB")
    print("| step | median |\n|---|---:|")
    print(f"| load_sheet(scores.xlsx) | {read:.3f} s |")
    print(f"| pandas.read_excel, engine='calamine' | {calamine:.3f} s |")
    print(f"| pandas.read_excel, engine='openpyxl' (one run) | {openpyxl:.3f} s |")
    print(f"| dump_sheet(scores.xlsx) | {write:.3f} s |")
    print(f"| DataFrame.to_excel (one run) | {pandas_write:.3f} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-province", action="store_true")
    parser.add_argument("--skip-excel", action="store_true")
    args = parser.parse_args()
    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        csv_section(folder, args.records, args.repeat)
        if not args.skip_province:
            province_section(folder, args.repeat)
        if not args.skip_excel:
            excel_section(folder, args.repeat)


if __name__ == "__main__":
    main()
