"""Criterion-weight derivation: AHP, entropy, CRITIC and rank-based weights."""

import re

import attrs
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import appraisal as ap
from appraisal import weights
from appraisal.errors import InputError
from appraisal.weights import (
    SAATY_RANDOM_INDEX,
    AhpGroupResult,
    AhpResult,
    CriticResult,
    EntropyResult,
    RankWeights,
    ahp,
    ahp_from_judgements,
    ahp_group,
    critic,
    entropy,
    equal,
    rank_order_centroid,
    rank_sum,
)
from tests.tolerance import atol, rtol

SAATY_SCALE = [1 / v for v in range(9, 1, -1)] + [float(v) for v in range(1, 10)]


def _reciprocal(upper: list[float], n: int) -> np.ndarray:
    """A reciprocal matrix from its upper triangle, read row by row."""
    a = np.ones((n, n))
    rows, cols = np.triu_indices(n, 1)
    a[rows, cols] = upper
    a[cols, rows] = 1 / np.asarray(upper, dtype=float)
    return a


def _consistent(vector: np.ndarray) -> np.ndarray:
    return vector[:, None] / vector[None, :]


@st.composite
def reciprocal_matrices(draw: st.DrawFn, min_n: int = 1, max_n: int = 12) -> np.ndarray:
    n = draw(st.integers(min_n, max_n))
    upper = draw(
        st.lists(st.sampled_from(SAATY_SCALE), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2)
    )
    return _reciprocal(upper, n)


@st.composite
def score_matrices(draw: st.DrawFn, max_units: int = 25, max_criteria: int = 6) -> np.ndarray:
    shape = (draw(st.integers(2, max_units)), draw(st.integers(1, max_criteria)))
    values = draw(arrays(np.float64, shape, elements=st.integers(0, 1000).map(lambda v: v / 10)))
    assume(np.ptp(values, axis=0).max() > 0)
    return values


