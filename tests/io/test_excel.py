"""Excel workbooks as offices export them: finding the header, cells named in errors, round trips."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import appraisal as ap
from appraisal.io import check_sheet

xlsxwriter = pytest.importorskip("xlsxwriter", reason="the excel extra is not installed")
pytest.importorskip("python_calamine", reason="the excel extra is not installed")

NAN = float("nan")
SCHEME = ap.Scheme(
    ["财政局", "审计局"],
    [ap.Criterion("经济发展", 0.5), ap.Criterion("项目建设", 0.3), ap.Criterion("民生服务", 0.2)],
)


def office_export(path: Path) -> Path:
    """A workbook shaped like an office export.

    Sheet 2025 (wide): a merged title row, a line of who filled it in, a blank row, a
    two-row header (序号, 评分部门 and 被考核单位 merged downwards, 考核指标得分 merged
    across the three criteria above their names), numbers stored as text (one in
    full-width digits), a blank score. Sheet 2024 (long): a title row and the long
    Chinese header with a category column.
    """
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("2025")
    sheet.merge_range("A1:F1", "2025年度乡镇综合考核评分表")
    sheet.write_string("A2", "填报单位：县考核办")
    sheet.write_string("E2", "2025年12月")
    sheet.merge_range("A4:A5", "序号")
    sheet.merge_range("B4:B5", "评分部门")
    sheet.merge_range("C4:C5", "被考核单位")
    sheet.merge_range("D4:F4", "考核指标得分")
    sheet.write_row("D5", ["经济发展", "项目建设", "民生服务"])
    rows = [
        (1, "财政局", "东河镇", "88", 91.5, "90"),
        (2, "财政局", "西山镇", "８０", 85, ""),
        (3, "审计局", "东河镇", 86, "84.5", 87),
        (4, "审计局", "西山镇", 79, 83, 88),
    ]
    for r, row in enumerate(rows, start=5):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write_number(r, c, value)
    last = book.add_worksheet("2024")
    last.write_string("A1", "2024年度考核得分")
    last.write_row("A3", ["评分单位", "单位", "指标", "分数", "类别"])
    last.write_row("A4", ["财政局", "东河镇", "经济发展", "81", "乡镇"])
    last.write_row("A5", ["审计局", "开发区", "经济发展", "77.5", "开发区"])
    book.close()
    return path


def workbook(path: Path, fill: Callable[[Any, Any], None], title: str = "2025") -> Path:
    """A one-sheet workbook whose sheet `fill` writes (given the book and the sheet)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(title)
    fill(book, sheet)
    book.close()
    return path


def long_header(book: Any, sheet: Any) -> None:
    sheet.write_row("A1", ["评分部门", "被考核单位", "考核指标", "得分"])


def test_office_export_loads_without_options(tmp_path: Path) -> None:
    """Title, blank and merged rows read past; numbers as text read; the first worksheet."""
    path = office_export(tmp_path / "scores.xlsx")
    sheet = ap.load_sheet(path)
    assert (sheet.raters, sheet.units) == (("审计局", "财政局"), ("东河镇", "西山镇"))
    assert sheet.criteria == ("民生服务", "经济发展", "项目建设")
    expected = [[[87, 86, 84.5], [88, 79, 83]], [[90, 88, 91.5], [NAN, 80, 85]]]
    np.testing.assert_array_equal(sheet.values, expected)
    assert ap.load_sheet(path, scheme=SCHEME) == sheet
    assert check_sheet(path, SCHEME).ok


def test_worksheet_by_name_and_position(tmp_path: Path) -> None:
    """worksheet= picks another sheet by name or by position; this one is long, with categories."""
    path = office_export(tmp_path / "scores.xlsx")
    last = ap.load_sheet(path, worksheet="2024")
    assert last.categories == {"东河镇": "乡镇", "开发区": "开发区"}
    np.testing.assert_array_equal(last.values[:, :, 0], [[NAN, 77.5], [81.0, NAN]])
    assert ap.load_sheet(path, worksheet=1) == last


def test_unknown_worksheet_lists_the_worksheets(tmp_path: Path) -> None:
    """A worksheet the workbook lacks: the message lists those it has."""
    path = office_export(tmp_path / "scores.xlsx")
    message = "scores.xlsx: worksheet must be one of the workbook's worksheets '2025', '2024' (by name, or by position from 0); got '2023'."
    with pytest.raises(ap.InputError, match=re.escape(message)):
        ap.load_sheet(path, worksheet="2023")


def test_no_header_row_says_what_was_looked_for(tmp_path: Path) -> None:
    """No header within the first 20 rows."""

    def fill(book: Any, sheet: Any) -> None:
        sheet.write_string("A1", "考核表")
        sheet.write_row("A25", ["评分部门", "被考核单位", "得分"])

    path = workbook(tmp_path / "s.xlsx", fill)
    message = "s.xlsx, sheet 2025: no header row in the first 20 rows; looked for a row naming the rater (评分部门, 评分单位, rater, ...) and the unit (被考核单位, 单位, unit, ...) columns. Name the columns with columns= (--columns on the command line) if the header uses other names."
    with pytest.raises(ap.InputError, match=re.escape(message)):
        ap.load_sheet(path)


