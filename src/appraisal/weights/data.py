"""Weights from the data: the entropy weight method (熵权法) and CRITIC."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from appraisal._typing import BoolArray, FloatArray
from appraisal.core import weights as core_weights
from appraisal.errors import InputError
from appraisal.weights.checks import _check_data, _one_of
from appraisal.weights.results import CriticResult, EntropyResult, Missing, Normalize

_CONSTANT_SPREAD = 1e-12  # a column varying by no more than this, relative, is constant


def entropy(
    matrix: npt.ArrayLike,
    *,
    higher_is_better: Sequence[bool] | npt.ArrayLike | None = None,
    normalize: Normalize = "sum",
    missing: Missing = "error",
) -> EntropyResult:
    """Entropy weights: a criterion weighs more the more unevenly the units score on it.

    For each column j, with n units: proportions ``p[i, j]``, the normalised Shannon
    entropy ``e_j = -1/ln(n) * sum_i p[i, j] ln p[i, j]`` (with ``0 ln 0 = 0``), the
    divergence ``d_j = 1 - e_j``, and ``w = d / sum(d)``. A column on which every unit
    scores alike has ``e_j = 1`` and weight 0.

    Parameters
    ----------
    matrix : array-like of shape (n_units, n_criteria)
        Scores, one row per unit; NaN marks a missing score.
    higher_is_better : sequence of bool, optional
        One direction per criterion (True, or 1, for higher is better); None means all
        higher-is-better. Used by ``normalize="minmax"`` only; see below.
    normalize : {"sum", "minmax"}, default "sum"
        ``"sum"``: proportions of the raw column, ``p = x / sum(x)``, as in Hwang & Yoon
        (1981), pymcdm and scikit-criteria. The entropy then measures how unevenly a
        non-negative quantity is spread over the units, which does not depend on
        whether more of it is better: ``higher_is_better`` is checked but has no effect
        (turning a cost column into ``max - x`` or ``1 / x`` first would change its
        weight by an arbitrary choice). Values must be >= 0; the weights do not change
        when a column is multiplied by a constant, but do when one is added.
        ``"minmax"``: each column is first scaled to [0, 1] by its direction,
        ``(x - min) / (max - min)`` or ``(max - x) / (max - min)``, and the proportions
        are taken of that, as in the textbook 熵权法 (entropy weight method); signed data
        are fine, and the worst unit of each column always gets ``p = 0``.
    missing : {"error", "drop_units"}, default "error"
        ``"drop_units"`` drops every unit (row) with a NaN before anything is computed.

    Returns
    -------
    EntropyResult
        ``weights``, ``entropy`` (e_j), ``constant`` (indices of columns with zero
        weight), ``n_units`` (rows used) and ``normalize``.

    Raises
    ------
    InputError
        For a NaN (unless ``missing="drop_units"``; the first is named by unit row and
        column), an infinite value, a negative value with ``normalize="sum"`` (the
        column is named), fewer than 2 units, no varying column, or a ``higher_is_better``
        of the wrong length.

    See Also
    --------
    critic : weights that also discount criteria that repeat one another.

    Notes
    -----
    Entropy weights reward dispersion, not importance: a criterion on which the units
    happen to differ a lot gets a large weight even if it matters little, and a
    near-uniform matrix (all ``e_j`` close to 1) turns tiny differences in ``d_j`` into
    large differences in weight. Show ``1 - entropy`` beside the weights. A constant
    column (one whose values differ by no more than rounding, 1e-12 of their size)
    gets weight 0 and leaves the other weights as they would be without it. So does a
    column whose ``1 - entropy`` is below 1e-13, the level of the summation's rounding
    error (a spread of a few parts per million).

    References
    ----------
    - Shannon, C.E. (1948). A mathematical theory of communication. *Bell System
      Technical Journal* 27(3), 379-423.
    - Hwang, C.-L. & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
      Applications*. Springer, Berlin (the entropy weighting method).
    - Zeleny, M. (1982). *Multiple Criteria Decision Making*. McGraw-Hill, New York.

    Examples
    --------
    The second column is the same for both units and weighs nothing:

    >>> result = entropy([[1, 2, 0], [3, 2, 5]])
    >>> result.weights.round(4)
    array([0.1588, 0.    , 0.8412])
    >>> result.constant
    (1,)

    Min-max scaling by direction, the second criterion lower-is-better:

    >>> entropy(
    ...     [[1, 10], [2, 20], [3, 40]], higher_is_better=[True, False], normalize="minmax"
    ... ).weights.round(4)
    array([0.5206, 0.4794])
    """
    where = "entropy"
    _one_of(normalize, ("sum", "minmax"), where, "normalize")
    x, benefit = _check_data(
        matrix, higher_is_better, missing, where, non_negative=normalize == "sum"
    )
    lo, hi, constant = _spread(x, where)
    d, e = core_weights.entropy_divergence(x, lo, hi, constant, benefit, normalize)
    total = d.sum()
    if not total > 0:
        message = (
            f"{where}: at least one criterion (column) must vary across units by more "
            "than rounding (1 - entropy >= 1e-13); got none."
        )
        raise InputError(message)
    return EntropyResult(d / total, e, _indices(constant), x.shape[0], normalize)


def _spread(x: FloatArray, where: str) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Column minima, maxima and the constant columns, or an error if none varies.

    A column is constant when its values differ by no more than rounding, 1e-12 of
    their magnitude: 0.1 + 0.2 and 0.3 are one score, not a spread to be stretched.
    """
    lo, hi = x.min(axis=0), x.max(axis=0)
    constant = hi - lo <= _CONSTANT_SPREAD * np.maximum(np.abs(lo), np.abs(hi))
    if constant.all():
        message = (
            f"{where}: at least one criterion (column) must vary across units; "
            f"got all {x.shape[1]} constant."
        )
        raise InputError(message)
    return lo, hi, constant


