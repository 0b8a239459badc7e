"""Reading a result's plain data strictly: every key known, every value of its type and shape.

A result file may have been edited, truncated or forged. :class:`Reader` checks its
*structure* — no unknown or missing key, lists of the right lengths, finite numbers in
their ranges, integer coverage — and names the key path of the first fault. Whether the
published values follow from the inputs is :func:`appraisal.verify`'s job.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from appraisal._typing import FloatArray
from appraisal.errors import InputError

__all__ = ["Reader"]

_HASH = re.compile(r"[0-9a-f]{64}")


class Reader:
    """Checks the values of one result's plain data, naming `origin` and the key path."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, path: str, wanted: str, got: Any) -> InputError:
        """The error for a value at `path` that is not what it must be."""
        shown = repr(got) if len(repr(got)) <= 60 else f"{repr(got)[:57]}..."
        return InputError(f"{self.origin}: {path} must be {wanted}; got {shown}.")

    def keys(
        self, data: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> Mapping[str, Any]:
        """A mapping with exactly the required keys and perhaps the optional ones."""
        where = path or "a result"
        if not isinstance(data, Mapping):
            raise self.fail(where, "an object", data)
        unknown = [k for k in data if k not in required and k not in optional]
        if unknown:
            known = ", ".join(repr(k) for k in (*required, *optional))
            message = (
                f"{self.origin}: {where} has an unknown key {unknown[0]!r} (allowed: {known})."
            )
            raise InputError(message)
        lacking = [k for k in required if k not in data]
        if lacking:
            message = f"{self.origin}: {where} lacks the key {lacking[0]!r}."
            raise InputError(message)
        return data

    def mapping(self, data: Any, path: str) -> Mapping[str, Any]:
        """A mapping with string keys (its values are checked by the caller)."""
        if not isinstance(data, Mapping) or not all(isinstance(k, str) for k in data):
            raise self.fail(path, "an object", data)
        return data

    def text(self, data: Any, path: str, *, optional: bool = False) -> Any:
        """A string (or None when `optional`)."""
        if isinstance(data, str) or (optional and data is None):
            return data
        raise self.fail(path, "a string" + (" or null" if optional else ""), data)

    def texts(
        self, data: Any, path: str, n: int | None = None, *, optional: bool = False
    ) -> list[Any]:
        """A list of strings (or nulls when `optional`), of length `n` when given."""
        items = self.items(data, path, n)
        for i, item in enumerate(items):
            self.text(item, f"{path}[{i}]", optional=optional)
        return items

    def items(self, data: Any, path: str, n: int | None = None) -> list[Any]:
        """A list, of length `n` when given."""
        if not isinstance(data, list):
            raise self.fail(path, "a list", data)
        if n is not None and len(data) != n:
            raise self.fail(path, f"a list of {n}", _Count(len(data)))
        return data

    def numbers(
        self,
        data: Any,
        path: str,
        shape: tuple[int, ...],
        *,
        within: Callable[[FloatArray], Any] | None = None,
        wanted: str = "finite numbers or null",
    ) -> FloatArray:
        """Nested lists of finite numbers or nulls (NaN), of this shape and `within` a range."""
        self._shape(data, path, shape)
        flat = _leaves(data, len(shape))
        bad = next((i for i, v in enumerate(flat) if not _is_number(v)), None)
        if bad is not None:
            raise self.fail(_at(path, bad, shape), wanted, flat[bad])
        values = np.array([math.nan if v is None else v for v in flat], dtype=np.float64)
        if within is not None:
            outside = np.flatnonzero(~np.isnan(values) & ~within(values))
            if outside.size:
                raise self.fail(_at(path, int(outside[0]), shape), wanted, flat[outside[0]])
        return values.reshape(shape)

    def integers(self, data: Any, path: str, shape: tuple[int, ...], low: int, high: int) -> Any:
        """Nested lists of integers in ``[low, high]`` (not floats, not booleans)."""
        self._shape(data, path, shape)
        flat = _leaves(data, len(shape))
        for i, v in enumerate(flat):
            if isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high:
                raise self.fail(_at(path, i, shape), f"an integer from {low} to {high}", v)
        return np.array(flat, dtype=np.int64).reshape(shape)

    def booleans(self, data: Any, path: str, shape: tuple[int, ...]) -> Any:
        """Nested lists of true/false."""
        self._shape(data, path, shape)
        flat = _leaves(data, len(shape))
        for i, v in enumerate(flat):
            if not isinstance(v, bool):
                raise self.fail(_at(path, i, shape), "true or false", v)
        return np.array(flat, dtype=bool).reshape(shape)

    def sha256(self, data: Any, path: str, *, optional: bool = False) -> Any:
        """64 lowercase hex digits (or None when `optional`)."""
        if (optional and data is None) or (isinstance(data, str) and _HASH.fullmatch(data)):
            return data
        raise self.fail(path, "a SHA-256 hash (64 lowercase hex digits)", data)

    def _shape(self, data: Any, path: str, shape: tuple[int, ...]) -> None:
        rows = [data]
        for depth, n in enumerate(shape):
            for i, row in enumerate(rows):
                if not isinstance(row, list) or len(row) != n:
                    where = _at(path, i, shape[:depth]) if depth else path
                    got = _Count(len(row)) if isinstance(row, list) else row
                    raise self.fail(where, f"a list of {n}", got)
            rows = [item for row in rows for item in row]


class _Count(int):
    """A list's length, as a message shows it."""

    def __repr__(self) -> str:
        return f"{int(self)} items"


def _leaves(data: Any, depth: int) -> list[Any]:
    rows = [data]
    for _ in range(depth):
        rows = [item for row in rows for item in row]
    return rows


def _at(path: str, flat: int, shape: tuple[int, ...]) -> str:
    return path + "".join(f"[{i}]" for i in np.unravel_index(flat, shape)) if shape else path


def _is_number(value: Any) -> bool:
    if value is None:
        return True
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value) if abs(value) < 1e308 else math.inf)
    )
