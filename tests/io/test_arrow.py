"""Parquet and Arrow (Feather) sheets, and CSV read by pyarrow: round trips, types, the same errors."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

import appraisal as ap
from appraisal.io import check_sheet
from tests.strategies import sheets

pa = pytest.importorskip("pyarrow", reason="the arrow extra is not installed")
pq = pytest.importorskip("pyarrow.parquet", reason="the arrow extra is not installed")

NAN = float("nan")
SHEET = ap.ScoreSheet(
    ["审计局", "财政局"],
    ["东河镇", "西山镇", "开发区"],
    ["民生服务", "经济发展"],
    [[[88.0, NAN], [1e-7, 90.5], [NAN, NAN]], [[-3.25, 70.0], [80.0, 81.0], [100.0, 0.0]]],
    categories={"东河镇": "乡镇", "西山镇": "乡镇"},
    ordered=True,
)


@pytest.mark.parametrize("suffix", [".parquet", ".arrow", ".feather"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    """dump_sheet then load_sheet gives the same sheet: values, labels, categories, a unit nobody scored."""
    path = tmp_path / f"scores{suffix}"
    ap.dump_sheet(SHEET, path)
    again = ap.load_sheet(path, unit_order=SHEET.units)
    assert again == SHEET
    assert again.categories == SHEET.categories


@settings(max_examples=25, deadline=None)
@given(sheets())
def test_round_trip_generated(sheet: ap.ScoreSheet) -> None:
    """Generated sheets survive Parquet, and give what their CSV gives."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        parquet, csv = Path(folder) / "s.parquet", Path(folder) / "s.csv"
        ap.dump_sheet(sheet, parquet)
        ap.dump_sheet(sheet, csv)
        assert ap.load_sheet(parquet, unit_order=sheet.units) == ap.load_sheet(
            csv, unit_order=sheet.units
        )


def write(path: Path, columns: dict[str, object]) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


def test_wide_table_with_chinese_names_and_text_scores(tmp_path: Path) -> None:
    """A wide table with Chinese headers; scores as text go through the number grammar."""
    path = write(
        tmp_path / "s.parquet",
        {
            "评分部门": ["财政局", "审计局"],
            "单位": ["东河镇", "东河镇"],
            "经济发展": ["88", "８０"],
            "民生服务": [90.0, None],
        },
    )
    sheet = ap.load_sheet(path)
    assert sheet.criteria == ("民生服务", "经济发展")
    np.testing.assert_array_equal(sheet.values[:, 0, :], [[NAN, 80.0], [90.0, 88.0]])


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (
            {"rater": ["A"], "unit": [1], "score": [1.0]},
            "s.parquet: column 'unit' must hold text; got int64.",
        ),
        (
            {"rater": ["A"], "unit": ["x"], "score": [True]},
            "s.parquet: column 'score' must hold numbers, or text that reads as numbers; got bool.",
        ),
        (
            {"rater": ["A", "A"], "unit": ["x", "y"], "score": ["1", "9O"]},
            "s.parquet row 2, column 'score': score '9O' for rater 'A', unit 'y', criterion 'score' is not a number; blank, '-', 'NA', 'N/A' or '缺' mark a missing score.",
        ),
        (
            {"rater": ["A", "A"], "unit": ["x", "y"], "score": [1.0, math.inf]},
            "s.parquet row 2, column 'score': score 'inf' for rater 'A', unit 'y', criterion 'score' is not a finite number; blank, '-', 'NA', 'N/A' or '缺' mark a missing score.",
        ),
        (
            {"rater": ["A", None], "unit": ["x", "y"], "score": [1.0, 2.0]},
            "s.parquet row 2, column 'rater': the rater must be a non-empty name; got ''.",
        ),
        (
            {"rater": ["A", "A"], "unit": ["x", "x"], "score": [1.0, 2.0]},
            "s.parquet row 2: repeats row 1 for rater 'A', unit 'x', criterion 'score'; each (rater, unit, criterion) is scored once.",
        ),
    ],
    ids=[
        "label not text",
        "boolean scores",
        "text not a number",
        "infinity",
        "null rater",
        "repeat",
    ],
)
def test_bad_tables_name_the_column_or_row(
    tmp_path: Path, columns: dict[str, object], message: str
) -> None:
    """Wrong column types name the column; bad cells name the row and column."""
    path = write(tmp_path / "s.parquet", columns)
    with pytest.raises(ap.InputError, match=re.escape(message)):
        ap.load_sheet(path)


