"""Explanations: contributions by group, rater and criterion, for one unit or the gap between two."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Literal

import numpy as np
import pytest
from hypothesis import assume, given, reject
from hypothesis import strategies as st

import appraisal as ap
from tests.strategies import cubes, schemes, sheet_of
from tests.tolerance import rtol

TOLERANCE = 1e-9 * 100.0  # relative 1e-9 of the 0..100 scale

CRITERIA = [ap.Criterion("econ", 0.75), ap.Criterion("proj", 0.25)]
TWO_GROUPS = ap.Scheme(
    raters=[
        ap.RaterGroup("quant", 0.6, members=["A", "B"]),
        ap.RaterGroup("other", 0.4, members=["C"]),
    ],
    criteria=CRITERIA,
)
TWO_UNITS: Scores = {  # rater: (econ, proj); a rater's score is 0.75 econ + 0.25 proj
    "East": {"A": (80, 40), "B": (90, 90), "C": (60, 100)},  # A 70, B 90, C 70
    "West": {"A": (60, 60), "B": (70, 50), "C": (80, 80)},  # A 60, B 65, C 80
}


Scores = Mapping[str, Mapping[str, tuple[float | None, ...]]]
Rule = Literal["mean", "median"] | ap.Trimmed


def _records(scores: Scores) -> ap.ScoreSheet:
    return ap.ScoreSheet.from_records(
        (rater, unit, criterion.name, value)
        for unit, by_rater in scores.items()
        for rater, values in by_rater.items()
        for criterion, value in zip(CRITERIA, values, strict=True)
    )


def _two_units() -> ap.Appraisal:
    return ap.appraise(_records(TWO_UNITS), TWO_GROUPS)


def _top(explanation: ap.Explanation, scheme: ap.Scheme) -> list[ap.ExplanationRow]:
    return [row for row in explanation.level("group") if row.parent == scheme.raters.name]


def _total(rows: list[ap.ExplanationRow] | tuple[ap.ExplanationRow, ...], k: int = 0) -> float:
    return math.fsum(row.contribution[k] for row in rows)


def _named(explanation: ap.Explanation, level: str) -> dict[str, ap.ExplanationRow]:
    return {row.name: row for row in explanation.level(level)}


def test_one_unit_by_hand() -> None:
    """East's base 76 splits 48/28 over the groups, 21/27/28 over the raters, 56.25/19.75 over the criteria."""
    # quant = (70 + 90) / 2 = 80, other = 70; base = 0.6·80 + 0.4·70 = 48 + 28 = 76.
    # Rater influences 0.3, 0.3, 0.4: contributions 21, 27, 28.
    # econ: 0.3·60 + 0.3·67.5 + 0.4·45 = 56.25; proj: 0.3·10 + 0.3·22.5 + 0.4·25 = 19.75.
    explanation = _two_units().explain("East")
    groups, raters = _named(explanation, "group"), _named(explanation, "rater")
    criteria = _named(explanation, "criterion")
    assert explanation.units == ("East",)
    assert explanation.base[0] == pytest.approx(76.0, abs=TOLERANCE)
    assert groups["quant"].contribution[0] == pytest.approx(48.0, abs=TOLERANCE)
    assert groups["other"].contribution[0] == pytest.approx(28.0, abs=TOLERANCE)
    assert groups["quant"].score[0] == pytest.approx(80.0, abs=TOLERANCE)
    influences = [raters[r].influence[0] for r in "ABC"]
    assert influences == pytest.approx([0.3, 0.3, 0.4], rel=rtol(2 * 2))  # two levels of two
    assert [raters[r].contribution[0] for r in "ABC"] == pytest.approx(
        [21.0, 27.0, 28.0], abs=TOLERANCE
    )
    assert criteria["econ"].contribution[0] == pytest.approx(56.25, abs=TOLERANCE)
    assert criteria["proj"].contribution[0] == pytest.approx(19.75, abs=TOLERANCE)
    # A criterion's score is its influence-weighted mean: econ 56.25 / 0.75 = 75, proj 19.75 / 0.25 = 79.
    assert criteria["econ"].score[0] == pytest.approx(75.0, abs=TOLERANCE)
    assert criteria["proj"].score[0] == pytest.approx(79.0, abs=TOLERANCE)


