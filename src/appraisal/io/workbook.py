"""Score sheets in Excel workbooks (``.xlsx``), as offices export them; the ``excel`` extra.

Reading uses python-calamine (fast, typed cell values) and, for what calamine does not
tell, one look at the worksheet's XML in the standard library: which cells hold a
formula or an error value. The header row is found within the first
:data:`HEADER_ROWS` rows (title rows, blank rows and merged cells above it are read
past); long and wide sheets and the header aliases are those of CSV
(:mod:`appraisal.io.csvsheet`, :mod:`appraisal.io.headers`). Numbers stored as text go
through the strict number grammar; a formula, an error value (``#DIV/0!``), a date or
a boolean where a score belongs is a finding named by its cell. Writing uses
XlsxWriter, values only.
"""

from __future__ import annotations

import datetime
import importlib
import io
import os
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from itertools import product
from typing import Any
from xml.etree import ElementTree

import numpy as np
from attrs import frozen

from appraisal.errors import ScoreError
from appraisal.io.csvsheet import Layout, add_columns, header_layout
from appraisal.io.encoding import check_file
from appraisal.io.headers import named_roles
from appraisal.io.records import Finding, Records
from appraisal.model.sheet import ScoreSheet
from appraisal.result.workbook import excel_writer

__all__ = ["HEADER_ROWS", "Workbook", "column_letter", "excel_module", "read_xlsx", "write_xlsx"]

HEADER_ROWS = 20
"""How many rows from the top are searched for the header row."""

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REF = re.compile(r"([A-Z]+)([0-9]+)")
_LOOKED_FOR = (
    "a row naming the rater (评分部门, 评分单位, rater, ...) and the unit (被考核单位, 单位, "
    "unit, ...) columns"
)


def excel_module(name: str) -> Any:
    """python-calamine (or another module of the extra), imported on first use.

    Raises
    ------
    ImportError
        The ``excel`` extra is not installed; the message says how to install it.
    """
    try:
        return importlib.import_module(name)
    except ImportError:
        message = "reading and writing .xlsx needs the excel extra: pip install 'appraisal[excel]'."
        raise ImportError(message) from None


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
        """How the message names the place of a finding: its score cell, else its row."""
        if finding.kind not in ("score", "scale") or finding.record < 0 or row < 0:
            return f"row {self.line(row)}"
        if self.layout.wide:
            column = self.layout.criteria[finding.record % per_row][1]
        else:
            column = self.layout.score
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
    check_file(path)
    calamine = excel_module("python_calamine")
    try:
        book = calamine.CalamineWorkbook.from_path(name)
    except (calamine.CalamineError, OSError, ValueError) as error:
        message = f"{name}: the file must be an .xlsx workbook; it does not open as one ({error})."
        raise ScoreError(message) from None
    with book:
        names = list(book.sheet_names)
        title = _worksheet(name, names, worksheet)
        sheet = book.get_sheet_by_name(title)
        rows = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges or []
    where = f"{name}, sheet {title}"
    special = _special_cells(name, names.index(title))
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


def _worksheet(name: str, names: list[str], worksheet: str | int | None) -> str:
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


def _text(value: Any) -> str:
    """A header or label cell as text: numbers without a needless ``.0``."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _fill(rows: list[list[Any]], merged: Sequence[Any], offset: int = 0) -> None:
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


def _header(
    rows: list[list[Any]],
    merged: Sequence[Any],
    columns: Mapping[str, str] | None,
    where: str,
) -> tuple[int, list[str]]:
    """The header row (0-based) and its cells as text; a header merged downwards ends lower."""
    top = [list(row) for row in rows[:HEADER_ROWS]]
    _fill(top, merged)
    for i, row in enumerate(top):
        texts = [_text(cell).strip() for cell in row]
        found = named_roles(texts, columns)
        if "rater" not in found or "unit" not in found:
            continue
        bottom = max(
            [r1 for (r0, c0), (r1, c1) in merged if r0 <= i <= r1 and r1 < len(top)] or [i]
        )
        return bottom, [_text(cell).strip() for cell in top[bottom]]
    message = f"{where}: no header row in the first {HEADER_ROWS} rows; looked for {_LOOKED_FOR}. Name the columns with columns= (--columns on the command line) if the header uses other names."
    raise ScoreError(message)


def _unnamed_columns(
    rows: list[list[Any]], header: int, used: list[int], width: int, where: str
) -> None:
    """A column without a header name must be empty below the header."""
    named = set(used)
    for k, row in enumerate(rows[header + 1 :]):
        for j in range(min(width, len(row))):
            if j not in named and row[j] not in ("", None):
                cell = f"{column_letter(j)}{header + 2 + k}"
                message = f"{where}, cell {cell}: a column that holds values must have a name in the header (row {header + 1}); got {_text(row[j])!r} below an empty header cell."
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
        _fill(data, label_merges, header + 1)
    n = len(data)
    if n == 0:
        return
    every = list(zip(*data, strict=True))
    cells = [every[j] if j < len(every) else ("",) * n for j in place.columns]
    odd: dict[tuple[int, int], tuple[str, str]] = {}
    for i in scores:
        if not set(map(type, cells[i])) <= {str, float, int}:
            for k, value in enumerate(cells[i]):
                if (what := _odd(value)) is not None:
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
        [_text(v) for v in column] if not _all_text(column) else list(column) for column in cells
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
        text = f"{kind} {shown} where the score for {said} belongs; a score is a number, or text that reads as one (paste the sheet as values)."
        records.findings.append(Finding(record, "score", text))
    if kept.size < n:
        texts = [[column[k] for k in kept.tolist()] for column in texts]
    if kept.size:
        add_columns(records, layout, texts)


def _all_text(column: Sequence[Any]) -> bool:
    return all(type(v) is str for v in column)


def _odd(value: Any) -> tuple[str, str] | None:
    """What a score cell holds when it is neither a number nor text."""
    if isinstance(value, bool):
        return "a boolean", "TRUE" if value else "FALSE"
    if isinstance(value, (datetime.date, datetime.time)):
        return "a date", value.isoformat()
    if isinstance(value, datetime.timedelta):
        return "a duration", str(value)
    return None


def _special_cells(name: str, index: int) -> dict[tuple[int, int], tuple[str, str]]:
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


def write_xlsx(path: str | os.PathLike[str], rows: Iterable[Sequence[Any]], title: str) -> None:
    """Write rows to a one-sheet workbook: text as string cells (never a formula), numbers, blanks.

    XlsxWriter writes a number with 16 significant digits: one that needs 17 to come
    back exactly (or -0.0) is written as its ``repr`` in a text cell, which the reader
    parses.
    """
    options = {"strings_to_formulas": False, "strings_to_urls": False, "constant_memory": True}
    book = excel_writer().Workbook(os.fspath(path), options)
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


def sheet_rows(sheet: ScoreSheet) -> Iterable[Sequence[Any]]:
    """A sheet in long layout for a workbook: labels as text, scores as numbers, NaN blank."""
    has_category = bool(sheet.categories)
    yield ("rater", "unit", "criterion", "score", *(("category",) if has_category else ()))
    flat = sheet.values.reshape(-1).tolist()
    labels = product(sheet.raters, sheet.units, sheet.criteria)
    for (rater, unit, criterion), score in zip(labels, flat, strict=True):
        extra = (sheet.categories.get(unit, ""),) if has_category else ()
        yield (rater, unit, criterion, score, *extra)
