"""Agreement kernels: Kendall's W, intraclass correlations, Krippendorff's alpha.

Ratings are float64 arrays of shape ``(n_raters, n_units)``, NaN marking a missing
rating. The kernels trust their inputs: `appraisal.reliability` validated them and
ruled out the degenerate cases each kernel names as assumed.
"""

from collections.abc import Callable
from typing import Literal, NamedTuple

import numpy as np

from appraisal._typing import FloatArray, IntArray

Level = Literal["interval", "nominal", "ordinal", "ratio"]

BLOCK = 1 << 20  # elements per block: temporaries stay a few MB whatever the input's size


class MeanSquares(NamedTuple):
    """The two-way ANOVA mean squares of a complete raters x units table."""

    units: float  # between units, df n_units - 1 (Shrout & Fleiss's BMS)
    raters: float  # between raters, df n_raters - 1 (JMS)
    error: float  # residual, df (n_units - 1)(n_raters - 1) (EMS)
    within: float  # within units, df n_units (n_raters - 1) (WMS)


class UnitMoments(NamedTuple):
    """Each unit's number of ratings, mean (relative to `origin`) and sum of squares."""

    counts: IntArray
    means: FloatArray  # mean rating minus origin; 0 for a unit without ratings
    squares: FloatArray  # sum of squared deviations from the unit's mean
    origin: float  # the largest rating, or 0 when there is none


class Disagreement(NamedTuple):
    """Krippendorff's observed and expected disagreement, per pairable value."""

    observed: float
    expected: float
    n_pairable: int  # ratings in units with at least two ratings
    n_units: int  # units with at least two ratings


