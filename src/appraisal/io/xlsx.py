"""Excel workbooks (``.xlsx``) as files, for every layout of a score sheet; the ``excel`` extra.

Reading uses python-calamine (fast, typed cell values) and, for what calamine does not
tell, one look at a worksheet's XML in the standard library: which cells hold a
formula or an error value. This module opens worksheets, spreads merged cells, names
cells (``D14``), finds the header row below title rows (within the first
:data:`HEADER_ROWS`) and writes workbooks with XlsxWriter, values only; the long and
wide layouts (:mod:`appraisal.io.workbook`) and the matrix layout
(:mod:`appraisal.io.matrix`) read through it.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from itertools import product
from typing import Any
from xml.etree import ElementTree

from attrs import frozen

from appraisal._extras import extra_module
from appraisal.errors import ScoreError
from appraisal.io.encoding import check_file
from appraisal.result.workbook import excel_writer

__all__ = [
    "HEADER_ROWS",
    "Worksheet",
    "cell_text",
    "column_letter",
    "excel_module",
    "fill_merged",
    "find_header",
    "odd_text",
    "odd_value",
    "read_worksheets",
    "special_cells",
    "write_sheets",
]

HEADER_ROWS = 20
"""How many rows from the top are searched for the header row."""

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REF = re.compile(r"([A-Z]+)([0-9]+)")


def excel_module(name: str) -> Any:
    """python-calamine (or another module of the extra), imported on first use.

    Raises
    ------
    ImportError
        The ``excel`` extra is not installed; the message says how to install it.
    """
    return extra_module(name, "excel")


def column_letter(index: int) -> str:
    """The letters of a 0-based column index.

    Examples
    --------
    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(702)
    ('A', 'Z', 'AA', 'AAA')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@frozen
class Worksheet:
    """One worksheet as read: its title, its position, its cells by row, its merged ranges."""

    title: str
    index: int
    rows: list[list[Any]]
    merged: list[Any]


def read_worksheets(
    path: str | os.PathLike[str], wanted: Callable[[list[str]], list[str]]
) -> list[Worksheet]:
    """The worksheets `wanted` picks (given the workbook's titles), read whole.

    Raises
    ------
    ScoreError
        The file does not open as a workbook, or `wanted` refuses the titles.
    ImportError
        Without the ``excel`` extra.
    """
    name = os.fspath(path)
    check_file(path)
    calamine = excel_module("python_calamine")
    try:
        book = calamine.CalamineWorkbook.from_path(name)
    except (calamine.CalamineError, OSError, ValueError) as error:
        message = f"{name}: the file must be an .xlsx workbook; it does not open as one ({error})."
        raise ScoreError(message) from None
    with book:
        names = list(book.sheet_names)
        read = []
        for title in wanted(names):
            sheet = book.get_sheet_by_name(title)
            rows = sheet.to_python(skip_empty_area=False)
            read.append(Worksheet(title, names.index(title), rows, sheet.merged_cell_ranges or []))
    return read


