"""From criterion scores to one score per (rater, unit), in cache-sized blocks."""

import os
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import numpy as np

from appraisal._typing import BoolArray, FloatArray

BLOCK_BYTES = 1 << 18
MAX_THREADS = 4


class RaterScores(NamedTuple):
    """What :func:`rater_scores` returns."""

    scores: FloatArray
    """(n_raters, n_units): weighted mean of the mapped criterion scores; NaN where absent."""
    present_weight: FloatArray
    """(n_raters, n_units): sum of the leaf weights of the criteria scored there."""
    outside: bool
    """Whether any score lies outside its criterion's scale (the caller finds which)."""
    scored: BoolArray
    """(n_criteria,): whether any rater scored the criterion for any unit."""


def rater_scores(
    values: FloatArray,
    weights: FloatArray,
    offsets: FloatArray,
    slopes: FloatArray,
    *,
    low: FloatArray,
    high: FloatArray,
) -> RaterScores:
    """Weighted mean over criteria of each rater's affinely mapped scores.

    Criterion ``c`` maps a raw score ``x`` to ``offsets[c] + slopes[c] * x``; then
    ``s[r, u] = Σc w_c·mapped[r, u, c] / Σ(present c) w_c``. Missing criteria leave the
    numerator and the denominator alike, so the remaining weights are renormalised;
    where no criterion was scored the score is NaN.

    The array is read once, in blocks of about 256 KiB, so that temporaries stay in
    cache and memory stays near the input's size. A missing score is filled with its
    criterion's low end (one ``fmax``, no mask) and its share taken out again by a
    matrix product with the missing-indicator, so that no masked copy is needed.

    Parameters
    ----------
    values : ndarray of float64, shape (n_raters, n_units, n_criteria)
        Raw scores; NaN where missing; no infinities.
    weights : ndarray of float64, shape (n_criteria,)
        Positive leaf weights.
    offsets, slopes : ndarray of float64, shape (n_criteria,)
        The affine map of each criterion onto the common scale.
    low, high : ndarray of float64, shape (n_criteria,)
        Each criterion's scale, for the range check.

    Examples
    --------
    >>> values = np.array([[[80.0, 60.0], [np.nan, 50.0]]])
    >>> out = rater_scores(values, np.array([0.75, 0.25]), np.zeros(2), np.ones(2),
    ...                    low=np.zeros(2), high=np.full(2, 100.0))
    >>> out.scores
    array([[75., 50.]])
    >>> out.present_weight, out.outside, out.scored
    (array([[1.  , 0.25]]), False, array([ True,  True]))
    """
    n_raters, n_units, n_criteria = values.shape
    rows = values.reshape(n_raters * n_units, n_criteria)
    n_rows = rows.shape[0]
    numerator = np.empty(n_rows)
    lost_weight = np.empty(n_rows)

    mapped_weights = weights * slopes
    # A missing score is filled with its criterion's low end; this takes its share out again.
    filled_shares = weights * (offsets + slopes * low)
    shifted = bool(np.any(filled_shares != 0))
    lost_share = np.zeros(n_rows) if shifted else None
    uniform = bool(np.all(low == low[0]) and np.all(high == high[0]))
    floor: float | FloatArray = float(low[0]) if uniform else low
    span = high - low

    block = max(1, BLOCK_BYTES // (8 * n_criteria))

    def run(first: int, last: int) -> tuple[bool, BoolArray]:
        """Blocks of rows first..last with buffers of their own.

        Returns whether any score is outside, and per criterion whether these rows
        hold a score (counted only until every criterion has one).
        """
        filled = np.empty((block, n_criteria))
        missing = np.empty((block, n_criteria))
        outside = False
        ones = np.ones(block)
        lacking = np.zeros(n_criteria)
        counted = 0
        for start in range(first, last, block):
            stop = min(start + block, last)
            chunk = rows[start:stop]
            fill, miss = filled[: stop - start], missing[: stop - start]
            if uniform:
                outside |= bool(
                    np.fmin.reduce(chunk, axis=None) < floor
                    or np.fmax.reduce(chunk, axis=None) > high[0]
                )
            else:
                np.subtract(chunk, low, out=fill)
                np.divide(fill, span, out=fill)
                outside |= bool(
                    np.fmin.reduce(fill, axis=None) < 0 or np.fmax.reduce(fill, axis=None) > 1
                )
            np.isnan(chunk, out=miss)
            if counted == 0 or (lacking == counted).any():  # until every criterion has a score
                lacking += ones[: stop - start] @ miss
                counted += stop - start
            np.fmax(chunk, floor, out=fill)
            np.matmul(fill, mapped_weights, out=numerator[start:stop])
            np.matmul(miss, weights, out=lost_weight[start:stop])
            if lost_share is not None:
                np.matmul(miss, filled_shares, out=lost_share[start:stop])
        return outside, lacking < counted

    # numpy releases the GIL in these loops: large inputs are split between threads.
    workers = min(os.cpu_count() or 1, MAX_THREADS, max(1, n_rows // (block * 8)))
    edges = [n_rows * i // workers // block * block for i in range(workers)] + [n_rows]
    if workers == 1:
        parts = [run(0, n_rows)]
    else:
        with ThreadPoolExecutor(workers) as pool:
            parts = list(pool.map(run, edges[:-1], edges[1:]))
    outside = any(part[0] for part in parts)
    scored = np.any([part[1] for part in parts], axis=0)

    present_weight = np.subtract(weights.sum(), lost_weight, out=lost_weight)
    # Rounding leaves a sliver where every criterion is missing; no real sum is that small.
    absent = present_weight < 0.5 * weights.min()
    present_weight[absent] = 0.0
    numerator += (weights * offsets).sum()
    if lost_share is not None:
        numerator -= lost_share
    scores = np.divide(numerator, present_weight, out=numerator, where=~absent)
    scores[absent] = np.nan
    shape = (n_raters, n_units)
    return RaterScores(scores.reshape(shape), present_weight.reshape(shape), outside, scored)
