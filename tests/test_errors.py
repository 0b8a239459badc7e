"""The catalogue of bad input: each is rejected with the right class and a message naming the culprit."""

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import appraisal as ap

G = ap.RaterGroup


def _appraise_with(rows: list[tuple[Any, ...]], scheme: ap.Scheme) -> Callable[[], object]:
    return lambda: ap.appraise(ap.ScoreSheet.from_records(rows), scheme)


TWO = ap.Scheme(
    [G("q", 0.65, members=["Finance Bureau"]), G("o", 0.35, members=["Audit Office"])],
    [ap.Criterion("economy")],
)

CATALOGUE: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    (
        "negative group weight",
        lambda: G("other", -0.35, members=["A"]),
        ap.SchemeError,
        "RaterGroup 'other': weight must be a finite number > 0; got -0.35.",
    ),
    (
        "infinite criterion weight",
        lambda: ap.Criterion("economy", float("inf")),
        ap.SchemeError,
        "Criterion 'economy': weight must be a finite number > 0; got inf.",
    ),
    (
        "text weight",
        lambda: ap.Criterion("economy", "heavy"),
        ap.SchemeError,  # type: ignore[arg-type]
        "Criterion 'economy': weight must be a finite number > 0; got 'heavy'.",
    ),
    (
        "empty group",
        lambda: G("other", members=[]),
        ap.SchemeError,
        "RaterGroup 'other': members must name at least one rater or group; got none.",
    ),
    (
        "rater in two groups",
        lambda: ap.Scheme(
            [G("quantitative", members=["Audit Office"]), G("other", members=["Audit Office"])]
        ),
        ap.SchemeError,
        "Scheme: rater 'Audit Office' is a member of both 'quantitative' and 'other'; a rater belongs to one group.",
    ),
    (
        "duplicate group name",
        lambda: ap.Scheme([G("g", members=["A"]), G("g", members=["B"])]),
        ap.SchemeError,
        "Scheme: the name 'g' is used twice in the rater tree; names are unique across raters and groups.",
    ),
    (
        "rater named like a group",
        lambda: ap.Scheme([G("g", members=["A"]), G("h", members=["g"])]),
        ap.SchemeError,
        "Scheme: rater 'g' has the name of a group; names are unique across raters and groups.",
    ),
    (
        "duplicate criterion",
        lambda: ap.Scheme(
            ["A"], [ap.Criterion("x", children=[ap.Criterion("y")]), ap.Criterion("y")]
        ),
        ap.SchemeError,
        "Scheme: the criterion name 'y' is used twice; criterion names are unique across the criteria tree.",
    ),
    (
        "trimmed too small",
        lambda: G("panel", members=["A", "B"], rule=ap.Trimmed(1)),
        ap.SchemeError,
        "RaterGroup 'panel': rule Trimmed(1) needs more than 2 members; got 2.",
    ),
    (
        "quorum too high",
        lambda: G("panel", members=["A", "B"], quorum=3),
        ap.SchemeError,
        "RaterGroup 'panel': quorum must be an integer from 1 to 2 (the member count); got 3.",
    ),
    (
        "quorum zero",
        lambda: G("panel", members=["A"], quorum=0),
        ap.SchemeError,
        "RaterGroup 'panel': quorum must be an integer from 1 to 1 (the member count); got 0.",
    ),
    (
        "member weight for a stranger",
        lambda: G("panel", members=["A", "B"], member_weights={"C": 2}),
        ap.SchemeError,
        "RaterGroup 'panel': member_weights names 'C', which is not a rater member of the group; members are ['A', 'B'].",
    ),
    (
        "inverted scale",
        lambda: ap.Criterion("rate", scale=(10, 0)),
        ap.SchemeError,
        "Criterion 'rate': scale must be a pair (low, high) of finite numbers with low < high; got (10.0, 0.0).",
    ),
    (
        "decimals out of range",
        lambda: ap.Scheme(["A"], decimals=7),
        ap.SchemeError,
        "Scheme: decimals must be None or an integer from 0 to 6; got 7.",
    ),
    (
        "unknown tie method",
        lambda: ap.Scheme(["A"], ties="first"),
        ap.SchemeError,  # type: ignore[arg-type]
        "Scheme: ties must be one of 'min', 'dense', 'ordinal', 'average', 'max'; got 'first'.",
    ),
    (
        "unknown rule",
        lambda: G("g", members=["A"], rule="mode"),
        ap.SchemeError,  # type: ignore[arg-type]
        "RaterGroup 'g': rule must be 'mean', 'median' or Trimmed(k); got 'mode'.",
    ),
    (
        "schedule with a gap-free overlap",
        lambda: ap.Trimmed(schedule=((3, 0), (2, 1), (None, 2))),
        ap.SchemeError,
        "Trimmed: schedule bands must have increasing upper ends without gaps or overlaps; the band up to 2 would start at 4.",
    ),
    (
        "schedule that leaves nobody",
        lambda: ap.Trimmed(schedule=((2, 0), (None, 2))),
        ap.SchemeError,
        "Trimmed: the schedule band from 3 members trims k=2 from each side, which leaves no member at 3; k must be >= 0 and < 1.5 there.",
    ),
    (
        "non-numeric score",
        lambda: ap.ScoreSheet.from_records(
            [("Finance Bureau", "East River Town", "economy", "9O")]
        ),
        ap.ScoreError,
        "rows[0]: score '9O' for rater 'Finance Bureau', unit 'East River Town', criterion 'economy' must be a number, or None for a missing score.",
    ),
    (
        "infinite score",
        lambda: ap.ScoreSheet.from_records([("A", "x", "c", 1.0), ("A", "y", "c", float("inf"))]),
        ap.ScoreError,
        "rows[1]: score inf for rater 'A', unit 'y', criterion 'c' must be finite (NaN or None marks a missing score).",
    ),
    (
        "duplicate record",
        lambda: ap.ScoreSheet.from_records(
            [("A", "x", "c", 1.0), ("B", "x", "c", 2.0), ("A", "x", "c", 3.0)]
        ),
        ap.ScoreError,
        "rows[2]: repeats the record rows[0] for rater 'A', unit 'x', criterion 'c'; each (rater, unit, criterion) may be scored once.",
    ),
    (
        "short record",
        lambda: ap.ScoreSheet.from_records([("A", "x", 1.0)]),
        ap.ScoreError,
        "rows[0]: a record must be (rater, unit, criterion, score); got ('A', 'x', 1.0).",
    ),
    (
        "blank unit",
        lambda: ap.ScoreSheet.from_records([("A", " ", "c", 1.0)]),
        ap.ScoreError,
        "rows[0]: the unit must be a non-empty name; got ' '.",
    ),
    (
        "unit a spreadsheet would run as a formula",
        lambda: ap.ScoreSheet.from_records([("A", "=HYPERLINK(1)", "c", 1.0)]),
        ap.ScoreError,
        "rows[0]: the unit must not start with '=' (U+003D), which a spreadsheet runs as a formula; a name may start with any character but '=', '+', '-', '@' and their full-width and small forms; got '=HYPERLINK(1)'.",
    ),
    (
        "sheet category in full-width formula form",
        lambda: ap.appraise(
            ap.ScoreSheet.from_records([("A", "x", "c", 1.0)], categories={"x": "＋k"}),
            ap.Scheme(["A"], [ap.Criterion("c")]),
        ),
        ap.ScoreError,
        "categories: the category of unit 'x' must not start with '＋' (U+FF0B), which a spreadsheet runs as a formula; a name may start with any character but '=', '+', '-', '@' and their full-width and small forms; got '＋k'.",
    ),
    (
        "array of wrong shape",
        lambda: ap.ScoreSheet.from_array(np.zeros((2, 3)), raters=["A"], units=["x", "y", "z"]),
        ap.ScoreError,
        "ScoreSheet: values must have shape (n_raters, n_units, n_criteria) = (1, 3, 1); got (2, 3, 1).",
    ),
    (
        "infinite cell",
        lambda: ap.ScoreSheet.from_array([[1.0, -np.inf]], raters=["A"], units=["x", "y"]),
        ap.ScoreError,
        "ScoreSheet: score -inf for rater 'A', unit 'y', criterion 'score' must be finite (NaN or None marks a missing score).",
    ),
    (
        "unit outside unit_order",
        lambda: ap.ScoreSheet.from_records([("A", "x", "c", 1.0)], unit_order=["y"]),
        ap.ScoreError,
        "rows: unit 'x' is not in unit_order; unit_order must list every unit of the records.",
    ),
    (
        "text scores in columns",
        lambda: ap.ScoreSheet.from_columns(["A"], ["x"], ["c"], ["12"]),
        ap.ScoreError,
        "scores[0]: score '12' must be a number, or NaN or None for a missing score.",
    ),
    (
        "unknown rater",
        _appraise_with([("Finance Bureu", "East River Town", "economy", 80)], TWO),
        ap.ScoreError,
        "score sheet: rater 'Finance Bureu' is not in the scheme; did you mean 'Finance Bureau'?",
    ),
    (
        "unknown criterion",
        _appraise_with([("Finance Bureau", "East River Town", "projects", 80)], TWO),
        ap.ScoreError,
        "score sheet: criterion 'projects' is not in the scheme.",
    ),
    (
        "score outside its scale",
        _appraise_with([("Finance Bureau", "East River Town", "economy", 112)], TWO),
        ap.ScoreError,
        "score sheet: score 112 for rater 'Finance Bureau', unit 'East River Town', criterion 'economy' is outside its scale 0..100.",
    ),
    (
        "rank of text",
        lambda: ap.rank(["high", "low"]),
        ap.InputError,
        "rank: values must be numbers (NaN for none); got ['high', 'low'].",
    ),
    (
        "unknown unit in explain",
        lambda: ap.appraise(
            ap.ScoreSheet.from_records([("A", "East River Town", "score", 1.0)]), ap.Scheme(["A"])
        ).explain("East Rivr Town"),
        ap.InputError,
        "no unit named 'East Rivr Town'; did you mean 'East River Town'?",
    ),
]