@pytest.mark.parametrize(
    ("write", "problem"),
    [
        (lambda b, s: s.write_formula("D2", "=80+8", None, 88), "a formula (=80+8)"),
        (lambda b, s: s.write_formula("D2", "=1/0", None, "#DIV/0!"), "an error value #DIV/0!"),
        (
            lambda b, s: s.write_datetime(
                "D2", datetime.datetime(2025, 3, 1), b.add_format({"num_format": "yyyy-mm-dd"})
            ),
            "a date 2025-03-01",
        ),
        (lambda b, s: s.write_boolean("D2", True), "a boolean TRUE"),
    ],
    ids=["formula", "error", "date", "boolean"],
)
def test_cells_that_are_no_score_are_named(
    tmp_path: Path, write: Callable[[Any, Any], None], problem: str
) -> None:
    """A formula, an error value, a date or a boolean where a score belongs names its cell."""

    def fill(book: Any, sheet: Any) -> None:
        long_header(book, sheet)
        sheet.write_row("A2", ["财政局", "东河镇", "经济发展"])
        write(book, sheet)

    path = workbook(tmp_path / "scores.xlsx", fill)
    message = f"scores.xlsx, sheet 2025, cell D2: {problem} where the score for rater '财政局', unit '东河镇', criterion '经济发展' belongs; a score is a number, or text that reads as one (paste the sheet as values)."
    with pytest.raises(ap.ScoreError, match=re.escape(message)):
        ap.load_sheet(path)


def test_text_that_is_no_number_names_its_cell(tmp_path: Path) -> None:
    """Numbers stored as text go through the strict grammar; a bad one is named by its cell."""

    def fill(book: Any, sheet: Any) -> None:
        sheet.write_string("A1", "标题")
        sheet.write_row("A3", ["评分部门", "被考核单位", "经济发展", "民生服务"])
        sheet.write_row("A4", ["财政局", "东河镇", "88", "9O"])

    path = workbook(tmp_path / "scores.xlsx", fill)
    message = "scores.xlsx, sheet 2025, cell D4: score '9O' for rater '财政局', unit '东河镇', criterion '民生服务' is not a number; blank, '-', 'NA', 'N/A' or '缺' mark a missing score."
    with pytest.raises(ap.ScoreError, match=re.escape(message)):
        ap.load_sheet(path)


def test_check_lists_every_cell_and_rows_for_repeats(tmp_path: Path) -> None:
    """check_sheet names each bad cell; a repeated record names both rows; scales name the cell."""

    def fill(book: Any, sheet: Any) -> None:
        long_header(book, sheet)
        sheet.write_row("A2", ["财政局", "东河镇", "经济发展", "120"])
        sheet.write_row("A3", ["财政局", "东河镇", "经济发展", 80])
        sheet.write_row("A4", ["审计局", "东河镇", "经济发展"])
        sheet.write_boolean("D4", False)

    path = workbook(tmp_path / "scores.xlsx", fill)
    messages = [p.message.removeprefix(f"{tmp_path}/") for p in check_sheet(path, SCHEME).problems]
    assert messages[:3] == [
        "scores.xlsx, sheet 2025, cell D2: score 120 for rater '财政局', unit '东河镇', criterion '经济发展' is outside its scale 0..100.",
        "scores.xlsx, sheet 2025, row 3: repeats row 2 for rater '财政局', unit '东河镇', criterion '经济发展'; each (rater, unit, criterion) is scored once.",
        "scores.xlsx, sheet 2025, cell D4: a boolean FALSE where the score for rater '审计局', unit '东河镇', criterion '经济发展' belongs; a score is a number, or text that reads as one (paste the sheet as values).",
    ]


def test_ambiguous_header_and_unnamed_column(tmp_path: Path) -> None:
    """Two columns for the unit name both; values under an empty header cell are refused."""

    def both(book: Any, sheet: Any) -> None:
        sheet.write_row("A2", ["评分部门", "单位", "被考核单位", "得分"])
        sheet.write_row("A3", ["财政局", "东河镇", "东河镇", 1])

    path = workbook(tmp_path / "s.xlsx", both)
    message = "s.xlsx, sheet 2025, row 2: columns '单位' and '被考核单位' both name the unit; a role is one column."
    with pytest.raises(ap.InputError, match=re.escape(message)):
        ap.load_sheet(path)

    def unnamed(book: Any, sheet: Any) -> None:
        sheet.write_row("A1", ["评分部门", "被考核单位", "经济发展"])
        sheet.write_row("A2", ["财政局", "东河镇", 1, "x"])

    path = workbook(tmp_path / "t.xlsx", unnamed)
    message = "t.xlsx, sheet 2025, cell D2: a column that holds values must have a name in the header (row 1); got 'x' below an empty header cell."
    with pytest.raises(ap.InputError, match=re.escape(message)):
        ap.load_sheet(path)


