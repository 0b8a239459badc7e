"""Fair by default: nothing that changes a published number happens silently."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import appraisal as ap
from appraisal.io.sheets import check_sheet
from appraisal.pipeline.check import check
from appraisal.reliability import leave_one_out
from tests.strategies import cubes, schemes, sheet_of
from tests.tolerance import rtol

TWO_GROUPS = ap.Scheme(
    [
        ap.RaterGroup("quantitative", 0.65, members=["Finance", "Audit"]),
        ap.RaterGroup("other", 0.35, members=["Education"]),
    ]
)
ONLY_QUANTITATIVE = ap.ScoreSheet.from_records(
    [
        ("Finance", "East", "score", 80.0),
        ("Audit", "East", "score", 70.0),
        ("Education", "East", "score", 90.0),
        ("Finance", "West", "score", 95.0),
    ]
)


def _flags_and_warnings(call: Any) -> tuple[Any, list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = call()
    return value, caught


def test_a_unit_scored_by_one_of_two_groups_is_a_problem_by_default() -> None:
    """The 65/35 split is what the scheme publishes: a unit without the 35 % is refused, named."""
    message = "score sheet: unit 'West' has no score from rater group 'other', which carries 35 % of the result; supply the scores, or set missing_groups='renormalize' to let the other groups carry its weight."
    with pytest.raises(ap.ScoreError, match=f"^{re.escape(message)}$"):
        ap.appraise(ONLY_QUANTITATIVE, TWO_GROUPS)
    assert [p.kind for p in check(ONLY_QUANTITATIVE, TWO_GROUPS).problems] == ["group"]


def test_renormalize_publishes_flags_warns_and_explains() -> None:
    """With renormalize the unit is published, flagged once, warned once, and explained."""
    scheme = attrs.evolve(TWO_GROUPS, missing_groups="renormalize")
    result, caught = _flags_and_warnings(lambda: ap.appraise(ONLY_QUANTITATIVE, scheme))
    assert result.score.tolist() == [80.25, 95.0]  # East 0.65·75 + 0.35·90; West Finance alone
    reason = "no score from rater group 'other' (35 %): 'quantitative' carried its weight"
    assert result.flags == (ap.Flag("West", reason),)
    assert len(caught) == 1
    assert issubclass(caught[0].category, ap.AppraisalWarning)
    assert reason in str(caught[0].message)
    assert reason in str(result.explain("West"))


def test_a_nested_panel_wholly_absent_is_an_absent_member() -> None:
    """A panel inside a group that did not sit for a unit is renormalised within its parent, no flag."""
    scheme = ap.Scheme(
        [
            ap.RaterGroup("quantitative", 0.65, members=["Finance"]),
            ap.RaterGroup(
                "other", 0.35, members=["Education", ap.RaterGroup("panel", members=["p1", "p2"])]
            ),
        ]
    )
    sheet = ap.ScoreSheet.from_records(
        [
            ("Finance", "East", "score", 80.0),
            ("Education", "East", "score", 60.0),
            ("p1", "West", "score", 70.0),
            ("p2", "West", "score", 74.0),
            ("Finance", "West", "score", 90.0),
            ("Education", "West", "score", 50.0),
        ]
    )
    result, caught = _flags_and_warnings(lambda: ap.appraise(sheet, scheme))
    assert result.base[0] == pytest.approx(0.65 * 80 + 0.35 * 60)
    assert result.flags == ()
    assert caught == []


@given(schemes(), st.data())
def test_renormalize_gives_the_weighted_result_of_the_remaining_groups(
    scheme: ap.Scheme, data: st.DataObject
) -> None:
    """Deleting one group's scores for one unit gives the remaining groups' weighted result, flagged."""
    scheme = attrs.evolve(scheme, missing_groups="renormalize", decimals=None)
    top = scheme.raters.members
    if len(top) < 2:
        return
    values = data.draw(cubes(scheme, n_units=2, holes=False))
    gone = data.draw(st.integers(0, len(top) - 1))
    rows = [scheme.rater_names.index(name) for name in top[gone].rater_names()]
    values[rows, 0] = np.nan
    result = ap.appraise(sheet_of(scheme, values), scheme)
    full = ap.appraise(sheet_of(scheme, np.where(np.isnan(values), 60.0, values)), scheme)
    position = {g.name: i for i, g in enumerate(scheme.groups)}
    weights = np.array([g.weight for g in top])
    kept = np.arange(len(top)) != gone
    group_scores = np.array([full.group_scores[position[g.name], 0] for g in top])
    expected = (weights[kept] @ group_scores[kept]) / weights[kept].sum()
    np.testing.assert_allclose(result.base[0], expected, rtol=1e-12)
    units = [f for f in result.flags if f.subject == "u0"]
    assert len(units) == 1
    assert f"rater group {top[gone].name!r}" in units[0].reason


def test_a_criterion_nobody_scored_is_a_problem_whatever_missing_says() -> None:
    """A wide CSV without one criterion column no longer shifts every score silently."""
    scheme = ap.Scheme(["A", "B"], [ap.Criterion("economy", 0.6), ap.Criterion("projects", 0.4)])
    sheet = ap.ScoreSheet.from_records(
        [("A", "x", "economy", 80.0), ("B", "x", "economy", 70.0), ("A", "y", "economy", 60.0)]
    )
    message = "score sheet: criterion 'projects' has no score anywhere in the score sheet; every criterion of the scheme must be scored (is its column missing?)."
    for missing in ("renormalize", "error"):
        with pytest.raises(ap.ScoreError, match=f"^{re.escape(message)}"):
            ap.appraise(sheet, attrs.evolve(scheme, missing=missing))


@pytest.mark.parametrize(
    "text",
    ["rater,unit,economy\nA,x,80\nB,x,70\n", "rater,unit,criterion,score\nA,x,economy,80\n"],
    ids=["wide-without-a-column", "long-without-a-criterion"],
)
def test_a_file_without_a_criterion_fails_the_check(tmp_path: Path, text: str) -> None:
    """Wide CSV lacking a column and long CSV where a criterion never appears: a named problem."""
    path = tmp_path / "scores.csv"
    path.write_text(text, encoding="utf-8")
    scheme = ap.Scheme(["A", "B"], [ap.Criterion("economy"), ap.Criterion("projects")])
    problems = check_sheet(path, scheme).problems
    assert [p.kind for p in problems] == ["criterion"]
    assert "'projects'" in problems[0].message
    with pytest.raises(ap.ScoreError, match="criterion 'projects' has no score anywhere"):
        ap.appraise(ap.load_sheet(path, scheme=scheme), scheme)


def test_a_department_that_scored_nothing_is_a_warning() -> None:
    """A scheme rater absent from the sheet is flagged and warned of."""
    scheme = ap.Scheme(["A", "B"])
    sheet = ap.ScoreSheet.from_records([("A", "x", "score", 80.0), ("A", "y", "score", 70.0)])
    result, caught = _flags_and_warnings(lambda: ap.appraise(sheet, scheme))
    assert result.flags == (ap.Flag("B", "scored no unit"),)
    assert len(caught) == 1


@pytest.mark.parametrize(
    ("weights", "note"),
    [
        ((0.65, 0.30), "weights 0.65 + 0.3 = 0.95 are relative: 68.4 % / 31.6 %."),
        ((65, 30), "weights 65 + 30 = 95 are relative: 68.4 % / 31.6 %."),
        ((0.65, 0.35), None),
        ((65, 35), None),
        ((3, 1), None),
    ],
)
def test_weights_that_look_like_shares_but_do_not_add_up(
    weights: tuple[float, float], note: str | None
) -> None:
    """65/30 is read as relative, and the result says how; shares that add up say nothing."""
    scheme = ap.Scheme(
        [
            ap.RaterGroup("quantitative", weights[0], members=["A"]),
            ap.RaterGroup("other", weights[1], members=["B"]),
        ]
    )
    sheet = ap.ScoreSheet.from_records([("A", "x", "score", 80.0), ("B", "x", "score", 60.0)])
    result, caught = _flags_and_warnings(lambda: ap.appraise(sheet, scheme))
    expected = () if note is None else (ap.Flag("rater group 'all'", note),)
    assert result.flags == expected
    assert len(caught) == (note is not None)


@pytest.mark.parametrize("weight", [1.7e308, 1e-320, 1e300, 1e-300])
def test_weights_at_any_magnitude_give_the_result_of_equal_weights(weight: float) -> None:
    """Sibling weights of 1.7e308 or 1e-320 each give what 1 and 1 give, with no numpy warning."""
    sheet = ap.ScoreSheet.from_records(
        [
            (r, u, c, float(s))
            for r, u, c, s in [
                ("A", "x", "c", 80),
                ("B", "x", "c", 60),
                ("A", "y", "c", 70),
                ("B", "y", "c", 90),
                ("A", "x", "d", 50),
                ("B", "y", "d", 40),
            ]
        ]
    )

    def scheme(w: float) -> ap.Scheme:
        return ap.Scheme(
            [ap.RaterGroup("q", w, members=["A"]), ap.RaterGroup("o", w, members=["B"])],
            [ap.Criterion("c", w), ap.Criterion("d", w)],
            missing_groups="renormalize",
        )

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        huge, plain = ap.appraise(sheet, scheme(weight)), ap.appraise(sheet, scheme(1.0))
    assert huge.score.tolist() == plain.score.tolist()
    # weights normalised by sums of 2 terms, at two levels: rater groups and criteria
    np.testing.assert_allclose(huge.base, plain.base, rtol=rtol(2 * 2))


def test_standardised_scores_stay_on_the_scale() -> None:
    """A z-score far outside the scale is clipped before the fold, flagged, and the identity holds."""
    units = [f"u{i}" for i in range(9)]
    rows = [("A", u, "score", s) for u, s in zip(units, [50] * 8 + [100], strict=True)]
    rows += [("B", u, "score", s) for u, s in zip(units, range(10, 100, 10), strict=True)]
    sheet = ap.ScoreSheet.from_records(rows)
    result, _ = _flags_and_warnings(
        lambda: ap.appraise(sheet, ap.Scheme(["A", "B"], standardize="zscore"))
    )
    assert result.rater_scores.max() == 100.0
    assert (
        ap.Flag("A", "standardised scores clipped to the scale 0..100 for 1 unit") in result.flags
    )
    identity = np.nansum(result.influence * result.rater_scores, axis=0)
    np.testing.assert_allclose(identity, result.base, rtol=1e-12)
    assert np.all((result.score >= 0) & (result.score <= 100))


def test_a_tier_that_can_never_receive_a_unit_is_refused() -> None:
    """Two open tiers: the first takes every unit and the second none; a SchemeError names both."""
    message = "Scheme: tier 'T1' sets no limit (min_score, share or count), so it takes every unit left and tier 'T2' can never receive one; only the last tier may set no limit."
    with pytest.raises(ap.SchemeError, match=f"^{re.escape(message)}$"):
        ap.Scheme(["A"], tiers=[ap.Tier("T1"), ap.Tier("T2")])
    assert ap.Scheme(["A"], tiers=[ap.Tier("T1", share=0.2), ap.Tier("T2")]).tiers


def test_a_quota_that_leaves_a_category_without_a_unit_is_flagged() -> None:
    """20 % of three units is no unit: the tier is flagged for the appraisal."""
    sheet = ap.ScoreSheet.from_records(
        [("A", u, "score", s) for u, s in zip("xyz", (80.0, 70.0, 60.0), strict=True)]
    )
    scheme = ap.Scheme(["A"], tiers=[ap.Tier("top", share=0.2), ap.Tier("rest")])
    result, caught = _flags_and_warnings(lambda: ap.appraise(sheet, scheme))
    assert result.flags == (
        ap.Flag("tier 'top'", "its quota gives the appraisal no unit (3 units)"),
    )
    assert len(caught) == 1


def test_internal_reruns_warn_of_nothing() -> None:
    """Leave-one-out re-runs the rater side of a flagged result without a warning."""
    scheme = attrs.evolve(TWO_GROUPS, missing_groups="renormalize")
    result, _ = _flags_and_warnings(lambda: ap.appraise(ONLY_QUANTITATIVE, scheme))
    _, caught = _flags_and_warnings(lambda: leave_one_out(result))
    assert caught == []


def test_check_lists_warnings_apart_from_problems() -> None:
    """The check of a sheet with no problem lists what appraise would flag, as warnings."""
    report = check(ONLY_QUANTITATIVE, attrs.evolve(TWO_GROUPS, missing_groups="renormalize"))
    assert report.ok
    assert [f.subject for f in report.warnings] == ["West"]
    assert "1 warning:\n  warning: West: no score from rater group 'other'" in str(report)
