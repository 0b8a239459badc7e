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
from appraisal._text import display_width

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
    """demo appraises the example county, compares it with last year and says what it did."""
    done = run("demo")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    assert "synthetic, illustrative data" in out
    _, table, heading, comparison, *story = out.split("\n\n")
    assert table.splitlines()[0].split() == [
        "rank",
        "unit",
        "english",
        "category",
        "score",
        "tier",
        "bonus",
        "deduction",
        "veto",
        "coverage",
    ]
    assert len(table.splitlines()) == 2 + 18
    assert lines_up(table)
    current, previous = data.appraise_example()
    tiers = [line.split()[-5 if "生产安全事故" in line else -4] for line in table.splitlines()[2:]]
    assert tiers == [row["tier"] for row in current.table()]
    assert set(tiers) == {"优秀", "良好", "一般"}
    assert heading == "Compared with last year (争先进位)"
    assert comparison == str(current.compare(previous, renamed=data.RENAMED))
    text = " ".join(" ".join(story).split())
    for said in (
        "What just happened: 44 raters scored the 18 units",
        "Three departments are panels",
        "none scored itself (self-recusal)",
        "evidence 2024-J-017, handed in twice, counted once",
        "capped at 3 (bonus) and 5 (deduction)",
        "西山镇 (Xishan Town) was vetoed",
        "乡镇 (township; 12 units) and 开发区 (development zone; 6 units) were ranked separately",
        "Tiers, best first: 优秀 (excellent; at most 20% of a category)",
        "柳林镇 (Liulin Town) was 柳林乡 (Liulin Township)",
        "New this year: 物流园区 (Logistics Park)",
    ):
        assert said in text


def test_demo_markdown() -> None:
    """demo --format md prints Markdown tables."""
    done = run("demo", "--format", "md")
    assert done.returncode == 0
    assert "| rank | unit | english | category | score | tier |" in done.stdout
    assert (
        "| unit | category | score | change | rank | places gained | tier | progress |"
        in done.stdout
    )


