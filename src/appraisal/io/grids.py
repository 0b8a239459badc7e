"""Tables as read for the matrix layout: a header and columns of cells, from CSV, workbooks, Parquet.

A :class:`Grid` is one table below its header, every cell as the file holds it (text,
or numbers and other values in a workbook or a columnar file), and how to name each
of its places in a message: ``scores.csv line 7, column '财政局'``, ``scores.xlsx,
sheet 经济发展, cell D14``, ``scores.parquet row 3, column '财政局'``.
"""

from __future__ import annotations

import csv
import os
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from attrs import define, field, frozen

from appraisal.errors import AppraisalWarning, ScoreError
from appraisal.io.arrowsheet import arrow_module, open_table
from appraisal.io.encoding import check_file, choose_encoding
from appraisal.io.headers import named_roles
from appraisal.io.parse import parse_number
from appraisal.io.records import Finding, Records
from appraisal.io.workbook import worksheet_title
from appraisal.io.xlsx import (
    cell_text,
    column_letter,
    fill_merged,
    find_header,
    read_worksheets,
    special_cells,
)
from appraisal.pipeline.problems import Problem

__all__ = [
    "Grid",
    "MatrixRead",
    "Worksheets",
    "csv_grid",
    "filled_of",
    "table_grid",
    "texts_of",
    "workbook_grids",
]

Worksheets = str | int | Sequence[str | int] | None


@frozen
class Grid:
    """One table of a matrix file: its header, its columns of cells, and its places.

    ``lines[k]`` is data row ``k``'s line (CSV), row on the worksheet (workbook) or
    row from 1 (columnar file); ``letters[j]`` column ``j``'s column on the worksheet
    (0-based). ``odd`` holds cells that are no score whatever they show: formulas and
    error values (a workbook's), as (row, column) -> (what, shown).
    """

    where: str
    style: str
    header: tuple[str, ...]
    columns: list[Sequence[Any]]
    lines: Sequence[int]
    header_line: int = 1
    letters: tuple[int, ...] = ()
    title: str | None = None
    odd: dict[tuple[int, int], tuple[str, str]] = field(factory=dict)

    def head(self, row: int | None, column: int | None) -> tuple[str, int | None]:
        """A message's beginning for a cell (row None: the header; column None: the whole row), and its line."""
        line = self.header_line if row is None else self.lines[row]
        if self.style == "excel":
            if column is None:
                return f"{self.where}, row {line}", line
            return f"{self.where}, cell {column_letter(self.letters[column])}{line}", line
        said = "" if column is None else f", column {self.header[column]!r}"
        if self.style == "csv":
            return f"{self.where} line {line}{said}", line
        if row is None:
            return f"{self.where}{said.replace(',', '', 1)}", None
        return f"{self.where} row {line}{said}", None

    def column(self, column: int) -> str:
        """How a note names a column: by its letters on a worksheet, else by its position from 1."""
        if self.style == "excel":
            return f"column {column_letter(self.letters[column])}"
        return f"column {column + 1}"

    def short(self, row: int | None, column: int | None) -> str:
        """How another message names a row (column None) or a header cell (row None)."""
        if row is not None:
            return f"{'line' if self.style == 'csv' else 'row'} {self.lines[row]}"
        if self.style == "excel":
            return f"cell {column_letter(self.letters[column or 0])}{self.header_line}"
        return f"column {(column or 0) + 1}"


