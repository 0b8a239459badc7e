"""The attrs converters of an Appraisal's optional fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from appraisal._typing import float_array

__all__ = ["optional_array", "optional_labels", "optional_mapping", "pairs"]


def pairs(value: Any) -> npt.NDArray[np.intp]:
    """Rows of three indices, read-only (none when `value` is None)."""
    found = np.array(() if value is None else value, dtype=np.intp).reshape(-1, 3)
    found.flags.writeable = False
    return found


def optional_labels(labels: Iterable[str | None] | None) -> tuple[str | None, ...] | None:
    """A tuple of the labels, or None."""
    return None if labels is None else tuple(labels)


def optional_array(value: Any) -> Any:
    """A read-only float64 copy, or None."""
    return None if value is None else float_array(value)


def optional_mapping(value: Mapping[str, float] | None) -> Mapping[str, float] | None:
    """A read-only copy of the mapping, or None."""
    return None if value is None else MappingProxyType(dict(value))
