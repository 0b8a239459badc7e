"""Fuzzing in the suite: mutated seed files either load or raise an AppraisalError, never anything else.

The long campaigns are scripts/fuzz.py; this runs a bounded number of examples per
loader so that CI stays fast, and replays the inputs that once crashed a loader.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraisal.errors import AppraisalError
from tests.io.fuzzing import KINDS, LIMIT, LOADERS, TOKENS, Op, mutate, seed_files

SEEDS = sorted(seed_files())

_op = st.tuples(
    st.sampled_from(KINDS),
    st.floats(0, 1, allow_nan=False),
    st.one_of(st.integers(1, 64), st.sampled_from([101, 400, 999, 1000, 3000, 20000])),
    st.one_of(st.binary(max_size=8), st.sampled_from(TOKENS), st.text(max_size=4).map(str.encode)),
)
operations = st.lists(_op, min_size=1, max_size=4)


def _load_or_refuse(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.write_bytes(data)
    with contextlib.suppress(AppraisalError):
        LOADERS[name](path)


def test_seeds_are_small_and_load(tmp_path: Path) -> None:
    """Every seed is at most 2 kB and loads as it is."""
    for name, data in seed_files().items():
        assert len(data) <= LIMIT, name
        (tmp_path / name).write_bytes(data)
        LOADERS[name](tmp_path / name)


@pytest.mark.parametrize("name", SEEDS)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=operations)
def test_mutated_seed_loads_or_is_refused(
    tmp_path_factory: pytest.TempPathFactory, name: str, ops: list[Op]
) -> None:
    """A seed file with bytes flipped, inserted, deleted, spliced or nested loads or raises AppraisalError."""
    folder = tmp_path_factory.mktemp("fuzz", numbered=True)
    others = [seed_files()[n] for n in SEEDS]
    _load_or_refuse(folder, name, mutate(seed_files()[name], ops, others))


REGRESSIONS: list[tuple[str, str, bytes]] = [
    (
        "integer too large for a float, in TOML",
        "scheme.toml",
        b'raters = ["A"]\ndecimals = 1' + b"0" * 400,
    ),
    (
        "nesting deeper than the recursion limit",
        "whole.json",
        b'{"values": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    ),
    (
        "UTF-16 byte order mark without UTF-16 asked for",
        "long.csv",
        "rater,unit,score\nA,x,1\n".encode("utf-16"),
    ),
]
"""Inputs that once crashed a loader (found by hand or by scripts/fuzz.py)."""


@pytest.mark.parametrize(
    ("name", "data"), [case[1:] for case in REGRESSIONS], ids=[case[0] for case in REGRESSIONS]
)
def test_input_that_once_crashed(tmp_path: Path, name: str, data: bytes) -> None:
    """An input that once crashed a loader now loads or is refused with an AppraisalError."""
    _load_or_refuse(tmp_path, name, data)
