"""The numpy kernels: rounding as printed, ranking, the criteria pass and the tree fold."""

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraisal import core


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2.675, 2, 2.68),
        (1.005, 2, 1.01),
        (4.015, 2, 4.02),
        (0.125, 2, 0.13),
        (-2.5, 0, -3.0),
        (2.6749999, 2, 2.67),
        (0.5, 0, 1.0),
        (-0.004, 2, 0.0),
        (83.425, 2, 83.43),
        (99.9999995, 6, 100.0),
    ],
)
def test_round_half_up_as_printed(value: float, decimals: int, expected: float) -> None:
    """The design's examples round as a person reading the printed value would."""
    out = core.round_half_up(np.array([value]), decimals)
    assert out[0] == expected
    assert not np.signbit(out[0]) or expected < 0


def _decimal_reference(value: float, decimals: int) -> float:
    printed = Decimal(f"{value:.12g}")
    return float(printed.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


@given(
    st.lists(
        st.floats(-1e6, 1e6, allow_nan=False)
        | st.integers(-(10**6), 10**6).map(lambda i: i / 1000 + 0.0005),
        min_size=1,
        max_size=50,
    ),
    st.integers(0, 6),
)
def test_round_half_up_agrees_with_decimal(values: list[float], decimals: int) -> None:
    """On random values and exact midpoints alike, the result is the decimal module's."""
    out = core.round_half_up(np.array(values), decimals)
    expected = [_decimal_reference(v, decimals) for v in values]
    np.testing.assert_array_equal(out, np.array(expected) + 0.0)


def test_round_keeps_nan() -> None:
    """NaN stays NaN."""
    assert np.isnan(core.round_half_up(np.array([np.nan]), 2)[0])


def test_rank_all_nan() -> None:
    """An all-NaN input ranks to all NaN."""
    assert np.isnan(core.rank(np.array([np.nan, np.nan]), ties="min", descending=True)).all()


def test_rank_ordinal_breaks_ties_by_position() -> None:
    """Ordinal ranking gives tied values places in the order they stand."""
    out = core.rank(np.array([5.0, 7.0, 5.0, 7.0]), ties="ordinal", descending=True)
    assert out.tolist() == [3.0, 1.0, 4.0, 2.0]


def test_rater_scores_blocks_agree_with_direct_computation() -> None:
    """The blocked criteria pass equals a direct nan-aware weighted mean, across block edges."""
    rng = np.random.default_rng(1)
    values = rng.uniform(0, 10, size=(7, 50_000, 3))
    values[rng.random(values.shape) < 0.2] = np.nan
    weights = np.array([0.5, 0.3, 0.2])
    offsets, slopes = np.array([0.0, 100.0, 0.0]), np.array([10.0, -10.0, 10.0])
    out = core.rater_scores(
        values, weights, offsets, slopes, low=np.full(3, -100.0), high=np.full(3, 100.0)
    )
    mapped = offsets + slopes * values
    present = ~np.isnan(values)
    total = (present * weights).sum(axis=2)
    expected = np.where(present, mapped, 0.0) @ weights / np.where(total > 0, total, np.nan)
    np.testing.assert_allclose(out.scores, expected, rtol=1e-13, atol=1e-12)
    np.testing.assert_array_equal(np.isnan(out.scores), total == 0)
    assert not out.outside


@pytest.mark.parametrize("high", [np.full(3, 10.0), np.array([10.0, 20.0, 30.0])])
def test_rater_scores_notices_a_score_outside_its_scale(high: np.ndarray) -> None:
    """One score above its criterion's scale sets `outside`, for uniform and mixed scales."""
    values = np.full((2, 3, 3), 5.0)
    weights, zeros, ones = np.ones(3), np.zeros(3), np.ones(3)
    assert not core.rater_scores(values, weights, zeros, ones, low=zeros, high=high).outside
    values[1, 2, 0] = 10.5
    assert core.rater_scores(values, weights, zeros, ones, low=zeros, high=high).outside


def test_trimmed_ties_at_the_cut_follow_member_order() -> None:
    """Tied scores at a cut: the earlier member counts as lower, so the low cut drops it first."""
    scores = np.array([[70.0], [70.0], [80.0], [90.0], [90.0]])
    spec = core.GroupSpec(np.arange(5), np.ones(5), np.array([0, 0, 0, 1, 1, 1]), 1)
    out = core.fold(scores, [spec], root=0)
    assert out.dropped[:, 0].tolist() == [True, False, False, False, True]
    assert out.base[0] == pytest.approx((70 + 80 + 90) / 3)
