"""Score sheets in CSV: long format (rater, unit, criterion, score) and wide format.

Long: a header ``rater,unit,criterion,score`` and one row per score; a header
``rater,unit,score`` (no criterion column) means the single criterion ``"score"``.
Wide: a header ``rater,unit,<criterion>,...`` and one row per rater and unit, one column
per criterion. Either may add a ``category`` column: each unit's category (blank: not
said here; a unit has one). The key columns (rater, unit, category, criterion, score)
may stand in any order and are found by their names or aliases
(:mod:`appraisal.io.headers`: ``评分部门`` for the rater, say) or by ``columns=``;
criterion columns keep their names as written.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

from attrs import frozen

from appraisal.errors import ScoreError
from appraisal.io.encoding import UTF8, check_file, choose_encoding
from appraisal.io.headers import column_roles, header_key
from appraisal.io.records import Finding, Records

__all__ = [
    "Layout",
    "add_block",
    "add_columns",
    "finding_column",
    "header_layout",
    "read_csv",
    "row_lines",
    "write_csv",
]

LONG = ("rater", "unit", "criterion", "score")
_BLOCK_ROWS = 1 << 14
_CHUNK = 1 << 21  # characters (or bytes) read at a time
_HEADER_HELP = (
    "the header must be rater,unit,criterion,score (long format) or rater,unit followed "
    "by one column per criterion (wide format)"
)


@frozen
class Layout:
    """Where the columns are: the key columns, and in wide format the criterion columns."""

    width: int
    rater: int
    unit: int
    criterion: int | None
    score: int
    criteria: tuple[tuple[str, int], ...] = ()
    category: int | None = None
    header: tuple[str, ...] = ()

    @property
    def wide(self) -> bool:
        """One column per criterion."""
        return bool(self.criteria)


def finding_column(layout: Layout, finding: Finding, per_row: int) -> int | None:
    """The column of the cell a finding is about (its score, or the label at fault), if one."""
    if finding.record < 0:
        return None
    if finding.kind in ("score", "scale"):
        return layout.criteria[finding.record % per_row][1] if layout.wide else layout.score
    roles = {"rater": layout.rater, "unit": layout.unit, "criterion": layout.criterion}
    return layout.category if finding.role == "category" else roles.get(finding.role or "")


def read_csv(
    path: str | os.PathLike[str],
    *,
    encoding: str | None,
    markers: Iterable[str],
    columns: Mapping[str, str] | None = None,
    fast: Callable[[str | os.PathLike[str], Layout, str], Records | None] | None = None,
) -> tuple[Records, Layout, str]:
    """Parse a CSV score sheet into coded records; the codec used comes back for positions.

    Without an `encoding`, a UTF-8 file without quotes is split as bytes (only its
    distinct labels are decoded); `fast` (given the path, the layout and the codec)
    may read it instead, checking that it is UTF-8 and has no quote, or give None.
    Any other file is decoded and split by the standard library.

    Raises
    ------
    ScoreError
        An empty file, a header that fits neither format, or text that is not CSV.
    InputError
        The file does not decode.
    """
    name = os.fspath(path)
    check_file(path)
    if encoding is None:
        found = _read_utf8(path, columns, markers, fast, name)
        if found is not None:
            return found[0], found[1], UTF8
    quoted = _has_quote(path)
    codec = choose_encoding(path, encoding)
    with open(path, encoding=codec, newline="") as stream:
        reader = csv.reader(stream, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                message = f"{name}: the file is empty; {_HEADER_HELP}."
                raise ScoreError(message)
            layout = header_layout(header, columns, f"{name} line 1")
            records = Records(markers, per_row=max(len(layout.criteria), 1))
            row = 0
            if not quoted:
                _read_plain(lambda: stream.read(_CHUNK).encode("utf-8"), records, layout)
            while quoted and (block := list(islice(reader, _BLOCK_ROWS))):
                add_block(records, layout, block, row)
                row += len(block)
        except csv.Error as error:
            message = f"{name} line {reader.line_num}: text must be valid CSV; got {error}."
            raise ScoreError(message) from None
    _refuse_empty(records, name)
    return records, layout, codec


def _refuse_empty(records: Records, name: str) -> None:
    if records.size == 0 and not records.findings:
        message = f"{name}: no score rows follow the header; a sheet holds at least one row."
        raise ScoreError(message)


def _read_utf8(
    path: str | os.PathLike[str],
    columns: Mapping[str, str] | None,
    markers: Iterable[str],
    fast: Callable[[str | os.PathLike[str], Layout, str], Records | None] | None,
    name: str,
) -> tuple[Records, Layout] | None:
    """The records of a UTF-8 file without quotes, split as bytes; None for any other file.

    No text is decoded but each distinct label and any score that is not plain ASCII:
    so the file is known to be UTF-8 (bytes that are not make this None), with no
    pass over it before the parse.
    """
    with open(path, "rb") as stream:
        start = stream.read(_CHUNK)
        ends = [at for at in (start.find(b"\n"), start.find(b"\r")) if at >= 0]
        if not ends or b'"' in start[: min(ends)]:
            return None
        try:
            header = start[: min(ends)].decode(UTF8).split(",")
            layout = header_layout(header, columns, f"{name} line 1")
        except (UnicodeDecodeError, ScoreError):  # said again, in the same words, by csv.reader
            return None
        if fast is not None and (found := fast(path, layout, UTF8)) is not None:
            return found, layout
        body = min(ends) + (2 if start[min(ends) : min(ends) + 2] == b"\r\n" else 1)
        stream.seek(body)
        records = Records(markers, per_row=max(len(layout.criteria), 1))

        def read() -> bytes:
            chunk = stream.read(_CHUNK)
            if b'"' in chunk:
                raise _NotPlain
            return chunk

        try:
            _read_plain(read, records, layout)
        except (_NotPlain, UnicodeDecodeError):
            return None
    _refuse_empty(records, name)
    return records, layout


class _NotPlain(Exception):
    """A quote: only csv.reader may split the file."""


def _has_quote(path: str | os.PathLike[str]) -> bool:
    """Whether the file holds a double quote anywhere (then only csv.reader may split it)."""
    with open(path, "rb") as stream:
        return any(b'"' in block for block in iter(lambda: stream.read(_CHUNK), b""))


def _read_plain(read: Callable[[], bytes], records: Records, layout: Layout) -> None:
    r"""The rows of a file without quotes, as UTF-8 blocks, split in bulk a block of lines at a time.

    Without quotes, csv.reader splits a line at every comma and ends a line at
    ``\r\n``, ``\n`` or ``\r``: so does this, with one ``bytes.split`` over a block.
    """
    row, rest = 0, b""
    while chunk := read():
        cut = chunk.rfind(b"\n") + 1
        if not cut:  # no line ends yet
            rest += chunk
            continue
        row = _add_text(records, layout, rest + chunk[:cut], row)
        rest = chunk[cut:]
    if rest:
        _add_text(records, layout, rest, row)


def _add_text(records: Records, layout: Layout, text: bytes, row: int) -> int:
    r"""Add the lines of `text` (UTF-8 without quotes) that start at `row`; the next row.

    Each line end becomes a field of its own, ``\x00``: when every (width + 1)-th field
    is one and there are as many as line ends, every line has the header's width. A
    block that is not so (a short, long or blank row, a blank rater, a NUL) goes to
    :func:`add_block` as csv.reader reads it.

    Raises
    ------
    UnicodeDecodeError
        The text is not UTF-8.
    """
    width = layout.width
    if not text.endswith(b"\n"):
        text += b"\n"  # the last line, without its line end
    marked = text.replace(b"\r\n", b",\x00,")
    if len(marked) != len(text) and b"\r" not in marked and b"\n" not in marked:
        n = len(marked) - len(text)
    else:
        if b"\r" in text:
            text = text.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        marked = text.replace(b"\n", b",\x00,")
        n = (len(marked) - len(text)) // 2
    if b"\x00" not in text:
        fields = marked.split(b",")
        del marked
        fields.pop()
        ends = fields[width :: width + 1]
        if len(fields) == n * (width + 1) and ends.count(b"\x00") == n:
            del ends
            columns = [fields[i :: width + 1] for i in range(width)]
            del fields
            if b"" not in columns[layout.rater]:
                used = {layout.rater, layout.unit, layout.score, layout.criterion, layout.category}
                for i in set(range(width)) - used - {i for _, i in layout.criteria}:
                    b"".join(columns[i]).decode("utf-8")  # a skipped column must decode too
                add_columns(records, layout, columns)
                return row + n
    lines = text.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines.pop()
    add_block(records, layout, list(csv.reader(lines, strict=True)), row)
    return row + len(lines)


def header_layout(header: Sequence[str], columns: Mapping[str, str] | None, where: str) -> Layout:
    """The layout a header row gives: key columns by role (:mod:`appraisal.io.headers`), criteria.

    Raises
    ------
    ScoreError
        A header that fits neither format, names a column twice or leaves one unnamed.
    """
    names = [cell.strip() for cell in header]
    keys = [header_key(cell) for cell in header]
    for i, key in enumerate(keys):
        if key and key in keys[:i]:
            message = (
                f"{where}: column {names[i]!r} appears twice in the header; columns must be unique."
            )
            raise ScoreError(message)
    roles = column_roles(header, columns, where)
    at = {role: i for i, role in roles.items() if role != "skip"}
    if "rater" not in at or "unit" not in at:
        hint = ""
        if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
            hint = " The columns must be separated by commas."
        message = f"{where}: {_HEADER_HELP}; got {list(header)!r}.{hint}"
        raise ScoreError(message)
    for i, key in enumerate(keys):
        if not key:
            message = f"{where}: column {i + 1} of the header must have a name; got {header[i]!r}."
            raise ScoreError(message)
    category = at.get("category")
    others = [i for i in range(len(names)) if i not in roles]
    if "criterion" in at:
        if "score" not in at or others:
            message = f"{where}: a long-format header must have exactly the columns rater,unit,criterion,score (and optionally category); got {list(header)!r}."
            raise ScoreError(message)
        return Layout(
            len(names),
            at["rater"],
            at["unit"],
            at["criterion"],
            at["score"],
            category=category,
            header=tuple(names),
        )
    if "score" in at and not others:
        return Layout(
            len(names),
            at["rater"],
            at["unit"],
            None,
            at["score"],
            category=category,
            header=tuple(names),
        )
    if "score" in at:  # a wide sheet whose criteria include one named like the score
        others = sorted([*others, at["score"]])
    if not others:
        message = f"{where}: {_HEADER_HELP}; got {list(header)!r}, which names no criterion or score column."
        raise ScoreError(message)
    criteria = tuple((names[i], i) for i in others)
    return Layout(
        len(names),
        at["rater"],
        at["unit"],
        None,
        -1,
        criteria,
        category=category,
        header=tuple(names),
    )


def add_block(records: Records, layout: Layout, block: list[list[str]], start: int) -> None:
    """Add a block of rows (cells as text) that starts at row `start` after the header."""
    if set(map(len, block)) != {layout.width}:
        block = _keep_full_rows(records, layout, block, start)
    columns: list[Sequence[Any]] = list(zip(*block, strict=True))
    if columns and "" in columns[layout.rater] and [""] * layout.width in block:
        block = _keep_full_rows(records, layout, block, start)
        columns = list(zip(*block, strict=True))
    if columns:
        add_columns(records, layout, columns)


def add_columns(records: Records, layout: Layout, columns: Sequence[Any]) -> None:
    """Add rows given as columns of cell texts (scores may be parsed already), none blank."""
    raters, units = columns[layout.rater], columns[layout.unit]
    categories = None if layout.category is None else columns[layout.category]
    if layout.wide:
        scores = {name: columns[i] for name, i in layout.criteria}
        records.add_rows(raters, units, scores, categories)
        return
    n = len(raters)
    criteria = ("score",) * n if layout.criterion is None else columns[layout.criterion]
    records.add(raters, units, criteria, columns[layout.score], categories)


def _keep_full_rows(
    records: Records, layout: Layout, block: list[list[str]], start: int
) -> list[list[str]]:
    """Rows with every field; blank rows skipped, short or long rows noted as findings."""
    kept = []
    for k, row in enumerate(block):
        if not any(row):
            records.skip(start + k)
        elif len(row) != layout.width:
            records.skip(start + k)
            what = ", ".join(layout.header)
            text = f"a row must have {layout.width} fields ({what}); got {len(row)}: {row!r}."
            records.findings.append(Finding(-1, "row", text, row=start + k))
        else:
            kept.append(row)
    return kept


def row_lines(path: str | os.PathLike[str], codec: str, rows: Iterable[int]) -> dict[int, int]:
    """The line on which each row (0-based after the header; -1 is the header) starts."""
    wanted = set(rows)
    lines = {-1: 1} if -1 in wanted else {}
    last = max(wanted, default=-1)
    if last < 0:
        return lines
    with open(path, encoding=codec, newline="") as stream:
        reader = csv.reader(stream, strict=True)
        next(reader)
        previous = reader.line_num
        for row, _ in enumerate(reader):
            if row in wanted:
                lines[row] = previous + 1
            if row >= last:
                break
            previous = reader.line_num
    return lines


def write_csv(path: str | os.PathLike[str], rows: Iterator[Sequence[str]]) -> None:
    """Write rows as CSV in UTF-8 with a byte order mark, so spreadsheets read it as UTF-8."""
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
