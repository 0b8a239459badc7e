"""Matrix sheets as offices write them, and every bad matrix named by its place."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest

import appraisal as ap
from appraisal.io import check_sheet
from appraisal.model.matrix import TOTALS, tally

SCHEME = ap.Scheme(
    ["财政局", "审计局", "统计局"],
    [ap.Criterion("经济发展", 0.5), ap.Criterion("项目建设", 0.5)],
)
ONE = ap.Scheme(["财政局", "审计局", "统计局"], [ap.Criterion("总分")])


def excel() -> Any:
    """XlsxWriter and calamine, or a skip."""
    pytest.importorskip("python_calamine", reason="the excel extra is not installed")
    return pytest.importorskip("xlsxwriter", reason="the excel extra is not installed")


def office_workbook(path: Path, criteria: tuple[str, ...] = ("经济发展", "项目建设")) -> Path:
    """A worksheet per criterion: merged title, who filled it in, 序号, Chinese headers, 合计 column and row."""
    book = excel().Workbook(str(path))
    for c, criterion in enumerate(criteria):
        sheet = book.add_worksheet(criterion)
        sheet.merge_range("A1:F1", f"2025年度{criterion}考核评分表")
        sheet.write_string("A2", "填报单位：县考核办")
        sheet.write_row("A4", ["序号", "被考核单位", "财政局", "审计局", "统计局", "合计"])
        sheet.write_row("A5", [1, "东河镇", 88 + c, "90", 85])
        sheet.write_formula("F5", "=SUM(C5:E5)", None, 263 + c)
        sheet.write_row("A6", [2, "西山镇", 80, None, "７５"])
        sheet.write_formula("F6", "=SUM(C6:E6)", None, 155)
        sheet.write_row("B7", ["合计", 168, 90, 160, 418])
    book.close()
    return path


def expected() -> ap.ScoreSheet:
    rows = [("财政局", "东河镇", 88), ("审计局", "东河镇", 90), ("统计局", "东河镇", 85),
            ("财政局", "西山镇", 80), ("审计局", "西山镇", None), ("统计局", "西山镇", 75)]  # fmt: skip
    return ap.ScoreSheet.from_records(
        [(r, u, c, None if s is None else s + (i if r == "财政局" and u == "东河镇" else 0))
         for i, c in enumerate(["经济发展", "项目建设"]) for r, u, s in rows]
    )  # fmt: skip


def test_office_workbook_loads_with_layout_and_scheme(tmp_path: Path) -> None:
    """Title rows, a merged title, 序号, 合计 column and row, numbers as text: read past, named in notes."""
    path = office_workbook(tmp_path / "scores.xlsx")
    with pytest.warns(ap.AppraisalWarning) as notes:
        sheet = ap.load_sheet(path, layout="matrix", scheme=SCHEME)
    assert sheet == expected()
    assert str(notes[0].message) == (
        f"{path}, sheet 经济发展: read past column A ('序号'), column F ('合计') and row 7 ('合计') "
        "(totals, averages, serial numbers, ranks and blank rows hold no scores)."
    )


def test_matrix_csv_with_one_criterion(tmp_path: Path) -> None:
    """A scheme of one criterion names the single matrix; blank lines and totals are noted."""
    path = tmp_path / "m.csv"
    path.write_text(
        "单位,财政局,审计局,统计局,平均分\n东河镇,88,90,85,87.7\n\n西山镇,80,,75,77.5\n", "utf-8"
    )
    with pytest.warns(ap.AppraisalWarning, match=re.escape("column 5 ('平均分') and blank line 3")):
        sheet = ap.load_sheet(path, layout="matrix", scheme=ONE)
    assert sheet.criteria == ("总分",)
    assert sheet.raters == ("审计局", "统计局", "财政局")  # sorted
    assert sheet.values[2, :, 0].tolist() == [88, 80]
    assert sheet.values[0, 1, 0] != sheet.values[0, 1, 0]  # 审计局 left 西山镇 blank


def test_raters_as_rows_detected_from_the_scheme(tmp_path: Path) -> None:
    """A transposed table (a row per rater) under a neutral header is read the other way round."""
    path = tmp_path / "t.csv"
    path.write_text("部门,东河镇,西山镇\n财政局,88,80\n审计局,90,\n统计局,85,75\n", "utf-8")
    sheet = ap.load_sheet(path, layout="matrix", scheme=SCHEME, criterion="经济发展")
    assert sheet == ap.load_sheet(
        path, layout="matrix", orientation="raters-by-units", criterion="经济发展"
    )
    assert sheet.units == ("东河镇", "西山镇")


def test_parquet_matrix(tmp_path: Path) -> None:
    """A Parquet table of units × raters with a criterion column is several criteria."""
    pa = pytest.importorskip("pyarrow", reason="the arrow extra is not installed")
    pq = pytest.importorskip("pyarrow.parquet", reason="the arrow extra is not installed")
    table = pa.table({"指标": ["经济发展", "经济发展", "项目建设", "项目建设"],
                      "被考核单位": ["东河镇", "西山镇", "东河镇", "西山镇"],
                      "财政局": [88, 80, 89, 80], "审计局": ["90", None, "90", None],
                      "统计局": [85.0, 75.0, 85.0, 75.0]})  # fmt: skip
    pq.write_table(table, tmp_path / "m.parquet")
    assert ap.load_sheet(tmp_path / "m.parquet", layout="matrix", scheme=SCHEME) == expected()


def test_totals_list_is_matched_loosely() -> None:
    """Every documented total reads as one, whatever its case, width or blanks."""
    assert all(tally(f" {name.upper()} ") for name in TOTALS)
    assert tally("Ｔｏｔａｌ")
    assert tally("排名")
    assert not tally("财政局")


def problem(path: Path, **options: Any) -> str:
    """The message load_sheet raises for a bad matrix."""
    with pytest.raises(ap.InputError) as caught:
        ap.load_sheet(path, layout="matrix", **options)
    return str(caught.value)


def test_repeated_rater_in_the_header(tmp_path: Path) -> None:
    """A rater heading two columns is named with both columns."""
    path = tmp_path / "m.csv"
    path.write_text("unit,财政局,审计局,财政局\n东河镇,88,90,85\n", "utf-8")
    assert problem(path, scheme=SCHEME, criterion="经济发展") == (
        f"{path} line 1, column '财政局': rater '财政局' heads a second column (column 2 is the first); each rater has one column."
    )


def test_unit_listed_twice(tmp_path: Path) -> None:
    """A unit with two rows is named with both lines."""
    path = tmp_path / "m.csv"
    path.write_text("unit,财政局\n东河镇,88\n西山镇,80\n东河镇,85\n", "utf-8")
    assert problem(path, criterion="经济发展") == (
        f"{path} line 4, column 'unit': unit '东河镇' has a second row (line 2 is the first); each unit has one row."
    )


def test_text_cell_named_by_line_and_column(tmp_path: Path) -> None:
    """A cell that is not a number names its line and rater column."""
    path = tmp_path / "m.csv"
    path.write_text("unit,财政局,审计局\n东河镇,88,9O\n", "utf-8")
    assert problem(path, scheme=SCHEME, criterion="经济发展").startswith(
        f"{path} line 2, column '审计局': score '9O' for rater '审计局', unit '东河镇', criterion '经济发展' is not a number;"
    )


def test_unknown_rater_with_did_you_mean(tmp_path: Path) -> None:
    """A column that is no rater of the scheme (nor a total) is named, with a close match."""
    path = tmp_path / "m.csv"
    path.write_text("unit,财政局,审计句,合计\n东河镇,88,90,178\n", "utf-8")
    with pytest.warns(ap.AppraisalWarning):
        message = problem(path, scheme=SCHEME, criterion="经济发展")
    assert (
        message
        == f"{path} line 1, column '审计句': rater '审计句' is not in the scheme; did you mean '审计局'?"
    )


def test_both_orientations_plausible(tmp_path: Path) -> None:
    """Raters on both axes: the message asks for orientation=."""
    path = tmp_path / "m.csv"
    path.write_text("部门,财政局,审计局\n财政局,,90\n审计局,88,\n", "utf-8")
    message = problem(path, scheme=SCHEME, criterion="经济发展")
    assert "say which with orientation='units-by-raters' or 'raters-by-units'" in message
    assert message.startswith(f"{path} line 1: both the rows and the columns")


def test_criterion_must_be_named(tmp_path: Path) -> None:
    """A single matrix under a scheme of several criteria needs criterion=."""
    path = tmp_path / "m.csv"
    path.write_text("unit,财政局\n东河镇,88\n", "utf-8")
    assert "name it with criterion= (--criterion on the command line)" in problem(
        path, scheme=SCHEME
    )
    assert "did you mean '经济发展'?" in problem(path, scheme=SCHEME, criterion="经济发屏")


def test_odd_cells_in_a_workbook(tmp_path: Path) -> None:
    """A date, a boolean, a formula and an error value where scores belong: each named by its cell."""
    book = excel().Workbook(str(tmp_path / "m.xlsx"))
    sheet = book.add_worksheet("经济发展")
    sheet.write_row("A1", ["单位", "财政局", "审计局", "统计局"])
    sheet.write_string("A2", "东河镇")
    sheet.write_datetime(
        "B2", datetime.datetime(2025, 1, 2), book.add_format({"num_format": "yyyy-mm-dd"})
    )
    sheet.write_boolean("C2", True)
    sheet.write_formula("D2", "=1+1", None, 2)
    sheet.write_row("A3", ["西山镇", 80, 70])
    sheet.write_formula("D3", "=1/0", None, "#DIV/0!")
    book.close()
    report = check_sheet(tmp_path / "m.xlsx", ONE, layout="matrix", criterion="总分")
    messages = [p.message for p in report.problems]
    places = ["cell B2: a date 2025-01-02", "cell C2: a boolean TRUE", "cell D2: a formula (=1+1)",
              "cell D3: an error value #DIV/0!"]  # fmt: skip
    assert len(messages) == len(places)
    for message, place in zip(messages, places, strict=True):
        assert message.startswith(
            f"{tmp_path / 'm.xlsx'}, sheet 经济发展, {place} where the score for rater"
        )


def test_worksheet_per_criterion_problems(tmp_path: Path) -> None:
    """A worksheet titled with no criterion (did-you-mean), and a criterion without a worksheet."""
    path = office_workbook(tmp_path / "m.xlsx", ("经济发屏", "项目建设"))
    with pytest.warns(ap.AppraisalWarning):
        report = check_sheet(path, SCHEME, layout="matrix")
    assert [p.message for p in report.problems if p.kind in ("unknown", "criterion")] == [
        f"{path}, sheet 经济发屏: the worksheet's title '经济发屏' must name a criterion of the scheme (each worksheet holds one criterion's matrix); did you mean '经济发展'?",
        f"{path}: criterion '经济发展' of the scheme has no worksheet (the worksheets read are '经济发屏', '项目建设'); every criterion must be scored.",
    ]
    with pytest.warns(ap.AppraisalWarning):
        only = ap.load_sheet(
            path, layout="matrix", worksheet=["项目建设"], scheme=SCHEME, unit_order=None
        )
    assert only.criteria == ("项目建设",)


def test_dump_refuses_what_cannot_round_trip(tmp_path: Path) -> None:
    """A rater named like a total, or a criterion no worksheet can be titled with."""
    sheet = ap.ScoreSheet.from_records([("合计", "东河镇", "经济发展", 1.0)])
    with pytest.raises(ap.InputError, match="rater '合计' cannot head a matrix column"):
        ap.dump_sheet(sheet, tmp_path / "m.csv", layout="matrix")
    sheet = ap.ScoreSheet.from_records([("财政局", "东河镇", "经济/发展", 1.0)])
    with pytest.raises(
        ap.InputError,
        match=re.escape("criterion '经济/发展' cannot title a worksheet: it holds '/'"),
    ):
        ap.dump_sheet(sheet, tmp_path / "m.xlsx", layout="matrix")
    ap.dump_sheet(sheet, tmp_path / "m.csv", layout="matrix")
    assert ap.load_sheet(tmp_path / "m.csv", layout="matrix") == sheet


def test_command_line_reads_and_converts_matrices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """convert --to-layout matrix and --layout matrix back; rank --layout matrix prints the notes as warning: lines."""
    from appraisal.cli import main

    office_workbook(tmp_path / "m.xlsx")
    ap.dump_scheme(SCHEME, tmp_path / "scheme.toml")
    assert (
        main(
            ["convert", str(tmp_path / "m.xlsx"), str(tmp_path / "long.csv"), "--layout", "matrix"]
        )
        == 0
    )
    assert ap.load_sheet(tmp_path / "long.csv") == expected()
    assert (
        main(
            [
                "convert",
                str(tmp_path / "long.csv"),
                str(tmp_path / "m.csv"),
                "--to-layout",
                "matrix",
            ]
        )
        == 0
    )
    assert ap.load_sheet(tmp_path / "m.csv", layout="matrix") == expected()
    capsys.readouterr()
    args = [
        "rank",
        str(tmp_path / "m.xlsx"),
        "--scheme",
        str(tmp_path / "scheme.toml"),
        "--layout",
        "matrix",
    ]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert err.count("warning: ") == 2
    assert "read past column A ('序号')" in err
    args = ["check", str(tmp_path / "m.csv"), "--scheme", str(tmp_path / "scheme.toml"), "--layout", "matrix",
            "--orientation", "units-by-raters"]  # fmt: skip
    assert main(args) == 0
