"""Agreement statistics: Kendall's W, intraclass correlations, Krippendorff's alpha."""

import re
import sys
import warnings
from random import Random
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from appraisal.core import agreement
from appraisal.errors import InputError
from appraisal.reliability import icc, kendall_w, krippendorff_alpha
from tests.tolerance import atol, rtol

NAN = np.nan
LEVELS = ("nominal", "ordinal", "interval", "ratio")
FORMS = ("ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)")
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders x 12 units.
KRIPPENDORFF_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
)
# Shrout & Fleiss (1979): 6 targets x 4 judges, transposed to raters x units.
SHROUT_FLEISS = np.array(
    [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]], float
).T


def random_ratings(seed: int, *, missing: float = 0.2, high: int = 6) -> np.ndarray:
    """Integer ratings 0..high-1 with NaN holes, a few raters and units."""
    rng = np.random.default_rng(seed)
    n_raters, n_units = rng.integers(2, 9), rng.integers(3, 40)
    values = rng.integers(0, high, size=(n_raters, n_units)).astype(float)
    values[rng.random(values.shape) < missing] = NAN
    return values


def rankdata_w(ratings: np.ndarray) -> tuple[float, np.ndarray]:
    """Kendall's W with ties, written out from scipy.stats.rankdata."""
    stats = pytest.importorskip("scipy.stats")
    m, n = ratings.shape
    ranks = stats.rankdata(ratings, axis=1)
    rank_sums = ranks.sum(axis=0)
    s = np.sum((rank_sums - rank_sums.mean()) ** 2)
    ties = sum(np.sum(c**3 - c) for c in (np.unique(row, return_counts=True)[1] for row in ranks))
    return 12 * s / (m**2 * (n**3 - n) - m * ties), rank_sums


