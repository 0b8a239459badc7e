"""Places within categories by a cascade of keys, and tiers with thresholds and quotas."""

from typing import NamedTuple

import numpy as np

from appraisal._typing import BoolArray, FloatArray, IntArray


class Standing(NamedTuple):
    """What :func:`standing` returns."""

    rank: FloatArray
    """(n,): place within the category; NaN where the score is NaN."""
    order: IntArray
    """Ranked rows, category by category, best first (unranked rows left out)."""
    block: IntArray
    """(n,): a number shared by rows tied on every key (-1 for unranked rows)."""
    decided_by: IntArray
    """(len(order) - 1,): for neighbours in `order` tied on the score key, the first
    later key that separates them (0 when none does); -1 for other neighbours."""


def standing(keys: FloatArray, categories: IntArray, *, score_key: int, ties: str) -> Standing:
    """Rank rows within categories by keys compared in order, larger first.

    Row ``keys[score_key]`` is the published score: a NaN there leaves the row unranked.
    Keys before it order rows ahead of the score (a veto placing units last); keys after
    it break ties (NaN counts as worst). Rows equal on every key share a place under the
    tie method; ``ordinal`` gives distinct places in row order.

    Parameters
    ----------
    keys : ndarray of float64, shape (n_keys, n)
    categories : ndarray of int, shape (n,)
        Category codes; each is ranked on its own.
    score_key : int
    ties : {"min", "dense", "ordinal", "average", "max"}

    Examples
    --------
    >>> keys = np.array([[90.0, 85.0, 90.0, 90.0], [1.0, 0.0, 2.0, 1.0]])
    >>> out = standing(keys, np.zeros(4, dtype=np.intp), score_key=0, ties="min")
    >>> out.rank
    array([2., 4., 1., 2.])
    >>> out.order, out.decided_by
    (array([2, 0, 3, 1]), array([ 1,  0, -1]))
    """
    n = keys.shape[1]
    ranked = ~np.isnan(keys[score_key])
    filled = np.where(np.isnan(keys), -np.inf, keys)
    sort_keys = [
        np.arange(n),
        *(-filled[k] for k in range(len(filled) - 1, -1, -1)),
        categories,
        ~ranked,
    ]
    order = np.lexsort(sort_keys)[: int(ranked.sum())]
    if order.size == 0:
        empty = np.zeros(0, dtype=np.intp)
        return Standing(np.full(n, np.nan), empty, np.full(n, -1, dtype=np.intp), empty)
    sorted_keys = filled[:, order]
    sorted_categories = categories[order]
    new_category = np.r_[True, sorted_categories[1:] != sorted_categories[:-1]]
    differs = np.r_[True, np.any(sorted_keys[:, 1:] != sorted_keys[:, :-1], axis=0)] | new_category
    block_sorted = np.cumsum(differs) - 1
    position = np.arange(order.size)
    category_start = np.maximum.accumulate(np.where(new_category, position, 0))
    block_start = np.maximum.accumulate(np.where(differs, position, 0))
    next_start = np.r_[position[differs][1:], order.size]
    block_end = next_start[block_sorted] - 1
    within = position - category_start
    if ties == "ordinal":
        place = within + 1.0
    elif ties == "min":
        place = block_start - category_start + 1.0
    elif ties == "max":
        place = block_end - category_start + 1.0
    elif ties == "average":
        place = (block_start + block_end) / 2.0 - category_start + 1.0
    else:
        dense_start = np.maximum.accumulate(np.where(new_category, block_sorted, 0))
        place = block_sorted - dense_start + 1.0
    rank = np.full(n, np.nan)
    rank[order] = place
    block = np.full(n, -1, dtype=np.intp)
    block[order] = block_sorted
    same_score = (sorted_keys[score_key, 1:] == sorted_keys[score_key, :-1]) & ~new_category[1:]
    if score_key > 0:
        same_score &= np.all(sorted_keys[:score_key, 1:] == sorted_keys[:score_key, :-1], axis=0)
    later = sorted_keys[score_key + 1 :, 1:] != sorted_keys[score_key + 1 :, :-1]
    first_later = (
        np.where(later.any(axis=0), later.argmax(axis=0) + 1, 0)
        if len(later)
        else np.zeros(order.size - 1, dtype=np.intp)
    )
    decided_by = np.where(same_score, first_later, -1)
    return Standing(rank, order.astype(np.intp), block, decided_by.astype(np.intp))


def tiers(
    order: IntArray,
    block: IntArray,
    categories: IntArray,
    scores: FloatArray,
    eligible: BoolArray,
    min_scores: FloatArray,
    capacity: IntArray,
    *,
    include_ties: bool,
) -> tuple[IntArray, BoolArray, BoolArray]:
    """Fill tiers best first, in rank order, within each category.

    A row enters tier ``t`` if it is eligible, its score is at least ``min_scores[t]``
    and its tied block fits in what is left of ``capacity[category, t]``. A block that
    straddles the quota enters whole (`include_ties`) or not at all; either way the
    tier then closes for the rows after it. Eligible rows no limited tier took go to the
    last tier; rows not eligible get none (the caller places vetoed rows).

    Returns the tier per row (-1 for none), the rows of straddling blocks, and per
    (category, tier) whether a quota was exceeded.

    Examples
    --------
    >>> order = np.arange(5); block = np.array([0, 1, 1, 2, 3])
    >>> tier, boundary, exceeded = tiers(order, block, np.zeros(5, dtype=np.intp),
    ...     np.array([95.0, 90, 90, 80, 60]), np.ones(5, dtype=bool),
    ...     np.array([-np.inf, 70.0, -np.inf]), np.array([[2, 9, 9]]), include_ties=False)
    >>> tier, boundary
    (array([0, 1, 1, 1, 2]), array([False,  True,  True, False, False]))
    """
    n_tiers = len(min_scores)
    tier = np.full(scores.shape[0], -1, dtype=np.intp)
    boundary = np.zeros(scores.shape[0], dtype=bool)
    exceeded = np.zeros(capacity.shape, dtype=bool)
    for category in np.unique(categories[order]):
        rows = order[(categories[order] == category) & eligible[order]]
        for t in range(n_tiers - 1):
            if rows.size == 0:
                break
            meets = scores[rows] >= min_scores[t]
            reach = int(np.argmin(meets)) if not meets.all() else rows.size
            if reach == 0:
                continue
            candidates = rows[:reach]
            blocks = block[candidates]
            ends = (
                np.flatnonzero(np.r_[blocks[1:] != blocks[:-1], True]) + 1
            )  # block ends, as counts
            fitting = ends[ends <= capacity[category, t]]
            admitted = int(fitting[-1]) if fitting.size else 0
            if admitted < min(reach, capacity[category, t]):  # the next block straddles the quota
                crossing_end = int(ends[ends > admitted][0])
                boundary[candidates[admitted:crossing_end]] = True
                if include_ties:
                    admitted = crossing_end
                    exceeded[category, t] = True
            tier[candidates[:admitted]] = t
            rows = rows[admitted:]
        tier[rows] = n_tiers - 1
    return tier, boundary, exceeded
