"""The fold kernel: group rules, quorums, nested groups, the influence matrix and drops."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from appraisal.core.fold import GroupSpec, fold

NAN = np.nan


def mean_group(
    members: list[int], weights: list[float] | None = None, quorum: int = 1
) -> GroupSpec:
    """A weighted-mean group over node numbers `members` (weights 1 by default)."""
    w = np.ones(len(members)) if weights is None else np.array(weights, dtype=np.float64)
    return GroupSpec(np.array(members, dtype=np.intp), w, None, quorum)


def trim_counts(n_members: int, k: int | None) -> np.ndarray:
    """``trim[n]`` for n present members: ``(n - 1) // 2`` for the median, at most `k` else."""
    n = np.arange(n_members + 1)
    most = np.maximum((n - 1) // 2, 0)
    return most if k is None else np.minimum(most, k)


def trimmed_group(members: list[int], k: int | None, quorum: int = 1) -> GroupSpec:
    """A median (`k` None) or trimmed-mean group; the weights are there but unused."""
    return GroupSpec(
        np.array(members, dtype=np.intp),
        np.full(len(members), 7.0),
        trim_counts(len(members), k),
        quorum,
    )


def column(*values: float) -> np.ndarray:
    """One unit's scores, one row per rater."""
    return np.array(values, dtype=np.float64)[:, None]


def test_mean_weights_members_and_renormalises_over_present() -> None:
    """A mean group weighs its members and renormalises the weights where a score is missing."""
    scores = np.array([[80.0, 80.0], [60.0, NAN], [50.0, 50.0]])
    out = fold(scores, [mean_group([0, 1, 2], [2.0, 1.0, 1.0])], root=0)
    # unit 0: (2·80 + 60 + 50) / 4 = 270 / 4; unit 1: (2·80 + 50) / 3 = 210 / 3
    np.testing.assert_allclose(out.base, [67.5, 70.0], rtol=1e-12)
    np.testing.assert_allclose(out.group_scores, [[67.5, 70.0]], rtol=1e-12)
    np.testing.assert_allclose(
        out.influence, [[2 / 4, 2 / 3], [1 / 4, 0.0], [1 / 4, 1 / 3]], rtol=1e-12
    )
    assert not out.dropped.any()


def test_mean_with_negative_scores() -> None:
    """Negative scores (standardised ones can be) are averaged like any other."""
    scores = column(-10.0, 20.0, NAN)
    out = fold(scores, [mean_group([0, 1, 2], [1.0, 3.0, 1.0])], root=0)
    # (1·(-10) + 3·20) / (1 + 3) = 50 / 4
    np.testing.assert_allclose(out.base, [12.5], rtol=1e-12)
    np.testing.assert_allclose(out.influence[:, 0], [0.25, 0.75, 0.0], rtol=1e-12)


def test_unit_nobody_scored_is_absent() -> None:
    """A unit with no score is NaN in base and group scores, with zero influence."""
    scores = np.array([[70.0, NAN], [90.0, NAN]])
    out = fold(scores, [mean_group([0, 1])], root=0)
    np.testing.assert_allclose(out.base[0], 80.0, rtol=1e-12)
    assert np.isnan(out.base[1])
    assert np.isnan(out.group_scores[0, 1])
    np.testing.assert_array_equal(out.influence[:, 1], [0.0, 0.0])


def test_median_of_an_odd_count_keeps_the_middle_member() -> None:
    """The median of three present members is the middle one; the other two are dropped."""
    out = fold(column(10.0, 40.0, 20.0), [trimmed_group([0, 1, 2], None)], root=0)
    np.testing.assert_allclose(out.base, [20.0], rtol=1e-12)
    np.testing.assert_array_equal(out.influence[:, 0], [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(out.dropped[:, 0], [True, True, False])


def test_median_of_an_even_count_averages_the_two_middle_members() -> None:
    """The median of four present members is the mean of the two middle ones."""
    out = fold(column(10.0, 40.0, 20.0, 30.0), [trimmed_group([0, 1, 2, 3], None)], root=0)
    # sorted 10, 20, 30, 40: (20 + 30) / 2
    np.testing.assert_allclose(out.base, [25.0], rtol=1e-12)
    np.testing.assert_array_equal(out.influence[:, 0], [0.0, 0.0, 0.5, 0.5])
    np.testing.assert_array_equal(out.dropped[:, 0], [True, True, False, False])


def test_median_ignores_member_weights() -> None:
    """The median is unweighted: the spec's weights do not move it."""
    heavy = GroupSpec(np.arange(3), np.array([100.0, 1.0, 1.0]), trim_counts(3, None), 1)
    out = fold(column(90.0, 10.0, 20.0), [heavy], root=0)
    np.testing.assert_allclose(out.base, [20.0], rtol=1e-12)


def test_median_skips_missing_members() -> None:
    """With one of four members missing the median is taken of the three present."""
    out = fold(column(10.0, 40.0, 20.0, NAN), [trimmed_group([0, 1, 2, 3], None)], root=0)
    np.testing.assert_allclose(out.base, [20.0], rtol=1e-12)
    np.testing.assert_array_equal(out.dropped[:, 0], [True, True, False, False])


def test_trim_count_follows_the_number_of_present_members() -> None:
    """``trim[n]`` is read at the count of present members, unit by unit."""
    scores = np.array(
        [
            [1.0, 1.0, 1.0],
            [2.0, 2.0, NAN],
            [3.0, NAN, NAN],
            [4.0, 4.0, 4.0],
            [100.0, 100.0, 100.0],
        ]
    )
    out = fold(scores, [trimmed_group([0, 1, 2, 3, 4], k=1)], root=0)
    # 5 present, trim 1: (2 + 3 + 4) / 3; 4 present, trim 1: (2 + 4) / 2;
    # 3 present, trim 1: the middle one, 4
    np.testing.assert_allclose(out.base, [3.0, 3.0, 4.0], rtol=1e-12)
    np.testing.assert_array_equal(
        out.dropped,
        [
            [True, True, True],
            [False, False, False],
            [False, False, False],
            [False, False, False],
            [True, True, True],
        ],
    )


def test_trim_schedule_can_differ_from_the_median_counts() -> None:
    """A schedule (here none below 5 members, 2 from 5) trims exactly what ``trim`` says."""
    spec = GroupSpec(np.arange(5), np.ones(5), np.array([0, 0, 0, 0, 0, 2]), 1)
    scores = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [4.0, 4.0], [100.0, NAN]])
    out = fold(scores, [spec], root=0)
    # 5 present, trim 2: only 3 remains; 4 present, trim 0: (1 + 2 + 3 + 4) / 4
    np.testing.assert_allclose(out.base, [3.0, 2.5], rtol=1e-12)
    np.testing.assert_allclose(out.influence[:, 1], [0.25, 0.25, 0.25, 0.25, 0.0], rtol=1e-12)


def test_ties_at_a_cut_are_dropped_by_member_order() -> None:
    """Of members tied at a cut the earlier is dropped at the low end, the later at the top."""
    out = fold(column(70.0, 50.0, 70.0, 50.0, 60.0), [trimmed_group([0, 1, 2, 3, 4], 1)], root=0)
    # order by (score, member): 50 (1), 50 (3), 60 (4), 70 (0), 70 (2); drop members 1 and 2
    np.testing.assert_allclose(out.base, [60.0], rtol=1e-12)  # (70 + 50 + 60) / 3
    np.testing.assert_array_equal(out.dropped[:, 0], [False, True, True, False, False])


def test_quorum_makes_a_group_absent_and_its_parent_renormalise() -> None:
    """A group below its quorum is absent; its parent carries on with its other members."""
    inner = mean_group([0, 1], quorum=2)
    top = mean_group([3, 2], [1.0, 1.0])  # node 3 is `inner`
    scores = np.array([[80.0, 80.0], [NAN, 60.0], [50.0, 50.0]])
    out = fold(scores, [inner, top], root=1)
    # unit 0: inner has 1 < 2 members, absent; base = r2 = 50
    # unit 1: inner = (80 + 60) / 2 = 70; base = (70 + 50) / 2 = 60
    np.testing.assert_allclose(out.base, [50.0, 60.0], rtol=1e-12)
    assert np.isnan(out.group_scores[0, 0])
    np.testing.assert_allclose(out.group_scores[0, 1], 70.0, rtol=1e-12)
    np.testing.assert_allclose(out.influence, [[0.0, 0.25], [0.0, 0.25], [1.0, 0.5]], rtol=1e-12)
    assert not out.dropped.any()  # below quorum is absent, not dropped


def test_quorum_of_a_trimmed_group() -> None:
    """A median group below quorum is absent and drops nobody."""
    out = fold(column(10.0, 20.0, NAN), [trimmed_group([0, 1, 2], None, quorum=3)], root=0)
    assert np.isnan(out.base[0])
    np.testing.assert_array_equal(out.influence[:, 0], [0.0, 0.0, 0.0])
    assert not out.dropped.any()


def test_nested_groups_fold_bottom_up() -> None:
    """Groups nest to any depth; influence multiplies the coefficients down from the root."""
    # raters 0..4; node 5 = median(r0, r1, r2); node 6 = mean(node 5 ×3, r3 ×1);
    # node 7 (root) = mean(node 6, r4)
    groups = [
        trimmed_group([0, 1, 2], None),
        mean_group([5, 3], [3.0, 1.0]),
        mean_group([6, 4]),
    ]
    out = fold(column(10.0, 30.0, 20.0, 40.0, 60.0), groups, root=2)
    # median 20; (3·20 + 40) / 4 = 25; (25 + 60) / 2 = 42.5
    np.testing.assert_allclose(out.group_scores[:, 0], [20.0, 25.0, 42.5], rtol=1e-12)
    np.testing.assert_allclose(out.base, [42.5], rtol=1e-12)
    # r2: 1 · 3/4 · 1/2; r3: 1/4 · 1/2; r4: 1/2
    np.testing.assert_allclose(out.influence[:, 0], [0.0, 0.0, 0.375, 0.125, 0.5], rtol=1e-12)
    np.testing.assert_array_equal(out.dropped[:, 0], [True, True, False, False, False])


def test_root_need_not_be_the_last_spec() -> None:
    """`root` names the root's index; group_scores keep the specs' order."""
    groups = [mean_group([0, 1]), mean_group([3, 2], [3.0, 1.0]), mean_group([2])]
    # node 3 = mean(r0, r1); node 4 = mean(node 3 ×3, r2); node 5 = r2 alone (not the root)
    out = fold(column(10.0, 30.0, 80.0), groups, root=1)
    # (10 + 30) / 2 = 20; (3·20 + 80) / 4 = 35
    np.testing.assert_allclose(out.base, [35.0], rtol=1e-12)
    np.testing.assert_allclose(out.group_scores[:, 0], [20.0, 35.0, 80.0], rtol=1e-12)
    np.testing.assert_allclose(out.influence[:, 0], [0.375, 0.375, 0.25], rtol=1e-12)


def test_a_group_its_parent_drops_drops_its_raters() -> None:
    """Raters inside a group that an ancestor's rule drops are dropped, absent ones are not."""
    # node 4 = mean(r0, r1); root = median(node 4, r2, r3)
    groups = [mean_group([0, 1]), trimmed_group([4, 2, 3], None)]
    out = fold(np.array([[90.0, 90.0], [NAN, 10.0], [20.0, 20.0], [30.0, 30.0]]), groups, root=1)
    # unit 0: node 4 = 90, median of 90, 20, 30 is 30: node 4 and r2 dropped
    # unit 1: node 4 = 50, median of 50, 20, 30 is 30 again
    np.testing.assert_allclose(out.base, [30.0, 30.0], rtol=1e-12)
    np.testing.assert_array_equal(
        out.dropped, [[True, True], [False, True], [True, True], [False, False]]
    )
    np.testing.assert_array_equal(out.influence, [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0]])


