"""Ranking with ties, as scipy.stats.rankdata names the tie methods."""

import numpy as np

from appraisal import core


def test_rank_all_nan() -> None:
    """An all-NaN input ranks to all NaN."""
    assert np.isnan(core.rank(np.array([np.nan, np.nan]), ties="min", descending=True)).all()


def test_rank_ordinal_breaks_ties_by_position() -> None:
    """Ordinal ranking gives tied values places in the order they stand."""
    out = core.rank(np.array([5.0, 7.0, 5.0, 7.0]), ties="ordinal", descending=True)
    assert out.tolist() == [3.0, 1.0, 4.0, 2.0]
