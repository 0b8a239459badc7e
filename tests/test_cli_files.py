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
