"""Score sheets: builders, ordering, read-only storage."""

import numpy as np
import pytest

import appraisal as ap


def test_records_sort_labels_and_keep_missing_units() -> None:
    """Raters, units and criteria are sorted; a unit whose only score is None is kept."""
    sheet = ap.ScoreSheet.from_records(
        [("B", "y", "c", 1), ("A", "x", "c", 2), ("A", "z", "c", None)]
    )
    assert sheet.raters == ("A", "B")
    assert sheet.units == ("x", "y", "z")
    assert np.isnan(sheet.values[:, 2]).all()


def test_unit_order_is_respected_and_may_add_units() -> None:
    """unit_order fixes the units' order and may list units without records."""
    sheet = ap.ScoreSheet.from_records([("A", "x", "c", 2)], unit_order=["y", "x"])
    assert sheet.units == ("y", "x")
    assert np.isnan(sheet.values[0, 0, 0])


def test_mapping_records() -> None:
    """A record may be a mapping with the four keys."""
    sheet = ap.ScoreSheet.from_records([{"rater": "A", "unit": "x", "criterion": "c", "score": 5}])
    assert sheet.values[0, 0, 0] == 5


def test_columns_equal_records() -> None:
    """from_columns and from_records build the same sheet."""
    rng = np.random.default_rng(3)
    raters = rng.choice(["A", "B", "C"], 60)
    units = rng.choice([f"u{i}" for i in range(30)], 60)
    criteria = rng.choice(["x", "y"], 60)
    keys = sorted(set(zip(raters, units, criteria, strict=True)))
    r, u, c = (np.array(k) for k in zip(*keys, strict=True))
    scores = rng.uniform(0, 100, len(keys))
    by_columns = ap.ScoreSheet.from_columns(r, u, c, scores)
    by_records = ap.ScoreSheet.from_records(
        list(zip(r.tolist(), u.tolist(), c.tolist(), scores.tolist(), strict=True))
    )
    assert by_columns == by_records


def test_values_are_a_read_only_copy() -> None:
    """Changing the caller's array never changes the sheet, and the sheet's array is read-only."""
    values = np.ones((1, 2, 1))
    sheet = ap.ScoreSheet.from_array(values, raters=["A"], units=["x", "y"])
    values[0, 0, 0] = 99
    assert sheet.values[0, 0, 0] == 1
    with pytest.raises(ValueError, match="read-only"):
        sheet.values[0, 0, 0] = 5


def test_equality_treats_nan_as_equal() -> None:
    """Two sheets with the same labels and the same NaN pattern are equal."""
    a = ap.ScoreSheet.from_array([[1.0, np.nan]], raters=["A"], units=["x", "y"])
    b = ap.ScoreSheet.from_array([[1.0, np.nan]], raters=["A"], units=["x", "y"])
    assert a == b


def test_none_in_columns_is_missing() -> None:
    """None among column scores marks a missing score."""
    sheet = ap.ScoreSheet.from_columns(["A", "A"], ["x", "y"], ["c", "c"], [1.0, None])
    assert np.isnan(sheet.values[0, 1, 0])
