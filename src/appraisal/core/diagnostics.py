"""Rater-diagnostic kernels on a (raters, units) score matrix; NaN where a rater is absent."""

import math

import numpy as np
import numpy.typing as npt

from appraisal._typing import BoolArray, FloatArray, IntArray

MAD_TO_SD = 1.482602218505602  # 1 / Φ⁻¹(3/4): the MAD of a normal sample estimates SD / 1.4826
MEAN_ABS_TO_SD = 1.2533141373155003  # sqrt(π / 2): the same for the mean absolute deviation
MIN_CORRELATION_UNITS = 3  # with two units a correlation is ±1 whatever the scores


def ratio(
    numerator: FloatArray, denominator: npt.NDArray[np.float64] | npt.NDArray[np.intp]
) -> FloatArray:
    """numerator / denominator, NaN where the denominator is not positive."""
    out: FloatArray = np.divide(
        numerator,
        denominator,
        out=np.full(numerator.shape, np.nan),
        where=denominator > 0,
    )
    return out


def deviations(scores: FloatArray, present: BoolArray) -> tuple[FloatArray, BoolArray]:
    """Each score minus the mean of the other raters' scores on its unit; where defined."""
    filled = np.where(present, scores, 0.0)
    counts = present.sum(axis=0)
    compared = present & (counts >= 2)
    others = np.divide(
        filled.sum(axis=0) - filled,
        counts - 1,
        out=np.zeros_like(filled),
        where=compared,
    )
    return np.where(compared, scores - others, np.nan), compared


def residual_scale(residual: FloatArray, zero: float, floor: float) -> float:
    """The panel's robust residual scale: normal-consistent MAD (mean |e| if that is 0), floored."""
    values = residual[~np.isnan(residual)]
    if values.size == 0:
        return math.nan
    mad = MAD_TO_SD * float(np.median(np.abs(values - np.median(values))))
    robust = mad if mad > zero else MEAN_ABS_TO_SD * float(np.mean(np.abs(values)))
    return max(robust, floor)


def largest_residuals(residual: FloatArray) -> tuple[FloatArray, IntArray]:
    """Per rater, the residual of largest size and its unit (-1 where there is none).

    Of two residuals of equal size and opposite sign the positive one is reported.
    """
    n_raters, n_units = residual.shape
    size = np.where(np.isnan(residual), -1.0, np.abs(residual))
    largest = size.max(axis=1, initial=-1.0)
    found = largest >= 0
    if n_units == 0:
        return np.full(n_raters, np.nan), np.full(n_raters, -1, dtype=np.intp)
    tied = (size == largest[:, None]) & found[:, None]
    at = np.argmax(np.where(tied, residual, -np.inf), axis=1)
    value = np.where(found, residual[np.arange(n_raters), at], np.nan)
    return value, np.where(found, at, -1).astype(np.intp)


def spread_ratios(
    scores: FloatArray, present: BoolArray, compared: BoolArray, zero: float
) -> FloatArray:
    """Each rater's SD over its compared units over the others' pooled SD on those units.

    For every pair (r, q), the sums of q's scores and squares over r's compared units
    come from matrix products; centring on the grand mean keeps them accurate.
    """
    filled = np.where(present, scores, 0.0)
    grand = filled.sum() / max(int(present.sum()), 1)
    centred = np.where(present, scores - grand, 0.0)
    stacked = np.concatenate([present.astype(np.float64), centred, centred * centred])
    sums = compared.astype(np.float64) @ stacked.T  # one product: (n_raters, 3 n_raters)
    count, total, squares = np.split(sums, 3, axis=1)  # count[r, q]: r's units q scored
    ss = np.maximum(
        squares - np.divide(total * total, count, out=np.zeros_like(total), where=count > 0), 0.0
    )
    own_df = np.diagonal(count) - 1.0
    own = np.divide(np.diagonal(ss), own_df, out=np.full(len(scores), np.nan), where=own_df > 0)
    own = np.where(own <= zero * zero, 0.0, own)
    others = (count >= 2) & ~np.eye(len(scores), dtype=bool)
    pooled = np.divide(
        np.where(others, ss, 0.0).sum(axis=1),
        np.where(others, count - 1.0, 0.0).sum(axis=1),
        out=np.zeros(len(scores)),
        where=others.any(axis=1),
    )
    defined = (pooled > zero * zero) & ~np.isnan(own)
    ratio: FloatArray = np.sqrt(
        np.divide(own, pooled, out=np.full(len(scores), np.nan), where=defined)
    )
    return ratio


def correlations(scores: FloatArray, without: FloatArray) -> FloatArray:
    """Per rater, Pearson's r of its scores with the base scores without it."""
    both = ~np.isnan(scores) & ~np.isnan(without)
    n = both.sum(axis=1)

    def centred(values: FloatArray) -> tuple[FloatArray, BoolArray]:
        mean = ratio(np.where(both, values, 0.0).sum(axis=1), n)
        varies = np.where(both, values, -np.inf).max(axis=1, initial=-np.inf) > np.where(
            both, values, np.inf
        ).min(axis=1, initial=np.inf)
        return np.where(both, values - mean[:, None], 0.0), varies

    x, x_varies = centred(scores)
    y, y_varies = centred(without)
    defined = (n >= MIN_CORRELATION_UNITS) & x_varies & y_varies
    product = (x * x).sum(axis=1) * (y * y).sum(axis=1)
    r = np.divide(
        (x * y).sum(axis=1),
        np.sqrt(product),
        out=np.full(len(scores), np.nan),
        where=defined & (product > 0),
    )
    clipped: FloatArray = np.clip(r, -1.0, 1.0)  # rounding can step past ±1
    return clipped
