"""Rounding half-up as printed, checked against the decimal module."""

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


def _decimal_reference(value: float, decimals: int) -> float:
    printed = Decimal(f"{value:.12g}")
    return float(printed.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
