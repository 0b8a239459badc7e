"""Hypothesis strategies: schemes with random rater trees and rules, score cubes with holes."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

import appraisal as ap

RULES: list[Any] = ["mean", "median", ap.Trimmed(1)]


@st.composite
def schemes(draw: st.DrawFn, *, rules: list[Any] | None = None, max_groups: int = 3) -> ap.Scheme:
    """A two-level rater tree (root, groups, raters) with random weights and rules."""
    n_groups = draw(st.integers(1, max_groups))
    groups = []
    rater = 0
    for g in range(n_groups):
        rule = draw(st.sampled_from(rules or RULES))
        least = 3 if isinstance(rule, ap.Trimmed) else 1
        n = draw(st.integers(least, 5))
        members = [f"r{rater + i}" for i in range(n)]
        rater += n
        member_weights = (
            {m: draw(st.floats(0.5, 3.0)) for m in members}
            if rule == "mean" and draw(st.booleans())
            else None
        )
        groups.append(
            ap.RaterGroup(
                f"g{g}",
                draw(st.floats(0.1, 1.0)),
                members=members,
                rule=rule,
                member_weights=member_weights,
            )
        )
    n_criteria = draw(st.integers(1, 3))
    criteria = [ap.Criterion(f"c{i}", draw(st.floats(0.1, 1.0))) for i in range(n_criteria)]
    return ap.Scheme(
        raters=groups, criteria=criteria, decimals=draw(st.sampled_from([None, 0, 1, 2]))
    )


@st.composite
def cubes(
    draw: st.DrawFn, scheme: ap.Scheme, *, n_units: int | None = None, holes: bool = True
) -> np.ndarray:
    """Scores (raters, units, criteria) on 0..100 in steps of 0.5 (so ties occur), NaN holes."""
    n_units = n_units or draw(st.integers(1, 6))
    shape = (len(scheme.rater_names), n_units, len(scheme.criterion_names))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    values = rng.integers(100, 201, size=shape) / 2.0
    if holes:
        values[rng.random(shape) < draw(st.sampled_from([0.0, 0.1, 0.3]))] = np.nan
    return values


def sheet_of(scheme: ap.Scheme, values: np.ndarray) -> ap.ScoreSheet:
    """A sheet in the scheme's order, units u0, u1, ..."""
    units = [f"u{i}" for i in range(values.shape[1])]
    return ap.ScoreSheet.from_array(
        values, raters=scheme.rater_names, units=units, criteria=scheme.criterion_names
    )
