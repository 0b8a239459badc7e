"""Criteria: the scored aspects of a unit, as a tree with relative weights."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

import attrs
import numpy as np
from attrs import field, frozen

from appraisal._typing import power_scaled
from appraisal.errors import SchemeError
from appraisal.model._convert import as_float, as_scale, check_name, check_scale, check_weight

__all__ = ["Criterion", "as_criteria", "criterion_leaves", "reweighted"]


def as_criteria(value: Any) -> tuple[Criterion, ...]:
    """One criterion or an iterable of them, as a tuple."""
    if isinstance(value, Criterion):
        return (value,)
    return tuple(value)


@frozen
class Criterion:
    """One scored aspect of a unit, for example "economic development".

    Criteria form a tree: a criterion with ``children`` is scored through them, and its
    weight is shared among them in proportion to their weights. Only leaves are scored;
    a leaf's weight in the rater score is the product of the normalised sibling weights
    on its path (:attr:`Scheme.criterion_weights`).

    Attributes
    ----------
    name : str
        Unique across the criteria tree.
    weight : float, default 1.0
        Relative to the criterion's siblings; finite and > 0.
    scale : (float, float), default (0, 100)
        The range its scores are given on (a leaf's scores are checked against it and
        mapped linearly onto the scheme's scale).
    higher_is_better : bool, default True
        False mirrors the scale, so that a low score counts as good.
    children : sequence of Criterion, default ()
        Sub-criteria (second-level indicators).

    Examples
    --------
    >>> economy = Criterion("economy", 0.4, children=[Criterion("growth"), Criterion("revenue", 3)])
    >>> [(leaf.name, share) for leaf, share in economy.leaves()]
    [('growth', 0.25), ('revenue', 0.75)]
    """

    name: str
    weight: float = field(default=1.0, converter=as_float)
    scale: tuple[float, float] = field(default=(0.0, 100.0), converter=as_scale, kw_only=True)
    higher_is_better: bool = field(default=True, kw_only=True)
    children: tuple[Criterion, ...] = field(default=(), converter=as_criteria, kw_only=True)

    def __attrs_post_init__(self) -> None:
        check_name("Criterion", self.name)
        where = f"Criterion {self.name!r}"
        check_weight(where, self.weight)
        check_scale(where, self.scale)
        if not isinstance(self.higher_is_better, bool):
            message = (
                f"{where}: higher_is_better must be True or False; got {self.higher_is_better!r}."
            )
            raise SchemeError(message)
        for child in self.children:
            if not isinstance(child, Criterion):
                message = f"{where}: children must be Criterion objects; got {child!r}."
                raise SchemeError(message)

    def with_weights(self, weights: Any) -> Criterion:
        """A copy whose children carry `weights`, in order (derived weights, for example).

        `weights` is a sequence of numbers or a result object with a ``weights`` array,
        such as :func:`appraisal.weights.ahp.ahp` returns.

        Examples
        --------
        >>> economy = Criterion("economy", children=[Criterion("growth"), Criterion("revenue")])
        >>> [c.weight for c in economy.with_weights([0.7, 0.3]).children]
        [0.7, 0.3]
        """
        return attrs.evolve(
            self, children=reweighted(self.children, weights, f"Criterion {self.name!r}")
        )

    def leaves(self) -> Iterator[tuple[Criterion, float]]:
        """Yield each leaf below (or equal to) this criterion with its share of this weight."""
        if not self.children:
            yield self, 1.0
            return
        weights = power_scaled(child.weight for child in self.children)
        total = math.fsum(weights)
        for child, weight in zip(self.children, weights, strict=True):
            for leaf, share in child.leaves():
                yield leaf, share * weight / total


def reweighted(criteria: tuple[Criterion, ...], weights: Any, where: str) -> tuple[Criterion, ...]:
    """`criteria` with their weights replaced, one for one (`weights` may be a result object)."""
    values = np.asarray(getattr(weights, "weights", weights), dtype=np.float64).ravel()
    if values.shape[0] != len(criteria):
        message = f"{where}: weights must give one weight per criterion ({len(criteria)}); got {values.shape[0]}."
        raise SchemeError(message)
    return tuple(attrs.evolve(c, weight=float(w)) for c, w in zip(criteria, values, strict=True))


def criterion_leaves(criteria: Iterable[Criterion]) -> Iterator[tuple[Criterion, float]]:
    """Each leaf of a criteria tree's top level with its leaf weight, in tree order."""
    top = tuple(criteria)
    weights = power_scaled(c.weight for c in top)
    total = math.fsum(weights)
    for criterion, weight in zip(top, weights, strict=True):
        for leaf, share in criterion.leaves():
            yield leaf, share * weight / total
