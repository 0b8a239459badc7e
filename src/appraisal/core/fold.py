"""Fold the rater tree bottom-up into one base score per unit, with its influence matrix."""

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]


class GroupSpec(NamedTuple):
    """One rater group as the kernel sees it.

    Nodes are numbered raters first (``0 .. n_raters - 1``), then groups in the order
    the specs are given (``n_raters + i`` for spec ``i``).
    """

    members: IntArray
    """Node numbers of the members."""
    weights: FloatArray
    """Member weights, used by the weighted mean (``trim is None``)."""
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
    coefficients: list[FloatArray] = []
    drops: list[BoolArray] = []
    for index, group in enumerate(groups):
        member_scores = node_scores[group.members]
        present = ~np.isnan(member_scores)
        n_present = present.sum(axis=0)
        if group.trim is None:
            weight = np.where(present, group.weights[:, None], 0.0)
            coefficient = _normalise(weight)
            dropped = np.zeros_like(present)
        else:
            kept = _kept_by_order(member_scores, present, n_present, group.trim)
            coefficient = _normalise(kept.astype(np.float64))
            dropped = present & ~kept
        absent = n_present < max(group.quorum, 1)
        coefficient[:, absent] = 0.0
        dropped[:, absent] = False
        total = np.einsum("mu,mu->u", coefficient, np.where(present, member_scores, 0.0))
        total[absent] = np.nan
        node_scores[n_raters + index] = total
        coefficients.append(coefficient)
        drops.append(dropped)

    node_influence = np.zeros((n_nodes, n_units))
    node_dropped = np.zeros((n_nodes, n_units), dtype=bool)
    root_node = n_raters + root
    node_influence[root_node] = ~np.isnan(node_scores[root_node])
    for index in range(len(groups) - 1, -1, -1):  # parents before their members
        group, node = groups[index], n_raters + index
        node_influence[group.members] = coefficients[index] * node_influence[node]
        node_dropped[group.members] = drops[index] | (
            node_dropped[node] & ~np.isnan(node_scores[group.members])
        )
    return Fold(
        base=node_scores[root_node].copy(),
        group_scores=node_scores[n_raters:],
        influence=node_influence[:n_raters],
        dropped=node_dropped[:n_raters],
    )


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