def _indices(mask: BoolArray) -> tuple[int, ...]:
    return tuple(int(j) for j in np.flatnonzero(mask))


def critic(
    matrix: npt.ArrayLike,
    *,
    higher_is_better: Sequence[bool] | npt.ArrayLike | None = None,
    missing: Missing = "error",
) -> CriticResult:
    """CRITIC weights: contrast within a criterion times its conflict with the others.

    CRITIC (CRiteria Importance Through Intercriteria Correlation) scales each column to
    [0, 1] by its direction, ``(x - min) / (max - min)`` or ``(max - x) / (max - min)``,
    and gives criterion j the information ``C_j = sigma_j * sum_k (1 - r[j, k])``, with
    ``sigma_j`` the standard deviation of the scaled column and ``r`` the Pearson
    correlation between scaled columns; ``w = C / sum(C)``. Two criteria that rank the
    units alike share weight instead of counting twice.

    Parameters
    ----------
    matrix : array-like of shape (n_units, n_criteria)
        Scores, one row per unit; NaN marks a missing score; signed values are fine.
    higher_is_better : sequence of bool, optional
        One direction per criterion (True, or 1, for higher is better); None means all
        higher-is-better. A lower-is-better column enters reversed, which flips the
        sign of its correlations.
    missing : {"error", "drop_units"}, default "error"
        ``"drop_units"`` drops every unit (row) with a NaN before anything is computed.

    Returns
    -------
    CriticResult
        ``weights``, ``sigma``, ``conflict``, ``constant`` (indices of columns with zero
        weight) and ``n_units`` (rows used).

    Raises
    ------
    InputError
        As ``entropy()``: for a NaN (unless ``missing="drop_units"``), an infinite
        value, fewer than 2 units, no varying column, or a bad ``higher_is_better``.

    See Also
    --------
    entropy : dispersion alone, without the correlations.

    Notes
    -----
    ``sigma`` is the sample standard deviation (ddof 1), as in pymcdm and in Excel's
    STDEV; the weights do not depend on the choice, since ddof scales every ``sigma_j``
    by the same factor. A constant column (values that differ by no more than
    rounding, 1e-12 of their size) gets weight 0 and is left out of the correlations,
    so the other columns weigh as if it were absent; any larger spread, however small,
    is stretched to [0, 1] like every other, so round scores to their published
    precision first. If all varying
    columns are perfectly correlated (for instance, only one column varies) every
    conflict is 0 and the weights fall back to ``sigma / sum(sigma)``, the limit of the
    formula. Negative correlations raise weights: ``1 - r`` reaches 2. Like entropy,
    CRITIC weights reward what separates the units in this data set, and change when
    units are added or removed.

    References
    ----------
    - Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995). Determining objective
      weights in multiple criteria problems: The CRITIC method. *Computers & Operations
      Research* 22(7), 763-770.

    Examples
    --------
    >>> result = critic([[1, 5, 2], [2, 3, 2], [4, 4, 2], [3, 1, 2]])
    >>> result.weights.round(3)
    array([0.502, 0.498, 0.   ])
    >>> result.constant
    (2,)
    """
    where = "critic"
    x, benefit = _check_data(matrix, higher_is_better, missing, where)
    lo, hi, constant = _spread(x, where)
    weights, sigma, conflict = core_weights.critic_weights(x, lo, hi, constant, benefit)
    return CriticResult(weights, sigma, conflict, _indices(constant), x.shape[0])
