"""From criterion scores to one score per (rater, unit), in cache-sized blocks."""

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

BLOCK_BYTES = 1 << 20


class RaterScores(NamedTuple):
    """What :func:`rater_scores` returns."""

    scores: FloatArray
    """(n_raters, n_units): weighted mean of the mapped criterion scores; NaN where absent."""
    present_weight: FloatArray
    """(n_raters, n_units): sum of the leaf weights of the criteria scored there."""
    low: FloatArray
    """(n_criteria,): smallest raw score of each criterion; NaN where none."""
    high: FloatArray
    """(n_criteria,): largest raw score of each criterion; NaN where none."""


def rater_scores(
    values: FloatArray, weights: FloatArray, offsets: FloatArray, slopes: FloatArray
) -> RaterScores:
    """Weighted mean over criteria of each rater's affinely mapped scores.

    Criterion ``c`` maps a raw score ``x`` to ``offsets[c] + slopes[c] * x``; then
    ``s[r, u] = Σc w_c·mapped[r, u, c] / Σ(present c) w_c``. Missing criteria leave the
    numerator and the denominator alike, so the remaining weights are renormalised;
    where no criterion was scored the score is NaN.

    The array is read once, in blocks of about 1 MiB, so that temporaries stay in
    cache and memory stays near the input's size.

    Parameters
    ----------
    values : ndarray of float64, shape (n_raters, n_units, n_criteria)
        Raw scores; NaN where missing; no infinities.
    weights : ndarray of float64, shape (n_criteria,)
        Positive leaf weights.
    offsets, slopes : ndarray of float64, shape (n_criteria,)
        The affine map of each criterion onto the common scale.

    Examples
    --------
    >>> values = np.array([[[80.0, 60.0], [np.nan, 50.0]]])
    >>> out = rater_scores(values, np.array([0.75, 0.25]), np.zeros(2), np.ones(2))
    >>> out.scores
    array([[75., 50.]])
    >>> out.present_weight
    array([[1.  , 0.25]])
    """
    n_raters, n_units, n_criteria = values.shape
    rows = values.reshape(n_raters * n_units, n_criteria)
    scores = np.empty(n_raters * n_units)
    present_weight = np.empty(n_raters * n_units)
    low = np.full(n_criteria, np.inf)
    high = np.full(n_criteria, -np.inf)

    mapped_weights = weights * slopes
    # Each present criterion adds its weight to the denominator and its offset to the numerator.
    present_weights = np.stack([weights, weights * offsets], axis=1)

    block = max(1, BLOCK_BYTES // (8 * max(n_criteria, 1)))
    filled = np.empty((block, n_criteria))
    missing = np.empty((block, n_criteria), dtype=bool)
    present_float = np.empty((block, n_criteria))
    for start in range(0, rows.shape[0], block):
        chunk = rows[start : start + block]
        n = chunk.shape[0]
        miss, fill, present = missing[:n], filled[:n], present_float[:n]
        np.isnan(chunk, out=miss)
        np.copyto(fill, chunk)
        np.copyto(fill, 0.0, where=miss)
        np.subtract(1.0, miss, out=present)
        np.fmin(low, np.fmin.reduce(chunk, axis=0), out=low)
        np.fmax(high, np.fmax.reduce(chunk, axis=0), out=high)
        sums = present @ present_weights
        weight = sums[:, 0]
        out = scores[start : start + n]
        np.matmul(fill, mapped_weights, out=out)
        out += sums[:, 1]
        np.divide(out, weight, out=out, where=weight > 0)
        out[weight == 0] = np.nan
        present_weight[start : start + n] = weight
    low[np.isinf(low)] = np.nan
    high[np.isinf(high)] = np.nan
    shape = (n_raters, n_units)
    return RaterScores(scores.reshape(shape), present_weight.reshape(shape), low, high)
