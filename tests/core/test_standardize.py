"""Rater standardisation (z-score, min-max, rank) and the z-maps of group alignment."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from appraisal.core.standardize import METHODS, standardize, z_maps

NAN = np.nan


def test_minmax_maps_each_row_onto_the_scale() -> None:
    """Min-max sends each row's lowest score to `low` and its highest to `high`."""
    scores = np.array([[60.0, 70.0, 80.0], [90.0, NAN, 95.0]])
    out = standardize(scores, "minmax", low=50.0, high=100.0)
    # row 0: 50 + 50·(s - 60)/20; row 1: 50 + 50·(s - 90)/5
    np.testing.assert_allclose(out.scores, [[50.0, 75.0, 100.0], [50.0, NAN, 100.0]], rtol=1e-12)
    np.testing.assert_array_equal(out.kept, [False, False])


def test_rank_maps_average_ranks_onto_the_scale() -> None:
    """Rank replaces scores by average ranks (ties share), then maps them min-max."""
    scores = np.array([[30.0, 10.0, 20.0, 20.0], [NAN, 5.0, 9.0, 7.0]])
    out = standardize(scores, "rank", low=0.0, high=100.0)
    # row 0 ranks 4, 1, 2.5, 2.5 -> 100·(r - 1)/3; row 1 ranks 1, 3, 2 -> 100·(r - 1)/2
    np.testing.assert_allclose(
        out.scores, [[100.0, 0.0, 50.0, 50.0], [NAN, 0.0, 100.0, 50.0]], rtol=1e-12
    )


def test_zscore_maps_rows_onto_the_pooled_mean_and_sd() -> None:
    """Z-score maps each row onto the mean and SD (ddof 0) of all present scores."""
    scores = np.array([[60.0, 70.0, 80.0], [90.0, 95.0, NAN]])
    out = standardize(scores, "zscore", low=0.0, high=100.0)
    # pooled: mean 395/5 = 79; squares 19² + 9² + 1² + 11² + 16² = 820, SD √(820/5) = √164
    # row 0: mean 70, SD √(200/3), z = ∓√(3/2), 0; row 1: mean 92.5, SD 2.5, z = ∓1
    a, b = math.sqrt(164 * 1.5), math.sqrt(164)
    np.testing.assert_allclose(
        out.scores, [[79 - a, 79.0, 79 + a], [79 - b, 79 + b, NAN]], rtol=1e-12
    )


def test_zscore_pools_over_kept_rows_too() -> None:
    """A kept row is unchanged but its scores still enter the pooled mean and SD."""
    scores = np.array([[40.0, 60.0], [NAN, 100.0]])
    out = standardize(scores, "zscore", low=0.0, high=100.0)
    # pooled over 40, 60, 100: mean 200/3, SD² ((80/3)² + (20/3)² + (100/3)²)/3 = 5600/9
    mean, sd = 200 / 3, math.sqrt(5600 / 9)
    np.testing.assert_allclose(out.scores, [[mean - sd, mean + sd], [NAN, 100.0]], rtol=1e-12)
    np.testing.assert_array_equal(out.kept, [False, True])


@pytest.mark.parametrize("method", METHODS)
def test_rows_without_two_distinct_scores_are_kept(method: str) -> None:
    """Rows with fewer than two scores, or one value for all, are returned as given."""
    scores = np.array([[NAN, 75.0, NAN], [50.0, 50.0, NAN], [NAN, NAN, NAN], [10.0, 20.0, 40.0]])
    out = standardize(scores, method, low=0.0, high=100.0)
    np.testing.assert_array_equal(out.kept, [True, True, True, False])
    np.testing.assert_array_equal(out.scores[:3], scores[:3])
    np.testing.assert_array_equal(np.isnan(out.scores), np.isnan(scores))


def test_z_maps_send_rows_to_the_pooled_moments() -> None:
    """Each row's map gives it the pooled mean and SD; the hand values check the slopes."""
    scores = np.array([[95.0, 97.0], [60.0, 100.0]])
    offset, slope, kept = z_maps(scores)
    # pooled: mean 352/4 = 88; squares 7² + 9² + 28² + 12² = 1058, SD √264.5
    # row 0: mean 96, SD 1; row 1: mean 80, SD 20
    sd = math.sqrt(264.5)
    np.testing.assert_allclose(slope, [sd, sd / 20], rtol=1e-12)
    np.testing.assert_allclose(offset, [88 - 96 * sd, 88 - 80 * sd / 20], rtol=1e-12)
    np.testing.assert_array_equal(kept, [False, False])


def test_z_maps_keep_rows_without_spread() -> None:
    """A row with one score, or scores equal up to rounding, keeps the identity map."""
    scores = np.array([[0.1 + 0.2, 0.3], [70.0, NAN], [NAN, NAN], [60.0, 80.0]])
    offset, slope, kept = z_maps(scores)
    np.testing.assert_array_equal(kept, [True, True, True, False])
    np.testing.assert_array_equal(offset[:3], 0.0)
    np.testing.assert_array_equal(slope[:3], 1.0)


score_rows = hnp.arrays(
    np.float64,
    st.tuples(st.integers(1, 4), st.integers(1, 6)),
    elements=st.one_of(st.just(NAN), st.integers(0, 200).map(lambda v: v / 2.0)),
)


@given(scores=score_rows, method=st.sampled_from(METHODS))
def test_nan_stays_nan_and_kept_rows_stay_put(scores: np.ndarray, method: str) -> None:
    """Every method keeps the NaN pattern, and leaves exactly the rows without spread alone."""
    out = standardize(scores, method, low=0.0, high=100.0)
    np.testing.assert_array_equal(np.isnan(out.scores), np.isnan(scores))
    spread = np.array([np.unique(row[~np.isnan(row)]).size >= 2 for row in scores])
    np.testing.assert_array_equal(out.kept, ~spread)
    np.testing.assert_array_equal(out.scores[out.kept], scores[out.kept])


@given(scores=score_rows, method=st.sampled_from(["minmax", "rank"]))
def test_minmax_and_rank_span_the_scale(scores: np.ndarray, method: str) -> None:
    """A standardised row runs from `low` to `high` and keeps the order of its scores."""
    out = standardize(scores, method, low=20.0, high=80.0)
    for row, mapped in zip(scores[~out.kept], out.scores[~out.kept], strict=True):
        present = ~np.isnan(row)
        np.testing.assert_allclose(np.nanmin(mapped), 20.0, rtol=1e-12)
        np.testing.assert_allclose(np.nanmax(mapped), 80.0, rtol=1e-12)
        order = np.argsort(row[present], kind="stable")
        assert (np.diff(mapped[present][order]) >= 0).all()


@given(scores=score_rows)
def test_zscore_rows_take_the_pooled_moments(scores: np.ndarray) -> None:
    """Each standardised row ends with the pooled mean and SD of all present scores."""
    out = standardize(scores, "zscore", low=0.0, high=100.0)
    present = scores[~np.isnan(scores)]
    offset, slope, kept = z_maps(scores)
    np.testing.assert_array_equal(kept, out.kept)
    for row, mapped in zip(scores[~out.kept], out.scores[~out.kept], strict=True):
        values = mapped[~np.isnan(row)]
        np.testing.assert_allclose(values.mean(), present.mean(), rtol=1e-9)
        np.testing.assert_allclose(values.std(), present.std(), rtol=1e-9)
    np.testing.assert_allclose(
        offset[~kept, None] + slope[~kept, None] * scores[~kept], out.scores[~kept], rtol=1e-9
    )
