"""Checks at the boundary: each public function converts and validates its input once."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from appraisal._typing import BoolArray, FloatArray
from appraisal.errors import InputError
from appraisal.weights.results import AhpMethod

_RECIPROCITY_TOLERANCE = 1e-9


def _judgement(value: object) -> float | None:
    """The value as a float if it is a finite positive number, else None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and number > 0 else None


def _show(value: Any) -> str:
    """The repr of a value for a message: plain floats for numbers, never numpy's wrappers."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(float(value))
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _first(mask: BoolArray) -> tuple[int, ...]:
    return tuple(int(k) for k in np.argwhere(mask)[0])


def _one_of(value: object, allowed: tuple[str, ...], where: str, name: str) -> None:
    if not isinstance(value, str) or value not in allowed:
        choices = ", ".join(repr(a) for a in allowed)
        message = f"{where}: {name} must be one of {choices}; got {value!r}."
        raise InputError(message)


def _as_floats(value: Any, where: str, name: str, what: str) -> FloatArray:
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        message = f"{where}: {name} must be {what}; got {_show(value)}."
        raise InputError(message) from None


def _check_pairwise(value: Any, where: str, name: str) -> FloatArray:
    """A positive reciprocal square matrix, or an error naming the first offending cell."""
    a = _as_floats(value, where, name, "a matrix of numbers")
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        message = f"{where}: {name} must be a square 2-D matrix; got shape {a.shape}."
        raise InputError(message)
    if a.shape[0] == 0:
        message = f"{where}: {name} must have at least one criterion; got shape {a.shape}."
        raise InputError(message)
    for bad, requirement in ((~np.isfinite(a), "be finite"), (a <= 0, "be > 0")):
        if bad.any():
            i, j = _first(bad)
            message = f"{where}: {name}[{i}, {j}] must {requirement}; got {_show(a[i, j])}."
            raise InputError(message)
    with np.errstate(over="ignore"):  # an overflowing product is simply not reciprocal
        off = np.abs(a * a.T - 1.0) > _RECIPROCITY_TOLERANCE
    if off.diagonal().any():
        (i,) = _first(off.diagonal())
        message = (
            f"{where}: {name}[{i}, {i}] must be 1 (a criterion compared with itself); "
            f"got {_show(a[i, i])}."
        )
        raise InputError(message)
    if off.any():
        i, j = _first(np.triu(off, k=1))
        message = (
            f"{where}: {name}[{i}, {j}] and {name}[{j}, {i}] must be reciprocal "
            f"(a[i, j] * a[j, i] == 1); got {_show(a[i, j])} and {_show(a[j, i])}."
        )
        raise InputError(message)
    return a


def _check_method(method: object, where: str) -> AhpMethod:
    _one_of(method, ("eigenvector", "geometric"), where, "method")
    return "geometric" if method == "geometric" else "eigenvector"


def _check_random_index(value: float | None, where: str) -> float | None:
    if value is None:
        return None
    number = _judgement(value)
    if number is None:
        message = f"{where}: random_index must be finite and > 0; got {_show(value)}."
        raise InputError(message)
    return number


def _check_directions(value: Any, n_criteria: int, where: str) -> BoolArray:
    if value is None:
        return np.ones(n_criteria, dtype=bool)
    try:
        entries = list(value)
    except TypeError:
        message = (
            f"{where}: higher_is_better must be None or one bool per criterion "
            f"({n_criteria}); got {_show(value)}."
        )
        raise InputError(message) from None
    if len(entries) != n_criteria:
        message = (
            f"{where}: higher_is_better must have one entry per criterion ({n_criteria}); "
            f"got {len(entries)}."
        )
        raise InputError(message)
    directions = np.empty(n_criteria, dtype=bool)
    for j, entry in enumerate(entries):
        item = entry.item() if isinstance(entry, np.generic) else entry
        if not isinstance(item, bool | int | float) or item not in (0, 1):
            message = (
                f"{where}: higher_is_better[{j}] must be True or False (or 1 or 0); "
                f"got {_show(item)}."
            )
            raise InputError(message)
        directions[j] = bool(item)
    return directions


def _check_data(
    matrix: Any,
    higher_is_better: Any,
    missing: object,
    where: str,
    *,
    non_negative: bool = False,
) -> tuple[FloatArray, BoolArray]:
    """The units x criteria matrix with complete rows only, and the directions."""
    _one_of(missing, ("error", "drop_units"), where, "missing")
    x = _as_floats(matrix, where, "matrix", "an array of numbers")
    if x.ndim != 2:
        message = f"{where}: matrix must be 2-D (units x criteria); got shape {x.shape}."
        raise InputError(message)
    if x.shape[1] == 0:
        message = f"{where}: matrix must have at least one criterion (column); got shape {x.shape}."
        raise InputError(message)
    benefit = _check_directions(higher_is_better, x.shape[1], where)
    finite = np.isfinite(x)
    nan: BoolArray | None = None
    if not finite.all():
        nan = np.isnan(x)
        infinite = ~finite & ~nan
        if infinite.any():
            i, j = _first(infinite)
            message = (
                f"{where}: matrix[{i}, {j}] must be finite or NaN (missing); got {_show(x[i, j])}."
            )
            raise InputError(message)
        if missing == "error":
            i, j = _first(nan)
            message = (
                f"{where}: matrix[{i}, {j}] must not be missing (NaN) with missing='error'; "
                "got nan. Pass missing='drop_units' to drop the units (rows) with a missing score."
            )
            raise InputError(message)
    dropped = 0
    rows: npt.NDArray[np.intp] | None = None  # original row numbers, for messages
    if nan is not None:
        complete = ~nan.any(axis=1)
        rows = np.flatnonzero(complete)
        dropped = x.shape[0] - rows.size
        x = x[complete]
    if non_negative:
        negative = x < 0
        if negative.any():
            j = int(np.flatnonzero(negative.any(axis=0))[0])
            i = int(np.flatnonzero(negative[:, j])[0])
            message = (
                f"{where}: matrix[:, {j}] must be >= 0 with normalize='sum'; got "
                f"{_show(x[i, j])} for unit row {i if rows is None else int(rows[i])}. "
                "Use normalize='minmax' for data that can be negative."
            )
            raise InputError(message)
    if x.shape[0] < 2:
        after = f" after dropping {dropped} with a missing score" if dropped else ""
        message = f"{where}: matrix must have at least 2 units (rows); got {x.shape[0]}{after}."
        raise InputError(message)
    return x, benefit


def _check_n(n: object, where: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        message = f"{where}: n must be a positive int; got {n!r}."
        raise InputError(message)
    return int(n)
