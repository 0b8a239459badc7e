"""Plain-data schemes: exact round trips and key-path errors."""

import re

import pytest
from hypothesis import given

import appraisal as ap
from appraisal.model.scheme_dict import scheme_from_dict, scheme_to_dict
from tests.strategies import schemes


@given(schemes())
def test_random_schemes_round_trip(scheme: ap.Scheme) -> None:
    """Any valid scheme survives the trip to plain data and back unchanged."""
    assert scheme_from_dict(scheme_to_dict(scheme)) == scheme


def test_full_scheme_round_trips() -> None:
    """Nested groups, rules, schedules, member weights, criteria trees and policies survive."""
    panel = ap.RaterGroup(
        "panel",
        2,
        members=["P1", "P2", "P3", "P4"],
        rule=ap.Trimmed(schedule=((3, 0), (None, 1))),
        quorum=2,
    )
    scheme = ap.Scheme(
        ap.RaterGroup(
            "root",
            members=[panel, ap.RaterGroup("g", members=["A", "B"], member_weights={"A": 2})],
            rule="median",
        ),
        [
            ap.Criterion(
                "c",
                3,
                children=[
                    ap.Criterion("d", scale=(0, 10)),
                    ap.Criterion("e", higher_is_better=False),
                ],
            )
        ],
        scale=(0, 10),
        missing="error",
        decimals=None,
        ties="dense",
        standardize="rank",
        align_groups=True,
        recusals={"A": ["East", "West"]},
        self_recusal=True,
        recused_scores="drop",
        categories={"East": "镇", "Zone": "开发区"},
        overall_rank=True,
        tie_break=[("group", "g"), ("criterion", "d"), "previous_rank"],
        caps={"bonus": 5.0, "deduction": 10},
        veto="rank_last",
        tiers=[ap.Tier("优秀", share=0.2, min_score=90), ap.Tier("良好", count=3), ap.Tier("一般")],
        quota_rounding="half_up",
        quota_ties="include",
    )
    assert scheme_from_dict(scheme_to_dict(scheme)) == scheme


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"raters": {"name": "r", "members": ["A"], "colour": 1}},
            "scheme: raters.colour: is not a known key here",
        ),
        (
            {"raters": ["A", {"name": "g", "members": ["B"], "weight": "x"}]},
            "scheme: raters[1].weight: must be a number; got 'x'.",
        ),
        (
            {"raters": ["A", {"members": ["B"]}]},
            "scheme: raters[1]: lacks the required key 'name'.",
        ),
        ({"criteria": []}, "scheme: lacks the required key 'raters'."),
        ({"raters": ["A", 3]}, "scheme: raters[1]: must be a rater name or a group table; got 3."),
        (
            {"raters": [{"name": "g", "members": ["A"], "rule": "mode"}]},
            "scheme: raters[0].rule: must be 'mean', 'median'",
        ),
        (
            {"raters": ["A"], "criteria": [{"name": "c", "scale": [0]}]},
            "scheme: criteria[0].scale: must be a pair [low, high]; got [0].",
        ),
        (
            {"raters": [{"name": "g", "members": ["A"], "weight": -1}]},
            "scheme: raters[0]: RaterGroup 'g': weight must be a finite number > 0; got -1.0.",
        ),
    ],
)
def test_bad_plain_data_names_the_key_path(data: dict[str, object], message: str) -> None:
    """Unknown keys, wrong types and missing keys are SchemeErrors naming the key path."""
    with pytest.raises(ap.SchemeError, match=re.escape(message)):
        scheme_from_dict(data)
