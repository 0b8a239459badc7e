"""Places within categories by a cascade of keys, and tiers by capacity and minimum score."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from appraisal.core.rank import TIES
from appraisal.core.standing import standing, tiers

NAN = np.nan
INF = np.inf


def one_category(n: int) -> np.ndarray:
    """Category codes putting all `n` rows in category 0."""
    return np.zeros(n, dtype=np.intp)


@pytest.mark.parametrize(
    ("ties", "expected"),
    [
        ("min", [1.0, 4.0, 1.0, 5.0, 1.0, NAN]),
        ("max", [3.0, 4.0, 3.0, 5.0, 3.0, NAN]),
        ("dense", [1.0, 2.0, 1.0, 3.0, 1.0, NAN]),
        ("average", [2.0, 4.0, 2.0, 5.0, 2.0, NAN]),  # (1 + 3) / 2 for the three 90s
        ("ordinal", [1.0, 4.0, 2.0, 5.0, 3.0, NAN]),  # the three 90s in row order
    ],
)
def test_each_tie_method(ties: str, expected: list[float]) -> None:
    """Rows 0, 2, 4 tie at 90 ahead of 85 and 80; the tie method sets their shared place."""
    keys = np.array([[90.0, 85.0, 90.0, 80.0, 90.0, NAN]])
    out = standing(keys, one_category(6), score_key=0, ties=ties)
    np.testing.assert_array_equal(out.rank, expected)
    np.testing.assert_array_equal(out.order, [0, 2, 4, 1, 3])  # NaN row left out
    np.testing.assert_array_equal(out.block, [0, 1, 0, 2, 0, -1])
    np.testing.assert_array_equal(out.decided_by, [0, 0, -1, -1])  # no later key: 0 in ties


def test_categories_are_ranked_on_their_own() -> None:
    """Each category gets places from 1, and `order` lists category 0 first, best first."""
    keys = np.array([[70.0, 60.0, 80.0, 90.0, 60.0]])
    out = standing(keys, np.array([1, 0, 1, 0, 0]), score_key=0, ties="dense")
    # category 0: 90 (row 3), 60 (rows 1, 4); category 1: 80 (row 2), 70 (row 0)
    np.testing.assert_array_equal(out.rank, [2.0, 2.0, 1.0, 1.0, 2.0])
    np.testing.assert_array_equal(out.order, [3, 1, 4, 2, 0])
    np.testing.assert_array_equal(out.block, [3, 1, 2, 0, 1])
    np.testing.assert_array_equal(out.decided_by, [-1, 0, -1, -1])


def test_equal_scores_in_different_categories_do_not_tie() -> None:
    """The same score in two categories is two blocks, and no tie to decide between them."""
    out = standing(np.array([[80.0, 80.0]]), np.array([0, 1]), score_key=0, ties="min")
    np.testing.assert_array_equal(out.rank, [1.0, 1.0])
    np.testing.assert_array_equal(out.block, [0, 1])
    np.testing.assert_array_equal(out.decided_by, [-1])


def test_tie_break_keys_decide_in_turn() -> None:
    """Keys after the score break its ties in order; `decided_by` names the deciding key."""
    keys = np.array(
        [
            [90.0, 90.0, 90.0, 80.0],  # the score
            [1.0, 1.0, 0.0, 0.0],  # first tie-break: rows 0, 1 ahead of row 2
            [2.0, 1.0, 5.0, 0.0],  # second: row 0 ahead of row 1
        ]
    )
    out = standing(keys, one_category(4), score_key=0, ties="min")
    np.testing.assert_array_equal(out.rank, [1.0, 2.0, 3.0, 4.0])
    np.testing.assert_array_equal(out.order, [0, 1, 2, 3])
    # (0, 1) tied on key 1, decided by key 2; (1, 2) decided by key 1; (2, 3) not tied
    np.testing.assert_array_equal(out.decided_by, [2, 1, -1])


def test_nan_tie_break_counts_as_worst() -> None:
    """A NaN tie-break key places its row after the tied rows that have one."""
    keys = np.array([[90.0, 90.0, 90.0], [NAN, 5.0, 3.0]])
    out = standing(keys, one_category(3), score_key=0, ties="min")
    np.testing.assert_array_equal(out.rank, [3.0, 1.0, 2.0])
    np.testing.assert_array_equal(out.order, [1, 2, 0])
    np.testing.assert_array_equal(out.decided_by, [1, 1])


def test_a_tie_the_cascade_leaves_shares_the_place() -> None:
    """Rows equal on every key share a block and a place; `decided_by` is 0 between them."""
    keys = np.array([[90.0, 90.0, 90.0], [1.0, 2.0, 1.0]])
    out = standing(keys, one_category(3), score_key=0, ties="min")
    np.testing.assert_array_equal(out.rank, [2.0, 1.0, 2.0])
    np.testing.assert_array_equal(out.order, [1, 0, 2])
    np.testing.assert_array_equal(out.block, [1, 0, 1])
    np.testing.assert_array_equal(out.decided_by, [1, 0])


def test_keys_before_the_score_order_rows_ahead_of_it() -> None:
    """A key before the score (a veto) places rows last whatever their score."""
    keys = np.array([[0.0, 0.0, -1.0, -1.0], [80.0, 90.0, 95.0, 80.0]])
    out = standing(keys, one_category(4), score_key=1, ties="min")
    np.testing.assert_array_equal(out.rank, [2.0, 1.0, 3.0, 4.0])
    np.testing.assert_array_equal(out.order, [1, 0, 2, 3])
    np.testing.assert_array_equal(out.decided_by, [-1, -1, -1])


def test_equal_scores_split_by_an_earlier_key_are_no_tie() -> None:
    """Neighbours with the same score but different earlier keys are not a tie to decide."""
    keys = np.array([[0.0, -1.0], [80.0, 80.0], [1.0, 2.0]])
    out = standing(keys, one_category(2), score_key=1, ties="min")
    np.testing.assert_array_equal(out.rank, [1.0, 2.0])
    np.testing.assert_array_equal(out.decided_by, [-1])


def test_nothing_ranked() -> None:
    """With every score NaN nothing is ranked: NaN places, empty order, blocks -1."""
    out = standing(np.array([[NAN, NAN]]), one_category(2), score_key=0, ties="min")
    np.testing.assert_array_equal(out.rank, [NAN, NAN])
    assert out.order.size == 0
    assert out.decided_by.size == 0
    np.testing.assert_array_equal(out.block, [-1, -1])


@given(
    scores=hnp.arrays(
        np.float64,
        st.integers(1, 12),
        elements=st.one_of(st.just(NAN), st.integers(0, 6).map(float)),
    ),
    data=st.data(),
    ties=st.sampled_from(TIES),
)
def test_places_agree_with_scipy_rankdata(
    scores: np.ndarray, data: st.DataObject, ties: str
) -> None:
    """With the score as the only key, places in each category are scipy's ranks of -score."""
    rankdata = pytest.importorskip("scipy.stats").rankdata
    categories = data.draw(hnp.arrays(np.intp, scores.shape, elements=st.integers(0, 2)))
    out = standing(scores[None, :], categories, score_key=0, ties=ties)
    ranked = ~np.isnan(scores)
    np.testing.assert_array_equal(np.isnan(out.rank), ~ranked)
    for category in np.unique(categories):
        rows = np.flatnonzero(ranked & (categories == category))
        if rows.size:
            expected = rankdata(-scores[rows], method=ties)
            np.testing.assert_array_equal(out.rank[rows], expected)
    # order: every ranked row once, categories ascending, places ascending within each
    np.testing.assert_array_equal(np.sort(out.order), np.flatnonzero(ranked))
    along = np.lexsort([out.rank[out.order], categories[out.order]])
    np.testing.assert_array_equal(along, np.arange(out.order.size))
    same_block = out.block[:, None] == out.block[None, :]
    same_score = (categories[:, None] == categories[None, :]) & (scores[:, None] == scores[None, :])
    np.testing.assert_array_equal(
        same_block[np.ix_(ranked, ranked)], same_score[np.ix_(ranked, ranked)]
    )


