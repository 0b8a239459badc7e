"""Places and tiers of many worlds at once: the same units, other published scores.

A *world* is one row of published scores (a draw of weights, a bootstrap replicate,
one unit moved to a target). Each row is ranked within categories and filled into
tiers exactly as :func:`~appraisal.core.standing.standing` and
:func:`~appraisal.core.standing.tiers` do for one row, without a loop over rows: all
keys of a row are packed into one integer that also carries the unit's position, so a
plain row-wise sort orders every row at once (a row-wise lexsort when the keys take more
than 62 bits).
"""

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from appraisal._typing import BoolArray, FloatArray, IntArray
from appraisal.core.world_counts import counted_places, worth_counting

__all__ = ["Rules", "WorldPlaces", "world_places"]

_LIMIT = 2**62


class Rules(NamedTuple):
    """What ranks and tiers a row of published scores, besides the scores themselves."""

    categories: IntArray
    """(n,): category codes (0 without categories)."""
    ties: str
    lead: FloatArray | None = None
    """(n,): a key compared before the score, larger first (vetoed units last), or None."""
    eligible: BoolArray | None = None
    """(n,): may enter a limited tier (not vetoed); None without tiers."""
    last: BoolArray | None = None
    """(n,): placed in the last tier whatever their place (vetoed, still ranked)."""
    min_scores: FloatArray | None = None
    """(n_tiers,): each tier's least published score (-inf for none)."""
    capacity: IntArray | None = None
    """(n_categories, n_tiers): each tier's head-count limit in each category."""
    include_ties: bool = False


class WorldPlaces(NamedTuple):
    """What :func:`world_places` returns."""

    rank: FloatArray
    """(m, n): places within categories; NaN where the score is NaN."""
    tier: IntArray
    """(m, n): tier index (-1 for none); all -1 without tiers."""


def world_places(
    scores: FloatArray,
    rules: Rules,
    *,
    keys: Sequence[FloatArray] = (),
    decimals: int | None = None,
) -> WorldPlaces:
    """Rank each row of `scores` within categories and fill the tiers.

    Parameters
    ----------
    scores : ndarray of float64, shape (m, n)
        Published scores, one world per row; NaN leaves a unit unranked in that world.
    rules : Rules
    keys : sequence of ndarray, each shape (n,) or (m, n)
        Tie-break keys after the score, larger first; NaN counts as worst.
    decimals : int, optional
        The scores lie on this decimal grid (a faster exact path).

    Examples
    --------
    >>> rules = Rules(np.zeros(3, dtype=np.intp), "min")
    >>> world_places(np.array([[80.0, 90.0, 80.0], [70.0, 60.0, 95.0]]), rules).rank
    array([[2., 1., 2.],
           [2., 3., 1.]])
    """
    m, n = scores.shape
    ranked = ~np.isnan(scores)
    categories = np.broadcast_to(rules.categories, (m, n))
    n_categories = int(rules.categories.max(initial=0)) + 1
    columns = [np.where(ranked, categories, n_categories)]
    spans = [n_categories + 1]
    if rules.lead is not None:
        code, span = _codes(np.broadcast_to(rules.lead, (m, n)), None)
        columns.append(code)
        spans.append(span)
    for key in (scores, *keys):
        code, span = _codes(np.broadcast_to(key, (m, n)), decimals if key is scores else None)
        columns.append(code)
        spans.append(span)
    n_bins = math.prod(spans)
    if n_bins * n < _LIMIT:
        packed = np.zeros((m, n), dtype=np.int64)
        for column, span in zip(columns, spans, strict=True):
            packed = packed * span + column
        if rules.ties != "ordinal" and worth_counting(n_bins, n):
            return WorldPlaces(*counted_places(packed, n_bins, spans[0], scores, rules))
        packed = np.sort(packed * n + np.arange(n), axis=1)
        unit = packed % n
        full = packed // n
        differs = full[:, 1:] != full[:, :-1]
    else:  # too many distinct keys for one integer: a row-wise lexsort instead
        unit = np.lexsort([np.broadcast_to(np.arange(n), (m, n)), *columns[::-1]], axis=1)
        rows = np.arange(m)[:, None]
        differs = np.zeros((m, n - 1), dtype=bool)
        for column in columns:
            ordered = column[rows, unit]
            differs |= ordered[:, 1:] != ordered[:, :-1]
    category = columns[0][np.arange(m)[:, None], unit]
    return _places(unit, differs, category, n_categories, scores, rules, m, n)


def _codes(values: FloatArray, decimals: int | None) -> tuple[IntArray, int]:
    """Integer codes, 0 for the largest value, in the same order; NaN gets the last code."""
    missing = np.isnan(values)
    if decimals is not None and not missing.all():
        anything_missing = bool(missing.any())
        ticks = np.rint(
            (np.where(missing, 0.0, values) if anything_missing else values) * 10.0**decimals
        )
        ticks = ticks.astype(np.int64)
        present = ticks[~missing] if anything_missing else ticks
        high, low = int(present.max()), int(present.min())
        code = np.subtract(high, ticks, out=ticks)
        if anything_missing:
            code[missing] = high - low + 1
        return code, high - low + 2
    distinct, inverse = np.unique(np.where(missing, -np.inf, values), return_inverse=True)
    code = len(distinct) - 1 - inverse.reshape(values.shape)
    return code.astype(np.int64), len(distinct)


