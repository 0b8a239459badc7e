"""Rounding half-up *as printed*: what a person reading the printed value would do."""

import numpy as np

from appraisal._typing import FloatArray

SIGNIFICANT = 12
# Values whose scaled fraction lies this close (relative) to one half are settled in
# decimal arithmetic; every other value rounds the same way in binary.
_NEAR_HALF = 2e-11


def round_half_up(values: FloatArray, decimals: int) -> FloatArray:
    """Round half away from zero at `decimals`, as the value prints with 12 digits.

    The value is first written with 12 significant digits, then rounded half-up in
    decimal arithmetic, so binary noise below the 12th digit never decides: 2.675
    (stored as 2.67499999999999982...) rounds to 2.68. Values far from a rounding
    midpoint are rounded in binary at once; only those near one are formatted.
    NaN stays NaN; -0.0 becomes 0.0.

    Parameters
    ----------
    values : ndarray of float64
        Finite or NaN.
    decimals : int
        0..6.

    Examples
    --------
    >>> round_half_up(np.array([2.675, 1.005, 4.015, 0.125, 2.6749999, np.nan]), 2)
    array([2.68, 1.01, 4.02, 0.13, 2.67,  nan])
    >>> round_half_up(np.array([-2.5, 0.5, -0.4]), 0)
    array([-3.,  1.,  0.])
    """
    scale = 10.0**decimals
    scaled = values * scale
    magnitude = np.abs(scaled)
    whole = np.floor(magnitude)
    fraction = magnitude - whole
    rounded: FloatArray = whole + (fraction >= 0.5)
    np.copysign(rounded, scaled, out=rounded)
    rounded /= scale
    with np.errstate(invalid="ignore"):
        np.subtract(fraction, 0.5, out=fraction)
        near = np.abs(fraction, out=fraction) <= np.multiply(magnitude, _NEAR_HALF, out=magnitude)
    if near.any():
        rounded[near] = _round_printed(values[near], decimals)
    rounded += 0.0
    return rounded


def _round_printed(values: FloatArray, decimals: int) -> FloatArray:
    """Round in decimal arithmetic from the 12-significant-digit text of each value."""
    text = np.strings.mod(f"%.{SIGNIFICANT - 1}e", values)
    mantissa_text, _, exponent_text = np.strings.partition(text, "e")
    mantissa = np.strings.replace(mantissa_text, ".", "").astype(np.int64)
    exponent = exponent_text.astype(np.int64)
    shift = exponent - (SIGNIFICANT - 1) + decimals  # value * 10**decimals == mantissa * 10**shift
    out: FloatArray = np.empty(values.shape)
    exact = shift >= 0
    power = (SIGNIFICANT - 1) - exponent[exact]
    out[exact] = np.where(
        power >= 0,
        mantissa[exact] / 10.0 ** np.maximum(power, 0),
        mantissa[exact] * 10.0 ** np.maximum(-power, 0),
    )
    cut = ~exact
    divisor = 10 ** np.minimum(-shift[cut], 18)
    quotient = (np.abs(mantissa[cut]) + divisor // 2) // divisor
    out[cut] = np.copysign(quotient, mantissa[cut]) / 10.0**decimals
    return out
