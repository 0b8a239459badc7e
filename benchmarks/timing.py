"""The one timing helper the benchmark scripts share."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_time(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` calls of `action`, in seconds (``time.perf_counter``)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
