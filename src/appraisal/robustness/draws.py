"""Random draws in fixed, separately seeded blocks, run in chunks here or on a Dask scheduler.

Block ``i`` of 1,024 draws takes its generator from
``numpy.random.SeedSequence(seed).spawn(n_blocks)[i]``. A chunk of whole blocks returns
*counts* (multiples of one half, so their sum is exact in any order) and, per block, *sums*
(floating point, added up here in block order), so a seed gives the same result bit for
bit whatever the chunk size or the number of workers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from appraisal._typing import FloatArray, IntArray
from appraisal.errors import InputError

__all__ = ["BLOCK", "Kernel", "Totals", "check_count", "row_parts", "run_blocks"]

BLOCK = 1024
"""Draws per seeded block."""
_CACHE_CELLS = 1 << 16
"""Worlds x units handled at once inside a block, so that the arrays stay in cache."""

Progress = bool | Callable[[int, int], Any] | None


class Totals(NamedTuple):
    """What a chunk of blocks gives: exact counts, and floating sums per block."""

    counts: FloatArray
    """(n_counts,): multiples of one half."""
    sums: FloatArray
    """(n_blocks_in_chunk, n_sums)."""


Kernel = Callable[[IntArray, IntArray, list[np.random.SeedSequence]], Totals]
"""Runs the draws of some blocks: ``kernel(block_ids, sizes, seeds)``."""


def check_count(value: Any, name: str, what: str) -> int:
    """A positive integer count of draws or replicates, or an error naming it."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value <= 0:
        message = f"{what}: {name} must be a positive integer; got {value!r}."
        raise InputError(message)
    return int(value)


def row_parts(size: int, n_units: int) -> list[slice]:
    """Consecutive slices of a block's `size` worlds, each small enough to stay in cache."""
    step = max(1, _CACHE_CELLS // max(n_units, 1))
    return [slice(start, min(start + step, size)) for start in range(0, size, step)]


def run_blocks(
    kernel: Kernel,
    n_draws: int,
    *,
    seed: int | None,
    n_counts: int,
    n_sums: int,
    chunk_blocks: int = 1,
    progress: Progress = None,
    scheduler: Any = None,
    what: str,
) -> tuple[FloatArray, FloatArray]:
    """Run `n_draws` in seeded blocks; the summed counts and the block-ordered sum of sums."""
    n_blocks = math.ceil(n_draws / BLOCK)
    sizes = np.full(n_blocks, BLOCK, dtype=np.intp)
    sizes[-1] = n_draws - BLOCK * (n_blocks - 1)
    seeds = np.random.SeedSequence(seed).spawn(n_blocks)
    if scheduler is not None:
        counts, sums = _on_dask(
            kernel, sizes, seeds, n_counts, n_sums, chunk_blocks, scheduler, what
        )
    else:
        report = _reporter(progress, n_draws, what)
        counts = np.zeros(n_counts)
        parts = []
        for start in range(0, n_blocks, chunk_blocks):  # chunks of whole blocks
            ids = np.arange(start, min(start + chunk_blocks, n_blocks))
            totals = kernel(ids, sizes[ids], [seeds[i] for i in ids])
            counts += totals.counts
            parts.append(totals.sums)
            report(int(sizes[: ids[-1] + 1].sum()))
        report(None)
        sums = np.concatenate(parts)
    return counts, sums.sum(axis=0)


def _reporter(progress: Progress, total: int, what: str) -> Callable[[int | None], None]:
    """A function of draws done so far (None: finished) that reports to `progress`."""
    if progress is None or progress is False:
        return lambda done: None
    if progress is True:
        try:
            from tqdm.auto import tqdm
        except ImportError:
            message = f"{what}: progress=True draws a bar with tqdm; install it with `pip install 'appraisal[progress]'`, or pass a callable progress(done, total)."
            raise ImportError(message) from None
        bar = tqdm(total=total, desc=what, unit="draw")

        def update(done: int | None) -> None:
            if done is None:
                bar.close()
            else:
                bar.update(done - bar.n)

        return update
    if not callable(progress):
        message = f"{what}: progress must be True, a callable progress(done, total), or None; got {progress!r}."
        raise InputError(message)
    call = progress
    return lambda done: None if done is None else call(done, total)


def _on_dask(
    kernel: Kernel,
    sizes: IntArray,
    seeds: list[np.random.SeedSequence],
    n_counts: int,
    n_sums: int,
    chunk_blocks: int,
    scheduler: Any,
    what: str,
) -> tuple[FloatArray, FloatArray]:
    """The same chunks as a dask.array of block ids mapped by the kernel."""
    try:
        import dask.array as da
        from dask.base import compute
    except ImportError:
        message = f"{what}: scheduler= runs the draws with Dask; install it with `pip install 'appraisal[dask]'`."
        raise ImportError(message) from None
    if not (scheduler in ("threads", "processes", "synchronous") or hasattr(scheduler, "get")):
        message = f"{what}: scheduler must be a distributed.Client or one of 'threads', 'processes', 'synchronous'; got {scheduler!r}."
        raise InputError(message)
    ids = da.arange(len(sizes), chunks=chunk_blocks)

    def chunk(block_ids: IntArray) -> FloatArray:
        totals = kernel(block_ids, sizes[block_ids], [seeds[i] for i in block_ids])
        row = np.zeros((len(block_ids), n_counts + n_sums))
        row[0, :n_counts] = totals.counts  # the chunk's counts ride on its first row
        row[:, n_counts:] = totals.sums
        return row

    rows = ids.map_blocks(
        chunk, new_axis=1, chunks=(ids.chunks[0], (n_counts + n_sums,)), dtype=np.float64
    )
    both = (rows[:, :n_counts].sum(axis=0), rows[:, n_counts:])
    counts, sums = compute(*both, scheduler=scheduler)  # type: ignore[no-untyped-call]
    return np.asarray(counts), np.asarray(sums)