@pytest.mark.parametrize(
    ("case", "action", "kind", "message"), CATALOGUE, ids=[c[0] for c in CATALOGUE]
)
def test_bad_input_is_named(
    case: str, action: Callable[[], object], kind: type[Exception], message: str
) -> None:
    """The error has the documented class and wording, and input errors are ValueErrors."""
    with pytest.raises(kind, match=f"^{re.escape(message)}$"):
        action()
    assert issubclass(kind, ValueError)


def test_catalogue_cases_are_distinct() -> None:
    """Each case has its own name and its own message: none is pinned twice under two names."""
    assert len({c[0] for c in CATALOGUE}) == len(CATALOGUE)
    assert len({c[3] for c in CATALOGUE}) == len(CATALOGUE)


def test_an_appraisal_with_arrays_that_do_not_fit_is_refused() -> None:
    """Rebuilding a result from inconsistent data names the array and the shapes allowed."""
    result = ap.appraise(ap.ScoreSheet.from_records([("A", "x", "score", 1.0)]), ap.Scheme(["A"]))
    data = result.to_dict()
    data["base"] = [1.0, 2.0]
    with pytest.raises(
        ap.InputError, match=re.escape("result: base must be a list of 1; got 2 items.")
    ):
        ap.Appraisal.from_dict(data)
    fields = {k: getattr(result, k) for k in ("scheme", "sheet", "score", "rank", "rater_scores")}
    with pytest.raises(
        ap.InputError,
        match=re.escape(
            "Appraisal: base must have shape (1,) (units 1, raters 1, groups 1); got (2,)."
        ),
    ):
        ap.Appraisal(
            **fields, base=[1.0, 2.0], influence=result.influence,
            group_scores=result.group_scores, coverage=result.coverage, trimmed=result.trimmed,
            flags=(), version=result.version,
        )  # fmt: skip
