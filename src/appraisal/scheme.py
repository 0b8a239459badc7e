"""The scheme: rater tree, criteria tree and the policies that turn scores into results.

Every class here is frozen and validated when it is built, so a scheme that exists is a
valid scheme. Variants are made with :func:`attrs.evolve`.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from appraisal import policies
from appraisal.errors import SchemeError

__all__ = ["Criterion", "RaterGroup", "Rule", "Scheme", "Trimmed"]

TIES = ("min", "dense", "ordinal", "average", "max")
MISSING = ("renormalize", "error")
STANDARDIZE = ("none", "zscore", "minmax", "rank")
RECUSED_SCORES = ("error", "drop")
VETO = ("last_tier", "rank_last", "exclude")
QUOTA_ROUNDING = ("floor", "half_up", "ceil")
QUOTA_TIES = ("exclude", "include")


def _check_name(owner: str, name: object) -> None:
    if not isinstance(name, str) or not name.strip():
        message = f"{owner}: name must be a non-empty string; got {name!r}."
        raise SchemeError(message)


def _check_weight(where: str, weight: object) -> None:
    if not (isinstance(weight, float) and math.isfinite(weight) and weight > 0):
        message = f"{where}: weight must be a finite number > 0; got {weight!r}."
        raise SchemeError(message)


def _as_float(value: Any) -> Any:
    """Turn a number into a float; leave anything else for the validator to name."""
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        return float(value)
    return value


def _as_scale(value: Any) -> Any:
    try:
        low, high = value
        return (float(low), float(high))
    except (TypeError, ValueError):
        return value


def _check_scale(where: str, scale: object) -> None:
    ok = isinstance(scale, tuple) and all(math.isfinite(v) for v in scale) and scale[0] < scale[1]
    if not ok:
        message = f"{where}: scale must be a pair (low, high) of finite numbers with low < high; got {scale!r}."
        raise SchemeError(message)


def _criteria(value: Any) -> tuple[Criterion, ...]:
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
    weight: float = field(default=1.0, converter=_as_float)
    scale: tuple[float, float] = field(default=(0.0, 100.0), converter=_as_scale, kw_only=True)
    higher_is_better: bool = field(default=True, kw_only=True)
    children: tuple[Criterion, ...] = field(default=(), converter=_criteria, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _check_name("Criterion", self.name)
        where = f"Criterion {self.name!r}"
        _check_weight(where, self.weight)
        _check_scale(where, self.scale)
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
        such as :func:`appraisal.weights.ahp` returns.

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
        total = math.fsum(child.weight for child in self.children)
        for child in self.children:
            for leaf, share in child.leaves():
                yield leaf, share * child.weight / total


def _schedule(value: Any) -> tuple[tuple[int | None, int], ...] | None:
    if value is None:
        return None
    try:
        return tuple((None if upto is None else int(upto), int(k)) for upto, k in value)
    except (TypeError, ValueError):
        message = f"Trimmed: schedule must be pairs (up_to_members, k); got {value!r}."
        raise SchemeError(message) from None


@frozen
class Trimmed:
    """The trimmed-mean rule: drop the ``k`` highest and ``k`` lowest present members.

    With ``n`` present members, ``t = min(k, (n - 1) // 2)`` are dropped from each side,
    so at least one member always remains. The schedule form sets ``k`` by the number
    of present members: ``Trimmed(schedule=((3, 0), (6, 1), (None, 2)))`` trims none
    of up to 3 members, 1 of up to 6 and 2 of more. Trimming is unweighted.

    Attributes
    ----------
    k : int, optional
        How many to drop from each side; >= 1. Give either ``k`` or ``schedule``.
    schedule : sequence of (int or None, int), optional
        Bands ``(up_to, k)`` with increasing ``up_to``; the last band's ``up_to`` is
        None (no upper end). In each band, ``2 * k`` must be less than its smallest
        member count, so that trimming always leaves a member.

    Examples
    --------
    >>> Trimmed(1).trim_counts(5).tolist()
    [0, 0, 0, 1, 1, 1]
    >>> Trimmed(schedule=((3, 0), (6, 1), (None, 2))).trim_counts(8).tolist()
    [0, 0, 0, 0, 1, 1, 1, 2, 2]
    """

    k: int | None = None
    schedule: tuple[tuple[int | None, int], ...] | None = field(
        default=None, converter=_schedule, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        if (self.k is None) == (self.schedule is None):
            message = (
                f"Trimmed: give either k or schedule; got k={self.k!r}, schedule={self.schedule!r}."
            )
            raise SchemeError(message)
        if self.k is not None and (
            isinstance(self.k, bool) or not isinstance(self.k, int) or self.k < 1
        ):
            message = f"Trimmed: k must be an integer >= 1; got {self.k!r}."
            raise SchemeError(message)
        if self.schedule is not None:
            self._check_schedule(self.schedule)

    @staticmethod
    def _check_schedule(schedule: tuple[tuple[int | None, int], ...]) -> None:
        if (
            not schedule
            or any(upto is None for upto, _ in schedule[:-1])
            or schedule[-1][0] is not None
        ):
            message = (
                "Trimmed: schedule must be bands (up_to, k) whose last band, and only that, "
                f"is open (None, k); got {schedule!r}."
            )
            raise SchemeError(message)
        smallest = 1
        for upto, k in schedule:
            if upto is not None and upto < smallest:
                message = (
                    "Trimmed: schedule bands must have increasing upper ends without gaps "
                    f"or overlaps; the band up to {upto} would start at {smallest}."
                )
                raise SchemeError(message)
            if k < 0 or 2 * k >= smallest:
                message = (
                    f"Trimmed: the schedule band from {smallest} members trims k={k} from each "
                    f"side, which leaves no member at {smallest}; k must be >= 0 and "
                    f"< {smallest / 2:g} there."
                )
                raise SchemeError(message)
            smallest = (upto or 0) + 1

    def trim_counts(self, n_members: int) -> npt.NDArray[np.intp]:
        """How many members to drop from each side, for 0..n_members present members.

        Returns an int array ``t`` of length ``n_members + 1``; ``t[n]`` applies when
        ``n`` members are present.
        """
        n = np.arange(n_members + 1)
        if self.k is not None:
            k = np.full(n_members + 1, self.k)
        else:
            assert self.schedule is not None
            uppers = np.array([u if u is not None else n_members + 1 for u, _ in self.schedule])
            ks = np.array([k for _, k in self.schedule])
            k = ks[np.searchsorted(uppers, n, side="left")]
        trim: npt.NDArray[np.intp] = np.minimum(k, np.maximum((n - 1) // 2, 0))
        return trim


Rule: TypeAlias = Literal["mean", "median"] | Trimmed


def _members(value: Any) -> tuple[str | RaterGroup, ...]:
    if isinstance(value, str | RaterGroup):
        return (value,)
    return tuple(value)


def _member_weights(value: Mapping[str, float] | None) -> Mapping[str, float]:
    if value is None:
        return MappingProxyType({})
    try:
        items = dict(value)
    except (TypeError, ValueError):
        message = f"member_weights must map rater names to weights; got {value!r}."
        raise SchemeError(message) from None
    return MappingProxyType({k: _as_float(v) for k, v in items.items()})


@frozen
class RaterGroup:
    """A weighted node of the rater tree.

    Its members are raters (given by name) or nested groups; its ``rule`` turns the
    present members' scores for a unit into one score.

    Attributes
    ----------
    name : str
        Unique across the whole rater tree (raters and groups alike).
    weight : float, default 1.0
        The group's weight among its siblings; finite and > 0.
    members : sequence of str or RaterGroup
        At least one; a rater belongs to one group only.
    rule : {"mean", "median"} or Trimmed, default "mean"
        ``mean`` is weighted (a nested group by its own ``weight``, a rater by its entry
        in ``member_weights``, default 1); ``median`` and :class:`Trimmed` are
        unweighted.
    quorum : int, default 1
        Fewer present members than this make the group absent for that unit.
    member_weights : mapping of str to float, optional
        Weights of rater members within the group (default 1 each).

    Examples
    --------
    >>> RaterGroup("quantitative", 0.65, members=["Finance Bureau", "Audit Office"])
    RaterGroup(name='quantitative', weight=0.65, members=('Finance Bureau', 'Audit Office'), rule='mean', quorum=1, member_weights=mappingproxy({}))
    """

    name: str
    weight: float = field(default=1.0, converter=_as_float)
    members: tuple[str | RaterGroup, ...] = field(default=(), converter=_members, kw_only=True)
    rule: Rule = field(default="mean", kw_only=True)
    quorum: int = field(default=1, kw_only=True)
    member_weights: Mapping[str, float] = field(
        default=None, converter=_member_weights, kw_only=True, hash=False
    )

    def __attrs_post_init__(self) -> None:
        _check_name("RaterGroup", self.name)
        where = f"RaterGroup {self.name!r}"
        _check_weight(where, self.weight)
        if not self.members:
            message = f"{where}: members must name at least one rater or group; got none."
            raise SchemeError(message)
        for member in self.members:
            if isinstance(member, RaterGroup):
                continue
            if not isinstance(member, str) or not member.strip():
                message = f"{where}: members must be rater names or RaterGroups; got {member!r}."
                raise SchemeError(message)
        if not (self.rule in ("mean", "median") or isinstance(self.rule, Trimmed)):
            message = f"{where}: rule must be 'mean', 'median' or Trimmed(k); got {self.rule!r}."
            raise SchemeError(message)
        n = len(self.members)
        if isinstance(self.rule, Trimmed) and self.rule.k is not None and n <= 2 * self.rule.k:
            message = (
                f"{where}: rule Trimmed({self.rule.k}) needs more than {2 * self.rule.k} "
                f"members; got {n}."
            )
            raise SchemeError(message)
        if (
            isinstance(self.quorum, bool)
            or not isinstance(self.quorum, int)
            or not 1 <= self.quorum <= n
        ):
            message = f"{where}: quorum must be an integer from 1 to {n} (the member count); got {self.quorum!r}."
            raise SchemeError(message)
        raters = {m for m in self.members if isinstance(m, str)}
        for key, weight in self.member_weights.items():
            if key not in raters:
                message = (
                    f"{where}: member_weights names {key!r}, which is not a rater member "
                    f"of the group; members are {sorted(raters)!r}."
                )
                raise SchemeError(message)
            _check_weight(f"{where}: member {key!r}", weight)

    def rater_names(self) -> tuple[str, ...]:
        """The raters in this group and its nested groups, in tree order."""
        return tuple(r for g in _walk_groups(self) for r in g.members if isinstance(r, str))

    def member_weight(self, member: str | RaterGroup) -> float:
        """The weight of one member within this group (before normalisation)."""
        if isinstance(member, RaterGroup):
            return member.weight
        return self.member_weights.get(member, 1.0)


def _raters(value: Any) -> RaterGroup:
    if isinstance(value, RaterGroup):
        return value
    if isinstance(value, str):
        value = [value]
    try:
        members = tuple(value)
    except TypeError:
        message = f"Scheme: raters must be a RaterGroup or a list of groups and rater names; got {value!r}."
        raise SchemeError(message) from None
    return RaterGroup("all", members=members)


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else "."


def _recusals(value: Any) -> Mapping[str, tuple[str, ...]]:
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        message = f"Scheme: recusals must map rater names to lists of units; got {value!r}."
        raise SchemeError(message)
    recusals = {}
    for rater, units in value.items():
        if isinstance(units, str) or not isinstance(units, Iterable):
            message = f"Scheme: recusals[{rater!r}] must be a list of unit names; got {units!r}."
            raise SchemeError(message)
        recusals[rater] = tuple(units)
    return MappingProxyType(recusals)


def _flag(name: str) -> Any:
    def check(instance: object, attribute: object, value: object) -> None:
        if not isinstance(value, bool):
            message = f"Scheme: {name} must be True or False; got {value!r}."
            raise SchemeError(message)

    return check


def _choice(name: str, allowed: tuple[str, ...]) -> Any:
    def check(instance: object, attribute: object, value: object) -> None:
        if value not in allowed:
            options = ", ".join(repr(a) for a in allowed)
            message = f"Scheme: {name} must be one of {options}; got {value!r}."
            raise SchemeError(message)

    return check


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

    raters: RaterGroup = field(converter=_raters)
    criteria: tuple[Criterion, ...] = field(
        factory=lambda: (Criterion("score"),), converter=_criteria
    )
    scale: tuple[float, float] = field(default=(0.0, 100.0), converter=_as_scale, kw_only=True)
    missing: Literal["renormalize", "error"] = field(
        default="renormalize", validator=_choice("missing", MISSING), kw_only=True
    )
    decimals: int | None = field(default=2, kw_only=True)
    ties: Literal["min", "dense", "ordinal", "average", "max"] = field(
        default="min", validator=_choice("ties", TIES), kw_only=True
    )
    standardize: Literal["none", "zscore", "minmax", "rank"] = field(
        default="none", validator=_choice("standardize", STANDARDIZE), kw_only=True
    )
    align_groups: bool = field(default=False, validator=_flag("align_groups"), kw_only=True)
    recusals: Mapping[str, tuple[str, ...]] = field(
        default=None, converter=_recusals, kw_only=True, hash=False
    )
    self_recusal: bool = field(default=False, validator=_flag("self_recusal"), kw_only=True)
    recused_scores: Literal["error", "drop"] = field(
        default="error", validator=_choice("recused_scores", RECUSED_SCORES), kw_only=True
    )
    categories: Mapping[str, str] = field(
        default=None, converter=policies.categories, kw_only=True, hash=False
    )
    overall_rank: bool = field(default=False, validator=_flag("overall_rank"), kw_only=True)
    tie_break: tuple[policies.TieBreakStep, ...] = field(
        default=(), converter=policies.tie_break, kw_only=True
    )
    caps: Mapping[str, float] = field(
        default=None, converter=policies.caps, kw_only=True, hash=False
    )
    veto: Literal["last_tier", "rank_last", "exclude"] = field(
        default="last_tier", validator=_choice("veto", VETO), kw_only=True
    )
    tiers: tuple[policies.Tier, ...] = field(default=(), converter=policies.tiers, kw_only=True)
    quota_rounding: Literal["floor", "half_up", "ceil"] = field(
        default="floor", validator=_choice("quota_rounding", QUOTA_ROUNDING), kw_only=True
    )
    quota_ties: Literal["exclude", "include"] = field(
        default="exclude", validator=_choice("quota_ties", QUOTA_TIES), kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        _check_scale("Scheme", self.scale)
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
                message = f"Scheme: recusals names rater {rater!r}, which is not in the rater tree{_suggest(rater, self.rater_names)}"
                raise SchemeError(message)
            for unit in units:
                if not isinstance(unit, str) or not unit.strip():
                    message = f"Scheme: recusals[{rater!r}] must list unit names; got {unit!r}."
                    raise SchemeError(message)
        group_names = [g.name for g in self.groups]
        for step in self.tie_break:
            if step == "previous_rank":
                continue
            kind, name = step
            known = group_names if kind == "group" else list(self.criterion_names)
            if name not in known:
                message = f"Scheme: tie_break names {kind} {name!r}, which is not in the scheme{_suggest(name, known)}"
                raise SchemeError(message)

    def _check_rater_names(self) -> None:
        seen: dict[str, str] = {}
        for group in _walk_groups(self.raters):
            if group.name in seen:
                message = f"Scheme: the name {group.name!r} is used twice in the rater tree; names are unique across raters and groups."
                raise SchemeError(message)
            seen[group.name] = group.name
        for group in _walk_groups(self.raters):
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
        return tuple(_walk_groups(self.raters))

    @cached_property
    def rater_names(self) -> tuple[str, ...]:
        """The raters (leaves of the rater tree), in tree order."""
        return self.raters.rater_names()

    @cached_property
    def parents(self) -> Mapping[str, str]:
        """The parent group's name of every rater and non-root group."""
        return MappingProxyType(
            {
                (m.name if isinstance(m, RaterGroup) else m): g.name
                for g in self.groups
                for m in g.members
            }
        )

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
                shares = [group.member_weight(m) for m in group.members]
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


def reweighted(criteria: tuple[Criterion, ...], weights: Any, where: str) -> tuple[Criterion, ...]:
    """`criteria` with their weights replaced, one for one (`weights` may be a result object)."""
    values = np.asarray(getattr(weights, "weights", weights), dtype=np.float64).ravel()
    if values.shape[0] != len(criteria):
        message = f"{where}: weights must give one weight per criterion ({len(criteria)}); got {values.shape[0]}."
        raise SchemeError(message)
    return tuple(attrs.evolve(c, weight=float(w)) for c, w in zip(criteria, values, strict=True))


def _walk_groups(group: RaterGroup) -> Iterator[RaterGroup]:
    yield group
    for member in group.members:
        if isinstance(member, RaterGroup):
            yield from _walk_groups(member)


def criterion_leaves(criteria: Iterable[Criterion]) -> Iterator[tuple[Criterion, float]]:
    """Each leaf of a criteria tree's top level with its leaf weight, in tree order."""
    top = tuple(criteria)
    total = math.fsum(c.weight for c in top)
    for criterion in top:
        for leaf, share in criterion.leaves():
            yield leaf, share * criterion.weight / total