def _critic_reference(x: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """CRITIC by the textbook steps, with numpy's own std and corrcoef."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    r = np.where(benefit, (x - lo) / (hi - lo), (hi - x) / (hi - lo))
    c = r.std(axis=0, ddof=1) * (1 - np.corrcoef(r, rowvar=False)).sum(axis=0)
    return c / c.sum()


# --- ahp ---------------------------------------------------------------------------------


def test_ahp_two_by_two_is_always_consistent() -> None:
    """A 2 x 2 reciprocal matrix gives the ratio as weights and ci = cr = 0."""
    result = ahp([[1, 3], [1 / 3, 1]])
    # an AHP eigenproblem: condition n * max(a) = 2 * 3
    np.testing.assert_allclose(result.weights, [0.75, 0.25], rtol=rtol(2 * 3))
    assert (result.ci, result.cr, result.consistent) == (0.0, 0.0, True)
    assert result.lambda_max == pytest.approx(2.0, rel=rtol(2 * 3))


def test_ahp_one_by_one_gives_weight_one() -> None:
    """A single criterion gets the whole weight."""
    result = ahp([[1.0]])
    np.testing.assert_array_equal(result.weights, [1.0])
    assert (result.ci, result.cr, result.consistent) == (0.0, 0.0, True)


@pytest.mark.parametrize("method", ["eigenvector", "geometric"])
def test_ahp_consistent_matrix_gives_back_its_vector(method: str) -> None:
    """A matrix a[i, j] = w[i] / w[j] gives back w with lambda_max = n and cr = 0."""
    vector = np.array([0.4, 0.3, 0.2, 0.07, 0.03])
    result = ahp(_consistent(vector), method=method)
    condition = 5 * vector.max() / vector.min()  # n * max(a)
    np.testing.assert_allclose(result.weights, vector, rtol=rtol(condition))
    assert result.lambda_max == pytest.approx(5.0, abs=1e-10)
    # cr = (lambda_max - 5) / 4 / RI: lambda_max, about 5, cancels
    assert result.cr == pytest.approx(0.0, abs=atol(5.0, condition))
    assert result.consistent is True


def test_ahp_eigenvalue_of_a_3x3_matches_the_closed_form() -> None:
    """For a 3 x 3 matrix lambda_max = 1 + k**(1/3) + k**(-1/3) with k = a12 * a23 / a13."""
    a12, a13, a23 = 7.0, 1 / 5, 1 / 8
    k = a12 * a23 / a13
    result = ahp(_reciprocal([a12, a13, a23], 3))
    lam = 1 + k ** (1 / 3) + k ** (-1 / 3)
    condition = 3 * 8  # n * max(a): a[2, 1] = 8
    assert result.lambda_max == pytest.approx(lam, rel=rtol(condition))
    # ci and cr subtract n = 3 from lambda_max: their error is relative to lambda_max
    assert result.ci == pytest.approx((lam - 3) / 2, abs=atol(lam, condition))
    assert result.cr == pytest.approx((lam - 3) / 2 / 0.58, abs=atol(lam, condition) / 0.58)
    assert result.random_index == 0.58


def test_ahp_geometric_lambda_is_the_mean_ratio() -> None:
    """With method='geometric', lambda_max is mean((A @ w) / w) for the row geometric means w."""
    a = _reciprocal([3, 5, 7, 2, 4, 3], 4)
    g = np.prod(a, axis=1) ** (1 / 4)
    w = g / g.sum()
    result = ahp(a, method="geometric")
    np.testing.assert_allclose(result.weights, w, rtol=rtol(4))  # products and a sum of 4 terms
    assert result.lambda_max == pytest.approx(np.mean(a @ w / w), rel=rtol(4 * 7))  # n * max(a)
    assert result.method == "geometric"


def test_ahp_geometric_equals_eigenvector_for_three_criteria() -> None:
    """For n = 3 the row geometric mean is the principal eigenvector."""
    a = _reciprocal([2, 6, 4], 3)
    np.testing.assert_allclose(
        ahp(a).weights, ahp(a, method="geometric").weights, rtol=rtol(3 * 6)
    )  # n * max(a)


def test_saaty_random_index_table() -> None:
    """The random index table is Saaty's for n = 1..15."""
    expected = [0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57]
    assert [SAATY_RANDOM_INDEX[n] for n in range(1, 15)] == expected
    assert SAATY_RANDOM_INDEX[15] == 1.59
    assert set(SAATY_RANDOM_INDEX) == set(range(1, 16))


def test_ahp_cr_divides_ci_by_the_table_value() -> None:
    """The CR is ci / RI(n) with Saaty's table, and consistent means cr < 0.1."""
    a = _reciprocal([3, 5, 7, 2, 4, 3, 2, 1 / 2, 5, 1 / 3], 5)
    result = ahp(a)
    assert result.random_index == 1.12
    assert result.cr == pytest.approx(result.ci / 1.12, rel=rtol(1))  # one division
    assert result.consistent is (result.cr < 0.1)


def test_ahp_above_fifteen_criteria_has_no_cr_unless_given_a_random_index() -> None:
    """For n > 15 cr and consistent are None, unless random_index= is passed."""
    rng = np.random.default_rng(3)
    a = _reciprocal(list(rng.choice(SAATY_SCALE, size=16 * 15 // 2)), 16)
    plain = ahp(a)
    assert (plain.cr, plain.consistent, plain.random_index) == (None, None, None)
    assert plain.ci > 0
    given_ri = ahp(a, random_index=1.6)
    assert given_ri.cr == pytest.approx(plain.ci / 1.6, rel=rtol(1))  # one division
    assert given_ri.consistent is (given_ri.cr < 0.1)


def test_ahp_random_index_overrides_the_table() -> None:
    """A random_index= replaces Saaty's value for any n >= 3."""
    a = _reciprocal([3, 5, 2], 3)
    result = ahp(a, random_index=0.52)
    assert result.random_index == 0.52
    assert result.cr == pytest.approx(result.ci / 0.52, rel=rtol(1))  # one division


def test_ahp_inconsistent_matrix_is_flagged() -> None:
    """A cycle of strong judgements gives cr >= 0.1 and consistent False."""
    result = ahp(_reciprocal([9, 1 / 9, 9], 3))
    assert result.cr is not None
    assert result.cr > 0.1
    assert result.consistent is False


def test_ahp_accepts_reciprocity_within_1e_9() -> None:
    """A product a[i, j] * a[j, i] within 1e-9 of 1 counts as reciprocal."""
    a = np.array([[1, 3], [(1 + 5e-10) / 3, 1]])
    np.testing.assert_allclose(ahp(a).weights, [0.75, 0.25], atol=1e-9)


def test_ahp_result_is_frozen_read_only_and_detached() -> None:
    """The result cannot be changed and does not share memory with the input."""
    a = _reciprocal([3, 5, 2], 3)
    result = ahp(a)
    before = result.weights.copy()
    a[0, 1] = 9.0
    np.testing.assert_array_equal(result.weights, before)
    assert result.weights.dtype == np.float64
    assert not result.weights.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        result.weights[0] = 1.0
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.cr = 0.0  # type: ignore[misc]
    assert isinstance(result, AhpResult)


def test_ahp_result_repr_is_readable() -> None:
    """The repr names every field and rounds floats to a readable length."""
    text = repr(ahp([[1, 3], [1 / 3, 1]]))
    assert text == (
        "AhpResult(weights=array([0.75, 0.25]), lambda_max=2.0, ci=0.0, cr=0.0, "
        "random_index=0.0, consistent=True, method='eigenvector')"
    )


def test_ahp_results_compare_by_value() -> None:
    """Two results from the same matrix are equal."""
    a = _reciprocal([3, 5, 2], 3)
    assert ahp(a) == ahp(a.copy())
    assert ahp(a) != ahp(a, method="geometric")


def test_ahp_rejects_a_non_reciprocal_matrix() -> None:
    """The first non-reciprocal pair is named with both values."""
    a = [[1, 2, 3], [1 / 2, 1, 4], [0.5, 1 / 4, 1]]
    message = (
        "ahp: pairwise[0, 2] and pairwise[2, 0] must be reciprocal (a[i, j] * a[j, i] == 1); "
        "got 3.0 and 0.5."
    )
    with pytest.raises(InputError, match=re.escape(message)):
        ahp(a)


def test_ahp_rejects_reciprocity_off_by_more_than_1e_9() -> None:
    """A product 1e-8 away from 1 is not reciprocal."""
    with pytest.raises(InputError, match=re.escape("ahp: pairwise[0, 1] and pairwise[1, 0]")):
        ahp(np.array([[1, 3], [(1 + 1e-8) / 3, 1]]))


@pytest.mark.parametrize(
    ("pairwise", "message"),
    [
        ([[1, 2, 3], [4, 5, 6]], "ahp: pairwise must be a square 2-D matrix; got shape (2, 3)."),
        ([1, 2], "ahp: pairwise must be a square 2-D matrix; got shape (2,)."),
        (np.ones((0, 0)), "ahp: pairwise must have at least one criterion; got shape (0, 0)."),
        ([[1, -2], [-0.5, 1]], "ahp: pairwise[0, 1] must be > 0; got -2.0."),
        ([[1, 0], [0, 1]], "ahp: pairwise[0, 1] must be > 0; got 0.0."),
        ([[1, np.nan], [1, 1]], "ahp: pairwise[0, 1] must be finite; got nan."),
        ([[1, 2], [np.inf, 1]], "ahp: pairwise[1, 0] must be finite; got inf."),
        (
            [[1, 2], [0.5, 2]],
            "ahp: pairwise[1, 1] must be 1 (a criterion compared with itself); got 2.0.",
        ),
        ([["a", "b"], ["c", "d"]], "ahp: pairwise must be a matrix of numbers; got "),
    ],
)
def test_ahp_rejects_bad_matrices(pairwise: object, message: str) -> None:
    """Shape, sign, finiteness and the diagonal are checked with the cell named."""
    with pytest.raises(InputError, match=re.escape(message)):
        ahp(pairwise)


def test_ahp_rejects_huge_judgements_without_a_numpy_warning() -> None:
    """An overflowing product a[i, j] * a[j, i] is reported as not reciprocal."""
    message = "ahp: pairwise[0, 1] and pairwise[1, 0] must be reciprocal"
    with pytest.raises(InputError, match=re.escape(message)):
        ahp([[1, 1e200], [1e200, 1]])


def test_ahp_rejects_an_unknown_method() -> None:
    """The method must be one of the two named ones."""
    message = "ahp: method must be one of 'eigenvector', 'geometric'; got 'power'."
    with pytest.raises(InputError, match=re.escape(message)):
        ahp([[1.0]], method="power")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [0.0, -1.0, np.nan, np.inf])
def test_ahp_rejects_a_bad_random_index(value: float) -> None:
    """A random index must be finite and positive."""
    message = f"ahp: random_index must be finite and > 0; got {value!r}."
    with pytest.raises(InputError, match=re.escape(message)):
        ahp([[1.0]], random_index=value)


def test_ahp_input_error_is_a_value_error() -> None:
    """Callers catching ValueError also catch the input errors."""
    with pytest.raises(ValueError, match="square"):
        ahp([[1, 2, 3]])


def test_ahp_matches_ahpy_priorities() -> None:
    """The eigenvector priorities agree with ahpy's to 1e-6 on random reciprocal matrices.

    ahpy rounds to `precision` digits while it squares the matrix; 10 digits converge
    here, 12 overflow for one of these matrices.
    """
    ahpy = pytest.importorskip("ahpy")
    rng = np.random.default_rng(20240521)
    for n in range(3, 9):
        for _ in range(5):
            upper = list(rng.choice(SAATY_SCALE, size=n * (n - 1) // 2))
            a = _reciprocal(upper, n)
            names = [f"c{i}" for i in range(n)]
            rows, cols = np.triu_indices(n, 1)
            comparisons = {
                (names[i], names[j]): float(a[i, j]) for i, j in zip(rows, cols, strict=True)
            }
            theirs = ahpy.Compare("x", comparisons, precision=10, cr=False).local_weights
            np.testing.assert_allclose(ahp(a).weights, [theirs[name] for name in names], atol=1e-6)


def test_ahp_cr_follows_the_formula_on_random_matrices() -> None:
    """The CR is (lambda_max - n) / (n - 1) / RI(n) with lambda_max from numpy's eigvals."""
    rng = np.random.default_rng(7)
    for n in range(3, 16):
        a = _reciprocal(list(rng.choice(SAATY_SCALE, size=n * (n - 1) // 2)), n)
        lam = np.max(np.linalg.eigvals(a).real)
        result = ahp(a)
        assert result.lambda_max == pytest.approx(lam, abs=1e-9)
        assert result.cr == pytest.approx((lam - n) / (n - 1) / SAATY_RANDOM_INDEX[n], abs=1e-9)


@given(reciprocal_matrices(), st.sampled_from(["eigenvector", "geometric"]))
def test_ahp_weights_are_a_distribution(a: np.ndarray, method: str) -> None:
    """AHP weights are finite, positive and sum to 1."""
    result = ahp(a, method=method)
    assert np.all(np.isfinite(result.weights))
    assert np.all(result.weights > 0)
    assert result.weights.sum() == pytest.approx(1.0, rel=rtol(len(a)))  # a sum of n terms
    assert result.ci >= 0
    assert result.lambda_max >= len(a)


@given(
    st.lists(st.floats(0.01, 1.0), min_size=1, max_size=15),
    st.sampled_from(["eigenvector", "geometric"]),
)
def test_ahp_consistent_matrix_property(values: list[float], method: str) -> None:
    """Any a[i, j] = w[i] / w[j] gives back w / sum(w) with cr == 0 (to 1e-9) for n <= 15."""
    vector = np.array(values)
    result = ahp(_consistent(vector), method=method)
    np.testing.assert_allclose(result.weights, vector / vector.sum(), atol=1e-9)
    assert result.cr == pytest.approx(0.0, abs=1e-9)
    assert result.consistent is True


@given(reciprocal_matrices(min_n=2), st.data())
def test_ahp_permuting_criteria_permutes_weights(a: np.ndarray, data: st.DataObject) -> None:
    """Reordering the criteria reorders the weights and leaves cr unchanged."""
    perm = np.array(data.draw(st.permutations(range(len(a)))))
    for method in ("eigenvector", "geometric"):
        plain = ahp(a, method=method)
        moved = ahp(a[np.ix_(perm, perm)], method=method)
        np.testing.assert_allclose(moved.weights, plain.weights[perm], atol=1e-9)
        assert moved.ci == pytest.approx(plain.ci, abs=1e-9)


# --- ahp_from_judgements -----------------------------------------------------------------


def test_ahp_from_judgements_builds_the_matrix() -> None:
    """Named judgements of the upper triangle give the same result as the matrix."""
    judgements = {("economy", "projects"): 3, ("economy", "safety"): 5, ("projects", "safety"): 2}
    result = ahp_from_judgements(judgements, criteria=["economy", "projects", "safety"])
    assert result == ahp(_reciprocal([3, 5, 2], 3))


def test_ahp_from_judgements_accepts_either_orientation() -> None:
    """A pair may be given as (b, a) with the reciprocal value."""
    forward = {("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 2}
    mixed = {("b", "a"): 1 / 3, ("a", "c"): 5, ("c", "b"): 1 / 2}
    criteria = ["a", "b", "c"]
    np.testing.assert_allclose(
        ahp_from_judgements(mixed, criteria=criteria).weights,
        ahp_from_judgements(forward, criteria=criteria).weights,
        rtol=rtol(3 * 5),  # n * max(a); 1 / (1 / 3) need not give back 3 exactly
    )


def test_ahp_from_judgements_orders_weights_as_criteria() -> None:
    """The weights follow the order of criteria=, not of the judgements."""
    judgements = {("a", "b"): 4}
    np.testing.assert_allclose(
        ahp_from_judgements(judgements, criteria=["b", "a"]).weights, [0.2, 0.8], rtol=rtol(2 * 4)
    )


def test_ahp_from_judgements_with_one_criterion() -> None:
    """One criterion needs no judgement."""
    np.testing.assert_array_equal(ahp_from_judgements({}, criteria=["a"]).weights, [1.0])


def test_ahp_from_judgements_passes_method_and_random_index() -> None:
    """method= and random_index= reach the matrix computation."""
    judgements = {("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 2}
    result = ahp_from_judgements(
        judgements, criteria=["a", "b", "c"], method="geometric", random_index=0.52
    )
    assert result == ahp(_reciprocal([3, 5, 2], 3), method="geometric", random_index=0.52)


@pytest.mark.parametrize(
    ("judgements", "criteria", "message"),
    [
        (
            {("a", "b"): 3, ("a", "c"): 5},
            ["a", "b", "c"],
            "ahp_from_judgements: every pair of criteria must be judged; "
            "got no judgement for ('b', 'c').",
        ),
        (
            {("a", "b"): 3, ("b", "a"): 1 / 3},
            ["a", "b"],
            "ahp_from_judgements: each pair must be judged once; "
            "got both ('a', 'b') and ('b', 'a').",
        ),
        (
            {("a", "x"): 3},
            ["a", "b"],
            "ahp_from_judgements: judgement ('a', 'x') must name criteria from 'a', 'b'; "
            "got unknown 'x'.",
        ),
        (
            {("a", "a"): 1},
            ["a", "b"],
            "ahp_from_judgements: judgement ('a', 'a') must compare two different criteria; "
            "got 'a' twice.",
        ),
        (
            {("a", "b"): -3},
            ["a", "b"],
            "ahp_from_judgements: judgement ('a', 'b') must be finite and > 0; got -3.0.",
        ),
        (
            {("a", "b"): "three"},
            ["a", "b"],
            "ahp_from_judgements: judgement ('a', 'b') must be finite and > 0; got 'three'.",
        ),
        (
            {"ab": 3},
            ["a", "b"],
            "ahp_from_judgements: each judgement key must be a pair (a, b) of criterion names; "
            "got 'ab'.",
        ),
        ({}, ["a", "a"], "ahp_from_judgements: criteria must be unique; got 'a' twice."),
        ({}, [], "ahp_from_judgements: criteria must name at least one criterion; got none."),
    ],
)
def test_ahp_from_judgements_rejects_bad_judgements(
    judgements: dict[object, object], criteria: list[str], message: str
) -> None:
    """A missing, repeated or unknown pair, or a bad value, is named."""
    with pytest.raises(InputError, match=re.escape(message)):
        ahp_from_judgements(judgements, criteria=criteria)  # type: ignore[arg-type]


# --- ahp_group ---------------------------------------------------------------------------


def test_ahp_group_of_one_equals_ahp() -> None:
    """One expert's group result has that expert's weights and cr."""
    a = _reciprocal([3, 5, 2], 3)
    group = ahp_group([a])
    single = ahp(a)
    # the aggregate is exp(log a), a few roundings from a: an AHP eigenproblem of
    # condition n * max(a) = 3 * 5, whose cr subtracts n = 3 from lambda_max (about 3)
    np.testing.assert_allclose(group.weights, single.weights, rtol=rtol(3 * 5))
    assert group.cr == pytest.approx(single.cr, abs=atol(3.0, 3 * 5))
    assert group.expert_cr == (single.cr,)
    assert isinstance(group, AhpGroupResult)


def test_ahp_group_takes_the_cellwise_geometric_mean() -> None:
    """Judgements 2 and 8 aggregate to 4, so the weights are 0.8 and 0.2."""
    group = ahp_group([[[1, 2], [1 / 2, 1]], [[1, 8], [1 / 8, 1]]])
    np.testing.assert_allclose(group.aggregate, [[1, 4], [1 / 4, 1]], rtol=rtol(2))  # exp, log
    np.testing.assert_allclose(group.weights, [0.8, 0.2], rtol=rtol(2 * 4))  # n * max(a)
    assert group.expert_cr == (0.0, 0.0)


def test_ahp_group_aggregate_is_reciprocal_and_its_result() -> None:
    """The aggregate is reciprocal again and the group result is ahp() of it."""
    rng = np.random.default_rng(11)
    matrices = [_reciprocal(list(rng.choice(SAATY_SCALE, size=10)), 5) for _ in range(4)]
    group = ahp_group(matrices, method="geometric")
    # exp((l - l.T) / 2) times exp((l.T - l) / 2): a few roundings of judgements up to 9
    np.testing.assert_allclose(
        group.aggregate * group.aggregate.T, np.ones((5, 5)), rtol=rtol(np.log(9))
    )
    direct = ahp(group.aggregate, method="geometric")  # the same code on the same matrix
    np.testing.assert_array_equal(group.weights, direct.weights)
    assert group.cr == direct.cr
    assert group.expert_cr == tuple(ahp(m, method="geometric").cr for m in matrices)
    assert not group.aggregate.flags.writeable


def test_ahp_group_expert_cr_is_none_above_fifteen() -> None:
    """Without a random index the experts' cr are None for n > 15."""
    a = _consistent(np.arange(1.0, 17.0))
    assert ahp_group([a, a]).expert_cr == (None, None)
    found = ahp_group([a, a], random_index=1.6).expert_cr
    assert found == pytest.approx((0.0, 0.0), abs=atol(16.0, 16 * 16))  # lambda_max - n, n * max(a)


@pytest.mark.parametrize(
    ("matrices", "message"),
    [
        ([], "ahp_group: matrices must hold at least one pairwise matrix; got 0."),
        (
            [np.ones((2, 2)), np.ones((3, 3))],
            "ahp_group: matrices[1] must have the shape of matrices[0], (2, 2); got (3, 3).",
        ),
        (
            [np.ones((3, 3)), [[1, 2, 3], [1 / 2, 1, 4], [0.5, 1 / 4, 1]]],
            "ahp_group: matrices[1][0, 2] and matrices[1][2, 0] must be reciprocal "
            "(a[i, j] * a[j, i] == 1); got 3.0 and 0.5.",
        ),
    ],
)
def test_ahp_group_rejects_bad_input(matrices: list[object], message: str) -> None:
    """The offending expert's matrix is named."""
    with pytest.raises(InputError, match=re.escape(message)):
        ahp_group(matrices)


# --- entropy -----------------------------------------------------------------------------


def test_entropy_sum_by_hand() -> None:
    """Proportions 1/4, 3/4 give e = 0.8113; a constant column 0; 0 ln 0 = 0 gives e = 0."""
    result = entropy([[1, 2, 0], [3, 2, 5]])
    np.testing.assert_allclose(result.weights, [0.15876033, 0.0, 0.84123967], atol=1e-8)
    np.testing.assert_allclose(result.entropy, [0.81127812, 1.0, 0.0], atol=1e-8)
    assert result.constant == (1,)
    assert result.n_units == 2
    assert result.normalize == "sum"
    assert isinstance(result, EntropyResult)


def test_entropy_minmax_by_hand() -> None:
    """Min-max scaling by direction, then proportions, with 0 ln 0 = 0."""
    result = entropy(
        [[1, 10], [2, 20], [3, 40]], higher_is_better=[True, False], normalize="minmax"
    )
    np.testing.assert_allclose(result.entropy, [0.57938016, 0.61260162], atol=1e-8)
    np.testing.assert_allclose(result.weights, [0.52055737, 0.47944263], atol=1e-8)


def test_entropy_minmax_direction_matters() -> None:
    """Turning a column to lower-is-better changes its min-max entropy."""
    x = [[1, 10], [2, 20], [3, 40]]
    plain = entropy(x, normalize="minmax")
    flipped = entropy(x, normalize="minmax", higher_is_better=[True, False])
    assert not np.allclose(plain.weights, flipped.weights)


def test_entropy_sum_ignores_direction() -> None:
    """With normalize='sum' the raw proportions are used whatever the direction."""
    x = np.array([[1.0, 10, 3], [2, 20, 3.5], [3, 45, 9]])
    np.testing.assert_array_equal(
        entropy(x, higher_is_better=[False, True, False]).weights, entropy(x).weights
    )


def test_entropy_accepts_zero_one_directions() -> None:
    """A 0/1 array works as higher_is_better, as a bool array does."""
    x = [[1, 10], [2, 20], [3, 40]]
    np.testing.assert_array_equal(
        entropy(x, normalize="minmax", higher_is_better=np.array([1.0, 0.0])).weights,
        entropy(x, normalize="minmax", higher_is_better=np.array([True, False])).weights,
    )


def test_entropy_minmax_accepts_negative_values() -> None:
    """Min-max scaling is defined for signed data."""
    result = entropy([[-1, 2], [0, 3], [4, 1]], normalize="minmax")
    assert result.weights.sum() == pytest.approx(1.0)


def test_entropy_constant_columns_get_zero_weight() -> None:
    """Constant columns (including all-zero ones) are listed and weigh nothing."""
    x = np.array([[1.0, 7, 0, 2], [2, 7, 0, 5], [4, 7, 0, 1]])
    for normalize in ("sum", "minmax"):
        result = entropy(x, normalize=normalize)
        assert result.constant == (1, 2)
        np.testing.assert_array_equal(result.weights[[1, 2]], [0.0, 0.0])
        np.testing.assert_allclose(
            result.weights[[0, 3]],
            entropy(x[:, [0, 3]], normalize=normalize).weights,
            rtol=rtol(4),  # normalised by a sum of 4 terms
        )


def test_entropy_divergence_at_rounding_level_is_zero() -> None:
    """A spread of 1e-11 gives 1 - e at rounding level: weight 0, or an error if alone."""
    result = entropy([[1.0, 1.0], [1 + 1e-11, 2.0], [1.0, 3.0]])
    np.testing.assert_array_equal(result.weights, [0.0, 1.0])
    assert result.constant == ()
    message = (
        "entropy: at least one criterion (column) must vary across units by more than "
        "rounding (1 - entropy >= 1e-13); got none."
    )
    with pytest.raises(InputError, match=re.escape(message)):
        entropy([[1.0, 5.0], [1 + 1e-11, 5.0], [1.0, 5.0]])


def test_entropy_all_constant_is_an_error() -> None:
    """With no varying column there is nothing to weigh."""
    message = "entropy: at least one criterion (column) must vary across units; got all 2 constant."
    with pytest.raises(InputError, match=re.escape(message)):
        entropy([[1, 2], [1, 2], [1, 2]])


def test_entropy_sum_rejects_negative_values() -> None:
    """Negative values have no proportion: the column and unit are named."""
    message = (
        "entropy: matrix[:, 1] must be >= 0 with normalize='sum'; got -2.5 for unit row 2. "
        "Use normalize='minmax' for data that can be negative."
    )
    with pytest.raises(InputError, match=re.escape(message)):
        entropy([[1, 2], [2, 3], [3, -2.5], [4, -1]])


def test_entropy_sum_names_the_original_row_of_a_negative_value() -> None:
    """After dropping units with a NaN, a negative value is named by its original row."""
    message = "entropy: matrix[:, 1] must be >= 0 with normalize='sum'; got -1.0 for unit row 3."
    with pytest.raises(InputError, match=re.escape(message)):
        entropy([[1, 2], [np.nan, -5], [2, 3], [3, -1]], missing="drop_units")


def test_entropy_rejects_nan_by_default() -> None:
    """The first missing score (unit row, column) is named."""
    message = (
        "entropy: matrix[1, 2] must not be missing (NaN) with missing='error'; got nan. "
        "Pass missing='drop_units' to drop the units (rows) with a missing score."
    )
    with pytest.raises(InputError, match=re.escape(message)):
        entropy([[1, 2, 3], [4, 5, np.nan], [7, np.nan, 9]])


def test_entropy_drop_units_drops_rows_with_nan() -> None:
    """missing='drop_units' drops every unit row with a NaN and reports the units used."""
    x = np.array([[1, 2, 3], [4, 5, np.nan], [7, 8, 9], [np.nan, 1, 1], [2, 2, 5.0]])
    result = entropy(x, missing="drop_units")
    assert result.n_units == 3
    assert result == entropy(x[[0, 2, 4]])


def test_entropy_rejects_infinite_values_even_when_dropping() -> None:
    """Infinity is not a missing marker."""
    message = "entropy: matrix[1, 0] must be finite or NaN (missing); got inf."
    with pytest.raises(InputError, match=re.escape(message)):
        entropy([[1, np.nan], [np.inf, 2], [3, 4]], missing="drop_units")


@pytest.mark.parametrize(
    ("matrix", "kwargs", "message"),
    [
        ([[1, 2, 3]], {}, "entropy: matrix must have at least 2 units (rows); got 1."),
        (
            [[1, 2], [np.nan, 3], [4, np.nan]],
            {"missing": "drop_units"},
            "entropy: matrix must have at least 2 units (rows); got 1 after dropping 2 with a "
            "missing score.",
        ),
        ([1, 2, 3], {}, "entropy: matrix must be 2-D (units x criteria); got shape (3,)."),
        (
            np.ones((3, 0)),
            {},
            "entropy: matrix must have at least one criterion (column); got shape (3, 0).",
        ),
        ([["a", "b"], ["c", "d"]], {}, "entropy: matrix must be an array of numbers; got "),
        (
            [[1, 2], [3, 4]],
            {"higher_is_better": [True]},
            "entropy: higher_is_better must have one entry per criterion (2); got 1.",
        ),
        (
            [[1, 2], [3, 4]],
            {"higher_is_better": [True, 0.5]},
            "entropy: higher_is_better[1] must be True or False (or 1 or 0); got 0.5.",
        ),
        (
            [[1, 2], [3, 4]],
            {"higher_is_better": [True, "no"]},
            "entropy: higher_is_better[1] must be True or False (or 1 or 0); got 'no'.",
        ),
        (
            [[1, 2], [3, 4]],
            {"normalize": "max"},
            "entropy: normalize must be one of 'sum', 'minmax'; got 'max'.",
        ),
        (
            [[1, 2], [3, 4]],
            {"missing": "drop"},
            "entropy: missing must be one of 'error', 'drop_units'; got 'drop'.",
        ),
    ],
)
def test_entropy_rejects_bad_input(matrix: object, kwargs: dict[str, object], message: str) -> None:
    """Shapes, directions and options are checked before any arithmetic."""
    with pytest.raises(InputError, match=re.escape(message)):
        entropy(matrix, **kwargs)  # type: ignore[arg-type]


def test_entropy_matches_pymcdm() -> None:
    """Entropy weights with normalize='sum' agree with pymcdm's to 1e-9."""
    entropy_weights = pytest.importorskip("pymcdm.weights").entropy_weights
    rng = np.random.default_rng(5)
    for shape in [(2, 1), (3, 4), (10, 3), (50, 7), (400, 12)]:
        x = rng.uniform(0.1, 100.0, size=shape) * rng.uniform(0.01, 10.0, size=shape[1])
        np.testing.assert_allclose(entropy(x).weights, entropy_weights(x), atol=1e-9, rtol=0)


def test_entropy_result_is_read_only() -> None:
    """Weights and entropies are read-only float64 arrays."""
    result = entropy([[1, 2], [3, 5]])
    for values in (result.weights, result.entropy):
        assert values.dtype == np.float64
        assert not values.flags.writeable


@given(score_matrices(), st.sampled_from(["sum", "minmax"]))
def test_entropy_weights_are_a_distribution(x: np.ndarray, normalize: str) -> None:
    """Entropy weights are finite, non-negative and sum to 1."""
    result = entropy(x, normalize=normalize)
    assert np.all(np.isfinite(result.weights))
    assert np.all(result.weights >= 0)
    assert result.weights.sum() == pytest.approx(1.0, rel=rtol(x.shape[1]))  # a sum of n terms
    assert np.all((result.entropy >= 0) & (result.entropy <= 1))


@given(score_matrices(), st.sampled_from(["sum", "minmax"]), st.data())
def test_entropy_permuting_criteria_permutes_weights(
    x: np.ndarray, normalize: str, data: st.DataObject
) -> None:
    """Reordering the columns (and their directions) reorders the weights."""
    perm = np.array(data.draw(st.permutations(range(x.shape[1]))))
    better = np.array(data.draw(st.lists(st.booleans(), min_size=x.shape[1], max_size=x.shape[1])))
    plain = entropy(x, normalize=normalize, higher_is_better=better)
    moved = entropy(x[:, perm], normalize=normalize, higher_is_better=better[perm])
    # each column's weight is its own, over a sum of n terms taken in another order
    n = x.shape[1]
    np.testing.assert_allclose(moved.weights, plain.weights[perm], rtol=rtol(n), atol=atol(1.0, n))


@given(score_matrices(), st.sampled_from(["sum", "minmax"]), st.data())
def test_entropy_ignores_the_scale_of_a_column(
    x: np.ndarray, normalize: str, data: st.DataObject
) -> None:
    """Multiplying a column by c > 0 leaves the entropy weights unchanged."""
    column = data.draw(st.integers(0, x.shape[1] - 1))
    scaled = x.copy()
    scaled[:, column] *= data.draw(st.floats(0.01, 100.0))
    np.testing.assert_allclose(
        entropy(scaled, normalize=normalize).weights,
        entropy(x, normalize=normalize).weights,
        atol=1e-9,
    )


# --- critic ------------------------------------------------------------------------------


def test_critic_matches_the_textbook_steps() -> None:
    """Min-max by direction, sigma (ddof 1), C = sigma * sum(1 - r), w = C / sum(C)."""
    x = np.array(
        [[649, 4.7, 326, 7.1], [749, 5.5, 401, 7.3], [740, 5.7, 520, 7.6], [400, 5.7, 520, 11.1]]
    )
    benefit = np.array([False, True, True, False])
    result = critic(x, higher_is_better=benefit)
    condition = 4 * 4  # sums over 4 units, then over 4 criteria
    np.testing.assert_allclose(result.weights, _critic_reference(x, benefit), rtol=rtol(condition))
    lo, hi = x.min(axis=0), x.max(axis=0)
    r = np.where(benefit, (x - lo) / (hi - lo), (hi - x) / (hi - lo))
    np.testing.assert_allclose(result.sigma, r.std(axis=0, ddof=1), rtol=rtol(4))
    np.testing.assert_allclose(  # a sum of 4 terms 1 - r, each of operands up to 1
        result.conflict, (1 - np.corrcoef(r, rowvar=False)).sum(axis=0), atol=atol(4.0, condition)
    )
    assert result.n_units == 4
    assert result.constant == ()
    assert isinstance(result, CriticResult)


def test_critic_matches_pymcdm() -> None:
    """CRITIC weights agree with pymcdm's to 1e-9, cost columns given to pymcdm negated."""
    critic_weights = pytest.importorskip("pymcdm.weights").critic_weights
    rng = np.random.default_rng(9)
    for shape in [(3, 2), (8, 3), (30, 6), (200, 10)]:
        x = rng.normal(50, 15, size=shape) * rng.uniform(0.1, 10.0, size=shape[1])
        benefit = rng.random(shape[1]) < 0.6
        theirs = critic_weights(np.where(benefit, x, -x))
        np.testing.assert_allclose(
            critic(x, higher_is_better=benefit).weights, theirs, atol=1e-9, rtol=0
        )


def test_critic_constant_column_weighs_nothing_and_is_left_out() -> None:
    """A constant column gets weight 0 and the others weigh as if it were absent."""
    x = np.array([[1.0, 5, 2, 9], [2, 5, 7, 3], [4, 5, 1, 4], [3, 5, 3, 8]])
    result = critic(x)
    assert result.constant == (1,)
    assert result.weights[1] == 0.0
    assert result.sigma[1] == 0.0
    np.testing.assert_allclose(
        result.weights[[0, 2, 3]], critic(x[:, [0, 2, 3]]).weights, rtol=rtol(4 * 4)
    )


def test_rounding_noise_is_not_a_spread() -> None:
    """A column whose values differ only by rounding (0.1 + 0.2 vs 0.3) counts as constant."""
    x = np.array([[0.1 + 0.2, 1.0, 4.0], [0.3, 2.0, 1.0], [0.3, 4.0, 2.0], [0.1 + 0.2, 3.0, 5.0]])
    assert np.ptp(x[:, 0]) > 0
    for result in (critic(x), entropy(x), entropy(x, normalize="minmax")):
        assert result.constant == (0,)
        assert result.weights[0] == 0.0
    np.testing.assert_allclose(critic(x).weights[1:], critic(x[:, 1:]).weights, rtol=rtol(4 * 3))
    message = "critic: at least one criterion (column) must vary across units; got all 1 constant."
    with pytest.raises(InputError, match=re.escape(message)):
        critic(x[:, :1])


def test_critic_single_varying_column_gets_all_the_weight() -> None:
    """With one varying column the conflict is zero and the weight falls back to sigma."""
    result = critic([[1, 3], [2, 3], [5, 3]])
    np.testing.assert_array_equal(result.weights, [1.0, 0.0])


def test_critic_columns_with_one_and_the_same_information_share_equally() -> None:
    """Perfectly correlated columns (after direction) have zero conflict and share equally."""
    base = np.array([0.0, 1, 2, 4])
    x = np.column_stack([base, 3 * base + 10, -base])
    result = critic(x, higher_is_better=[True, True, False])
    # conflict = sum of 1 - r with r = 1 up to rounding: it cancels, against operands of 1
    np.testing.assert_allclose(result.weights, [1 / 3, 1 / 3, 1 / 3], rtol=rtol(4 * 3))
    np.testing.assert_allclose(result.conflict, [0.0, 0.0, 0.0], atol=atol(3.0, 4 * 3))


def test_critic_partly_correlated_columns_follow_the_formula() -> None:
    """Two perfectly correlated columns next to a third still follow the textbook formula."""
    base = np.array([0.0, 1, 2, 4])
    x = np.column_stack([base, [0.0, 3, 4, 5], base + 10])
    np.testing.assert_allclose(
        critic(x).weights,
        _critic_reference(x, np.ones(3, dtype=bool)),
        rtol=rtol(4 * 3),  # sums over 4 units, then over 3 criteria
    )


def test_critic_two_units_are_enough() -> None:
    """Two units give correlations of +-1 and still a weight vector."""
    result = critic([[1, 5, 2], [3, 4, 2]])
    np.testing.assert_allclose(result.weights, [0.5, 0.5, 0.0], rtol=rtol(2 * 3), atol=0)


def test_critic_direction_changes_the_correlations() -> None:
    """Turning a column to lower-is-better flips the sign of its correlations."""
    x = np.array([[1.0, 2, 0], [2, 3, 5], [3, 5, 1], [4, 4, 4]])
    plain = critic(x)
    flipped = critic(x, higher_is_better=[True, False, True])
    assert not np.allclose(plain.weights, flipped.weights)
    np.testing.assert_allclose(
        flipped.weights, _critic_reference(x, np.array([True, False, True])), rtol=rtol(4 * 3)
    )


def test_critic_drop_units_and_errors() -> None:
    """NaN handling and messages are shared with entropy."""
    x = np.array([[1, 2, 3], [4, np.nan, 6], [7, 8, 1], [2, 9, 4.0]])
    message = (
        "critic: matrix[1, 1] must not be missing (NaN) with missing='error'; got nan. "
        "Pass missing='drop_units' to drop the units (rows) with a missing score."
    )
    with pytest.raises(InputError, match=re.escape(message)):
        critic(x)
    result = critic(x, missing="drop_units")
    assert result.n_units == 3
    assert result == critic(x[[0, 2, 3]])
    with pytest.raises(InputError, match=re.escape("critic: missing must be one of")):
        critic(x, missing="mean")  # type: ignore[arg-type]
    all_constant = "critic: at least one criterion (column) must vary across units; got all 2"
    with pytest.raises(InputError, match=re.escape(all_constant)):
        critic([[1, 1], [1, 1]])


@given(score_matrices())
def test_critic_weights_are_a_distribution(x: np.ndarray) -> None:
    """CRITIC weights are finite, non-negative and sum to 1."""
    result = critic(x)
    assert np.all(np.isfinite(result.weights))
    assert np.all(result.weights >= 0)
    assert result.weights.sum() == pytest.approx(1.0, rel=rtol(x.shape[1]))  # a sum of n terms


@given(score_matrices(), st.data())
def test_critic_permuting_criteria_permutes_weights(x: np.ndarray, data: st.DataObject) -> None:
    """Reordering the columns (and their directions) reorders the weights."""
    perm = np.array(data.draw(st.permutations(range(x.shape[1]))))
    better = np.array(data.draw(st.lists(st.booleans(), min_size=x.shape[1], max_size=x.shape[1])))
    plain = critic(x, higher_is_better=better)
    moved = critic(x[:, perm], higher_is_better=better[perm])
    np.testing.assert_allclose(moved.weights, plain.weights[perm], atol=1e-9)


@given(score_matrices(), st.data())
def test_critic_ignores_the_scale_of_a_column(x: np.ndarray, data: st.DataObject) -> None:
    """Multiplying a column by c > 0 leaves the CRITIC weights unchanged."""
    column = data.draw(st.integers(0, x.shape[1] - 1))
    scaled = x.copy()
    scaled[:, column] *= data.draw(st.floats(0.01, 100.0))
    np.testing.assert_allclose(critic(scaled).weights, critic(x).weights, atol=1e-9)


# --- rank-based weights ------------------------------------------------------------------


def test_rank_order_centroid_for_four() -> None:
    """ROC for n = 4 is 25/48, 13/48, 7/48, 3/48 (Barron & Barrett 1996)."""
    result = rank_order_centroid(4)
    np.testing.assert_allclose(result.weights, np.array([25, 13, 7, 3]) / 48, rtol=rtol(4))
    assert result.method == "rank_order_centroid"
    assert isinstance(result, RankWeights)


def test_rank_sum_for_four() -> None:
    """Rank sum for n = 4 is 0.4, 0.3, 0.2, 0.1."""
    np.testing.assert_allclose(rank_sum(4).weights, [0.4, 0.3, 0.2, 0.1], rtol=rtol(1))


def test_equal_for_four() -> None:
    """Equal weights for n = 4 are 0.25 each."""
    np.testing.assert_array_equal(equal(4).weights, [0.25] * 4)


@pytest.mark.parametrize("function", [rank_order_centroid, rank_sum, equal])
def test_rank_weights_for_one_criterion(function: object) -> None:
    """One criterion gets the whole weight."""
    np.testing.assert_array_equal(function(1).weights, [1.0])  # type: ignore[operator]


@pytest.mark.parametrize("function", [rank_order_centroid, rank_sum, equal])
@pytest.mark.parametrize("n", [0, -2, 2.5, True, "3", None])
def test_rank_weights_reject_a_bad_n(function: object, n: object) -> None:
    """The number of criteria must be a positive int."""
    name = function.__name__  # type: ignore[attr-defined]
    message = f"{name}: n must be a positive int; got {n!r}."
    with pytest.raises(InputError, match=re.escape(message)):
        function(n)  # type: ignore[operator]


def test_rank_weights_accept_numpy_integers() -> None:
    """A numpy integer is an int."""
    np.testing.assert_allclose(rank_sum(np.int64(3)).weights, [0.5, 1 / 3, 1 / 6], rtol=rtol(1))


@given(st.integers(1, 300))
def test_rank_weights_decrease_and_sum_to_one(n: int) -> None:
    """ROC and rank-sum weights are positive, non-increasing and sum to 1."""
    for result in (rank_order_centroid(n), rank_sum(n), equal(n)):
        assert result.weights.shape == (n,)
        assert np.all(result.weights > 0)
        assert np.all(np.diff(result.weights) <= 0)  # rounding is monotone: no tolerance
        assert result.weights.sum() == pytest.approx(1.0, rel=rtol(n))  # a sum of n terms
        assert not result.weights.flags.writeable


def test_leaf_weights_multiply_down_the_tree() -> None:
    """leaf_weights gives the product of normalised sibling weights, as appraise uses."""
    criteria = [
        ap.Criterion(
            "economy", 3, children=[ap.Criterion("growth", 1), ap.Criterion("revenue", 1)]
        ),
        ap.Criterion("services", 1),
    ]
    np.testing.assert_allclose(weights.leaf_weights(criteria), [0.375, 0.375, 0.25])
    np.testing.assert_allclose(
        weights.leaf_weights(criteria), ap.Scheme(["A"], criteria).criterion_weights
    )


def test_derived_weights_feed_a_scheme() -> None:
    """assign and Criterion.with_weights put derived weights into a criteria tree."""
    scheme = ap.Scheme(
        ["A"],
        [ap.Criterion("x"), ap.Criterion("y", children=[ap.Criterion("y1"), ap.Criterion("y2")])],
    )
    top = weights.assign(scheme.criteria, weights.rank_order_centroid(2))
    top = (top[0], top[1].with_weights(weights.equal(2)))
    np.testing.assert_allclose(weights.leaf_weights(top), [0.75, 0.125, 0.125])
    with pytest.raises(
        ap.SchemeError,
        match=re.escape("assign: weights must give one weight per criterion (2); got 3."),
    ):
        weights.assign(scheme.criteria, [1, 2, 3])
