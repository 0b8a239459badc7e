"""pipeline.check: every problem of a sheet under a scheme, and who did not score what."""

from __future__ import annotations

import re

import attrs
import numpy as np
import pytest

import appraisal as ap
from appraisal.pipeline.check import check
from appraisal.pipeline.problems import CHECK_KINDS

G = ap.RaterGroup
SCHEME = ap.Scheme(
    [
        G("q", 0.65, members=["Finance Bureau", "Audit Office"]),
        G("o", 0.35, members=["Education Bureau"]),
    ],
    [ap.Criterion("economy"), ap.Criterion("projects", scale=(0, 10))],
    missing_groups="renormalize",  # coverage gaps, not group problems, are the point here
)


def sheet(rows: list[tuple[str, str, str, float | None]]) -> ap.ScoreSheet:
    return ap.ScoreSheet.from_records(rows)


def test_clean_sheet() -> None:
    """A sheet that fits: no problems; full coverage."""
    rows = [
        (r, u, c, 5.0)
        for r in SCHEME.rater_names
        for u in ("x", "y")
        for c in ("economy", "projects")
    ]
    report = check(sheet(rows), SCHEME)
    assert report.ok
    assert report.problems == ()
    assert report.unscored == ()
    assert report.incomplete == ()
    assert str(report).endswith("Coverage: 3 of 3 raters scored all 2 units in full.")


def test_every_problem_is_listed() -> None:
    """Unknown raters and criteria (with suggestions) and every score outside its scale, all at once."""
    report = check(
        attrs.evolve(
            sheet(
                [
                    ("Finance Bureau", "x", "economy", 101),
                    ("Finance Bureau", "y", "projects", 11),
                    ("Finanse Bureau", "x", "economy", 50),
                    ("Audit Office", "x", "economics", 50),
                    ("Audit Office", "y", "projects", -1),
                ]
            ),
            origin="scores.csv",
        ),
        SCHEME,
    )
    assert [p.message for p in report.problems] == [
        "scores.csv: rater 'Finanse Bureau' is not in the scheme; did you mean 'Finance Bureau'?",
        "scores.csv: criterion 'economics' is not in the scheme; did you mean 'economy'?",
        "scores.csv: score 101 for rater 'Finance Bureau', unit 'x', criterion 'economy' is outside its scale 0..100.",
        "scores.csv: score 11 for rater 'Finance Bureau', unit 'y', criterion 'projects' is outside its scale 0..10.",
        "scores.csv: score -1 for rater 'Audit Office', unit 'y', criterion 'projects' is outside its scale 0..10.",
    ]
    assert [p.kind for p in report.problems] == ["unknown", "unknown", "scale", "scale", "scale"]
    assert not report.ok


def test_missing_scores_under_error_policy() -> None:
    """With missing="error", every rater and unit with a missing score is a problem."""
    strict = ap.Scheme(["A", "B"], [ap.Criterion("c"), ap.Criterion("d")], missing="error")
    report = check(
        sheet([("A", "x", "c", 1), ("A", "x", "d", None), ("B", "x", "c", 1), ("B", "x", "d", 1)]),
        strict,
    )
    assert [p.message for p in report.problems] == [
        "score sheet: rater 'A' has no score for unit 'x', criterion 'd'; the scheme has missing='error', so every score must be given."
    ]
    renormalize = ap.Scheme(["A", "B"], [ap.Criterion("c"), ap.Criterion("d")])
    assert check(
        sheet([("A", "x", "c", 1), ("A", "x", "d", 2), ("B", "x", "c", 1)]), renormalize
    ).ok


def test_coverage() -> None:
    """Which raters did not score which units, and which scored them in part; absent raters too."""
    report = check(
        sheet(
            [
                ("Finance Bureau", "x", "economy", 1),
                ("Finance Bureau", "x", "projects", 1),
                ("Audit Office", "x", "economy", 1),
                ("Audit Office", "y", "economy", 1),
                ("Audit Office", "y", "projects", 1),
            ]
        ),
        SCHEME,
    )
    assert report.ok
    assert report.raters == SCHEME.rater_names
    assert report.units == ("x", "y")
    assert report.unscored == (("Finance Bureau", ("y",)), ("Education Bureau", ("x", "y")))
    assert report.incomplete == (("Audit Office", ("x",)),)
    text = str(report)
    assert "Coverage: 0 of 3 raters scored all 2 units in full." in text
    assert "Education Bureau  x, y           -" in text


def test_check_agrees_with_appraise() -> None:
    """A sheet check() finds no problem in is one appraise() accepts."""
    values = np.full((3, 2, 2), 5.0)
    values[0, 1] = np.nan
    good = ap.ScoreSheet.from_array(
        values, raters=SCHEME.rater_names, units=["x", "y"], criteria=SCHEME.criterion_names
    )
    assert check(good, SCHEME).ok
    ap.appraise(good, SCHEME)


def test_recused_pairs_are_neither_gaps_nor_missing() -> None:
    """A recused rater is not expected to score: no coverage gap, no missing-score problem."""
    scheme = ap.Scheme(["East", "West", "Audit"], self_recusal=True, missing="error")
    rows = [
        ("East", "West", "score", 80.0),
        ("West", "East", "score", 70.0),
        ("Audit", "East", "score", 90.0),
        ("Audit", "West", "score", 60.0),
    ]
    report = check(ap.ScoreSheet.from_records(rows), scheme)
    assert report.ok
    assert report.unscored == ()
    assert report.incomplete == ()


