"""The `appraisal` command, run as a subprocess: every command, success and failure, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import appraisal as ap
from appraisal import data
from appraisal.text import display_width

ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "appraisal", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=ENV,
        check=False,
    )


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """A folder with the example's files, as `appraisal example` writes them."""
    for path in data.example_paths().files():
        shutil.copyfile(path, tmp_path / path.name)
    return tmp_path


def lines_up(table: str) -> bool:
    """Whether every line of a right-ended table has the same display width (Chinese counted double)."""
    return len({display_width(line) for line in table.splitlines()}) == 1


def test_demo() -> None:
    """demo ranks the example county, says it is synthetic and explains what it did."""
    done = run("demo")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    assert "synthetic, illustrative data" in out
    assert "What just happened: 30 departments scored 18 units" in out
    table = out.split("\n\n")[1]
    assert table.splitlines()[0].split() == ["rank", "unit", "english", "kind", "score", "coverage"]
    assert len(table.splitlines()) == 2 + 18
    assert lines_up(table)


def test_demo_markdown() -> None:
    """demo --format md prints a Markdown table."""
    done = run("demo", "--format", "md")
    assert done.returncode == 0
    assert "| rank | unit | english | kind | score | coverage |" in done.stdout


@pytest.mark.parametrize("command", ["demo", "rank", "explain", "check", "example"])
def test_every_command_has_help(command: str) -> None:
    """--help works on every command and exits 0."""
    done = run(command, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith(f"usage: appraisal {command}")


def test_top_level_help_and_version() -> None:
    """--help lists the commands; --version prints the version."""
    done = run("--help")
    assert done.returncode == 0
    for command in ("demo", "rank", "explain", "check", "example"):
        assert command in done.stdout
    assert run("--version").stdout.strip() == f"appraisal {ap.__version__}"


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        ((), "usage: appraisal"),
        (("rank",), "the following arguments are required: SCORES, --scheme"),
        (
            ("rank", "scores.csv", "--scheme", "scheme.toml", "--format", "xlsx"),
            "argument --format: invalid choice: 'xlsx'",
        ),
        (
            ("explain", "scores.csv", "--scheme", "scheme.toml"),
            "the following arguments are required: UNIT",
        ),
        (("example",), "the following arguments are required: --out"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...], complaint: str) -> None:
    """A command line that is not understood exits with 2 and says why."""
    done = run(*args)
    assert done.returncode == 2
    assert complaint in done.stderr
    assert "Traceback" not in done.stderr


def test_rank_table(county: Path) -> None:
    """rank prints the published ranking as an aligned table, best first."""
    done = run("rank", "scores.csv", "--scheme", "scheme.toml", cwd=county)
    assert done.returncode == 0, done.stderr
    sheet, scheme = data.load_example()
    first = ap.appraise(sheet, scheme).table()[0]
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["rank", "unit", "score", "coverage"]
    assert lines[2].split()[:3] == ["1", first["unit"], f"{first['score']:.2f}"]
    assert lines_up(done.stdout)


def test_rank_formats(county: Path) -> None:
    """csv, json and md agree with the library's own output."""
    sheet, scheme = data.load_example()
    result = ap.appraise(sheet, scheme)
    csv_out = run("rank", "scores.csv", "--scheme", "scheme.toml", "--format", "csv", cwd=county)
    assert csv_out.stdout.splitlines()[0] == ",".join(result.table()[0])
    json_out = run("rank", "scores.csv", "--scheme", "scheme.toml", "--format", "json", cwd=county)
    assert ap.Appraisal.from_json(json_out.stdout) == result
    md_out = run("rank", "scores.csv", "--scheme", "scheme.toml", "--format", "md", cwd=county)
    assert md_out.stdout == result.to_markdown() + "\n"


