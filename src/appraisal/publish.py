"""Publishing a result: a CSV file for spreadsheets, a Markdown table, a terminal table.

The CSV has one column per key of :meth:`Appraisal.table() <appraisal.Appraisal.table>`
and one row per unit, best first. A text cell that a spreadsheet would run as a formula
(one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written
with a leading single quote, so that it shows as text; numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from appraisal.text import format_table

if TYPE_CHECKING:
    from appraisal.result import Appraisal

__all__ = ["csv_text", "markdown_table", "neutralise", "text_table", "write_csv"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    r"""Text that a spreadsheet shows as text rather than running as a formula.

    Examples
    --------
    >>> neutralise('=HYPERLINK("http://x")'), neutralise("东河镇"), neutralise("-")
    ('\'=HYPERLINK("http://x")', '东河镇', "'-")
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_csv(result: Appraisal, path: str | os.PathLike[str]) -> None:
    """Write :func:`csv_text` to `path` in UTF-8 with a byte order mark (for spreadsheets)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        stream.write(csv_text(result))


def csv_text(result: Appraisal) -> str:
    """The published table as CSV text: a header of the table's keys, a row per unit."""
    rows = result.table()
    keys = list(rows[0]) if rows else ["unit", "score", "rank"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(keys)
    writer.writerows([_csv_cell(key, row[key], result) for key in keys] for row in rows)
    return buffer.getvalue()


def _csv_cell(key: str, value: Any, result: Appraisal) -> str:
    if isinstance(value, str):
        return neutralise(value)
    return _number(key, value, result)


def _number(key: str, value: Any, result: Appraisal) -> str:
    """A number as published: scores at the scheme's decimals, whole ranks without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float):
        decimals = result.scheme.decimals
        if key == "score" and decimals is not None:
            return f"{value:.{decimals}f}"
        if key in ("rank", "overall_rank") and value.is_integer():
            return str(int(value))
        return repr(value) if math.isfinite(value) else ""
    return str(value)


def _columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The columns a reader needs: rank, unit, score, coverage, and others where some row has one."""
    always = ("rank", "unit", "score", "coverage")
    shown = (
        "rank",
        "overall_rank",
        "unit",
        "category",
        "score",
        "tier",
        "bonus",
        "deduction",
        "veto",
        "coverage",
        "note",
    )
    return [
        key
        for key in shown
        if any(key in row for row in rows)
        and (key in always or any(row.get(key) not in (None, "", 0, False) for row in rows))
    ]


def _cells(
    result: Appraisal, extra: Mapping[str, Mapping[str, str]]
) -> tuple[list[str], list[list[str]]]:
    rows = result.table()
    columns = _columns(rows)
    headers = columns[:2] + list(extra) + columns[2:]
    cells = []
    for row in rows:
        shown = [
            _number(k, row[k], result) if not isinstance(row[k], str) else row[k] for k in columns
        ]
        more = [names.get(row["unit"], "") for names in extra.values()]
        cells.append(shown[:2] + more + shown[2:])
    return headers, cells


def markdown_table(
    result: Appraisal, *, extra: Mapping[str, Mapping[str, str]] | None = None
) -> str:
    """The published ranking as a Markdown table (rank, unit, score, coverage, ...).

    `extra` adds columns after the unit: a title and a text per unit (for example the
    units' English names).
    """
    headers, cells = _cells(result, extra or {})
    numeric = {"rank", "overall_rank", "score", "coverage"}
    rule = ["---:" if h in numeric else "---" for h in headers]
    lines = [headers, rule, *[[_markdown_cell(c) for c in row] for row in cells]]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def _markdown_cell(text: str) -> str:
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def text_table(result: Appraisal, *, extra: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The published ranking as a plain-text table that lines up in a terminal (Chinese too)."""
    headers, cells = _cells(result, extra or {})
    right = [h in ("rank", "overall_rank", "score", "coverage") for h in headers]
    shown = [[c if c.isprintable() else repr(c) for c in row] for row in cells]
    return format_table(headers, shown, right=right)
