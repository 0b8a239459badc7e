"""Score sheets in Parquet and Arrow (Feather) files, and CSV parsed by pyarrow; the ``arrow`` extra.

Columns are found by their names as in CSV (:mod:`appraisal.io.headers`): long or
wide. Labels must be text columns; scores numbers, or text read by the strict number
grammar. Arrays are coded column by column (labels dictionary-encoded), never a
Python object per cell. The CSV reader is pyarrow's, with every column read as text
and only an empty cell missing: when anything in the file is not plain (quotes, a
row of the wrong width, a cell that is not a score, a label a sheet refuses), the
caller reads the file again with the standard library, whose messages name the line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from attrs import frozen

from appraisal._extras import extra_module
from appraisal._typing import FloatArray
from appraisal.errors import ScoreError
from appraisal.io.csvsheet import Layout, finding_column, header_layout
from appraisal.io.encoding import check_file
from appraisal.io.parse import parse_number
from appraisal.io.records import Finding, Records, score_of
from appraisal.model.sheet import ScoreSheet

__all__ = [
    "TABLE_SUFFIXES",
    "Table",
    "arrow_module",
    "open_table",
    "read_csv_arrow",
    "read_table",
    "write_table",
]

TABLE_SUFFIXES = (".parquet", ".arrow", ".feather")
"""The suffixes of the columnar files :func:`read_table` reads."""

_BLOCK = 1 << 20  # bytes of CSV parsed at a time
_NUMBER = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
IntArray = npt.NDArray[np.integer[Any]]


def arrow_module(name: str = "pyarrow") -> Any:
    """pyarrow (or one of its modules), imported on first use.

    Raises
    ------
    ImportError
        The ``arrow`` extra is not installed; the message says how to install it.
    """
    return extra_module(name, "arrow")


@frozen
class Table:
    """Where a columnar file's records came from: its layout (columns by role, their names)."""

    layout: Layout

    def cell(self, finding: Finding, row: int, per_row: int) -> str:
        """How a message names the place of a finding: its row, and the column at fault."""
        column = finding_column(self.layout, finding, per_row)
        if column is None or row < 0:
            return f"row {row + 1}"
        return f"row {row + 1}, column {self.layout.header[column]!r}"


def read_table(
    path: str | os.PathLike[str], *, columns: Mapping[str, str] | None, markers: Iterable[str]
) -> tuple[Records, Table]:
    """Read a Parquet or Arrow (Feather) file into coded records.

    Raises
    ------
    ScoreError
        The file does not open as one, its columns fit no layout, or a column has a
        type its role cannot hold (the column is named).
    ImportError
        Without the ``arrow`` extra.
    """
    name = os.fspath(path)
    table = open_table(path)
    layout = header_layout(table.column_names, columns, name)
    records = Records(markers, per_row=max(len(layout.criteria), 1))
    _add_table(records, layout, table, name, strict=False)
    if records.size == 0 and not records.findings:
        message = f"{name}: the table has no rows; a sheet holds at least one."
        raise ScoreError(message)
    return records, Table(layout)


def open_table(path: str | os.PathLike[str]) -> Any:
    """A Parquet or Arrow (Feather) file as a pyarrow Table, by its suffix.

    Raises
    ------
    ScoreError
        The file does not open as one.
    ImportError
        Without the ``arrow`` extra.
    """
    name = os.fspath(path)
    check_file(path)
    pa = arrow_module()
    try:
        if name.lower().endswith(".parquet"):
            table = arrow_module("pyarrow.parquet").read_table(name)
        else:
            table = arrow_module("pyarrow.feather").read_table(name)
    except (pa.ArrowException, OSError, ValueError) as error:
        message = f"{name}: the file must be a Parquet or Arrow (Feather) table; it does not open as one ({error})."
        raise ScoreError(message) from None
    return table


