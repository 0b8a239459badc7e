"""Derived weights into a scheme's criteria tree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from appraisal._typing import FloatArray
from appraisal.model.criteria import Criterion, criterion_leaves, reweighted


def leaf_weights(criteria: Criterion | Sequence[Criterion]) -> FloatArray:
    """The weight of each leaf of a criteria tree: the product of normalised sibling weights.

    This is the weight each scored criterion carries in a rater's score (what
    :func:`~appraisal.appraise` uses), in tree order.

    Examples
    --------
    >>> leaf_weights([Criterion("economy", 2, children=[Criterion("growth"), Criterion("revenue", 3)]),
    ...               Criterion("services", 2)])
    array([0.125, 0.375, 0.5  ])
    """
    top = (criteria,) if isinstance(criteria, Criterion) else tuple(criteria)
    return np.array([share for _, share in criterion_leaves(top)])


def assign(criteria: Sequence[Criterion], weights: Any) -> tuple[Criterion, ...]:
    """The criteria with `weights` put in, one for one — a derived weighting into a scheme.

    `weights` is a sequence of numbers or any result here (its ``weights`` is used).
    For sub-criteria use :meth:`Criterion.with_weights`.

    Examples
    --------
    >>> import attrs
    >>> from appraisal import Scheme
    >>> from appraisal.weights import ahp
    >>> scheme = Scheme(["A"], [Criterion("economy"), Criterion("projects"), Criterion("services")])
    >>> judged = ahp([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    >>> scheme = attrs.evolve(scheme, criteria=assign(scheme.criteria, judged))
    >>> [round(w, 3) for w in scheme.criterion_weights]
    [0.637, 0.258, 0.105]
    """
    return reweighted(tuple(criteria), weights, "assign")