def test_merged_labels_name_every_row(tmp_path: Path) -> None:
    """A unit merged down over its criteria's rows names each of those rows."""

    def fill(book: Any, sheet: Any) -> None:
        long_header(book, sheet)
        sheet.merge_range("A2:A3", "财政局")
        sheet.merge_range("B2:B3", "东河镇")
        sheet.write_column("C2", ["经济发展", "民生服务"])
        sheet.write_column("D2", [88, 90])

    sheet = ap.load_sheet(workbook(tmp_path / "s.xlsx", fill))
    assert sheet.values.ravel().tolist() == [90.0, 88.0]


def test_not_a_workbook(tmp_path: Path) -> None:
    """A file that is not a workbook is named."""
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"rater,unit,score\n")
    with pytest.raises(
        ap.InputError, match=re.escape("s.xlsx: the file must be an .xlsx workbook")
    ):
        ap.load_sheet(path)


def test_dump_sheet_round_trip(tmp_path: Path) -> None:
    """dump_sheet writes a workbook load_sheet reads back as the same sheet."""
    sheet = ap.ScoreSheet(
        ["审计局", "财政局"],
        ["东河镇", "西山镇"],
        ["c", "d"],
        [[[1.5, NAN], [2.0, 1e-7]], [[NAN, NAN], [100.0, -3.25]]],
        categories={"东河镇": "乡镇", "西山镇": "开发区"},
    )
    ap.dump_sheet(sheet, tmp_path / "s.xlsx")
    again = ap.load_sheet(tmp_path / "s.xlsx")
    assert again == sheet
    assert again.categories == sheet.categories


def test_empty_and_header_only_worksheets(tmp_path: Path) -> None:
    """An empty worksheet has no header row; a header alone holds no scores."""
    empty = workbook(tmp_path / "empty.xlsx", lambda book, sheet: None)
    with pytest.raises(ap.InputError, match=re.escape("empty.xlsx, sheet 2025: no header row")):
        ap.load_sheet(empty)
    alone = workbook(tmp_path / "alone.xlsx", long_header)
    message = "alone.xlsx, sheet 2025: no score rows follow the header (row 1); a sheet holds at least one row."
    with pytest.raises(ap.InputError, match=re.escape(message)):
        ap.load_sheet(alone)


def test_columns_names_other_headers(tmp_path: Path) -> None:
    """columns= maps headers the alias table lacks; the header row is found by them."""

    def fill(book: Any, sheet: Any) -> None:
        sheet.write_string("A1", "打分表")
        sheet.write_row("A2", ["打分单位", "乡镇", "经济发展"])
        sheet.write_row("A3", ["财政局", "东河镇", 88])

    path = workbook(tmp_path / "s.xlsx", fill)
    with pytest.raises(ap.InputError, match="no header row in the first 20 rows"):
        ap.load_sheet(path)
    sheet = ap.load_sheet(path, columns={"打分单位": "rater", "乡镇": "unit"})
    assert (sheet.raters, sheet.units, sheet.criteria) == (("财政局",), ("东河镇",), ("经济发展",))


def test_worksheet_must_name_one(tmp_path: Path) -> None:
    """A position out of range or a boolean is not a worksheet."""
    path = office_export(tmp_path / "scores.xlsx")
    for bad in (2, True):
        with pytest.raises(
            ap.InputError, match="worksheet must be one of the workbook's worksheets"
        ):
            ap.load_sheet(path, worksheet=bad)


def test_label_problems_name_their_cell(tmp_path: Path) -> None:
    """An unknown rater or criterion, a formula for a label and a second category name their cell."""

    def fill(book: Any, sheet: Any) -> None:
        sheet.write_row("A1", ["评分部门", "被考核单位", "指标", "得分", "类别"])
        sheet.write_row("A2", ["财政局", "东河镇", "经济发展", 80, "乡镇"])
        sheet.write_row("A3", ["财政厅", "东河镇", "经济发展", 81, "乡镇"])
        sheet.write_row("A4", ["审计局", "东河镇", "经济发", 82, "乡镇"])
        sheet.write_row("A5", ["审计局", "=西山镇", "经济发展", 83, "乡镇"])
        sheet.write_row("A6", ["审计局", "东河镇", "项目建设", 84, "开发区"])

    path = workbook(tmp_path / "scores.xlsx", fill)
    messages = [p.message.removeprefix(f"{tmp_path}/") for p in check_sheet(path, SCHEME).problems]
    places = [m.split(": ")[0] for m in messages[:4]]
    assert places == [
        "scores.xlsx, sheet 2025, cell A3",
        "scores.xlsx, sheet 2025, cell C4",
        "scores.xlsx, sheet 2025, cell B5",
        "scores.xlsx, sheet 2025, cell E6",
    ]
