"""Fixtures of the robustness tests: the example county, and one local Dask cluster."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import appraisal as ap
from appraisal.data import appraise_example


@pytest.fixture(scope="package")
def example() -> tuple[ap.Appraisal, ap.Appraisal]:
    """The example county appraised this year, and last year's result (results are immutable)."""
    return appraise_example()


@pytest.fixture(scope="package")
def client() -> Iterator[Any]:
    """A ``distributed.Client`` on a local cluster of two single-threaded worker processes."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as dask_client,
    ):
        yield dask_client