@st.composite
def trees(draw: st.DrawFn) -> tuple[list[GroupSpec], int]:
    """A root over 1-3 groups of 1-4 raters (and maybe one rater of its own), rules at random."""
    specs: list[GroupSpec] = []
    n_raters = 0
    for _ in range(draw(st.integers(1, 3))):
        size = draw(st.integers(1, 4))
        specs.append(draw(specs_over(list(range(n_raters, n_raters + size)))))
        n_raters += size
    lone = draw(st.booleans())
    n_total = n_raters + lone
    top = [n_total + i for i in range(len(specs))] + ([n_raters] if lone else [])
    specs.append(draw(specs_over(top)))
    return specs, n_total


@st.composite
def specs_over(draw: st.DrawFn, members: list[int]) -> GroupSpec:
    """A group over `members` with a random rule, weights and quorum."""
    rule = draw(st.sampled_from(["mean", "median", "trimmed"]))
    quorum = draw(st.integers(1, 2))
    if rule == "mean":
        weights = draw(st.lists(st.floats(0.5, 3.0), min_size=len(members), max_size=len(members)))
        return mean_group(members, weights, quorum)
    k = None if rule == "median" else draw(st.integers(1, 2))
    return trimmed_group(members, k, quorum)


def score_arrays(n_raters: int) -> st.SearchStrategy[np.ndarray]:
    """Scores on 0..100 in half steps (so ties occur), with NaN holes, for 1-5 units."""
    cell = st.one_of(st.just(NAN), st.integers(0, 200).map(lambda v: v / 2.0))
    return st.integers(1, 5).flatmap(
        lambda n_units: hnp.arrays(np.float64, (n_raters, n_units), elements=cell)
    )


