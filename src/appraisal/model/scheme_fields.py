"""The converters and validators of :class:`~appraisal.Scheme`'s fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from appraisal.errors import SchemeError
from appraisal.model.raters import RaterGroup

__all__ = ["choice", "flag", "recusals", "scheme_raters"]


def scheme_raters(value: Any) -> RaterGroup:
    """A scheme's rater tree: a group, or a list of groups and raters under a root named "all"."""
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


def recusals(value: Any) -> Mapping[str, tuple[str, ...]]:
    """A scheme's recusals as a read-only mapping of rater names to tuples of units."""
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


def flag(name: str) -> Any:
    """A validator of a scheme's True/False setting."""

    def check(instance: object, attribute: object, value: object) -> None:
        if not isinstance(value, bool):
            message = f"Scheme: {name} must be True or False; got {value!r}."
            raise SchemeError(message)

    return check


def choice(name: str, allowed: tuple[str, ...]) -> Any:
    """A validator of a scheme setting with a few allowed values."""

    def check(instance: object, attribute: object, value: object) -> None:
        if value not in allowed:
            options = ", ".join(repr(a) for a in allowed)
            message = f"Scheme: {name} must be one of {options}; got {value!r}."
            raise SchemeError(message)

    return check
