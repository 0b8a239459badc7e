"""Publishing results: CSV for spreadsheets (formulas neutralised), Markdown, terminal tables."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

import appraisal as ap
from appraisal._text import display_width
from appraisal.pipeline.check import check
from appraisal.result.tables import comparison_csv, csv_text, neutralise, text_table

UNITS = ["East", "West", "东河镇", "a|b", 'zone=1, "new"', "x-1"]
# veto reasons are free text, published in the table: where formula-like text can reach a CSV
REASONS = {
    "East": '=HYPERLINK("http://x")',
    "West": "\u3000＋1 point",
    "东河镇": "\tcmd",
    "a|b": "-3 points",
    'zone=1, "new"': "late report, -2",
}
OWASP = "must not start with {sign!r} (U+{code:04X}), which a spreadsheet runs as a formula; a name may start with any character but '=', '+', '-', '@' and their full-width and small forms"


def result(
    units: list[str] = UNITS, decimals: int | None = 2, vetoes: dict[str, str] | None = None
) -> ap.Appraisal:
    scheme = ap.Scheme(
        ["A", "B"], [ap.Criterion("c", scale=(-10, 10))], scale=(-10, 10), decimals=decimals
    )
    rows = [
        (rater, unit, "c", float(i) - 3.5 + (rater == "B"))
        for i, unit in enumerate(units)
        for rater in "AB"
    ]
    events = [ap.Veto(unit, reason) for unit, reason in (vetoes or {}).items()]
    return ap.appraise(ap.ScoreSheet.from_records(rows), scheme, vetoes=events)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+86 123", "'+86 123"),
        ("-x", "'-x"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\nx", "'\nx"),
        ("\r\n=1", "'\r\n=1"),
        (" =1+1", "' =1+1"),
        ("   -2", "'   -2"),
        ("\u3000=1", "'\u3000=1"),  # ideographic space
        ("\xa0@a", "'\xa0@a"),  # no-break space
        ("\u200b=1", "'\u200b=1"),  # zero-width space: a format character
        ("\ufeff+1", "'\ufeff+1"),  # byte order mark
        ("＝1+1", "'＝1+1"),  # full-width forms
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠a", "'＠a"),
        ("\u3000＝SUM(A1)", "'\u3000＝SUM(A1)"),
        ("﹦1", "'﹦1"),  # small forms
        ("﹢1", "'﹢1"),
        ("﹣1", "'﹣1"),
        ("﹫a", "'﹫a"),
        ("-", "'-"),
        # not a formula: left alone
        ("东河镇", "东河镇"),
        ("a=b", "a=b"),
        ("1-2", "1-2"),
        ("x -1", "x -1"),
        ("\u2212 5", "\u2212 5"),  # the minus sign U+2212 is not a hyphen-minus, even in NFKC
        ("'=x", "'=x"),
        ("%x", "%x"),
        ("", ""),
        ("   ", "   "),
    ],
)
def test_neutralise(text: str, shown: str) -> None:
    """Text a spreadsheet would run as a formula gets a leading quote; other text is unchanged."""
    assert neutralise(text) == shown


def test_to_csv_neutralises_text_cells_only(tmp_path: Path) -> None:
    """Formula-like text is quoted; negative scores stay numbers; read back it is the table."""
    res = result(vetoes=REASONS)
    res.to_csv(tmp_path / "ranking.csv")
    raw = (tmp_path / "ranking.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(tmp_path / "ranking.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    table = res.table()
    assert list(rows[0]) == list(table[0])
    assert [row["unit"] for row in rows] == [row["unit"] for row in table]
    vetoes = {row["unit"]: row["veto"] for row in rows}
    assert vetoes == {
        "East": '\'=HYPERLINK("http://x")',
        "West": "'\u3000＋1 point",
        "东河镇": "'\tcmd",
        "a|b": "'-3 points",
        'zone=1, "new"': "late report, -2",
        "x-1": "",
    }
    scores = [row["score"] for row in rows]
    assert scores == [f"{row['score']:.2f}" for row in table]
    assert [float(score) for score in scores] == [row["score"] for row in table]
    assert any(score.startswith("-") for score in scores)
    assert not any(row[key].startswith("'") for row in rows for key in ("score", "base", "rank"))
    assert [row["rank"] for row in rows] == [str(i) for i in range(1, len(UNITS) + 1)]


def test_csv_round_trip(tmp_path: Path) -> None:
    """Read back with csv.DictReader, every cell is the table's: text exactly, numbers as numbers."""
    res = result(decimals=None)
    res.to_csv(tmp_path / "ranking.csv")
    with open(tmp_path / "ranking.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row, want in zip(rows, res.table(), strict=True):
        assert row["unit"] == want["unit"]
        assert float(row["score"]) == want["score"]
        assert float(row["base"]) == want["base"]
        assert int(row["rank"]) == want["rank"]
        assert int(row["coverage"]) == want["coverage"]


def test_dump_sheet_round_trips_exactly(tmp_path: Path) -> None:
    """A data file is not a result: its labels and categories come back unchanged, unquoted."""
    units = ['zone=1, "new"', "x-1", "a@b", "东河镇"]
    sheet = ap.ScoreSheet.from_records(
        [("A", unit, "c", -float(i)) for i, unit in enumerate(units)],
        categories={unit: f"kind+{i}" for i, unit in enumerate(units)},
    )
    for name in ("scores.csv", "scores.json"):
        ap.dump_sheet(sheet, tmp_path / name)
        assert "'" not in (tmp_path / name).read_text("utf-8-sig")
        back = ap.load_sheet(tmp_path / name, unit_order=sheet.units)
        labels = (back.raters, back.units, back.criteria, dict(back.categories))
        assert labels == (sheet.raters, sheet.units, sheet.criteria, dict(sheet.categories))
        assert back.values.tobytes() == sheet.values.tobytes()  # bit for bit, -0.0 included
    with open(tmp_path / "scores.csv", encoding="utf-8-sig", newline="") as stream:
        cells = [row["score"] for row in csv.DictReader(stream)]
    assert "-1.0" in cells


def test_comparison_csv_places_lost_stay_numbers() -> None:
    """A unit that lost places and points: its negative changes are numbers, not quoted text."""
    scheme = ap.Scheme(["A"])
    now = ap.appraise(
        ap.ScoreSheet.from_records([("A", "East", "score", 80), ("A", "West", "score", 90)]),
        scheme,
    )
    last = ap.appraise(
        ap.ScoreSheet.from_records([("A", "East", "score", 85), ("A", "West", "score", 70)]),
        scheme,
    )
    rows = {
        row["unit"]: row
        for row in csv.DictReader(io.StringIO(comparison_csv(now.compare(last), now, last)))
    }
    assert rows["East"]["places_gained"] == "-1"
    assert rows["East"]["score_change"] == "-5.00"
    assert rows["West"]["places_gained"] == "1"
    assert not any(cell.startswith("'") for row in rows.values() for cell in row.values())


@pytest.mark.parametrize(
    "sign", ["=", "+", "-", "@", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫"]
)
def test_names_a_spreadsheet_would_run_are_refused(sign: str) -> None:
    """A rater, unit or criterion named like a formula is refused, the culprit named."""
    name = f"{sign}SUM(A1)"
    message = OWASP.format(sign=sign, code=ord(sign))
    with pytest.raises(ap.ScoreError, match=re.escape(message)):
        ap.ScoreSheet.from_records([("A", name, "c", 1.0)])
    with pytest.raises(ap.SchemeError, match=re.escape(message)):
        ap.Criterion(name)


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda name: ap.RaterGroup(name, members=["A"]), ap.SchemeError),
        (lambda name: ap.RaterGroup("g", members=[name]), ap.SchemeError),
        (lambda name: ap.Scheme([name]), ap.SchemeError),
        (lambda name: ap.Criterion("c", children=[ap.Criterion(name)]), ap.SchemeError),
        (lambda name: ap.Tier(name), ap.SchemeError),
        (lambda name: ap.Scheme(["A"], categories={name: "k"}), ap.SchemeError),
        (lambda name: ap.Scheme(["A"], categories={"u": name}), ap.SchemeError),
        (lambda name: ap.Scheme(["A"], recusals={"A": [name]}), ap.SchemeError),
        (lambda name: ap.ScoreSheet.from_records([(name, "u", "c", 1.0)]), ap.ScoreError),
        (lambda name: ap.ScoreSheet.from_records([("A", "u", name, 1.0)]), ap.ScoreError),
        (lambda name: ap.ScoreSheet.from_array([[1.0]], raters=["A"], units=[name]), ap.ScoreError),
        (lambda name: ap.Adjustment(name, 1, "award"), ap.InputError),
        (lambda name: ap.Veto(name, "accident"), ap.InputError),
    ],
    ids=[
        "group",
        "member",
        "rater",
        "criterion",
        "tier",
        "category-unit",
        "category",
        "recusal",
        "sheet-rater",
        "sheet-criterion",
        "array-unit",
        "adjustment-unit",
        "veto-unit",
    ],
)
@pytest.mark.parametrize("sign", ["=", "－", "\u3000", "﹫"])
def test_every_kind_of_name_is_checked(build: Any, error: type[Exception], sign: str) -> None:
    """Every name the library publishes refuses a formula start (a blank start is refused too)."""
    name = f"{sign}x"
    fault = (
        "must not start or end with a blank"
        if sign.isspace()
        else OWASP.format(sign=sign, code=ord(sign))
    )
    with pytest.raises(error, match=re.escape(fault)):
        build(name)