@define
class MatrixRead:
    """The records of a matrix file's grids, where each came from, and what was read past.

    A finding with a ``row`` is one of :attr:`marks` (a header cell, a label, a
    worksheet); any other finding's record has its grid, data row and column in
    :attr:`places`.
    """

    name: str
    grids: list[Grid]
    records: Records
    marks: list[tuple[tuple[int, int, int], str]] = field(factory=list)
    places: list[tuple[int, np.ndarray[Any, Any], int]] = field(factory=list)
    notes: list[str] = field(factory=list)

    def mark(self, g: int, row: int | None, column: int | None, kind: str, text: str) -> None:
        """Note a problem at a place of grid `g` (row None: the header; both None: the grid)."""
        grid = self.grids[g]
        if row is None and column is None:
            head = grid.where
            key = (g, -1, -1)
        else:
            head, _ = grid.head(row, column)
            line = grid.header_line if row is None else grid.lines[row]
            key = (g, line, -1 if column is None else column)
        self.records.findings.append(Finding(-1, kind, text, row=len(self.marks)))
        self.marks.append((key, head))

    def locate(self, findings: Sequence[Finding]) -> list[Problem]:
        """The problems of `findings`, each worded with its place."""
        problems: dict[str, Problem] = {}
        for finding in findings:
            head, line = self._head(finding.row, finding.record)
            text = finding.text
            if finding.other >= 0:
                text = text.replace("{other}", self._short(finding.other))
            message = f"{head}: {text}"
            problems.setdefault(message, Problem(finding.kind, message, file=self.name, line=line))
        return list(problems.values())

    def order(self, finding: Finding) -> tuple[int, int, int]:
        """Where a finding stands in the file: grid, line, column."""
        if finding.row is not None:
            return self.marks[finding.row][0]
        g, k, j = self._place(finding.record)
        return (g, self.grids[g].lines[k], j)

    def _place(self, record: int) -> tuple[int, int, int]:
        start = 0
        for g, rows, j in self.places:
            if record < start + rows.size:
                return g, int(rows[record - start]), j
            start += rows.size
        return len(self.grids) - 1, 0, 0  # not reached: every record has a place

    def _head(self, row: int | None, record: int) -> tuple[str, int | None]:
        if row is not None:
            key, head = self.marks[row]
            return head, None if key[1] < 0 else key[1]
        g, k, j = self._place(record)
        return self.grids[g].head(k, j)

    def _short(self, record: int) -> str:
        g, k, j = self._place(record)
        return self.grids[g].head(k, j)[0]

    def warn(self) -> None:
        """Emit the notes, one :class:`~appraisal.errors.AppraisalWarning` each."""
        for note in self.notes:
            warnings.warn(note, AppraisalWarning, stacklevel=5)


