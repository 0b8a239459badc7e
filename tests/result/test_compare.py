"""Year over year: score, place and tier changes, progress ranks, renamed, new and gone units."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import attrs
import pytest

import appraisal as ap

TOLERANCE = 1e-9 * 100.0  # relative 1e-9 of the 0..100 scale
TIERS = [ap.Tier("A", min_score=85), ap.Tier("B", min_score=75), ap.Tier("C")]
CATEGORIES = {"t1": "town", "t2": "town", "t3": "town", "t4": "town", "z1": "zone", "z2": "zone"}
LAST_YEAR = {"t1": 90, "t2": 85, "t3": 80, "t4": 70, "z1": 60, "z2": 75}
THIS_YEAR = {"t1": 82, "t2": 88, "t3": 95, "t4": 60, "z1": 78, "z2": 70}
# Ranks within category, last year -> this year, and places gained (previous − now):
#   t1 1 -> 3 (−2), t2 2 -> 2 (0), t3 3 -> 1 (+2), t4 4 -> 4 (0); z1 2 -> 1 (+1), z2 1 -> 2 (−1).
# Tiers (A ≥ 85, B ≥ 75, else C), last year -> this year:
#   t1 A -> B down, t2 A -> A same, t3 B -> A up, t4 C -> C same; z1 C -> B up, z2 B -> C down.
# Progress in town: t3 (+2) 1, t2 and t4 (0) share 2, t1 (−2) 4; in zone: z1 1, z2 2.


def _year(scores: Mapping[str, float | None], **scheme: Any) -> ap.Appraisal:
    """One rater, one criterion: a unit's published score is what the rater gave it."""
    sheet = ap.ScoreSheet.from_records(("R", unit, "score", v) for unit, v in scores.items())
    return ap.appraise(sheet, ap.Scheme(["R"], **scheme))


def _comparison() -> ap.Comparison:
    last = _year(LAST_YEAR, categories=CATEGORIES, tiers=TIERS)
    return _year(THIS_YEAR, categories=CATEGORIES, tiers=TIERS).compare(last)


def _by_unit(comparison: ap.Comparison) -> dict[str, ap.ComparisonRow]:
    return {row.unit: row for row in comparison.rows}


def test_places_gained_is_previous_rank_minus_rank() -> None:
    """Places gained is last year's rank within the category minus this year's."""
    rows = _by_unit(_comparison())
    assert {unit: (row.previous_rank, row.rank) for unit, row in rows.items()} == {
        "t1": (1.0, 3.0),
        "t2": (2.0, 2.0),
        "t3": (3.0, 1.0),
        "t4": (4.0, 4.0),
        "z1": (2.0, 1.0),
        "z2": (1.0, 2.0),
    }
    assert {unit: row.places_gained for unit, row in rows.items()} == {
        "t1": -2.0,
        "t2": 0.0,
        "t3": 2.0,
        "t4": 0.0,
        "z1": 1.0,
        "z2": -1.0,
    }


def test_score_change_is_score_minus_previous_score() -> None:
    """Score change is this year's published score minus last year's."""
    for unit, row in _by_unit(_comparison()).items():
        assert (row.score, row.previous_score) == (THIS_YEAR[unit], LAST_YEAR[unit])
        assert row.score_change == pytest.approx(THIS_YEAR[unit] - LAST_YEAR[unit], abs=TOLERANCE)


def test_tier_change_follows_the_tier_order() -> None:
    """A better tier than last year is "up", a worse one "down", the same one "same"."""
    rows = _by_unit(_comparison())
    assert {unit: (row.previous_tier, row.tier, row.tier_change) for unit, row in rows.items()} == {
        "t1": ("A", "B", "down"),
        "t2": ("A", "A", "same"),
        "t3": ("B", "A", "up"),
        "t4": ("C", "C", "same"),
        "z1": ("C", "B", "up"),
        "z2": ("B", "C", "down"),
    }


def test_no_tiers_no_tier_change() -> None:
    """Without tiers there is no tier change."""
    comparison = _year({"x": 80}).compare(_year({"x": 70}))
    assert (comparison.rows[0].tier, comparison.rows[0].tier_change) == (None, None)


def test_progress_rank_within_category_with_ties() -> None:
    """The unit that gained most places in its category is 1; equal gains share a place."""
    rows = _by_unit(_comparison())
    assert {unit: (row.category, row.progress_rank) for unit, row in rows.items()} == {
        "t1": ("town", 4.0),
        "t2": ("town", 2.0),
        "t3": ("town", 1.0),
        "t4": ("town", 2.0),
        "z1": ("zone", 1.0),
        "z2": ("zone", 2.0),
    }


