"""Every sheet format gives back the sheet it was given, with the same canonical hash."""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path

from hypothesis import given, settings

import appraisal as ap
from appraisal.result.manifest import sheet_sha256
from tests.strategies import sheets

SUFFIXES = [
    ".csv",
    ".json",
    *([".xlsx"] if importlib.util.find_spec("python_calamine") else []),
    *([".parquet", ".feather"] if importlib.util.find_spec("pyarrow") else []),
]


@settings(max_examples=40, deadline=None)
@given(sheets())
def test_sheet_survives_every_format(sheet: ap.ScoreSheet) -> None:
    """Values, labels and categories come back equal, and the sheet hashes the same."""
    with tempfile.TemporaryDirectory() as folder:
        for suffix in SUFFIXES:
            path = Path(folder) / f"scores{suffix}"
            ap.dump_sheet(sheet, path)
            again = ap.load_sheet(path)  # canonical sheets: labels sorted, as loaders sort them
            assert again.raters == sheet.raters, suffix
            assert again.criteria == sheet.criteria, suffix
            assert again.units == sheet.units, suffix
            assert again.categories == sheet.categories, suffix
            assert again.values.tobytes() == sheet.values.tobytes(), suffix
            assert sheet_sha256(again) == sheet_sha256(sheet), suffix
