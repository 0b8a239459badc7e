"""The dataframe libraries stay optional: never imported with appraisal, named when missing."""

import re
import subprocess
import sys

import pytest

import appraisal as ap
from appraisal.model import frame_columns as model_frames
from appraisal.result import frames as result_frames

SHEET = ap.ScoreSheet.from_records([("A", "x", "score", 90)])


def test_appraisal_imports_no_dataframe_library() -> None:
    """`import appraisal` (and a whole appraisal) loads neither pandas, polars, pyarrow nor narwhals."""
    code = (
        "import sys, appraisal as ap\n"
        "ap.appraise(ap.ScoreSheet.from_records([('A', 'x', 'score', 1)]), ap.Scheme(['A']))\n"
        "print(sorted(m for m in ('pandas', 'polars', 'pyarrow', 'narwhals') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def _missing(*names: str) -> object:
    real = model_frames.find_spec

    def find_spec(name: str) -> object:
        return None if name in names else real(name)

    return find_spec


def test_missing_narwhals_names_the_extras(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without narwhals, reading a frame says which extras bring it."""
    monkeypatch.setattr(model_frames, "find_spec", _missing("narwhals"))
    message = "ScoreSheet.from_frame needs narwhals, which the pandas and polars extras bring: pip install 'appraisal[pandas]' or 'appraisal[polars]'."
    with pytest.raises(ImportError, match=re.escape(message)):
        ap.ScoreSheet.from_frame(object())


def test_old_narwhals_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """A narwhals older than 1.36 (no Enum categories) is refused with the version found."""
    narwhals = pytest.importorskip("narwhals", reason="the pandas and polars extras bring narwhals")
    monkeypatch.setattr(narwhals, "__version__", "1.30.0")
    with pytest.raises(ImportError, match=re.escape("needs narwhals>=1.36; found 1.30.0")):
        ap.ScoreSheet.from_frame(object())


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_missing_backend_names_its_extra(monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    """A backend whose library is missing names the extra to install."""
    monkeypatch.setattr(result_frames, "find_spec", _missing(backend))
    result = ap.appraise(SHEET, ap.Scheme(["A"]))
    message = f"Appraisal.to_frame: backend {backend!r} needs {backend}: pip install 'appraisal[{backend}]'."
    with pytest.raises(ImportError, match=re.escape(message)):
        result.to_frame(backend=backend)


def test_unknown_layout_before_any_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown layout is named even where no dataframe library is installed."""
    monkeypatch.setattr(model_frames, "find_spec", _missing("narwhals"))
    with pytest.raises(ap.InputError, match=re.escape("layout must be one of 'long', 'wide'")):
        ap.ScoreSheet.from_frame(object(), layout="tall")
    with pytest.raises(ap.InputError, match=re.escape("layout must be one of 'long', 'wide'")):
        result_frames.sheet_to_frame(SHEET, layout="tall")
