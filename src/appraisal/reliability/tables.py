"""The reliability results as a terminal, a notebook, a spreadsheet and JSON show them."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from appraisal._display import count, html_block, html_table
from appraisal._text import fixed, format_table
from appraisal.result.tables import markdown_grid, neutralise

if TYPE_CHECKING:
    from appraisal.reliability.results import Diagnostics

__all__ = [
    "diagnostics_csv",
    "diagnostics_dict",
    "diagnostics_html",
    "diagnostics_markdown",
    "diagnostics_summary",
    "diagnostics_text",
]

DIAGNOSTICS_FORMAT = "appraisal.diagnostics/1"
_UNIT_KEYS = ("alpha_units", "kendall_w_units", "icc_units")
Table = tuple[list[str], list[list[str]], list[bool]]
Writer = Callable[..., str]


def _rater_table(diagnostics: Diagnostics) -> Table:
    """Headers, cells and right alignment of the table of raters."""
    rows = [
        [
            row["rater"],
            fixed(row["leniency"], signed=True),
            fixed(row["spread"]),
            fixed(row["agreement"]),
            "-" if row["missing_share"] is None else f"{row['missing_share']:.0%}",
            fixed(row["largest_residual"], signed=True),
            fixed(row["largest_residual_z"], 1),
            row["largest_residual_unit"] or "-",
            f"{row['largest_rank_change']:g}",
            " ".join(row["flags"]),
        ]
        for row in diagnostics.table()
    ]
    headers = ["rater", "leniency", "spread", "agreement", "missing", "residual", "z"]
    headers += ["at unit", "rank change", "flags"]
    return headers, rows, [False, True, True, True, True, True, True, False, True]


def _group_table(diagnostics: Diagnostics) -> Table:
    """Headers, cells and right alignment of the table of rater groups."""
    rows = [
        [
            g["group"],
            str(g["n_raters"]),
            fixed(g["alpha"]),
            fixed(g["kendall_w"]),
            fixed(g["icc_single"]),
            fixed(g["icc_mean"]),
            "/".join("-" if g[k] is None else str(g[k]) for k in _UNIT_KEYS),
        ]
        for g in diagnostics.group_table()
    ]
    headers = ["group", "raters", "alpha", "W", "ICC(A,1)", "ICC(A,k)", "units (alpha/W/ICC)"]
    return headers, rows, [False, True, True, True, True, True, True]


def diagnostics_text(diagnostics: Diagnostics, *, writer: Writer = format_table) -> str:
    """A rater table, the flags, a group agreement table, tier changes and notes.

    `writer` writes a table from headers, rows and ``right=``: aligned text by default.
    """
    headers, rows, right = _rater_table(diagnostics)
    lines = [
        writer(headers, rows, right=right),
        "",
        f"z: the residual over the panel's robust residual scale, {diagnostics.residual_scale:.3g} points.",
    ]
    if diagnostics.flags:
        lines += ["", "flags:", *(f"- {f.subject}: {f.reason}" for f in diagnostics.flags)]
    headers, rows, right = _group_table(diagnostics)
    lines += ["", writer(headers, rows, right=right)]
    changes = [
        f"- {row['rater']}: "
        + ", ".join(f"{unit} {before} -> {after}" for unit, before, after in row["tier_changes"])
        for row in diagnostics.table()
        if row["tier_changes"]
    ]
    if changes:
        lines += ["", "tiers that would change without one rater:", *changes]
    notes = [f"{g.group}: {note}" for g in diagnostics.groups for note in g.notes]
    notes += [
        f"{rater}: {note}"
        for rater, mine in zip(diagnostics.raters, diagnostics.notes, strict=True)
        for note in mine
    ]
    if notes:
        lines += ["", "notes:", *(f"- {note}" for note in notes)]
    return "\n".join(lines)


def diagnostics_markdown(diagnostics: Diagnostics) -> str:
    """:func:`diagnostics_text` with Markdown tables."""
    return diagnostics_text(diagnostics, writer=markdown_grid)


def _plain(value: Any) -> Any:
    """Tuples as lists and NaN as None, all the way down (JSON-ready)."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def diagnostics_dict(diagnostics: Diagnostics) -> dict[str, Any]:
    """The diagnostics as plain data: a row per rater and per group, the flags, the scale, the thresholds."""
    return {
        "format": DIAGNOSTICS_FORMAT,
        "raters": _plain(diagnostics.table()),
        "groups": _plain(diagnostics.group_table()),
        "flags": [{"subject": f.subject, "reason": f.reason} for f in diagnostics.flags],
        "residual_scale": _plain(diagnostics.residual_scale),
        "thresholds": _plain(dict(diagnostics.thresholds)),
    }


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, list):
        return neutralise("; ".join(_list_item(v) for v in value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _list_item(value: Any) -> str:
    if isinstance(value, Sequence) and not isinstance(value, str):  # a tier change
        unit, before, after = value
        return f"{unit}: {before or '-'} -> {after or '-'}"
    return str(value)


def diagnostics_csv(diagnostics: Diagnostics) -> str:
    """A row per rater, the columns of :meth:`Diagnostics.table`; lists joined with "; ".

    Text that a spreadsheet would run as a formula gets a leading ``'``
    (:func:`appraisal.result.tables.neutralise`); numbers are written as numbers.
    """
    rows = diagnostics.table()
    keys = list(rows[0]) if rows else ["rater"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(keys)
    writer.writerows([_csv_cell(row[key]) for key in keys] for row in rows)
    return buffer.getvalue()


def diagnostics_summary(diagnostics: Diagnostics) -> str:
    """Raters and units, raters flagged, rater groups, in a phrase.

    Examples
    --------
    >>> import appraisal as ap
    >>> from appraisal.data import appraise_example
    >>> ap.reliability.diagnose(appraise_example()[0])
    <Diagnostics: 44 raters over 18 units, 10 raters flagged (10 flags), 7 rater groups>
    """
    flagged = sum(bool(codes) for codes in diagnostics.rater_flags)
    return (
        f"{count(len(diagnostics.raters), 'rater')} over {count(len(diagnostics.units), 'unit')}, "
        f"{count(flagged, 'rater')} flagged ({count(len(diagnostics.flags), 'flag')}), "
        f"{count(len(diagnostics.groups), 'rater group')}"
    )


def diagnostics_html(diagnostics: Diagnostics) -> str:
    """A summary line, a row per rater, the flags with their reasons, a row per rater group."""
    headers, rows, right = _rater_table(diagnostics)
    parts = [html_table(headers, rows, right=right, caption="raters")]
    if diagnostics.flags:
        flags = [[flag.subject, flag.reason] for flag in diagnostics.flags]
        parts.append(html_table(["rater", "flag"], flags, caption="flags"))
    headers, rows, right = _group_table(diagnostics)
    parts.append(html_table(headers, rows, right=right, caption="agreement"))
    return html_block(f"Diagnostics: {diagnostics_summary(diagnostics)}", *parts)
