"""Matrix sheets in files: a table of units × raters per criterion (:mod:`appraisal.model.matrix`).

Read from CSV, Parquet and Arrow (one table) and workbooks (one table per worksheet):
the label column is the one whose header names the ``unit`` (or ``rater``: the matrix
is transposed) as :mod:`appraisal.io.headers` reads headers, else the first; a
``category`` column gives the units' categories and a ``criterion`` column each row's
criterion; ``skip`` columns, totals, serial numbers, ranks and blank rows are read
past and named in a note (an :class:`~appraisal.errors.AppraisalWarning`). Every other
column is a rater's (or a unit's). Cells are parsed a column at a time by the strict
number grammar; every problem names the file, the worksheet and the cell.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from appraisal._text import did_you_mean
from appraisal.errors import InputError, ScoreError
from appraisal.io.arrowsheet import TABLE_SUFFIXES
from appraisal.io.assemble import build_sheet
from appraisal.io.grids import (
    Grid,
    MatrixRead,
    Worksheets,
    csv_grid,
    filled_of,
    table_grid,
    texts_of,
    workbook_grids,
)
from appraisal.io.headers import column_roles
from appraisal.io.records import Finding, Records
from appraisal.io.xlsx import odd_text, odd_value
from appraisal.model.matrix import (
    ORIENTATIONS,
    check_orientation,
    cut_matrix,
    matrix_criterion,
    orient,
    tally,
)
from appraisal.model.scheme import Scheme
from appraisal.model.sheet import ScoreSheet
from appraisal.pipeline.problems import Problem, not_in_scheme

__all__ = ["read_grids", "read_matrix", "sheet_of_grids"]

Locate = Callable[[Sequence[Finding]], list[Problem]]


def read_grids(
    name: str,
    grids: list[Grid],
    *,
    scheme: Scheme | None,
    markers: Iterable[str],
    columns: dict[str, str] | None,
    criterion: str | None,
    orientation: str | None,
    titled: str | None,
) -> MatrixRead:
    """The records of matrix grids (and their problems, places and notes).

    With `titled` (a workbook read as matrices: ``"every"`` worksheet, or ``"some"``)
    each worksheet's title names its criterion, unless `criterion` is given or the
    worksheet has a criterion column; reading every worksheet, each criterion of the
    scheme must have one.

    Raises
    ------
    ScoreError
        A header that names both a rater and a unit column, or a column twice in one role.
    InputError
        `criterion` is not given where it must be (several criteria in the scheme), or
        both axes hold the scheme's raters (pass `orientation`).
    """
    read = MatrixRead(name, grids, Records(markers, per_row=1, noun="cells"))
    criteria = None if scheme is None else scheme.criterion_names
    raters = None if scheme is None else scheme.rater_names
    if titled and criterion is not None and len(grids) > 1:
        message = f"{name}: criterion= names the criterion of one matrix, but {len(grids)} worksheets are read; pick one with worksheet= (--worksheet), or let each worksheet's title name its criterion."
        raise ScoreError(message)
    covered: set[str] = set()
    for g, grid in enumerate(grids):
        covered |= _add_grid(
            read, g, grid, criteria, raters, columns, criterion, orientation, titled is not None
        )
    if titled == "every" and criteria is not None and criterion is None:
        sheets = ", ".join(repr(grid.title) for grid in grids)
        for lacking in (c for c in criteria if c not in covered):
            text = f"criterion {lacking!r} of the scheme has no worksheet (the worksheets read are {sheets}); every criterion must be scored."
            read.records.findings.append(Finding(-1, "criterion", text, row=len(read.marks)))
            read.marks.append(((len(grids), 0, 0), name))
    return read


def _add_grid(
    read: MatrixRead,
    g: int,
    grid: Grid,
    criteria: Sequence[str] | None,
    raters: Sequence[str] | None,
    columns: dict[str, str] | None,
    criterion: str | None,
    orientation: str | None,
    titled: bool,
) -> set[str]:
    """Add one grid's records; the criteria it scores."""
    header_head = grid.head(None, None)[0]
    roles = column_roles(grid.header, columns, header_head)
    at = {role: i for i, role in roles.items()}
    if "unit" in at and "rater" in at:
        message = f"{header_head}: a matrix has one label column, but the header names a rater column ({grid.header[at['rater']]!r}) and a unit column ({grid.header[at['unit']]!r}); read it without layout='matrix' (long or wide), or give one of them the role 'skip' with columns=."
        raise ScoreError(message)
    key_role = "unit" if "unit" in at else "rater" if "rater" in at else None
    skipped = [j for j, role in roles.items() if role == "skip"]
    taken = {*roles} - {j for j, role in roles.items() if role == "score"}
    if key_role is not None:
        key = at[key_role]
    else:
        free = [j for j in range(len(grid.header)) if j not in taken and not tally(grid.header[j])]
        key = free[0] if free else 0
        taken.add(key)
    titles_at = [j for j in range(len(grid.header)) if j not in taken]
    labels = texts_of(grid.columns[key])
    n = len(labels)
    filled = np.zeros((n, len(titles_at)), dtype=bool)
    for i, j in enumerate(titles_at):
        filled[:, i] = filled_of(grid.columns[j])
    for k, j in grid.odd:
        if j in titles_at:
            filled[k, titles_at.index(j)] = True
    groups = texts_of(grid.columns[at["criterion"]]) if "criterion" in at else None
    single = None
    if groups is None:
        single = _grid_criterion(read, g, grid, criteria, criterion, titled)
        if single is None:
            return set()
    titles = [grid.header[j] for j in titles_at]
    rows_seen = [label for label in labels if label.strip() and not tally(label)]
    cols_seen = [t for t in titles if t.strip() and not tally(t)]
    lie = orient(
        rows_seen,
        cols_seen,
        raters=raters,
        key=key_role,
        orientation=orientation,
        where=header_head,
    )
    by_units = lie == ORIENTATIONS[0]
    if "category" in at and not by_units:
        message = f"{header_head}: a category column gives each unit's category, so the units must be the rows; got raters as rows (orientation={lie!r})."
        raise ScoreError(message)
    cut = cut_matrix(
        titles, labels, filled, groups=groups, label_kind="unit" if by_units else "rater"
    )
    for spot in cut.spots:
        column = None if spot.column is None else titles_at[spot.column]
        text = spot.text
        if spot.other is not None:
            other = (
                grid.short(spot.other, None)
                if spot.row is not None
                else grid.short(None, titles_at[spot.other])
            )
            text = text.replace("{other}", other)
        read.mark(g, spot.row, column if spot.column is not None else key, spot.kind, text)
    _note(read, grid, cut.skipped, titles_at, [grid.header[j] for j in skipped], skipped)
    kept_rows = np.array(cut.rows, dtype=np.intp)
    kept_columns = list(cut.columns)
    if raters is not None:
        known = set(raters)
        if by_units:
            for i in list(kept_columns):
                if titles[i] not in known:
                    kept_columns.remove(i)
                    read.mark(
                        g, None, titles_at[i], "unknown", not_in_scheme("rater", titles[i], raters)
                    )
        else:
            unknown = [k for k in kept_rows.tolist() if labels[k] not in known]
            for k in unknown:
                read.mark(g, k, key, "unknown", not_in_scheme("rater", labels[k], raters))
            kept_rows = kept_rows[~np.isin(kept_rows, unknown)]
    row_criteria: Sequence[str]
    if groups is not None:
        if criteria is not None:
            first: dict[str, int] = {}
            for k in kept_rows.tolist():
                first.setdefault(groups[k], k)
            strange = [group for group in first if group.strip() and group not in criteria]
            for group in strange:
                text = not_in_scheme("criterion", group, criteria)
                read.mark(g, first[group], at["criterion"], "unknown", text)
            kept_rows = np.array(
                [k for k in kept_rows.tolist() if groups[k] not in strange], dtype=np.intp
            )
        row_criteria = groups
    else:
        row_criteria = [single or ""] * n
    categories = texts_of(grid.columns[at["category"]]) if "category" in at else [""] * n
    _add_cells(
        read,
        g,
        grid,
        kept_rows,
        kept_columns,
        titles,
        titles_at,
        labels,
        row_criteria,
        categories,
        by_units,
    )
    return {single} if single is not None else {row_criteria[k] for k in kept_rows.tolist()}


