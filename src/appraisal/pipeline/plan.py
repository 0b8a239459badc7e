"""The plan: a scheme turned into the arrays the kernels read, once per appraisal.

:func:`~appraisal.appraise`, :func:`~appraisal.pipeline.check.check`,
:func:`~appraisal.reliability.leave_one_out` and
:func:`~appraisal.reliability.diagnose` all read one :class:`Plan` instead of each
rebuilding the criteria maps, the group specs and the recusal mask.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import numpy as np
from attrs import field, frozen

from appraisal import core
from appraisal._typing import BoolArray, FloatArray, IntArray, as_tuple, power_scaled, readonly
from appraisal.core.fold import GroupSpec
from appraisal.model.raters import RaterGroup, Trimmed, member_name
from appraisal.model.scheme import Scheme

__all__ = ["Plan", "plan"]


@frozen(eq=False)
class Plan:
    """A scheme as arrays, for the units of one score sheet.

    Attributes
    ----------
    scheme : Scheme
    units : tuple of str
    criterion_weights : ndarray of float64, shape (n_criteria,)
        Each leaf criterion's weight: the product of normalised sibling weights.
    offsets, slopes : ndarray of float64, shape (n_criteria,)
        A raw score ``x`` of leaf ``c`` counts ``offsets[c] + slopes[c] * x`` on the
        scheme's scale (:meth:`Scheme.criterion_maps <appraisal.Scheme.criterion_maps>`).
    low, high : ndarray of float64, shape (n_criteria,)
        Each leaf criterion's own scale.
    specs : tuple of GroupSpec
        The rater tree as :func:`~appraisal.core.fold.fold` reads it, in post-order (root
        last).
    tree_order : ndarray of int, shape (n_groups,)
        ``fold(...).group_scores[tree_order]`` lists the groups root first, in tree
        order (as :attr:`Scheme.groups <appraisal.Scheme.groups>` does).
    recused : ndarray of bool, shape (n_raters, n_units)
        Where a rater is recused from a unit. A recusal that names a unit the sheet
        lacks is left out here; :func:`~appraisal.pipeline.check.check` reports it.

    Examples
    --------
    >>> from appraisal import RaterGroup, Scheme
    >>> scheme = Scheme([RaterGroup("q", 0.65, members=["A", "B"]), "C"], self_recusal=True)
    >>> p = plan(scheme, ("A", "West"))
    >>> scheme.rater_names, p.recused.tolist()
    (('C', 'A', 'B'), [[False, False], [True, False], [False, False]])
    >>> len(p.specs), p.tree_order
    (2, array([1, 0]))
    """

    scheme: Scheme
    units: tuple[str, ...]
    criterion_weights: FloatArray = field(converter=readonly)
    offsets: FloatArray = field(converter=readonly)
    slopes: FloatArray = field(converter=readonly)
    low: FloatArray = field(converter=readonly)
    high: FloatArray = field(converter=readonly)
    specs: tuple[GroupSpec, ...] = field(converter=as_tuple)
    tree_order: IntArray = field(converter=readonly)
    recused: BoolArray = field(converter=readonly)

    @property
    def root(self) -> int:
        """The root's position in :attr:`specs` (the last)."""
        return len(self.specs) - 1

    @cached_property
    def mean_tree(self) -> bool:
        """Every group takes the weighted mean, with no standardisation or alignment.

        Then the base scores are linear in the rater scores for a fixed presence
        pattern, and leaving a rater out is a down-date.
        """
        scheme = self.scheme
        return (
            scheme.standardize == "none"
            and not scheme.align_groups
            and all(spec.trim is None for spec in self.specs)
        )

    @cached_property
    def tie_criteria(self) -> tuple[str, ...]:
        """The criteria that tie-break steps name, in the cascade's order."""
        return tuple(
            step[1]
            for step in self.scheme.tie_break
            if isinstance(step, tuple) and step[0] == "criterion"
        )

    def rater_scores(self, values: FloatArray) -> core.RaterScores:
        """The criteria pass: each rater's weighted mean of its mapped criterion scores.

        Parameters
        ----------
        values : ndarray of float64, shape (n_raters, n_units, n_criteria)
            Aligned to the scheme (:func:`~appraisal.pipeline.check.align`).
        """
        return core.rater_scores(
            values, self.criterion_weights, self.offsets, self.slopes, low=self.low, high=self.high
        )

    def criterion_scores(self, values: FloatArray, name: str) -> FloatArray:
        """Every rater's score on one criterion alone, on the scheme's scale; recused pairs absent.

        Folded, these give the base score the scheme would give on that criterion alone
        (the ``("criterion", name)`` tie-break step).
        """
        c = self.scheme.criterion_names.index(name)
        mapped = self.offsets[c] + self.slopes[c] * values[:, :, c]
        scores: FloatArray = np.where(self.recused, np.nan, mapped)
        return scores


def plan(scheme: Scheme, units: Sequence[str]) -> Plan:
    """The plan of `scheme` for these units."""
    units = tuple(units)
    leaves = scheme.leaf_criteria
    offsets, slopes = scheme.criterion_maps()
    order = post_order(scheme.groups)
    return Plan(
        scheme=scheme,
        units=units,
        criterion_weights=np.array(scheme.criterion_weights),
        offsets=offsets,
        slopes=slopes,
        low=np.array([c.scale[0] for c in leaves]),
        high=np.array([c.scale[1] for c in leaves]),
        specs=_group_specs(scheme, order),
        tree_order=np.argsort(order),
        recused=_recusal_mask(scheme, units),
    )


def post_order(groups: tuple[RaterGroup, ...]) -> list[int]:
    """Indices into `groups` (tree order) listed members-first."""
    position = {group.name: i for i, group in enumerate(groups)}
    order: list[int] = []

    def visit(group: RaterGroup) -> None:
        for member in group.members:
            if isinstance(member, RaterGroup):
                visit(member)
        order.append(position[group.name])

    visit(groups[0])
    return order


def _group_specs(scheme: Scheme, order: list[int]) -> list[GroupSpec]:
    """The rater tree as the fold kernel sees it, in post-order (root last)."""
    n_raters = len(scheme.rater_names)
    node = {name: i for i, name in enumerate(scheme.rater_names)}
    node.update({scheme.groups[g].name: n_raters + k for k, g in enumerate(order)})
    specs = []
    for g in order:
        group = scheme.groups[g]
        n = len(group.members)
        trim = None
        if group.rule == "median":
            trim = np.maximum((np.arange(n + 1) - 1) // 2, 0)
        elif isinstance(group.rule, Trimmed):
            trim = group.rule.trim_counts(n)
        specs.append(
            GroupSpec(
                members=np.array([node[member_name(m)] for m in group.members], dtype=np.intp),
                weights=np.array(power_scaled(group.member_weight(m) for m in group.members)),
                trim=trim,
                quorum=group.quorum,
            )
        )
    return specs


def _recusal_mask(scheme: Scheme, units: tuple[str, ...]) -> BoolArray:
    raters = scheme.rater_names
    recused = np.zeros((len(raters), len(units)), dtype=bool)
    unit_at = {name: u for u, name in enumerate(units)}
    rater_at = {name: r for r, name in enumerate(raters)}
    pairs = [
        (rater_at[rater], unit_at[name])
        for rater, names in scheme.recusals.items()
        for name in names
        if name in unit_at
    ]
    if scheme.self_recusal:
        pairs += [(r, unit_at[name]) for r, name in enumerate(raters) if name in unit_at]
    if pairs:
        recused[tuple(np.array(pairs).T)] = True
    return recused
