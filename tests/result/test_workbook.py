"""A result as a workbook: a sheet per category, the explanation, the comparison, values only."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

import appraisal as ap
from appraisal.data import appraise_example
from appraisal.result.workbook import write_result

pytest.importorskip("xlsxwriter", reason="the excel extra is not installed")
calamine = pytest.importorskip("python_calamine", reason="the excel extra is not installed")


def sheets(path: Path) -> dict[str, list[list[object]]]:
    book = calamine.CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_a_sheet_per_category_then_explanation_and_comparison(tmp_path: Path) -> None:
    """English titles; rows best first as table() gives them; scores at the published value."""
    current, _ = appraise_example()
    write_result(current, tmp_path / "r.xlsx")
    book = sheets(tmp_path / "r.xlsx")
    assert list(book) == ["乡镇", "开发区", "explanation", "comparison"]
    towns = [row for row in current.table() if row["category"] == "乡镇"]
    header, *rows = book["乡镇"]
    assert header[:4] == ["rank", "unit", "category", "score"]
    assert [row[1] for row in rows] == [row["unit"] for row in towns]
    assert [row[3] for row in rows] == [row["score"] for row in towns]
    assert book["comparison"][0] == ["unit", "rank", "previous_rank", "places_gained"]
    explanation = book["explanation"]
    assert explanation[0] == ["unit", "level", "name", "parent", "score", "share", "contribution"]
    first = [row for row in explanation[1:] if row[0] == towns[0]["unit"] and row[2] == "all"]
    assert first[0][6] == pytest.approx(towns[0]["base"])


def test_chinese_titles_and_full_comparison(tmp_path: Path) -> None:
    """lang="zh" gives Chinese titles and sheet names; previous= gives the whole comparison."""
    current, previous = appraise_example()
    current.to_excel(tmp_path / "r.xlsx", lang="zh", previous=previous)
    book = sheets(tmp_path / "r.xlsx")
    assert list(book) == ["乡镇", "开发区", "得分构成", "与上年比较"]
    assert book["乡镇"][0][:4] == ["排名", "单位", "类别", "得分"]
    assert book["与上年比较"][0][:3] == ["单位", "上年单位名称", "类别"]
    assert book["得分构成"][1][1] == "评分组"
    with pytest.raises(
        ap.InputError, match=re.escape("to_excel: lang must be 'en' or 'zh'; got 'fr'.")
    ):
        write_result(current, tmp_path / "x.xlsx", lang="fr")


def test_values_only_and_neutralised(tmp_path: Path) -> None:
    """No formula anywhere; text a spreadsheet would run is quoted; a veto reason starting with = too."""
    scheme = ap.Scheme(["A", "B"], [ap.Criterion("c")], tiers=[], decimals=1)
    sheet = ap.ScoreSheet(["A", "B"], ["x", "y"], ["c"], [[[80.0], [70.0]], [[90.0], [60.0]]])
    result = ap.appraise(sheet, scheme, vetoes=[ap.Veto("y", '=HYPERLINK("http://x")')])
    write_result(result, tmp_path / "r.xlsx")
    with zipfile.ZipFile(tmp_path / "r.xlsx") as archive:
        xml = b"".join(
            archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")
        )
    assert b"<f>" not in xml
    assert b"<f " not in xml
    book = sheets(tmp_path / "r.xlsx")
    header, *rows = book["results"]
    assert rows[1][header.index("veto")] == '\'=HYPERLINK("http://x")'
    assert [row[header.index("score")] for row in rows] == [85.0, 65.0]


def test_sheet_names_excel_accepts(tmp_path: Path) -> None:
    """Categories with characters Excel refuses in a sheet name, or too long, still get a sheet."""
    scheme = ap.Scheme(["A"], [ap.Criterion("c")], tiers=[])
    long = "很长的类别名称" * 6
    sheet = ap.ScoreSheet(
        ["A"],
        ["x", "y", "z"],
        ["c"],
        [[[80.0], [70.0], [75.0]]],
        categories={"x": "a/b", "y": "a_b", "z": long},
    )
    write_result(ap.appraise(sheet, scheme), tmp_path / "r.xlsx")
    assert list(sheets(tmp_path / "r.xlsx"))[:3] == ["a_b", "a_b_2", long[:31]]