def test_check_sheet_lists_rows(tmp_path: Path) -> None:
    """check_sheet names each problem's row."""
    path = write(
        tmp_path / "s.parquet", {"rater": ["A", "Z"], "unit": ["x", "y"], "score": [120.0, 2.0]}
    )
    scheme = ap.Scheme(["A"], [ap.Criterion("score")])
    problems = [p.message.removeprefix(f"{tmp_path}/") for p in check_sheet(path, scheme).problems]
    assert (
        problems[:2]
        == [
            "s.parquet row 1, column 'score': score 120 for rater 'A', unit 'x', criterion 'score' is outside its scale 0..100.",
            "s.parquet row 2: rater 'Z' is not in the scheme; the scheme's raters are 'A'.",
        ]
        or problems
    )


def test_not_a_table(tmp_path: Path) -> None:
    """A file that is not Parquet is named."""
    path = tmp_path / "s.parquet"
    path.write_bytes(b"rater,unit,score\n")
    with pytest.raises(
        ap.InputError,
        match=re.escape("s.parquet: the file must be a Parquet or Arrow (Feather) table"),
    ):
        ap.load_sheet(path)


CSV_CASES = {
    "pyarrow null spellings are cells": "rater,unit,score\nA,x,#N/A\n",
    "null and nan": "rater,unit,score\nA,x,NULL\nB,x,nan\n",
    "a marker that reads as a number": "rater,unit,score\nA,x,0\nB,x,5\n",
    "blank and marked": "rater,unit,score\nA,x,\nB,x,-\nC,x,缺\nD,x, 7 \n",
    "full-width": "rater,unit,score\nA,x,８０\n",
    "overflow": "rater,unit,score\nA,x,1e400\n",
    "blank row": "rater,unit,score\nA,x,1\n,,\nB,x,2\n",
    "wide with category": "rater,unit,category,c1,c2\nA,x,乡镇,1,2\nB,x,乡镇,3,\n",
    "ragged": "rater,unit,score\nA,x,1\nB,x\n",
    "quoted": 'rater,unit,score\n"A, B",x,1\n',
    "gb18030": "评分部门,被考核单位,得分\n财政局,东河镇,88\n",
}


@pytest.mark.parametrize("text", CSV_CASES.values(), ids=CSV_CASES.keys())
def test_arrow_engine_gives_what_python_gives(tmp_path: Path, text: str) -> None:
    """engine="arrow" reads the same sheet, or fails with the same message, as engine="python"."""
    path = tmp_path / "s.csv"
    path.write_bytes(text.encode("gb18030" if "评分" in text else "utf-8"))
    missing = (*ap.io.MISSING, "0") if "number" in text else ap.io.MISSING

    def outcome(engine: str) -> object:
        try:
            sheet = ap.load_sheet(path, engine=engine, missing=missing)
        except ap.AppraisalError as error:
            return str(error)
        return sheet.raters, sheet.units, sheet.criteria, sheet.values.tolist(), sheet.categories

    assert repr(outcome("arrow")) == repr(outcome("python"))


def test_engine_must_be_known(tmp_path: Path) -> None:
    """An unknown engine is named."""
    path = tmp_path / "s.csv"
    path.write_text("rater,unit,score\nA,x,1\n", encoding="utf-8")
    message = "load_sheet: engine must be one of 'auto', 'python', 'arrow'; got 'pandas'."
    with pytest.raises(ap.InputError, match=re.escape(message)):
        ap.load_sheet(path, engine="pandas")


@pytest.mark.parametrize(
    "text",
    [
        "rater,unit,score\nA,x,1\n\nZ,y,2\nA,y,120\n",
        "rater,unit,score\r\nA,x,1\r\nZ,y,2\r\nA,y,120\r\nA,x,3\r\n",
    ],
    ids=["an empty line above the problems", "crlf"],
)
def test_arrow_engine_names_the_same_lines(tmp_path: Path, text: str) -> None:
    """Problems found after reading (a rater the scheme lacks, a scale, a repeat) name the same lines."""
    path = tmp_path / "s.csv"
    path.write_text(text, encoding="utf-8", newline="")
    scheme = ap.Scheme(["A"], [ap.Criterion("score")])

    def messages(engine: str) -> list[str]:
        return [p.message for p in check_sheet(path, scheme, engine=engine).problems]

    assert messages("arrow") == messages("python")
    assert any("line 4" in m for m in messages("python"))
