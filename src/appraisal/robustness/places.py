"""Counting places and tiers over worlds, and the intervals read from those counts."""

from __future__ import annotations

from typing import Any

import numpy as np

from appraisal._typing import FloatArray, IntArray
from appraisal.errors import InputError

__all__ = ["check_level", "interval", "n_places", "place_counts", "share_rows", "tier_counts"]


def place_counts(rank: FloatArray, n_places: int) -> FloatArray:
    """(n_units * n_places,): twice the worlds in which each unit took each place.

    A half place (``average`` ties) counts once for each of the two places around it,
    so every ranked world adds 2 to its unit's row.
    """
    m, n = rank.shape
    ranked = ~np.isnan(rank)
    unit = np.broadcast_to(np.arange(n), (m, n))[ranked]
    value = rank[ranked]
    low = np.floor(value).astype(np.intp) - 1
    high = np.ceil(value).astype(np.intp) - 1
    size = n * n_places
    counts = np.bincount(unit * n_places + low, minlength=size)
    counts += np.bincount(unit * n_places + high, minlength=size)
    return counts.astype(np.float64)


def tier_counts(tier: IntArray, n_tiers: int) -> FloatArray:
    """(n_units * n_tiers,): the worlds in which each unit was placed in each tier."""
    m, n = tier.shape
    placed = tier >= 0
    unit = np.broadcast_to(np.arange(n), (m, n))[placed]
    return np.bincount(unit * n_tiers + tier[placed], minlength=n * n_tiers).astype(np.float64)


def share_rows(counts: FloatArray) -> FloatArray:
    """Rows of counts as shares (rows summing to 1); NaN rows where nothing was counted."""
    total = counts.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares: FloatArray = np.where(total > 0, counts / total, np.nan)
    return shares


def check_level(level: Any, what: str) -> float:
    """A coverage level strictly between 0 and 1, or an error naming it."""
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:
        message = f"{what}: level must be a number strictly between 0 and 1; got {level!r}."
        raise InputError(message)
    return float(level)


def interval(acceptability: FloatArray, level: float) -> FloatArray:
    """(n_units, 2): the central `level` interval of places from rows of place shares.

    The low end is the first place whose cumulative share reaches ``(1 - level) / 2``,
    the high end the first reaching ``(1 + level) / 2``; NaN for a unit never ranked.
    """
    cumulative = np.cumsum(np.nan_to_num(acceptability), axis=1)
    tolerance = 1e-12  # shares of counts: cumulative sums may miss a boundary by an ulp
    out = np.full((acceptability.shape[0], 2), np.nan)
    for side, target in enumerate(((1 - level) / 2, (1 + level) / 2)):
        reached = cumulative >= target - tolerance
        out[:, side] = reached.argmax(axis=1) + 1.0
    out[np.isnan(acceptability).all(axis=1) | (acceptability.shape[1] == 0)] = np.nan
    return out


def n_places(categories: IntArray) -> int:
    """The most places a category has: the size of the largest."""
    return int(np.bincount(categories).max(initial=0))
