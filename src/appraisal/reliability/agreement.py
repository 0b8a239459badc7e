"""Agreement among raters: Kendall's W, intraclass correlations, Krippendorff's alpha.

Each takes ``ratings`` of shape ``(n_raters, n_units)``, NaN (or None) where a rater
did not score a unit, validates it once, and returns a frozen result whose names follow
`scipy.stats`: ``statistic``, ``pvalue`` and the test's own quantities. `kendall_w` and
`icc` need complete units: they leave out raters who scored no unit, then every unit
that a remaining rater did not score, and report what they used. `krippendorff_alpha`
uses every unit with at least two ratings. p-values and confidence limits need scipy
(``pip install appraisal[stats]``); without it they are None and everything else is
computed.
"""

import importlib
from types import ModuleType

import numpy as np
import numpy.typing as npt

from appraisal._typing import FloatArray
from appraisal.core import agreement
from appraisal.core.agreement import Level
from appraisal.errors import InputError
from appraisal.reliability.results import (
    ICCForm,
    ICCResult,
    KendallWResult,
    KrippendorffAlphaResult,
)

__all__ = [
    "ICCForm",
    "ICCResult",
    "KendallWResult",
    "KrippendorffAlphaResult",
    "icc",
    "kendall_w",
    "krippendorff_alpha",
]

LEVELS: tuple[Level, ...] = ("interval", "nominal", "ordinal", "ratio")
MAX_DISTINCT_VALUES = 1_000  # nominal, ordinal and ratio: the coincidence matrix is V x V
CONFIDENCE = 0.95
# The six forms in the kernels' order, as Shrout & Fleiss and as McGraw & Wong name them.
ICC_NAMES = ("ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)")
MCGRAW_WONG = ("ICC(1)", "ICC(A,1)", "ICC(C,1)", "ICC(k)", "ICC(A,k)", "ICC(C,k)")


def kendall_w(ratings: npt.ArrayLike) -> KendallWResult:
    """Kendall's coefficient of concordance W, corrected for ties.

    Each rater's scores are ranked across the units (tied scores share their
    average rank). With m raters, n units, rank sums R_j and
    ``T = sum over raters and tie groups of (t**3 - t)``:

        W = 12 * sum_j (R_j - m (n + 1) / 2)**2 / (m**2 (n**3 - n) - m T)

    Parameters
    ----------
    ratings : array-like of shape (n_raters, n_units)
        NaN marks a missing rating; only complete units count (module docstring).

    Returns
    -------
    KendallWResult
        With the p-value of ``chi2 = m (n - 1) W`` on n - 1 degrees of freedom.

    Raises
    ------
    InputError
        Bad ratings; fewer than 2 raters or 2 complete units; no rater whose scores
        differ between units (W is 0/0).

    References
    ----------
    - Kendall, M. G. & Babington Smith, B. (1939). The problem of m rankings. *The
      Annals of Mathematical Statistics* 10(3), 275-287.
    - Siegel, S. & Castellan, N. J. (1988). *Nonparametric Statistics for the
      Behavioral Sciences* (2nd ed.). McGraw-Hill, New York.

    Examples
    --------
    Three raters rank ten units, with ties (the example of NAG's routine G08DAF):

    >>> result = kendall_w([[1, 4.5, 2, 4.5, 3, 7.5, 6, 9, 7.5, 10],
    ...                     [2.5, 1, 2.5, 4.5, 4.5, 8, 9, 6.5, 10, 6.5],
    ...                     [2, 1, 4.5, 4.5, 4.5, 4.5, 8, 8, 8, 10]])
    >>> round(result.statistic, 3), round(result.pvalue, 3)
    (0.828, 0.008)
    """
    block = _complete_units(_as_ratings(ratings, "kendall_w"), "kendall_w")
    n_raters, n_units = block.shape
    if np.all(block == block[:, :1]):
        message = (
            f"kendall_w: at least one rater's scores must differ between units; got "
            f"{n_raters} raters who each gave all {n_units} units used one score, so W is 0/0."
        )
        raise InputError(message)
    w, rank_sums = agreement.concordance(block)
    chi2 = n_raters * (n_units - 1) * w
    stats = _scipy_stats()
    pvalue = None if stats is None else stats.chi2.sf(chi2, n_units - 1)
    return KendallWResult(w, chi2, n_units - 1, pvalue, rank_sums, n_raters, n_units)


