"""Plain-text tables that line up in a terminal, Chinese (double-width) characters included."""

from __future__ import annotations

import difflib
import functools
import math
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = [
    "FORMULA_STARTS",
    "did_you_mean",
    "display_width",
    "fixed",
    "fold",
    "format_table",
    "formula_start",
    "name_fault",
]

# What a spreadsheet runs as a formula at the start of a cell, after NFKC normalisation
# (OWASP, "CSV Injection"; the tab, CR and LF it also lists are control characters)
FORMULA_STARTS = frozenset("=+-@")


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


def fold(text: str) -> str:
    """A label as headers and totals are matched: NFKC-normalised, stripped of blanks, case folded.

    Examples
    --------
    >>> fold(" Ｒａｔｅｒ "), fold("评分部门")
    ('rater', '评分部门')
    """
    return unicodedata.normalize("NFKC", text).strip().casefold()


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


def formula_start(text: str) -> str | None:
    r"""The character that makes a spreadsheet run `text` as a formula, or None.

    That is the first character after any blanks (:meth:`str.isspace`: U+3000 and the
    no-break space included) and format characters (a zero-width space, a byte order
    mark), when its NFKC normal form is ``=``, ``+``, ``-`` or ``@``: the ASCII signs,
    their full-width forms (``＝ ＋ － ＠``) and their small forms (``﹦ ﹢ ﹣ ﹫``).

    Examples
    --------
    >>> formula_start("=1+1"), formula_start("\u3000＝1"), formula_start("a=b"), formula_start("")
    ('=', '＝', None, None)
    """
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) == "Cf":
            continue
        return ch if unicodedata.normalize("NFKC", ch)[:1] in FORMULA_STARTS else None
    return None


def name_fault(name: object) -> str:
    r"""What is wrong with a name, as the end of a message, or "" when nothing is.

    A name is a non-empty string with no blank at either end (blanks are what
    :meth:`str.isspace` says, U+3000 and the no-break space included), no control
    or format character (Unicode categories Cc and Cf: a newline, a tab, NUL, a byte
    order mark, a zero-width space), and no first character that a spreadsheet would
    run as a formula (:func:`formula_start`): names are written into published tables.

    Examples
    --------
    >>> name_fault("东河镇"), name_fault(" A"), name_fault("A\n"), name_fault("")
    ('', 'must not start or end with a blank', 'must not hold a control character (U+000A)', 'must be a non-empty name')
    >>> name_fault("＝SUM(A1)")
    "must not start with '＝' (U+FF1D), which a spreadsheet runs as a formula; a name may start with any character but '=', '+', '-', '@' and their full-width and small forms"
    """
    return _fault(name) if isinstance(name, str) else "must be a non-empty name"


@functools.lru_cache(maxsize=1 << 16)
def _fault(name: str) -> str:
    """:func:`name_fault` of a string: a sheet's loader asks it of each label a few times."""
    if not name or name.isspace():
        return "must be a non-empty name"
    bad = next((ch for ch in name if unicodedata.category(ch) in ("Cc", "Cf")), None)
    if bad is not None:
        return f"must not hold a control character (U+{ord(bad):04X})"
    if name[0].isspace() or name[-1].isspace():
        return "must not start or end with a blank"
    sign = formula_start(name)
    if sign is not None:
        return (
            f"must not start with {sign!r} (U+{ord(sign):04X}), which a spreadsheet runs as a "
            "formula; a name may start with any character but '=', '+', '-', '@' and their "
            "full-width and small forms"
        )
    return ""
