"""Names are checked once: empty, blanks at an end, control characters; the category map's slips."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import appraisal as ap

BAD = {
    "leading blank": (" A", "must not start or end with a blank"),
    "ideographic blank": ("A\u3000", "must not start or end with a blank"),
    "newline": ("A\n", "must not hold a control character (U+000A)"),
    "NUL": ("A\x00", "must not hold a control character (U+0000)"),
    "zero-width space": ("A\u200b", "must not hold a control character (U+200B)"),
    "empty": ("", "must be a non-empty name"),
}
CASES = pytest.mark.parametrize(("name", "fault"), BAD.values(), ids=list(BAD))


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if text else ""


@CASES
def test_in_a_long_csv_sheet(tmp_path: Path, name: str, fault: str) -> None:
    """The file and the line of a rater name that is not a name."""
    path = tmp_path / "scores.csv"
    path.write_text(f"rater,unit,score\nB,x,70\n{_csv_cell(name)},x,80\n", encoding="utf-8")
    with pytest.raises(ap.ScoreError, match=re.escape(f"scores.csv line 3: the rater {fault}")):
        ap.load_sheet(path)


@CASES
def test_in_a_json_sheet(tmp_path: Path, name: str, fault: str) -> None:
    """A whole JSON sheet names the key path of the label."""
    path = tmp_path / "scores.json"
    data = {"raters": ["B", name], "units": ["x"], "criteria": ["score"], "values": [[[1]], [[2]]]}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ap.ScoreError, match=re.escape(f"raters[1]: {fault}")):
        ap.load_sheet(path)


@CASES
def test_in_a_scheme_file(tmp_path: Path, name: str, fault: str) -> None:
    """A scheme file names the key path of the rater group."""
    path = tmp_path / "scheme.json"
    path.write_text(json.dumps({"raters": [{"name": name, "members": ["A"]}]}), encoding="utf-8")
    with pytest.raises(ap.SchemeError, match=re.escape(f"raters[0]: RaterGroup: name {fault}")):
        ap.load_scheme(path)


@CASES
def test_in_an_event_file(tmp_path: Path, name: str, fault: str) -> None:
    """An adjustments file names its line."""
    path = tmp_path / "adjustments.csv"
    path.write_text(
        f"unit,kind,points,reason,evidence\n{_csv_cell(name)},bonus,1,award,\n", encoding="utf-8"
    )
    with pytest.raises(ap.InputError, match=re.escape(f"adjustments.csv line 2: unit {fault}")):
        ap.load_adjustments(path)


@CASES
def test_in_a_category_map(name: str, fault: str) -> None:
    """A scheme's category map refuses a unit that is not a name."""
    with pytest.raises(ap.SchemeError, match=re.escape(f"categories: a unit {fault}")):
        ap.Scheme(["A"], categories={name: "towns"})


@CASES
def test_in_python(name: str, fault: str) -> None:
    """Built in Python, a sheet, a group and an event refuse such a name alike."""
    with pytest.raises(ap.ScoreError, match=re.escape(f"rows[0]: the unit {fault}")):
        ap.ScoreSheet.from_records([("A", name, "score", 1.0)])
    with pytest.raises(ap.ScoreError, match=re.escape(f"a unit label {fault}")):
        ap.ScoreSheet(["A"], [name], ["score"], [[[1.0]]])
    with pytest.raises(ap.SchemeError, match=re.escape(f"name {fault}")):
        ap.RaterGroup(name, members=["A"])
    with pytest.raises(ap.InputError, match=re.escape(f"unit {fault}")):
        ap.Veto(name, "accident")


def test_a_category_map_with_a_slip_names_file_line_and_the_unit_meant(tmp_path: Path) -> None:
    """东河鎮 for 东河镇: the scheme file, the line of the entry, and a did-you-mean."""
    scheme_path = tmp_path / "scheme.toml"
    scheme_path.write_text(
        'raters = ["A"]\n\n[categories]\n"东河鎮" = "乡镇"\n"西山镇" = "乡镇"\n', encoding="utf-8"
    )
    sheet = ap.ScoreSheet.from_records(
        [("A", "东河镇", "score", 80.0), ("A", "西山镇", "score", 70.0)]
    )
    message = f"{scheme_path} line 4: categories: unit '东河鎮' is not in the score sheet; did you mean '东河镇'?"
    with pytest.raises(ap.ScoreError) as raised:
        ap.appraise(sheet, ap.load_scheme(scheme_path))
    assert str(raised.value) == message


def test_a_wrongly_decoded_file_says_so(tmp_path: Path) -> None:
    """Names read with the wrong encoding, in a script the scheme does not use, get a hint."""
    path = tmp_path / "scores.csv"
    path.write_bytes("rater,unit,score\n财政局,东河镇,80\n".encode())
    scheme = ap.Scheme(["财政局"])
    with pytest.raises(ap.ScoreError, match="probably not in the encoding it was read with"):
        ap.load_sheet(path, scheme=scheme, encoding="cp1252")
