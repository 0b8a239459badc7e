"""appraise(): the pipeline against a hand-computed county, and its published values."""

import numpy as np
import pytest

import appraisal as ap
from tests.tolerance import rtol

WEIGHTS = {"economy": 0.5, "projects": 0.3, "services": 0.2}
QUANT = [f"Q{i}" for i in range(1, 14)]  # offsets -6 .. +6: they cancel in a full mean
OTHER = [f"O{i}" for i in range(1, 8)]  # offsets -3 .. +3
QUANT_TRIPLES = {
    "U1": (90, 80, 70),  # 45 + 24 + 14 = 83
    "U2": (80, 90, 85),  # 40 + 27 + 17 = 84
    "U3": (70, 75, 80),  # 35 + 22.5 + 16 = 73.5
    "U4": (85, 85, 85),  # 85
    "U5": (60, 70, 90),  # 30 + 21 + 18 = 69
    "U6": (75, 80, 70),  # 37.5 + 24 + 14 = 75.5
}
OTHER_TRIPLES = {
    "U1": (80, 80, 80),  # 80
    "U2": (88, 82, 90),  # 44 + 24.6 + 18 = 86.6
    "U3": (70, 70, 70),  # 70
    "U4": (80, 75, 90),  # 40 + 22.5 + 18 = 80.5
    "U5": (90, 95, 85),  # 45 + 28.5 + 17 = 90.5
}


def county() -> tuple[ap.ScoreSheet, ap.Scheme]:
    """6 units, 13 quantitative departments (0.65), 7 others (0.35), 3 weighted criteria.

    Each department scores a unit's triple plus its own offset on every criterion.
    Missing: Q13 (+6) did not score U3; Q1 (-6) did not score U2's services; O7 (+3)
    did not score U1; no other department scored U6.
    """
    rows = []
    for offsets, names, triples in (
        (range(-6, 7), QUANT, QUANT_TRIPLES),
        (range(-3, 4), OTHER, OTHER_TRIPLES),
    ):
        for offset, rater in zip(offsets, names, strict=True):
            for unit, triple in triples.items():
                for criterion, value in zip(WEIGHTS, triple, strict=True):
                    if (rater, unit) in {("Q13", "U3"), ("O7", "U1")} or (
                        rater,
                        unit,
                        criterion,
                    ) == ("Q1", "U2", "services"):
                        continue
                    rows.append((rater, unit, criterion, value + offset))
    scheme = ap.Scheme(
        raters=[
            ap.RaterGroup("quantitative", 0.65, members=QUANT),
            ap.RaterGroup("other", 0.35, members=OTHER),
        ],
        criteria=[ap.Criterion(name, weight) for name, weight in WEIGHTS.items()],
        missing_groups="renormalize",  # U6 has no "other" department: its 65 % carry it
    )
    return ap.ScoreSheet.from_records(rows), scheme


def test_hand_computed_county() -> None:
    """Base scores, published scores and ranks match the hand computation."""
    sheet, scheme = county()
    result = ap.appraise(sheet, scheme)
    assert result.units == ("U1", "U2", "U3", "U4", "U5", "U6")
    expected_base = [
        0.65 * 83 + 0.35 * 79.5,  # O7 (+3) missing: others' mean 80 - 0.5 -> 81.775
        0.65 * (84 - 0.25 / 13)
        + 0.35 * 86.6,  # Q1 scores (74*.5 + 84*.3)/.8 = 77.75, not 78 -> 84.8975
        0.65 * 73 + 0.35 * 70,  # Q13 (+6) missing: quantitative mean 73.5 - 0.5 -> 71.95
        0.65 * 85 + 0.35 * 80.5,  # 83.425
        0.65 * 69 + 0.35 * 90.5,  # 76.525
        75.5,  # no other department: the 0.65 renormalises to 1
    ]
    np.testing.assert_allclose(result.base, expected_base, rtol=0, atol=1e-9)
    np.testing.assert_array_equal(result.score, [81.78, 84.90, 71.95, 83.43, 76.53, 75.50])
    np.testing.assert_array_equal(result.rank, [3, 1, 6, 2, 4, 5])
    np.testing.assert_array_equal(result.coverage, [19, 20, 19, 20, 20, 13])
    assert result.groups == ("all", "quantitative", "other")
    assert np.isnan(result.group_scores[2, 5])
    np.testing.assert_allclose(result.group_scores[1, 2], 73.0)


def test_influence_identity_on_the_county() -> None:
    """base == Σ influence·rater_scores and the influences of a scored unit sum to 1."""
    sheet, scheme = county()
    result = ap.appraise(sheet, scheme)
    n = len(result.raters)  # sums of n positive terms
    np.testing.assert_allclose(
        np.nansum(result.influence * result.rater_scores, axis=0), result.base, rtol=rtol(n)
    )
    np.testing.assert_allclose(result.influence.sum(axis=0), 1.0, rtol=rtol(n))
    assert np.all(result.influence[np.isnan(result.rater_scores)] == 0)
    # Each of the 12 quantitative departments that scored U3 weighs 0.65 / 12.
    np.testing.assert_allclose(result.influence[:12, 2], 0.65 / 12)


