"""Fuzzing the loaders: seed files (each at most 2 kB), the loader of each, and mutations.

Shared by tests/io/test_fuzz.py and scripts/fuzz.py: the example county's files cut
short, a small scheme in TOML and JSON, sheets in every format, and a result written by
``Appraisal.to_json``.
"""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import appraisal as ap
from appraisal.data import HERE

__all__ = ["KINDS", "LIMIT", "LOADERS", "TOKENS", "mutate", "random_ops", "seed_files"]

LIMIT = 2048
"""The largest seed, in bytes."""

SCHEME_TOML = """\
criteria = [
    { name = "经济发展", weight = 0.35 },
    { name = "项目建设", weight = 0.25, scale = [0, 10] },
    { name = "民生服务", weight = 0.4, higher_is_better = true },
]
self_recusal = true
missing = "renormalize"
decimals = 2
tie_break = [["group", "定量考核部门"], ["criterion", "经济发展"]]
caps = { bonus = 3.0, deduction = 5.0 }
tiers = [
    { name = "优秀", share = 0.2 },
    { name = "良好", min_score = 80.0 },
    { name = "一般" },
]

[categories]
"东河镇" = "乡镇"
"西山镇" = "乡镇"
"经济技术开发区" = "开发区"

[[raters]]
name = "定量考核部门"
weight = 0.65
members = [
    "发展和改革局",
    { name = "财政局", rule = { trimmed = 1 }, members = ["甲", "乙", "丙"] },
    { name = "统计局", rule = { trimmed_schedule = [{ up_to = 3, k = 0 }, { k = 1 }] }, members = ["丁", "戊", "己", "庚"] },
]

[[raters]]
name = "其他部门"
weight = 0.35
members = [
    { name = "教育局", rule = "median", members = ["辛", "壬", "癸"] },
    "东河镇",
]
"""

_SCHEME = ap.Scheme(
    [
        ap.RaterGroup("q", 0.6, members=["Finance Bureau", "Audit Office"]),
        ap.RaterGroup("o", 0.4, members=["东河镇"]),
    ],
    [ap.Criterion("economy", 0.6), ap.Criterion("projects", 0.4, scale=(0, 10))],
)
_RECORDS = [
    ("Finance Bureau", "East", "economy", 80),
    ("Audit Office", "East", "economy", 70.5),
    ("东河镇", "West", "economy", 90),
    ("Finance Bureau", "West", "economy", None),
    ("东河镇", "East", "projects", 7.5),
    ("Finance Bureau", "East", "projects", 8),
    ("Audit Office", "West", "projects", 6),
]


def _cut(data: bytes) -> bytes:
    """The whole lines of `data` that fit in LIMIT bytes."""
    if len(data) <= LIMIT:
        return data
    return data[: data.rindex(b"\n", 0, LIMIT) + 1]


@cache
def seed_files() -> dict[str, bytes]:
    """Seed name (its suffix is the file's) to content, each at most LIMIT bytes."""
    sheet = ap.ScoreSheet.from_records(_RECORDS, categories={"East": "town", "West": "zone"})
    result = ap.appraise(
        sheet,
        _SCHEME,
        adjustments=[ap.Adjustment("East", 1.5, "award", evidence="2024-017")],
        vetoes=[ap.Veto("West", "accident")],
    )
    whole = {
        "format": "appraisal.sheet/1",
        "raters": list(sheet.raters),
        "units": list(sheet.units),
        "criteria": list(sheet.criteria),
        "categories": dict(sheet.categories),
        "values": [[[None if v != v else v for v in u] for u in r] for r in sheet.values.tolist()],
    }
    records = {
        "records": [
            list(record)
            if i % 2
            else dict(zip(("rater", "unit", "criterion", "score"), record, strict=True))
            for i, record in enumerate(_RECORDS)
        ]
    }
    long = "rater,unit,criterion,score,category\n" + "".join(
        f"{r},{u},{c},{'' if s is None else s},{'town' if u == 'East' else 'zone'}\n"
        for r, u, c, s in _RECORDS
    )
    with tempfile.TemporaryDirectory() as folder:
        toml_path, json_path = Path(folder, "scheme.toml"), Path(folder, "scheme.json")
        toml_path.write_text(SCHEME_TOML, encoding="utf-8")
        ap.dump_scheme(ap.load_scheme(toml_path), json_path)
        scheme_json = json_path.read_text(encoding="utf-8")
    seeds = {
        "scheme.toml": SCHEME_TOML.encode(),
        "scheme.json": scheme_json.encode(),
        "scores.csv": (HERE / "scores.csv").read_bytes(),
        "long.csv": long.encode(),
        "whole.json": json.dumps(whole, ensure_ascii=False).encode(),
        "records.json": json.dumps(records, ensure_ascii=False).encode(),
        "adjustments.csv": (HERE / "adjustments.csv").read_bytes(),
        "vetoes.csv": (HERE / "vetoes.csv").read_bytes(),
        "result.json": result.to_json().encode(),
    }
    return {name: _cut(data) for name, data in seeds.items()}


