"""Contributions and effective weights, read from the influence matrix of a fold."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from appraisal.core.effective import contributions, effective_weights
from appraisal.core.fold import GroupSpec, fold

NAN = np.nan


def test_contributions_are_zero_where_a_rater_is_absent() -> None:
    """A contribution is influence times score, and 0 (not NaN) where the score is missing."""
    influence = np.array([[0.25, 0.0, 0.5], [0.75, 1.0, 0.5]])
    scores = np.array([[80.0, NAN, 60.0], [40.0, 70.0, 90.0]])
    np.testing.assert_allclose(
        contributions(influence, scores), [[20.0, 0.0, 30.0], [30.0, 70.0, 45.0]], rtol=1e-12
    )


def test_effective_weights_by_hand() -> None:
    """Two raters at half weight: each one's share of the base's spread, computed by hand."""
    scores = np.array([[60.0, 70.0, 80.0], [50.0, 50.0, 80.0]])
    contribution = 0.5 * scores
    base = contribution.sum(axis=0)  # 55, 60, 80: mean 65, centred -10, -5, 15, Σ² = 350
    # rater 0: 0.5·(60, 70, 80)·(-10, -5, 15) = 0.5·250 = 125
    # rater 1: 0.5·(50, 50, 80)·(-10, -5, 15) = 0.5·450 = 225
    weights = effective_weights(contribution, base)
    assert weights is not None
    np.testing.assert_allclose(weights, [125 / 350, 225 / 350], rtol=1e-12)


def test_units_without_a_base_score_are_left_out() -> None:
    """A NaN base leaves its unit out of the covariances."""
    contribution = np.array([[30.0, 35.0, 99.0, 40.0], [25.0, 25.0, 0.0, 40.0]])
    base = np.array([55.0, 60.0, NAN, 80.0])  # the example above, with unit 2 unscored
    weights = effective_weights(contribution, base)
    assert weights is not None
    np.testing.assert_allclose(weights, [125 / 350, 225 / 350], rtol=1e-12)


def test_none_without_spread() -> None:
    """No effective weights with fewer than two scored units or a base equal up to rounding."""
    contribution = np.array([[30.0, 0.1 + 0.2], [40.0, 69.7]])
    assert effective_weights(contribution[:, :1], np.array([70.0])) is None
    assert effective_weights(contribution, np.array([70.0, NAN])) is None
    assert effective_weights(contribution, np.array([70.0, 70.0])) is None
    assert effective_weights(contribution, np.array([0.3, 0.1 + 0.2])) is None


@st.composite
def mean_trees(draw: st.DrawFn) -> tuple[list[GroupSpec], np.ndarray]:
    """A root mean over 1-3 mean groups of 1-4 raters, with each rater's nominal weight."""
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    group_weights = np.array(
        draw(st.lists(st.floats(0.1, 1.0), min_size=len(sizes), max_size=len(sizes)))
    )
    specs, nominal, start = [], [], 0
    for size, share in zip(sizes, group_weights / group_weights.sum(), strict=True):
        weights = np.array(draw(st.lists(st.floats(0.5, 3.0), min_size=size, max_size=size)))
        specs.append(GroupSpec(np.arange(start, start + size), weights, None, 1))
        nominal.append(share * weights / weights.sum())
        start += size
    specs.append(GroupSpec(np.arange(start, start + len(sizes)), group_weights, None, 1))
    return specs, np.concatenate(nominal)


@st.composite
def mixed_trees(draw: st.DrawFn) -> list[GroupSpec]:
    """A root over 1-3 groups of 1-4 raters, each group a mean, a median or trimmed by one."""
    specs, start = [], 0
    for _ in range(draw(st.integers(1, 3))):
        size = draw(st.integers(1, 4))
        most = np.maximum((np.arange(size + 1) - 1) // 2, 0)
        trim = draw(st.sampled_from([None, most, np.minimum(most, 1)]))
        weights = np.array(draw(st.lists(st.floats(0.5, 3.0), min_size=size, max_size=size)))
        specs.append(GroupSpec(np.arange(start, start + size), weights, trim, 1))
        start += size
    top = np.arange(start, start + len(specs))
    specs.append(
        GroupSpec(
            top,
            np.array(draw(st.lists(st.floats(0.1, 1.0), min_size=top.size, max_size=top.size))),
            None,
            1,
        )
    )
    return specs


def score_arrays(n_raters: int, *, holes: bool) -> st.SearchStrategy[np.ndarray]:
    """Scores on 0..100 in half steps for 2-6 units, with NaN holes when asked."""
    cell: st.SearchStrategy[float] = st.integers(0, 200).map(lambda v: v / 2.0)
    if holes:
        cell = st.one_of(st.just(NAN), cell)
    return st.integers(2, 6).flatmap(
        lambda n_units: hnp.arrays(np.float64, (n_raters, n_units), elements=cell)
    )


def n_raters_of(specs: list[GroupSpec]) -> int:
    """The number of raters under a tree whose groups list raters 0.. in turn."""
    return int(sum(spec.members.size for spec in specs[:-1]))


@given(specs=mixed_trees(), data=st.data())
def test_effective_weights_add_up_to_one(specs: list[GroupSpec], data: st.DataObject) -> None:
    """Under any rule and missing pattern the raters' effective weights add up to 1."""
    scores = data.draw(score_arrays(n_raters_of(specs), holes=True))
    out = fold(scores, specs, root=len(specs) - 1)
    weights = effective_weights(contributions(out.influence, scores), out.base)
    if weights is not None:
        np.testing.assert_allclose(weights.sum(), 1.0, rtol=1e-9)


@given(tree=mean_trees(), data=st.data())
def test_complete_mean_tree_gives_nominal_weight_times_regression_slope(
    tree: tuple[list[GroupSpec], np.ndarray], data: st.DataObject
) -> None:
    """With complete data and mean rules the effective weight is ``w·cov(s, base)/var(base)``."""
    specs, nominal = tree
    scores = data.draw(score_arrays(nominal.size, holes=False))
    out = fold(scores, specs, root=len(specs) - 1)
    np.testing.assert_allclose(
        out.influence, np.broadcast_to(nominal[:, None], scores.shape), rtol=1e-12
    )
    weights = effective_weights(contributions(out.influence, scores), out.base)
    if weights is None:
        return
    cov = np.array([np.cov(s, out.base)[0, 1] for s in scores])
    expected = nominal * cov / np.var(out.base, ddof=1)
    np.testing.assert_allclose(weights, expected, rtol=1e-9, atol=1e-9)
