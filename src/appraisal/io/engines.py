"""Who parses a CSV score sheet: the standard library, or pyarrow (``engine=``)."""

from __future__ import annotations

import os
from collections.abc import Callable

from appraisal.errors import InputError
from appraisal.io.arrowsheet import arrow_module, read_csv_arrow
from appraisal.io.csvsheet import Layout
from appraisal.io.records import Records

__all__ = ["ARROW_BYTES", "ENGINES", "FastReader", "csv_engine"]

PathLike = str | os.PathLike[str]

FastReader = Callable[[PathLike, Layout, str], Records | None]

ARROW_BYTES = 1 << 20
"""The size above which ``engine="auto"`` reads a CSV sheet with pyarrow, when it is installed."""

ENGINES = ("auto", "python", "arrow")
"""Who parses a CSV sheet: pyarrow when it is installed (``auto``), the standard library, pyarrow."""


def csv_engine(
    engine: str, path: PathLike, suffix: str, markers: tuple[str, ...]
) -> FastReader | None:
    """The fast CSV reader `engine` asks for, if any (it gives None for a file it leaves alone).

    ``auto`` takes pyarrow for a file of more than :data:`ARROW_BYTES` when it imports:
    below that the standard library is as fast, and importing pyarrow costs more.
    """
    if engine not in ENGINES:
        allowed = ", ".join(repr(e) for e in ENGINES)
        message = f"load_sheet: engine must be one of {allowed}; got {engine!r}."
        raise InputError(message)
    if engine == "python" or suffix != ".csv":
        return None
    if engine == "auto":
        try:
            if os.stat(path).st_size <= ARROW_BYTES:
                return None
            arrow_module()
        except (ImportError, OSError):
            return None
    arrow_module()

    def fast(path: PathLike, layout: Layout, codec: str) -> Records | None:
        return read_csv_arrow(path, layout, markers)  # the codec is UTF-8 here

    return fast