def csv_grid(path: str | os.PathLike[str], encoding: str | None) -> Grid:
    """A CSV file as one grid: its first line the header, its cells as text.

    Raises
    ------
    ScoreError
        An empty file, text that is not CSV, or a row of another width than the header.
    """
    name = os.fspath(path)
    check_file(path)
    codec = choose_encoding(path, encoding)
    rows: list[list[str]] = []
    lines: list[int] = []
    with open(path, encoding=codec, newline="") as stream:
        reader = csv.reader(stream, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                message = f"{name}: the file is empty; a matrix's header names the unit column and a column per rater."
                raise ScoreError(message)
            start = reader.line_num + 1
            for row in reader:
                if row and len(row) != len(header):
                    message = f"{name} line {start}: a row must have {len(header)} fields, as the header; got {len(row)}: {row!r}."
                    raise ScoreError(message)
                rows.append(row or [""] * len(header))
                lines.append(start)
                start = reader.line_num + 1
        except csv.Error as error:
            message = f"{name} line {reader.line_num}: text must be valid CSV; got {error}."
            raise ScoreError(message) from None
    columns: list[Sequence[Any]] = [list(c) for c in zip(*rows, strict=True)] if rows else []
    columns = columns or [[] for _ in header]
    return Grid(name, "csv", tuple(cell.strip() for cell in header), columns, lines)


def table_grid(path: str | os.PathLike[str]) -> Grid:
    """A Parquet or Arrow (Feather) file as one grid: text columns as text, numbers as float64.

    Raises
    ------
    ScoreError
        The file does not open as a table, or a column holds neither text nor numbers.
    """
    name = os.fspath(path)
    table = open_table(path)
    pa = arrow_module()
    columns: list[Sequence[Any]] = []
    for title, column in zip(table.column_names, table.columns, strict=True):
        kind = column.type
        if pa.types.is_dictionary(kind):
            column, kind = column.cast(kind.value_type), kind.value_type
        if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
            columns.append(column.cast(pa.float64()).to_numpy())  # a null becomes NaN
        elif (
            pa.types.is_string(kind)
            or pa.types.is_large_string(kind)
            or pa.types.is_string_view(kind)
        ):
            columns.append(["" if v is None else v for v in column.to_pylist()])
        else:
            message = f"{name}: column {title!r} must hold text, or numbers for scores; got {kind}."
            raise ScoreError(message)
    lines = range(1, table.num_rows + 1)
    return Grid(name, "table", tuple(table.column_names), columns, lines, header_line=0)


def workbook_grids(
    path: str | os.PathLike[str],
    worksheet: Worksheets,
    columns: Mapping[str, str] | None,
    raters: Sequence[str] | None,
) -> list[Grid]:
    """The worksheets of a workbook as grids: all of them, or those `worksheet` names.

    Each worksheet's header is the first row within the first 20 that names the unit
    (or rater) column, or, with the scheme's `raters`, names two of them, or is mostly
    distinct text (a row of rater or unit names); rows above it (titles, merged
    cells) are read past.

    Raises
    ------
    ScoreError
        A worksheet the workbook lacks (they are listed), or one without a header row.
    """
    name = os.fspath(path)

    def wanted(names: list[str]) -> list[str]:
        if worksheet is None:
            return names
        asked = [worksheet] if isinstance(worksheet, str | int) else list(worksheet)
        titles = [worksheet_title(name, names, one) for one in asked]
        return list(dict.fromkeys(titles))

    known = frozenset(raters or ())

    def fits(texts: list[str]) -> bool:
        if named_roles(texts, columns) & {"unit", "rater"}:
            return True
        if sum(text in known for text in texts) >= 2:
            return True
        said = [text for text in texts if text]
        numbers = sum(not parse_number(text)[1] for text in said)
        return len(set(said)) >= 2 and 2 * len(said) >= len(texts) and 2 * numbers < len(said)

    looked_for = "a row naming the unit column (被考核单位, 单位, unit, ...) or the raters over their columns"
    grids = []
    for sheet in read_worksheets(path, wanted):
        where = f"{name}, sheet {sheet.title}"
        header, texts = find_header(sheet.rows, sheet.merged, fits, where, looked_for)
        width = len(texts)
        data = [[*row[:width], *[""] * (width - len(row))] for row in sheet.rows[header + 1 :]]
        below = [m for m in sheet.merged if m[0][0] > header]
        fill_merged(data, below, header + 1)  # a label merged over rows names each
        cells: list[Sequence[Any]] = [list(c) for c in zip(*data, strict=True)]
        cells = cells or [[] for _ in texts]
        odd = {
            (row - header - 1, column): what
            for (row, column), what in special_cells(name, sheet.index).items()
            if row > header and column < width
        }
        lines = range(header + 2, header + 2 + len(data))
        grids.append(
            Grid(
                where,
                "excel",
                tuple(texts),
                cells,
                lines,
                header_line=header + 1,
                letters=tuple(range(width)),
                title=sheet.title,
                odd=odd,
            )
        )
    return grids


def texts_of(values: Sequence[Any]) -> list[str]:
    """A column of cells as text (numbers without a needless ``.0``; blank for None)."""
    if all(type(v) is str for v in values):
        return list(values)
    return ["" if v is None else cell_text(v) for v in values]


def filled_of(values: Sequence[Any]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Which cells of a column hold something (not blank, not None, not NaN)."""
    if isinstance(values, np.ndarray):
        return ~np.isnan(values)
    return np.fromiter(
        (v is not None and (v.strip() != "" if isinstance(v, str) else True) for v in values),
        dtype=np.bool_,
        count=len(values),
    )
