"""Publication policies that a scheme holds: tiers, tie-break steps, adjustment caps.

These are value classes and checks; :mod:`appraisal.pipeline.publication` applies them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import pairwise
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, TypeAlias

from attrs import field, frozen

from appraisal._text import name_fault
from appraisal.errors import SchemeError
from appraisal.model._convert import as_float, check_name

__all__ = ["TieBreak", "Tier"]

TieBreakStep: TypeAlias = tuple[Literal["group", "criterion"], str] | Literal["previous_rank"]
KINDS = ("bonus", "deduction")


@frozen
class Tier:
    """One published tier (档次), best first in a scheme's ``tiers``.

    A unit enters a tier only if it meets both its threshold and its quota; the last
    tier of a scheme takes the rest and sets no limits.

    Attributes
    ----------
    name : str
        For example "优秀" (excellent).
    min_score : float, optional
        The lowest published score the tier admits.
    share : float, optional
        At most this fraction of the category's units (vetoed units counted), the
        head-count rounded by the scheme's ``quota_rounding``; 0 < share <= 1.
    count : int, optional
        At most this many units of the category. With both ``share`` and ``count`` the
        smaller head-count applies.

    Examples
    --------
    >>> Tier("优秀", min_score=90, share=0.2)
    Tier(name='优秀', min_score=90.0, share=0.2, count=None)
    """

    name: str
    min_score: float | None = field(default=None, converter=as_float, kw_only=True)
    share: float | None = field(default=None, converter=as_float, kw_only=True)
    count: int | None = field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        check_name("Tier", self.name)
        where = f"Tier {self.name!r}"
        if self.min_score is not None and not (
            isinstance(self.min_score, float) and math.isfinite(self.min_score)
        ):
            message = f"{where}: min_score must be a finite number or None; got {self.min_score!r}."
            raise SchemeError(message)
        if self.share is not None and not (isinstance(self.share, float) and 0 < self.share <= 1):
            message = (
                f"{where}: share must be a number with 0 < share <= 1, or None; got {self.share!r}."
            )
            raise SchemeError(message)
        if self.count is not None and (
            isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 0
        ):
            message = f"{where}: count must be a whole number >= 0, or None; got {self.count!r}."
            raise SchemeError(message)

    @property
    def limited(self) -> bool:
        """Whether the tier sets a threshold or a quota."""
        return self.min_score is not None or self.share is not None or self.count is not None


class TieBreak(NamedTuple):
    """How two neighbouring units tied on their published score were separated.

    Attributes
    ----------
    units : (str, str)
        The better-placed unit first.
    category : str or None
    step : str or None
        The cascade step that separated them (``"group:quantitative"``,
        ``"criterion:economy"``, ``"previous_rank"``), or None when they still share
        the place.
    """

    units: tuple[str, str]
    category: str | None
    step: str | None


def tiers(value: Any) -> tuple[Tier, ...]:
    """Check a scheme's tiers: distinct names, shares adding up to at most 1, an open last tier.

    Only the last tier may set no limit: an open tier before it would take every unit
    left, and the tiers after it could never receive one.
    """
    items = tuple(value)
    for item in items:
        if not isinstance(item, Tier):
            message = f"Scheme: tiers must be Tier objects; got {item!r}."
            raise SchemeError(message)
    names = [t.name for t in items]
    twice = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if twice is not None:
        message = f"Scheme: the tier name {twice!r} is used twice; tier names are unique."
        raise SchemeError(message)
    if items and items[-1].limited:
        message = (
            f"Scheme: the last tier {items[-1].name!r} takes the rest and sets no min_score, "
            "share or count; add a tier after it for the rest."
        )
        raise SchemeError(message)
    for tier, after in pairwise(items):
        if not tier.limited:
            message = f"Scheme: tier {tier.name!r} sets no limit (min_score, share or count), so it takes every unit left and tier {after.name!r} can never receive one; only the last tier may set no limit."
            raise SchemeError(message)
    total = math.fsum(t.share for t in items if t.share is not None)
    if total > 1 + 1e-12:
        message = f"Scheme: the tiers' shares add up to {total:g}; they must add up to at most 1."
        raise SchemeError(message)
    return items


def caps(value: Any) -> Mapping[str, float]:
    """Check per-unit caps on bonus and deduction points."""
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        message = f"Scheme: caps must map 'bonus' and/or 'deduction' to points; got {value!r}."
        raise SchemeError(message)
    checked = {}
    for kind, points in value.items():
        if kind not in KINDS:
            message = f"Scheme: caps keys must be 'bonus' or 'deduction'; got {kind!r}."
            raise SchemeError(message)
        number = as_float(points)
        if not (isinstance(number, float) and math.isfinite(number) and number >= 0):
            message = f"Scheme: caps[{kind!r}] must be a finite number >= 0; got {points!r}."
            raise SchemeError(message)
        checked[kind] = number
    return MappingProxyType(checked)


def tie_break(value: Any) -> tuple[TieBreakStep, ...]:
    """Check the form of tie-break steps; the scheme checks the names they use."""
    steps: list[TieBreakStep] = []
    for step in value or ():
        if step == "previous_rank":
            steps.append("previous_rank")
        elif (
            isinstance(step, Sequence)
            and not isinstance(step, str)
            and len(step) == 2
            and step[0] in ("group", "criterion")
            and isinstance(step[1], str)
        ):
            steps.append((step[0], step[1]))
        else:
            message = (
                "Scheme: tie_break steps must be ('group', name), ('criterion', name) or "
                f"'previous_rank'; got {step!r}."
            )
            raise SchemeError(message)
    return tuple(steps)


def step_name(step: TieBreakStep) -> str:
    """``"group:name"``, ``"criterion:name"`` or ``"previous_rank"``."""
    return step if isinstance(step, str) else f"{step[0]}:{step[1]}"


def categories(value: Any) -> Mapping[str, str]:
    """Check a unit-to-category map."""
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        message = f"Scheme: categories must map unit names to category names; got {value!r}."
        raise SchemeError(message)
    for unit, category in value.items():
        for what, name in (("unit", unit), (f"category of unit {unit!r}", category)):
            if fault := name_fault(name):
                message = f"Scheme: categories: a {what} {fault}; got {name!r}."
                raise SchemeError(message)
    return MappingProxyType(dict(value))
