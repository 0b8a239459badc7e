"""The command line with other sheet files: header aliases, --columns, workbooks, Parquet, convert."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from appraisal import data
from appraisal.cli import main


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """A folder with the example's files, as `appraisal example` writes them."""
    for path in data.example_paths().files():
        shutil.copyfile(path, tmp_path / path.name)
    return tmp_path


def renamed(county: Path, header: str) -> Path:
    """The example's scores.csv with another header line."""
    lines = (county / "scores.csv").read_text(encoding="utf-8-sig").splitlines()
    path = county / "renamed.csv"
    path.write_text("\n".join([header, *lines[1:]]) + "\n", encoding="utf-8")
    return path


def test_rank_reads_chinese_headers_and_columns(
    county: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Chinese header ranks like the English one; --columns maps headers the table lacks."""
    scheme = str(county / "scheme.toml")
    assert main(["rank", str(county / "scores.csv"), "--scheme", scheme]) == 0
    english = capsys.readouterr().out
    zh = renamed(county, "评分部门,被考核单位,经济发展,项目建设,征地拆迁,民生服务")
    assert main(["rank", str(zh), "--scheme", scheme]) == 0
    assert capsys.readouterr().out == english
    odd = renamed(county, "打分,乡镇,经济发展,项目建设,征地拆迁,民生服务")
    columns = "打分=rater,乡镇=unit"
    assert main(["rank", str(odd), "--scheme", scheme, "--columns", columns]) == 0
    assert capsys.readouterr().out == english
    assert main(["check", str(odd), "--scheme", scheme, "--columns", columns]) == 0
    assert main(["rank", str(odd), "--scheme", scheme, "--columns", "打分=rater"]) == 1
    assert "the header must be rater,unit" in capsys.readouterr().err
    assert main(["rank", str(odd), "--scheme", scheme, "--columns", "打分"]) == 1
    err = capsys.readouterr().err
    assert (
        err
        == "appraisal: --columns: each part must be NAME=ROLE, such as 评分部门=rater; got '打分'.\n"
    )


def test_rank_writes_a_workbook(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format xlsx --out writes a sheet per category; without --out it says what is needed."""
    calamine = pytest.importorskip("python_calamine", reason="the excel extra is not installed")
    scheme, out = str(county / "scheme.toml"), county / "result.xlsx"
    args = ["rank", str(county / "scores.csv"), "--scheme", scheme, "--format", "xlsx"]
    assert main([*args, "--out", str(out), "--lang", "zh"]) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    names = calamine.CalamineWorkbook.from_path(str(out)).sheet_names
    assert names == ["乡镇", "开发区", "得分构成"]
    assert main(args) == 1
    message = "appraisal: --format xlsx writes a workbook, so it needs --out FILE.xlsx.\n"
    assert capsys.readouterr().err == message


def test_convert_between_formats(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CSV to workbook to JSON and back gives the same sheet; commands read the workbook."""
    pytest.importorskip("python_calamine", reason="the excel extra is not installed")
    import appraisal as ap

    source, book, plain = county / "scores.csv", county / "scores.xlsx", county / "scores.json"
    assert main(["convert", str(source), str(book)]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {book} (")
    assert main(["convert", str(book), str(plain), "--worksheet", "scores"]) == 0
    assert ap.load_sheet(plain) == ap.load_sheet(source)
    assert main(["convert", str(source), str(book)]) == 1
    assert "pass --force to overwrite it" in capsys.readouterr().err
    scheme = str(county / "scheme.toml")
    for command in ("check", "explain"):
        extra = ["东河镇"] if command == "explain" else []
        assert main([command, str(book), "--scheme", scheme, "--worksheet", "scores", *extra]) == 0


def test_rank_and_robust_read_parquet(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Parquet sheet (written by convert) ranks as its CSV does; robust reads it too."""
    pytest.importorskip("pyarrow", reason="the arrow extra is not installed")
    scheme = str(county / "scheme.toml")
    table = county / "scores.parquet"
    assert main(["convert", str(county / "scores.csv"), str(table)]) == 0
    capsys.readouterr()
    assert main(["rank", str(county / "scores.csv"), "--scheme", scheme]) == 0
    expected = capsys.readouterr().out
    assert main(["rank", str(table), "--scheme", scheme]) == 0
    assert capsys.readouterr().out == expected
    assert main(["robust", str(table), "--scheme", scheme]) == 0