def test_rank_out_file(county: Path) -> None:
    """--out writes the file (CSV with a BOM, like Appraisal.to_csv) and says so."""
    done = run(
        "rank",
        "scores.csv",
        "--scheme",
        "scheme.toml",
        "--format",
        "csv",
        "--out",
        "ranking.csv",
        cwd=county,
    )
    assert done.returncode == 0
    assert done.stdout == "wrote ranking.csv\n"
    sheet, scheme = data.load_example()
    ap.appraise(sheet, scheme).to_csv(county / "expected.csv")
    assert (county / "ranking.csv").read_bytes() == (county / "expected.csv").read_bytes()


def test_rank_bad_sheet_exits_1_with_one_line(county: Path) -> None:
    """A malformed sheet exits 1 with one line naming file and line; no traceback, no output file."""
    with open(county / "scores.csv", "a", encoding="utf-8") as stream:
        stream.write("财政局,东河镇,9O,80,80,80\n")
    done = run("rank", "scores.csv", "--scheme", "scheme.toml", "--out", "ranking.csv", cwd=county)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "appraisal: scores.csv line 542: score '9O' for rater '财政局', unit '东河镇', criterion '经济发展' is not a number; blank, '-', 'NA', 'N/A' or '缺' mark a missing score."
    ]
    assert not (county / "ranking.csv").exists()


def test_rank_missing_files_exit_1(county: Path) -> None:
    """A file that is not there exits 1 and names it."""
    done = run("rank", "nowhere.csv", "--scheme", "scheme.toml", cwd=county)
    assert (done.returncode, done.stderr) == (1, "appraisal: nowhere.csv: no such file.\n")
    done = run("rank", "scores.csv", "--scheme", "nowhere.toml", cwd=county)
    assert (done.returncode, done.stderr) == (1, "appraisal: nowhere.toml: no such file.\n")


def test_rank_bad_scheme_exits_1(county: Path) -> None:
    """A scheme error names the file and the key path."""
    (county / "scheme.toml").write_text('raters = ["A"]\nrounding = 2\n', encoding="utf-8")
    done = run("rank", "scores.csv", "--scheme", "scheme.toml", cwd=county)
    assert done.returncode == 1
    assert done.stderr.startswith(
        "appraisal: scheme.toml: rounding: is not a known key here; allowed: raters,"
    )


def test_rank_gb18030_and_encoding_option(county: Path) -> None:
    """A GB18030 sheet reads as is; --encoding names any other encoding."""
    text = (county / "scores.csv").read_text(encoding="utf-8-sig")
    (county / "scores.csv").write_bytes(text.encode("gb18030"))
    plain = run("rank", "scores.csv", "--scheme", "scheme.toml", cwd=county)
    assert plain.returncode == 0
    (county / "utf16.csv").write_bytes(text.encode("utf-16"))
    named = run("rank", "utf16.csv", "--scheme", "scheme.toml", "--encoding", "utf-16", cwd=county)
    assert named.stdout == plain.stdout
    unnamed = run("rank", "utf16.csv", "--scheme", "scheme.toml", cwd=county)
    assert unnamed.returncode == 1
    assert "UTF-16 byte order mark" in unnamed.stderr


