"""Plain-text tables that line up in a terminal, Chinese (double-width) characters included."""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = ["did_you_mean", "display_width", "fixed", "format_table", "name_fault"]


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """The end of a message about an unknown name: a close match if there is one.

    Examples
    --------
    >>> did_you_mean("Finance Bureu", ["Finance Bureau", "Audit Office"])
    "; did you mean 'Finance Bureau'?"
    >>> did_you_mean("zzz", ["Finance Bureau"])
    '.'
    """
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else "."


def display_width(text: str) -> int:
    """The number of terminal columns `text` takes: 2 for wide East Asian characters.

    Examples
    --------
    >>> display_width("East River"), display_width("东河镇")
    (10, 6)
    """
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def format_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[bool] = ()
) -> str:
    """Columns padded to their widest cell; `right` marks columns aligned right.

    Examples
    --------
    >>> print(format_table(["unit", "score"], [["东河镇", "88.50"], ["West", "9.00"]], right=[False, True]))
    unit    score
    ------  -----
    东河镇  88.50
    West     9.00
    """
    cells = [list(headers), *[list(r) for r in rows]]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]
    aligned = list(right) + [False] * (len(headers) - len(right))

    def line(row: Sequence[str]) -> str:
        padded = []
        for cell, width, to_right in zip(row, widths, aligned, strict=True):
            pad = " " * (width - display_width(cell))
            padded.append(pad + cell if to_right else cell + pad)
        return "  ".join(padded).rstrip()

    rule = ["-" * w for w in widths]
    return "\n".join([line(cells[0]), line(rule), *(line(r) for r in cells[1:])])


def fixed(value: float | None, digits: int = 2, *, signed: bool = False) -> str:
    """A number with `digits` decimals (and a sign when `signed`), or "-" for None or NaN.

    Examples
    --------
    >>> fixed(2.5), fixed(-1.0, 0, signed=True), fixed(3.0, signed=True), fixed(None)
    ('2.50', '-1', '+3.00', '-')
    """
    if value is None or math.isnan(value):
        return "-"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def name_fault(name: object) -> str:
    r"""What is wrong with a name, as the end of a message, or "" when nothing is.

    A name is a non-empty string with no blank at either end (blanks are what
    :meth:`str.isspace` says, U+3000 and the no-break space included) and no control
    or format character (Unicode categories Cc and Cf: a newline, a tab, NUL, a byte
    order mark, a zero-width space).

    Examples
    --------
    >>> name_fault("东河镇"), name_fault(" A"), name_fault("A\n"), name_fault("")
    ('', 'must not start or end with a blank', 'must not hold a control character (U+000A)', 'must be a non-empty name')
    """
    if not isinstance(name, str) or not name or name.isspace():
        return "must be a non-empty name"
    bad = next((ch for ch in name if unicodedata.category(ch) in ("Cc", "Cf")), None)
    if bad is not None:
        return f"must not hold a control character (U+{ord(bad):04X})"
    if name[0].isspace() or name[-1].isspace():
        return "must not start or end with a blank"
    return ""
