"""Loading, checking and writing score sheets: CSV (long or wide), JSON, Excel, Parquet, Arrow, by suffix."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import attrs
import numpy as np

from appraisal._text import name_fault
from appraisal.errors import InputError, ScoreError
from appraisal.io.arrowsheet import TABLE_SUFFIXES, read_table, write_table
from appraisal.io.assemble import build_sheet
from appraisal.io.csvsheet import read_csv, row_lines, write_csv
from appraisal.io.engines import csv_engine
from appraisal.io.grids import Worksheets
from appraisal.io.jsonsheet import dump_json, read_json
from appraisal.io.layouts import dump_matrix, long_rows
from appraisal.io.matrix import read_matrix
from appraisal.io.records import Finding, Records
from appraisal.io.workbook import read_xlsx, sheet_rows
from appraisal.io.xlsx import write_sheets
from appraisal.model.events import Adjustment, Veto
from appraisal.model.scheme import Scheme
from appraisal.model.sheet import ScoreSheet
from appraisal.pipeline.check import inspect, report
from appraisal.pipeline.coverage import CheckReport
from appraisal.pipeline.problems import Problem
from appraisal.result.appraisal import Appraisal

__all__ = ["LAYOUTS", "MISSING", "check_sheet", "dump_sheet", "load_sheet"]

_READ_KINDS = ("unknown", "scale")
"""Problems the file reader finds itself, with their lines (the check would repeat them)."""

MISSING = ("", "-", "NA", "N/A", "缺")
"""The default markers of a missing score (besides a blank cell, which always is one)."""

LAYOUTS = ("auto", "matrix")
"""How :func:`load_sheet` reads a file: long or wide as its header says (``auto``), or as matrices."""

PathLike = str | os.PathLike[str]


def load_sheet(
    path: PathLike,
    *,
    scheme: Scheme | None = None,
    encoding: str | None = None,
    missing: Iterable[str] = MISSING,
    unit_order: Sequence[str] | None = None,
    columns: Mapping[str, str] | None = None,
    worksheet: Worksheets = None,
    engine: str = "auto",
    layout: str = "auto",
    criterion: str | None = None,
    orientation: str | None = None,
) -> ScoreSheet:
    r"""Read a score sheet from a CSV, JSON, Excel (``.xlsx``), Parquet or Arrow file.

    CSV comes in long format (header ``rater,unit,criterion,score``, one score per row;
    without the criterion column the one criterion is ``"score"``) or wide format
    (header ``rater,unit,<criterion>,...``, one row per rater and unit); the header
    tells which. JSON holds a whole sheet as :func:`dump_sheet` writes it, or
    ``{"records": [[rater, unit, criterion, score], ...]}``. Raters and criteria come
    out sorted, units too unless `unit_order` is given, as in
    :meth:`ScoreSheet.from_records <appraisal.ScoreSheet.from_records>`; a whole JSON
    sheet keeps its order. A workbook (with the ``excel`` extra) holds a long or wide
    sheet below title rows: the header is the first row within the first 20 that names
    the rater and the unit columns; every problem names its worksheet and cell.

    Parameters
    ----------
    path : path-like
        A ``.csv``, ``.json``, ``.xlsx``, ``.parquet``, ``.arrow`` or ``.feather`` file.
    scheme : Scheme, optional
        When given, every rater and criterion must be the scheme's and every score
        within its criterion's scale.
    encoding : str, optional
        The file's encoding. By default strict UTF-8 (with or without a byte order
        mark), else GB18030 if the whole file decodes as GB18030. Files in any other
        encoding must name it: some (Latin-1, say) decode as GB18030 by accident.
    missing : collection of str, default ("", "-", "NA", "N/A", "缺")
        Cell texts that mark a missing score, compared after stripping blanks. A blank
        cell is always a missing score.
    unit_order : sequence of str, optional
        The order of the units; it must list every unit of the file and may name
        units nobody scored.
    columns : mapping of str to str, optional
        Which header column holds which role (``{"评分部门": "rater", "单位名称":
        "unit"}``; roles: ``rater``, ``unit``, ``criterion``, ``score``,
        ``category``, ``skip``). Without it the header names and their aliases in
        :data:`appraisal.io.headers.ALIASES` decide (``评分部门`` is the rater,
        ``被考核单位`` the unit, ``得分`` the score, ...).
    worksheet : str, int or list of them, optional
        The worksheet of a workbook, by name or by position from 0; default the first
        (with ``layout="matrix"``: every worksheet; a list picks several).
    engine : {"auto", "python", "arrow"}, default "auto"
        Who parses a CSV file: the standard library, or pyarrow (the ``arrow`` extra;
        ``auto`` takes it for files over 1 MB when it is installed). Both give the
        same sheet and the same errors: pyarrow reads only a UTF-8 file without
        quotes, every cell as text, and hands any file with a problem to the
        standard library, whose message names the line.
    layout : {"auto", "matrix"}, default "auto"
        ``auto``: long or wide, as the header says. ``matrix``: a table of units ×
        raters per criterion (:mod:`appraisal.model.matrix`): the label column is the
        one headed ``unit`` (or an alias; ``rater``: raters as rows), else the first;
        every other column is a rater, each cell its score for the row's unit. A
        ``criterion`` column says each row's criterion; without one, a workbook's
        worksheet titles name the criteria (each worksheet one matrix), and a single
        table scores `criterion`. Totals, averages, serial numbers and ranks
        (:data:`~appraisal.model.matrix.TOTALS`, :data:`~appraisal.model.matrix.COUNTERS`)
        and blank rows are read past, named in an :class:`~appraisal.AppraisalWarning`.
    criterion : str, optional
        With ``layout="matrix"``, the criterion of a single matrix; default the
        scheme's only criterion (an error when it has several), or ``"score"``
        without a scheme.
    orientation : {"units-by-raters", "raters-by-units"}, optional
        With ``layout="matrix"``: how the matrix lies. By default the label column's
        header tells; else, with `scheme`, the axis holding its raters (both: an
        error asking for `orientation`); else units as rows.

    Returns
    -------
    ScoreSheet

    Raises
    ------
    ScoreError
        A malformed file, a score that is not a number (digits with an optional sign,
        decimal point and exponent; full-width digits count, ``8_0``, ``nan`` and
        ``inf`` do not), a repeated key in JSON, a repeated (rater, unit,
        criterion), a blank label, or (with `scheme`) a rater or criterion the scheme
        lacks or a score outside its scale; the message names the file and the line
        (the record, in JSON) of the first problem. Nothing is half-loaded.
    InputError
        The file does not decode, its suffix is not one of :data:`SUFFIXES`, or the
        path is not a regular file (a directory, a device, a pipe). In a workbook: no
        header row, a worksheet it lacks, a formula, error value, date or boolean where
        a score belongs (a :class:`ScoreError`, naming the cell). In a Parquet or
        Arrow file, a column of a type its role cannot hold (naming the column).
    ImportError
        A workbook without the ``excel`` extra; Parquet, Arrow or ``engine="arrow"``
        without the ``arrow`` extra.
    FileNotFoundError
        No such file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "m.csv").write_text("unit,财政局,审计局\n东河镇,88,90\n", encoding="utf-8")
    >>> load_sheet(folder / "m.csv", layout="matrix", criterion="经济发展").values[:, 0, 0]
    array([90., 88.])
    >>> path = folder / "scores.csv"
    >>> _ = path.write_text("rater,unit,economy,projects\nFinance Bureau,East,88,-\n", encoding="utf-8")
    >>> sheet = load_sheet(path)
    >>> sheet.criteria, sheet.values.tolist()
    (('economy', 'projects'), [[[88.0, nan]]])
    """
    matrix = (layout, criterion, orientation)
    sheet, findings, locate = _read(
        path, scheme, encoding, missing, unit_order, columns, worksheet, engine, matrix
    )
    if findings:
        raise ScoreError(locate(findings[:1])[0].message)
    return attrs.evolve(sheet, origin=os.fspath(path))


def check_sheet(
    path: PathLike,
    scheme: Scheme,
    *,
    encoding: str | None = None,
    missing: Iterable[str] = MISSING,
    unit_order: Sequence[str] | None = None,
    adjustments: Sequence[Adjustment] = (),
    vetoes: Sequence[Veto] = (),
    previous: Appraisal | None = None,
    columns: Mapping[str, str] | None = None,
    worksheet: Worksheets = None,
    engine: str = "auto",
    layout: str = "auto",
    criterion: str | None = None,
    orientation: str | None = None,
) -> CheckReport:
    """Every problem of a score sheet file under `scheme`, with lines, and its coverage.

    Unlike :func:`load_sheet`, which stops at the first problem, this reads the whole
    file and lists each: first what the file itself shows, with its line (scores that
    are not numbers, repeated records, raters and criteria the scheme lacks, scores
    outside their scale), then every problem :func:`~appraisal.pipeline.check.check`
    finds in the rest (missing scores under ``missing="error"``, recusals, categories,
    tiers, the events); then which raters did not score which units. A file that
    cannot be read at all (empty, a header that fits no format, an encoding it is not
    in) still raises. Parameters are those of :func:`load_sheet`, and the events of
    :func:`~appraisal.appraise`.

    Returns
    -------
    CheckReport
    """
    matrix = (layout, criterion, orientation)
    sheet, findings, locate = _read(
        path, scheme, encoding, missing, unit_order, columns, worksheet, engine, matrix
    )
    sheet = attrs.evolve(sheet, origin=os.fspath(path))
    found = inspect(sheet, scheme, adjustments=adjustments, vetoes=vetoes, previous=previous)
    told = {*_READ_KINDS, *(f.kind for f in findings if f.kind == "criterion")}  # no worksheet
    rest = [p for p in found.problems if p.kind not in told]
    problems = [*locate(findings), *rest]
    return report(
        found, problems, sheet, scheme, adjustments=adjustments, vetoes=vetoes, previous=previous
    )


def dump_sheet(sheet: ScoreSheet, path: PathLike, *, layout: str = "long") -> None:
    """Write a score sheet as long-format CSV, JSON, a workbook, Parquet or Arrow, by suffix.

    ``layout="matrix"`` writes matrices instead (:mod:`appraisal.io.layouts`): CSV,
    Parquet and Arrow one table with the columns ``criterion``, ``unit``
    (``category``) and a column per rater; a workbook a worksheet per criterion. Read
    them back with ``load_sheet(path, layout="matrix")``.

    Every cell is written, a missing score as a blank (CSV) or null (JSON), so units
    and raters without a score survive; numbers are written in full (``repr``), so
    reading the file back gives the same sheet. CSV is UTF-8 with a byte order mark
    (spreadsheet software then reads it as UTF-8); labels are written as they are.
    JSON keeps the label order; CSV read back sorts raters and criteria (and units,
    unless the reader gives ``unit_order=sheet.units``).

    Raises
    ------
    InputError
        The suffix is not one of :data:`SUFFIXES`; a layout that is not ``long`` or
        ``matrix`` (or ``matrix`` in JSON); a matrix whose labels cannot be written
        as one (:func:`~appraisal.io.layouts.dump_matrix`).
    """
    suffix = _suffix(path)
    if layout not in ("long", "matrix"):
        message = f"dump_sheet: layout must be 'long' or 'matrix'; got {layout!r}."
        raise InputError(message)
    if layout == "matrix":
        if suffix == ".json":
            message = f"{os.fspath(path)}: a JSON sheet holds the whole array; layout='matrix' writes .csv, .xlsx, .parquet, .arrow or .feather."
            raise InputError(message)
        dump_matrix(sheet, path, suffix)
    elif suffix == ".json":
        dump_json(sheet, path)
    elif suffix == ".xlsx":
        write_sheets(path, [("scores", sheet_rows(sheet))])
    elif suffix in TABLE_SUFFIXES:
        write_table(sheet, path)
    else:
        write_csv(path, long_rows(sheet))


SUFFIXES = (".csv", ".json", ".xlsx", *TABLE_SUFFIXES)
"""The suffixes of the score sheet files :func:`load_sheet` reads and :func:`dump_sheet` writes."""


def _suffix(path: PathLike) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        allowed = ", ".join(SUFFIXES[:-1]) + " or " + SUFFIXES[-1]
        message = f"{os.fspath(path)}: a score sheet file must end in {allowed}; got {suffix or 'no suffix'!r}."
        raise InputError(message)
    return suffix


Locate = Callable[[Sequence[Finding]], list[Problem]]


def _read(
    path: PathLike,
    scheme: Scheme | None,
    encoding: str | None,
    missing: Iterable[str],
    unit_order: Sequence[str] | None,
    columns: Mapping[str, str] | None,
    worksheet: Worksheets,
    engine: str,
    matrix: tuple[str, str | None, str | None],
) -> tuple[ScoreSheet, list[Finding], Locate]:
    """The sheet (records with problems left out), the problems in file order, and how to word them."""
    name = os.fspath(path)
    suffix = _suffix(path)
    markers = (missing,) if isinstance(missing, str) else tuple(missing)
    if unit_order is not None:
        unit_order = _unit_order(unit_order)
    if matrix[0] not in LAYOUTS:
        message = f"load_sheet: layout must be one of 'auto', 'matrix'; got {matrix[0]!r}."
        raise InputError(message)
    if matrix[0] == "matrix":
        return read_matrix(
            path, suffix, scheme, encoding, markers, unit_order, columns, worksheet, matrix
        )
    if worksheet is not None and not isinstance(worksheet, str | int):
        message = (
            f"{name}: a list of worksheets is read with layout='matrix' only; got {worksheet!r}."
        )
        raise InputError(message)
    order, where, cell, wide = None, name, None, False
    fast = csv_engine(engine, path, suffix, markers)
    if suffix == ".csv":
        records, layout, codec = read_csv(
            path, encoding=encoding, markers=markers, columns=columns, fast=fast
        )
        wide = layout.wide

        def positions(rows: set[int]) -> dict[int, tuple[str, int | None]]:
            lines = row_lines(path, codec, rows)
            return {row: (f"line {line}", line) for row, line in lines.items()}

    elif suffix == ".xlsx":
        records, book = read_xlsx(path, worksheet=worksheet, columns=columns, markers=markers)
        where, cell, wide = f"{book.where},", book.cell, book.layout.wide

        def positions(rows: set[int]) -> dict[int, tuple[str, int | None]]:
            return {row: (f"row {book.line(row)}", book.line(row)) for row in rows}

    elif suffix in TABLE_SUFFIXES:
        records, table = read_table(path, columns=columns, markers=markers)
        cell, wide = table.cell, table.layout.wide

        def positions(rows: set[int]) -> dict[int, tuple[str, int | None]]:
            return {row: (f"row {row + 1}", row + 1) for row in rows}

    else:
        records, order = read_json(path, encoding=encoding)
        shape = None if order is None else tuple(len(axis) for axis in order)

        def positions(rows: set[int]) -> dict[int, tuple[str, int | None]]:
            if shape is None:
                return {row: (f"records[{row}]", None) for row in rows}
            return {
                row: ("values" + "".join(f"[{i}]" for i in np.unravel_index(row, shape)), None)
                for row in rows
            }

    if order is not None and unit_order is not None:
        order = (order[0], tuple(unit_order), order[2])
    sheet, findings = build_sheet(
        records,
        scheme=scheme,
        unit_order=unit_order,
        order=order,
        describe=_rater_unit if wide else None,
        criteria_in_header=wide,
    )
    rows = [records.row_of(finding) for finding in findings]
    ranked = [findings[i] for i in sorted(range(len(findings)), key=rows.__getitem__)]
    return sheet, ranked, _locator(name, where, records, positions, cell)


def _locator(
    name: str,
    where: str,
    records: Records,
    positions: Callable[[set[int]], dict[int, tuple[str, int | None]]],
    cell: Callable[[Finding, int, int], str] | None,
) -> Locate:
    def locate(findings: Sequence[Finding]) -> list[Problem]:
        rows = [records.row_of(f) for f in findings]
        others = [int(records.rows([f.other])[0]) if f.other >= 0 else None for f in findings]
        at = positions({*rows, *(row for row in others if row is not None)})
        problems: dict[str, Problem] = {}
        for finding, row, other in zip(findings, rows, others, strict=True):
            text = finding.text if other is None else finding.text.replace("{other}", at[other][0])
            place, line = at[row]
            if cell is not None:
                place = cell(finding, row, records.per_row)
            message = f"{where} {place}: {text}"
            problems.setdefault(message, Problem(finding.kind, message, file=name, line=line))
        return list(problems.values())

    return locate


def _rater_unit(rater: str, unit: str, criterion: str) -> str:
    return f"rater {rater!r}, unit {unit!r}"


def _unit_order(unit_order: Sequence[str]) -> tuple[str, ...]:
    units = tuple(unit_order)
    seen: set[str] = set()
    for i, unit in enumerate(units):
        if fault := name_fault(unit):
            message = f"unit_order[{i}]: a unit {fault}; got {unit!r}."
            raise ScoreError(message)
        if unit in seen:
            message = f"unit_order[{i}]: unit {unit!r} appears twice; each unit is listed once."
            raise ScoreError(message)
        seen.add(unit)
    return units