def test_rows_come_groups_then_raters_then_criteria() -> None:
    """Rows list the groups root first, then the raters, then the criteria, each with its parent."""
    explanation = _two_units().explain("East")
    assert [(row.level, row.name, row.parent) for row in explanation.rows] == [
        ("group", "all", None),
        ("group", "quant", "all"),
        ("group", "other", "all"),
        ("rater", "A", "quant"),
        ("rater", "B", "quant"),
        ("rater", "C", "other"),
        ("criterion", "econ", None),
        ("criterion", "proj", None),
    ]


RULE_CASE: Scores = {  # panel: A..H; office: E2, F2. rater score = 0.75 econ + 0.25 proj
    "East": {
        "A": (80, 40),  # 70
        "B": (90, 70),  # 85
        "C": (60, None),  # 60: proj missing, econ alone
        "D": (100, 100),  # 100
        "G": (80, 80),  # 80
        "H": (None, None),  # absent
        "E2": (50, 70),  # 55
        "F2": (None, 85),  # 85: econ missing, proj alone
    },
    "West": dict.fromkeys(("A", "B", "C", "D", "G", "H", "E2", "F2"), (50, 50)),  # all scored
}


@pytest.mark.parametrize(
    ("rule", "base"),
    [
        # panel present: 60 70 80 85 100; office = (55 + 85) / 2 = 70
        ("mean", 0.5 * 79.0 + 0.5 * 70.0),  # panel (70+85+60+100+80)/5 = 79 -> 74.5
        ("median", 0.5 * 80.0 + 0.5 * 70.0),  # panel 80 -> 75
        (ap.Trimmed(1), 0.5 * (70 + 80 + 85) / 3 + 0.5 * 70.0),  # 60, 100 dropped -> 74.1666...
    ],
    ids=["mean", "median", "trimmed"],
)
def test_contributions_add_up_under_each_rule(rule: Rule, base: float) -> None:
    """Under mean, median and Trimmed, with missing scores, each level adds up to the base score."""
    scheme = ap.Scheme(
        raters=[
            ap.RaterGroup("panel", 0.5, members=["A", "B", "C", "D", "G", "H"], rule=rule),
            ap.RaterGroup("office", 0.5, members=["E2", "F2"]),
        ],
        criteria=CRITERIA,
    )
    result = ap.appraise(_records(RULE_CASE), scheme)
    explanation = result.explain("East")
    assert explanation.base[0] == pytest.approx(base, abs=TOLERANCE)
    assert _total(_top(explanation, scheme)) == pytest.approx(base, abs=TOLERANCE)
    assert _total(explanation.level("rater")) == pytest.approx(base, abs=TOLERANCE)
    assert _total(explanation.level("criterion")) == pytest.approx(base, abs=TOLERANCE)
    criteria = explanation.level("criterion")
    assert math.fsum(row.influence[0] for row in criteria) == pytest.approx(
        1.0,
        rel=rtol(len(criteria) * len(result.raters)),  # products of shares, summed
    )


def test_median_and_trimmed_mark_dropped_raters() -> None:
    """Raters a median or trimmed mean leaves out are noted "trimmed", contribute 0, and their group counts them."""
    # Trimmed(1) of 60 70 80 85 100 drops C (60) and D (100); the median keeps G (80) alone.
    cases: list[tuple[Rule, set[str]]] = [
        (ap.Trimmed(1), {"C", "D"}),
        ("median", {"A", "B", "C", "D"}),
    ]
    for rule, dropped in cases:
        scheme = ap.Scheme(
            raters=[
                ap.RaterGroup("panel", 0.5, members=["A", "B", "C", "D", "G", "H"], rule=rule),
                ap.RaterGroup("office", 0.5, members=["E2", "F2"]),
            ],
            criteria=CRITERIA,
        )
        explanation = ap.appraise(_records(RULE_CASE), scheme).explain("East")
        raters = _named(explanation, "rater")
        assert {name for name, row in raters.items() if row.note == "trimmed"} == dropped
        assert all(raters[name].contribution[0] == 0.0 for name in dropped)
        assert _named(explanation, "group")["panel"].note == f"{len(dropped)} trimmed"
        assert _named(explanation, "group")["office"].note == ""