def test_unit_not_scored_this_year_has_no_change() -> None:
    """A unit nobody scored this year keeps its row, with no score change, places gained or progress rank."""
    # Last year a 1, b 2, c 3; this year b 1, c 2: both gained 1 place and share progress rank 1.
    comparison = _year({"a": None, "b": 90, "c": 60}).compare(_year({"a": 80, "b": 70, "c": 60}))
    rows = _by_unit(comparison)
    a = rows["a"]
    assert (a.score, a.previous_score, a.score_change) == (None, 80.0, None)
    assert (a.rank, a.previous_rank, a.places_gained, a.progress_rank) == (None, 1.0, None, None)
    assert [(rows[u].places_gained, rows[u].progress_rank) for u in "bc"] == [(1.0, 1.0)] * 2


def test_renamed_units_are_paired() -> None:
    """renamed={new: old} pairs this year's name with last year's; neither is new or gone."""
    last = _year({"East Township": 80, "West": 90})
    comparison = _year({"East Town": 95, "West": 85}).compare(
        last, renamed={"East Town": "East Township"}
    )
    east = _by_unit(comparison)["East Town"]
    # East: 95 − 80 = +15, rank 2 -> 1: one place gained.
    assert (east.previous_unit, east.previous_score, east.places_gained) == (
        "East Township",
        80.0,
        1.0,
    )
    assert east.score_change == pytest.approx(15.0, abs=TOLERANCE)
    assert _by_unit(comparison)["West"].previous_unit == "West"
    assert comparison.new == comparison.gone == ()


def test_without_renamed_a_renamed_unit_is_new_and_gone() -> None:
    """Units only this year are listed as new, units only last year as gone; neither is dropped."""
    last = _year({"East Township": 80, "West": 90, "Old Farm": 70})
    comparison = _year({"East Town": 95, "West": 85, "Zone C": 60}).compare(last)
    assert [row.unit for row in comparison.rows] == ["West"]
    assert comparison.new == ("East Town", "Zone C")
    assert comparison.gone == ("East Township", "Old Farm")


@pytest.mark.parametrize(
    ("renamed", "says"),
    [
        ({"East Town": "West", "Zone C": "West"}, "renaming is one to one"),
        ({"Nowhere": "West"}, "'Nowhere', which is not a unit this year"),
        ({"East Town": "Nowhere"}, "'Nowhere', which is not a unit last year"),
    ],
    ids=["two-to-one", "unknown-new", "unknown-old"],
)
def test_renamed_must_be_one_to_one_between_known_units(renamed: dict[str, str], says: str) -> None:
    """renamed may not merge two units nor name a unit missing from its year."""
    last = _year({"East Township": 80, "West": 90})
    this = _year({"East Town": 95, "West": 85, "Zone C": 60})
    with pytest.raises(ap.InputError, match=re.escape(says)):
        this.compare(last, renamed=renamed)


def test_scheme_differences_name_the_settings() -> None:
    """The comparison names each scheme setting that differs between the years, and none when equal."""
    last = _year({"x": 80})
    assert _year({"x": 81}).compare(last).scheme_differences == ()
    assert _year({"x": 81}, decimals=1).compare(last).scheme_differences == ("decimals",)
    assert _year({"x": 81}, decimals=1, tiers=TIERS).compare(last).scheme_differences == (
        "decimals",
        "tiers",
    )


def test_table_rows_are_plain_dicts_in_order() -> None:
    """table() gives one JSON-ready dict per unit, the row's fields in order, by progress within category."""
    table = _comparison().table()
    assert [row["unit"] for row in table] == ["t3", "t2", "t4", "t1", "z1", "z2"]
    assert all(type(row) is dict for row in table)
    assert {type(value) for row in table for value in row.values()} == {str, float}
    assert list(table[0]) == [a.name for a in attrs.fields(ap.ComparisonRow)]
    assert list(table[0]) == [
        "unit",
        "previous_unit",
        "category",
        "score",
        "previous_score",
        "score_change",
        "rank",
        "previous_rank",
        "places_gained",
        "tier",
        "previous_tier",
        "tier_change",
        "progress_rank",
    ]
    assert json.loads(json.dumps(table)) == table


def test_text_lists_new_gone_and_scheme_differences() -> None:
    """str() shows each unit in both years, then the new and gone units and the differing settings."""
    last = _year({"Old Farm": 70, "West": 90}, decimals=1)
    text = str(_year({"Zone C": 60, "West": 85}).compare(last))
    lines = text.splitlines()
    assert lines[0].split() == [
        "unit",
        "score",
        "change",
        "rank",
        "places",
        "gained",
        "tier",
        "progress",
    ]
    assert lines[2].split() == ["West", "85.00", "-5.00", "1", "+0", "-", "1"]
    assert lines[3:] == ["new: Zone C", "gone: Old Farm", "the schemes differ in: decimals"]