def distinct_blocks(n: int) -> tuple[np.ndarray, np.ndarray]:
    """`order` and `block` for `n` rows already in rank order, none tied."""
    return np.arange(n), np.arange(n)


def test_tiers_by_capacity() -> None:
    """Tiers fill best first up to their capacity; the rest go to the last tier."""
    order, block = distinct_blocks(5)
    tier, boundary, exceeded = tiers(
        order,
        block,
        one_category(5),
        np.array([95.0, 90.0, 85.0, 80.0, 60.0]),
        np.ones(5, dtype=bool),
        np.array([-INF, -INF, -INF]),
        np.array([[2, 2, 9]]),
        include_ties=False,
    )
    np.testing.assert_array_equal(tier, [0, 0, 1, 1, 2])
    assert not boundary.any()
    assert not exceeded.any()


def test_tiers_by_minimum_score() -> None:
    """A tier takes only rows at or above its minimum score; an empty tier is skipped."""
    order, block = distinct_blocks(5)
    scores = np.array([95.0, 90.0, 85.0, 80.0, 60.0])
    common = (order, block, one_category(5), scores, np.ones(5, dtype=bool))
    tier, _, _ = tiers(
        *common, np.array([90.0, 70.0, -INF]), np.array([[9, 9, 9]]), include_ties=False
    )
    np.testing.assert_array_equal(tier, [0, 0, 1, 1, 2])  # 90 itself is in: "at least"
    tier, _, _ = tiers(
        *common, np.array([99.0, 70.0, -INF]), np.array([[9, 9, 9]]), include_ties=False
    )
    np.testing.assert_array_equal(tier, [1, 1, 1, 1, 2])