def test_table_is_best_first_with_unscored_units_last() -> None:
    """table() lists units best first, and a unit nobody scored last with its reason."""
    sheet = ap.ScoreSheet.from_records(
        [("A", "x", "score", 70), ("A", "y", "score", 90), ("A", "z", "score", None)]
    )
    result = ap.appraise(sheet, ap.Scheme(["A"]))
    rows = result.table()
    assert [r["unit"] for r in rows] == ["y", "x", "z"]
    assert rows[2] == {
        "unit": "z",
        "category": None,
        "score": None,
        "rank": None,
        "tier": None,
        "base": None,
        "bonus": 0.0,
        "deduction": 0.0,
        "veto": None,
        "coverage": 0,
        "note": "not scored: no rater scored this unit",
    }
    assert result.flags == (ap.Flag("z", "not scored: no rater scored this unit"),)


def test_criterion_scales_are_mapped_and_mirrored() -> None:
    """A criterion on 0..10 counts ten-fold; a lower-is-better one is mirrored."""
    scheme = ap.Scheme(
        ["A"],
        [ap.Criterion("rate", scale=(0, 10)), ap.Criterion("incidents", higher_is_better=False)],
    )
    sheet = ap.ScoreSheet.from_records([("A", "x", "rate", 8), ("A", "x", "incidents", 30)])
    result = ap.appraise(sheet, scheme)
    assert result.base[0] == pytest.approx((80 + 70) / 2)


def test_missing_error_rejects_a_missing_score() -> None:
    """With missing='error' a missing criterion score is an error naming it."""
    scheme = ap.Scheme(["A", "B"], [ap.Criterion("c1"), ap.Criterion("c2")], missing="error")
    sheet = ap.ScoreSheet.from_records(
        [("A", "x", "c1", 1), ("A", "x", "c2", 2), ("B", "x", "c1", 3)]
    )
    with pytest.raises(ap.ScoreError, match="rater 'B' has no score for unit 'x', criterion 'c2'"):
        ap.appraise(sheet, scheme)


def test_quorum_makes_a_group_absent() -> None:
    """A group with fewer present members than its quorum is absent for that unit."""
    scheme = ap.Scheme(
        [ap.RaterGroup("g", members=["A", "B", "C"], quorum=2), ap.RaterGroup("h", members=["D"])],
        missing_groups="renormalize",
    )
    sheet = ap.ScoreSheet.from_records(
        [
            ("A", "x", "score", 90),
            ("D", "x", "score", 50),
            ("A", "y", "score", 80),
            ("B", "y", "score", 60),
            ("D", "y", "score", 50),
        ]
    )
    result = ap.appraise(sheet, scheme)
    assert np.isnan(result.group_scores[1, 0])
    assert result.base[0] == 50
    assert result.base[1] == pytest.approx(0.5 * 70 + 0.5 * 50)


def test_median_and_trimmed_rules() -> None:
    """Median takes the middle (mean of the two middles); Trimmed(1) drops the extremes."""
    members = ["A", "B", "C", "D", "E"]
    scores = [60, 70, 75, 80, 100]
    rows = [(m, "x", "score", s) for m, s in zip(members, scores, strict=True)]
    rows += [(m, "y", "score", s) for m, s in zip(members[:4], scores[:4], strict=True)]
    sheet = ap.ScoreSheet.from_records(rows)
    median = ap.appraise(
        sheet, ap.Scheme(ap.RaterGroup("p", members=members, rule="median"), decimals=None)
    )
    assert median.base.tolist() == [75.0, 72.5]
    trimmed = ap.appraise(
        sheet, ap.Scheme(ap.RaterGroup("p", members=members, rule=ap.Trimmed(1)), decimals=None)
    )
    assert trimmed.base.tolist() == [75.0, 72.5]
    assert trimmed.trimmed[:, 0].tolist() == [True, False, False, False, True]
    assert trimmed.influence[:, 0].tolist() == [0.0, 1 / 3, 1 / 3, 1 / 3, 0.0]


def test_rank_function_validates_ties() -> None:
    """ap.rank names the allowed tie methods when given another."""
    with pytest.raises(
        ValueError,
        match="ties must be one of 'min', 'dense', 'ordinal', 'average', 'max'; got 'first'",
    ):
        ap.rank([1.0, 2.0], ties="first")


def test_explain_adds_up_at_every_level() -> None:
    """Top-level groups, raters and criteria each add up to the unit's base score."""
    sheet, scheme = county()
    result = ap.appraise(sheet, scheme)
    for unit in result.units:
        explanation = result.explain(unit)
        base = explanation.base[0]
        top = [row for row in explanation.level("group") if row.parent == "all"]
        assert sum(row.contribution[0] for row in top) == pytest.approx(base, abs=1e-9)
        assert sum(row.contribution[0] for row in explanation.level("rater")) == pytest.approx(
            base, abs=1e-9
        )
        assert sum(row.contribution[0] for row in explanation.level("criterion")) == pytest.approx(
            base, abs=1e-9
        )
    text = str(result.explain("U2"))
    assert "quantitative" in text
    assert "U2: score 84.90, rank 1" in text


def test_explain_two_units_shows_differences() -> None:
    """explain(a, b) gives each row's contribution to both and their difference."""
    sheet, scheme = county()
    result = ap.appraise(sheet, scheme)
    explanation = result.explain("U2", "U3")
    gap = explanation.base[0] - explanation.base[1]
    top = [row for row in explanation.level("group") if row.parent == "all"]
    assert sum(row.difference for row in top) == pytest.approx(gap)
    assert "U2 vs U3" in str(explanation)


def test_unknown_unit_in_explain_suggests_a_name() -> None:
    """explain() of an unknown unit names it and suggests the closest."""
    sheet, scheme = county()
    result = ap.appraise(sheet, scheme)
    with pytest.raises(ap.InputError, match=r"no unit named 'U22'; did you mean 'U2'\?"):
        result.explain("U22")
