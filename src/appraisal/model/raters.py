"""The rater tree: groups of raters and groups, and the rules that combine them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from appraisal._text import name_fault
from appraisal.errors import SchemeError
from appraisal.model._convert import as_float, check_name, check_weight

__all__ = ["RaterGroup", "Rule", "Trimmed", "walk_groups"]


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
    return MappingProxyType({k: as_float(v) for k, v in items.items()})


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
    weight: float = field(default=1.0, converter=as_float)
    members: tuple[str | RaterGroup, ...] = field(default=(), converter=_members, kw_only=True)
    rule: Rule = field(default="mean", kw_only=True)
    quorum: int = field(default=1, kw_only=True)
    member_weights: Mapping[str, float] = field(
        default=None, converter=_member_weights, kw_only=True, hash=False
    )

    def __attrs_post_init__(self) -> None:
        check_name("RaterGroup", self.name)
        where = f"RaterGroup {self.name!r}"
        check_weight(where, self.weight)
        if not self.members:
            message = f"{where}: members must name at least one rater or group; got none."
            raise SchemeError(message)
        for member in self.members:
            if isinstance(member, RaterGroup):
                continue
            if fault := name_fault(member):
                message = f"{where}: a member is a RaterGroup or a rater name, which {fault}; got {member!r}."
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
            check_weight(f"{where}: member {key!r}", weight)

    def rater_names(self) -> tuple[str, ...]:
        """The raters in this group and its nested groups, in tree order."""
        return tuple(r for g in walk_groups(self) for r in g.members if isinstance(r, str))

    def member_weight(self, member: str | RaterGroup) -> float:
        """The weight of one member within this group (before normalisation)."""
        if isinstance(member, RaterGroup):
            return member.weight
        return self.member_weights.get(member, 1.0)


def walk_groups(group: RaterGroup) -> Iterator[RaterGroup]:
    """`group` and every group nested in it, depth first."""
    yield group
    for member in group.members:
        if isinstance(member, RaterGroup):
            yield from walk_groups(member)


def member_name(member: str | RaterGroup) -> str:
    """A member's name: a rater's own, or a nested group's.

    Examples
    --------
    >>> member_name("Finance Bureau"), member_name(RaterGroup("panel", members=["a", "b"]))
    ('Finance Bureau', 'panel')
    """
    return member.name if isinstance(member, RaterGroup) else member