def icc(ratings: npt.ArrayLike) -> ICCResult:
    """The six intraclass correlations of Shrout & Fleiss, with F tests and 95 % intervals.

    From the two-way ANOVA of the complete units x raters table, with k raters and
    n units (mean squares: BMS between units, JMS between raters, EMS residual,
    WMS within units):

    | S & F | M & W | model | formula |
    | --- | --- | --- | --- |
    | ICC(1,1) | ICC(1) | one-way random, one rater | (BMS-WMS)/(BMS+(k-1)WMS) |
    | ICC(2,1) | ICC(A,1) | two-way random, agreement | (BMS-EMS)/(BMS+(k-1)EMS+k(JMS-EMS)/n) |
    | ICC(3,1) | ICC(C,1) | two-way mixed, consistency | (BMS-EMS)/(BMS+(k-1)EMS) |
    | ICC(1,k) | ICC(k) | mean of the k raters | (BMS-WMS)/BMS |
    | ICC(2,k) | ICC(A,k) | mean of the k raters | (BMS-EMS)/(BMS+(JMS-EMS)/n) |
    | ICC(3,k) | ICC(C,k) | mean of the k raters | (BMS-EMS)/BMS |

    F tests of ICC = 0: BMS/WMS for the one-way forms, BMS/EMS for the others. The
    intervals are Shrout & Fleiss's (Satterthwaite's approximation for the
    absolute-agreement forms, as in McGraw & Wong), as pingouin's ``intraclass_corr``
    gives them; a limit of ICC(2,k) whose formula divides by exactly 0 is NaN.
    Negative ICCs are returned as computed.

    Parameters
    ----------
    ratings : array-like of shape (n_raters, n_units)
        The transpose of Shrout & Fleiss's targets x judges tables. NaN marks a
        missing rating; only complete units count (module docstring).

    Returns
    -------
    ICCResult
        ``forms["ICC(2,1)"].statistic`` and so on.

    Raises
    ------
    InputError
        Bad ratings; fewer than 2 raters or 2 complete units; equal unit means
        (BMS = 0: ICC(1,k), ICC(3,k) undefined); BMS + (JMS - EMS)/n = 0 (ICC(2,k)).

    References
    ----------
    - Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing
      rater reliability. *Psychological Bulletin* 86(2), 420-428.
    - McGraw, K. O. & Wong, S. P. (1996). Forming inferences about some intraclass
      correlation coefficients. *Psychological Methods* 1(1), 30-46.

    Examples
    --------
    Shrout & Fleiss's example, 4 judges (rows here) rating 6 targets:

    >>> result = icc([[9, 6, 8, 7, 10, 6], [2, 1, 4, 1, 5, 2],
    ...               [5, 3, 6, 2, 6, 4], [8, 2, 8, 6, 9, 7]])
    >>> {name: round(form.statistic, 2) for name, form in result.forms.items()}
    {'ICC(1,1)': 0.17, 'ICC(2,1)': 0.29, 'ICC(3,1)': 0.71, 'ICC(1,k)': 0.44, 'ICC(2,k)': 0.62, 'ICC(3,k)': 0.91}
    >>> form = result.forms["ICC(3,1)"]
    >>> form.mcgraw_wong, round(form.f, 2), form.df1, form.df2, round(form.ci_low, 2)
    ('ICC(C,1)', 11.03, 5, 15, 0.34)
    """
    block = _complete_units(_as_ratings(ratings, "icc"), "icc")
    n_raters, n_units = block.shape
    ms = agreement.mean_squares(block)
    if ms.units == 0:
        message = (
            f"icc: the units' mean ratings must not all be equal; got {float(block[:, 0].mean())!r} "
            f"for each of the {n_units} units used, so ICC(1,k) and ICC(3,k) divide by 0."
        )
        raise InputError(message)
    statistics = agreement.intraclass_correlations(ms, n_raters=n_raters, n_units=n_units)
    if np.isnan(statistics).any():  # only BMS + (JMS - EMS)/n can still be 0
        message = (
            "icc: ICC(2,k) is undefined for these ratings; its denominator "
            "BMS + (JMS - EMS)/n is 0."
        )
        raise InputError(message)
    f, df2 = agreement.icc_f_tests(ms, n_raters=n_raters, n_units=n_units)
    df1 = n_units - 1
    pvalues: list[float | None] = [None] * 6
    low: list[float | None] = [None] * 6
    high: list[float | None] = [None] * 6
    stats = _scipy_stats()
    if stats is not None:
        tail = (1 + CONFIDENCE) / 2

        def f_quantile(numerator_df: float, denominator_df: float) -> float:
            return float(stats.f.ppf(tail, numerator_df, denominator_df))

        pvalues = stats.f.sf(f, df1, df2).tolist()
        lows, highs = agreement.icc_limits(
            ms, float(statistics[1]), n_raters=n_raters, n_units=n_units, f_quantile=f_quantile
        )
        low, high = lows.tolist(), highs.tolist()
    columns = (ICC_NAMES, MCGRAW_WONG, statistics.tolist(), f.tolist(), df2.tolist())
    forms = {
        name: ICCForm(name, other, value, fi, df1, d2, p, lo, hi)
        for name, other, value, fi, d2, p, lo, hi in zip(*columns, pvalues, low, high, strict=True)
    }
    return ICCResult(forms, *ms, n_raters=n_raters, n_units=n_units)


