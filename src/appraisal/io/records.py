"""Score records as coded columns, gathered block by block while a file is parsed.

Labels are coded to small integers as each block arrives, so a large file never holds
a Python string per cell; :func:`appraisal.io.assemble.build_sheet` then checks the
records and scatters the scores into a sheet. Problems are kept as findings with the
record they concern, so a caller can raise the first (by position in the file) or list
them all.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from attrs import define, field, frozen

from appraisal._text import name_fault
from appraisal._typing import FloatArray
from appraisal.io.parse import parse_number

__all__ = ["AXES", "Finding", "Records", "markers_text", "parse_scores", "score_of"]

IntArray = npt.NDArray[np.int64]
AXES = ("rater", "unit", "criterion")


@frozen
class Finding:
    """A problem at one record (or one row of the file), worded without its position yet.

    ``text`` may hold ``{other}``: the position of a second record, ``other``. A finding
    about a row that holds no record (a short row, say) gives ``row`` instead of
    ``record``; row -1 is the header. ``role`` says which label cell of the record is at
    fault (``"rater"``, ``"unit"``, ``"criterion"``, ``"category"``), if one is.
    """

    record: int
    kind: str
    text: str
    other: int = -1
    row: int | None = None
    role: str | None = None


def markers_text(markers: Iterable[str]) -> str:
    """How a missing score may be written, for messages.

    Examples
    --------
    >>> markers_text(["", "-", "NA"])
    "blank, '-' or 'NA' mark a missing score"
    """
    shown = ["blank", *(repr(m) for m in markers if m)]
    if len(shown) == 1:
        return "blank marks a missing score"
    return f"{', '.join(shown[:-1])} or {shown[-1]} mark a missing score"


def _markers(markers: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(marker.strip() for marker in markers))


@define
class Records:
    """Coded (rater, unit, criterion, score) records and the problems met while reading them.

    Parameters
    ----------
    markers : collection of str
        Cell texts that mark a missing score (compared after stripping blanks); a
        blank cell always does.
    per_row : int
        Records per row of the file (1 in long format, the criterion count in wide).
    noun : str
        What the file's rows are called in messages ("rows", "records").
    """

    markers: tuple[str, ...] = field(converter=_markers)
    per_row: int = 1
    noun: str = "rows"
    lookup: frozenset[str] = field(init=False)
    labels: tuple[dict[str, int], dict[str, int], dict[str, int]] = field(
        factory=lambda: ({}, {}, {})
    )
    codes: tuple[list[Any], list[Any], list[Any]] = field(factory=lambda: ([], [], []))
    raw: tuple[dict[bytes, int], dict[bytes, int], dict[bytes, int]] = field(
        factory=lambda: ({}, {}, {})
    )
    scores: list[FloatArray] = field(factory=list)
    categories: dict[str, int] = field(factory=dict)
    category_lookup: dict[str | bytes, int] = field(factory=dict)
    category_codes: list[npt.NDArray[np.int32]] = field(factory=list)
    skipped: list[int] = field(factory=list)
    findings: list[Finding] = field(factory=list)
    size: int = 0

    @lookup.default
    def _lookup(self) -> frozenset[str]:
        return frozenset(self.markers)

    def add(
        self,
        raters: Sequence[str] | Sequence[bytes],
        units: Sequence[str] | Sequence[bytes],
        criteria: Sequence[str] | Sequence[bytes],
        scores: Sequence[str] | Sequence[bytes] | FloatArray,
        categories: Sequence[str] | Sequence[bytes] | None = None,
    ) -> None:
        """Append records given as label columns and score texts (or scores already parsed).

        ``categories`` gives each record's unit category (blank: none said). Texts may
        come as UTF-8 bytes (each distinct one is decoded once).

        Raises
        ------
        UnicodeDecodeError
            Bytes that are not UTF-8; the records are then to be dropped.
        """
        size = self.size
        codes = [self._code(axis, column) for axis, column in enumerate((raters, units, criteria))]
        found: list[Finding] = []
        if isinstance(scores, np.ndarray):
            values = scores
        else:
            values, bad = parse_scores(scores, self.lookup)
            for i, text, problem in bad:
                said = [_text(column[i]) for column in (raters, units, criteria)]
                found.append(self.score_finding(size + i, text, problem, *said))
        if categories is not None:
            self.category_codes.append(self.category_codes_of(categories))
        for axis in range(3):
            self.codes[axis].append(codes[axis])
        self.findings += found
        self.scores.append(values)
        self.size += len(scores)

    def add_rows(
        self,
        raters: Sequence[str] | Sequence[bytes],
        units: Sequence[str] | Sequence[bytes],
        columns: dict[str, Sequence[str] | Sequence[bytes]],
        categories: Sequence[str] | Sequence[bytes] | None = None,
    ) -> None:
        """Append rows of the wide format: a rater, a unit, and a score text per criterion (str or UTF-8 bytes)."""
        n, k = len(raters), len(columns)
        if categories is not None:
            self.category_codes.append(np.repeat(self.category_codes_of(categories), k))
        self.codes[0].append(np.repeat(self._code(0, raters, stride=k), k))
        self.codes[1].append(np.repeat(self._code(1, units, stride=k), k))
        criteria = np.array([self.label(2, name) for name in columns], dtype=np.int32)
        self.codes[2].append(np.tile(criteria, n))
        values = np.empty((n, k))
        for j, (name, texts) in enumerate(columns.items()):
            values[:, j], bad = parse_scores(texts, self.lookup)
            for i, text, problem in bad:
                said = _text(raters[i]), _text(units[i])
                self.bad_score(self.size + i * k + j, text, problem, *said, name)
        self.scores.append(values.reshape(-1))
        self.size += n * k

    def add_array(
        self,
        raters: Sequence[str],
        units: Sequence[str],
        criteria: Sequence[str],
        values: FloatArray,
    ) -> None:
        """Append a whole array (raters, units, criteria) of scores, one record per cell."""
        for axis, names in enumerate((raters, units, criteria)):
            for name in names:
                self.label(axis, name)
        grid = np.indices(values.shape, dtype=np.int32).reshape(3, -1)
        for axis in range(3):
            self.codes[axis].append(grid[axis])
        self.scores.append(values.reshape(-1))
        self.size += values.size

    def add_coded(
        self,
        labels: Sequence[tuple[Sequence[str], npt.NDArray[np.integer[Any]]]],
        scores: FloatArray,
        categories: tuple[Sequence[str], npt.NDArray[np.integer[Any]]] | None = None,
    ) -> None:
        """Append records whose labels come dictionary-encoded, and their parsed scores.

        Each of `labels` (rater, unit, criterion) and `categories` is the distinct
        texts and each record's index into them, so no Python object is made per
        record.
        """
        for axis, (names, local) in enumerate(labels):
            index = self.labels[axis]
            new = [name for name in names if name not in index]
            for name in new:
                index[name] = len(index)
            remap = np.array([index[name] for name in names], dtype=np.int32)
            if not remap.size:
                codes = np.zeros(len(local), dtype=np.int32)
            elif np.array_equal(remap, np.arange(remap.size)):  # the first block, say
                codes = local.astype(np.int32, copy=False)
            else:
                codes = remap[local]
            for name in new:
                if fault := name_fault(name):
                    first = self.size + int(np.argmax(codes == index[name]))
                    text = f"the {AXES[axis]} {fault}; got {name!r}."
                    self.findings.append(Finding(first, "label", text, role=AXES[axis]))
            self.codes[axis].append(codes)
        if categories is not None:
            names, local = categories
            remap = self.category_codes_of(names)
            self.category_codes.append(remap[local] if remap.size else remap)
        self.scores.append(scores)
        self.size += len(scores)

    def category_codes_of(self, column: Sequence[str] | Sequence[bytes]) -> npt.NDArray[np.int32]:
        """Category codes of category texts (-1 for a blank), coding new ones."""
        lookup: dict[Any, int] = self.category_lookup
        new: set[Any] = set(column).difference(lookup)
        for key in new:
            name = _text(key)
            lookup[key] = (
                self.categories.setdefault(name, len(self.categories)) if name.strip() else -1
            )
        return np.fromiter(map(lookup.__getitem__, column), dtype=np.int32, count=len(column))

    def label(self, axis: int, name: str) -> int:
        """The code of a label, coding it if it is new."""
        return self.labels[axis].setdefault(name, len(self.labels[axis]))

    def skip(self, row: int) -> None:
        """Note a row of the file that holds no record (a blank row, or a rejected one)."""
        self.skipped.append(row)

    def rows(self, records: npt.ArrayLike) -> IntArray:
        """The row of the file (0-based, header excluded) that holds each record."""
        kept = np.asarray(records, dtype=np.int64) // self.per_row
        skipped = np.array(sorted(self.skipped), dtype=np.int64)
        before = skipped - np.arange(skipped.size)
        shift = np.searchsorted(before, kept, side="right")
        return kept + shift

    def row_of(self, finding: Finding) -> int:
        """The row of the file a finding is about (-1 for the header)."""
        return finding.row if finding.row is not None else int(self.rows([finding.record])[0])

    def _code(
        self, axis: int, column: Sequence[str] | Sequence[bytes], *, stride: int = 1
    ) -> npt.NDArray[np.int32]:
        raw = bool(column) and isinstance(column[0], bytes)
        index: dict[Any, int] = self.raw[axis] if raw else self.labels[axis]
        try:  # most blocks of a long file bring no new label
            return np.fromiter(map(index.__getitem__, column), dtype=np.int32, count=len(column))
        except KeyError:
            pass
        new: set[Any] = set(column).difference(index)
        known = len(self.labels[axis])
        names = {key: _text(key) for key in new}  # decoding fails before anything is coded
        for key in sorted(new):
            index[key] = self.label(axis, names[key])
        codes = np.fromiter(map(index.__getitem__, column), dtype=np.int32, count=len(column))
        for key in new:
            if index[key] >= known and (fault := name_fault(names[key])):
                first = self.size + stride * int(np.argmax(codes == index[key]))
                text = f"the {AXES[axis]} {fault}; got {names[key]!r}."
                self.findings.append(Finding(first, "label", text, role=AXES[axis]))
        return codes

    def bad_score(
        self, record: int, text: str, problem: str, rater: str, unit: str, criterion: str
    ) -> None:
        """Note a cell that is not a score, in the words every sheet format uses."""
        self.findings.append(self.score_finding(record, text, problem, rater, unit, criterion))

    def score_finding(
        self, record: int, text: str, problem: str, rater: str, unit: str, criterion: str
    ) -> Finding:
        """The finding of a cell that is not a score."""
        said = f"rater {rater!r}, unit {unit!r}, criterion {criterion!r}"
        message = f"score {text!r} for {said} {problem}; {markers_text(self.markers)}."
        return Finding(record, "score", message)


def _text(cell: str | bytes) -> str:
    """A cell's text; bytes are UTF-8."""
    return cell.decode("utf-8") if isinstance(cell, bytes) else cell