def cell_text(value: Any) -> str:
    """A header or label cell as text: numbers without a needless ``.0``."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def fill_merged(rows: list[list[Any]], merged: Sequence[Any], offset: int = 0) -> None:
    """Give every cell of a merged range the value of its first cell (`rows` start at row `offset`)."""
    for (r0, c0), (r1, c1) in merged:
        if not 0 <= r0 - offset < len(rows):
            continue
        value = rows[r0 - offset][c0]
        for r, c in product(
            range(r0 - offset, min(r1 - offset, len(rows) - 1) + 1), range(c0, c1 + 1)
        ):
            if c < len(rows[r]):
                rows[r][c] = value


def find_header(
    rows: list[list[Any]],
    merged: Sequence[Any],
    fits: Callable[[list[str]], bool],
    where: str,
    looked_for: str,
    hint: str = "",
) -> tuple[int, list[str]]:
    """The header row (0-based) and its cells as text: the first of :data:`HEADER_ROWS` that `fits`.

    Merged cells are spread first (a title merged across the top gives one text in
    each of its cells); a header merged downwards ends at its lowest row.

    Raises
    ------
    ScoreError
        No row fits; the message says what was `looked_for`.
    """
    top = [list(row) for row in rows[:HEADER_ROWS]]
    fill_merged(top, merged)
    for i, row in enumerate(top):
        if not fits([cell_text(cell).strip() for cell in row]):
            continue
        bottom = max(
            [r1 for (r0, c0), (r1, c1) in merged if r0 <= i <= r1 and r1 < len(top)] or [i]
        )
        return bottom, [cell_text(cell).strip() for cell in top[bottom]]
    message = (
        f"{where}: no header row in the first {HEADER_ROWS} rows; looked for {looked_for}.{hint}"
    )
    raise ScoreError(message)


def odd_value(value: Any) -> tuple[str, str] | None:
    """What a score cell holds when it is neither a number nor text."""
    if isinstance(value, bool):
        return "a boolean", "TRUE" if value else "FALSE"
    if isinstance(value, (datetime.date, datetime.time)):
        return "a date", value.isoformat()
    if isinstance(value, datetime.timedelta):
        return "a duration", str(value)
    return None


def odd_text(what: str, shown: str, said: str) -> str:
    """The finding for a cell that is no score (a formula, an error value, a date, a boolean).

    Examples
    --------
    >>> odd_text("a date", "2025-01-02", "rater 'A', unit 'x', criterion 'c'")
    "a date 2025-01-02 where the score for rater 'A', unit 'x', criterion 'c' belongs; a score is a number, or text that reads as one (paste the sheet as values)."
    """
    return f"{what} {shown} where the score for {said} belongs; a score is a number, or text that reads as one (paste the sheet as values)."


def special_cells(name: str, index: int) -> dict[tuple[int, int], tuple[str, str]]:
    """Formula and error cells of the index-th worksheet: (row, column) -> (what, shown)."""
    try:
        with zipfile.ZipFile(name) as archive:
            part = _sheet_part(archive, index)
            data = archive.read(part) if part else b""
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError):
        return {}
    if b"<f" not in data and b't="e"' not in data:
        return {}
    found: dict[tuple[int, int], tuple[str, str]] = {}
    row, column = 0, -1
    for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
        if event == "start":
            if element.tag == f"{_MAIN}row":
                row, column = int(element.get("r", row + 1)) - 1, -1
            continue
        if element.tag != f"{_MAIN}c":
            continue
        ref = _REF.fullmatch(element.get("r", ""))
        column = _column_index(ref.group(1)) if ref else column + 1
        at = (int(ref.group(2)) - 1 if ref else row, column)
        formula = element.find(f"{_MAIN}f")
        if element.get("t") == "e":
            value = element.findtext(f"{_MAIN}v") or "#N/A"
            found[at] = ("an error value", value)
        elif formula is not None:
            shown = f"(={formula.text})" if formula.text else "(shared with a cell above)"
            found[at] = ("a formula", shown)
        element.clear()
    return found


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _sheet_part(archive: zipfile.ZipFile, index: int) -> str | None:
    """The archive path of the index-th worksheet, from the workbook's relationships."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheets = book.findall(f"{_MAIN}sheets/{_MAIN}sheet")
    if index >= len(sheets):
        return None
    rid = sheets[index].get(f"{_DOC_RELS}id")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.findall(f"{_RELS}Relationship"):
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def write_sheets(
    path: str | os.PathLike[str], sheets: Iterable[tuple[str, Iterable[Sequence[Any]]]]
) -> None:
    """Write (title, rows) pairs as the worksheets of a workbook: text as string cells (never a formula), numbers, blanks.

    XlsxWriter writes a number with 16 significant digits: one that needs 17 to come
    back exactly (or -0.0) is written as its ``repr`` in a text cell, which the reader
    parses.
    """
    options = {"strings_to_formulas": False, "strings_to_urls": False, "constant_memory": True}
    book = excel_writer().Workbook(os.fspath(path), options)
    for title, rows in sheets:
        sheet = book.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    if value:
                        sheet.write_string(r, c, value)
                elif value == value and repr(float(f"{value:.16G}")) == repr(value) != "-0.0":
                    sheet.write_number(r, c, value)
                elif value == value:
                    sheet.write_string(r, c, repr(value))
    book.close()
