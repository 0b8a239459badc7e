"""Score sheets in Excel workbooks (``.xlsx``), as offices export them; the ``excel`` extra.

The workbook itself is read by :mod:`appraisal.io.xlsx`. The header row is found within the first
:data:`HEADER_ROWS` rows (title rows, blank rows and merged cells above it are read
past); long and wide sheets and the header aliases are those of CSV
(:mod:`appraisal.io.csvsheet`, :mod:`appraisal.io.headers`). Numbers stored as text go
through the strict number grammar; a formula, an error value (``#DIV/0!``), a date or
a boolean where a score belongs is a finding named by its cell.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from itertools import product
from typing import Any

import numpy as np
from attrs import frozen

from appraisal.errors import ScoreError
from appraisal.io.csvsheet import Layout, add_columns, finding_column, header_layout
from appraisal.io.headers import named_roles
from appraisal.io.records import AXES, Finding, Records
from appraisal.io.xlsx import (
    cell_text,
    column_letter,
    fill_merged,
    find_header,
    odd_text,
    odd_value,
    read_worksheets,
    special_cells,
)
from appraisal.model.sheet import ScoreSheet

__all__ = ["Workbook", "read_xlsx", "sheet_rows", "worksheet_title"]

_LOOKED_FOR = (
    "a row naming the rater (评分部门, 评分单位, rater, ...) and the unit (被考核单位, 单位, "
    "unit, ...) columns"
)


@frozen
class Workbook:
    """Where a workbook's records came from: the message prefix, rows and columns.

    ``header`` is the 0-based row of the header; data row ``k`` (0-based after the
    header) is sheet row ``header + 2 + k``. ``columns`` maps the layout's column
    positions to the sheet's (0-based).
    """

    where: str
    header: int
    layout: Layout
    columns: tuple[int, ...]

    def line(self, row: int) -> int:
        """The sheet's row number (1-based) of data row `row` (-1: the header)."""
        return self.header + 2 + row

    def cell(self, finding: Finding, row: int, per_row: int) -> str:
        """How the message names the place of a finding: the cell at fault, else its row."""
        column = finding_column(self.layout, finding, per_row)
        if column is None or row < 0:
            return f"row {self.line(row)}"
        return f"cell {column_letter(self.columns[column])}{self.line(row)}"


def read_xlsx(
    path: str | os.PathLike[str],
    *,
    worksheet: str | int | None,
    columns: Mapping[str, str] | None,
    markers: Iterable[str],
) -> tuple[Records, Workbook]:
    """Parse one worksheet of a workbook into coded records, and where they came from.

    Raises
    ------
    ScoreError
        The workbook does not open, the worksheet is not there (the message lists the
        worksheets), no header row is found, or the header fits no format.
    ImportError
        Without the ``excel`` extra.
    """
    name = os.fspath(path)
    (sheet,) = read_worksheets(path, lambda names: [worksheet_title(name, names, worksheet)])
    rows, merged = sheet.rows, sheet.merged
    where = f"{name}, sheet {sheet.title}"
    special = special_cells(name, sheet.index)
    header, texts = _header(rows, merged, columns, where)
    used = [j for j, text in enumerate(texts) if text]
    _unnamed_columns(rows, header, used, len(texts), where)
    layout = header_layout([texts[j] for j in used], columns, f"{where}, row {header + 1}")
    place = Workbook(where, header, layout, tuple(used))
    records = Records(markers, per_row=max(len(layout.criteria), 1))
    _cells(rows[header + 1 :], merged, header, place, special, records)
    if records.size == 0 and not records.findings:
        message = f"{where}: no score rows follow the header (row {header + 1}); a sheet holds at least one row."
        raise ScoreError(message)
    return records, place


def worksheet_title(name: str, names: list[str], worksheet: str | int | None) -> str:
    """The title of the worksheet asked for by name or position from 0 (None: the first).

    Raises
    ------
    ScoreError
        The workbook has no such worksheet (the message lists them), or none at all.
    """
    if worksheet is None:
        if not names:
            message = f"{name}: the workbook has no worksheet."
            raise ScoreError(message)
        return names[0]
    if isinstance(worksheet, int) and not isinstance(worksheet, bool):
        if 0 <= worksheet < len(names):
            return names[worksheet]
    elif worksheet in names:
        return worksheet
    listed = ", ".join(repr(n) for n in names)
    message = f"{name}: worksheet must be one of the workbook's worksheets {listed} (by name, or by position from 0); got {worksheet!r}."
    raise ScoreError(message)


def _header(
    rows: list[list[Any]],
    merged: Sequence[Any],
    columns: Mapping[str, str] | None,
    where: str,
) -> tuple[int, list[str]]:
    """The header row (0-based) and its cells: the first naming the rater and the unit columns."""

    def fits(texts: list[str]) -> bool:
        return {"rater", "unit"} <= named_roles(texts, columns)

    hint = " Name the columns with columns= (--columns on the command line) if the header uses other names."
    return find_header(rows, merged, fits, where, _LOOKED_FOR, hint)


