"""Many worlds at once rank and fill tiers exactly as one world through standing and tiers."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.core.rank import TIES
from appraisal.core.standing import standing, tiers
from appraisal.core.worlds import Rules, world_places


def one_by_one(
    scores: np.ndarray, rules: Rules, keys: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """The reference: each world through standing and tiers, the way publishing does."""
    ranks, tier_rows = [], []
    for w in range(scores.shape[0]):
        stacked = [scores[w], *(k[w] for k in keys)]
        score_key = 0
        if rules.lead is not None:
            stacked.insert(0, rules.lead)
            score_key = 1
        place = standing(np.array(stacked), rules.categories, score_key=score_key, ties=rules.ties)
        ranks.append(place.rank)
        tier = np.full(scores.shape[1], -1)
        if rules.min_scores is not None and rules.capacity is not None:
            assert rules.eligible is not None
            scored = ~np.isnan(scores[w])
            tier, _, _ = tiers(
                place.order,
                place.block,
                rules.categories,
                scores[w],
                scored & rules.eligible,
                rules.min_scores,
                rules.capacity,
                include_ties=rules.include_ties,
            )
            if rules.last is not None:
                tier[rules.last & scored] = len(rules.min_scores) - 1
        tier_rows.append(tier)
    return np.array(ranks), np.array(tier_rows)


@st.composite
def worlds(draw: st.DrawFn) -> tuple[np.ndarray, Rules, list[np.ndarray], int]:
    """A few worlds of coarse scores (many ties), categories, vetoes, tiers and a tie key."""
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 12))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    decimals = draw(st.integers(0, 2))
    scores = np.round(rng.choice([70.0, 80.0, 80.5, 90.0], size=(m, n)), decimals)
    scores[rng.random((m, n)) < 0.1] = np.nan
    n_categories = draw(st.integers(1, 3))
    categories = rng.integers(0, n_categories, n).astype(np.intp)
    vetoed = rng.random(n) < 0.2
    veto = draw(st.sampled_from(["exclude", "rank_last", "last_tier"]))
    if veto == "exclude":
        scores[:, vetoed] = np.nan
    n_tiers = draw(st.integers(0, 3))
    has_tiers = n_tiers > 0
    rules = Rules(
        categories=categories,
        ties=draw(st.sampled_from(TIES)),
        lead=(~vetoed).astype(np.float64) if veto == "rank_last" else None,
        eligible=~vetoed if has_tiers else None,
        last=vetoed if has_tiers and veto != "exclude" else None,
        min_scores=np.array([*rng.choice([-np.inf, 80.0], n_tiers - 1), -np.inf])
        if has_tiers
        else None,
        capacity=rng.integers(0, 4, (n_categories, n_tiers)) if has_tiers else None,
        include_ties=draw(st.booleans()),
    )
    keys = [rng.choice([1.0, 2.0, np.nan], size=(m, n))] if draw(st.booleans()) else []
    return scores, rules, keys, decimals


@settings(max_examples=400)
@given(worlds(), st.booleans(), st.booleans())
def test_equals_one_world_at_a_time(
    case: tuple[np.ndarray, Rules, list[np.ndarray], int], on_grid: bool, counted: bool
) -> None:
    """Sorted or counted, ranks (every tie method) and tiers (quotas, thresholds, vetoes) agree."""
    scores, rules, keys, decimals = case
    with mock.patch("appraisal.core.worlds.worth_counting", return_value=counted):
        out = world_places(scores, rules, keys=keys, decimals=decimals if on_grid else None)
    rank, tier = one_by_one(scores, rules, keys)
    np.testing.assert_array_equal(out.rank, rank)
    np.testing.assert_array_equal(out.tier, tier)


def test_keys_too_wide_for_one_integer() -> None:
    """Distinct float keys that overflow one packed integer are lexsorted instead, same places."""
    rng = np.random.default_rng(0)
    scores = rng.choice([1.0, 2.0], size=(2, 3000))
    keys = [rng.random((2, 3000)) for _ in range(4)]
    rules = Rules(np.zeros(3000, dtype=np.intp), "min")
    out = world_places(scores, rules, keys=keys)
    rank, _ = one_by_one(scores, rules, keys)
    np.testing.assert_array_equal(out.rank, rank)


@pytest.mark.parametrize("include_ties", [False, True])
@pytest.mark.parametrize("ties", ["min", "max", "average", "dense"])
def test_counted_equals_sorted_at_size(ties: str, include_ties: bool) -> None:
    """Thousands of units on a grid, counted in several chunks of worlds, as sorted."""
    rng = np.random.default_rng(7)
    m, n = 60, 3000
    scores = np.round(rng.uniform(60.0, 100.0, (m, n)), 2)
    scores[:, :5] = np.nan
    vetoed = rng.random(n) < 0.05
    rules = Rules(
        categories=rng.integers(0, 3, n).astype(np.intp),
        ties=ties,
        lead=(~vetoed).astype(np.float64),
        eligible=~vetoed,
        last=vetoed,
        min_scores=np.array([-np.inf, 80.0, -np.inf]),
        capacity=np.array([[100, 500, 3000]] * 3),
        include_ties=include_ties,
    )
    with mock.patch("appraisal.core.worlds.worth_counting", return_value=True):
        counted = world_places(scores, rules, decimals=2)
    with mock.patch("appraisal.core.worlds.worth_counting", return_value=False):
        ordered = world_places(scores, rules, decimals=2)
    np.testing.assert_array_equal(counted.rank, ordered.rank)
    np.testing.assert_array_equal(counted.tier, ordered.tier)