def test_a_score_from_a_recused_rater_is_a_problem() -> None:
    """Under recused_scores='error' a handed-in score of a recused rater is listed."""
    scheme = ap.Scheme(["East", "West"], self_recusal=True)
    report = check(
        ap.ScoreSheet.from_records(
            [("East", "East", "score", 99.0), ("West", "East", "score", 70.0)]
        ),
        scheme,
    )
    assert [p.kind for p in report.problems] == ["recused"]
    assert "rater 'East' is recused from unit 'East' but scored it" in report.problems[0].message


def _one(unit: str = "x", score: float = 50.0) -> ap.ScoreSheet:
    return ap.ScoreSheet.from_records([("A", unit, "score", score)])


A = ap.Scheme(["A"])
EVERY_KIND: dict[str, tuple[ap.ScoreSheet, ap.Scheme, dict[str, object], str]] = {
    "units": (
        ap.ScoreSheet(["A"], [], ["score"], np.zeros((1, 0, 1))),
        A,
        {},
        "score sheet: it lists no unit; an appraisal needs at least one unit.",
    ),
    "unknown": (
        ap.ScoreSheet.from_records([("A", "x", "score", 50.0), ("C", "x", "score", 60.0)]),
        A,
        {},
        "score sheet: rater 'C' is not in the scheme.",
    ),
    "scale": (
        _one(score=101),
        A,
        {},
        "score sheet: score 101 for rater 'A', unit 'x', criterion 'score' is outside its scale 0..100.",
    ),
    "criterion": (
        _one(),
        ap.Scheme(["A"], [ap.Criterion("score"), ap.Criterion("projects")]),
        {},
        "score sheet: criterion 'projects' has no score anywhere in the score sheet; every criterion of the scheme must be scored (is its column missing?).",
    ),
    "recusal": (
        _one(),
        ap.Scheme(["A"], recusals={"A": ["y"]}),
        {},
        "Scheme: recusals['A'] names unit 'y', which is not in the score sheet.",
    ),
    "recused": (
        _one(unit="A"),
        ap.Scheme(["A"], self_recusal=True),
        {},
        "score sheet: rater 'A' is recused from unit 'A' but scored it; delete the score, or use recused_scores='drop'.",
    ),
    "missing": (
        ap.ScoreSheet.from_records([("A", "x", "score", 1.0), ("A", "y", "score", None)]),
        ap.Scheme(["A"], missing="error"),
        {},
        "score sheet: rater 'A' has no score for unit 'y'; the scheme has missing='error', so every score must be given.",
    ),
    "group": (
        ap.ScoreSheet.from_records(
            [("A", "x", "score", 50.0), ("A", "y", "score", 60.0), ("B", "y", "score", 70.0)]
        ),
        ap.Scheme(
            [ap.RaterGroup("q", 0.65, members=["A"]), ap.RaterGroup("o", 0.35, members=["B"])]
        ),
        {},
        "score sheet: unit 'x' has no score from rater group 'o', which carries 35 % of the result; supply the scores, or set missing_groups='renormalize' to let the other groups carry its weight.",
    ),
    "aligned": (
        ap.ScoreSheet.from_records(
            [("A", u, "score", a) for u, a in zip("vwxyz", (90, 90, 90, 90, 100), strict=True)]
            + [("B", u, "score", b) for u, b in zip("vwxyz", (10, 20, 30, 40, 50), strict=True)]
        ),
        ap.Scheme(["A", "B"], align_groups=True),
        {},
        "score sheet: the group alignment puts unit 'z' at 116.815, outside the scheme's scale 0..100; a published score stays on the scale (set align_groups=False, or widen the scale).",
    ),
    "category": (
        _one(),
        ap.Scheme(["A"], categories={"xx": "towns"}),
        {},
        "categories: unit 'xx' is not in the score sheet; did you mean 'x'?",
    ),
    "tier": (
        _one(),
        ap.Scheme(["A"], tiers=[ap.Tier("top", count=2), ap.Tier("rest")]),
        {},
        "Scheme: tier 'top' has count 2, more than the 1 units of the appraisal.",
    ),
    "standardize": (
        _one(),
        ap.Scheme(["A"], standardize="zscore"),
        {},
        "Scheme: standardize='zscore' needs at least two units to compare a rater's scores across; the score sheet has 1.",
    ),
    "adjustment": (
        _one(),
        A,
        {"adjustments": [ap.Adjustment("y", 1, "award")]},
        "Adjustment for unit 'y': no such unit in the score sheet.",
    ),
    "veto": (
        _one(),
        A,
        {"vetoes": [ap.Veto("y", "accident")]},
        "Veto for unit 'y': no such unit in the score sheet.",
    ),
    "previous": (
        _one(),
        ap.Scheme(["A"], tie_break=["previous_rank"]),
        {},
        "Scheme: tie_break uses 'previous_rank', but no previous appraisal was given; pass previous= to appraise.",
    ),
}


def test_every_kind_of_problem_is_pinned() -> None:
    """Each kind the validator knows has a case here, and the validator's order is documented."""
    assert tuple(EVERY_KIND) == CHECK_KINDS


@pytest.mark.parametrize("kind", CHECK_KINDS)
def test_each_kind_is_worded_once_for_check_and_appraise(kind: str) -> None:
    """check lists the problem with its kind and words; appraise raises it, same words."""
    sheet, scheme, events, message = EVERY_KIND[kind]
    problems = check(sheet, scheme, **events).problems  # type: ignore[arg-type]
    assert [(p.kind, p.message) for p in problems] == [(kind, message)]
    with pytest.raises(ap.AppraisalError, match=f"^{re.escape(message)}$"):
        ap.appraise(sheet, scheme, **events)  # type: ignore[arg-type]
