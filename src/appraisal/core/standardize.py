"""Rater standardisation and group alignment: per-row maps back onto the scheme's scale."""

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from appraisal._typing import BoolArray, FloatArray

METHODS = ("zscore", "minmax", "rank")


class Standardized(NamedTuple):
    """What :func:`standardize` returns."""

    scores: FloatArray
    """The mapped scores, NaN where the input was; rows kept as given where `kept`."""
    kept: BoolArray
    """(n_rows,): rows left unchanged — fewer than two scores, or one value for all."""


def standardize(scores: FloatArray, method: str, *, low: float, high: float) -> Standardized:
    """Map each row's present scores back onto the scale, by z-score, min-max or rank.

    ``zscore``: ``pooled_mean + pooled_sd * (s - mean_row) / sd_row``, pooled over all
    present scores, standard deviations with ddof 0. ``minmax``: ``low + (high - low) *
    (s - min_row) / (max_row - min_row)``. ``rank``: the same min-max map applied to
    the row's average ranks (ties share the mean of their places). A row with fewer
    than two present scores, or one value for all, is kept as it is.

    Parameters
    ----------
    scores : ndarray of float64, shape (n_rows, n_columns)
        NaN where absent.
    method : {"zscore", "minmax", "rank"}
    low, high : float
        The scheme's scale.

    Examples
    --------
    >>> s = np.array([[60.0, 70.0, 80.0], [90.0, 95.0, np.nan], [50.0, 50.0, 50.0]])
    >>> standardize(s, "minmax", low=0.0, high=100.0).scores
    array([[  0.,  50., 100.],
           [  0., 100.,  nan],
           [ 50.,  50.,  50.]])
    >>> standardize(s, "rank", low=0.0, high=100.0).kept
    array([False, False,  True])
    """
    present = ~np.isnan(scores)
    counts = present.sum(axis=1)
    values = _average_ranks(scores, present) if method == "rank" else scores
    filled_low = np.where(present, values, np.inf).min(axis=1, initial=np.inf)
    filled_high = np.where(present, values, -np.inf).max(axis=1, initial=-np.inf)
    kept = (counts < 2) | ~(filled_high > filled_low)
    if method == "zscore":
        mean, sd = _moments(values, present, counts)
        pooled_mean = values[present].mean() if present.any() else 0.0
        pooled_sd = values[present].std() if present.any() else 0.0
        slope = np.divide(pooled_sd, sd, out=np.ones_like(sd), where=~kept)
        offset = pooled_mean - slope * mean
    else:
        slope = np.divide(
            high - low, filled_high - filled_low, out=np.ones(len(counts)), where=~kept
        )
        offset = low - slope * filled_low
    slope[kept], offset[kept] = 1.0, 0.0
    mapped = offset[:, None] + slope[:, None] * values
    mapped[kept] = scores[kept]
    return Standardized(mapped, kept)


def z_maps(scores: FloatArray) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Offsets and slopes that z-map each row onto the pooled mean and SD of all rows.

    Row ``g`` maps ``x`` to ``offset[g] + slope[g] * x``; a row with fewer than two
    present values or no spread (an SD below 1e-12 of its mean) keeps the identity and
    is marked in the third array.

    Examples
    --------
    >>> offset, slope, kept = z_maps(np.array([[95.0, 97.0], [60.0, 100.0]]))
    >>> offset + slope * np.array([95.0, 60.0])
    array([71.73654403, 71.73654403])
    """
    present = ~np.isnan(scores)
    counts = present.sum(axis=1)
    mean, sd = _moments(scores, present, counts)
    # Equal up to rounding (a median of mirrored z-scores, say) is no spread.
    kept = (counts < 2) | ~(sd > 1e-12 * np.maximum(np.abs(mean), 1.0))
    pooled_mean = scores[present].mean() if present.any() else 0.0
    pooled_sd = scores[present].std() if present.any() else 0.0
    slope = np.divide(pooled_sd, sd, out=np.ones_like(sd), where=~kept)
    offset = np.where(kept, 0.0, pooled_mean - slope * mean)
    return offset, slope, kept


def _moments(
    values: FloatArray, present: BoolArray, counts: npt.NDArray[np.intp]
) -> tuple[FloatArray, FloatArray]:
    """Row means and standard deviations (ddof 0) over present values; 0 where none."""
    zeroed = np.where(present, values, 0.0)
    safe = np.maximum(counts, 1)
    mean = zeroed.sum(axis=1) / safe
    deviation = np.where(present, values - mean[:, None], 0.0)
    sd = np.sqrt((deviation**2).sum(axis=1) / safe)
    return mean, sd


def _average_ranks(scores: FloatArray, present: BoolArray) -> FloatArray:
    """Each row's average ranks (1 = lowest) among its present values; NaN elsewhere."""
    n_rows, n_columns = scores.shape
    order = np.argsort(scores, axis=1, kind="stable")  # NaN last
    ordered = np.take_along_axis(scores, order, axis=1)
    starts = np.ones((n_rows, n_columns), dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    position = np.arange(n_columns)
    first = np.maximum.accumulate(np.where(starts, position, 0), axis=1)
    ends = np.ones((n_rows, n_columns), dtype=bool)
    ends[:, :-1] = starts[:, 1:]
    last = np.minimum.accumulate(np.where(ends, position, n_columns)[:, ::-1], axis=1)[:, ::-1]
    ranks = np.empty_like(scores)
    np.put_along_axis(ranks, order, (first + last) / 2.0 + 1.0, axis=1)
    ranks[~present] = np.nan
    return ranks