def pingouin_icc(ratings: np.ndarray) -> Any:
    """Six ICCs from pingouin for raters x units ratings."""
    pd = pytest.importorskip("pandas")
    pingouin = pytest.importorskip("pingouin")
    rows = [(u, r, v) for (r, u), v in np.ndenumerate(ratings)]
    data = pd.DataFrame(rows, columns=["unit", "rater", "score"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pingouin's own pandas deprecations, not ours
        return pingouin.intraclass_corr(data, targets="unit", raters="rater", ratings="score")


# Kendall's W -----------------------------------------------------------------------


@pytest.mark.parametrize("missing", [0.0, 0.05])
@pytest.mark.parametrize("seed", range(12))
def test_kendall_w_matches_rankdata_computation(seed: int, missing: float) -> None:
    """W and the rank sums equal a direct rankdata computation on the complete units."""
    ratings = random_ratings(seed, missing=missing, high=4)
    complete = ratings[:, ~np.isnan(ratings).any(axis=0)]
    result = kendall_w(ratings)
    w, rank_sums = rankdata_w(complete)
    assert (result.n_raters, result.n_units) == complete.shape
    # W is 1 - a ratio of sums over the ratings: it cancels against 1
    assert result.statistic == pytest.approx(w, abs=atol(1.0, complete.size))
    np.testing.assert_allclose(result.rank_sums, rank_sums, rtol=rtol(complete.shape[0]))


@pytest.mark.parametrize("seed", range(6))
def test_kendall_w_chi2_is_friedmans(seed: int) -> None:
    """chi2 and its p-value are scipy's tie-corrected Friedman test."""
    stats = pytest.importorskip("scipy.stats")
    ratings = random_ratings(seed, missing=0.0, high=4)
    result = kendall_w(ratings)
    friedman = stats.friedmanchisquare(*ratings.T)
    assert result.chi2 == pytest.approx(friedman.statistic, rel=1e-9)
    assert result.pvalue == pytest.approx(friedman.pvalue, rel=1e-9)
    assert result.df == ratings.shape[1] - 1


def test_kendall_w_perfect_agreement_with_ties_is_exactly_one() -> None:
    """Raters who rank identically, ties included, give W = 1 exactly."""
    ratings = np.array([[1.0, 2.0, 2.0, 5.0, 7.0]] * 3) + np.array([[0.0], [10.0], [20.0]])
    assert kendall_w(ratings).statistic == 1.0


def test_kendall_w_opposite_rankings_give_zero() -> None:
    """Two raters with reversed rankings give W = 0."""
    assert kendall_w([[1, 2, 3, 4], [4, 3, 2, 1]]).statistic == 0.0


def test_kendall_w_keeps_units_every_rater_scored() -> None:
    """Empty raters are dropped, then units with a missing rating; the counts say so."""
    ratings = np.array(
        [[1, 2, 3, NAN, 5], [2, 1, 3, 4, NAN], [NAN] * 5, [1, 3, 2, 4, 4]], dtype=float
    )
    result = kendall_w(ratings)
    expected = kendall_w(ratings[[0, 1, 3]][:, :3])
    assert (result.n_raters, result.n_units) == (3, 3)
    assert result.statistic == expected.statistic
    np.testing.assert_array_equal(result.rank_sums, expected.rank_sums)


def test_kendall_w_allows_a_constant_rater() -> None:
    """A rater who gives every unit the same score adds only ties."""
    result = kendall_w([[1, 2, 3, 4], [1, 2, 4, 3], [5, 5, 5, 5]])
    w, _ = rankdata_w(np.array([[1, 2, 3, 4], [1, 2, 4, 3], [5, 5, 5, 5]], float))
    assert result.statistic == pytest.approx(w)


def test_kendall_w_rejects_raters_who_are_all_constant() -> None:
    """When no rater's scores vary, W is 0/0 and the error says so."""
    message = (
        "kendall_w: at least one rater's scores must differ between units; got 2 raters "
        "who each gave all 3 units used one score, so W is 0/0."
    )
    with pytest.raises(InputError, match=re.escape(message)):
        kendall_w([[1, 1, 1], [4, 4, 4]])


def test_kendall_w_result_is_frozen_and_readable() -> None:
    """The result cannot be changed and its repr names its fields."""
    result = kendall_w([[1, 2, 3], [1, 3, 2]])
    assert repr(result).startswith("KendallWResult(statistic=0.75, chi2=3.0, df=2, pvalue=")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.statistic = 1.0  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        result.rank_sums[0] = 0.0


def test_average_ranks_match_scipy() -> None:
    """The vectorised average ranks and tie terms equal rankdata's, row by row."""
    stats = pytest.importorskip("scipy.stats")
    values = np.random.default_rng(3).integers(0, 5, size=(7, 30)).astype(float)
    ranks, ties = agreement.average_ranks(values)
    np.testing.assert_array_equal(ranks, stats.rankdata(values, axis=1))
    counts = [np.unique(row, return_counts=True)[1] for row in values]
    np.testing.assert_array_equal(ties, [np.sum(c**3 - c) for c in counts])


# Intraclass correlations ---------------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_icc_matches_pingouin(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Statistics, F, df, p-values and limits equal pingouin's intraclass_corr."""
    pingouin = pytest.importorskip("pingouin")
    monkeypatch.setitem(pingouin.options, "round.column.CI95", None)  # unrounded limits
    rng = np.random.default_rng(seed)
    n_raters, n_units = rng.integers(2, 7), rng.integers(3, 25)
    ratings = rng.normal(size=n_units) + rng.normal(scale=0.8, size=(n_raters, n_units))
    ratings += rng.normal(size=(n_raters, 1))
    result = icc(ratings)
    table = pingouin_icc(ratings)
    for name, (_, row) in zip(FORMS, table.iterrows(), strict=True):
        form = result.forms[name]
        assert form.mcgraw_wong == row["Type"].replace("(1,1)", "(1)").replace("(1,k)", "(k)")
        assert (form.df1, form.df2) == (row["df1"], row["df2"])
        actual = [form.statistic, form.f, form.pvalue, form.ci_low, form.ci_high]
        expected = [row["ICC"], row["F"], row["pval"], *row["CI95"]]
        np.testing.assert_allclose(  # another implementation; an ICC near 0 cancels against 1
            actual, expected, rtol=1e-9, atol=atol(1.0, ratings.size), err_msg=name
        )


def test_icc_forms_are_named_both_ways() -> None:
    """`forms` holds exactly the six Shrout & Fleiss names with McGraw & Wong's beside them."""
    result = icc(SHROUT_FLEISS)
    assert tuple(result.forms) == FORMS
    names = [form.mcgraw_wong for form in result.forms.values()]
    assert names == ["ICC(1)", "ICC(A,1)", "ICC(C,1)", "ICC(k)", "ICC(A,k)", "ICC(C,k)"]
    assert (result.n_raters, result.n_units) == (4, 6)


def test_icc_uses_units_every_rater_scored() -> None:
    """Units with a missing rating are left out and the result counts the rest."""
    ratings = np.hstack([SHROUT_FLEISS, [[1.0], [NAN], [3.0], [4.0]]])
    result = icc(ratings)
    assert result.n_units == 6
    assert result.forms["ICC(2,1)"] == icc(SHROUT_FLEISS).forms["ICC(2,1)"]


def test_icc_perfect_agreement() -> None:
    """Identical raters give ICC 1, infinite F, p-value 0 and limits 1."""
    pytest.importorskip("scipy", reason="p-values and limits need the stats extra")
    result = icc([[1.0, 4.0, 2.0, 8.0]] * 3)
    for form in result.forms.values():
        assert form.statistic == pytest.approx(1.0)
        assert (form.f, form.pvalue) == (np.inf, 0.0)
        assert form.ci_low == pytest.approx(1.0)
        assert form.ci_high == pytest.approx(1.0)


def test_icc_consistent_raters_with_offsets() -> None:
    """Raters who differ by constants are consistent (ICC(3,1) = 1) but do not agree."""
    pytest.importorskip("scipy", reason="p-values and limits need the stats extra")
    result = icc([[1.0, 4.0, 2.0, 8.0], [3.0, 6.0, 4.0, 10.0]])
    assert result.forms["ICC(3,1)"].statistic == 1.0
    assert result.forms["ICC(3,1)"].ci_low == 1.0
    assert result.forms["ICC(2,1)"].statistic < 1.0
    assert np.isfinite(result.forms["ICC(1,1)"].f)
    limits = [(form.ci_low, form.ci_high) for form in result.forms.values()]
    assert np.all(np.isfinite(limits))


def test_icc_negative_values_are_not_clipped() -> None:
    """Raters who rank the units oppositely give negative ICCs, returned as computed."""
    result = icc([[1.0, 2.0, 3.0, 4.0], [4.0, 3.0, 2.0, 1.2]])
    assert result.forms["ICC(1,1)"].statistic < -0.9
    assert result.forms["ICC(3,k)"].statistic < -10


def test_icc_rejects_equal_ratings() -> None:
    """Ratings that are all equal leave nothing to correlate."""
    message = (
        "icc: the units' mean ratings must not all be equal; got 5.0 for each of the 3 units "
        "used, so ICC(1,k) and ICC(3,k) divide by 0."
    )
    with pytest.raises(InputError, match=re.escape(message)):
        icc([[5, 5, 5], [5, 5, 5]])


def test_icc_rejects_equal_unit_means() -> None:
    """Units with equal means leave ICC(1,k) and ICC(3,k) dividing by 0."""
    message = (
        "icc: the units' mean ratings must not all be equal; got 2.0 for each of the 3 units "
        "used, so ICC(1,k) and ICC(3,k) divide by 0."
    )
    with pytest.raises(InputError, match=re.escape(message)):
        icc([[1, 2, 3], [2, 3, 1], [3, 1, 2]])


def test_icc_rejects_an_undefined_average_agreement() -> None:
    """BMS + (JMS - EMS)/n = 0 leaves ICC(2,k) undefined: an error, not a NaN."""
    message = (
        "icc: ICC(2,k) is undefined for these ratings; its denominator BMS + (JMS - EMS)/n is 0."
    )
    with pytest.raises(InputError, match=re.escape(message)):
        icc([[0, 0, 1], [1, 2, 0]])


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ([[1, 2, 3], [NAN] * 3], "icc: at least 2 raters must have scored a unit; got 1."),
        (
            [[1, 2, NAN], [1, NAN, 3]],
            "icc: at least 2 units must be scored by every rater; got 1 of 3. Units missing a "
            "rater's score are left out: drop raters who scored few units, or fill in their "
            "scores.",
        ),
    ],
)
def test_icc_needs_two_raters_and_two_complete_units(ratings: list, message: str) -> None:
    """Too few raters or complete units is an error that says how many there were."""
    with pytest.raises(InputError, match=re.escape(message)):
        icc(np.array(ratings, dtype=float))


