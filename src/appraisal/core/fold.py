"""Fold the rater tree bottom-up into one base score per unit, with its influence matrix."""

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from appraisal._typing import BoolArray, FloatArray, IntArray


class GroupSpec(NamedTuple):
    """One rater group as the kernel sees it.

    Nodes are numbered raters first (``0 .. n_raters - 1``), then groups in the order
    the specs are given (``n_raters + i`` for spec ``i``).
    """

    members: IntArray
    """Node numbers of the members."""
    weights: FloatArray
    """Member weights ``(k,)``, or ``(k, n_units)`` to weigh each unit's members on their
    own; used by the weighted mean (``trim is None``)."""
    trim: IntArray | None
    """None for the weighted mean; else ``trim[n]`` members are dropped from each side
    when ``n`` are present (the median drops ``(n - 1) // 2``)."""
    quorum: int
    """Fewer present members than this make the group absent."""


class Fold(NamedTuple):
    """What :func:`fold` returns."""

    base: FloatArray
    """(n_units,): the root's score; NaN where it is absent."""
    group_scores: FloatArray
    """(n_groups, n_units): each group's score; NaN where absent."""
    influence: FloatArray
    """(n_raters, n_units): ``base == Σr influence·scores`` over present raters."""
    dropped: BoolArray
    """(n_raters, n_units): present, but dropped by a rule (its own group's or an ancestor's)."""


def fold(scores: FloatArray, groups: Sequence[GroupSpec], *, root: int) -> Fold:
    """Combine rater scores up the tree, each group by its rule.

    `groups` must list every group after all of its member groups (post-order). For
    each group and unit the kernel finds a coefficient per member — the normalised
    weight for the mean; ``1 / kept`` for a kept member and 0 for a dropped one under
    median and trimming — such that the group's score is the coefficients' weighted
    sum. Multiplying coefficients down from the root gives each rater's influence.

    Members tied in score are ordered by their position in ``members``, so which of
    them a rule drops never depends on the input's order.

    Parameters
    ----------
    scores : ndarray of float64, shape (n_raters, n_units)
        NaN where a rater is absent.
    groups : sequence of GroupSpec
        In post-order.
    root : int
        The index in `groups` of the root.

    Examples
    --------
    Two raters in a mean group (weights 3 and 1) and a third alone, halves at the root:

    >>> s = np.array([[80.0, 70.0], [60.0, np.nan], [50.0, 90.0]])
    >>> inner = GroupSpec(np.array([0, 1]), np.array([3.0, 1.0]), None, 1)
    >>> alone = GroupSpec(np.array([2]), np.array([1.0]), None, 1)
    >>> top = GroupSpec(np.array([3, 4]), np.array([1.0, 1.0]), None, 1)
    >>> out = fold(s, [inner, alone, top], root=2)
    >>> out.base
    array([62.5, 80. ])
    >>> out.influence
    array([[0.375, 0.5  ],
           [0.125, 0.   ],
           [0.5  , 0.5  ]])
    """
    n_raters, n_units = scores.shape
    n_nodes = n_raters + len(groups)
    node_scores = np.empty((n_nodes, n_units))
    node_scores[:n_raters] = scores
    # Per group: member coefficients up to a per-unit factor (applied top-down), and drops.
    shares: list[FloatArray] = []
    factors: list[FloatArray] = []
    drops: list[BoolArray | None] = []
    for index, group in enumerate(groups):
        member_scores = _rows(node_scores, group.members)
        if group.trim is None:
            share, score, counts = _weighted_mean(member_scores, group.weights)
            dropped = None
        else:
            present = ~np.isnan(member_scores)
            counts = present.sum(axis=0)
            kept = _kept_by_order(member_scores, present, counts, group.trim)
            share = kept.astype(np.float64)
            score = np.einsum("mu,mu->u", share, np.where(kept, member_scores, 0.0))
            dropped = present & ~kept
        absent = counts < max(group.quorum, 1)
        factor = np.divide(1.0, share.sum(axis=0), out=np.zeros(n_units), where=~absent)
        score *= factor
        score[absent] = np.nan
        node_scores[n_raters + index] = score
        if dropped is not None:
            dropped[:, absent] = False
        shares.append(share)
        factors.append(factor)
        drops.append(dropped)

    node_influence = np.zeros((n_nodes, n_units))
    root_node = n_raters + root
    node_influence[root_node] = ~np.isnan(node_scores[root_node])
    for index in range(len(groups) - 1, -1, -1):  # parents before their members
        group, node = groups[index], n_raters + index
        np.multiply(shares[index], factors[index] * node_influence[node], out=shares[index])
        node_influence[group.members] = shares[index]
    return Fold(
        base=node_scores[root_node].copy(),
        group_scores=node_scores[n_raters:],
        influence=node_influence[:n_raters],
        dropped=_dropped(groups, drops, node_scores, n_raters)[:n_raters],
    )


def _weighted_mean(
    member_scores: FloatArray, weights: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Shares (weights where present), the weighted sum, and the count present, per unit.

    Where no score is negative a missing one is filled with 0 by one ``fmax`` (no mask).
    """
    missing = np.isnan(member_scores).astype(np.float64)
    if member_scores.size and np.fmin.reduce(member_scores, axis=None) >= 0:
        filled = np.fmax(member_scores, 0.0)
    else:
        filled = np.where(missing > 0, 0.0, member_scores)
    if weights.ndim == 2:
        count = len(weights) - missing.sum(axis=0)
        total = np.einsum("mu,mu->u", weights, filled)
        np.subtract(1.0, missing, out=missing)
        missing *= weights
        return missing, total, count
    lost = np.ones(len(weights)) @ missing
    total = weights @ filled
    np.subtract(1.0, missing, out=missing)
    missing *= weights[:, None]
    return missing, total, len(weights) - lost


def _dropped(
    groups: Sequence[GroupSpec],
    drops: list[BoolArray | None],
    node_scores: FloatArray,
    n_raters: int,
) -> BoolArray:
    """Per node: present but dropped by its group's rule, or inside a group its parent dropped."""
    node_dropped = np.zeros(node_scores.shape, dtype=bool)
    if all(d is None for d in drops):
        return node_dropped
    for index in range(len(groups) - 1, -1, -1):
        group, node = groups[index], n_raters + index
        inherited = node_dropped[node] & ~np.isnan(_rows(node_scores, group.members))
        own = drops[index]
        node_dropped[group.members] = inherited if own is None else own | inherited
    return node_dropped


def _rows(array: FloatArray, index: IntArray) -> FloatArray:
    """``array[index]``, as a view when the rows are consecutive (raters of one group usually are)."""
    if index.size and np.array_equal(index, np.arange(index[0], index[0] + index.size)):
        return array[index[0] : index[0] + index.size]
    return array[index]


def _normalise(weight: FloatArray) -> FloatArray:
    total = weight.sum(axis=0)
    normalised: FloatArray = np.divide(weight, total, out=np.zeros_like(weight), where=total > 0)
    return normalised


def _kept_by_order(
    member_scores: FloatArray, present: BoolArray, n_present: IntArray, trim: IntArray
) -> BoolArray:
    """Which present members survive dropping ``trim[n]`` from each end of the order."""
    order = np.argsort(member_scores, axis=0, kind="stable")  # NaN last; ties by member order
    position = np.empty_like(order)
    np.put_along_axis(position, order, np.arange(order.shape[0])[:, None], axis=0)
    cut = trim[n_present]
    return present & (position >= cut) & (position < n_present - cut)
