"""Weights drawn on the simplex: uniform, Dirichlet around the nominal weights, within bounds."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from appraisal._text import did_you_mean
from appraisal._typing import FloatArray
from appraisal.errors import InputError

__all__ = ["ACCEPTANCE_FLOOR", "WeightLaw", "weight_law"]

ACCEPTANCE_FLOOR = 0.001
"""Bounds that keep a smaller share of the draws than this are refused."""

_PILOT = 20_000


class WeightLaw:
    """How one set of sibling weights is drawn: a law on the simplex, optionally bounded."""

    def __init__(
        self,
        nominal: FloatArray,
        kind: str,
        concentration: float,
        low: FloatArray | None,
        high: FloatArray | None,
    ) -> None:
        self.nominal, self.kind, self.concentration = nominal, kind, concentration
        self.low, self.high = low, high

    def draw(self, rng: np.random.Generator, size: int) -> FloatArray:
        """`size` weight vectors ``(size, k)``, each on the simplex (and within the bounds)."""
        if self.low is None or self.high is None:
            return self._free(rng, size)
        kept: list[FloatArray] = []
        while sum(len(k) for k in kept) < size:  # rounds of rejection, not draws
            batch = self._free(rng, 2 * size)
            kept.append(batch[((batch >= self.low) & (batch <= self.high)).all(axis=1)])
        return np.concatenate(kept)[:size]

    def _free(self, rng: np.random.Generator, size: int) -> FloatArray:
        k = len(self.nominal)
        if self.kind == "uniform":
            return rng.dirichlet(np.ones(k), size)
        if math.isinf(self.concentration):
            return np.broadcast_to(self.nominal, (size, k)).copy()
        alpha = np.maximum(self.concentration * self.nominal, 1e-12)
        return rng.dirichlet(alpha, size)


def weight_law(
    names: tuple[str, ...],
    nominal: FloatArray,
    kind: Any,
    *,
    concentration: Any,
    bounds: Mapping[str, Any] | None,
    what: str,
) -> WeightLaw:
    """Check the arguments that define a law and build it.

    Raises
    ------
    InputError
        An unknown kind, a concentration that is not positive, bounds naming an unknown
        weight, bounds that are not ``(low, high)`` within 0..1, or bounds that leave
        less than :data:`ACCEPTANCE_FLOOR` of the law's draws.
    """
    if kind not in ("dirichlet", "uniform"):
        message = f"{what}: the law must be 'dirichlet' or 'uniform'; got {kind!r}."
        raise InputError(message)
    if (
        isinstance(concentration, bool)
        or not isinstance(concentration, int | float)
        or not concentration > 0
    ):
        message = f"{what}: concentration must be a positive number (inf for the nominal weights alone); got {concentration!r}."
        raise InputError(message)
    low = high = None
    if bounds:
        low, high = np.zeros(len(names)), np.ones(len(names))
        for name, pair in bounds.items():
            if name not in names:
                message = f"{what}: bounds name {name!r}, which is not a weight that varies ({', '.join(map(repr, names))}){did_you_mean(name, names)}"
                raise InputError(message)
            try:
                lo, hi = (float(v) for v in pair)
            except (TypeError, ValueError):
                message = f"{what}: bounds[{name!r}] must be a pair (low, high); got {pair!r}."
                raise InputError(message) from None
            if not 0.0 <= lo <= hi <= 1.0:
                message = f"{what}: bounds[{name!r}] must satisfy 0 <= low <= high <= 1; got ({lo!r}, {hi!r})."
                raise InputError(message)
            low[names.index(name)], high[names.index(name)] = lo, hi
        if low.sum() > 1.0 or high.sum() < 1.0:
            message = f"{what}: the bounds exclude the simplex: the lows add up to {low.sum():g} and the highs to {high.sum():g}, and the weights add up to 1."
            raise InputError(message)
    law = WeightLaw(np.asarray(nominal, dtype=np.float64), kind, float(concentration), low, high)
    if low is not None and high is not None:
        pilot = law._free(np.random.default_rng(0), _PILOT)
        accepted = ((pilot >= low) & (pilot <= high)).all(axis=1).mean()
        if accepted < ACCEPTANCE_FLOOR:
            message = f"{what}: the bounds leave {accepted:.2%} of the {kind} draws (at least {ACCEPTANCE_FLOOR:.1%} is needed for rejection sampling); widen them."
            raise InputError(message)
    return law