def test_rank_missing_option(tmp_path: Path) -> None:
    """--missing adds a marker of a missing score."""
    (tmp_path / "scheme.toml").write_text('raters = ["A", "B"]\n', encoding="utf-8")
    (tmp_path / "s.csv").write_text(
        "rater,unit,score\nA,x,80\nB,x,未评\nA,y,70\nB,y,75\n", encoding="utf-8"
    )
    assert run("rank", "s.csv", "--scheme", "scheme.toml", cwd=tmp_path).returncode == 1
    done = run("rank", "s.csv", "--scheme", "scheme.toml", "--missing", "未评", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.splitlines()[2].split() == ["1", "x", "80.00", "1"]


def test_explain_one_and_two_units(county: Path) -> None:
    """explain shows a unit's contributions, or the difference between two."""
    one = run("explain", "scores.csv", "--scheme", "scheme.toml", "东河镇", cwd=county)
    assert one.returncode == 0, one.stderr
    assert one.stdout.startswith("东河镇: score ")
    assert "定量考核部门" in one.stdout
    assert "经济发展" in one.stdout
    two = run("explain", "scores.csv", "--scheme", "scheme.toml", "东河镇", "西山镇", cwd=county)
    assert two.returncode == 0
    assert two.stdout.startswith("东河镇 vs 西山镇: base ")


def test_explain_unknown_unit(county: Path) -> None:
    """An unknown unit exits 1 with a suggestion."""
    done = run("explain", "scores.csv", "--scheme", "scheme.toml", "东河", cwd=county)
    assert (done.returncode, done.stderr) == (
        1,
        "appraisal: no unit named '东河'; did you mean '东河镇'?\n",
    )


def test_check_clean_sheet(county: Path) -> None:
    """check on a sheet that fits: exit 0, no problems, the coverage gaps listed."""
    done = run("check", "scores.csv", "--scheme", "scheme.toml", cwd=county)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("No problems: the score sheet fits the scheme.")
    assert "Coverage: 23 of 30 raters scored all 18 units in full." in done.stdout


def test_check_lists_every_problem(county: Path) -> None:
    """check lists all problems, not only the first, and exits 1."""
    with open(county / "scores.csv", "a", encoding="utf-8") as stream:
        stream.write(
            "财政局,东河镇,9O,80,80,80\n财务局,东河镇,80,80,80,80\n审计局,东河镇,80,80,120,80\n"
        )
    done = run("check", "scores.csv", "--scheme", "scheme.toml", cwd=county)
    assert done.returncode == 1
    assert done.stdout.splitlines()[:6] == [
        "5 problems:",
        "  scores.csv line 542: score '9O' for rater '财政局', unit '东河镇', criterion '经济发展' is not a number; blank, '-', 'NA', 'N/A' or '缺' mark a missing score.",
        "  scores.csv line 542: repeats line 20 for rater '财政局', unit '东河镇'; each (rater, unit, criterion) is scored once.",
        "  scores.csv line 543: rater '财务局' is not in the scheme; did you mean '财政局'?",
        "  scores.csv line 544: score 120 for rater '审计局', unit '东河镇', criterion '征地拆迁' is outside its scale 0..100.",
        "  scores.csv line 544: repeats line 182 for rater '审计局', unit '东河镇'; each (rater, unit, criterion) is scored once.",
    ]


def test_check_unreadable_file_exits_1(tmp_path: Path) -> None:
    """A file check cannot read at all still exits 1 with one line."""
    (tmp_path / "scheme.toml").write_text('raters = ["A"]\n', encoding="utf-8")
    (tmp_path / "s.csv").write_bytes(b"")
    done = run("check", "s.csv", "--scheme", "scheme.toml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("appraisal: s.csv: the file is empty;")


def test_example_writes_files_to_start_from(tmp_path: Path) -> None:
    """example writes the four files, refuses to overwrite them, and --force does."""
    done = run("example", "--out", "county", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for path in data.example_paths().files():
        assert (tmp_path / "county" / path.name).read_bytes() == path.read_bytes()
    ranked = run("rank", "county/scores.csv", "--scheme", "county/scheme.toml", cwd=tmp_path)
    assert ranked.returncode == 0
    again = run("example", "--out", "county", cwd=tmp_path)
    assert again.returncode == 1
    assert (
        again.stderr
        == f"appraisal: {Path('county') / 'scheme.toml'}: the file exists; pass --force to overwrite it.\n"
    )
    assert run("example", "--out", "county", "--force", cwd=tmp_path).returncode == 0


def test_console_script_matches_python_m() -> None:
    """The installed `appraisal` script runs the same main as `python -m appraisal`."""
    script = shutil.which("appraisal", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the console script is not installed next to this Python")
    done = subprocess.run(
        [script, "demo"], capture_output=True, text=True, encoding="utf-8", env=ENV, check=False
    )
    assert done.returncode == 0
    assert done.stdout == run("demo").stdout


def test_json_result_is_reloadable(county: Path) -> None:
    """--format json is the whole result, exact."""
    done = run("rank", "scores.csv", "--scheme", "scheme.toml", "--format", "json", cwd=county)
    assert json.loads(done.stdout)["format"] == "appraisal.result/1"