def parse_scores(
    texts: Sequence[str] | Sequence[bytes], markers: frozenset[str]
) -> tuple[FloatArray, list[tuple[int, str, str]]]:
    """Scores from cell texts, NaN where missing; and (position, text, problem) of bad cells.

    Each distinct text is read once, by :func:`~appraisal.io.parse.parse_number`; a
    column of plain ASCII numbers takes a faster path that accepts exactly the same.
    Texts may come as UTF-8 bytes.

    Examples
    --------
    >>> values, bad = parse_scores(["88.5", "", "NA", "9O", "８０"], frozenset({"NA"}))
    >>> values, bad
    (array([88.5,  nan,  nan,  nan, 80. ]), [(3, '9O', 'is not a number')])

    Raises
    ------
    UnicodeDecodeError
        Bytes that are not UTF-8.
    """
    n = len(texts)
    if _plain(texts, markers):
        try:
            values = np.fromiter(map(float, texts), dtype=np.float64, count=n)
        except ValueError:
            pass
        else:
            if np.isfinite(values).all():
                return values, []
    numbers: dict[Any, float] = {}
    problems: dict[Any, tuple[str, str]] = {}
    distinct: set[Any] = set(texts)
    for key in distinct:
        text = _text(key)
        number, problem = score_of(text, markers)
        numbers[key] = number
        if problem:
            problems[key] = (text, problem)
    values = np.fromiter(map(numbers.__getitem__, texts), dtype=np.float64, count=n)
    if not problems:
        return values, []
    where = np.flatnonzero(np.fromiter((t in problems for t in texts), dtype=bool, count=n))
    return values, [(i, *problems[texts[i]]) for i in where.tolist()]


def _plain(texts: Sequence[str] | Sequence[bytes], markers: frozenset[str]) -> bool:
    """ASCII without ``_`` and no marker that reads as a number: where ``float`` accepts what parse_number does.

    On such text ``float`` differs from the strict grammar only by ``nan`` and ``inf``,
    which the caller's finiteness check sends to the slow path.
    """
    if any(map(_numeric, markers)):
        return False
    if texts and isinstance(texts[0], bytes):
        raw = b"".join(cast("Sequence[bytes]", texts))
        return raw.isascii() and b"_" not in raw
    joined = "".join(cast("Sequence[str]", texts))
    return joined.isascii() and "_" not in joined


def _numeric(marker: str) -> bool:
    return not parse_number(marker)[1]


def score_of(text: str, markers: frozenset[str]) -> tuple[float, str]:
    """The score a cell's text writes (NaN for blank or a marker), and its problem if any.

    Examples
    --------
    >>> score_of(" 88 ", frozenset()), score_of("NA", frozenset({"NA"})), score_of("9O", frozenset())
    ((88.0, ''), (nan, ''), (nan, 'is not a number'))
    """
    if not text.strip() or text.strip() in markers:
        return math.nan, ""
    return parse_number(text)
