"""Counting places and tiers over worlds, and the intervals read from those counts."""

from __future__ import annotations

from typing import Any

import numpy as np

from appraisal._typing import FloatArray, IntArray
from appraisal.errors import InputError

__all__ = ["add_places", "add_tiers", "check_level", "interval", "n_places", "share_rows"]


def add_places(counts: FloatArray, rank: FloatArray, n_places: int, *, halves: bool) -> None:
    """Add to `counts` ``(n_units * n_places,)`` the worlds in which each unit took each place.

    With `halves` (``average`` ties), a half place counts one half to each of the two
    places around it.
    """
    offset = np.arange(rank.shape[1]) * n_places - 1
    ranked = ~np.isnan(rank)
    if not halves and ranked.all():
        np.add.at(counts, (rank.astype(np.intp) + offset).ravel(), 1.0)
        return
    index = np.broadcast_to(offset, rank.shape)[ranked]
    np.add.at(counts, index + np.floor(rank[ranked]).astype(np.intp), 0.5)
    np.add.at(counts, index + np.ceil(rank[ranked]).astype(np.intp), 0.5)


def add_tiers(counts: FloatArray, tier: IntArray, n_tiers: int) -> None:
    """Add to `counts` ``(n_units * n_tiers,)`` the worlds placing each unit in each tier."""
    placed = tier >= 0
    unit = np.broadcast_to(np.arange(tier.shape[1]) * n_tiers, tier.shape)[placed]
    np.add.at(counts, unit + tier[placed], 1.0)


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