def krippendorff_alpha(
    ratings: npt.ArrayLike, *, level: Level = "interval"
) -> KrippendorffAlphaResult:
    """Krippendorff's alpha for any number of raters, with missing ratings.

    ``alpha = 1 - D_o / D_e``: the disagreement observed within units against the
    disagreement expected between all pairable ratings, under the metric of the
    level of measurement. Only units with at least two ratings count.

    Parameters
    ----------
    ratings : array-like of shape (n_raters, n_units)
        NaN marks a missing rating.
    level : {'interval', 'nominal', 'ordinal', 'ratio'}, default 'interval'
        ``interval`` (squared difference) is computed in closed form from each
        unit's count, mean and sum of squares, in memory proportional to the
        number of units, for any number of distinct values. ``nominal``,
        ``ordinal`` and ``ratio`` build the coincidence matrix over the distinct
        values and accept at most 1,000 of them; ``ratio`` needs ratings >= 0.

    Returns
    -------
    KrippendorffAlphaResult

    Raises
    ------
    InputError
        Bad ratings or level; no unit with two ratings; pairable ratings all equal
        (D_e = 0: alpha is 0/0); too many distinct values; a negative ratio.

    Notes
    -----
    A single pairable unit whose ratings differ gives alpha = 0 (D_o = D_e).

    References
    ----------
    - Krippendorff, K. (2011). *Computing Krippendorff's Alpha-Reliability*. Annenberg
      School for Communication, University of Pennsylvania.
    - Krippendorff, K. (2004). *Content Analysis: An Introduction to Its Methodology*
      (2nd ed.), chapter 11. Sage, Thousand Oaks.

    Examples
    --------
    Krippendorff's (2011) reliability data, 4 coders x 12 units:

    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    ...         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
    >>> [round(krippendorff_alpha(data, level=level).statistic, 3)
    ...  for level in ("nominal", "ordinal", "interval", "ratio")]
    [0.743, 0.815, 0.849, 0.797]
    >>> krippendorff_alpha(data).n_pairable
    40
    """
    if level not in LEVELS:
        choices = ", ".join(repr(choice) for choice in LEVELS)
        message = f"krippendorff_alpha: level must be one of {choices}; got {level!r}."
        raise InputError(message)
    values = _as_ratings(ratings, "krippendorff_alpha")
    if level == "interval":
        result = agreement.interval_disagreement(values)
    else:
        distinct = agreement.pairable_values(values)
        if distinct.size > MAX_DISTINCT_VALUES:
            message = (
                f"krippendorff_alpha: level={level!r} accepts at most "
                f"{MAX_DISTINCT_VALUES:,} distinct values; got {distinct.size:,}. "
                "Use level='interval' for continuous scores, or round them."
            )
            raise InputError(message)
        if level == "ratio" and distinct.size and distinct[0] < 0:
            message = (
                f"krippendorff_alpha: ratings must be >= 0 for level='ratio'; "
                f"got {float(distinct[0])!r}."
            )
            raise InputError(message)
        result = agreement.coincidence_disagreement(values, distinct, level)
    if result.n_pairable == 0:
        message = (
            "krippendorff_alpha: at least one unit must have 2 or more ratings; "
            f"got none among {values.shape[1]} units."
        )
        raise InputError(message)
    if result.expected == 0:
        message = (
            "krippendorff_alpha: the pairable ratings must not all be equal; got "
            f"{result.n_pairable} equal ratings, so D_e = 0 and alpha is 0/0."
        )
        raise InputError(message)
    return KrippendorffAlphaResult(1 - result.observed / result.expected, level, *result)


