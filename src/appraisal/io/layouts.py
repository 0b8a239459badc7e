"""The layouts score sheets are written in: long rows, and matrices.

The matrix layout: CSV, Parquet and Arrow in one table, workbooks a worksheet per criterion.

CSV, Parquet and Arrow get one table with the columns ``criterion``, ``unit``
(``category`` when the sheet has categories) and one per rater, a row per criterion
and unit: it reads back without options. A workbook gets a worksheet per criterion,
titled with the criterion's name, with the columns ``unit`` (``category``) and one
per rater.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from itertools import product
from typing import Any

import numpy as np

from appraisal.errors import InputError
from appraisal.io.arrowsheet import arrow_module
from appraisal.io.csvsheet import write_csv
from appraisal.io.headers import ALIASES, header_key
from appraisal.io.xlsx import write_sheets
from appraisal.model.matrix import tally
from appraisal.model.sheet import ScoreSheet

__all__ = ["TITLE_FORBIDDEN", "dump_matrix", "long_rows"]

TITLE_FORBIDDEN = "[]:*?/\\"
"""Characters Excel refuses in a worksheet's title (which also must be 1 to 31 characters)."""


def dump_matrix(sheet: ScoreSheet, path: str | os.PathLike[str], suffix: str) -> None:
    """Write `sheet` in the matrix layout as the suffix says (``.csv``, ``.xlsx``, Parquet, Arrow).

    Raises
    ------
    InputError
        A rater named like a key column or a total (``unit``, ``类别``, ``合计``, ...) or a
        unit named like a total, which would be read back as something else; in a
        workbook, a criterion that cannot title a worksheet.
    """
    _check_labels(sheet, path)
    if suffix == ".xlsx":
        titles = [_title(name, path) for name in sheet.criteria]
        folded = [title.casefold() for title in titles]
        for c, title in enumerate(folded):
            if title in folded[:c]:
                message = f"{os.fspath(path)}: criteria {sheet.criteria[folded.index(title)]!r} and {sheet.criteria[c]!r} would title two worksheets alike (Excel ignores case); write the matrix as CSV instead."
                raise InputError(message)
        write_sheets(path, [(t, _rows(sheet, c)) for c, t in enumerate(titles)])
    elif suffix == ".csv":
        write_csv(path, _csv_rows(sheet))
    else:
        _write_table(sheet, path)


def long_rows(sheet: ScoreSheet) -> Iterator[Sequence[str]]:
    """A sheet in the long layout as CSV rows: a header, then every cell (missing: blank)."""
    flat = sheet.values.reshape(-1).tolist()
    scores = ("" if score != score else repr(score) for score in flat)
    cells = zip(product(sheet.raters, sheet.units, sheet.criteria), scores, strict=True)
    if not sheet.categories:
        yield ("rater", "unit", "criterion", "score")
        for labels, score in cells:
            yield (*labels, score)
        return
    yield ("rater", "unit", "criterion", "score", "category")
    category = sheet.categories
    for (rater, unit, criterion), score in cells:
        yield (rater, unit, criterion, score, category.get(unit, ""))


def _check_labels(sheet: ScoreSheet, path: str | os.PathLike[str]) -> None:
    for rater in sheet.raters:
        if header_key(rater) in ALIASES or tally(rater):
            message = f"{os.fspath(path)}: rater {rater!r} cannot head a matrix column: the header name reads as a key column, a total, a serial number or a rank; write the long layout instead."
            raise InputError(message)
    for unit in sheet.units:
        if tally(unit):
            message = f"{os.fspath(path)}: unit {unit!r} cannot label a matrix row: it reads as a total, a serial number or a rank; write the long layout instead."
            raise InputError(message)


def _title(criterion: str, path: str | os.PathLike[str]) -> str:
    """A criterion as a worksheet's title, if Excel allows it."""
    bad = [ch for ch in criterion if ch in TITLE_FORBIDDEN]
    if bad or len(criterion) > 31 or criterion.startswith("'") or criterion.endswith("'"):
        why = (
            f"holds {bad[0]!r}"
            if bad
            else "is longer than 31 characters"
            if len(criterion) > 31
            else "starts or ends with an apostrophe"
        )
        message = f"{os.fspath(path)}: criterion {criterion!r} cannot title a worksheet: it {why}, and a worksheet's title is 1 to 31 characters without {' '.join(TITLE_FORBIDDEN)} or an apostrophe at either end; write the matrix as CSV or Parquet instead."
        raise InputError(message)
    if criterion.casefold() == "history":
        message = f"{os.fspath(path)}: criterion {criterion!r} cannot title a worksheet: Excel keeps the title 'History' for itself; write the matrix as CSV or Parquet instead."
        raise InputError(message)
    return criterion


def _key_titles(sheet: ScoreSheet) -> tuple[str, ...]:
    return ("unit", "category") if sheet.categories else ("unit",)


def _rows(sheet: ScoreSheet, c: int) -> Iterator[Sequence[Any]]:
    """One criterion's matrix for a worksheet: units as rows, raters as columns; NaN blank."""
    yield (*_key_titles(sheet), *sheet.raters)
    block = sheet.values[:, :, c].T.tolist()
    for unit, scores in zip(sheet.units, block, strict=True):
        said = (sheet.categories.get(unit, ""),) if sheet.categories else ()
        yield (unit, *said, *scores)


def _csv_rows(sheet: ScoreSheet) -> Iterator[Sequence[str]]:
    yield ("criterion", *_key_titles(sheet), *sheet.raters)
    for c, criterion in enumerate(sheet.criteria):
        for row in list(_rows(sheet, c))[1:]:
            keys, scores = row[: len(_key_titles(sheet))], row[len(_key_titles(sheet)) :]
            yield (criterion, *keys, *("" if v != v else repr(v) for v in scores))


def _write_table(sheet: ScoreSheet, path: str | os.PathLike[str]) -> None:
    """One table: criterion, unit (category), a float64 column per rater (null: missing)."""
    pa = arrow_module()
    n_raters, n_units, n_criteria = sheet.shape
    columns: dict[str, Any] = {
        "criterion": pa.array(
            np.repeat(np.array(sheet.criteria, dtype=object), n_units).tolist(), pa.string()
        ),
        "unit": pa.array(list(sheet.units) * n_criteria, pa.string()),
    }
    if sheet.categories:
        said = [sheet.categories.get(unit) for unit in sheet.units]
        columns["category"] = pa.array(said * n_criteria, pa.string())
    grid = sheet.values.transpose(0, 2, 1).reshape(n_raters, -1)  # rater, (criterion, unit)
    for r, rater in enumerate(sheet.raters):
        columns[rater] = pa.array(grid[r], pa.float64(), mask=np.isnan(grid[r]))
    table = pa.table(columns)
    if os.fspath(path).lower().endswith(".parquet"):
        arrow_module("pyarrow.parquet").write_table(table, os.fspath(path))
    else:
        arrow_module("pyarrow.feather").write_feather(table, os.fspath(path))
