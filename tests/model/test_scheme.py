"""Scheme model: trees, derived orders and weights, and policies."""

import attrs
import numpy as np
import pytest

import appraisal as ap


def test_list_of_groups_gets_an_implicit_root() -> None:
    """A list of top-level groups becomes the members of a root named 'all'."""
    scheme = ap.Scheme(
        [ap.RaterGroup("q", 0.65, members=["A"]), ap.RaterGroup("o", 0.35, members=["B"])]
    )
    assert scheme.raters.name == "all"
    assert [g.name for g in scheme.groups] == ["all", "q", "o"]
    assert scheme.parents == {"q": "all", "o": "all", "A": "q", "B": "o"}


def test_nested_groups_in_tree_order() -> None:
    """Groups are listed root first, depth first; raters in tree order."""
    panel = ap.RaterGroup("finance panel", members=["F1", "F2", "F3"], rule="median")
    scheme = ap.Scheme(
        [ap.RaterGroup("q", members=[panel, "Audit"]), ap.RaterGroup("o", members=["B"])]
    )
    assert [g.name for g in scheme.groups] == ["all", "q", "finance panel", "o"]
    assert scheme.rater_names == ("Audit", "F1", "F2", "F3", "B")


def test_leaf_weights_multiply_down_the_tree() -> None:
    """A leaf's weight is the product of normalised sibling weights on its path."""
    criteria = [
        ap.Criterion(
            "economy", 2, children=[ap.Criterion("growth", 1), ap.Criterion("revenue", 3)]
        ),
        ap.Criterion("services", 2),
    ]
    scheme = ap.Scheme(["A"], criteria)
    assert scheme.criterion_names == ("growth", "revenue", "services")
    np.testing.assert_allclose(scheme.criterion_weights, [0.125, 0.375, 0.5])


def test_weights_need_not_sum_to_one() -> None:
    """Weights are relative among siblings."""
    a = ap.Scheme(["A"], [ap.Criterion("x", 65), ap.Criterion("y", 35)])
    b = ap.Scheme(["A"], [ap.Criterion("x", 0.65), ap.Criterion("y", 0.35)])
    np.testing.assert_allclose(a.criterion_weights, b.criterion_weights)


def test_schemes_are_frozen_and_comparable() -> None:
    """Schemes are immutable values: equal when built alike, variants via attrs.evolve."""
    scheme = ap.Scheme(["A", "B"], decimals=1)
    assert scheme == ap.Scheme(["A", "B"], decimals=1)
    assert hash(scheme) == hash(ap.Scheme(["A", "B"], decimals=1))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        scheme.decimals = 2  # type: ignore[misc]
    assert attrs.evolve(scheme, ties="dense").ties == "dense"


def test_trimmed_schedule_counts() -> None:
    """A schedule sets k by the number of present members, never leaving nobody."""
    rule = ap.Trimmed(schedule=((3, 0), (6, 1), (None, 2)))
    assert rule.trim_counts(9).tolist() == [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert ap.Trimmed(2).trim_counts(6).tolist() == [0, 0, 0, 1, 1, 2, 2]


def test_member_weights_default_to_one() -> None:
    """A rater without an entry in member_weights weighs 1 in its group."""
    group = ap.RaterGroup("g", members=["A", "B"], member_weights={"A": 3})
    assert group.member_weight("A") == 3.0
    assert group.member_weight("B") == 1.0


def test_criterion_maps_mirror_lower_is_better() -> None:
    """Scales map linearly onto the scheme's; lower-is-better mirrors."""
    scheme = ap.Scheme(
        ["A"], [ap.Criterion("x", scale=(1, 5)), ap.Criterion("y", higher_is_better=False)]
    )
    offsets, slopes = scheme.criterion_maps()
    np.testing.assert_allclose(offsets + slopes * np.array([1, 0]), [0, 100])
    np.testing.assert_allclose(offsets + slopes * np.array([5, 100]), [100, 0])