def _as_ratings(ratings: npt.ArrayLike, where: str) -> FloatArray:
    """Ratings as a 2-D float64 array without infinities (no copy if they already are)."""
    try:
        raw = np.asarray(ratings)
    except ValueError:
        message = f"{where}: ratings must be a raters x units array; got rows of unequal length."
        raise InputError(message) from None
    kinds = {"U": "strings", "S": "bytes", "O": "objects", "c": "complex numbers"}
    try:
        values = raw.astype(np.float64, copy=False) if raw.dtype.kind != "c" else None
    except (TypeError, ValueError):
        values = None
    if values is None:
        what = kinds.get(raw.dtype.kind, f"{raw.dtype} values")
        message = f"{where}: ratings must be real numbers; got {type(ratings).__name__} of {what}."
        raise InputError(message)
    if values.ndim != 2:
        message = f"{where}: ratings must be 2-D (raters x units); got shape {values.shape}."
        raise InputError(message)
    infinite = np.isinf(values)
    if infinite.any():
        rater, unit = np.argwhere(infinite)[0].tolist()
        message = (
            f"{where}: ratings must be finite, or NaN where missing; "
            f"got {float(values[rater, unit])!r} for rater {rater}, unit {unit}."
        )
        raise InputError(message)
    return values


def _complete_units(values: FloatArray, where: str) -> FloatArray:
    """Raters who scored some unit, and the units that every one of them scored."""
    present = ~np.isnan(values)
    raters = present.any(axis=1)
    units = present[raters].all(axis=0)
    n_raters, n_units = int(raters.sum()), int(units.sum())
    if n_raters < 2:
        message = f"{where}: at least 2 raters must have scored a unit; got {n_raters}."
        raise InputError(message)
    if n_units < 2:
        message = (
            f"{where}: at least 2 units must be scored by every rater; got {n_units} of "
            f"{values.shape[1]}. Units missing a rater's score are left out: drop raters "
            "who scored few units, or fill in their scores."
        )
        raise InputError(message)
    return values if raters.all() and units.all() else values[np.ix_(raters, units)]


def _scipy_stats() -> ModuleType | None:
    """`scipy.stats`, or None when the extra ``appraisal[stats]`` is not installed."""
    try:
        return importlib.import_module("scipy.stats")
    except ImportError:
        return None