@given(tree=trees(), data=st.data())
def test_influence_reproduces_base_and_sums_to_one(
    tree: tuple[list[GroupSpec], int], data: st.DataObject
) -> None:
    """``base = Σ influence·scores`` and ``Σ influence = 1`` where scored, 0 where absent."""
    specs, n_raters = tree
    scores = data.draw(score_arrays(n_raters))
    out = fold(scores, specs, root=len(specs) - 1)
    scored = ~np.isnan(out.base)
    np.testing.assert_allclose(
        (out.influence * np.nan_to_num(scores)).sum(axis=0)[scored], out.base[scored], rtol=1e-12
    )
    np.testing.assert_allclose(out.influence.sum(axis=0)[scored], 1.0, rtol=1e-12)
    np.testing.assert_array_equal(out.influence[:, ~scored], 0.0)
    assert (out.influence >= 0).all()
    np.testing.assert_array_equal(out.influence[np.isnan(scores)], 0.0)
    np.testing.assert_array_equal(out.base, out.group_scores[-1])


@given(tree=trees(), data=st.data())
def test_dropped_raters_are_present_without_influence(
    tree: tuple[list[GroupSpec], int], data: st.DataObject
) -> None:
    """Dropped raters were present, with no influence; other silent raters are in absent groups."""
    specs, n_raters = tree
    scores = data.draw(score_arrays(n_raters))
    out = fold(scores, specs, root=len(specs) - 1)
    assert not (out.dropped & np.isnan(scores)).any()
    np.testing.assert_array_equal(out.influence[out.dropped], 0.0)
    silent = ~np.isnan(scores) & (out.influence == 0) & ~out.dropped
    parent = np.full(n_raters, -1)
    for index, spec in enumerate(specs):
        parent[spec.members[spec.members < n_raters]] = index
    for rater, unit in zip(*np.nonzero(silent), strict=True):
        own_group = out.group_scores[parent[rater], unit]
        assert np.isnan(own_group) or np.isnan(out.base[unit])