def _unnamed_columns(
    rows: list[list[Any]], header: int, used: list[int], width: int, where: str
) -> None:
    """A column without a header name must be empty below the header."""
    named = set(used)
    for k, row in enumerate(rows[header + 1 :]):
        for j in range(min(width, len(row))):
            if j not in named and row[j] not in ("", None):
                cell = f"{column_letter(j)}{header + 2 + k}"
                message = f"{where}, cell {cell}: a column that holds values must have a name in the header (row {header + 1}); got {cell_text(row[j])!r} below an empty header cell."
                raise ScoreError(message)


def _cells(
    data: list[list[Any]],
    merged: Sequence[Any],
    header: int,
    place: Workbook,
    special: dict[tuple[int, int], tuple[str, str]],
    records: Records,
) -> None:
    """Add the data rows, column by column; blank rows skipped, cells that are no score noted."""
    layout = place.layout
    labels = [
        i for i in (layout.rater, layout.unit, layout.criterion, layout.category) if i is not None
    ]
    scores = [i for _, i in layout.criteria] or [layout.score]
    label_columns = {place.columns[i] for i in labels}
    label_merges = [m for m in merged if m[0][0] > header and m[0][1] in label_columns]
    if label_merges:  # a label merged over several rows names each of them
        data = [list(row) for row in data]
        fill_merged(data, label_merges, header + 1)
    n = len(data)
    if n == 0:
        return
    every = list(zip(*data, strict=True))
    cells = [every[j] if j < len(every) else ("",) * n for j in place.columns]
    odd: dict[tuple[int, int], tuple[str, str]] = {}
    for i in scores:
        if not set(map(type, cells[i])) <= {str, float, int}:
            for k, value in enumerate(cells[i]):
                if (what := odd_value(value)) is not None:
                    odd[k, i] = what
    sheet_columns = {place.columns[i]: i for i in scores}
    for (row, column), what in special.items():
        if row > header and column in sheet_columns:
            odd[row - header - 1, sheet_columns[column]] = what
    filled = np.zeros(n, dtype=bool)
    for values in cells:
        filled |= np.fromiter((v != "" and v is not None for v in values), dtype=np.bool_, count=n)
    for k, _ in odd:
        filled[k] = True
    kept = np.flatnonzero(filled)
    for k in np.flatnonzero(~filled).tolist():
        records.skip(k)
    texts = [
        [cell_text(v) for v in column] if not _all_text(column) else list(column)
        for column in cells
    ]
    per_row = max(len(layout.criteria), 1)
    position = np.cumsum(filled) - 1
    for (k, i), (kind, shown) in sorted(odd.items()):
        texts[i][k] = ""
        wide = layout.wide
        criterion = (
            layout.criteria[scores.index(i)][0]
            if wide
            else (texts[layout.criterion][k] if layout.criterion is not None else "score")
        )
        record = int(position[k]) * per_row + (scores.index(i) if wide else 0)
        said = f"rater {texts[layout.rater][k]!r}, unit {texts[layout.unit][k]!r}, criterion {criterion!r}"
        records.findings.append(Finding(record, "score", odd_text(kind, shown, said)))
    columns = (layout.rater, layout.unit, layout.criterion, layout.category)
    roles = zip(columns, (*AXES, "category"), strict=True)
    label_at = {place.columns[i]: role for i, role in roles if i is not None}
    for (row, column), (kind, shown) in sorted(special.items()):
        if row > header and column in label_at:  # its cached value is no label to trust
            role, record = label_at[column], int(position[row - header - 1]) * per_row
            text = f"{kind} {shown} where the {role} belongs; a label is text (paste the sheet as values)."
            records.findings.append(Finding(record, "label", text, role=role))
    if kept.size < n:
        texts = [[column[k] for k in kept.tolist()] for column in texts]
    if kept.size:
        add_columns(records, layout, texts)


def _all_text(column: Sequence[Any]) -> bool:
    return all(type(v) is str for v in column)


def sheet_rows(sheet: ScoreSheet) -> Iterable[Sequence[Any]]:
    """A sheet in long layout for a workbook: labels as text, scores as numbers, NaN blank."""
    has_category = bool(sheet.categories)
    yield ("rater", "unit", "criterion", "score", *(("category",) if has_category else ()))
    flat = sheet.values.reshape(-1).tolist()
    labels = product(sheet.raters, sheet.units, sheet.criteria)
    for (rater, unit, criterion), score in zip(labels, flat, strict=True):
        extra = (sheet.categories.get(unit, ""),) if has_category else ()
        yield (rater, unit, criterion, score, *extra)