@pytest.mark.parametrize(
    "command", ["demo", "rank", "explain", "check", "compare", "example", "robust"]
)
def test_every_command_has_help(command: str) -> None:
    """--help works on every command and exits 0."""
    done = run(command, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith(f"usage: appraisal {command}")


def test_top_level_help_and_version() -> None:
    """--help lists the commands; --version prints the version."""
    done = run("--help")
    assert done.returncode == 0
    for command in ("demo", "rank", "explain", "check", "compare", "example"):
        assert command in done.stdout
    assert run("--version").stdout.strip() == f"appraisal {ap.__version__}"


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        ((), "usage: appraisal"),
        (("rank",), "the following arguments are required: SCORES, --scheme"),
        (
            ("rank", "scores.csv", "--scheme", "scheme.toml", "--format", "pdf"),
            "argument --format: invalid choice: 'pdf'",
        ),
        (
            ("explain", "scores.csv", "--scheme", "scheme.toml"),
            "the following arguments are required: UNIT",
        ),
        (("example",), "the following arguments are required: --out"),
        (("compare", "a.json"), "the following arguments are required: PREVIOUS"),
        (
            ("compare", "a.json", "b.json", "--rename", "柳林镇"),
            "argument --rename: must be NEW=OLD, this year's name and last year's; got '柳林镇'",
        ),
        (
            ("compare", "a.json", "b.json", "--rename", "=柳林乡"),
            "argument --rename: must be NEW=OLD",
        ),
        (("rank", "s.csv", "--scheme", "s.toml", "--adjustments"), "expected one argument"),
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
    """rank prints the published ranking as an aligned table, category by category, best first."""
    done = run("rank", "scores.csv", "--scheme", "scheme.toml", cwd=county)
    assert done.returncode == 0, done.stderr
    sheet, scheme = data.load_example()
    first = ap.appraise(sheet, scheme).table()[0]
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["rank", "unit", "category", "score", "tier", "coverage"]
    assert lines[2].split()[:4] == ["1", first["unit"], first["category"], f"{first['score']:.2f}"]
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


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8-sig").splitlines())


def line_of(path: Path, start: str) -> int:
    """The number of the first line of `path` that starts with `start`."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


def test_rank_bad_sheet_exits_1_with_one_line(county: Path) -> None:
    """A malformed sheet exits 1 with one line naming file and line; no traceback, no output file."""
    bad = line_count(county / "scores.csv") + 1
    with open(county / "scores.csv", "a", encoding="utf-8") as stream:
        stream.write("审计局,东河镇,9O,80,80,80\n")
    done = run("rank", "scores.csv", "--scheme", "scheme.toml", "--out", "ranking.csv", cwd=county)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"appraisal: scores.csv line {bad}: score '9O' for rater '审计局', unit '东河镇', criterion '经济发展' is not a number; blank, '-', 'NA', 'N/A' or '缺' mark a missing score."
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
    assert "Coverage: 33 of 44 raters scored all 18 units in full." in done.stdout


def test_check_lists_every_problem(county: Path) -> None:
    """check lists all problems, not only the first, and exits 1."""
    end = line_count(county / "scores.csv")
    first = line_of(county / "scores.csv", "审计局,东河镇,")
    with open(county / "scores.csv", "a", encoding="utf-8") as stream:
        stream.write(
            "审计局,东河镇,9O,80,80,80\n审记局,东河镇,80,80,80,80\n审计局,东河镇,80,80,120,80\n"
        )
    done = run("check", "scores.csv", "--scheme", "scheme.toml", cwd=county)
    assert done.returncode == 1
    assert done.stdout.splitlines()[:6] == [
        "5 problems:",
        f"  scores.csv line {end + 1}: score '9O' for rater '审计局', unit '东河镇', criterion '经济发展' is not a number; blank, '-', 'NA', 'N/A' or '缺' mark a missing score.",
        f"  scores.csv line {end + 1}: repeats line {first} for rater '审计局', unit '东河镇'; each (rater, unit, criterion) is scored once.",
        f"  scores.csv line {end + 2}: rater '审记局' is not in the scheme; did you mean '审计局'?",
        f"  scores.csv line {end + 3}: score 120 for rater '审计局', unit '东河镇', criterion '征地拆迁' is outside its scale 0..100.",
        f"  scores.csv line {end + 3}: repeats line {first} for rater '审计局', unit '东河镇'; each (rater, unit, criterion) is scored once.",
    ]


def test_check_unreadable_file_exits_1(tmp_path: Path) -> None:
    """A file check cannot read at all still exits 1 with one line."""
    (tmp_path / "scheme.toml").write_text('raters = ["A"]\n', encoding="utf-8")
    (tmp_path / "s.csv").write_bytes(b"")
    done = run("check", "s.csv", "--scheme", "scheme.toml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("appraisal: s.csv: the file is empty;")


def test_example_writes_files_to_start_from(tmp_path: Path) -> None:
    """example writes the eight files and the next steps, refuses to overwrite them, and --force does."""
    done = run("example", "--out", "county", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(data.example_paths().files()) == 8
    for path in data.example_paths().files():
        assert (tmp_path / "county" / path.name).read_bytes() == path.read_bytes()
    steps = [line.strip().split() for line in done.stdout.splitlines()[2:]]
    assert [step[:2] for step in steps] == [
        ["appraisal", "rank"],
        ["appraisal", "rank"],
        ["appraisal", "compare"],
    ]
    for step in steps:  # the next steps run as printed
        assert run(*step[1:], cwd=tmp_path).returncode == 0
    assert (tmp_path / "county" / "current.json").exists()
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


# --- events, last year, compare ----------------------------------------------------------------


def events(*extra: str) -> list[str]:
    """The example's event options for rank and explain."""
    return ["--adjustments", "adjustments.csv", "--vetoes", "vetoes.csv", *extra]


def last_year(county: Path) -> Path:
    """Last year's result, written as `rank --format json --out` writes it."""
    done = run(
        "rank",
        "previous_scores.csv",
        "--scheme",
        "scheme.toml",
        "--format",
        "json",
        "--out",
        "previous.json",
        cwd=county,
    )
    assert done.returncode == 0, done.stderr
    return county / "previous.json"


def this_year(county: Path) -> Path:
    """The result of this year, with its events and last year's result, as JSON."""
    last_year(county)
    done = run(
        "rank",
        "scores.csv",
        "--scheme",
        "scheme.toml",
        *events("--previous", "previous.json", "--format", "json", "--out", "current.json"),
        cwd=county,
    )
    assert done.returncode == 0, done.stderr
    return county / "current.json"


def test_rank_with_events_and_previous(county: Path) -> None:
    """--adjustments, --vetoes and --previous reach appraise: the JSON equals the library's result."""
    this_year(county)
    current, _ = data.appraise_example()
    assert ap.load_result(county / "current.json") == current
    assert ap.Appraisal.from_json((county / "current.json").read_text(encoding="utf-8")) == current


def test_rank_table_shows_events(county: Path) -> None:
    """The table shows the bonus, the deduction and the veto with its reason."""
    done = run("rank", "scores.csv", "--scheme", "scheme.toml", *events(), cwd=county)
    assert done.returncode == 0, done.stderr
    header = done.stdout.splitlines()[0].split()
    assert header == [
        "rank",
        "unit",
        "category",
        "score",
        "tier",
        "bonus",
        "deduction",
        "veto",
        "coverage",
    ]
    assert "发生较大生产安全事故" in done.stdout
    assert lines_up(done.stdout)


def test_previous_written_by_rank_feeds_previous_rank(tmp_path: Path) -> None:
    """A result written by `rank --format json` works as --previous for a 'previous_rank' tie-break."""
    (tmp_path / "scheme.toml").write_text(
        'raters = ["A"]\ntie_break = ["previous_rank"]\n', encoding="utf-8"
    )
    (tmp_path / "last.toml").write_text('raters = ["A"]\n', encoding="utf-8")
    (tmp_path / "last.csv").write_text("rater,unit,score\nA,x,70\nA,y,90\n", encoding="utf-8")
    (tmp_path / "now.csv").write_text("rater,unit,score\nA,x,80\nA,y,80\n", encoding="utf-8")
    assert (
        run(
            "rank",
            "last.csv",
            "--scheme",
            "last.toml",
            "--format",
            "json",
            "--out",
            "last.json",
            cwd=tmp_path,
        ).returncode
        == 0
    )
    without = run("rank", "now.csv", "--scheme", "scheme.toml", cwd=tmp_path)
    assert (without.returncode, without.stderr) == (
        1,
        "appraisal: scheme.toml: tie_break uses 'previous_rank', which needs last year's result; pass it with --previous RESULT.json.\n",
    )
    done = run(
        "rank", "now.csv", "--scheme", "scheme.toml", "--previous", "last.json", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    ranked = [line.split()[:2] for line in done.stdout.splitlines()[2:]]
    assert ranked == [["1", "y"], ["2", "x"]]  # tied at 80: y was ahead last year


def test_explain_with_events(county: Path) -> None:
    """explain shows a unit's bonus with its evidence, and a veto with its reason."""
    one = run("explain", "scores.csv", "--scheme", "scheme.toml", *events(), "东河镇", cwd=county)
    assert one.returncode == 0, one.stderr
    assert "bonus +2: 获评省级文明乡镇 [2024-J-017]" in one.stdout
    vetoed = run(
        "explain", "scores.csv", "--scheme", "scheme.toml", *events(), "西山镇", cwd=county
    )
    assert "vetoed (发生较大生产安全事故)" in vetoed.stdout


@pytest.mark.parametrize(
    ("option", "content", "complaint"),
    [
        (
            "--adjustments",
            "unit,kind,points,reason\n东河镇,bonus,two,award\n",
            "appraisal: events.csv line 2: points must be a number, such as 2 or 1.5; got 'two'.\n",
        ),
        (
            "--adjustments",
            "unit,kind,points,reason\n东河,bonus,2,award\n",
            "appraisal: events.csv line 2: unit '东河' is not in the score sheet; did you mean '东河镇'?\n",
        ),
        (
            "--vetoes",
            "unit\n西山镇\n",
            "appraisal: events.csv line 1: the header of a vetoes file must be unit,reason; got ['unit'], which lacks 'reason'.\n",
        ),
        ("--previous", "{}", "appraisal: events.csv: 'format' must be 'appraisal.result/1'"),
    ],
)
def test_bad_event_files_exit_1(county: Path, option: str, content: str, complaint: str) -> None:
    """A malformed event or result file exits 1 with one line naming the file and the line."""
    (county / "events.csv").write_text(content, encoding="utf-8")
    for command in (["rank"], ["explain"]):
        unit = ["东河镇"] if command == ["explain"] else []
        done = run(
            *command,
            "scores.csv",
            "--scheme",
            "scheme.toml",
            option,
            "events.csv",
            *unit,
            cwd=county,
        )
        assert done.returncode == 1
        assert done.stdout == ""
        assert done.stderr.startswith(complaint)


def test_missing_event_file_exits_1(county: Path) -> None:
    """An event file that is not there exits 1 and names it."""
    done = run("rank", "scores.csv", "--scheme", "scheme.toml", "--vetoes", "no.csv", cwd=county)
    assert (done.returncode, done.stderr) == (1, "appraisal: no.csv: no such file.\n")


def test_compare_table(county: Path) -> None:
    """compare prints the comparison: units by progress within category, new units, renamed ones matched."""
    this_year(county)
    current, previous = data.appraise_example()
    done = run("compare", "current.json", "previous.json", "--rename", "柳林镇=柳林乡", cwd=county)
    assert done.returncode == 0, done.stderr
    assert done.stdout == str(current.compare(previous, renamed={"柳林镇": "柳林乡"})) + "\n"
    assert done.stdout.splitlines()[-1] == "new: 物流园区"
    assert lines_up("\n".join(done.stdout.splitlines()[:-1]))
    plain = run("compare", "current.json", "previous.json", cwd=county)
    assert plain.stdout.splitlines()[-2:] == ["new: 柳林镇, 物流园区", "gone: 柳林乡"]


def test_compare_formats(county: Path) -> None:
    """csv has a row per unit of either year; json is the comparison; md is a Markdown table."""
    this_year(county)
    current, previous = data.appraise_example()
    comparison = current.compare(previous, renamed=data.RENAMED)
    args = ["compare", "current.json", "previous.json", "--rename", "柳林镇=柳林乡", "--format"]
    csv_out = run(*args, "csv", cwd=county)
    assert csv_out.returncode == 0, csv_out.stderr
    lines = csv_out.stdout.splitlines()
    assert lines[0].split(",") == list(comparison.table()[0])
    assert len(lines) == 1 + 17 + 1  # 17 units in both years, one new
    assert lines[-1].startswith("物流园区,,开发区,83.52,,,2,,,良好")
    json_out = json.loads(run(*args, "json", cwd=county).stdout)
    assert json_out["format"] == "appraisal.comparison/1"
    rows = comparison.table()
    for row in rows:
        row["score_change"] = round(row["score_change"], 2)
    assert json_out["rows"] == rows
    assert json_out["rows"][0]["score_change"] == 4.08
    assert (json_out["new"], json_out["gone"], json_out["scheme_differences"]) == (
        ["物流园区"],
        [],
        [],
    )
    md_out = run(*args, "md", cwd=county).stdout
    assert md_out.startswith("| unit | category | score | change |")
    assert md_out.rstrip().endswith("New this year: 物流园区.")


def test_compare_gone_units_and_scheme_differences(county: Path) -> None:
    """A unit gone since last year is a CSV row without this year's name; differing schemes are listed."""
    last_year(county)
    text = (county / "scheme.toml").read_text(encoding="utf-8")
    (county / "other.toml").write_text(
        text.replace("share = 0.2", "share = 0.15"), encoding="utf-8"
    )
    done = run(
        "rank",
        "scores.csv",
        "--scheme",
        "other.toml",
        "--format",
        "json",
        "--out",
        "now.json",
        cwd=county,
    )
    assert done.returncode == 0, done.stderr
    table = run("compare", "now.json", "previous.json", cwd=county).stdout
    assert table.splitlines()[-1] == "the schemes differ in: tiers"
    rows = run("compare", "now.json", "previous.json", "--format", "csv", cwd=county).stdout
    assert rows.splitlines()[-1] == ",柳林乡,乡镇,,86.24,,,3,,,良好,,"


def test_compare_out_file(county: Path) -> None:
    """--out writes the file (CSV with a byte order mark) and says so."""
    this_year(county)
    done = run(
        "compare", "current.json", "previous.json", "--format", "csv", "--out", "c.csv", cwd=county
    )
    assert (done.returncode, done.stdout) == (0, "wrote c.csv\n")
    assert (county / "c.csv").read_bytes().startswith(b"\xef\xbb\xbfunit,previous_unit,")
    md = run(
        "compare", "current.json", "previous.json", "--format", "md", "--out", "c.md", cwd=county
    )
    assert md.returncode == 0
    assert (county / "c.md").read_text(encoding="utf-8").startswith("| unit |")


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (("no.json", "previous.json"), "appraisal: no.json: no such file.\n"),
        (
            ("scores.csv", "previous.json"),
            "appraisal: scores.csv line 1: text must be valid JSON; got Expecting value at column 1.\n",
        ),
        (
            ("current.json", "previous.json", "--rename", "柳林镇=柳林"),
            "appraisal: compare: renamed maps '柳林镇' to '柳林', which is not a unit last year.\n",
        ),
        (
            ("current.json", "previous.json", "--rename", "柳林=柳林乡"),
            "appraisal: compare: renamed names '柳林', which is not a unit this year.\n",
        ),
        (
            (
                "current.json",
                "previous.json",
                "--rename",
                "柳林镇=柳林乡",
                "--rename",
                "柳林镇=松岗乡",
            ),
            "appraisal: --rename: '柳林镇' is renamed twice, from '柳林乡' and from '松岗乡'; renaming is one to one.\n",
        ),
    ],
)
def test_compare_failures_exit_1(county: Path, args: tuple[str, ...], complaint: str) -> None:
    """compare exits 1 with one line for a missing or malformed file and a bad renaming."""
    this_year(county)
    done = run("compare", *args, cwd=county)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", complaint)


