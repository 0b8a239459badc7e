"""Files built to break a loader: deep nesting, undecodable text, overflow, odd numbers, repeated keys, paths that are not files.

Each is refused with its class and a message that names the file and the culprit (the
key, the text, the line or what the path is); full-width digits, which some spreadsheet
exports write, are read as numbers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import appraisal as ap

DEEP = "objects and lists must nest at most 100 levels deep"
TOO_LARGE = "a number must be finite as a float (at most about 1.8e308)"
MARKERS = "blank, '-', 'NA', 'N/A' or '缺' mark a missing score"
RESULT = ap.appraise(ap.ScoreSheet.from_records([("A", "x", "score", 80)]), ap.Scheme(["A"]))


def scheme(name: str) -> Callable[[], object]:
    return lambda: ap.load_scheme(name)


def sheet(name: str, **options: Any) -> Callable[[], object]:
    return lambda: ap.load_sheet(name, **options)


def adjustments(name: str, **options: Any) -> Callable[[], object]:
    return lambda: ap.load_adjustments(name, **options)


def vetoes(name: str, **options: Any) -> Callable[[], object]:
    return lambda: ap.load_vetoes(name, **options)


def result(name: str) -> Callable[[], object]:
    return lambda: ap.load_result(name)


def nested(depth: int, inner: str = "") -> str:
    return "[" * depth + inner + "]" * depth


def score(text: str) -> bytes:
    return f"rater,unit,score\nA,x,{text}\n".encode()


def points(text: str) -> bytes:
    return f"unit,kind,points,reason\nx,bonus,{text},award\n".encode()


def said(text: str, problem: str = "is not a number") -> str:
    return f"scores.csv line 2: score {text!r} for rater 'A', unit 'x', criterion 'score' {problem}; {MARKERS}."


Content = bytes | str
"""Bytes to write; or "directory", "device" or "pipe" for a path that is not a regular file."""

CATALOGUE: list[tuple[str, str, Content, Callable[[], object], type[Exception], str]] = [
    # --- deep nesting
    (
        "scheme JSON nested 5000 deep",
        "scheme.json",
        f'{{"raters": {nested(5000)}}}'.encode(),
        scheme("scheme.json"),
        ap.SchemeError,
        f"scheme.json: {DEEP} in JSON; got deeper.",
    ),
    (
        "scheme JSON nested 300 deep",
        "scheme.json",
        f'{{"raters": {nested(300, "1")}}}'.encode(),
        scheme("scheme.json"),
        ap.SchemeError,
        f"scheme.json: {DEEP} in JSON; got deeper.",
    ),
    (
        "scheme TOML arrays nested 3000 deep",
        "scheme.toml",
        f"raters = {nested(3000)}\n".encode(),
        scheme("scheme.toml"),
        ap.SchemeError,
        f"scheme.toml: {DEEP} in TOML; got deeper.",
    ),
    (
        "scheme TOML inline tables nested 400 deep",
        "scheme.toml",
        ("x = " + "{a = " * 400 + "1" + "}" * 400 + "\n").encode(),
        scheme("scheme.toml"),
        ap.SchemeError,
        f"scheme.toml: {DEEP} in TOML; got deeper.",
    ),
    (
        "sheet JSON records nested 5000 deep",
        "scores.json",
        f'{{"records": {nested(5000)}}}'.encode(),
        sheet("scores.json"),
        ap.ScoreError,
        f"scores.json: {DEEP} in JSON; got deeper.",
    ),
    (
        "sheet JSON values nested 300 deep",
        "scores.json",
        f'{{"raters": ["A"], "units": ["x"], "criteria": ["c"], "values": {nested(300, "1")}}}'.encode(),
        sheet("scores.json"),
        ap.ScoreError,
        f"scores.json: {DEEP} in JSON; got deeper.",
    ),
    (
        "result JSON nested 5000 deep",
        "result.json",
        f'{{"format": {nested(5000)}}}'.encode(),
        result("result.json"),
        ap.InputError,
        f"result.json: {DEEP} in JSON; got deeper.",
    ),
    # --- encodings
    (
        "UTF-16 asked for, no byte order mark",
        "scores.csv",
        "rater,unit,score\nA,x,1\n".encode("utf-16-le"),
        sheet("scores.csv", encoding="utf-16"),
        ap.InputError,
        "scores.csv line 1: text must decode as 'utf-16'; got no byte order mark; name utf-16-le or utf-16-be for a file without one.",
    ),
    (
        "UTF-16 with an odd byte count",
        "scores.csv",
        "rater,unit,score\nA,x,1\n".encode("utf-16") + b"x",
        sheet("scores.csv", encoding="utf-16"),
        ap.InputError,
        "scores.csv line 3: text must decode as 'utf-16'; got the byte(s) b'x'.",
    ),
    (
        "UTF-32 asked for, no byte order mark",
        "vetoes.csv",
        "unit,reason\nx,accident\n".encode("utf-16-le"),
        vetoes("vetoes.csv", encoding="utf-32"),
        ap.InputError,
        "vetoes.csv line 1: text must decode as 'utf-32'; got no byte order mark",
    ),
    (
        "a codec that is not a text codec",
        "adjustments.csv",
        points("2"),
        adjustments("adjustments.csv", encoding="hex"),
        ap.InputError,
        "adjustments.csv: encoding must be a text codec, such as 'utf-8' or 'gb18030'; got 'hex', which is not one.",
    ),
    # --- overflow
    (
        "sheet JSON score 1e400",
        "scores.json",
        b'{"records": [["A", "x", "c", 1e400]]}',
        sheet("scores.json"),
        ap.ScoreError,
        f"scores.json: records[0][3]: {TOO_LARGE}; got one too large.",
    ),
    (
        "scheme JSON weight 1e400",
        "scheme.json",
        b'{"raters": ["A"], "criteria": [{"name": "c", "weight": 1e400}]}',
        scheme("scheme.json"),
        ap.SchemeError,
        f"scheme.json: criteria[0].weight: {TOO_LARGE}; got one too large.",
    ),
    (
        "result JSON -1e400",
        "result.json",
        b'{"format": "appraisal.result/1",\n "base": [-1e400]}',
        result("result.json"),
        ap.InputError,
        f"result.json: base[0]: {TOO_LARGE}; got one too large.",
    ),
    (
        "scheme JSON integer of 401 digits",
        "scheme.json",
        ('{"raters": ["A"],\n "decimals": 1' + "0" * 400 + "}").encode(),
        scheme("scheme.json"),
        ap.SchemeError,
        f"scheme.json line 2: {TOO_LARGE}; got an integer of 401 digits.",
    ),
    (
        "scheme JSON integer of 5001 digits",
        "scheme.json",
        ('{"raters": ["A"], "decimals": 1' + "0" * 5000 + "}").encode(),
        scheme("scheme.json"),
        ap.SchemeError,
        f"scheme.json line 1: {TOO_LARGE}; got an integer of 5001 digits.",
    ),
    (
        "scheme TOML integer of 401 digits",
        "scheme.toml",
        ('raters = ["A"]\ndecimals = 1' + "0" * 400 + "\n").encode(),
        scheme("scheme.toml"),
        ap.SchemeError,
        f"scheme.toml: decimals: {TOO_LARGE}; got one too large.",
    ),
    (
        "scheme TOML integer of 5001 digits",
        "scheme.toml",
        ('raters = ["A"]\ndecimals = 1' + "0" * 5000 + "\n").encode(),
        scheme("scheme.toml"),
        ap.SchemeError,
        f"scheme.toml line 2: {TOO_LARGE}; got an integer of more than 4000 digits.",
    ),
    (
        "scheme TOML weight 1e400",
        "scheme.toml",
        b'raters = ["A"]\n[[criteria]]\nname = "c"\nweight = 1e400\n',
        scheme("scheme.toml"),
        ap.SchemeError,
        "scheme.toml line 4: a number must be finite; got '1e400'.",
    ),
    (
        "scheme TOML weight inf",
        "scheme.toml",
        b'raters = ["A"]\n[[criteria]]\nname = "c"\nweight = inf\n',
        scheme("scheme.toml"),
        ap.SchemeError,
        "scheme.toml line 4: a number must be finite; got 'inf'.",
    ),
    (
        "scheme TOML weight nan",
        "scheme.toml",
        b'raters = ["A"]\n[[criteria]]\nname = "c"\nweight = -nan\n',
        scheme("scheme.toml"),
        ap.SchemeError,
        "scheme.toml line 4: a number must be finite; got '-nan'.",
    ),
    (
        "CSV score 1e400",
        "scores.csv",
        score("1e400"),
        sheet("scores.csv"),
        ap.ScoreError,
        said("1e400", "is not a finite number"),
    ),
    (
        "CSV score of 400 nines",
        "scores.csv",
        score("9" * 400),
        sheet("scores.csv"),
        ap.ScoreError,
        said("9" * 400, "is not a finite number"),
    ),
    # --- paths that are not regular files
    (
        "a directory as a score sheet",
        "scores.csv",
        "directory",
        sheet("scores.csv"),
        ap.InputError,
        "scores.csv: the path must name a regular file; got a directory.",
    ),
    (
        "a directory as a scheme",
        "scheme.toml",
        "directory",
        scheme("scheme.toml"),
        ap.InputError,
        "scheme.toml: the path must name a regular file; got a directory.",
    ),
    (
        "a directory as a result",
        "result.json",
        "directory",
        result("result.json"),
        ap.InputError,
        "result.json: the path must name a regular file; got a directory.",
    ),
    (
        "a directory as adjustments",
        "adjustments.csv",
        "directory",
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv: the path must name a regular file; got a directory.",
    ),
    (
        "/dev/zero as a score sheet",
        "scores.csv",
        "device",
        sheet("scores.csv"),
        ap.InputError,
        "scores.csv: the path must name a regular file; got a character device.",
    ),
    (
        "/dev/zero as a scheme",
        "scheme.json",
        "device",
        scheme("scheme.json"),
        ap.InputError,
        "scheme.json: the path must name a regular file; got a character device.",
    ),
    (
        "a named pipe as vetoes",
        "vetoes.csv",
        "pipe",
        vetoes("vetoes.csv"),
        ap.InputError,
        "vetoes.csv: the path must name a regular file; got a named pipe.",
    ),
    # --- numbers in CSV cells
    ("score 8_0", "scores.csv", score("8_0"), sheet("scores.csv"), ap.ScoreError, said("8_0")),
    (
        "wide score 1_000.5",
        "scores.csv",
        b"rater,unit,economy,projects\nA,x,1,1_000.5\n",
        sheet("scores.csv"),
        ap.ScoreError,
        f"scores.csv line 2: score '1_000.5' for rater 'A', unit 'x', criterion 'projects' is not a number; {MARKERS}.",
    ),
    ("score nan", "scores.csv", score("nan"), sheet("scores.csv"), ap.ScoreError, said("nan")),
    ("score NaN", "scores.csv", score("NaN"), sheet("scores.csv"), ap.ScoreError, said("NaN")),
    (
        "score -Infinity",
        "scores.csv",
        score("-Infinity"),
        sheet("scores.csv"),
        ap.ScoreError,
        said("-Infinity", "is not a finite number"),
    ),
    (
        "score +INF",
        "scores.csv",
        score("+INF"),
        sheet("scores.csv"),
        ap.ScoreError,
        said("+INF", "is not a finite number"),
    ),
    ("score in hex", "scores.csv", score("0x50"), sheet("scores.csv"), ap.ScoreError, said("0x50")),
    (
        "score in Arabic-Indic digits",
        "scores.csv",
        score("٨٠"),
        sheet("scores.csv"),
        ap.ScoreError,
        said("٨٠"),
    ),
    (
        "score with a typographic minus",
        "scores.csv",
        score("−5"),
        sheet("scores.csv"),
        ap.ScoreError,
        said("−5"),
    ),
    (
        "points 8_0",
        "adjustments.csv",
        points("8_0"),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 2: points must be a number, such as 2 or 1.5; got '8_0'.",
    ),
    (
        "points nan",
        "adjustments.csv",
        points("nan"),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 2: points must be a number, such as 2 or 1.5; got 'nan'.",
    ),
    (
        "points Infinity",
        "adjustments.csv",
        points("Infinity"),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 2: points must be a finite number >= 0 (a deduction is written with positive points and kind 'deduction'); got 'Infinity'.",
    ),
    (
        "points 1e400",
        "adjustments.csv",
        points("1e400"),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 2: points must be a finite number >= 0",
    ),
    # --- repeated keys and constants in JSON
    (
        "scheme JSON key twice in a group",
        "scheme.json",
        b'{"raters": [{"name": "g", "weight": 1, "weight": 2, "members": ["A"]}]}',
        scheme("scheme.json"),
        ap.SchemeError,
        "scheme.json: raters[0]: key 'weight' appears twice; a JSON object names each key once.",
    ),
    (
        "scheme JSON key twice at the top",
        "scheme.json",
        b'{"raters": ["A"], "raters": ["B"]}',
        scheme("scheme.json"),
        ap.SchemeError,
        "scheme.json: key 'raters' appears twice in the top-level object; a JSON object names each key once.",
    ),
    (
        "sheet JSON key twice at the top",
        "scores.json",
        b'{"records": [], "records": [["A", "x", "c", 1]]}',
        sheet("scores.json"),
        ap.ScoreError,
        "scores.json: key 'records' appears twice in the top-level object; a JSON object names each key once.",
    ),
    (
        "sheet JSON key twice in a record",
        "scores.json",
        b'{"records": [["A", "x", "c", 1], {"rater": "A", "unit": "y", "score": 1, "score": 2}]}',
        sheet("scores.json"),
        ap.ScoreError,
        "scores.json: records[1]: key 'score' appears twice; a JSON object names each key once.",
    ),
    (
        "sheet JSON category given twice",
        "scores.json",
        b'{"records": [["A", "x", "c", 1]], "categories": {"x": "town", "x": "zone"}}',
        sheet("scores.json"),
        ap.ScoreError,
        "scores.json: categories: key 'x' appears twice; a JSON object names each key once.",
    ),
    (
        "result JSON key twice",
        "result.json",
        b'{"format": "appraisal.result/1", "base": [1], "base": [2]}',
        result("result.json"),
        ap.InputError,
        "result.json: key 'base' appears twice in the top-level object; a JSON object names each key once.",
    ),
    (
        "scheme JSON Infinity, on its line",
        "scheme.json",
        b'{"raters": ["A"],\n "criteria": [\n  {"name": "c", "weight": Infinity}]}',
        scheme("scheme.json"),
        ap.SchemeError,
        "scheme.json line 3: Infinity is not JSON; a scheme holds finite numbers only.",
    ),
    (
        "sheet JSON -Infinity in values",
        "scores.json",
        b'{"raters": ["A"], "units": ["x"], "criteria": ["c"],\n "values": [[[-Infinity]]]}',
        sheet("scores.json"),
        ap.ScoreError,
        "scores.json line 2: -Infinity is not JSON; write null for a missing score.",
    ),
]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write(name: str, content: Content) -> None:
    if content == "directory":
        os.mkdir(name)
    elif content == "device":
        os.symlink("/dev/zero", name)
    elif content == "pipe":
        os.mkfifo(name)
    else:
        assert isinstance(content, bytes)
        Path(name).write_bytes(content)


@pytest.mark.parametrize(
    ("name", "content", "load", "error", "message"),
    [case[1:] for case in CATALOGUE],
    ids=[case[0] for case in CATALOGUE],
)
def test_bad_input(
    folder: Path,
    name: str,
    content: Content,
    load: Callable[[], object],
    error: type[Exception],
    message: str,
) -> None:
    """Each bad file is refused with its class and a message naming the file and the culprit."""
    _write(name, content)
    loaded: list[object] = []
    with pytest.raises(error, match=re.escape(message)):
        loaded.append(load())
    assert loaded == []


def test_catalogue_is_large_enough() -> None:
    """At least twenty-five bad inputs, each named once, each message naming its file."""
    names = [case[0] for case in CATALOGUE]
    assert len(names) >= 25
    assert len(set(names)) == len(names)
    assert all(case[5].startswith(case[1]) for case in CATALOGUE)


def test_full_width_numbers_are_read(folder: Path) -> None:
    """Full-width digits, minus and point (as some spreadsheet exports write them) are numbers."""
    Path("scores.csv").write_text(
        "rater,unit,economy,projects\nA,x,８０,－５．５\nA,y,\u3000９０\u3000,１ｅ１\n",
        encoding="utf-8",
    )
    assert ap.load_sheet("scores.csv").values.tolist() == [[[80.0, -5.5], [90.0, 10.0]]]
    Path("adjustments.csv").write_bytes(points("２．５"))
    assert ap.load_adjustments("adjustments.csv")[0].points == 2.5


def test_a_marker_that_reads_as_a_number_still_marks_a_missing_score(folder: Path) -> None:
    """missing=["999"] makes 999 a missing score, even in a column of plain numbers."""
    Path("scores.csv").write_text("rater,unit,score\nA,x,999\nA,y,88\n", encoding="utf-8")
    values = ap.load_sheet("scores.csv", missing=["999"]).values.ravel().tolist()
    assert values[1] == 88.0
    assert values[0] != values[0]


def test_missing_file_is_still_file_not_found(folder: Path) -> None:
    """A path with nothing there stays a FileNotFoundError, as documented."""
    for load in (sheet("none.csv"), scheme("none.toml"), result("none.json"), vetoes("none.csv")):
        with pytest.raises(FileNotFoundError):
            load()


def test_what_the_library_writes_reads_back(folder: Path) -> None:
    """The strict JSON reader accepts the result files and sheets the library writes."""
    sheet_in = ap.ScoreSheet.from_records([("A", "x", "c", 1e300), ("A", "y", "c", None)])
    ap.dump_sheet(sheet_in, "scores.json")
    assert ap.load_sheet("scores.json") == sheet_in
    Path("result.json").write_text(RESULT.to_json(), encoding="utf-8")
    assert ap.load_result("result.json") == RESULT
