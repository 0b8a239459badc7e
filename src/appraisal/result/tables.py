"""Published tables: a result's and a comparison's, as CSV for spreadsheets, Markdown, JSON and terminal text.

The CSV has one column per key of :meth:`Appraisal.table() <appraisal.Appraisal.table>`
and one row per unit, best first. A text cell that a spreadsheet would run as a formula
(see :func:`neutralise`) is written with a leading single quote, so that it shows as
text; numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from appraisal._text import fixed, format_table, formula_start
from appraisal._typing import nan_to_none
from appraisal.result.compare import ComparisonRow

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal
    from appraisal.result.compare import Comparison

__all__ = [
    "comparison_csv",
    "comparison_json",
    "comparison_markdown",
    "csv_text",
    "markdown_grid",
    "markdown_table",
    "neutralise",
    "table_rows",
    "text_table",
    "write_csv",
]

COMPARISON_FORMAT = "appraisal.comparison/1"
_SCORES = ("score", "previous_score", "score_change")
_PLACES = ("rank", "previous_rank", "places_gained", "progress_rank")

_CONTROL_STARTS = ("\t", "\r", "\n")


def neutralise(text: str) -> str:
    r"""Text that a spreadsheet shows as text rather than running as a formula.

    A leading single quote is added to text that starts with a tab, a carriage return
    or a line feed, or whose first character after any blanks (U+3000 and the no-break
    space included) and format characters is, in NFKC normal form, ``=``, ``+``, ``-``
    or ``@`` — so the full-width ``＝ ＋ － ＠`` and the small forms count too. These are
    the characters OWASP lists ("CSV Injection",
    https://owasp.org/www-community/attacks/CSV_Injection: equals, plus, minus, at, tab,
    carriage return, line feed). Only text is passed here: numbers, negative ones
    included, are written as numbers by the callers.

    Examples
    --------
    >>> neutralise('=HYPERLINK("http://x")'), neutralise("东河镇"), neutralise("-")
    ('\'=HYPERLINK("http://x")', '东河镇', "'-")
    >>> neutralise(" =1+1"), neutralise("＝1+1"), neutralise("\n=1"), neutralise("a=b")
    ("' =1+1", "'＝1+1", "'\n=1", 'a=b')
    """
    if text.startswith(_CONTROL_STARTS) or formula_start(text) is not None:
        return "'" + text
    return text


def table_rows(result: Appraisal) -> list[dict[str, Any]]:
    """One plain dict per unit, best first: :meth:`Appraisal.table <appraisal.Appraisal.table>`."""
    reasons = {
        flag.subject: flag.reason for flag in result.flags if flag.reason.startswith("not scored")
    }
    vetoes = {veto.unit: veto.reason for veto in result.vetoes}
    rank = np.where(np.isnan(result.rank), np.inf, result.rank)
    categories = sorted({c for c in result.categories if c is not None})
    code = np.array([categories.index(c) if c is not None else 0 for c in result.categories])
    order = np.lexsort((np.arange(len(result.units)), rank, code))
    rows = []
    for u in order.tolist():  # building the plain rows themselves; the order is computed above
        unit = result.units[u]
        row: dict[str, Any] = {
            "unit": unit,
            "category": result.categories[u],
            "score": nan_to_none(result.score[u]),
            "rank": nan_to_none(result.rank[u]),
            "tier": result.tiers[u],
            "base": nan_to_none(result.base[u]),
            "bonus": float(result.bonus[u]),
            "deduction": float(result.deduction[u]),
            "veto": vetoes.get(unit),
            "coverage": int(result.coverage[u]),
            "note": reasons.get(unit, ""),
        }
        if result.overall_rank is not None:
            row["overall_rank"] = nan_to_none(result.overall_rank[u])
        rows.append(row)
    return rows


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
    return markdown_grid(headers, cells, right=[h in numeric for h in headers])


def markdown_grid(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[bool] = ()
) -> str:
    r"""A Markdown table of text cells (escaped, on one line each); `right` marks columns aligned right.

    Examples
    --------
    >>> print(markdown_grid(["unit", "score"], [["a|b", "1.00"]], right=[False, True]))
    | unit | score |
    | --- | ---: |
    | a\|b | 1.00 |
    """
    aligned = list(right) + [False] * (len(headers) - len(right))
    rule = ["---:" if r else "---" for r in aligned]
    lines = [[_markdown_cell(h) for h in headers], rule]
    lines += [[_markdown_cell(c) for c in row] for row in rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def _markdown_cell(text: str) -> str:
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def text_table(result: Appraisal, *, extra: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The published ranking as a plain-text table that lines up in a terminal (Chinese too)."""
    headers, cells = _cells(result, extra or {})
    right = [h in ("rank", "overall_rank", "score", "coverage") for h in headers]
    shown = [[c if c.isprintable() else repr(c) for c in row] for row in cells]
    return format_table(headers, shown, right=right)


