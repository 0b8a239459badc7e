"""The small checks and converters that the value classes share."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from appraisal._text import name_fault
from appraisal.errors import SchemeError


def check_name(owner: str, name: object) -> None:
    """Refuse a name that is empty, has a blank at an end, or holds a control character."""
    if fault := name_fault(name):
        message = f"{owner}: name {fault}; got {name!r}."
        raise SchemeError(message)


def check_weight(where: str, weight: object) -> None:
    """Refuse a weight that is not a finite number > 0."""
    if not (isinstance(weight, float) and math.isfinite(weight) and weight > 0):
        message = f"{where}: weight must be a finite number > 0; got {weight!r}."
        raise SchemeError(message)


def as_float(value: Any) -> Any:
    """Turn a number into a float; leave anything else for the validator to name."""
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        return float(value)
    return value


def as_scale(value: Any) -> Any:
    """Turn a pair of numbers into a float pair; leave anything else for the check to name."""
    try:
        low, high = value
        return (float(low), float(high))
    except (TypeError, ValueError):
        return value


def check_scale(where: str, scale: object) -> None:
    """Refuse a scale that is not a finite pair with low < high."""
    ok = isinstance(scale, tuple) and all(math.isfinite(v) for v in scale) and scale[0] < scale[1]
    if not ok:
        message = f"{where}: scale must be a pair (low, high) of finite numbers with low < high; got {scale!r}."
        raise SchemeError(message)


def relative_weights(weights: list[float]) -> str:
    """How sibling weights that look like shares but do not add up are read; "" when they do not.

    Examples
    --------
    >>> relative_weights([65.0, 30.0])
    'weights 65 + 30 = 95 are relative: 68.4 % / 31.6 %.'
    >>> relative_weights([0.6, 0.4]), relative_weights([1.0, 0.3])
    ('', '')
    """
    if (
        1.0 in weights or max(weights) > 150
    ):  # a default weight was not given; > 150 adds up to more
        return ""
    total = math.fsum(weights)
    for whole in (1.0, 100.0):
        if 0.5 * whole <= total <= 1.5 * whole and abs(total - whole) > 1e-9 * whole:
            shares = " / ".join(f"{100 * w / total:.1f} %" for w in weights)
            terms = " + ".join(f"{w:g}" for w in weights)
            return f"weights {terms} = {total:.6g} are relative: {shares}."
    return ""
