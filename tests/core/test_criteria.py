"""The criteria pass: each rater's weighted mean of its mapped criterion scores."""

import numpy as np
import pytest

from appraisal import core
from tests.tolerance import atol, rtol


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
    # a weighted mean of 3 scores of up to 100 in size, which may cancel to near 0
    np.testing.assert_allclose(out.scores, expected, rtol=rtol(3), atol=atol(100.0, 3))
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


def test_rater_scores_finds_a_criterion_scored_only_in_the_last_block() -> None:
    """A criterion scored in one late cell counts as scored; one never scored does not."""
    values = np.full((50, 4_000, 3), np.nan)  # far more rows than one block
    values[:, :, 0] = 60.0
    values[-1, -1, 1] = 70.0
    weights, zeros, ones = np.ones(3), np.zeros(3), np.ones(3)
    high = np.full(3, 100.0)
    out = core.rater_scores(values, weights, zeros, ones, low=zeros, high=high)
    assert out.scored.tolist() == [True, True, False]