def _grid_criterion(
    read: MatrixRead,
    g: int,
    grid: Grid,
    criteria: Sequence[str] | None,
    criterion: str | None,
    titled: bool,
) -> str | None:
    """The one criterion of a grid without a criterion column (None: a problem was noted)."""
    if criterion is not None or not titled or grid.title is None:
        return matrix_criterion(criterion, criteria, grid.where)
    title = grid.title
    if criteria is None or title in criteria:
        return title
    if len(criteria) == 1 and len(read.grids) == 1:
        return criteria[0]
    text = f"the worksheet's title {title!r} must name a criterion of the scheme (each worksheet holds one criterion's matrix){did_you_mean(title, criteria)}"
    read.mark(g, None, None, "unknown", text)
    return None


def _add_cells(
    read: MatrixRead,
    g: int,
    grid: Grid,
    rows: np.ndarray[Any, Any],
    kept: list[int],
    titles: list[str],
    titles_at: list[int],
    labels: list[str],
    criteria: Sequence[str],
    categories: list[str],
    by_units: bool,
) -> None:
    """Add the kept cells as records, a column at a time."""
    records = read.records
    if rows.size == 0:
        return
    picked = rows.tolist()
    row_labels = [labels[k] for k in picked]
    row_criteria = [criteria[k] for k in picked]
    row_categories = [categories[k] for k in picked]
    for i in kept:
        j = titles_at[i]
        column = grid.columns[j]
        n = len(picked)
        named = [titles[i]] * n
        raters, units = (named, row_labels) if by_units else (row_labels, named)
        if isinstance(column, np.ndarray):
            cells: Any = column[rows]
            if np.isinf(cells).any():
                cells = np.where(np.isnan(cells), "", cells.astype(str)).tolist()
        else:
            values = [column[k] for k in picked]
            cells = texts_of(values)
            for at, (k, value) in enumerate(zip(picked, values, strict=True)):
                what = grid.odd.get((k, j)) or odd_value(value)
                if what is not None:
                    cells[at] = ""
                    said = (
                        f"rater {raters[at]!r}, unit {units[at]!r}, criterion {row_criteria[at]!r}"
                    )
                    records.findings.append(
                        Finding(records.size + at, "score", odd_text(*what, said))
                    )
        records.add(raters, units, row_criteria, cells, row_categories)
        read.places.append((g, rows, j))