def test_missing_scores_are_noted_absent() -> None:
    """A rater or criterion with no score for the unit is "absent", with no score and no influence."""
    # West: B scored nothing, nobody scored proj. quant = A alone = 60, other = 80:
    # base = 0.6·60 + 0.4·80 = 68, all of it through econ.
    scores: Scores = {
        "East": TWO_UNITS["East"],
        "West": {"A": (60, None), "B": (None, None), "C": (80, None)},
    }
    explanation = ap.appraise(_records(scores), TWO_GROUPS).explain("West")
    raters, criteria = _named(explanation, "rater"), _named(explanation, "criterion")
    assert (raters["B"].note, raters["B"].score, raters["B"].influence) == (
        "absent",
        (None,),
        (0.0,),
    )
    assert raters["A"].influence[0] == pytest.approx(0.6, rel=rtol(2))  # a share of 2 weights
    assert (criteria["proj"].note, criteria["proj"].score) == ("absent", (None,))
    assert criteria["proj"].contribution == (0.0,)
    assert criteria["econ"].contribution[0] == pytest.approx(68.0, abs=TOLERANCE)
    assert explanation.base[0] == pytest.approx(68.0, abs=TOLERANCE)


def _quorum_case() -> ap.Appraisal:
    """In x only A of the panel (quorum 2) scored: the panel is absent and D carries quant."""
    scheme = ap.Scheme(
        raters=[
            ap.RaterGroup(
                "quant",
                0.6,
                members=[ap.RaterGroup("panel", 1.0, members=["A", "B", "C"], quorum=2), "D"],
            ),
            ap.RaterGroup("other", 0.4, members=["E"]),
        ]
    )
    rows = [("A", "x", "score", 70), ("D", "x", "score", 60), ("E", "x", "score", 80)]
    rows += [(rater, "y", "score", 50 + i) for i, rater in enumerate("ABCDE")]
    return ap.appraise(ap.ScoreSheet.from_records(rows), scheme)


def test_group_below_quorum_contributes_nothing() -> None:
    """A group below its quorum has no score and no influence; its present member contributes 0."""
    # x: quant = D alone = 60; base = 0.6·60 + 0.4·80 = 36 + 32 = 68.
    explanation = _quorum_case().explain("x")
    panel = _named(explanation, "group")["panel"]
    a = _named(explanation, "rater")["A"]
    assert (panel.score, panel.influence, panel.contribution) == ((None,), (0.0,), (0.0,))
    assert panel.note == "absent"
    assert (a.score, a.influence, a.contribution) == ((70.0,), (0.0,), (0.0,))
    assert _total(explanation.level("rater")) == pytest.approx(68.0, abs=TOLERANCE)


@pytest.mark.xfail(
    strict=True,
    reason="ExplanationRow documents a 'below quorum' note, but explain never writes one",
)
def test_below_quorum_is_noted() -> None:
    """The documented "below quorum" note marks the group below its quorum or its present member."""
    explanation = _quorum_case().explain("x")
    notes = {_named(explanation, "group")["panel"].note, _named(explanation, "rater")["A"].note}
    assert "below quorum" in notes


def test_recused_rater_is_labelled() -> None:
    """A rater recused from the unit is noted "recused", not "absent"."""
    scheme = ap.Scheme(["A", "B", "C"], recusals={"A": ["East"]})
    rows = [("A", "West", "score", 70), ("B", "East", "score", 80), ("C", "East", "score", 60)]
    rows += [("B", "West", "score", 50), ("C", "West", "score", 90)]
    explanation = ap.appraise(ap.ScoreSheet.from_records(rows), scheme).explain("East")
    notes = {name: row.note for name, row in _named(explanation, "rater").items()}
    assert notes == {"A": "recused", "B": "", "C": ""}
    assert "recused" in str(explanation)


def test_two_units_difference_by_hand() -> None:
    """East vs West: each row's difference is its East contribution minus its West one, adding up to 76 − 69.5."""
    # West: quant = (60 + 65) / 2 = 62.5, other 80; base = 37.5 + 32 = 69.5.
    # Differences: quant 48 − 37.5 = 10.5, other 28 − 32 = −4; A 3, B 7.5, C −4; sum 6.5.
    explanation = _two_units().explain("East", "West")
    assert explanation.units == ("East", "West")
    for row in explanation.rows:
        assert row.difference == pytest.approx(
            row.contribution[0] - row.contribution[1], abs=TOLERANCE
        )
    east, west = explanation.base
    assert east is not None
    assert west is not None
    gap = east - west
    assert gap == pytest.approx(6.5, abs=TOLERANCE)
    assert _named(explanation, "group")["quant"].difference == pytest.approx(10.5, abs=TOLERANCE)
    assert [row.difference for row in explanation.level("rater")] == pytest.approx(
        [3.0, 7.5, -4.0], abs=TOLERANCE
    )
    for rows in (
        _top(explanation, TWO_GROUPS),
        explanation.level("rater"),
        explanation.level("criterion"),
    ):
        assert math.fsum(row.difference for row in rows) == pytest.approx(gap, abs=TOLERANCE)


