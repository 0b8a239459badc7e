"""`appraisal diagnose`, run as a subprocess: every format, warnings, --strict, bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import attrs
import pytest

import appraisal as ap
from appraisal import data
from appraisal.reliability.tables import diagnostics_csv
from tests.test_cli import county, last_year, run

__all__ = ["county"]  # the fixture, imported for pytest

EVENTS = ("--adjustments", "adjustments.csv", "--vetoes", "vetoes.csv")
ARGS = ("diagnose", "scores.csv", "--scheme", "scheme.toml", *EVENTS)


def expected() -> ap.reliability.Diagnostics:
    """The example's diagnostics, as the Python API gives them."""
    return ap.reliability.diagnose(data.appraise_example()[0])


def test_table_is_the_text_form(county: Path) -> None:
    """The table format prints the diagnostics' text form; each rater's flag is a warning line."""
    done = run(*ARGS, cwd=county)
    assert done.returncode == 0, done.stderr
    diagnostics = expected()
    assert done.stdout == str(diagnostics) + "\n"
    warnings = [f"warning: {f.subject}: {f.reason}" for f in diagnostics.flags]
    assert done.stderr.splitlines() == warnings
    assert any(line.startswith("warning: 财政局评委戊: lenient: ") for line in warnings)


def test_json_is_to_dict(county: Path) -> None:
    """json: the diagnostics' plain data, a row per rater and per group, flags and thresholds."""
    done = run(*ARGS, "--format", "json", cwd=county)
    assert done.returncode == 0, done.stderr
    written = json.loads(done.stdout)
    assert written == json.loads(json.dumps(expected().to_dict()))
    assert written["format"] == "appraisal.diagnostics/1"
    assert len(written["raters"]) == 44
    assert written["groups"][0]["group"] == "all"
    assert {"subject", "reason"} == set(written["flags"][0])


def test_csv_has_a_row_per_rater(county: Path) -> None:
    """csv: a header of the table's keys and a row per rater; with --out, a byte order mark."""
    done = run(*ARGS, "--format", "csv", cwd=county)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    table = expected().table()
    assert [row["rater"] for row in rows] == [row["rater"] for row in table]
    lenient = next(row for row in rows if row["rater"] == "财政局评委戊")
    assert lenient["flags"] == "lenient"
    assert float(lenient["leniency"]) == pytest.approx(
        next(r["leniency"] for r in table if r["rater"] == "财政局评委戊")
    )
    wrote = run(*ARGS, "--format", "csv", "--out", "raters.csv", cwd=county)
    assert wrote.stdout == "wrote raters.csv\n"
    assert (county / "raters.csv").read_bytes().startswith(b"\xef\xbb\xbfrater,group,")


def test_csv_neutralises_formula_like_text() -> None:
    """A cell that a spreadsheet would run as a formula gets a leading quote; lists are joined."""
    diagnostics = expected()
    notes = [("=1+1",), *diagnostics.notes[1:]]
    text = diagnostics_csv(attrs.evolve(diagnostics, notes=notes))
    first = next(csv.DictReader(io.StringIO(text)))
    assert first["note"] == "'=1+1"
    assert first["tier_changes"] == "龙泉乡: 一般 -> 良好"


def test_markdown_tables(county: Path) -> None:
    """md: the raters and the groups as Markdown tables, the flags as a list."""
    done = run(*ARGS, "--format", "md", "--out", "raters.md", cwd=county)
    assert done.returncode == 0, done.stderr
    text = (county / "raters.md").read_text(encoding="utf-8")
    assert text == expected().to_markdown() + "\n"
    assert text.startswith("| rater | leniency | spread | agreement |")
    assert "| group | raters | alpha | W | ICC(A,1) | ICC(A,k) |" in text
    assert "\n- 财政局评委戊: lenient: " in text


def test_previous_year_and_strict(county: Path, tmp_path: Path) -> None:
    """--previous takes last year's result; --strict stops on the appraisal's flags, not the raters'."""
    last_year(county)
    done = run(*ARGS, "--previous", "previous.json", "--strict", cwd=county)
    assert done.returncode == 0, done.stderr
    (tmp_path / "s.toml").write_text(
        '[[raters]]\nname = "q"\nweight = 0.6\nmembers = ["A", "B"]\n\n'
        '[[raters]]\nname = "o"\nweight = 0.3\nmembers = ["C"]\n',
        encoding="utf-8",
    )
    rows = [f"{r},{u},score,{s}" for r, u, s in [("A", "x", 80), ("B", "x", 70), ("C", "x", 90)]]
    rows += [f"{r},{u},score,{s}" for r, u, s in [("A", "y", 60), ("B", "y", 75), ("C", "y", 85)]]
    (tmp_path / "s.csv").write_text("rater,unit,criterion,score\n" + "\n".join(rows) + "\n")
    loose = run("diagnose", "s.csv", "--scheme", "s.toml", cwd=tmp_path)
    assert loose.returncode == 0, loose.stderr
    assert loose.stderr.startswith(
        "warning: rater group 'all': weights 0.6 + 0.3 = 0.9 are relative"
    )
    strict = run("diagnose", "s.csv", "--scheme", "s.toml", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stdout == ""
    assert "--strict: 1 warning, so no output was written." in strict.stderr


def test_bad_input(county: Path) -> None:
    """A missing file and an unknown format are named; the exit status says which."""
    missing = run("diagnose", "nothing.csv", "--scheme", "scheme.toml", cwd=county)
    assert missing.returncode == 1
    assert missing.stderr == "appraisal: nothing.csv: no such file.\n"
    usage = run(*ARGS, "--format", "xlsx", cwd=county)
    assert usage.returncode == 2
    assert "invalid choice: 'xlsx'" in usage.stderr
