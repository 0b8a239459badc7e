"""Weights from an agreed order of importance."""

from __future__ import annotations

import numpy as np

from appraisal.weights.checks import _check_n
from appraisal.weights.results import RankWeights


def rank_order_centroid(n: int) -> RankWeights:
    """Rank-order centroid weights for n criteria listed from most to least important.

    ``w_i = (1/n) * sum_{k=i}^{n} 1/k``: the centroid of all weight vectors that respect
    the order, i.e. the expected weights when only the order is known.

    Parameters
    ----------
    n : int
        Number of criteria, positive.

    Returns
    -------
    RankWeights
        ``weights`` most important first, and ``method="rank_order_centroid"``.

    Raises
    ------
    InputError
        If n is not a positive int.

    References
    ----------
    - Barron, F.H. & Barrett, B.E. (1996). Decision quality using ranked attribute
      weights. *Management Science* 42(11), 1515-1523.

    Examples
    --------
    >>> rank_order_centroid(4).weights.round(4)
    array([0.5208, 0.2708, 0.1458, 0.0625])
    """
    count = _check_n(n, "rank_order_centroid")
    harmonic = np.cumsum(1.0 / np.arange(count, 0, -1))[::-1]
    return RankWeights(harmonic / count, "rank_order_centroid")


def rank_sum(n: int) -> RankWeights:
    """Rank-sum weights for n criteria listed from most to least important.

    ``w_i = 2 (n + 1 - i) / (n (n + 1))``: weights fall linearly with the rank.

    Parameters
    ----------
    n : int
        Number of criteria, positive.

    Returns
    -------
    RankWeights
        ``weights`` most important first, and ``method="rank_sum"``.

    Raises
    ------
    InputError
        If n is not a positive int.

    References
    ----------
    - Stillwell, W.G., Seaver, D.A. & Edwards, W. (1981). A comparison of weight
      approximation techniques in multiattribute utility decision making.
      *Organizational Behavior and Human Performance* 28(1), 62-77.
    - Barron, F.H. & Barrett, B.E. (1996). Decision quality using ranked attribute
      weights. *Management Science* 42(11), 1515-1523.

    Examples
    --------
    >>> rank_sum(4).weights
    array([0.4, 0.3, 0.2, 0.1])
    """
    count = _check_n(n, "rank_sum")
    ranks = np.arange(1, count + 1)
    return RankWeights(2.0 * (count + 1 - ranks) / (count * (count + 1)), "rank_sum")


def equal(n: int) -> RankWeights:
    """Equal weights for n criteria: the order of importance is a tie.

    Parameters
    ----------
    n : int
        Number of criteria, positive.

    Returns
    -------
    RankWeights
        ``weights`` all ``1 / n``, and ``method="equal"``.

    Raises
    ------
    InputError
        If n is not a positive int.

    References
    ----------
    - Dawes, R.M. & Corrigan, B. (1974). Linear models in decision making.
      *Psychological Bulletin* 81(2), 95-106 (equal weights as a robust baseline).

    Examples
    --------
    >>> equal(4).weights
    array([0.25, 0.25, 0.25, 0.25])
    """
    count = _check_n(n, "equal")
    return RankWeights(np.full(count, 1.0 / count), "equal")
