"""The robustness summary as plain files: CSV cells neutralised as text, numbers left as numbers."""

import csv
import io

from appraisal.robustness.summary import render


def test_csv_quotes_formula_text_but_not_negative_numbers() -> None:
    """A unit or tier that looks like a formula gets a quote; a negative margin stays a number."""
    rows = [
        {"unit": "East", "tier": "＝good", "to_place": -0.5, "lead": None, "rank_90": "3-5"},
        {"unit": "x-1", "tier": "-", "to_place": 1.25, "lead": float("inf"), "rank_90": "1-1"},
    ]
    read = list(csv.DictReader(io.StringIO(render([], rows, "csv"))))
    assert read == [
        {"unit": "East", "tier": "'＝good", "to_place": "-0.5", "lead": "", "rank_90": "3-5"},
        {"unit": "x-1", "tier": "'-", "to_place": "1.25", "lead": "inf", "rank_90": "1-1"},
    ]