def comparison_json(
    comparison: Comparison, *, indent: int | None = None, decimals: int | None = None
) -> str:
    """A comparison as JSON: its rows (as :meth:`Comparison.table` gives them), new and gone units, scheme differences.

    With `decimals` (the published precision), each ``score_change`` is rounded to it:
    the difference of two published scores, without the noise of binary floats.

    Examples
    --------
    >>> from appraisal import Comparison
    >>> print(comparison_json(Comparison(rows=[], new=["x"], gone=[], scheme_differences=[])))
    {"format": "appraisal.comparison/1", "rows": [], "new": ["x"], "gone": [], "scheme_differences": []}
    """
    data = {"format": COMPARISON_FORMAT, **comparison.to_dict()}
    if decimals is not None:
        for row in data["rows"]:
            if row["score_change"] is not None:
                row["score_change"] = round(row["score_change"], decimals)
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)


def comparison_csv(comparison: Comparison, current: Appraisal, previous: Appraisal) -> str:
    """A comparison as CSV text for spreadsheets: a row per unit of either year.

    The columns are the fields of :class:`~appraisal.ComparisonRow`. Units in both years
    come first (as :meth:`Comparison.table` orders them), then units new this year (no
    ``previous_unit``), then units gone since last year (no ``unit``), each with what its
    own year says. Scores are written at the current scheme's decimals, places as whole
    numbers; text that a spreadsheet would run as a formula gets a leading ``'``. The
    scheme differences are not in the CSV (see the table, JSON or Markdown forms).
    """
    keys = [a.name for a in attrs.fields(ComparisonRow)]
    rows: list[Mapping[str, Any]] = list(comparison.table())
    rows += [_one_year(current, unit, "") for unit in comparison.new]
    rows += [_one_year(previous, unit, "previous_") for unit in comparison.gone]
    decimals = current.scheme.decimals
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(keys)
    writer.writerows([_cell(key, row.get(key), decimals) for key in keys] for row in rows)
    return buffer.getvalue()


def _one_year(result: Appraisal, unit: str, prefix: str) -> dict[str, Any]:
    """The fields one year gives for a unit new or gone: name, category, score, rank, tier."""
    row = next(r for r in result.table() if r["unit"] == unit)
    return {
        f"{prefix}unit" if prefix else "unit": unit,
        "category": row["category"],
        f"{prefix}score": row["score"],
        f"{prefix}rank": row["rank"],
        f"{prefix}tier": row["tier"],
    }


def _cell(key: str, value: Any, decimals: int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if key in _SCORES and decimals is not None:
        return f"{value:.{decimals}f}"
    if key in _PLACES and float(value).is_integer():
        return str(int(value))
    return repr(value)


def comparison_markdown(comparison: Comparison, *, decimals: int | None = 2) -> str:
    """A comparison as Markdown: a table by progress within category, then new and gone units.

    Examples
    --------
    >>> from appraisal import Comparison
    >>> print(comparison_markdown(Comparison(rows=[], new=["x"], gone=["y"], scheme_differences=["tiers"])))
    | unit | category | score | change | rank | places gained | tier | progress |
    | --- | --- | ---: | ---: | ---: | ---: | --- | ---: |
    <BLANKLINE>
    New this year: x.
    <BLANKLINE>
    Gone since last year: y.
    <BLANKLINE>
    The schemes differ in: tiers.
    """
    headers = ["unit", "category", "score", "change", "rank", "places gained", "tier", "progress"]
    digits = 2 if decimals is None else decimals
    cells = [
        [
            row["unit"],
            row["category"] or "",
            fixed(row["score"], digits),
            fixed(row["score_change"], digits, signed=True),
            fixed(row["rank"], 0),
            fixed(row["places_gained"], 0, signed=True),
            _tier_text(row),
            fixed(row["progress_rank"], 0),
        ]
        for row in comparison.table()
    ]
    right = [False, False, True, True, True, True, False, True]
    parts = [markdown_grid(headers, cells, right=right)]
    for label, names in (
        ("New this year", comparison.new),
        ("Gone since last year", comparison.gone),
        ("The schemes differ in", comparison.scheme_differences),
    ):
        if names:
            parts.append(f"{label}: {', '.join(_markdown_cell(n) for n in names)}.")
    return "\n\n".join(parts)


def _tier_text(row: Mapping[str, Any]) -> str:
    if row["tier"] is None:
        return "-"
    if row["tier_change"] in (None, "same"):
        return str(row["tier"])
    return f"{row['tier']} ({row['tier_change']} from {row['previous_tier']})"
