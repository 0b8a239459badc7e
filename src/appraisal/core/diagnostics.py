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
    """numerator / denominator, NaN where the denominator is not positive.

    Examples
    --------
    >>> ratio(np.array([1.0, 2.0, 3.0]), np.array([2, 0, -1]))
    array([0.5, nan, nan])
    """
    out: FloatArray = np.divide(
        numerator,
        denominator,
        out=np.full(numerator.shape, np.nan),
        where=denominator > 0,
    )
    return out


def deviations(scores: FloatArray, present: BoolArray) -> tuple[FloatArray, BoolArray]:
    """Each score minus the mean of the other raters' scores on its unit; where defined.

    Examples
    --------
    Unit 0 has three raters (80 - (60 + 70) / 2 = 15), unit 1 two, unit 2 only one:

    >>> s = np.array([[80.0, 70.0, np.nan], [60.0, 90.0, 50.0], [70.0, np.nan, np.nan]])
    >>> deviation, compared = deviations(s, ~np.isnan(s))
    >>> deviation
    array([[ 15., -20.,  nan],
           [-15.,  20.,  nan],
           [  0.,  nan,  nan]])
    >>> compared[:, 2]
    array([False, False, False])
    """
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
    """The panel's robust residual scale: normal-consistent MAD (mean |e| if that is 0), floored.

    Examples
    --------
    The median absolute deviation of -2, -1, 0, 1, 2 is 1; of 0, 0, 0, 4 it is 0, so
    the mean absolute residual (1) is scaled instead; all zero gives the floor:

    >>> residual_scale(np.array([[-2.0, -1.0, np.nan], [0.0, 1.0, 2.0]]), 1e-9, 0.5)
    1.4826
    >>> residual_scale(np.array([0.0, 0.0, 0.0, 4.0]), 1e-9, 0.5)
    1.2533
    >>> residual_scale(np.array([0.0, 0.0]), 1e-9, 0.5)
    0.5
    """
    values = residual[~np.isnan(residual)]
    if values.size == 0:
        return math.nan
    mad = MAD_TO_SD * float(np.median(np.abs(values - np.median(values))))
    robust = mad if mad > zero else MEAN_ABS_TO_SD * float(np.mean(np.abs(values)))
    return max(robust, floor)


def largest_residuals(residual: FloatArray) -> tuple[FloatArray, IntArray]:
    """Per rater, the residual of largest size and its unit (-1 where there is none).

    Of two residuals of equal size and opposite sign the positive one is reported.

    Examples
    --------
    >>> residual = np.array([[1.0, -3.0, 2.0], [np.nan, np.nan, np.nan], [-2.0, 2.0, np.nan]])
    >>> largest_residuals(residual)
    (array([-3., nan,  2.]), array([ 1, -1,  1]))
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

    Examples
    --------
    Variances with ddof 1: rater 0 has 1, rater 1 has 4, rater 2 has 0. Rater 0 against
    the others pooled, (8 + 0) / (2 + 2) = 2, gives sqrt(1 / 2); rater 1 against
    (2 + 0) / 4 gives sqrt(8); a rater without spread gives 0:

    >>> s = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [3.0, 3.0, 3.0]])
    >>> present = ~np.isnan(s)
    >>> spread_ratios(s, present, present, 1e-9)
    array([0.70710678, 2.82842712, 0.        ])
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
    """Per rater, Pearson's r of its scores with the base scores without it.

    Examples
    --------
    Centred, (-1, 0, 1) and (-1, 1, 0) give r = 1 / 2; opposite orders give -1; no
    spread, or fewer than three units in common, give NaN:

    >>> scores = np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0], [5.0, 5.0, 5.0], [1.0, 2.0, np.nan]])
    >>> without = np.array([[1.0, 3.0, 2.0], [2.0, 4.0, 6.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])
    >>> correlations(scores, without)
    array([ 0.5, -1. ,  nan,  nan])
    """
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