def _places(
    unit: IntArray,
    key_differs: BoolArray,
    category: IntArray,
    n_categories: int,
    scores: FloatArray,
    rules: Rules,
    m: int,
    n: int,
) -> WorldPlaces:
    """Places and tiers from each row's sort order and where neighbouring keys differ."""
    rows = np.arange(m)[:, None]
    inside = category < n_categories
    position = np.broadcast_to(np.arange(n), (m, n))
    new_category = np.ones((m, n), dtype=bool)
    new_category[:, 1:] = category[:, 1:] != category[:, :-1]
    differs = np.ones((m, n), dtype=bool)
    differs[:, 1:] = key_differs
    differs |= new_category
    category_start = np.maximum.accumulate(np.where(new_category, position, 0), axis=1)
    block_start = np.maximum.accumulate(np.where(differs, position, 0), axis=1)
    ends = np.ones((m, n), dtype=bool)
    ends[:, :-1] = differs[:, 1:]
    block_end = np.minimum.accumulate(np.where(ends, position, n)[:, ::-1], axis=1)[:, ::-1]
    ties = rules.ties
    if ties == "ordinal":
        place = position - category_start + 1.0
    elif ties == "min":
        place = block_start - category_start + 1.0
    elif ties == "max":
        place = block_end - category_start + 1.0
    elif ties == "average":
        place = (block_start + block_end) / 2.0 - category_start + 1.0
    else:
        block_number = np.cumsum(differs, axis=1)
        place = (block_number - block_number[rows, category_start] + 1).astype(np.float64)
    rank = np.full((m, n), np.nan)
    rank[rows, unit] = np.where(inside, place, np.nan)
    tier = np.full((m, n), -1, dtype=np.intp)
    if rules.min_scores is not None and rules.capacity is not None:
        tier[rows, unit] = _fill(
            unit, category, inside, block_start, block_end, scores[rows, unit], rules, m
        )
    return WorldPlaces(rank, tier)


def _fill(
    unit: IntArray,
    category: IntArray,
    inside: BoolArray,
    block_start: IntArray,
    block_end: IntArray,
    sorted_scores: FloatArray,
    rules: Rules,
    m: int,
) -> IntArray:
    """Tiers in sorted layout: each tier takes whole blocks, best first, within its quota."""
    assert rules.min_scores is not None
    assert rules.capacity is not None
    n = unit.shape[1]
    n_tiers = len(rules.min_scores)
    rows = np.arange(m)[:, None]
    eligible: BoolArray = inside & (True if rules.eligible is None else rules.eligible[unit])
    before: IntArray = np.cumsum(eligible, axis=1) - eligible  # eligible rows ahead in the row
    group = rows * (rules.capacity.shape[0] + 1) + np.where(
        inside, category, rules.capacity.shape[0]
    )
    first = np.ones((m, n), dtype=bool)
    first[:, 1:] = group[:, 1:] != group[:, :-1]
    start_index = np.maximum.accumulate(np.where(first, np.arange(n), 0), axis=1)
    group_start = before[rows, start_index]
    seat = before - group_start  # position among the category's eligible rows
    start_seat = before[rows, block_start] - group_start
    end_seat = before[rows, block_end] + eligible[rows, block_end] - group_start  # a count
    tier = np.full((m, n), -1, dtype=np.intp)
    taken = np.zeros((m, n), dtype=np.int64)  # per row: seats the earlier tiers took in its group
    open_rows = eligible.copy()
    flat_group = group.ravel()
    n_groups = m * (rules.capacity.shape[0] + 1)
    category_of_group = np.tile(np.r_[np.arange(rules.capacity.shape[0]), 0], m)
    for t in range(n_tiers - 1):  # a few tiers
        meets = open_rows & (sorted_scores >= rules.min_scores[t])
        fails = np.cumsum(open_rows & ~meets, axis=1)
        meets &= fails == (fails - (open_rows & ~meets))[rows, start_index]  # a prefix
        reach = np.bincount(flat_group, weights=meets.ravel(), minlength=n_groups).astype(np.int64)
        limit = rules.capacity[category_of_group, t].astype(np.int64)
        limit[rules.capacity.shape[0] :: rules.capacity.shape[0] + 1] = 0
        row_reach, row_limit = reach[group], limit[group]
        free = seat - taken
        if rules.include_ties:
            admitted = meets & (start_seat - taken < row_limit) & (free < row_reach)
        else:
            admitted = meets & (np.minimum(end_seat - taken, row_reach) <= row_limit)
        tier[admitted] = t
        open_rows &= ~admitted
        count = np.bincount(flat_group, weights=admitted.ravel(), minlength=n_groups)
        taken = taken + count.astype(np.int64)[group]
    tier[open_rows] = n_tiers - 1
    if rules.last is not None:
        tier[inside & rules.last[unit]] = n_tiers - 1
    return tier