def average_ranks(values: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Rank each row of a 2-D array without NaN; and each row's tie term.

    A group of t tied values shares the mean of its t places; the tie term is the
    sum over a row's groups of t**3 - t.

    Examples
    --------
    >>> average_ranks(np.array([[10.0, 20.0, 10.0, 30.0]]))
    (array([[1.5, 3. , 1.5, 4. ]]), array([6.]))
    """
    n = values.shape[-1]
    order = np.argsort(values, axis=-1, kind="stable")
    ordered = np.take_along_axis(values, order, axis=-1)
    positions = np.broadcast_to(np.arange(n), ordered.shape)
    starts = np.ones(ordered.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    ends = np.ones(ordered.shape, dtype=bool)
    ends[:, :-1] = starts[:, 1:]
    first = np.maximum.accumulate(np.where(starts, positions, 0), axis=-1)
    last = np.minimum.accumulate(np.where(ends, positions, n - 1)[:, ::-1], axis=-1)[:, ::-1]
    ranks = np.empty(values.shape)
    np.put_along_axis(ranks, order, (first + last) / 2.0 + 1.0, axis=-1)
    size = last - first + 1  # each value's tie-group size t; a group adds t * (t**2 - 1)
    return ranks, (size * size - 1).sum(axis=-1).astype(np.float64)


def concordance(ratings: FloatArray) -> tuple[float, FloatArray]:
    """Kendall's W, corrected for ties, and the units' rank sums.

    Each rater's scores are ranked across the units. Assumes complete ratings and
    at least one rater whose scores vary; otherwise W is NaN.

    Examples
    --------
    >>> concordance(np.array([[1.0, 2.0, 3.0], [1.0, 3.0, 2.0]]))
    (0.75, array([2., 5., 5.]))
    """
    n_raters, n_units = ratings.shape
    step = max(1, BLOCK // n_units)
    rank_sums, tie_total = np.zeros(n_units), 0.0
    for start in range(0, n_raters, step):  # blocks of raters keep the rank arrays small
        ranks, ties = average_ranks(ratings[start : start + step])
        rank_sums += ranks.sum(axis=0)
        tie_total += float(ties.sum())
    # Ranks are multiples of 1/2, so twice the deviations are integers: 12 S stays exact
    # and perfect agreement gives exactly 1.
    twice_deviation = 2.0 * rank_sums - n_raters * (n_units + 1)
    twelve_s = 3.0 * float(twice_deviation @ twice_deviation)
    maximum = float(n_raters**2 * (n_units**3 - n_units)) - n_raters * tie_total
    return (twelve_s / maximum if maximum > 0 else float("nan")), rank_sums


def mean_squares(ratings: FloatArray) -> MeanSquares:
    """Two-way ANOVA mean squares of complete ratings, at least 2 raters and 2 units.

    Examples
    --------
    >>> mean_squares(np.array([[1.0, 2.0, 3.0], [2.0, 3.0, 4.0]]))
    MeanSquares(units=2.0, raters=1.5, error=0.0, within=0.5)
    """
    n_raters, n_units = ratings.shape
    unit_means = ratings.mean(axis=0)
    rater_means = ratings.mean(axis=1)
    grand = float(unit_means.mean())
    within = ratings - unit_means
    residual = within - (rater_means - grand)[:, np.newaxis]
    ss_units = n_raters * float(np.sum((unit_means - grand) ** 2))
    ss_raters = n_units * float(np.sum((rater_means - grand) ** 2))
    return MeanSquares(
        units=ss_units / (n_units - 1),
        raters=ss_raters / (n_raters - 1),
        error=float(np.einsum("ij,ij->", residual, residual)) / ((n_units - 1) * (n_raters - 1)),
        within=float(np.einsum("ij,ij->", within, within)) / (n_units * (n_raters - 1)),
    )


def intraclass_correlations(ms: MeanSquares, *, n_raters: int, n_units: int) -> FloatArray:
    """ICC(1,1), ICC(2,1), ICC(3,1), ICC(1,k), ICC(2,k), ICC(3,k) from the mean squares.

    NaN where a form's denominator is 0.

    Examples
    --------
    >>> intraclass_correlations(MeanSquares(2.0, 1.5, 0.0, 0.5), n_raters=2, n_units=3)
    array([0.6       , 0.66666667, 1.        , 0.75      , 0.8       ,
           1.        ])
    """
    k, n = n_raters, n_units
    b, j, e, w = ms
    numerators = np.array([b - w, b - e, b - e, b - w, b - e, b - e])
    denominators = np.array(
        [b + (k - 1) * w, b + (k - 1) * e + k * (j - e) / n, b + (k - 1) * e, b, b + (j - e) / n, b]
    )
    out: FloatArray = np.divide(
        numerators, denominators, out=np.full(6, np.nan), where=denominators != 0
    )
    return out


def icc_f_tests(ms: MeanSquares, *, n_raters: int, n_units: int) -> tuple[FloatArray, IntArray]:
    """F statistics of the tests of ICC = 0, and their denominator degrees of freedom.

    BMS / WMS on n_units (n_raters - 1) df for the one-way forms, BMS / EMS on
    (n_units - 1)(n_raters - 1) df for the others; the numerator df is n_units - 1.
    Assumes ``ms.units > 0``; a zero denominator gives an infinite F.

    Examples
    --------
    >>> icc_f_tests(MeanSquares(2.0, 1.5, 0.0, 0.5), n_raters=2, n_units=3)
    (array([ 4., inf, inf,  4., inf, inf]), array([3, 2, 2, 3, 2, 2]))
    """
    one_way = ms.units / ms.within if ms.within > 0 else float("inf")
    two_way = ms.units / ms.error if ms.error > 0 else float("inf")
    df_within, df_error = n_units * (n_raters - 1), (n_units - 1) * (n_raters - 1)
    f = np.array([one_way, two_way, two_way] * 2)
    return f, np.array([df_within, df_error, df_error] * 2, dtype=np.intp)


def icc_limits(
    ms: MeanSquares,
    icc_a1: float,
    *,
    n_raters: int,
    n_units: int,
    f_quantile: Callable[[float, float], float],
) -> tuple[FloatArray, FloatArray]:
    """Lower and upper confidence limits of the six ICCs.

    Exact F limits for the one-way and consistency forms (Shrout & Fleiss 1979);
    for the absolute-agreement forms, Satterthwaite's degrees of freedom v from
    ICC(2,1) (`icc_a1`), as McGraw & Wong (1996) give them. ``f_quantile(df1, df2)``
    is the F distribution's upper quantile at the interval's tail (0.975 for 95 %).
    Assumes ``ms.units > 0``. An infinite F gives limits of 1; a limit of ICC(2,k)
    whose formula divides by exactly 0 (possible only when JMS < EMS) is NaN.
    """
    k, n = n_raters, n_units
    b, j, e, _ = ms
    df_units, df_within, df_error = n - 1, n * (k - 1), (n - 1) * (k - 1)
    f, _ = icc_f_tests(ms, n_raters=k, n_units=n)
    low = f[:2] / np.array([f_quantile(df_units, df_within), f_quantile(df_units, df_error)])
    high = f[:2] * np.array([f_quantile(df_within, df_units), f_quantile(df_error, df_units)])

    x = n * (1 + (k - 1) * icc_a1) - k * icc_a1  # McGraw & Wong's v, multiplied through by e**2
    v_numerator = df_error * (k * icc_a1 * j + x * e) ** 2
    v_denominator = df_units * (k * icc_a1 * j) ** 2 + (x * e) ** 2
    # Where v is 0/0 the limits below no longer depend on it (they are 1, or -n/a).
    v = v_numerator / v_denominator if v_denominator > 0 else float(df_error)
    q_low, q_high = f_quantile(df_units, v), f_quantile(v, df_units)
    a = k * n - k - n
    agreement_low = n * (b - q_low * e) / (q_low * (k * j + a * e) + n * b)
    agreement_high = n * (q_high * b - e) / (k * j + a * e + n * q_high * b)
    mean_low = _quotient(n * (b - q_low * e), q_low * (j - e) + n * b)  # can be 0 when j < e
    mean_high = _quotient(n * (q_high * b - e), (j - e) + n * q_high * b)

    single_low, single_high = 1.0 - k / (low + k - 1), 1.0 - k / (high + k - 1)
    average_low, average_high = 1.0 - 1.0 / low, 1.0 - 1.0 / high
    lows = [single_low[0], agreement_low, single_low[1], average_low[0], mean_low, average_low[1]]
    highs = [single_high[0], agreement_high, single_high[1]]
    highs += [average_high[0], mean_high, average_high[1]]
    return np.array(lows), np.array(highs)


def _quotient(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator != 0 else float("nan")


def unit_moments(ratings: FloatArray) -> UnitMoments:
    """Per unit: the number of ratings, their mean and their sum of squared deviations.

    Works through blocks of raters, so temporaries stay small. Deviations are taken
    from the unit's largest rating before they are summed, which keeps the sums
    accurate and makes the sum of squares exactly 0 when a unit's ratings are equal.
    Means are relative to the largest rating of all (`origin`), so that their
    differences keep full precision for scores far from 0.

    Examples
    --------
    >>> unit_moments(np.array([[1.0, np.nan, 5.0], [3.0, np.nan, 5.0]]))
    UnitMoments(counts=array([2, 0, 2]), means=array([-3.,  0.,  0.]), squares=array([2., 0., 0.]), origin=5.0)
    """
    n_raters, n_units = ratings.shape
    step = max(1, BLOCK // max(n_units, 1))
    counts = np.zeros(n_units, dtype=np.intp)
    pivot = np.full(n_units, np.nan)
    for start in range(0, n_raters, step):
        block = ratings[start : start + step]
        counts += np.count_nonzero(~np.isnan(block), axis=0)
        pivot = np.fmax(pivot, np.fmax.reduce(block, axis=0))  # fmax skips NaN
    present = counts > 0
    origin = float(pivot[present].max()) if present.any() else 0.0
    pivot[~present] = origin
    sums = np.zeros(n_units)
    squares = np.zeros(n_units)
    for start in range(0, n_raters, step):
        deviation = ratings[start : start + step] - pivot
        deviation[np.isnan(deviation)] = 0.0
        sums += deviation.sum(axis=0)
        squares += np.einsum("ij,ij->j", deviation, deviation)
    shift = np.divide(sums, counts, out=np.zeros(n_units), where=present)
    squares -= shift * sums
    squares = np.maximum(squares, 0.0)  # rounding can leave -1e-17
    return UnitMoments(counts, (pivot - origin) + shift, squares, origin)


def interval_disagreement(ratings: FloatArray) -> Disagreement:
    """Krippendorff's D_o and D_e for the interval metric, in closed form.

    With the squared difference as metric, the sums over pairs of values reduce to
    per-unit counts m_u, means and sums of squares SS_u (units with m_u >= 2 only):

        D_o = 2 / n * sum_u m_u SS_u / (m_u - 1)
        D_e = 2 / (n - 1) * (sum_u SS_u + sum_u m_u (mean_u - mean)**2)

    with n = sum_u m_u the number of pairable values. Memory stays proportional to
    the number of units. Without pairable values, D_o and D_e are NaN.

    Examples
    --------
    >>> interval_disagreement(np.array([[1.0, 2.0, 4.0], [1.0, 3.0, np.nan]]))
    Disagreement(observed=0.5, expected=1.8333333333333333, n_pairable=4, n_units=2)
    """
    counts, means, squares, _ = unit_moments(ratings)
    pairable = counts >= 2
    m = counts[pairable].astype(np.float64)
    n = float(m.sum())
    if n == 0:
        return Disagreement(float("nan"), float("nan"), 0, 0)
    mu, ss = means[pairable], squares[pairable]
    shift = mu - mu[0]  # shifted sums: exactly 0 when every unit has the same mean
    between = max(float(m @ (shift * shift)) - float(m @ shift) ** 2 / n, 0.0)
    observed = 2.0 * float(np.sum(m * ss / (m - 1))) / n
    expected = 2.0 * (float(ss.sum()) + between) / (n - 1)
    return Disagreement(observed, expected, int(n), int(m.size))


def pairable_values(ratings: FloatArray) -> FloatArray:
    """The distinct values, sorted, among the ratings of units with two or more ratings.

    Examples
    --------
    >>> pairable_values(np.array([[1.0, 7.0, 2.0], [2.0, np.nan, 2.0]]))
    array([1., 2.])
    """
    pairable = np.count_nonzero(~np.isnan(ratings), axis=0) >= 2
    block = ratings if pairable.all() else ratings[:, pairable]
    return np.unique(block[~np.isnan(block)])


def coincidences(ratings: FloatArray, values: FloatArray) -> FloatArray:
    """Krippendorff's coincidence matrix over `values` (``pairable_values(ratings)``).

    ``o[c, k] = sum_u (ordered pairs of different ratings c, k in unit u) / (m_u - 1)``
    over units with m_u >= 2 ratings: per-unit value counts from one bincount, then
    one matrix product, per block of units.

    Examples
    --------
    >>> ratings = np.array([[1.0, 1.0, 2.0], [1.0, 2.0, np.nan]])
    >>> coincidences(ratings, pairable_values(ratings))
    array([[2., 1.],
           [1., 0.]])
    """
    n_raters, n_units = ratings.shape
    n_values = values.size
    width = n_values + 1  # code n_values marks a missing rating
    step = max(1, BLOCK // max(n_raters, width))
    o = np.zeros((n_values, n_values))
    diagonal = np.zeros(n_values)
    for start in range(0, n_units, step):
        block = ratings[:, start : start + step]
        pairable = np.count_nonzero(~np.isnan(block), axis=0) >= 2
        block = block if pairable.all() else block[:, pairable]
        n_block = block.shape[1]
        codes = _codes(block, values) + width * np.arange(n_block)
        counts = np.bincount(codes.ravel(), minlength=n_block * width)
        counts = counts.reshape(n_block, width)[:, :n_values].astype(np.float64)
        weighted = counts / (counts.sum(axis=1) - 1.0)[:, np.newaxis]
        o += weighted.T @ counts
        diagonal += weighted.sum(axis=0)
    o[np.diag_indices(n_values)] -= diagonal
    return o


def _codes(ratings: FloatArray, values: FloatArray) -> IntArray:
    """Each rating's index in the sorted `values` it is one of; ``values.size`` where NaN."""
    span = values[-1] - values[0] if values.size else 0.0
    if not values.size or span > BLOCK or not np.all(values == np.round(values)):
        return np.searchsorted(values, ratings)  # NaN sorts after every value
    table = np.full(int(span) + 2, values.size, dtype=np.intp)  # integer scores: a lookup
    table[(values - values[0]).astype(np.intp)] = np.arange(values.size)  # table is faster
    codes: IntArray = table[np.nan_to_num(ratings - values[0], nan=span + 1).astype(np.intp)]
    return codes


def squared_distances(values: FloatArray, margins: FloatArray, level: Level) -> FloatArray:
    """Krippendorff's metric differences delta**2 between every two sorted distinct values.

    `margins` counts the pairable ratings of each value (the coincidence matrix's
    margins), which the ordinal metric needs. ``ratio`` assumes values >= 0 and
    counts 0 against 0 as no difference.

    Examples
    --------
    >>> squared_distances(np.array([1.0, 2.0, 4.0]), np.array([2.0, 2.0, 4.0]), "ordinal")
    array([[ 0.,  4., 25.],
           [ 4.,  0.,  9.],
           [25.,  9.,  0.]])
    """
    if level == "nominal":
        return 1.0 - np.eye(values.size)
    if level == "ordinal":
        # sum_{g=c..k} n_g - (n_c + n_k)/2 is a difference of cumulative mid-ranks
        points = np.cumsum(margins) - margins / 2.0
        return (points[:, np.newaxis] - points[np.newaxis, :]) ** 2
    difference = values[:, np.newaxis] - values[np.newaxis, :]
    if level == "interval":
        return difference**2
    total = values[:, np.newaxis] + values[np.newaxis, :]
    return np.divide(difference, total, out=np.zeros_like(total), where=total != 0) ** 2


def coincidence_disagreement(ratings: FloatArray, values: FloatArray, level: Level) -> Disagreement:
    """Krippendorff's D_o and D_e from the coincidence matrix o over `values`.

    ``D_o = sum o[c,k] delta2[c,k] / n`` and
    ``D_e = sum n_c n_k delta2[c,k] / (n (n - 1))``, with n_c the margins of o.
    `values` is ``pairable_values(ratings)``; when it is empty, D_o and D_e are NaN.

    Examples
    --------
    >>> ratings = np.array([[1.0, 1.0, 2.0], [1.0, 2.0, np.nan]])
    >>> coincidence_disagreement(ratings, pairable_values(ratings), "nominal")
    Disagreement(observed=0.5, expected=0.5, n_pairable=4, n_units=2)
    """
    if values.size == 0:
        return Disagreement(float("nan"), float("nan"), 0, 0)
    o = coincidences(ratings, values)
    margins = o.sum(axis=0)
    n = float(margins.sum())
    delta2 = squared_distances(values, margins, level)
    observed = float(np.sum(o * delta2)) / n
    expected = float(margins @ delta2 @ margins) / (n * (n - 1))
    counts = np.count_nonzero(~np.isnan(ratings), axis=0)
    pairable = counts >= 2
    return Disagreement(observed, expected, int(counts[pairable].sum()), int(pairable.sum()))