def read_csv_arrow(
    path: str | os.PathLike[str], layout: Layout, markers: Iterable[str]
) -> Records | None:
    """The records of a UTF-8 CSV file without quotes, by pyarrow; None when it is not plain.

    pyarrow checks that the file is UTF-8 (a byte order mark is skipped) and parses
    it in blocks of about a megabyte on every core, each column read as
    dictionary-encoded text: so memory holds a small code per cell, never the text.
    Only an empty cell is missing (pyarrow's own null spellings, such as ``NA`` or
    ``#N/A``, are not). None whenever the standard library would find anything to
    say, so that its message (with the line) is given: a quote anywhere, a row of
    the wrong width, a blank rater, a cell that is not a score.
    """
    pa = arrow_module()
    csv = arrow_module("pyarrow.csv")
    names = [f"c{i}" for i in range(layout.width)]
    text = pa.dictionary(pa.int32(), pa.string())
    try:
        table = csv.read_csv(
            os.fspath(path),
            read_options=csv.ReadOptions(column_names=names, skip_rows=1, block_size=_BLOCK),
            parse_options=csv.ParseOptions(
                quote_char=False, newlines_in_values=False, ignore_empty_lines=False
            ),
            convert_options=csv.ConvertOptions(
                column_types=dict.fromkeys(names, text),
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
            memory_pool=pa.system_memory_pool(),  # gives freed blocks back, unlike mimalloc
        )
        columns = [column.unify_dictionaries() for column in table.columns]
        table = pa.table(columns, names=list(layout.header))
        cells = [_dictionary(column) for column in columns]
        if any('"' in cell for texts in cells for cell in texts) or "" in cells[layout.rater]:
            return None  # a quote, a blank rater or a blank row: the standard library says which
        records = Records(markers, per_row=max(len(layout.criteria), 1))
        if not _add_table(records, layout, table, os.fspath(path), strict=True):
            return None
    except (pa.ArrowException, OSError, ValueError):
        return None
    return None if records.findings or not records.size else records


def _dictionary(column: Any) -> list[str]:
    """The distinct texts of a dictionary-encoded column whose chunks share one dictionary."""
    return [] if column.num_chunks == 0 else list(column.chunk(0).dictionary.to_pylist())


def _add_table(records: Records, layout: Layout, table: Any, name: str, *, strict: bool) -> bool:
    """Add a table's rows to the records; False (with `strict`) when a score cell is not plain."""
    n = table.num_rows
    labels = [_labels(table.column(i), layout.header[i], name) for i in (layout.rater, layout.unit)]
    score_columns = [i for _, i in layout.criteria] or [layout.score]
    k = len(score_columns)
    criteria: tuple[list[str], IntArray]
    if layout.wide:
        criteria = ([criterion for criterion, _ in layout.criteria], np.tile(np.arange(k), n))
    elif layout.criterion is None:
        criteria = (["score"], np.zeros(n, dtype=np.int64))
    else:
        criteria = _labels(table.column(layout.criterion), layout.header[layout.criterion], name)
    scores: list[FloatArray] = []
    for j, i in enumerate(score_columns):
        values = _scores(table.column(i), layout.header[i], name, records, strict=strict)
        if values is None:
            return False
        scores.append(values[0])
        for row, text, problem in values[1]:
            (raters, rater), (units, unit) = ((names, codes[row]) for names, codes in labels)
            said = (
                criteria[0][criteria[1][row * k + j]]
                if layout.wide
                else criteria[0][criteria[1][row]]
            )
            records.bad_score(
                records.size + row * k + j, text, problem, raters[rater], units[unit], said
            )
    flat = scores[0] if k == 1 else np.column_stack(scores).reshape(-1) if n else np.zeros(0)
    rater, unit = ((names, codes if k == 1 else np.repeat(codes, k)) for names, codes in labels)
    category = None
    if layout.category is not None:
        names, codes = _labels(table.column(layout.category), layout.header[layout.category], name)
        category = (names, codes if k == 1 else np.repeat(codes, k))
    records.add_coded((rater, unit, criteria), flat, category)
    return True


def _labels(column: Any, title: str, name: str) -> tuple[list[str], IntArray]:
    """The distinct texts of a label column and each row's index into them (null: blank)."""
    pa = arrow_module()
    kind = column.type
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    if not (
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    ):
        message = f"{name}: column {title!r} must hold text; got {kind}."
        raise ScoreError(message)
    compute = arrow_module("pyarrow.compute")
    if column.null_count:
        column = compute.fill_null(column, "")
    encoded = compute.dictionary_encode(column).unify_dictionaries()
    if encoded.num_chunks == 0:
        return [], np.zeros(0, dtype=np.int64)
    names = encoded.chunk(0).dictionary.to_pylist()
    codes = np.concatenate([chunk.indices.to_numpy() for chunk in encoded.chunks])
    return names, codes


def _scores(
    column: Any, title: str, name: str, records: Records, *, strict: bool
) -> tuple[FloatArray, list[tuple[int, str, str]]] | None:
    """A score column as floats (NaN missing) and its cells that are not scores.

    Numbers are taken as they are (null and NaN missing; an infinity is a problem);
    text goes through the number grammar. With `strict`, None as soon as a cell is
    not plainly a score or a blank.
    """
    pa = arrow_module()
    compute = arrow_module("pyarrow.compute")
    kind = column.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        numbers = column.cast(pa.float64()).to_numpy()  # a null becomes NaN
        infinite = np.flatnonzero(np.isinf(numbers))
        found = [(i, repr(float(numbers[i])), "is not a finite number") for i in infinite.tolist()]
        if infinite.size:
            numbers = numbers.copy()
            numbers[infinite] = np.nan
        return numbers, found
    coded = pa.types.is_dictionary(kind) and not column.null_count
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
        if not coded:
            column = column.cast(kind)
    if not (
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    ):
        message = f"{name}: column {title!r} must hold numbers, or text that reads as numbers; got {kind}."
        raise ScoreError(message)
    if column.null_count:
        column = compute.fill_null(column, "")
    encoded = (column if coded else compute.dictionary_encode(column)).unify_dictionaries()
    if encoded.num_chunks == 0:
        return np.zeros(0), []
    texts = encoded.chunk(0).dictionary
    if coded or 4 * len(texts) <= len(column):  # few distinct cells: each read once
        read = _texts(texts, records, strict=strict)
        if read is None:
            return None
        indices = np.concatenate([chunk.indices.to_numpy() for chunk in encoded.chunks])
        values, problems = read
        bad = [
            (int(i), str(texts[int(j)]), problem)
            for j, problem in problems
            for i in np.flatnonzero(indices == j)
        ]
        return values[indices], sorted(bad)
    read = _texts(column, records, strict=strict)
    if read is None:
        return None
    values, problems = read
    return values, [(int(i), str(column[int(i)]), problem) for i, problem in problems]


def _texts(
    column: Any, records: Records, *, strict: bool
) -> tuple[FloatArray, list[tuple[int, str]]] | None:
    """Scores of text cells (NaN missing), and (position, problem) of those that are not scores.

    Plain numbers are cast by pyarrow (correctly rounded, as ``float`` is); other
    cells (markers, blanks around a number, full-width digits) are read one distinct
    text at a time by the number grammar. With `strict`, None at the first problem.
    """
    pa = arrow_module()
    compute = arrow_module("pyarrow.compute")
    plain = compute.match_substring_regex(column, _NUMBER)
    numeric = [marker for marker in records.markers if not parse_number(marker)[1]]
    if numeric:  # a marker that reads as a number still marks a missing score
        plain = compute.and_(plain, compute.invert(compute.is_in(column, pa.array(numeric))))
    values = compute.cast(compute.if_else(plain, column, "nan"), pa.float64()).to_numpy().copy()
    problems: list[tuple[int, str]] = []
    infinite = np.flatnonzero(np.isinf(values))
    if infinite.size and strict:
        return None
    problems += [(int(i), "is not a finite number") for i in infinite]
    values[infinite] = np.nan
    other = compute.invert(compute.or_(plain, compute.equal(column, "")))
    where = np.flatnonzero(other.to_numpy(zero_copy_only=False))
    if where.size:
        cells = column.take(pa.array(where)).to_pylist()
        read = {text: score_of(text, records.lookup) for text in set(cells)}
        if strict and any(problem for _, problem in read.values()):
            return None
        values[where] = [read[text][0] for text in cells]
        problems += [
            (int(i), read[text][1]) for i, text in zip(where, cells, strict=True) if read[text][1]
        ]
    return values, problems


def write_table(sheet: ScoreSheet, path: str | os.PathLike[str]) -> None:
    """Write a sheet in the long layout as Parquet or Arrow (Feather), by suffix.

    Labels are dictionary-encoded text, scores float64 with null for a missing score,
    and a ``category`` column (null where a unit has none) when the sheet has categories.
    """
    pa = arrow_module()
    grid = np.indices(sheet.values.shape).reshape(3, -1)

    def labels(names: Sequence[str], codes: npt.NDArray[Any]) -> Any:
        return pa.DictionaryArray.from_arrays(
            pa.array(codes, pa.int32()), pa.array(list(names), pa.string())
        )

    flat = sheet.values.reshape(-1)
    columns = {
        "rater": labels(sheet.raters, grid[0]),
        "unit": labels(sheet.units, grid[1]),
        "criterion": labels(sheet.criteria, grid[2]),
        "score": pa.array(flat, pa.float64(), mask=np.isnan(flat)),
    }
    if sheet.categories:
        said = [sheet.categories.get(unit) for unit in sheet.units]
        columns["category"] = pa.array([said[u] for u in grid[1].tolist()], pa.string())
    table = pa.table(columns)
    if os.fspath(path).lower().endswith(".parquet"):
        arrow_module("pyarrow.parquet").write_table(table, os.fspath(path))
    else:
        arrow_module("pyarrow.feather").write_feather(table, os.fspath(path))
