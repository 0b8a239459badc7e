"""Headers as people write them: the alias table and columns= (CSV here; Excel in test_excel)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import appraisal as ap
from appraisal.io import check_sheet
from appraisal.io.headers import ALIASES, ROLES, column_roles, header_key, parse_columns

ENGLISH = "rater,unit,criterion,score\n财政局,东河镇,经济发展,88\n审计局,东河镇,经济发展,\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_every_alias_is_a_role_and_already_matched_form() -> None:
    """The table maps normalised names to the known roles, and holds the issue's examples."""
    assert set(ALIASES.values()) == set(ROLES)
    assert all(header_key(name) == name for name in ALIASES)
    examples = {
        "评分部门": "rater",
        "评分单位": "rater",
        "被考核单位": "unit",
        "单位": "unit",
        "指标": "criterion",
        "考核指标": "criterion",
        "得分": "score",
        "分数": "score",
        "类别": "category",
    }
    assert {name: ALIASES[name] for name in examples} == examples


def test_chinese_long_header_reads_as_english(tmp_path: Path) -> None:
    """评分部门,被考核单位,考核指标,得分 is the long format, the same sheet as the English header."""
    english = ap.load_sheet(write(tmp_path / "en.csv", ENGLISH))
    chinese = ENGLISH.replace("rater,unit,criterion,score", "评分部门,被考核单位,考核指标,得分")
    assert ap.load_sheet(write(tmp_path / "zh.csv", chinese)) == english


def test_chinese_wide_header_with_category_serial_and_remarks(tmp_path: Path) -> None:
    """序号 and 备注 are skipped; 类别 is the category; other columns are criteria."""
    text = "序号,评分单位,单位,类别,经济发展,民生服务,备注\n1,财政局,东河镇,乡镇,88,9,好\n2,审计局,东河镇,乡镇,80,,\n"
    sheet = ap.load_sheet(write(tmp_path / "wide.csv", text))
    assert sheet.criteria == ("民生服务", "经济发展")
    assert sheet.categories == {"东河镇": "乡镇"}
    assert sheet.values[1, 0].tolist() == [9.0, 88.0]


def test_full_width_and_case_are_ignored(tmp_path: Path) -> None:
    """Ｒａｔｅｒ and UNIT match after NFKC normalisation and case folding."""
    text = "Ｒａｔｅｒ, UNIT ,Score\nA,x,1\n"
    sheet = ap.load_sheet(write(tmp_path / "s.csv", text))
    assert (sheet.raters, sheet.units, sheet.criteria) == (("A",), ("x",), ("score",))


def test_columns_maps_any_header(tmp_path: Path) -> None:
    """columns= names the roles of headers the table does not know; English names still count."""
    text = "打分单位,乡镇名称,criterion,分值\n财政局,东河镇,经济发展,88\n审计局,东河镇,经济发展,\n"
    path = write(tmp_path / "s.csv", text)
    columns = {"打分单位": "rater", "乡镇名称": "unit", "分值": "score"}
    sheet = ap.load_sheet(path, columns=columns)
    assert sheet == ap.load_sheet(write(tmp_path / "en.csv", ENGLISH))
    report = check_sheet(
        path, ap.Scheme(["财政局", "审计局"], [ap.Criterion("经济发展")]), columns=columns
    )
    assert report.ok


def test_columns_replaces_the_alias_table(tmp_path: Path) -> None:
    """With columns=, an alias the mapping leaves out is a criterion like any other column."""
    text = "评分部门,unit,rater,经济发展\n5,东河镇,财政局,88\n"
    sheet = ap.load_sheet(write(tmp_path / "s.csv", text), columns={"rater": "rater"})
    assert sheet.criteria == ("经济发展", "评分部门")


def test_ambiguous_header_names_both_columns(tmp_path: Path) -> None:
    """Two columns that map to the unit: an InputError naming both."""
    path = write(tmp_path / "s.csv", "评分部门,单位,被考核单位,得分\nA,x,x,1\n")
    message = "s.csv line 1: columns '单位' and '被考核单位' both name the unit; a role is one column. Say which with columns= (--columns on the command line)."
    with pytest.raises(ap.InputError, match=re.escape(message)):
        ap.load_sheet(path)


def test_columns_errors(tmp_path: Path) -> None:
    """A role that is not one, and a column the header lacks, are named."""
    path = write(tmp_path / "s.csv", ENGLISH)
    with pytest.raises(
        ap.InputError,
        match=re.escape(
            "columns: the role of 'score' must be one of 'rater', 'unit', 'criterion', 'score', 'category', 'skip'; got 'points'."
        ),
    ):
        ap.load_sheet(path, columns={"score": "points"})
    with pytest.raises(
        ap.InputError,
        match=re.escape(
            "s.csv line 1: columns names '得分', which is not in the header ['rater', 'unit', 'criterion', 'score']."
        ),
    ):
        ap.load_sheet(path, columns={"得分": "score"})


def test_parse_columns() -> None:
    """The command-line form: NAME=ROLE parts separated by commas."""
    assert parse_columns("a=rater,b = unit") == {"a": "rater", "b": "unit"}
    with pytest.raises(
        ap.InputError,
        match=re.escape(
            "--columns: each part must be NAME=ROLE, such as 评分部门=rater; got 'rater'."
        ),
    ):
        parse_columns("a=unit,rater")


def test_column_roles_without_a_key_role() -> None:
    """Columns that take no role are left out of the answer."""
    assert column_roles(["x", "评委", "考核对象"], None, "here") == {1: "rater", 2: "unit"}