def _note(
    read: MatrixRead,
    grid: Grid,
    skipped: Iterable[tuple[str, int, str]],
    titles_at: list[int],
    skip_titles: list[str],
    skip_at: list[int],
) -> None:
    """The note of what a grid's reading read past, if anything."""
    parts = [f"{grid.column(j)} ({title!r})" for title, j in zip(skip_titles, skip_at, strict=True)]
    blank = []
    for axis, i, label in skipped:
        if axis == "column":
            parts.append(f"{grid.column(titles_at[i])} ({label!r})")
        elif label:
            parts.append(f"{grid.short(i, None)} ({label!r})")
        else:
            blank.append(str(grid.lines[i]))
    if blank:
        noun = "line" if grid.style == "csv" else "row"
        parts.append(f"blank {noun}{'s' if len(blank) > 1 else ''} {', '.join(blank)}")
    if parts:
        listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
        read.notes.append(
            f"{grid.where}: read past {listed} (totals, averages, serial numbers, ranks and blank rows hold no scores)."
        )


def sheet_of_grids(
    read: MatrixRead, scheme: Scheme | None, unit_order: Sequence[str] | None
) -> tuple[ScoreSheet, list[Finding], Callable[[Sequence[Finding]], list[Problem]]]:
    """The sheet of the records and every finding, in file order, with how to word them."""
    sheet, findings = build_sheet(read.records, scheme=scheme, unit_order=unit_order)
    ranked = sorted(findings, key=read.order)
    return sheet, ranked, read.locate


def read_matrix(
    path: str | os.PathLike[str],
    suffix: str,
    scheme: Scheme | None,
    encoding: str | None,
    markers: tuple[str, ...],
    unit_order: Sequence[str] | None,
    columns: Mapping[str, str] | None,
    worksheet: Worksheets,
    matrix: tuple[str, str | None, str | None],
) -> tuple[ScoreSheet, list[Finding], Locate]:
    """The sheet of a matrix file, its findings in file order, and how to word them.

    The notes of what was read past are warned (:class:`~appraisal.errors.AppraisalWarning`).
    """
    _, criterion, orientation = matrix
    check_orientation(orientation, "load_sheet")
    raters = None if scheme is None else scheme.rater_names
    if suffix == ".csv":
        grids = [csv_grid(path, encoding)]
    elif suffix == ".xlsx":
        grids = workbook_grids(path, worksheet, columns, raters)
    elif suffix in TABLE_SUFFIXES:
        grids = [table_grid(path)]
    else:
        message = f"{os.fspath(path)}: layout='matrix' reads .csv, .xlsx, .parquet, .arrow and .feather files; a JSON sheet holds the whole array."
        raise InputError(message)
    read = read_grids(
        os.fspath(path),
        grids,
        scheme=scheme,
        markers=markers,
        columns=None if columns is None else dict(columns),
        criterion=criterion,
        orientation=orientation,
        titled=None
        if suffix != ".xlsx" or isinstance(worksheet, str | int)
        else "every"
        if worksheet is None
        else "some",
    )
    read.warn()
    return sheet_of_grids(read, scheme, unit_order)