# Krippendorff's alpha ---------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("seed", range(10))
def test_alpha_matches_krippendorff_package(level: str, seed: int) -> None:
    """Alpha equals the krippendorff package's on random ratings with missing values."""
    krippendorff = pytest.importorskip("krippendorff")
    ratings = random_ratings(seed, missing=0.35)
    expected = krippendorff.alpha(ratings, level_of_measurement=level)
    result = krippendorff_alpha(ratings, level=level)  # type: ignore[arg-type]
    assert result.statistic == pytest.approx(expected, abs=1e-9)


def test_alpha_reports_the_disagreements() -> None:
    """observed, expected and the pairable counts are Krippendorff's D_o, D_e, n."""
    result = krippendorff_alpha(KRIPPENDORFF_2011, level="interval")
    assert (result.n_pairable, result.n_units, result.level) == (40, 11, "interval")
    assert result.statistic == pytest.approx(1 - result.observed / result.expected)
    assert result.observed == pytest.approx(0.4333333333333333)
    assert result.expected == pytest.approx(2.871794871794872)


@pytest.mark.parametrize("seed", range(6))
def test_alpha_interval_closed_form_equals_coincidence_matrix(seed: int) -> None:
    """The interval closed form gives the coincidence matrix's D_o and D_e."""
    ratings = random_ratings(seed, missing=0.4, high=50) / 7.0
    closed = agreement.interval_disagreement(ratings)
    matrix = agreement.coincidence_disagreement(
        ratings, agreement.pairable_values(ratings), "interval"
    )
    np.testing.assert_allclose(closed, matrix, rtol=1e-12)


