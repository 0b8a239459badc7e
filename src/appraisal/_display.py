"""Notebook display: a one-line summary and compact HTML tables, escaped with the standard library.

Objects build their ``_repr_html_`` from :func:`html_block` and :func:`html_table`; every
name passes through :func:`visible` and :func:`html.escape`, so a unit named
``<script>`` shows as text and a control character shows as its escape.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence

__all__ = ["ROWS", "count", "html_block", "html_table", "visible"]

ROWS = 20
"""The most rows a table shows; a last row says how many more there are."""


def visible(text: str) -> str:
    r"""`text` with each control and format character (Cc, Cf) written as its escape.

    Examples
    --------
    >>> visible("East\nRiver\u200b"), visible("东河镇")
    ('East\\nRiver\\u200b', '东河镇')
    """
    if text.isprintable():
        return text
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in ("Cc", "Cf")
        else ch
        for ch in text
    )


def count(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun, plural unless `n` is 1.

    Examples
    --------
    >>> count(1, "unit"), count(44, "rater"), count(4, "criterion", "criteria")
    ('1 unit', '44 raters', '4 criteria')
    """
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def _text(value: object) -> str:
    return html.escape(visible(str(value)))


def html_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    right: Sequence[bool] = (),
    total: int | None = None,
    caption: str = "",
) -> str:
    """A table of at most :data:`ROWS` rows, then a row "… n more" when there are more.

    Cells are shown as ``str(cell)``, escaped; `right` marks columns aligned right
    (numbers). `total` is the number of rows there are, when `rows` holds only the
    first of them; `caption` is a title above the table.

    Examples
    --------
    >>> print(html_table(["unit", "score"], [["<b>", "1.00"]], right=[False, True]))
    <table>
    <thead><tr><th>unit</th><th style="text-align: right">score</th></tr></thead>
    <tbody>
    <tr><td>&lt;b&gt;</td><td style="text-align: right">1.00</td></tr>
    </tbody>
    </table>
    """
    aligned = list(right) + [False] * (len(headers) - len(right))
    styles = [' style="text-align: right"' if r else "" for r in aligned]
    head = "".join(f"<th{s}>{_text(h)}</th>" for h, s in zip(headers, styles, strict=True))
    lines = ["<table>", *([f"<caption>{_text(caption)}</caption>"] if caption else [])]
    lines += [f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for row in rows[:ROWS]:
        cells = "".join(f"<td{s}>{_text(c)}</td>" for c, s in zip(row, styles, strict=True))
        lines.append(f"<tr>{cells}</tr>")
    more = (len(rows) if total is None else total) - min(len(rows), ROWS)
    if more > 0:
        lines.append(f'<tr><td colspan="{len(headers)}">… {more} more</td></tr>')
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def html_block(summary: str, *parts: str, notes: Sequence[str] = ()) -> str:
    """A summary line (escaped), then tables (HTML from :func:`html_table`), then notes (escaped).

    Examples
    --------
    >>> print(html_block("2 units", notes=["new: <x>"]))
    <div class="appraisal">
    <p><strong>2 units</strong></p>
    <p>new: &lt;x&gt;</p>
    </div>
    """
    lines = ['<div class="appraisal">', f"<p><strong>{_text(summary)}</strong></p>", *parts]
    lines += [f"<p>{_text(note)}</p>" for note in notes]
    lines.append("</div>")
    return "\n".join(lines)
