"""Leave one rater out of a tree of weighted means, for all raters at once, by down-dating."""

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from appraisal._typing import FloatArray
from appraisal.core.fold import GroupSpec, fold


class LeftOut(NamedTuple):
    """What :func:`leave_one_out` returns."""

    base: FloatArray
    """(n_raters, n_units): the root's score without each rater."""
    group_scores: FloatArray
    """(n_raters, n_groups, n_units): every group's score without each rater (post-order)."""


def leave_one_out(scores: FloatArray, groups: Sequence[GroupSpec], *, root: int) -> LeftOut:
    """The fold without each rater in turn, where every group takes the weighted mean.

    Removing a rater changes only its ancestors. Each group keeps its weighted sum, its
    present weight and its present count; taking one member's old value out and its new
    value in (absent, for the rater itself) down-dates them, level by level up the tree,
    for all raters at once. Exact up to rounding: equal to re-folding with the rater's
    scores deleted, quorums included.

    Parameters
    ----------
    scores : ndarray of float64, shape (n_raters, n_units)
    groups : sequence of GroupSpec
        In post-order, all with ``trim is None`` (the weighted mean).
    root : int

    Examples
    --------
    >>> s = np.array([[80.0, 70.0], [60.0, np.nan], [50.0, 90.0]])
    >>> top = GroupSpec(np.arange(3), np.array([2.0, 1.0, 1.0]), None, 1)
    >>> leave_one_out(s, [top], root=0).base
    array([[55.        , 90.        ],
           [70.        , 76.66666667],
           [73.33333333, 70.        ]])
    """
    n_raters, n_units = scores.shape
    full = fold(scores, groups, root=root)
    node = np.concatenate([scores, full.group_scores])
    n_nodes = node.shape[0]
    parent = np.full(n_nodes, -1, dtype=np.intp)
    weight = np.ones(n_nodes)
    sums, weights, counts = [], [], []
    for index, group in enumerate(groups):
        parent[group.members] = n_raters + index
        weight[group.members] = group.weights
        member = node[group.members]
        present = ~np.isnan(member)
        sums.append(group.weights @ np.where(present, member, 0.0))
        weights.append(group.weights @ present)
        counts.append(present.sum(axis=0))
    total, present_weight, count = np.array(sums), np.array(weights), np.array(counts)
    quorum = np.array([max(g.quorum, 1) for g in groups])

    new_groups = np.broadcast_to(full.group_scores, (n_raters, len(groups), n_units)).copy()
    child = np.arange(n_raters)
    old = scores.copy()
    new = np.full((n_raters, n_units), np.nan)
    rows = np.arange(n_raters)
    while True:
        moving = parent[child] >= 0
        if not moving.any():
            break
        at = rows[moving]
        g = parent[child[at]] - n_raters
        w = weight[child[at]][:, None]
        old_in, new_in = ~np.isnan(old[at]), ~np.isnan(new[at])
        s = total[g] - w * np.where(old_in, old[at], 0.0) + w * np.where(new_in, new[at], 0.0)
        v = present_weight[g] - w * old_in + w * new_in
        n = count[g] - old_in + new_in
        ok = (n >= quorum[g][:, None]) & (v > 0)
        value = np.divide(s, v, out=np.full_like(s, np.nan), where=ok)
        new_groups[at, g] = value
        old[at] = node[parent[child[at]]]
        new[at] = value
        child[at] = parent[child[at]]
    return LeftOut(new_groups[:, root], new_groups)