def test_alpha_ordinal_is_interval_alpha_on_mid_ranks() -> None:
    """Ordinal alpha equals interval alpha on each value's cumulative mid-rank."""
    ratings = random_ratings(5, missing=0.3)
    values = agreement.pairable_values(ratings)
    margins = agreement.coincidences(ratings, values).sum(axis=0)
    mid_ranks = np.cumsum(margins) - margins / 2
    pairable = np.count_nonzero(~np.isnan(ratings), axis=0) >= 2
    recoded = np.full_like(ratings[:, pairable], NAN)
    present = ~np.isnan(ratings[:, pairable])
    recoded[present] = mid_ranks[np.searchsorted(values, ratings[:, pairable][present])]
    ordinal = krippendorff_alpha(ratings, level="ordinal").statistic
    # alpha is 1 - D_o / D_e, sums over the pairable values: it cancels against 1
    assert ordinal == pytest.approx(
        krippendorff_alpha(recoded).statistic, abs=atol(1.0, ratings.size)
    )


@pytest.mark.parametrize("block", [5, 40, 150])
def test_kernels_work_in_blocks(block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small blocks of raters or units, with a ragged last block, change no result."""
    rng = np.random.default_rng(11)
    ratings = rng.integers(0, 6, size=(10, 50)).astype(float)
    complete = ratings.copy()
    ratings[rng.random(ratings.shape) < 0.3] = NAN
    expected = {level: krippendorff_alpha(ratings, level=level) for level in LEVELS}
    expected_w = kendall_w(complete)
    monkeypatch.setattr(agreement, "BLOCK", block)
    for level in LEVELS:
        actual = krippendorff_alpha(ratings, level=level)  # type: ignore[arg-type]
        # the blocks sum in another order; alpha = 1 - D_o / D_e cancels against 1
        assert actual.statistic == pytest.approx(
            expected[level].statistic, abs=atol(1.0, ratings.size)
        )
    assert kendall_w(complete) == expected_w


def test_alpha_interval_stays_accurate_far_from_zero() -> None:
    """Scores near 10**9 with a spread of units give the alpha of the same scores near 0."""
    ratings = random_ratings(2, missing=0.3)
    near_zero = krippendorff_alpha(ratings).statistic
    far = krippendorff_alpha(ratings + 1e9).statistic
    assert far == pytest.approx(near_zero, abs=atol(1.0, ratings.size))  # 1 - D_o / D_e


def test_alpha_interval_takes_continuous_scores() -> None:
    """Interval alpha has no limit on distinct values; the other levels stop at 1,000."""
    rng = np.random.default_rng(0)
    ratings = rng.normal(size=1500) + rng.normal(scale=0.5, size=(3, 1500))
    assert 0.7 < krippendorff_alpha(ratings).statistic < 0.9
    message = (
        "krippendorff_alpha: level='nominal' accepts at most 1,000 distinct values; got 4,500. "
        "Use level='interval' for continuous scores, or round them."
    )
    with pytest.raises(InputError, match=re.escape(message)):
        krippendorff_alpha(ratings, level="nominal")


def test_alpha_single_pairable_unit_is_zero() -> None:
    """One unit with differing ratings gives alpha 0: D_o equals D_e."""
    assert krippendorff_alpha([[1.0, 5.0], [2.0, NAN]]).statistic == pytest.approx(0.0)


def test_alpha_negative_values_are_not_clipped() -> None:
    """Systematic disagreement gives a negative alpha, returned as computed."""
    result = krippendorff_alpha([[1, 2, 1, 2], [2, 1, 2, 1]], level="nominal")
    assert result.statistic < 0


@pytest.mark.parametrize(
    ("ratings", "level", "message"),
    [
        (
            [[1, 2, 3]],
            "interval",
            "krippendorff_alpha: at least one unit must have 2 or more ratings; got none "
            "among 3 units.",
        ),
        (
            [[1, NAN], [NAN, 2]],
            "nominal",
            "krippendorff_alpha: at least one unit must have 2 or more ratings; got none "
            "among 2 units.",
        ),
        (
            [[3, 3, 7], [3, 3, NAN]],
            "interval",
            "krippendorff_alpha: the pairable ratings must not all be equal; got 4 equal "
            "ratings, so D_e = 0 and alpha is 0/0.",
        ),
        (
            [[3, 3, 7], [3, 3, NAN]],
            "ordinal",
            "krippendorff_alpha: the pairable ratings must not all be equal; got 4 equal "
            "ratings, so D_e = 0 and alpha is 0/0.",
        ),
        (
            [[-1, 2], [1, 2]],
            "ratio",
            "krippendorff_alpha: ratings must be >= 0 for level='ratio'; got -1.0.",
        ),
        (
            [[1, 2], [1, 2]],
            "metric",
            "krippendorff_alpha: level must be one of 'interval', 'nominal', 'ordinal', "
            "'ratio'; got 'metric'.",
        ),
    ],
)
def test_alpha_rejects_degenerate_input(ratings: list, level: str, message: str) -> None:
    """No pairable unit, no variation, negative ratios and unknown levels are errors."""
    with pytest.raises(InputError, match=re.escape(message)):
        krippendorff_alpha(np.array(ratings, dtype=float), level=level)  # type: ignore[arg-type]


# Validation and the optional scipy -------------------------------------------------------

FUNCTIONS = [kendall_w, icc, krippendorff_alpha]


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ([1.0, 2.0, 3.0], "ratings must be 2-D (raters x units); got shape (3,)."),
        (
            [[1.0, 2.0], [3.0, np.inf]],
            "ratings must be finite, or NaN where missing; got inf for rater 1, unit 1.",
        ),
        (
            [[1.0, 2.0], [3.0, "high"]],
            "ratings must be real numbers; got list of strings.",
        ),
        (
            np.array([[1 + 2j, 2], [3, 4]]),
            "ratings must be real numbers; got ndarray of complex numbers.",
        ),
        (
            [[1.0, 2.0], [3.0]],
            "ratings must be a raters x units array; got rows of unequal length.",
        ),
    ],
)
def test_bad_ratings_are_rejected(function: object, ratings: object, message: str) -> None:
    """Ratings that are not a finite 2-D array of real numbers are named in the error."""
    where = function.__name__  # type: ignore[attr-defined]
    with pytest.raises(InputError, match=re.escape(f"{where}: {message}")):
        function(ratings)  # type: ignore[operator]


def test_none_marks_a_missing_rating() -> None:
    """None in nested lists counts as a missing rating."""
    with_none = krippendorff_alpha([[1, 2, None], [1, 3, 3]])
    with_nan = krippendorff_alpha(np.array([[1, 2, NAN], [1, 3, 3]]))
    assert with_none == with_nan


def test_without_scipy_statistics_remain_and_tests_are_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When scipy cannot be imported, p-values and limits are None, the rest unchanged."""
    with_scipy_w, with_scipy_icc = kendall_w(SHROUT_FLEISS), icc(SHROUT_FLEISS)
    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.stats", None)
    w, result = kendall_w(SHROUT_FLEISS), icc(SHROUT_FLEISS)
    assert w.pvalue is None
    assert w == attrs.evolve(with_scipy_w, pvalue=None)
    for name, form in result.forms.items():
        assert (form.pvalue, form.ci_low, form.ci_high) == (None, None, None)
        expected = with_scipy_icc.forms[name]
        assert form == attrs.evolve(expected, pvalue=None, ci_low=None, ci_high=None)


# Properties -------------------------------------------------------------------------


def ratings_strategy(*, low: int = 1, high: int = 5, missing: bool = True) -> st.SearchStrategy:
    """Small raters x units float arrays of integer scores, with NaN holes if asked."""
    score = st.integers(low, high).map(float)
    elements = st.one_of(score, st.just(NAN)) if missing else score
    shape = st.tuples(st.integers(2, 6), st.integers(2, 10))
    return arrays(np.float64, shape, elements=elements)


def alpha_or_none(ratings: np.ndarray, level: str) -> float | None:
    """Alpha, or None where the input is degenerate."""
    try:
        return krippendorff_alpha(ratings, level=level).statistic  # type: ignore[arg-type]
    except InputError:
        return None


@given(ratings_strategy(), st.sampled_from(LEVELS), st.randoms(use_true_random=False))
def test_alpha_invariant_to_order_of_raters_and_units(
    ratings: np.ndarray, level: str, random: Random
) -> None:
    """Permuting raters or units leaves alpha unchanged."""
    alpha = alpha_or_none(ratings, level)
    assume(alpha is not None)
    raters, units = list(range(ratings.shape[0])), list(range(ratings.shape[1]))
    random.shuffle(raters)
    random.shuffle(units)
    tolerance = atol(1.0, ratings.size)  # 1 - D_o / D_e: sums in another order, against 1
    assert alpha_or_none(ratings[raters], level) == pytest.approx(alpha, abs=tolerance)
    assert alpha_or_none(ratings[:, units], level) == pytest.approx(alpha, abs=tolerance)


@given(ratings_strategy(missing=False), st.randoms(use_true_random=False))
def test_kendall_w_invariant_to_order_and_in_unit_interval(
    ratings: np.ndarray, random: Random
) -> None:
    """Permuting raters or units leaves W unchanged, and W lies in [0, 1]."""
    assume(np.ptp(ratings, axis=1).max() > 0)
    result = kendall_w(ratings)
    tolerance = atol(1.0, ratings.size)  # W: a ratio of sums over the ratings, up to 1
    assert -tolerance <= result.statistic <= 1 + tolerance
    raters, units = list(range(ratings.shape[0])), list(range(ratings.shape[1]))
    random.shuffle(raters)
    random.shuffle(units)
    assert kendall_w(ratings[raters]).statistic == pytest.approx(result.statistic, abs=tolerance)
    shuffled = kendall_w(ratings[:, units])
    assert shuffled.statistic == pytest.approx(result.statistic, abs=tolerance)
    n = ratings.shape[0]  # a rank sum adds n ranks
    np.testing.assert_allclose(shuffled.rank_sums, result.rank_sums[units], rtol=rtol(n))


@given(st.lists(st.integers(1, 9), min_size=2, max_size=10), st.integers(2, 6))
def test_perfect_agreement_gives_one(scores: list[int], n_raters: int) -> None:
    """Raters who all give the same scores give alpha = 1 at every level, and W = 1."""
    assume(len(set(scores)) > 1)
    ratings = np.tile(np.array(scores, float), (n_raters, 1))
    for level in LEVELS:
        assert krippendorff_alpha(ratings, level=level).statistic == 1.0  # type: ignore[arg-type]
    assert kendall_w(ratings).statistic == 1.0


@given(
    ratings_strategy(missing=False),
    st.integers(0, 5),
    st.floats(-50, 50, allow_nan=False),
)
def test_icc_consistency_ignores_a_rater_offset(
    ratings: np.ndarray, rater: int, offset: float
) -> None:
    """Adding a constant to one rater's scores leaves ICC(3,1) and ICC(3,k) unchanged."""
    try:
        before = icc(ratings)
    except InputError:
        assume(False)
    shifted = ratings.copy()
    shifted[rater % ratings.shape[0]] += offset
    after = icc(shifted)
    for name in ("ICC(3,1)", "ICC(3,k)"):
        assert after.forms[name].statistic == pytest.approx(
            before.forms[name].statistic, rel=1e-7, abs=1e-9
        )


@given(
    ratings_strategy(),
    st.floats(0.01, 100).flatmap(lambda a: st.sampled_from([a, -a])),
    st.floats(-1000, 1000, allow_nan=False),
)
def test_interval_alpha_is_affine_invariant(
    ratings: np.ndarray, scale: float, shift: float
) -> None:
    """Mapping every rating x to a x + b (a != 0) leaves interval alpha unchanged."""
    alpha = alpha_or_none(ratings, "interval")
    assume(alpha is not None)
    transformed = alpha_or_none(scale * ratings + shift, "interval")
    assert transformed == pytest.approx(alpha, rel=1e-9, abs=1e-9)
