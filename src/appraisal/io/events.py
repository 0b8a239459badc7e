"""Event files: bonus and deduction items (加分/扣分) and vetoes (一票否决), in CSV.

Adjustments: a header ``unit,kind,points,reason,evidence`` (``evidence`` may be left
out, or a cell left blank) and one row per item; ``kind`` is ``bonus`` or ``deduction``
(also ``加分`` or ``扣分``) and ``points`` a number >= 0 for both kinds. Vetoes: a header
``unit,reason`` and one row per veto. Columns may stand in any order and are matched
without regard to case; a file with a header and no rows holds no events. Files are read
by the encoding rule of score sheets (UTF-8, else GB18030, else name it), and every
error names the file and the line.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Collection
from typing import Literal

from appraisal._text import did_you_mean, name_fault
from appraisal.errors import InputError
from appraisal.io.encoding import choose_encoding
from appraisal.io.parse import parse_number
from appraisal.model.events import Adjustment, Veto

__all__ = ["load_adjustments", "load_vetoes"]

KINDS: dict[str, Literal["bonus", "deduction"]] = {
    "bonus": "bonus",
    "deduction": "deduction",
    "加分": "bonus",
    "扣分": "deduction",
}
ADJUSTMENT_COLUMNS = ("unit", "kind", "points", "reason")
VETO_COLUMNS = ("unit", "reason")

PathLike = str | os.PathLike[str]


def load_adjustments(
    path: PathLike, *, encoding: str | None = None, units: Collection[str] | None = None
) -> tuple[Adjustment, ...]:
    r"""Read bonus and deduction items from a CSV file, for ``appraise(..., adjustments=)``.

    Parameters
    ----------
    path : path-like
        A CSV file with the header ``unit,kind,points,reason,evidence``; ``evidence``
        is optional. ``kind`` is ``bonus`` or ``deduction`` (case ignored), or ``加分``
        or ``扣分``; ``points`` is a number >= 0 (a deduction subtracts its points);
        ``reason`` is not blank; a blank ``evidence`` is none.
    encoding : str, optional
        The file's encoding; by default UTF-8 (with or without a byte order mark), else
        GB18030 if the whole file decodes as GB18030.
    units : collection of str, optional
        When given, every unit must be one of these (the score sheet's units).

    Returns
    -------
    tuple of Adjustment
        In file order. The same evidence id on two lines counts once when
        :func:`~appraisal.appraise` applies them; here the lines must agree on unit,
        kind and points.

    Raises
    ------
    InputError
        An empty file, a header without a required column or with an unknown one, text
        that is not CSV, a row with too few or too many fields, a blank unit or reason,
        an unknown kind, points that are not a number >= 0, an evidence id given twice
        with different content, or (with `units`) an unknown unit; the message names
        the file and the line. The file does not decode, or the path is not a regular
        file.
    FileNotFoundError
        No such file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "adjustments.csv"
    >>> _ = path.write_text(
    ...     "unit,kind,points,reason,evidence\n"
    ...     "东河镇,加分,2,provincial award,2024-017\n"
    ...     "西山镇,deduction,1.5,late report,\n",
    ...     encoding="utf-8",
    ... )
    >>> for item in load_adjustments(path):
    ...     print(item.unit, item.kind, item.points, item.evidence)
    东河镇 bonus 2.0 2024-017
    西山镇 deduction 1.5 None
    """
    items: list[Adjustment] = []
    first: dict[str, tuple[int, Adjustment]] = {}
    for where, line, row in _rows(
        path, encoding, ADJUSTMENT_COLUMNS, ("evidence",), "an adjustments file"
    ):
        unit = _unit(where, row["unit"], units)
        kind = KINDS.get(row["kind"].strip().lower())
        if kind is None:
            message = (
                f"{where}: kind must be 'bonus' (加分) or 'deduction' (扣分); got {row['kind']!r}."
            )
            raise InputError(message)
        points = _points(where, row["points"])
        reason = _text(where, "reason", row["reason"])
        evidence = row.get("evidence", "").strip() or None
        item = Adjustment(unit, points, reason, kind=kind, evidence=evidence)
        if evidence is not None:
            seen_on, seen = first.setdefault(evidence, (line, item))
            if (seen.unit, seen.kind, seen.points) != (unit, kind, points):
                message = (
                    f"{where}: evidence {evidence!r} must name one event; got {kind} "
                    f"{points:g} for {unit!r} here and {seen.kind} {seen.points:g} for "
                    f"{seen.unit!r} on line {seen_on}. The same evidence counts once."
                )
                raise InputError(message)
        items.append(item)
    return tuple(items)


def load_vetoes(
    path: PathLike, *, encoding: str | None = None, units: Collection[str] | None = None
) -> tuple[Veto, ...]:
    r"""Read one-vote vetoes (一票否决) from a CSV file, for ``appraise(..., vetoes=)``.

    Parameters
    ----------
    path : path-like
        A CSV file with the header ``unit,reason``; neither may be blank. A unit may
        appear on several lines (vetoing a unit twice equals once).
    encoding : str, optional
        As for :func:`load_adjustments`.
    units : collection of str, optional
        When given, every unit must be one of these (the score sheet's units).

    Returns
    -------
    tuple of Veto
        In file order.

    Raises
    ------
    InputError
        An empty file, a header without ``unit`` or ``reason`` or with another column,
        text that is not CSV, a row with too few or too many fields, a blank unit or
        reason, or (with `units`) an unknown unit; the message names the file and the
        line. The file does not decode, or the path is not a regular file.
    FileNotFoundError
        No such file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "vetoes.csv"
    >>> _ = path.write_text("unit,reason\n西山镇,major safety accident\n", encoding="utf-8")
    >>> load_vetoes(path)
    (Veto(unit='西山镇', reason='major safety accident'),)
    """
    return tuple(
        Veto(_unit(where, row["unit"], units), _text(where, "reason", row["reason"]))
        for where, _, row in _rows(path, encoding, VETO_COLUMNS, (), "a vetoes file")
    )


def _rows(
    path: PathLike,
    encoding: str | None,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    what: str,
) -> list[tuple[str, int, dict[str, str]]]:
    """Each non-blank row: ``"<file> line <n>"``, n, and its cells by column ('' for an absent optional one)."""
    name = os.fspath(path)
    codec = choose_encoding(path, encoding)
    columns = ", ".join((*required, *optional))
    header_help = f"the header of {what} must be {','.join(required)}" + (
        f" (and optionally {', '.join(optional)})" if optional else ""
    )
    with open(path, encoding=codec, newline="") as stream:
        reader = csv.reader(stream, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                message = f"{name}: the file is empty; {header_help}."
                raise InputError(message)
            keys = _header(f"{name} line 1", header, required, optional, header_help, columns)
            rows: list[tuple[str, int, dict[str, str]]] = []
            while True:
                line = reader.line_num + 1
                row = next(reader, None)
                if row is None:
                    return rows
                if not any(cell.strip() for cell in row):
                    continue
                where = f"{name} line {line}"
                if len(row) != len(keys):
                    message = f"{where}: a row must have {len(keys)} fields ({', '.join(keys)}); got {len(row)}: {row!r}."
                    raise InputError(message)
                cells = dict(zip(keys, row, strict=True))
                rows.append((where, line, {k: cells.get(k, "") for k in (*required, *optional)}))
        except csv.Error as error:
            message = f"{name} line {reader.line_num}: text must be valid CSV; got {error}."
            raise InputError(message) from None


def _header(
    where: str,
    header: list[str],
    required: tuple[str, ...],
    optional: tuple[str, ...],
    header_help: str,
    columns: str,
) -> list[str]:
    keys = [cell.strip().lower() for cell in header]
    for i, key in enumerate(keys):
        if key not in required and key not in optional:
            hint = ""
            if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
                hint = " The columns must be separated by commas."
            message = f"{where}: each column must be one of {columns}; got {header[i]!r}.{hint}"
            raise InputError(message)
        if key in keys[:i]:
            message = f"{where}: column {header[i].strip()!r} appears twice in the header; columns must be unique."
            raise InputError(message)
    lacking = [key for key in required if key not in keys]
    if lacking:
        message = f"{where}: {header_help}; got {header!r}, which lacks {_quoted(lacking)}."
        raise InputError(message)
    return keys


def _quoted(names: list[str]) -> str:
    shown = [repr(n) for n in names]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _unit(where: str, unit: str, units: Collection[str] | None) -> str:
    if fault := name_fault(unit):
        message = f"{where}: unit {fault}; got {unit!r}."
        raise InputError(message)
    if units is not None and unit not in units:
        message = f"{where}: unit {unit!r} is not in the score sheet{did_you_mean(unit, units)}"
        raise InputError(message)
    return unit


def _points(where: str, text: str) -> float:
    points, problem = parse_number(text)
    if problem == "is not a number":
        message = f"{where}: points must be a number, such as 2 or 1.5; got {text!r}."
        raise InputError(message)
    if not (math.isfinite(points) and points >= 0):
        message = f"{where}: points must be a finite number >= 0 (a deduction is written with positive points and kind 'deduction'); got {text!r}."
        raise InputError(message)
    return points


def _text(where: str, column: str, text: str) -> str:
    if not text.strip():
        message = f"{where}: {column} must be a non-empty text; got {text!r}."
        raise InputError(message)
    return text