def test_check_takes_the_events_rank_takes(county: Path) -> None:
    """check reads --adjustments, --vetoes and --previous as rank does, and fails where rank fails."""
    (county / "bonus.csv").write_text(
        "unit,kind,points,reason,evidence\n东河鎮,bonus,1,award,\n", encoding="utf-8"
    )
    inputs = ["scores.csv", "--scheme", "scheme.toml", "--adjustments", "bonus.csv"]
    checked = run("check", *inputs, cwd=county)
    ranked = run("rank", *inputs, cwd=county)
    assert checked.returncode == ranked.returncode == 1
    assert "东河鎮" in ranked.stderr
    assert checked.stderr == ranked.stderr


def _one_group_short(folder: Path) -> list[str]:
    """A scheme whose 35 % group did not score West, renormalised: one flag."""
    (folder / "scheme.toml").write_text(
        'missing_groups = "renormalize"\n'
        '[[raters]]\nname = "quantitative"\nweight = 0.65\nmembers = ["A"]\n'
        '[[raters]]\nname = "other"\nweight = 0.35\nmembers = ["B"]\n',
        encoding="utf-8",
    )
    (folder / "scores.csv").write_text(
        "rater,unit,score\nA,East,80\nB,East,60\nA,West,90\n", encoding="utf-8"
    )
    return ["scores.csv", "--scheme", "scheme.toml"]


