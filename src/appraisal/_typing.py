"""Array aliases and the array converters every layer shares (numpy only, so the core may use them)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = [
    "BoolArray",
    "FloatArray",
    "IntArray",
    "array_equal",
    "as_tuple",
    "float_array",
    "int_array",
    "nan_to_none",
    "plain",
    "power_scaled",
    "readonly",
    "seal",
    "sealed",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.intp]
BoolArray: TypeAlias = npt.NDArray[np.bool_]


def readonly(value: Any, dtype: npt.DTypeLike | None = None) -> npt.NDArray[Any]:
    """A read-only array that no caller can change: `value` itself when it already is one.

    An array is kept as it is when it is read-only, owns its data (a view could be
    written through its base), is C-contiguous and has the asked `dtype`; anything
    else is copied.

    Examples
    --------
    >>> source = np.array([1.0, 2.0])
    >>> kept = readonly(source)
    >>> kept.flags.writeable, kept is source, readonly(kept) is kept
    (False, False, True)
    >>> readonly([1, 2], np.float64)
    array([1., 2.])
    """
    array = np.asarray(value, dtype=dtype)
    if array.flags.writeable or array.base is not None or not array.flags.c_contiguous:
        array = np.array(array, dtype=dtype, order="C")
        array.flags.writeable = False
    return array


def array_equal(a: npt.NDArray[Any] | None, b: npt.NDArray[Any] | None) -> bool:
    """Equal shapes and values, NaN equal to NaN; None equals only None (for attrs' ``eq``).

    Examples
    --------
    >>> array_equal(np.array([1.0, np.nan]), np.array([1.0, np.nan])), array_equal(None, None)
    (True, True)
    """
    if a is None or b is None:
        return a is b
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))


def nan_to_none(value: float) -> float | None:
    """A float, or None for NaN (as plain data and JSON write a missing number).

    Examples
    --------
    >>> nan_to_none(np.float64(2.5)), nan_to_none(np.nan)
    (2.5, None)
    """
    return None if math.isnan(value) else float(value)


def plain(array: npt.NDArray[Any]) -> Any:
    """An array as nested lists of plain numbers, NaN as None.

    Examples
    --------
    >>> plain(np.array([[1.5, np.nan]])), plain(np.array([1, 2]))
    ([[1.5, None]], [1, 2])
    """
    if array.dtype.kind != "f":
        return array.tolist()
    cells = array.astype(object)
    cells[np.isnan(array)] = None
    return cells.tolist()


def float_array(value: Any) -> FloatArray:
    """:func:`readonly` as float64: the converter of float array fields."""
    array: FloatArray = readonly(value, np.float64)
    return array


def int_array(value: Any) -> IntArray:
    """:func:`readonly` as intp: the converter of integer array fields."""
    array: IntArray = readonly(value, np.intp)
    return array


def as_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    """Any iterable as a tuple: the converter of the sequence fields of frozen values.

    Examples
    --------
    >>> as_tuple(["a", "b"])
    ('a', 'b')
    """
    return tuple(items)


def power_scaled(weights: Iterable[float]) -> list[float]:
    """Sibling weights times one power of two, the largest then in [0.5, 1).

    Multiplying by a power of two is exact, so shares computed from the scaled weights
    are those of the weights as given, bit for bit, while their sums can no longer
    overflow (1.7e308 + 1.7e308) or lose precision below the normal range.

    Examples
    --------
    >>> power_scaled([0.65, 0.35]), power_scaled([1.7e308, 1.7e308])
    ([0.65, 0.35], [0.9456563898655606, 0.9456563898655606])
    """
    given = list(weights)
    _, exponent = math.frexp(max(given))
    return [math.ldexp(w, -exponent) for w in given]


def seal(array: npt.NDArray[Any]) -> None:
    """Make `array` and every array it views read-only, so that a result can keep it uncopied."""
    node: Any = array
    while isinstance(node, np.ndarray):
        node.flags.writeable = False
        node = node.base


def sealed(value: Any) -> npt.NDArray[Any]:
    """A result's array: kept when it and all it views are read-only (:func:`seal`), else :func:`readonly`.

    Examples
    --------
    >>> whole = np.zeros((3, 2))
    >>> rows = whole[:2]
    >>> seal(rows)
    >>> sealed(rows) is rows, sealed(np.zeros(2)).flags.writeable
    (True, False)
    """
    node: Any = value
    while isinstance(node, np.ndarray) and not node.flags.writeable:
        node = node.base
    if node is None and isinstance(value, np.ndarray):
        return value
    return readonly(value)
