"""The fast paths of CSV reading (bulk splitting, pyarrow) give what csv.reader gives: the same sheet, the same first error."""

from __future__ import annotations

import importlib.util
import math
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import appraisal as ap
from appraisal.io import check_sheet, csvsheet

HEADERS = ["rater,unit,criterion,score", "rater,unit,c1,c2", "rater,unit,score,category"]
CELLS = ["", "A", "B", "x", "y", "1", "2.5", " 3", "-", "NA", "９", "1e400", "a\x00", "c1", "乡镇"]
QUOTED = ['"A"', '"1,5"', '"x\ny"', 'x"y']
ENDS = ["\n", "\r\n", "\r"]


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """A header and rows of cells, a few quoted: some rows short or long or blank, mixed line ends."""
    header = draw(st.sampled_from(HEADERS))
    width = header.count(",") + 1
    end = draw(st.sampled_from(ENDS))
    lines = [header]
    for _ in range(draw(st.integers(0, 12))):
        size = draw(st.sampled_from([width] * 6 + [width - 1, width + 1, 0]))
        cells = (
            st.sampled_from(CELLS + QUOTED)
            if draw(st.integers(0, 9)) == 0
            else st.sampled_from(CELLS)
        )
        lines.append(",".join(draw(st.lists(cells, min_size=size, max_size=size))))
    mixed = [draw(st.sampled_from([end] * 5 + ENDS)) for _ in lines]
    text = "".join(line + mark for line, mark in zip(lines, mixed, strict=True))
    return text if draw(st.booleans()) else text.rstrip("\r\n")


SCHEME = ap.Scheme(["A", "B"], [ap.Criterion("c1"), ap.Criterion("c2"), ap.Criterion("score")])


def outcome(path: Path, engine: str = "python") -> Any:
    """What loading gives, comparable: the sheet's parts or the error, and check_sheet's messages."""
    try:
        checked = [p.message for p in check_sheet(path, SCHEME, engine=engine).problems]
    except ap.AppraisalError as error:
        checked = [str(error)]
    try:
        sheet = ap.load_sheet(path, engine=engine)
    except ap.AppraisalError as error:
        return type(error).__name__, str(error), checked
    values = [None if math.isnan(v) else v for v in sheet.values.ravel().tolist()]
    return sheet.raters, sheet.units, sheet.criteria, values, sheet.categories, checked


ENGINES = ["python", *(["arrow"] if importlib.util.find_spec("pyarrow") else [])]


def both(text: str, encoding: str = "utf-8") -> tuple[Any, Any]:
    """The fast paths' outcomes (the standard library's in small blocks, pyarrow's) and csv.reader's."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scores.csv"
        path.write_bytes(text.encode(encoding))
        with mock.patch.object(csvsheet, "_CHUNK", 16):
            fast = [outcome(path, engine) for engine in ENGINES]
        with (
            mock.patch.object(csvsheet, "_read_utf8", return_value=None),
            mock.patch.object(csvsheet, "_has_quote", return_value=True),
        ):
            slow = outcome(path)
    return fast, [slow] * len(ENGINES)


@settings(max_examples=300, deadline=None)
@given(csv_texts())
def test_plain_path_reads_as_csv_reader(text: str) -> None:
    """Any file: same sheet or same error as csv.reader, block boundaries anywhere, quotes or not."""
    fast, slow = both(text)
    assert fast == slow


@pytest.mark.parametrize(
    "text",
    [
        "rater,unit,score\r\nA,x,1\r\nB,y,2",
        "rater,unit,score\rA,x,1\rB,y,2\r",
        "rater,unit,score\n\nA,x,1\n,,\nB,y,2\n\n",
        "\ufeffrater,unit,score\nA,x,1\n",
        "rater,unit,score\nA,x,1,\nB,y\n",
        "rater,unit,score\nA,x\x00,1\n",
    ],
    ids=["crlf, last line open", "cr", "blank lines and rows", "bom", "ragged", "nul"],
)
def test_plain_path_cases(text: str) -> None:
    """Line ends of every kind, blank lines, a byte order mark, ragged rows, a NUL."""
    fast, slow = both(text)
    assert fast == slow


def test_gb18030_file() -> None:
    """A GB18030 file reads the same by both paths."""
    fast, slow = both("评分部门,被考核单位,得分\n财政局,东河镇,88\n", "gb18030")
    assert fast == slow
    assert fast[0][0] == ("财政局",)
