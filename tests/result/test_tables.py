"""Publishing results: CSV for spreadsheets (formulas neutralised), Markdown, terminal tables."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import appraisal as ap
from appraisal._text import display_width
from appraisal.result.tables import csv_text, neutralise, text_table

UNITS = ["=SUM(A1:A9)", "+1 Town", "-East", "@West", "东河镇", "a|b"]


def result(units: list[str] = UNITS, decimals: int | None = 2) -> ap.Appraisal:
    scheme = ap.Scheme(
        ["A", "B"], [ap.Criterion("c", scale=(-10, 10))], scale=(-10, 10), decimals=decimals
    )
    rows = [
        (rater, unit, "c", float(i) - 3.5 + (rater == "B"))
        for i, unit in enumerate(units)
        for rater in "AB"
    ]
    return ap.appraise(ap.ScoreSheet.from_records(rows), scheme)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+86 123", "'+86 123"),
        ("-x", "'-x"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("东河镇", "东河镇"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(text: str, shown: str) -> None:
    """Text a spreadsheet would run as a formula gets a leading quote; other text is unchanged."""
    assert neutralise(text) == shown


def test_to_csv_neutralises_text_cells_only(tmp_path: Path) -> None:
    """Units that look like formulas are quoted; negative scores stay numbers."""
    res = result()
    res.to_csv(tmp_path / "ranking.csv")
    raw = (tmp_path / "ranking.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(tmp_path / "ranking.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == list(res.table()[0])
    units = {row["unit"] for row in rows}
    assert units == {
        "'=SUM(A1:A9)",
        "'+1 Town",
        "'-East",
        "'@West",
        "东河镇",
        "a|b",
    }
    scores = [row["score"] for row in rows]
    assert scores == [f"{row['score']:.2f}" for row in res.table()]
    assert any(score.startswith("-") for score in scores)
    assert [row["rank"] for row in rows] == [str(i) for i in range(1, len(UNITS) + 1)]


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
    assert "| a\\|b |" in lines[2]
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines)
    assert len(lines) == 2 + len(UNITS)


def test_text_table_lines_up_chinese() -> None:
    """The terminal table lines up double-width characters; control characters are shown escaped."""
    res = result(units=["东河镇", "经济技术开发区", "West", "x"])
    lines = text_table(res).splitlines()
    assert len({display_width(line) for line in lines}) == 1
    assert "\t" not in text_table(result())