def test_one_unit_difference_is_zero() -> None:
    """A one-unit explanation's rows have difference 0."""
    explanation = _two_units().explain("East")
    assert all(row.difference == 0.0 for row in explanation.rows)


@pytest.mark.parametrize(
    ("units", "message"),
    [
        (("Eats",), "no unit named 'Eats'; did you mean 'East'?"),
        (("East", "Wset"), "no unit named 'Wset'; did you mean 'West'?"),
        (("Zzz",), "no unit named 'Zzz'."),
    ],
)
def test_unknown_unit_is_an_input_error(units: tuple[str, ...], message: str) -> None:
    """An unknown unit, first or second, raises InputError naming it and the closest known unit."""
    with pytest.raises(ap.InputError, match=re.escape(message)):
        _two_units().explain(*units)


def test_text_of_one_unit() -> None:
    """str() of a one-unit explanation names the unit, its base score and every group."""
    text = str(_two_units().explain("East"))
    assert text.splitlines()[0] == "East: score 76.00, rank 1, base 76.0000"
    for group in ("all", "quant", "other"):
        assert re.search(rf"^\s*{group}\s", text, flags=re.MULTILINE)
    assert re.search(r"^quant\s", text, flags=re.MULTILINE) is None  # nested groups are indented


def test_text_of_two_units() -> None:
    """str() of a two-unit explanation names both units, both base scores, the gap and every group."""
    text = str(_two_units().explain("East", "West"))
    assert text.splitlines()[0] == "East vs West: base 76.0000 vs 69.5000 (difference 6.5000)"
    for group in ("all", "quant", "other"):
        assert re.search(rf"^{group}\s", text, flags=re.MULTILINE)


def _tolerance(scheme: ap.Scheme) -> float:
    low, high = scheme.scale
    return 1e-9 * (high - low)


def _appraise(scheme: ap.Scheme, values: np.ndarray) -> ap.Appraisal:
    """The appraisal of a drawn cube; a cube appraise refuses (say a group nobody scored) is no example."""
    try:
        return ap.appraise(sheet_of(scheme, values), scheme)
    except ap.InputError:
        reject()


def _check_levels(result: ap.Appraisal, unit: str, scheme: ap.Scheme) -> None:
    explanation = result.explain(unit)
    base = explanation.base[0]
    assert base is not None
    tolerance = _tolerance(scheme)
    assert _total(_top(explanation, scheme)) == pytest.approx(base, rel=0, abs=tolerance)
    assert _total(explanation.level("rater")) == pytest.approx(base, rel=0, abs=tolerance)
    assert _total(explanation.level("criterion")) == pytest.approx(base, rel=0, abs=tolerance)


@given(st.data())
def test_every_scored_unit_adds_up(data: st.DataObject) -> None:
    """For every scored unit, top-level groups, raters and criteria each add up to its base score."""
    scheme = data.draw(schemes())
    values = data.draw(cubes(scheme))
    result = _appraise(scheme, values)
    for u in np.flatnonzero(~np.isnan(result.base)).tolist():
        _check_levels(result, result.units[u], scheme)


@given(st.data())
def test_every_pair_of_scored_units_adds_up(data: st.DataObject) -> None:
    """For two scored units, each level's differences add up to the gap between their base scores."""
    scheme = data.draw(schemes())
    values = data.draw(cubes(scheme, n_units=data.draw(st.integers(2, 6))))
    result = _appraise(scheme, values)
    scored = np.flatnonzero(~np.isnan(result.base)).tolist()
    assume(len(scored) >= 2)
    a, b = data.draw(st.lists(st.sampled_from(scored), min_size=2, max_size=2, unique=True))
    explanation = result.explain(result.units[a], result.units[b])
    gap = result.base[a] - result.base[b]
    for rows in (
        _top(explanation, scheme),
        explanation.level("rater"),
        explanation.level("criterion"),
    ):
        assert math.fsum(row.difference for row in rows) == pytest.approx(
            gap, rel=0, abs=_tolerance(scheme)
        )
