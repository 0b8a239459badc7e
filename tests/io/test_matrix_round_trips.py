"""Matrix sheets load equal to the long form, in every file format, transposed or not, and from frames."""

from __future__ import annotations

import csv
import importlib.util
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings

import appraisal as ap
from appraisal.io.headers import ALIASES, header_key
from appraisal.io.layouts import TITLE_FORBIDDEN
from appraisal.io.parse import parse_number
from appraisal.model.matrix import tally
from tests.strategies import sheets

SUFFIXES = [
    ".csv",
    *([".xlsx"] if importlib.util.find_spec("python_calamine") else []),
    *([".parquet", ".feather"] if importlib.util.find_spec("pyarrow") else []),
]


def matrix_ready(sheet: ap.ScoreSheet) -> bool:
    """Labels a matrix can carry: no rater or unit named like a key column or a total."""
    heads = [*sheet.raters, *sheet.units]
    return not any(header_key(h) in ALIASES or tally(h) for h in heads)


def titles_ready(sheet: ap.ScoreSheet) -> bool:
    """Criteria that can title worksheets."""
    folded = [c.casefold() for c in sheet.criteria]
    return (
        len(set(folded)) == len(folded)
        and all(
            len(c) <= 31 and not set(c) & set(TITLE_FORBIDDEN) and c[0] != "'" != c[-1]
            for c in sheet.criteria
        )
        and "history" not in folded
    )


@settings(max_examples=30, deadline=None)
@given(sheets())
def test_dump_matrix_round_trips(sheet: ap.ScoreSheet) -> None:
    """dump_sheet(layout='matrix') reads back, with layout='matrix' only, as the same sheet."""
    assume(matrix_ready(sheet))
    with tempfile.TemporaryDirectory() as folder:
        for suffix in SUFFIXES:
            if suffix == ".xlsx" and not titles_ready(sheet):
                continue
            path = Path(folder) / f"m{suffix}"
            ap.dump_sheet(sheet, path, layout="matrix")
            assert ap.load_sheet(path, layout="matrix") == sheet, suffix


@settings(max_examples=30, deadline=None)
@given(sheets())
def test_transposed_csv_loads_equal(sheet: ap.ScoreSheet) -> None:
    """A CSV with a criterion and a rater column and a column per unit is the same sheet."""
    assume(matrix_ready(sheet))
    assume(not sheet.categories)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        with open(path, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["criterion", "rater", *sheet.units])
            for c, criterion in enumerate(sheet.criteria):
                for r, rater in enumerate(sheet.raters):
                    cells = ["" if v != v else repr(v) for v in sheet.values[r, :, c].tolist()]
                    writer.writerow([criterion, rater, *cells])
        assert ap.load_sheet(path, layout="matrix") == sheet


@settings(max_examples=20, deadline=None)
@given(sheets())
def test_one_worksheet_per_criterion_transposed(sheet: ap.ScoreSheet) -> None:
    """A workbook of transposed matrices, a worksheet per criterion, detected from the scheme."""
    xlsxwriter = pytest.importorskip("xlsxwriter", reason="the excel extra is not installed")
    pytest.importorskip("python_calamine", reason="the excel extra is not installed")
    assume(matrix_ready(sheet) and titles_ready(sheet) and not sheet.categories)
    assume(not set(sheet.raters) & set(sheet.units))
    assume(all(parse_number(unit)[1] for unit in sheet.units))  # a header of names, not numbers
    present = sheet.values[~np.isnan(sheet.values)]
    low, high = (float(present.min()), float(present.max())) if present.size else (0.0, 1.0)
    scale = (low - abs(low) - 1, high + abs(high) + 1)
    scheme = ap.Scheme(list(sheet.raters), [ap.Criterion(c, scale=scale) for c in sheet.criteria])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.xlsx"
        book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
        for c, criterion in enumerate(sheet.criteria):
            page = book.add_worksheet(criterion)
            page.write_row(0, 0, ["部门", *sheet.units])  # a title that names no role
            for r, rater in enumerate(sheet.raters):
                page.write_string(r + 1, 0, rater)
                for u, value in enumerate(sheet.values[r, :, c].tolist()):
                    if value == value:
                        page.write_string(r + 1, u + 1, repr(value))
        book.close()
        loaded = ap.load_sheet(path, layout="matrix", scheme=scheme)
    if len(sheet.raters) == 1 and len(sheet.units) == 1:
        return  # one label each way: nothing tells the axes apart but the scheme's rater
    assert loaded == sheet


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_from_frame_matrix_equals_long(backend: str) -> None:
    """A frame of units × raters, and its transpose, make the sheet of the long records."""
    module = pytest.importorskip(backend, reason=f"the {backend} extra is not installed")
    pytest.importorskip("narwhals", reason="the pandas and polars extras bring narwhals")
    long = ap.ScoreSheet.from_records(
        [("财政局", "东河镇", "经济发展", 88), ("审计局", "东河镇", "经济发展", 90),
         ("财政局", "西山镇", "经济发展", 80), ("审计局", "西山镇", "经济发展", None)]
    )  # fmt: skip
    frame = module.DataFrame(
        {"单位": ["东河镇", "西山镇", "合计"], "财政局": [88, 80, 168], "审计局": [90, None, 90]}
    )
    with pytest.warns(ap.AppraisalWarning, match="read past row 2"):
        read = ap.ScoreSheet.from_frame(frame, layout="matrix", criterion="经济发展")
    assert read == long
    transposed = module.DataFrame(
        {"rater": ["财政局", "审计局"], "东河镇": [88, 90], "西山镇": [80, None]}
    )
    assert ap.ScoreSheet.from_frame(transposed, layout="matrix", criterion="经济发展") == long
    both = module.DataFrame(
        {"criterion": ["经济发展", "经济发展"], "unit": ["东河镇", "西山镇"], "财政局": [88, 80],
         "审计局": [90, None]}
    )  # fmt: skip
    assert ap.ScoreSheet.from_frame(both, layout="matrix") == long
