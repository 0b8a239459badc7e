"""``appraisal report``: the example county's files to one HTML file."""

from pathlib import Path

import pytest

from appraisal.cli import main
from appraisal.data import appraise_example, example_paths


def test_report_command_writes_html(tmp_path: Path) -> None:
    """The command reads the example's files and last year's result and writes the report."""
    pytest.importorskip("jinja2", reason="the report needs the report and plot extras")
    pytest.importorskip("matplotlib", reason="the report needs the report and plot extras")
    paths = example_paths()
    previous = tmp_path / "previous.json"
    previous.write_text(appraise_example()[1].to_json(), encoding="utf-8")
    out = tmp_path / "report.html"
    argv = [
        "report",
        str(paths.scores),
        "--scheme",
        str(paths.scheme),
        "--adjustments",
        str(paths.adjustments),
        "--vetoes",
        str(paths.vetoes),
        "--previous",
        str(previous),
        "--renamed",
        "柳林镇=柳林乡",
        "--lang",
        "zh",
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    text = out.read_text(encoding="utf-8")
    assert '<section id="comparison"' in text
    assert "考评报告" in text
    assert text.count("<svg") == 8


def test_report_command_markdown(tmp_path: Path, capsys) -> None:
    """--format md prints Markdown."""
    paths = example_paths()
    argv = ["report", str(paths.scores), "--scheme", str(paths.scheme), "--format", "md"]
    assert main([*argv, "--no-robustness"]) == 0
    assert capsys.readouterr().out.startswith("# Appraisal report\n")
