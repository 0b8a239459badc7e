"""Effective weights: how much of the spread of the base scores each rater's contributions carry."""

import numpy as np

from appraisal._typing import FloatArray


def contributions(influence: FloatArray, scores: FloatArray) -> FloatArray:
    """``influence * scores``, 0 where a rater is absent (its score NaN, its influence 0).

    Examples
    --------
    >>> contributions(np.array([[0.5, 0.0]]), np.array([[80.0, np.nan]]))
    array([[40.,  0.]])
    """
    product: FloatArray = np.where(influence > 0, influence * np.nan_to_num(scores), 0.0)
    return product


def effective_weights(contribution: FloatArray, base: FloatArray) -> FloatArray | None:
    """``cov(contribution[r], base) / var(base)`` over the units with a base score.

    Because the contributions of a unit add up to its base score, the effective weights
    of all raters add up to 1, and any partition of the raters (the groups) adds up
    exactly too. None when the base scores have no spread (fewer than two units, or all
    equal to 12 significant digits).

    Parameters
    ----------
    contribution : ndarray of float64, shape (n_raters, n_units)
    base : ndarray of float64, shape (n_units,)
        NaN for units without a base score; those are left out.

    Examples
    --------
    >>> c = np.array([[40.0, 45.0, 50.0], [30.0, 30.0, 30.0]])
    >>> effective_weights(c, c.sum(axis=0))
    array([1., 0.])
    """
    scored = ~np.isnan(base)
    if np.count_nonzero(scored) < 2:
        return None
    centred = base[scored] - base[scored].mean()
    if np.abs(centred).max() <= 1e-12 * max(np.abs(base[scored]).max(), 1.0):
        return None  # equal up to rounding: no spread to share
    spread = float(centred @ centred)
    weights: FloatArray = contribution[:, scored] @ centred / spread
    return weights
