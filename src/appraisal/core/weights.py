"""Criterion-weight kernels: arrays in, arrays out; the inputs were checked above."""

import numpy as np

from appraisal._typing import BoolArray, FloatArray

ROUNDING_DIVERGENCE = 1e-13  # entropy's 1 - e below this is summation error, not information


def ahp_priorities(a: FloatArray, method: str) -> tuple[FloatArray, float]:
    """Priorities and lambda_max of a positive reciprocal matrix.

    The eigenvector is the Perron vector, real and positive for a positive matrix; its
    sign from LAPACK is arbitrary, hence the absolute value. lambda_max >= n holds for
    both methods (for the geometric one because x + 1/x >= 2 for every pair), so a value
    below n is rounding and is lifted to n.

    Examples
    --------
    A consistent matrix (a is twice as important as b, b twice c) gives 4:2:1 and
    lambda_max = n by either method:

    >>> a = np.array([[1.0, 2.0, 4.0], [0.5, 1.0, 2.0], [0.25, 0.5, 1.0]])
    >>> ahp_priorities(a, "eigenvector")
    (array([0.57142857, 0.28571429, 0.14285714]), 3.0)
    >>> ahp_priorities(a, "geometric")
    (array([0.57142857, 0.28571429, 0.14285714]), 3.0)
    """
    n = a.shape[0]
    if method == "geometric":
        g = np.exp(np.log(a).mean(axis=1))
        w = g / g.sum()
        lam = float(np.mean(a @ w / w))
    else:
        values, vectors = np.linalg.eig(a)
        k = int(np.argmax(values.real))
        v = np.abs(vectors[:, k].real)
        w = v / v.sum()
        lam = float(values[k].real)
    return w, (max(lam, float(n)) if n > 2 else float(n))


def direction_scaled(
    x: FloatArray, lo: FloatArray, hi: FloatArray, benefit: BoolArray
) -> FloatArray:
    """Min-max scaling to [0, 1], 1 for the best unit; a constant column scales to 0.

    Examples
    --------
    Higher is better in the first column, lower in the second (whose worst unit comes
    out as -0.0, equal to 0):

    >>> x = np.array([[10.0, 5.0], [20.0, 1.0], [30.0, 3.0]])
    >>> direction_scaled(x, x.min(axis=0), x.max(axis=0), np.array([True, False]))
    array([[ 0. , -0. ],
           [ 0.5,  1. ],
           [ 1. ,  0.5]])
    """
    span = np.where(hi > lo, hi - lo, 1.0)
    # (x - hi) / -(hi - lo) is (hi - x) / (hi - lo) exactly: one pass for both directions
    scaled: FloatArray = (x - np.where(benefit, lo, hi)) / np.where(benefit, span, -span)
    return scaled


def entropy_divergence(
    x: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    constant: BoolArray,
    benefit: BoolArray,
    normalize: str,
) -> tuple[FloatArray, FloatArray]:
    """Divergences d = 1 - e and entropies e of the columns of a complete matrix.

    Needs at least 2 rows; ``lo`` and ``hi`` are the column minima and maxima. A
    constant column has e = 1 and d = 0 exactly. d is quadratic in a column's relative
    spread, so a spread of a few parts per million gives a d at the level of the
    summation's rounding error (about 1e-15 for 40,000 units); such a d is set to 0,
    so that the answer does not depend on the last bits of a logarithm.

    Examples
    --------
    Shares of the column sums: (0, 1) carries all the information (e = 0); (1/4, 3/4)
    has e = -(1/4 ln 1/4 + 3/4 ln 3/4) / ln 2 = 0.811; a constant column has e = 1:

    >>> x = np.array([[0.0, 1.0, 5.0], [1.0, 3.0, 5.0]])
    >>> lo, hi = x.min(axis=0), x.max(axis=0)
    >>> d, e = entropy_divergence(x, lo, hi, lo == hi, np.ones(3, dtype=bool), "sum")
    >>> d
    array([1.        , 0.18872188, 0.        ])
    >>> e
    array([-0.        ,  0.81127812,  1.        ])
    """
    values = direction_scaled(x, lo, hi, benefit) if normalize == "minmax" else x
    total = values.sum(axis=0)
    p = values / np.where(total > 0, total, 1.0)
    plogp = np.log(p, out=np.zeros_like(p), where=p > 0)  # 0 ln 0 = 0
    plogp *= p
    e = np.clip(-plogp.sum(axis=0) / np.log(x.shape[0]), 0.0, 1.0)
    e[constant] = 1.0
    d = 1.0 - e
    d[d < ROUNDING_DIVERGENCE] = 0.0
    return d, e


def critic_weights(
    x: FloatArray, lo: FloatArray, hi: FloatArray, constant: BoolArray, benefit: BoolArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Weights, sigma and conflict of the columns of a complete matrix.

    Needs at least 2 rows and one varying column. Constant columns are left out of the
    correlations (their r is undefined), so the other columns weigh exactly as if they
    were absent. When every varying column is perfectly correlated with every other one
    (a single varying column, for instance) all conflicts are zero; the weights then
    fall back to sigma, the limit of C / sum(C) as the conflicts shrink together (the
    scaled columns are then identical, so the shares are equal).

    Examples
    --------
    The scaled columns (0, 1/2, 1) and (0, 1, 0) are uncorrelated, so each conflict is
    1 and the weights follow sigma, 1/2 and sqrt(1/3); the constant column weighs 0:

    >>> x = np.array([[0.0, 0.0, 4.0], [1.0, 1.0, 4.0], [2.0, 0.0, 4.0]])
    >>> lo, hi = x.min(axis=0), x.max(axis=0)
    >>> weights, sigma, conflict = critic_weights(x, lo, hi, lo == hi, np.ones(3, dtype=bool))
    >>> weights
    array([0.46410162, 0.53589838, 0.        ])
    >>> sigma, conflict
    (array([0.5       , 0.57735027, 0.        ]), array([1., 1., 0.]))
    """
    n_units, n_criteria = x.shape
    varying = ~constant
    if not varying.all():
        x, lo, hi, benefit = x[:, varying], lo[varying], hi[varying], benefit[varying]
    r = direction_scaled(x, lo, hi, benefit)
    centred = r - r.mean(axis=0)
    sum_squares = np.einsum("ij,ij->j", centred, centred)
    sigma_v = np.sqrt(sum_squares / (n_units - 1))
    z = centred / np.sqrt(sum_squares)
    correlation = np.clip(z.T @ z, -1.0, 1.0)
    conflict_v = (1.0 - correlation).sum(axis=0)
    information = sigma_v * conflict_v if conflict_v.max() > 1e-12 else sigma_v
    weights, sigma, conflict = np.zeros((3, n_criteria))
    weights[varying] = information / information.sum()
    sigma[varying] = sigma_v
    conflict[varying] = conflict_v
    return weights, sigma, conflict
