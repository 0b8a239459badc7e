"""Long fuzzing campaigns over the loaders: mutated seed files must load or raise AppraisalError.

Each input is a seed file of tests/io/fuzzing.py (the example county's files cut to
2 kB, a small scheme in TOML and JSON, sheets in every format, a result written by
``Appraisal.to_json``) with one to four byte mutations: bit flips, inserted bytes and
tokens (``NaN``, ``1e400``, ``8_0``, full-width digits, byte order marks ...),
deletions, duplicated and spliced chunks, deep nesting, random Unicode in several
encodings, truncation. The input is written to a file and its loader called; any
exception other than an ``AppraisalError`` (warnings count as exceptions) is a crash:
printed with its loader, counted, and the input saved in the crash directory with its
traceback beside it.

With atheris installed the inputs are chosen by coverage-guided libFuzzer with these
mutations as its custom mutator; without it, by a seeded random mutator (the same
``--seed`` gives the same inputs). The campaign stops after ``--inputs`` inputs or
``--minutes`` CPU-minutes, whichever comes first, and prints the inputs run, the CPU
time and the crashes::

    nice -n 19 python scripts/fuzz.py --inputs 1000000 --minutes 60
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.io.fuzzing import LOADERS, mutate, random_ops, seed_files  # noqa: E402

from appraisal.errors import AppraisalError, AppraisalWarning  # noqa: E402


class Campaign:
    """The state of one campaign: counts, crashes, and where inputs and crashes go."""

    def __init__(self, folder: Path, crashes: Path, inputs: int, minutes: float) -> None:
        self.folder, self.crashes = folder, crashes
        self.limit, self.budget = inputs, minutes * 60
        self.seeds = seed_files()
        self.names = sorted(self.seeds)
        self.run = 0
        self.found: Counter[str] = Counter()
        self.loaded: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.slowest = (0.0, "")
        self.started = time.process_time()

    def cpu(self) -> float:
        """CPU seconds spent so far."""
        return time.process_time() - self.started

    def done(self) -> bool:
        """Whether the input count or the CPU budget is reached."""
        return self.run >= self.limit or self.cpu() >= self.budget

    def one(self, name: str, data: bytes) -> None:
        """Load `data` as the seed `name`; note a crash."""
        path = self.folder / name
        path.write_bytes(data)
        load: Callable[[Path], object] = LOADERS[name]
        self.run += 1
        start = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                warnings.simplefilter("ignore", AppraisalWarning)
                load(path)
        except AppraisalError:
            self.refused[name] += 1
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt):
                raise
            self.crash(name, data, error)
        else:
            self.loaded[name] += 1
        took = time.perf_counter() - start
        if took > self.slowest[0]:
            self.slowest = (took, name)

    def crash(self, name: str, data: bytes, error: BaseException) -> None:
        """Save the input and its traceback; print the first of each kind."""
        frame = traceback.extract_tb(error.__traceback__)[-1]
        kind = f"{name}: {type(error).__name__} at {Path(frame.filename).name}:{frame.lineno}"
        self.found[kind] += 1
        digest = hashlib.sha1(data).hexdigest()[:12]
        stem = f"{Path(name).stem}-{type(error).__name__}-{digest}"
        self.crashes.mkdir(parents=True, exist_ok=True)
        (self.crashes / f"{stem}{Path(name).suffix}").write_bytes(data)
        report = "".join(traceback.format_exception(error))
        (self.crashes / f"{stem}.txt").write_text(f"loader of {name}\n{report}", encoding="utf-8")
        if self.found[kind] == 1:
            print(f"CRASH {kind}: {error!r:.300}  -> {self.crashes / stem}", flush=True)

    def report(self) -> str:
        """The summary: inputs, CPU time, crashes by kind."""
        lines = [
            f"inputs run: {self.run}",
            f"CPU time: {self.cpu() / 60:.1f} minutes ({self.cpu():.0f} s)",
            f"slowest input: {self.slowest[0]:.3f} s ({self.slowest[1]})",
            "loaded / refused by seed: "
            + ", ".join(f"{n} {self.loaded[n]}/{self.refused[n]}" for n in self.names),
            f"crashes: {sum(self.found.values())} ({len(self.found)} kinds)",
            *(f"  {count} x {kind}" for kind, count in self.found.most_common()),
        ]
        return "\n".join(lines)


def run_random(campaign: Campaign, seed: int) -> None:
    """The seeded random mutator: a seed file, then one to four mutations."""
    rng = random.Random(seed)
    others = [campaign.seeds[n] for n in campaign.names]
    every = max(campaign.limit // 100, 1000)
    while not campaign.done():
        name = rng.choice(campaign.names)
        campaign.one(name, mutate(campaign.seeds[name], random_ops(rng), others))
        if campaign.run % every == 0:
            print(f"... {campaign.run} inputs, {campaign.cpu() / 60:.1f} CPU-minutes", flush=True)


def run_atheris(campaign: Campaign, seed: int) -> None:  # pragma: no cover - needs atheris
    """Coverage-guided: libFuzzer picks inputs; the first byte names the seed file."""
    import atheris

    names = campaign.names
    others = [campaign.seeds[n] for n in names]

    def test_one(data: bytes) -> None:
        if campaign.done():
            print(campaign.report(), flush=True)
            os._exit(1 if campaign.found else 0)
        if data:
            campaign.one(names[data[0] % len(names)], data[1:])

    def mutator(data: bytes, max_size: int, state: int) -> bytes:
        rng = random.Random(state)
        if not data or rng.random() < 0.05:
            index = rng.randrange(len(names))
            data = bytes([index]) + campaign.seeds[names[index]]
        head, body = data[:1], data[1:]
        return head + mutate(body, random_ops(rng), others)[: max(max_size - 1, 0)]

    corpus = campaign.folder / "corpus"
    corpus.mkdir(exist_ok=True)
    for index, name in enumerate(names):
        (corpus / name).write_bytes(bytes([index]) + campaign.seeds[name])
    argv = [sys.argv[0], str(corpus), f"-seed={seed + 1}", "-max_len=32768", "-rss_limit_mb=4096"]
    atheris.instrument_all()
    atheris.Setup(argv, test_one, custom_mutator=mutator)
    atheris.Fuzz()


def main() -> int:
    """Run a campaign; exit 1 when it found a crash."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="stop after N inputs")
    parser.add_argument("--minutes", type=float, default=10.0, help="stop after M CPU-minutes")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random mutator")
    parser.add_argument(
        "--crashes", type=Path, default=Path("fuzz-crashes"), help="where crashing inputs go"
    )
    parser.add_argument("--engine", choices=("auto", "atheris", "random"), default="auto")
    args = parser.parse_args()
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
        except ImportError:
            engine = "random"
        else:  # pragma: no cover - needs atheris
            engine = "atheris"
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as folder:
        campaign = Campaign(Path(folder), args.crashes, args.inputs, args.minutes)
        print(f"engine: {engine}; seeds: {', '.join(campaign.names)}", flush=True)
        try:
            (run_atheris if engine == "atheris" else run_random)(campaign, args.seed)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
        print(campaign.report(), flush=True)
    return 1 if campaign.found else 0


if __name__ == "__main__":
    sys.exit(main())
