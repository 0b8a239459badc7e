"""Honest tolerances for floats the library computed, stated by the condition of each computation.

A float that took a few roundings is off by a few units of float64's machine epsilon
(``EPS``, 2.2e-16) relative to its scale, times the computation's *condition*: how much
it can amplify one rounding. ``rtol(condition)`` allows ``16 * EPS * condition``; the
factor 16 covers the roundings nobody counts (the order of a sum, a fused multiply-add,
a BLAS that blocks differently on another machine), so a test passes on any machine
that computes correctly, and fails on an error of more than a few bits.

Each use states its condition:

- a sum or mean of ``n`` positive terms (a weighted mean, shares that add up to 1): ``n``;
- an AHP eigenproblem of order ``n``: ``n * max(a)``, the largest judgement bounding how
  far the eigenvector's rounding spreads;
- a result that cancels (a difference, a variance, a correlation, a value near 0): its
  error is relative to its operands, not to itself, so compare it absolutely with
  ``atol(scale, condition)``, ``scale`` the size of the operands.

Where bit-identity is promised (the same seed, any chunking, the same code path, rounded
published scores) the tests compare exactly instead.
"""

import numpy as np

EPS = float(np.finfo(np.float64).eps)


def rtol(condition: float) -> float:
    """A relative tolerance for a result whose rounding errors are amplified `condition` times.

    >>> rtol(1) == 16 * EPS
    True
    """
    return 16 * EPS * condition


def atol(scale: float, condition: float = 1.0) -> float:
    """An absolute tolerance for a result of operands of size `scale` (it may cancel to 0).

    >>> atol(100.0, 4) == 100.0 * rtol(4)
    True
    """
    return scale * rtol(condition)
