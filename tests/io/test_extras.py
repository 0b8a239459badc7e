"""Without an extra, a file that needs it is refused with a message naming the extra."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import appraisal as ap
from appraisal.cli import main


def test_workbook_without_the_excel_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """load_sheet, dump_sheet and the command line name appraisal[excel]."""
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    path = tmp_path / "scores.xlsx"
    path.write_bytes(b"PK\x03\x04")
    message = "reading and writing .xlsx needs the excel extra: pip install 'appraisal[excel]'."
    with pytest.raises(ImportError, match=re.escape(message)):
        ap.load_sheet(path)
    with pytest.raises(ImportError, match=re.escape(message)):
        ap.dump_sheet(ap.ScoreSheet(["A"], ["x"], ["c"], [[[1.0]]]), tmp_path / "out.xlsx")
    scheme = tmp_path / "scheme.toml"
    scheme.write_text('raters = ["A"]\n[[criteria]]\nname = "c"\n', encoding="utf-8")
    assert main(["rank", str(path), "--scheme", str(scheme)]) == 1
    assert capsys.readouterr().err == f"appraisal: {message}\n"


def test_parquet_without_the_arrow_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parquet and engine="arrow" name appraisal[arrow]; engine="auto" reads CSV without it."""
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    path = tmp_path / "scores.parquet"
    path.write_bytes(b"PAR1")
    message = "reading and writing .parquet, .arrow and .feather, and engine='arrow', need the arrow extra: pip install 'appraisal[arrow]'."
    with pytest.raises(ImportError, match=re.escape(message)):
        ap.load_sheet(path)
    big = tmp_path / "scores.csv"
    big.write_text("rater,unit,score\n" + "A,x,1\n" + "\n" * (1 << 20), encoding="utf-8")
    with pytest.raises(ImportError, match=re.escape(message)):
        ap.load_sheet(big, engine="arrow")
    assert ap.load_sheet(big).values.tolist() == [[[1.0]]]