@cache
def _example_scheme() -> ap.Scheme:
    return ap.load_scheme(HERE / "scheme.toml")


LOADERS: dict[str, Callable[[Path], object]] = {
    "scheme.toml": ap.load_scheme,
    "scheme.json": ap.load_scheme,
    "scores.csv": lambda path: ap.load_sheet(path, scheme=_example_scheme()),
    "long.csv": lambda path: ap.load_sheet(path, scheme=_SCHEME),
    "whole.json": ap.load_sheet,
    "records.json": lambda path: ap.io.check_sheet(path, _SCHEME),
    "adjustments.csv": ap.load_adjustments,
    "vetoes.csv": lambda path: ap.load_vetoes(path, units=["东河镇", "西山镇"]),
    "result.json": ap.load_result,
}
"""The loader that reads each seed (by its name), given the file's path."""


TOKENS = (
    b"NaN",
    b"Infinity",
    b"-Infinity",
    b"inf",
    b"nan",
    b"-inf",
    b"1e400",
    b"-1e400",
    b"1e-400",
    b"8_0",
    b"0x10",
    b"1" + b"0" * 400,
    b"9" * 5000,
    "８０".encode(),
    "－１．５".encode(),
    b"true",
    b"null",
    b'""',
    b",",
    b"\n",
    b"\r\n",
    b'"',
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    "\u3000".encode(),
    "＝".encode(),
    "\u200b".encode(),
    "缺".encode(),
    b"-",
    b"NA",
    b"=1+1",
    b'"a": 1, "a": 2',
    b"[[raters]]",
    b"members = []",
    b"\\u0000",
    b"\\ud800",
    b"1e",
    b".",
    b"--",
    b"+-1",
    b"1.2.3",
    b"\t",
    b"#",
    b"'''",
    b"{",
    b"}",
    b"[",
    b"]",
)
"""Texts worth inserting: spellings of non-numbers, overflow, separators, quotes, marks."""

Op = tuple[str, float, int, bytes]
"""A mutation: its kind, where (a fraction of the length), a count, and bytes it inserts."""

KINDS = ("flip", "insert", "delete", "duplicate", "splice", "nest", "token", "unicode", "truncate")


def mutate(data: bytes, ops: list[Op], others: list[bytes]) -> bytes:
    """`data` with the `ops` applied in turn; ``splice`` takes bytes from one of `others`."""
    for kind, where, count, payload in ops:
        at = int(where * (len(data) + 1)) if data else 0
        at = min(at, len(data))
        if kind == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (1 << (count % 8))]) + data[at + 1 :]
        elif kind in ("insert", "token", "unicode"):
            data = data[:at] + payload + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + count :]
        elif kind == "duplicate":
            data = data[:at] + data[at : at + count] + data[at:]
        elif kind == "splice" and others:
            other = others[count % len(others)]
            start = int(where * len(other))
            data = data[:at] + other[start : start + max(count, 1) * 7] + data[at:]
        elif kind == "nest":
            opener, closer = (b"[", b"]") if count % 2 else (b'{"a": ', b"}")
            depth = count
            data = data[:at] + opener * depth + payload + closer * depth + data[at:]
        elif kind == "truncate":
            data = data[:at]
    return data


def random_ops(rng: random.Random) -> list[Op]:
    """One to four mutations drawn from `rng`."""
    ops: list[Op] = []
    for _ in range(rng.choice((1, 1, 2, 3, 4))):
        kind = rng.choice(KINDS)
        where = rng.random()
        count = rng.randrange(1, 64)
        payload = b""
        if kind == "insert":
            payload = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        elif kind == "token":
            payload = rng.choice(TOKENS)
        elif kind == "unicode":
            payload = _unicode(rng)
        elif kind == "nest":
            count = rng.choice((3, 50, 99, 100, 101, 150, 400, 999, 1000, 3000, 20000))
            payload = rng.choice((b"", b"1", b"null", b"1e400", b'"x"'))
        ops.append((kind, where, count, payload))
    return ops


def _unicode(rng: random.Random) -> bytes:
    ranges = ((0x20, 0x7F), (0x80, 0x800), (0x3000, 0x3040), (0xFF00, 0xFF60), (0x4E00, 0x9FFF))
    chars = []
    for _ in range(rng.randrange(1, 6)):
        low, high = rng.choice(ranges)
        chars.append(chr(rng.randrange(low, high)))
    text = "".join(chars)
    codec = rng.choice(("utf-8", "utf-8", "utf-8", "gb18030", "utf-16-le"))
    return text.encode(codec, errors="replace")