@pytest.mark.parametrize("command", ["rank", "check"])
def test_flags_are_warning_lines_on_stderr(tmp_path: Path, command: str) -> None:
    """Each flag is a `warning:` line on stderr; rank's stdout holds only the table."""
    done = run(command, *_one_group_short(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    line = (
        "warning: West: no score from rater group 'other' (35 %): 'quantitative' carried its weight"
    )
    if command == "rank":
        assert done.stderr == line + "\n"
        assert "warning" not in done.stdout
        assert done.stdout.splitlines()[0].split() == ["rank", "unit", "score", "coverage"]
    else:
        assert line in done.stdout  # check lists problems and warnings, apart


@pytest.mark.parametrize("command", ["rank", "check", "explain"])
def test_strict_turns_a_warning_into_exit_1_and_no_output(tmp_path: Path, command: str) -> None:
    """--strict: a warning makes the command fail; rank and explain then print nothing on stdout."""
    unit = ["West"] if command == "explain" else []
    done = run(command, *_one_group_short(tmp_path), *unit, "--strict", cwd=tmp_path)
    assert done.returncode == 1
    if command != "check":
        assert done.stdout == ""
        assert "--strict: 1 warning, so no output was written." in done.stderr
    json_out = run(
        "rank",
        *_one_group_short(tmp_path),
        "--format",
        "json",
        "--strict",
        "--out",
        "r.json",
        cwd=tmp_path,
    )
    assert json_out.returncode == 1
    assert not (tmp_path / "r.json").exists()


def test_check_exits_1_only_on_problems_unless_strict(tmp_path: Path) -> None:
    """A warning alone: check exits 0; with --strict, 1."""
    inputs = _one_group_short(tmp_path)
    assert run("check", *inputs, cwd=tmp_path).returncode == 0
    assert run("check", *inputs, "--strict", cwd=tmp_path).returncode == 1


def test_robust(county: Path) -> None:
    """robust: a sentence per top-level group, then margins and intervals per unit, in every format."""
    args = ("robust", "scores.csv", "--scheme", "scheme.toml", "--adjustments", "adjustments.csv")
    args += ("--vetoes", "vetoes.csv", "--draws", "1024", "--bootstrap", "100")
    done = run(*args, cwd=county)
    assert done.returncode == 0, done.stderr
    assert "定量考核部门: its share 65.00% can move to [" in done.stdout
    table = done.stdout.split("\n\n", 1)[1]
    assert lines_up(table.rstrip("\n"))
    rows = json.loads(run(*args, "--format", "json", cwd=county).stdout)["units"]
    assert {"to_place", "to_tier", "lead", "smaa_rank_90", "bootstrap_p_tier", "score_se"} <= set(
        rows[0]
    )
    assert run(*args, "--format", "csv", cwd=county).stdout.startswith("unit,category,rank,tier,")
    bad = run("robust", "scores.csv", "--scheme", "scheme.toml", "--group", "定量考核", cwd=county)
    assert bad.returncode == 1
    assert "did you mean '定量考核部门'" in bad.stderr
