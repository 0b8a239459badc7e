"""Leave one rater out by down-dating, checked against folding again without the rater."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from appraisal.core.fold import GroupSpec, fold
from appraisal.core.loo import leave_one_out

NAN = np.nan


def test_one_mean_group_by_hand() -> None:
    """Without each rater in turn, the weighted mean of the others."""
    scores = np.array([[80.0, 70.0], [60.0, NAN], [50.0, 90.0]])
    top = GroupSpec(np.arange(3), np.array([2.0, 1.0, 1.0]), None, 1)
    out = leave_one_out(scores, [top], root=0)
    # without r0: (60 + 50)/2, 90; without r1: (160 + 50)/3, unchanged (140 + 90)/3;
    # without r2: (160 + 60)/3, 70
    np.testing.assert_allclose(
        out.base, [[55.0, 90.0], [70.0, 230 / 3], [220 / 3, 70.0]], rtol=1e-12
    )
    np.testing.assert_allclose(out.group_scores[:, 0], out.base, rtol=1e-12)


def test_leaving_out_the_last_rater_of_a_group_removes_the_group() -> None:
    """A group that loses its only present rater, or falls below quorum, leaves its parent."""
    # node 4 = mean(r0, r1), quorum 2; root = mean(node 4 ×3, r2, r3)
    inner = GroupSpec(np.array([0, 1]), np.ones(2), None, 2)
    top = GroupSpec(np.array([4, 2, 3]), np.array([3.0, 1.0, 1.0]), None, 1)
    scores = np.array([[80.0], [60.0], [50.0], [NAN]])
    out = leave_one_out(scores, [inner, top], root=1)
    # full: node 4 = 70, base = (3·70 + 50)/4 = 65
    # without r0 or r1: node 4 below quorum, base = r2 = 50; without r2: base = 70; r3: 65
    np.testing.assert_allclose(out.base[:, 0], [50.0, 50.0, 70.0, 65.0], rtol=1e-12)
    assert np.isnan(out.group_scores[0, 0, 0])
    np.testing.assert_allclose(out.group_scores[2, :, 0], [70.0, 70.0], rtol=1e-12)


def test_leaving_out_the_only_rater_leaves_no_base() -> None:
    """A unit scored by one rater has no base without it."""
    top = GroupSpec(np.arange(2), np.ones(2), None, 1)
    out = leave_one_out(np.array([[80.0], [NAN]]), [top], root=0)
    assert np.isnan(out.base[0, 0])
    np.testing.assert_allclose(out.base[1], [80.0], rtol=1e-12)


@st.composite
def mean_trees(draw: st.DrawFn) -> tuple[list[GroupSpec], int]:
    """A root mean over 1-3 mean groups of 1-4 raters; random weights and quorums."""
    specs: list[GroupSpec] = []
    start = 0
    for _ in range(draw(st.integers(1, 3))):
        size = draw(st.integers(1, 4))
        weights = draw(st.lists(st.floats(0.5, 3.0), min_size=size, max_size=size))
        quorum = draw(st.integers(1, 3))
        specs.append(GroupSpec(np.arange(start, start + size), np.array(weights), None, quorum))
        start += size
    n = len(specs)
    weights = draw(st.lists(st.floats(0.1, 1.0), min_size=n, max_size=n))
    quorum = draw(st.integers(1, 2))
    specs.append(GroupSpec(np.arange(start, start + n), np.array(weights), None, quorum))
    return specs, start


@given(tree=mean_trees(), data=st.data())
def test_equals_folding_without_the_rater(
    tree: tuple[list[GroupSpec], int], data: st.DataObject
) -> None:
    """For every rater, down-dating gives what a fold with its scores deleted gives."""
    specs, n_raters = tree
    cell = st.one_of(st.just(NAN), st.floats(0.0, 100.0))
    n_units = data.draw(st.integers(1, 5))
    scores = data.draw(hnp.arrays(np.float64, (n_raters, n_units), elements=cell))
    out = leave_one_out(scores, specs, root=len(specs) - 1)
    for rater in range(n_raters):
        without = scores.copy()
        without[rater] = NAN
        again = fold(without, specs, root=len(specs) - 1)
        np.testing.assert_array_equal(np.isnan(out.base[rater]), np.isnan(again.base))
        np.testing.assert_allclose(out.base[rater], again.base, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(
            out.group_scores[rater], again.group_scores, rtol=1e-9, atol=1e-9
        )