def test_a_sheets_category_is_checked_with_its_unit(tmp_path: Path) -> None:
    """A score sheet's category column that a spreadsheet would run is refused, its unit named."""
    path = tmp_path / "scores.csv"
    path.write_text("rater,unit,category,score\nA,East,＠home,80\nA,West,乡镇,70\n", "utf-8")
    sheet = ap.load_sheet(path)
    message = "categories: the category of unit 'East' " + OWASP.format(sign="＠", code=0xFF20)
    with pytest.raises(ap.ScoreError, match=re.escape(message + "; got '＠home'.")):
        ap.appraise(sheet, ap.Scheme(["A"]))
    found = check(sheet, ap.Scheme(["A"]))
    assert [problem.unit for problem in found.problems] == ["East"]


@pytest.mark.parametrize(
    ("text", "culprit"),
    [
        ("rater,unit,score\n=cmd,East,1\n", "the rater must not start with '='"),
        ("rater,unit,score\nA,@East,1\n", "the unit must not start with '@'"),
        ("rater,unit,criterion,score\nA,East,＋c,1\n", "the criterion must not start with '＋'"),
    ],
)
def test_files_with_formula_names_are_refused_at_load(
    tmp_path: Path, text: str, culprit: str
) -> None:
    """load_sheet refuses such a label with its file and line."""
    path = tmp_path / "scores.csv"
    path.write_text(text, "utf-8")
    with pytest.raises(ap.ScoreError, match=re.escape(f"scores.csv line 2: {culprit}")):
        ap.load_sheet(path)


def test_csv_numbers_in_full_when_unrounded() -> None:
    """Without rounding, scores are written in full; missing values are blank."""
    text = csv_text(result(decimals=None))
    header, first = list(csv.reader(text.splitlines()))[:2]
    row = dict(zip(header, first, strict=True))
    assert row["score"] == repr(result(decimals=None).table()[0]["score"])
    assert row["category"] == ""
    assert row["tier"] == ""


def test_to_markdown() -> None:
    """A Markdown table: numbers right-aligned, pipes escaped, line breaks and tabs flattened."""
    lines = result().to_markdown().splitlines()
    assert lines[0] == "| rank | unit | score | coverage |"
    assert lines[1] == "| ---: | --- | ---: | ---: |"
    assert any("| a\\|b |" in line for line in lines[2:])
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines)
    assert len(lines) == 2 + len(UNITS)


def test_text_table_lines_up_chinese() -> None:
    """The terminal table lines up double-width characters; control characters are shown escaped."""
    res = result(units=["东河镇", "经济技术开发区", "West", "x"])
    lines = text_table(res).splitlines()
    assert len({display_width(line) for line in lines}) == 1
    assert "\t" not in text_table(result())