@pytest.mark.parametrize(
    ("include_ties", "expected", "over"),
    [
        (False, [0, 1, 1, 1, 2], False),  # the tied 90s do not fit in 2: both go down
        (True, [0, 0, 0, 1, 2], True),  # they enter whole: 3 rows in a quota of 2
    ],
)
def test_ties_at_a_quota_boundary(include_ties: bool, expected: list[int], over: bool) -> None:
    """A tied block straddling a quota enters whole or not at all, and the tier closes."""
    order, block = np.arange(5), np.array([0, 1, 1, 2, 3])
    tier, boundary, exceeded = tiers(
        order,
        block,
        one_category(5),
        np.array([95.0, 90.0, 90.0, 80.0, 60.0]),
        np.ones(5, dtype=bool),
        np.array([-INF, 70.0, -INF]),
        np.array([[2, 9, 9]]),
        include_ties=include_ties,
    )
    np.testing.assert_array_equal(tier, expected)
    np.testing.assert_array_equal(boundary, [False, True, True, False, False])
    np.testing.assert_array_equal(exceeded, [[over, False, False]])


def test_a_straddling_first_block_can_leave_a_tier_empty() -> None:
    """Without `include_ties`, two rows tied for first place in a quota of one leave it empty."""
    tier, boundary, _ = tiers(
        np.arange(3),
        np.array([0, 0, 1]),
        one_category(3),
        np.array([90.0, 90.0, 80.0]),
        np.ones(3, dtype=bool),
        np.array([-INF, -INF]),
        np.array([[1, 9]]),
        include_ties=False,
    )
    np.testing.assert_array_equal(tier, [1, 1, 1])
    np.testing.assert_array_equal(boundary, [True, True, False])


def test_rows_not_eligible_get_no_tier_and_take_no_room() -> None:
    """A row not eligible gets tier -1 and leaves its room to the next row."""
    order, block = distinct_blocks(4)
    tier, _, _ = tiers(
        order,
        block,
        one_category(4),
        np.array([95.0, 90.0, 85.0, 80.0]),
        np.array([False, True, True, True]),
        np.array([-INF, -INF]),
        np.array([[2, 9]]),
        include_ties=False,
    )
    np.testing.assert_array_equal(tier, [-1, 0, 0, 1])


def test_capacity_is_per_category() -> None:
    """Each category fills its own tiers with its own capacity row."""
    categories = np.array([1, 0, 1, 0, 1])
    keys = np.array([[95.0, 90.0, 85.0, 80.0, 60.0]])
    ranked = standing(keys, categories, score_key=0, ties="min")  # order [1, 3, 0, 2, 4]
    tier, _, _ = tiers(
        ranked.order,
        ranked.block,
        categories,
        keys[0],
        np.ones(5, dtype=bool),
        np.array([-INF, -INF]),
        np.array([[1, 9], [2, 9]]),
        include_ties=False,
    )
    # category 0 (90, 80): one in tier 0; category 1 (95, 85, 60): two in tier 0
    np.testing.assert_array_equal(tier, [0, 0, 0, 1, 1])
