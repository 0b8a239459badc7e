"""The report as Markdown: the same sections as the HTML form, tables and sentences, no charts."""

from __future__ import annotations

import html
import re

from appraisal.reporting.document import Chart, Document, Items, Table

__all__ = ["markdown", "visible"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    r"""`text` with every control character written out, so that it shows and cannot hide.

    Examples
    --------
    >>> visible("East\x07Town")
    'East\\x07Town'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def markdown(document: Document) -> str:
    """The document as Markdown (GitHub tables); names escaped so that they stay text."""
    lines = [f"# {_inline(document.title)}", ""]
    for section in document.sections:
        lines += [f"## {_inline(section.heading)}", ""]
        for block in section.blocks:
            if isinstance(block, Chart):
                continue
            if isinstance(block, Table):
                lines += _table(block)
            elif isinstance(block, Items):
                lines += [f"- {_inline(line)}" for line in block.lines]
            else:
                lines.append(_inline(block))
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _table(table: Table) -> list[str]:
    head = [f"**{_inline(table.caption)}**", ""] if table.caption else []
    rule = ["---:" if n else "---" for n in table.numeric]
    rows = [list(table.columns), *map(list, table.rows)]
    body = ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*head, body[0], "| " + " | ".join(rule) + " |", *body[1:]]


def _inline(text: str) -> str:
    """Text that a Markdown reader shows as written: no raw HTML, no line breaks."""
    return " ".join(html.escape(visible(text), quote=False).split())


def _cell(text: str) -> str:
    return _inline(text).replace("\\", "\\\\").replace("|", "\\|")
