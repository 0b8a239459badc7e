"""Ranking with ties, named as in :func:`scipy.stats.rankdata`."""

import numpy as np

from appraisal._typing import FloatArray

TIES = ("min", "dense", "ordinal", "average", "max")


def rank(values: FloatArray, *, ties: str, descending: bool) -> FloatArray:
    """Rank a 1-D array; NaN values get NaN ranks and do not take a place.

    Parameters
    ----------
    values : ndarray of float64, shape (n,)
    ties : {"min", "dense", "ordinal", "average", "max"}
        ``min`` is competition ranking (1-2-2-4); ``ordinal`` breaks ties by position
        in `values`.
    descending : bool
        True gives place 1 to the largest value.

    Examples
    --------
    >>> v = np.array([90.0, 85.0, 90.0, np.nan, 70.0])
    >>> rank(v, ties="min", descending=True)
    array([ 1.,  3.,  1., nan,  4.])
    >>> rank(v, ties="average", descending=True)
    array([1.5, 3. , 1.5, nan, 4. ])
    >>> rank(v, ties="dense", descending=False)
    array([ 3.,  2.,  3., nan,  1.])
    """
    key = -values if descending else values
    order = np.argsort(key, kind="stable")  # NaN sorts last either way
    n_valid = int(np.count_nonzero(~np.isnan(values)))
    ranked = order[:n_valid]
    out = np.full(values.shape, np.nan)
    if n_valid == 0:
        return out
    place = np.arange(1, n_valid + 1, dtype=np.float64)
    if ties == "ordinal":
        out[ranked] = place
        return out
    sorted_key = key[ranked]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
    run = np.cumsum(np.r_[True, sorted_key[1:] != sorted_key[:-1]]) - 1
    first = (starts + 1.0)[run]
    last = np.r_[starts[1:], n_valid].astype(np.float64)[run]
    if ties == "min":
        out[ranked] = first
    elif ties == "max":
        out[ranked] = last
    elif ties == "average":
        out[ranked] = (first + last) / 2.0
    else:
        out[ranked] = run + 1.0
    return out
