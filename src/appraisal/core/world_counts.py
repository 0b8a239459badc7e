"""Places and tiers of many worlds by counting keys instead of sorting them.

When every key of a world lies on a small grid (published scores on the scheme's
decimals, a few categories and tie-break values), each row's packed keys index a row of
bins: the units per bin, summed along the bins of a category, give every place at once,
and tiers are filled bin by bin — a bin is a block of tied units. The cost is linear in
units plus bins, with no sort.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from appraisal._typing import FloatArray, IntArray

if TYPE_CHECKING:
    from appraisal.core.worlds import Rules

__all__ = ["counted_places", "worth_counting"]

_BUDGET = 1 << 19
"""Bins counted at once: rows of worlds are taken in chunks of about this many bins."""
_BINS_PER_UNIT = 16
"""Counting beats sorting while a row has at most about this many bins per unit."""


def worth_counting(n_bins: int, n_units: int) -> bool:
    """Whether rows of `n_units` packed keys in `n_bins` bins are cheaper counted than sorted."""
    return n_bins <= _BINS_PER_UNIT * n_units + 4096


def counted_places(
    packed: IntArray, n_bins: int, n_outer: int, scores: FloatArray, rules: Rules
) -> tuple[FloatArray, IntArray]:
    """Ranks and tiers from packed keys ``(m, n)`` in ``[0, n_bins)``, best first.

    The outermost key is the category (`n_outer` codes, the last for unranked units),
    so each category owns a contiguous run of ``n_bins // n_outer`` bins.
    """
    m, n = packed.shape
    rank = np.empty((m, n))
    tier = np.empty((m, n), dtype=np.intp)
    step = max(1, _BUDGET // max(n_bins - n_bins // n_outer, 1))
    for start in range(0, m, step):  # chunks of worlds, so the bins stay small
        part = slice(start, start + step)
        rank[part], tier[part] = _chunk(packed[part], n_bins, n_outer, scores[part], rules)
    return rank, tier


def _chunk(
    packed: IntArray, n_bins: int, n_outer: int, scores: FloatArray, rules: Rules
) -> tuple[FloatArray, IntArray]:
    m, n = packed.shape
    shape = (m, n_outer - 1, n_bins // n_outer)  # unranked units, the last code, get no bins
    size = shape[0] * shape[1] * shape[2]
    flat = (packed + (np.arange(m) * (size // m))[:, None]).ravel()
    ranked = ~np.isnan(scores)
    everyone = bool(ranked.all())
    if not everyone:
        flat = np.where(ranked.ravel(), flat, 0)
    count = np.bincount(flat if everyone else flat[ranked.ravel()], minlength=size)
    count = count.reshape(shape)
    through = np.cumsum(count, axis=2)  # units in the category up to and including the bin
    ties = rules.ties
    if ties == "min":
        rank = (through - count).reshape(-1)[flat] + 1.0
    elif ties == "max":
        rank = through.reshape(-1)[flat].astype(np.float64)
    elif ties == "average":
        rank = (2 * through - count).reshape(-1)[flat] / 2.0 + 0.5
    else:  # dense
        rank = np.cumsum(count > 0, axis=2).reshape(-1)[flat].astype(np.float64)
    rank = rank.reshape(m, n)
    if not everyone:
        rank[~ranked] = np.nan
    tier = np.full((m, n), -1, dtype=np.intp)
    if rules.min_scores is None or rules.capacity is None:
        return rank, tier
    eligible = ranked & (True if rules.eligible is None else rules.eligible)
    chosen = eligible.ravel()
    bin_tier = _fill(flat[chosen], shape, scores.ravel()[chosen], rules)
    tier[eligible] = bin_tier.reshape(-1)[flat[chosen]]
    if rules.last is not None:
        tier[ranked & rules.last] = len(rules.min_scores) - 1
    return rank, tier


def _fill(
    flat: IntArray, shape: tuple[int, int, int], scores: FloatArray, rules: Rules
) -> IntArray:
    """Each bin's tier: tiers take whole bins, best first, within each category's quota."""
    assert rules.min_scores is not None
    assert rules.capacity is not None
    size = shape[0] * shape[1] * shape[2]
    seats = np.bincount(flat, minlength=size).reshape(shape)  # eligible units per bin
    seat_end = np.cumsum(seats, axis=2)
    seat_start = seat_end - seats
    n_tiers = len(rules.min_scores)
    limits = rules.capacity[: shape[1]].astype(np.int64)
    bin_tier = np.full(shape, n_tiers - 1, dtype=np.intp)
    open_bins = seats > 0
    taken = np.zeros((shape[0], shape[1], 1), dtype=np.int64)
    for t in range(n_tiers - 1):  # a few tiers
        over = flat[scores >= rules.min_scores[t]]
        meets = open_bins & (np.bincount(over, minlength=size).reshape(shape) > 0)
        meets &= np.cumsum(open_bins & ~meets, axis=2) == 0  # a prefix of the open bins
        limit = limits[None, :, t, None]
        if rules.include_ties:
            admitted = meets & (seat_start - taken < limit)
        else:
            reach = (seats * meets).sum(axis=2, keepdims=True)
            admitted = meets & (np.minimum(seat_end - taken, reach) <= limit)
        bin_tier[admitted] = t
        open_bins &= ~admitted
        taken = taken + (seats * admitted).sum(axis=2, keepdims=True)
    return bin_tier
