"""The scheme: rater tree, criteria tree and the policies that turn scores into results.

Every class here is frozen and validated when it is built, so a scheme that exists is a
valid scheme. Variants are made with :func:`attrs.evolve`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Literal

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from appraisal._text import did_you_mean, name_fault
from appraisal._typing import power_scaled
from appraisal.errors import SchemeError
from appraisal.model import policies
from appraisal.model._convert import as_scale, check_scale, relative_weights
from appraisal.model.criteria import Criterion, as_criteria, criterion_leaves
from appraisal.model.display import scheme_html
from appraisal.model.raters import RaterGroup, member_name, walk_groups
from appraisal.model.scheme_fields import choice, flag, recusals, scheme_raters

__all__ = ["Scheme"]

TIES = ("min", "dense", "ordinal", "average", "max")
MISSING = ("renormalize", "error")
MISSING_GROUPS = ("error", "renormalize")
STANDARDIZE = ("none", "zscore", "minmax", "rank")
RECUSED_SCORES = ("error", "drop")
VETO = ("last_tier", "rank_last", "exclude")
QUOTA_ROUNDING = ("floor", "half_up", "ceil")
QUOTA_TIES = ("exclude", "include")


def _lines(value: Mapping[str, int] | None) -> Mapping[str, int]:
    return MappingProxyType(dict(value or {}))


@frozen
class Scheme:
    """Everything that says how scores become results.

    Attributes
    ----------
    raters : RaterGroup or sequence of RaterGroup and str
        The rater tree. A list becomes the members of an implicit root group named
        ``"all"``.
    criteria : sequence of Criterion, default one criterion ``"score"``
        The criteria tree's top level.
    scale : (float, float), default (0, 100)
        The scale that every criterion score is mapped onto, and results are on.
    missing : {"renormalize", "error"}, default "renormalize"
        ``renormalize`` skips missing scores and renormalises the remaining weights
        (criteria within a rater, members within a group); ``error`` rejects any
        missing score.
    missing_groups : {"error", "renormalize"}, default "error"
        A unit that some rater scored but no member of a whole top-level rater group
        did (every member absent, or the group below its quorum): ``error`` makes it
        an input problem, since the top-level split (say 65/35) is what the scheme
        publishes; ``renormalize`` lets the present top-level groups carry the
        weight, and flags the unit. A nested group wholly absent is an absent member
        of its parent, under `missing`; raters directly under the root are members
        too.
    decimals : int or None, default 2
        Published precision, 0..6, rounded half-up as printed; None publishes
        unrounded.
    ties : {"min", "dense", "ordinal", "average", "max"}, default "min"
        How tied published scores rank, named as in :func:`scipy.stats.rankdata`.
    standardize : {"none", "zscore", "minmax", "rank"}, default "none"
        Map each rater's scores, across the units it scored, back onto the scale:
        ``zscore`` to the pooled mean plus the pooled SD times its z-scores,
        ``minmax`` to the scale's full range, ``rank`` the same with average ranks.
    align_groups : bool, default False
        Z-map each top-level group's unit scores onto the pooled mean and SD of all
        top-level groups before the group weights apply.
    recusals : mapping of str to sequence of str, optional
        Units each rater must not score; a recused rater is absent for them.
    self_recusal : bool, default False
        A rater whose name is also a unit never scores that unit (mutual evaluation).
    recused_scores : {"error", "drop"}, default "error"
        What a score from a recused rater is: an error, or dropped and reported.
    categories : mapping of str to str, optional
        Each unit's category (分类考核): ranks, tiers and quotas are computed within it.
    overall_rank : bool, default False
        Also rank across categories (``Appraisal.overall_rank``).
    tie_break : sequence of steps, optional
        Tried in order for units whose published scores tie: ``("group", name)``,
        ``("criterion", name)``, ``"previous_rank"``; each compared at the published
        precision. Units still tied share the place.
    caps : mapping, optional
        Per-unit caps on adjustment points, e.g. ``{"bonus": 5, "deduction": 10}``.
    veto : {"last_tier", "rank_last", "exclude"}, default "last_tier"
        What a veto (一票否决) does: the lowest tier; also ranked after every
        non-vetoed unit of its category; or no rank and no tier.
    tiers : sequence of Tier, optional
        Best first; the last takes the rest.
    quota_rounding : {"floor", "half_up", "ceil"}, default "floor"
        How a tier's share becomes a head-count (in decimal arithmetic).
    quota_ties : {"exclude", "include"}, default "exclude"
        A tied block straddling a quota boundary: none of it enters the tier, or all of
        it (the quota is exceeded, and the result says so).
    origin : str, optional
        The file the scheme was read from, to name it in messages (not compared).
    lines : mapping of str to int, optional
        The file's line of keys that messages may name, such as ``"categories.东河镇"``
        (not compared).

    Examples
    --------
    >>> scheme = Scheme(
    ...     raters=[RaterGroup("quantitative", 0.65, members=["A", "B"]),
    ...             RaterGroup("other", 0.35, members=["C"])],
    ...     criteria=[Criterion("economy", 0.6), Criterion("projects", 0.4)],
    ... )
    >>> scheme.rater_names
    ('A', 'B', 'C')
    >>> [g.name for g in scheme.groups]
    ['all', 'quantitative', 'other']
    >>> scheme.criterion_names, scheme.criterion_weights
    (('economy', 'projects'), (0.6, 0.4))
    """

    raters: RaterGroup = field(converter=scheme_raters)
    criteria: tuple[Criterion, ...] = field(
        factory=lambda: (Criterion("score"),), converter=as_criteria
    )
    scale: tuple[float, float] = field(default=(0.0, 100.0), converter=as_scale, kw_only=True)
    missing: Literal["renormalize", "error"] = field(
        default="renormalize", validator=choice("missing", MISSING), kw_only=True
    )
    missing_groups: Literal["error", "renormalize"] = field(
        default="error", validator=choice("missing_groups", MISSING_GROUPS), kw_only=True
    )
    decimals: int | None = field(default=2, kw_only=True)
    ties: Literal["min", "dense", "ordinal", "average", "max"] = field(
        default="min", validator=choice("ties", TIES), kw_only=True
    )
    standardize: Literal["none", "zscore", "minmax", "rank"] = field(
        default="none", validator=choice("standardize", STANDARDIZE), kw_only=True
    )
    align_groups: bool = field(default=False, validator=flag("align_groups"), kw_only=True)
    recusals: Mapping[str, tuple[str, ...]] = field(
        default=None, converter=recusals, kw_only=True, hash=False
    )
    self_recusal: bool = field(default=False, validator=flag("self_recusal"), kw_only=True)
    recused_scores: Literal["error", "drop"] = field(
        default="error", validator=choice("recused_scores", RECUSED_SCORES), kw_only=True
    )
    categories: Mapping[str, str] = field(
        default=None, converter=policies.categories, kw_only=True, hash=False
    )
    overall_rank: bool = field(default=False, validator=flag("overall_rank"), kw_only=True)
    tie_break: tuple[policies.TieBreakStep, ...] = field(
        default=(), converter=policies.tie_break, kw_only=True
    )
    caps: Mapping[str, float] = field(
        default=None, converter=policies.caps, kw_only=True, hash=False
    )
    veto: Literal["last_tier", "rank_last", "exclude"] = field(
        default="last_tier", validator=choice("veto", VETO), kw_only=True
    )
    tiers: tuple[policies.Tier, ...] = field(default=(), converter=policies.tiers, kw_only=True)
    quota_rounding: Literal["floor", "half_up", "ceil"] = field(
        default="floor", validator=choice("quota_rounding", QUOTA_ROUNDING), kw_only=True
    )
    quota_ties: Literal["exclude", "include"] = field(
        default="exclude", validator=choice("quota_ties", QUOTA_TIES), kw_only=True
    )
    origin: str | None = field(default=None, kw_only=True, eq=False, repr=False)
    lines: Mapping[str, int] = field(
        default=None, converter=_lines, kw_only=True, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        check_scale("Scheme", self.scale)
        if self.decimals is not None and (
            isinstance(self.decimals, bool)
            or not isinstance(self.decimals, int)
            or not 0 <= self.decimals <= 6
        ):
            message = (
                f"Scheme: decimals must be None or an integer from 0 to 6; got {self.decimals!r}."
            )
            raise SchemeError(message)
        if not self.criteria:
            message = "Scheme: criteria must hold at least one Criterion; got none."
            raise SchemeError(message)
        for criterion in self.criteria:
            if not isinstance(criterion, Criterion):
                message = f"Scheme: criteria must be Criterion objects; got {criterion!r}."
                raise SchemeError(message)
        self._check_rater_names()
        self._check_criterion_names()
        for rater, units in self.recusals.items():
            if rater not in self.rater_names:
                message = f"Scheme: recusals names rater {rater!r}, which is not in the rater tree{did_you_mean(rater, self.rater_names)}"
                raise SchemeError(message)
            for unit in units:
                if fault := name_fault(unit):
                    message = f"Scheme: recusals[{rater!r}]: a unit {fault}; got {unit!r}."
                    raise SchemeError(message)
        group_names = [g.name for g in self.groups]
        for step in self.tie_break:
            if step == "previous_rank":
                continue
            kind, name = step
            known = group_names if kind == "group" else list(self.criterion_names)
            if name not in known:
                message = f"Scheme: tie_break names {kind} {name!r}, which is not in the scheme{did_you_mean(name, known)}"
                raise SchemeError(message)

    def _repr_html_(self) -> str:
        return scheme_html(self)

    def _check_rater_names(self) -> None:
        seen: dict[str, str] = {}
        for group in walk_groups(self.raters):
            if group.name in seen:
                message = f"Scheme: the name {group.name!r} is used twice in the rater tree; names are unique across raters and groups."
                raise SchemeError(message)
            seen[group.name] = group.name
        for group in walk_groups(self.raters):
            for member in group.members:
                if isinstance(member, RaterGroup):
                    continue
                if member in seen:
                    other = seen[member]
                    if other == member:
                        message = f"Scheme: rater {member!r} has the name of a group; names are unique across raters and groups."
                    elif other == group.name:
                        message = f"Scheme: rater {member!r} is listed twice in {group.name!r}."
                    else:
                        message = f"Scheme: rater {member!r} is a member of both {other!r} and {group.name!r}; a rater belongs to one group."
                    raise SchemeError(message)
                seen[member] = group.name

    def _check_criterion_names(self) -> None:
        seen: set[str] = set()
        stack = list(self.criteria)
        while stack:
            criterion = stack.pop()
            if criterion.name in seen:
                message = f"Scheme: the criterion name {criterion.name!r} is used twice; criterion names are unique across the criteria tree."
                raise SchemeError(message)
            seen.add(criterion.name)
            stack.extend(criterion.children)

    @cached_property
    def groups(self) -> tuple[RaterGroup, ...]:
        """Every rater group, root first, in tree order (depth first)."""
        return tuple(walk_groups(self.raters))

    @cached_property
    def rater_names(self) -> tuple[str, ...]:
        """The raters (leaves of the rater tree), in tree order."""
        return self.raters.rater_names()

    @cached_property
    def parents(self) -> Mapping[str, str]:
        """The parent group's name of every rater and non-root group."""
        return MappingProxyType({member_name(m): g.name for g in self.groups for m in g.members})

    @cached_property
    def nominal_weights(self) -> Mapping[str, float]:
        """Every group's and rater's nominal weight: the product of normalised weights down the tree.

        Within a ``mean`` group members share by their weights; under ``median`` and
        :class:`Trimmed` (unweighted) each of ``m`` members has ``1 / m``.

        Examples
        --------
        >>> scheme = Scheme([RaterGroup("q", 0.65, members=["A", "B"]), RaterGroup("o", 0.35, members=["C"])])
        >>> dict(scheme.nominal_weights)
        {'all': 1.0, 'q': 0.65, 'A': 0.325, 'B': 0.325, 'o': 0.35, 'C': 0.35}
        """
        nominal: dict[str, float] = {}

        def visit(group: RaterGroup, weight: float) -> None:
            nominal[group.name] = weight
            if group.rule == "mean":
                shares = power_scaled(group.member_weight(m) for m in group.members)
            else:
                shares = [1.0] * len(group.members)
            total = math.fsum(shares)
            for member, share in zip(group.members, shares, strict=True):
                if isinstance(member, RaterGroup):
                    visit(member, weight * share / total)
                else:
                    nominal[member] = weight * share / total

        visit(self.raters, 1.0)
        return MappingProxyType(nominal)

    @cached_property
    def weight_notes(self) -> tuple[tuple[str, str], ...]:
        """Sibling weights that look like shares but do not add up, and how they are read.

        Siblings whose weights were all given (none at the default 1) and add up to
        between 0.5 and 1.5, or 50 and 150, but not to 1 or 100, are read as relative
        weights: each sibling's share is its weight over their sum. Each note is
        ``(where, what)``.

        Examples
        --------
        >>> scheme = Scheme([RaterGroup("q", 0.65, members=["A"]), RaterGroup("o", 0.3, members=["B"])])
        >>> scheme.weight_notes
        (("rater group 'all'", 'weights 0.65 + 0.3 = 0.95 are relative: 68.4 % / 31.6 %.'),)
        """
        siblings: list[tuple[str, list[float]]] = []
        for group in self.groups:
            if group.rule == "mean" and len(group.members) > 1:
                given = [
                    m.weight if isinstance(m, RaterGroup) else group.member_weights.get(m, 1.0)
                    for m in group.members
                ]
                siblings.append((f"rater group {group.name!r}", given))
        stack: list[tuple[str, tuple[Criterion, ...]]] = [("criteria", self.criteria)]
        while stack:
            where, criteria = stack.pop(0)
            if len(criteria) > 1:
                siblings.append((where, [c.weight for c in criteria]))
            stack += [(f"criterion {c.name!r}", c.children) for c in criteria if c.children]
        return tuple(
            (where, note) for where, given in siblings if (note := relative_weights(given))
        )

    @cached_property
    def leaf_criteria(self) -> tuple[Criterion, ...]:
        """The scored criteria (leaves of the criteria tree), in tree order."""
        return tuple(leaf for leaf, _ in criterion_leaves(self.criteria))

    @cached_property
    def criterion_names(self) -> tuple[str, ...]:
        """The names of :attr:`leaf_criteria`."""
        return tuple(c.name for c in self.leaf_criteria)

    @cached_property
    def criterion_weights(self) -> tuple[float, ...]:
        """Each leaf criterion's weight: the product of normalised sibling weights."""
        return tuple(share for _, share in criterion_leaves(self.criteria))

    def criterion_maps(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Offsets and slopes mapping each leaf criterion's scale onto the scheme's.

        A raw score ``x`` of leaf ``c`` counts as ``offsets[c] + slopes[c] * x``; the
        slope is negative where lower is better (the scale is mirrored).

        Examples
        --------
        >>> Scheme(["A"], [Criterion("x", scale=(0, 10)), Criterion("y", higher_is_better=False)]).criterion_maps()
        (array([  0., 100.]), array([10., -1.]))
        """
        low, high = self.scale
        leaves = self.leaf_criteria
        starts = np.array([c.scale[0] for c in leaves])
        slopes = (high - low) / np.array([c.scale[1] - c.scale[0] for c in leaves])
        better = np.array([c.higher_is_better for c in leaves], dtype=bool)
        offsets = np.where(better, low - starts * slopes, high + starts * slopes)
        return offsets, np.where(better, slopes, -slopes)
