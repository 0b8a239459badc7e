"""Input problems: the record every check produces, and the builders of their messages.

The validator (:mod:`appraisal.pipeline.check`) and the file loaders word a problem
with the same builders, so a message reads the same wherever it is found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from attrs import field, frozen

from appraisal._text import did_you_mean
from appraisal.errors import AppraisalError, InputError, ScoreError
from appraisal.model.scheme import Scheme

__all__ = [
    "CHECK_KINDS",
    "Problem",
    "not_in_scheme",
    "outside_scale",
    "tier_limits",
    "unknown_unit",
]

CHECK_KINDS = (
    "units",
    "unknown",
    "scale",
    "criterion",
    "recusal",
    "recused",
    "missing",
    "group",
    "aligned",
    "category",
    "tier",
    "standardize",
    "adjustment",
    "veto",
    "previous",
)
"""The kinds of problem the validator finds, in the order appraise meets them."""

_EVENT_KINDS = ("adjustment", "veto", "previous")
_ROUNDING = {"floor": ROUND_FLOOR, "half_up": ROUND_HALF_UP, "ceil": ROUND_CEILING}


@frozen
class Problem:
    """One input problem: its kind, the whole message, and where it is.

    Attributes
    ----------
    kind : str
        One of :data:`CHECK_KINDS`: ``"units"`` (a sheet without units),
        ``"unknown"`` (a label the scheme lacks), ``"scale"``, ``"criterion"`` (a
        criterion nobody scored), ``"recusal"``, ``"recused"``, ``"missing"``,
        ``"group"`` (a unit without a whole top-level group), ``"aligned"`` (a base
        score the group alignment puts off the scale), ``"category"``, ``"tier"``,
        ``"standardize"``, ``"adjustment"``, ``"veto"``, ``"previous"``; from files also ``"score"`` (not a number), ``"repeat"``, ``"label"``,
        ``"row"`` and ``"unit_order"``.
    message : str
        What is wrong, where, and what is allowed.
    file : str or None
    line : int or None
        The file's line, where the problem has one.
    rater, unit, criterion : str or None
        The labels the problem is about, where it is about one.
    """

    kind: str
    message: str
    file: str | None = field(default=None, kw_only=True)
    line: int | None = field(default=None, kw_only=True)
    rater: str | None = field(default=None, kw_only=True)
    unit: str | None = field(default=None, kw_only=True)
    criterion: str | None = field(default=None, kw_only=True)

    def __str__(self) -> str:
        return self.message

    def error(self) -> AppraisalError:
        """The exception :func:`~appraisal.appraise` raises for this problem."""
        return (InputError if self.kind in _EVENT_KINDS else ScoreError)(self.message)


def not_in_scheme(kind: str, name: str, known: Iterable[str], *, more: str = "") -> str:
    """The message for a label the scheme lacks (`more` says how often it occurs).

    Examples
    --------
    >>> not_in_scheme("rater", "Audit Ofice", ["Audit Office"])
    "rater 'Audit Ofice' is not in the scheme; did you mean 'Audit Office'?"
    """
    return f"{kind} {name!r} is not in the scheme{more}{did_you_mean(name, known)}"


def outside_scale(
    score: float, rater: str, unit: str, criterion: str, scale: tuple[float, float]
) -> str:
    """The message for a score outside its criterion's scale.

    Examples
    --------
    >>> outside_scale(112.0, "Finance Bureau", "East", "economy", (0.0, 100.0))
    "score 112 for rater 'Finance Bureau', unit 'East', criterion 'economy' is outside its scale 0..100."
    """
    low, high = scale
    return (
        f"score {score:g} for rater {rater!r}, unit {unit!r}, criterion {criterion!r} "
        f"is outside its scale {low:g}..{high:g}."
    )


def unknown_unit(kind: str, unit: str, units: tuple[str, ...]) -> Problem:
    """The problem of an event for a unit the score sheet lacks."""
    return Problem(
        kind.lower(),
        f"{kind} for unit {unit!r}: no such unit in the score sheet{did_you_mean(unit, units)}",
        unit=unit,
    )


def tier_limits(
    scheme: Scheme, sizes: Sequence[int], categories: Sequence[str]
) -> tuple[list[list[int]], list[str]]:
    """Each category's head-count limit per tier, and the problems of tiers counting past it.

    A tier's ``share`` becomes a head-count in decimal arithmetic (0.29 x 100 = 29),
    rounded by the scheme's ``quota_rounding``.
    """
    limits: list[list[int]] = []
    problems: list[str] = []
    for c, size in enumerate(sizes):
        row = []
        for tier in scheme.tiers:
            limit = size
            if tier.count is not None:
                if tier.count > size:
                    label = f"category {categories[c]!r}" if categories else "the appraisal"
                    problems.append(
                        f"Scheme: tier {tier.name!r} has count {tier.count}, more than the {size} units of {label}."
                    )
                limit = min(limit, tier.count)
            if tier.share is not None:
                head = (Decimal(repr(tier.share)) * size).quantize(
                    Decimal(1), rounding=_ROUNDING[scheme.quota_rounding]
                )
                limit = min(limit, int(head))
            row.append(limit)
        limits.append(row)
    return limits, problems