@pytest.mark.parametrize("k", [None, 1, 2])
def test_trimmed_group_equals_the_mean_of_the_kept_sorted_scores(k: int | None) -> None:
    """A trimmed group scores the mean of its sorted present scores less ``trim[n]`` at each end."""
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 21, size=(6, 40)) / 2.0
    scores[rng.random(scores.shape) < 0.25] = NAN
    spec = trimmed_group(list(range(6)), k)
    out = fold(scores, [spec], root=0)
    assert spec.trim is not None
    for unit in range(scores.shape[1]):
        present = np.sort(scores[~np.isnan(scores[:, unit]), unit])
        if present.size == 0:
            assert np.isnan(out.base[unit])
            continue
        cut = spec.trim[present.size]
        kept = present[cut : present.size - cut]
        np.testing.assert_allclose(out.base[unit], kept.mean(), rtol=1e-12)
        assert out.dropped[:, unit].sum() == 2 * cut


def test_trimmed_ties_at_the_cut_follow_member_order() -> None:
    """Tied scores at a cut: the earlier member counts as lower, so the low cut drops it first."""
    scores = np.array([[70.0], [70.0], [80.0], [90.0], [90.0]])
    spec = GroupSpec(np.arange(5), np.ones(5), np.array([0, 0, 0, 1, 1, 1]), 1)
    out = fold(scores, [spec], root=0)
    assert out.dropped[:, 0].tolist() == [True, False, False, False, True]
    assert out.base[0] == pytest.approx((70 + 80 + 90) / 3)
