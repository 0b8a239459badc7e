"""check ⇔ appraise: a sheet passes the check exactly when appraise accepts it, and both word it alike."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import appraisal as ap
from appraisal.io.sheets import check_sheet
from appraisal.pipeline.check import check

RATERS = ["Finance Bureau", "Audit Office", "东河镇", "Education Bureau"]
UNITS = ["东河镇", "西山镇", "开发区"]
CRITERIA = ["economy", "projects"]


def _written(draw: st.DrawFn, name: str) -> str:
    """Mostly the name itself; now and then a slip people make: a typo, a blank at an end."""
    if draw(st.integers(0, 29)):
        return name
    return draw(st.sampled_from([name[:-1] + "x", " " + name, name + " ", name + "\u3000"]))


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    """A scheme, a sheet with slips in it, and events: everything appraise takes."""
    rule = draw(st.sampled_from(["mean", "median", ap.Trimmed(1)]))
    scheme = ap.Scheme(
        [
            ap.RaterGroup("q", 0.65, members=RATERS[:3], rule=rule, quorum=draw(st.integers(1, 3))),
            ap.RaterGroup("o", 0.35, members=RATERS[3:]),
        ],
        [ap.Criterion("economy", 0.6), ap.Criterion("projects", 0.4, scale=(0, 10))],
        missing=draw(st.sampled_from(["renormalize", "error"])),
        standardize=draw(st.sampled_from(["none", "zscore"])),
        self_recusal=draw(st.booleans()),
        recused_scores=draw(st.sampled_from(["error", "drop"])),
        recusals=draw(
            st.sampled_from(
                [{}, {}, {}, {"Audit Office": ["西山镇"]}, {"Audit Office": ["西山真"]}]
            )
        ),
        tie_break=draw(st.sampled_from([(), ("previous_rank",), (("criterion", "economy"),)])),
        tiers=draw(
            st.sampled_from(
                [(), (ap.Tier("A", count=1), ap.Tier("B")), (ap.Tier("A", count=4), ap.Tier("B"))]
            )
        ),
    )
    units = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=3, unique=True))
    categories = draw(
        st.sampled_from(
            [
                {},
                {},
                dict.fromkeys(UNITS, "乡镇"),
                {"东河鎮": "乡镇", "西山镇": "乡镇", "开发区": "开发区"},
            ]
        )
    )
    scheme = attrs.evolve(scheme, categories=categories)
    records = []
    written_criteria = {criterion: _written(draw, criterion) for criterion in CRITERIA}
    for rater in RATERS:
        written = _written(draw, rater)
        for unit in units:
            for criterion in CRITERIA:
                if draw(st.integers(0, 19)) == 0:
                    continue  # a missing score
                high = 10 if criterion == "projects" else 100
                score = draw(st.sampled_from([0.0, high / 2, float(high), high / 3]))
                if draw(st.integers(0, 59)) == 0:
                    score = high + 1.0  # outside the scale
                records.append((written, unit, written_criteria[criterion], score))
    if not records:
        records = [(RATERS[0], units[0], CRITERIA[0], 50.0)]
    try:
        sheet: ap.ScoreSheet | None = ap.ScoreSheet.from_records(records, unit_order=units)
    except ap.ScoreError:  # a name with a blank at an end: refused when the sheet is built
        sheet = None
    unit_pick = st.sampled_from([*units, "东河鎮"])
    adjustments = draw(
        st.lists(
            st.builds(
                ap.Adjustment,
                unit_pick,
                st.sampled_from([1.0, 2.0]),
                st.just("award"),
                evidence=st.sampled_from([None, "E1"]),
            ),
            max_size=2,
        )
    )
    vetoes = draw(st.lists(st.builds(ap.Veto, unit_pick, st.just("accident")), max_size=1))
    return {
        "sheet": sheet,
        "records": records,
        "units": units,
        "scheme": scheme,
        "adjustments": adjustments,
        "vetoes": vetoes,
    }


def _outcome(case: dict[str, Any]) -> tuple[type[Exception] | None, str]:
    try:
        ap.appraise(
            case["sheet"], case["scheme"], adjustments=case["adjustments"], vetoes=case["vetoes"]
        )
    except ap.AppraisalError as error:
        return type(error), str(error)
    return None, ""


@given(cases())
def test_check_reports_nothing_exactly_when_appraise_succeeds(case: dict[str, Any]) -> None:
    """No problem ⇔ appraise succeeds; else appraise raises the first problem, same class and words."""
    assume(case["sheet"] is not None)
    report = check(
        case["sheet"], case["scheme"], adjustments=case["adjustments"], vetoes=case["vetoes"]
    )
    raised, message = _outcome(case)
    assert (raised is None) == report.ok
    if raised is not None:
        first = report.problems[0]
        assert message == first.message
        assert raised is type(first.error())


@given(cases())
def test_the_check_of_a_file_agrees_with_loading_and_appraising_it(
    tmp_path_factory: pytest.TempPathFactory, case: dict[str, Any]
) -> None:
    """`appraisal check` on a file finds no problem ⇔ load_sheet and appraise succeed, first problem alike."""
    path = Path(tmp_path_factory.mktemp("sheet")) / "scores.csv"
    scheme, units = case["scheme"], case["units"]
    with path.open("w", encoding="utf-8", newline="") as stream:  # names as written, slips too
        csv.writer(stream).writerows([("rater", "unit", "criterion", "score"), *case["records"]])
    events = {"adjustments": case["adjustments"], "vetoes": case["vetoes"]}
    report = check_sheet(path, scheme, unit_order=units, **events)
    try:
        ap.appraise(ap.load_sheet(path, scheme=scheme, unit_order=units), scheme, **events)
    except ap.AppraisalError as error:
        message = str(error)
    else:
        message = ""
    assert report.ok == (not message)
    assert message == (report.problems[0].message if report.problems else "")


def test_a_misspelled_unit_in_an_adjustment_fails_check_as_it_fails_appraise() -> None:
    """The event that slipped past the check before: an adjustment for a unit the sheet lacks."""
    sheet = ap.ScoreSheet.from_records([("A", "东河镇", "score", 80.0)])
    scheme = ap.Scheme(["A"])
    bonus = [ap.Adjustment("东河鎮", 1, "award")]
    report = check(sheet, scheme, adjustments=bonus)
    message = (
        "Adjustment for unit '东河鎮': no such unit in the score sheet; did you mean '东河镇'?"
    )
    assert [p.message for p in report.problems] == [message]
    with pytest.raises(ap.InputError, match=message):
        ap.appraise(sheet, scheme, adjustments=bonus)


def test_problems_carry_where_they_are() -> None:
    """A problem names its rater, unit and criterion as fields, and its file and line from a file."""
    sheet = ap.ScoreSheet.from_records([("A", "x", "score", 101.0)])
    problem = check(sheet, ap.Scheme(["A"])).problems[0]
    assert (problem.kind, problem.rater, problem.unit, problem.criterion) == (
        "scale",
        "A",
        "x",
        "score",
    )


def test_problems_from_a_file_name_its_line(tmp_path: Path) -> None:
    """The file reader's problems carry the file and the line."""
    path = tmp_path / "scores.csv"
    path.write_text("rater,unit,criterion,score\nA,x,score,50\nB,x,score,101\n", encoding="utf-8")
    problem = check_sheet(path, ap.Scheme(["A", "B"])).problems[0]
    assert (problem.file, problem.line, problem.kind) == (str(path), 3, "scale")
