"""Score records as coded columns, gathered block by block while a file is parsed.

Labels are coded to small integers as each block arrives, so a large file never holds
a Python string per cell; :func:`build_sheet` then checks the records (labels, scales,
repeats) and scatters the scores into a :class:`~appraisal.ScoreSheet`. Problems are
collected with the record they concern, so a caller can raise the first (by position in
the file) or list them all.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from attrs import define, field, frozen

from appraisal.scheme import Scheme
from appraisal.sheet import ScoreSheet

__all__ = ["Finding", "Records", "build_sheet", "markers_text"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
AXES = ("rater", "unit", "criterion")
_BLOCK = 1 << 20


@frozen
class Finding:
    """A problem at one record (or one row of the file), worded without its position yet.

    ``text`` may hold ``{other}``: the position of a second record, ``other``. A finding
    about a row that holds no record (a short row, say) gives ``row`` instead of
    ``record``; row -1 is the header.
    """

    record: int
    kind: str
    text: str
    other: int = -1
    row: int | None = None


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
    scores: list[FloatArray] = field(factory=list)
    skipped: list[int] = field(factory=list)
    findings: list[Finding] = field(factory=list)
    size: int = 0

    @lookup.default
    def _lookup(self) -> frozenset[str]:
        return frozenset(self.markers)

    def add(
        self,
        raters: Sequence[str],
        units: Sequence[str],
        criteria: Sequence[str],
        scores: Sequence[str] | FloatArray,
    ) -> None:
        """Append records given as label columns and score texts (or scores already parsed)."""
        self.codes[0].append(self._code(0, raters))
        self.codes[1].append(self._code(1, units))
        self.codes[2].append(self._code(2, criteria))
        if isinstance(scores, np.ndarray):
            values = scores
        else:
            values, bad = parse_scores(scores, self.lookup)
            for i, text, problem in bad:
                self._bad_score(self.size + i, text, problem, raters[i], units[i], criteria[i])
        self.scores.append(values)
        self.size += len(scores)

    def add_rows(
        self, raters: Sequence[str], units: Sequence[str], columns: dict[str, Sequence[str]]
    ) -> None:
        """Append rows of the wide format: a rater, a unit, and a score text per criterion."""
        n, k = len(raters), len(columns)
        self.codes[0].append(np.repeat(self._code(0, raters, stride=k), k))
        self.codes[1].append(np.repeat(self._code(1, units, stride=k), k))
        criteria = np.array([self.label(2, name) for name in columns], dtype=np.int32)
        self.codes[2].append(np.tile(criteria, n))
        values = np.empty((n, k))
        for j, (name, texts) in enumerate(columns.items()):
            values[:, j], bad = parse_scores(texts, self.lookup)
            for i, text, problem in bad:
                self._bad_score(self.size + i * k + j, text, problem, raters[i], units[i], name)
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

    def _code(self, axis: int, column: Sequence[str], *, stride: int = 1) -> npt.NDArray[np.int32]:
        index = self.labels[axis]
        new = set(column).difference(index)
        for name in sorted(new):
            index[name] = len(index)
        codes = np.fromiter(map(index.__getitem__, column), dtype=np.int32, count=len(column))
        for name in new:
            if not name.strip():
                first = self.size + stride * int(np.argmax(codes == index[name]))
                text = f"the {AXES[axis]} must be a non-empty name; got {name!r}."
                self.findings.append(Finding(first, "label", text))
        return codes

    def _bad_score(
        self, record: int, text: str, problem: str, rater: str, unit: str, criterion: str
    ) -> None:
        said = f"rater {rater!r}, unit {unit!r}, criterion {criterion!r}"
        message = f"score {text!r} for {said} {problem}; {markers_text(self.markers)}."
        self.findings.append(Finding(record, "score", message))


def parse_scores(
    texts: Sequence[str], markers: frozenset[str]
) -> tuple[FloatArray, list[tuple[int, str, str]]]:
    """Scores from cell texts, NaN where missing; and (position, text, problem) of bad cells.

    Examples
    --------
    >>> values, bad = parse_scores(["88.5", "", "NA", "9O"], frozenset({"NA"}))
    >>> values, bad
    (array([88.5,  nan,  nan,  nan]), [(3, '9O', 'is not a number')])
    """
    n = len(texts)
    try:
        values = np.fromiter(map(float, texts), dtype=np.float64, count=n)
    except ValueError:
        pass
    else:
        if np.isfinite(values).all():
            return values, []
    numbers: dict[str, float] = {}
    problems: dict[str, str] = {}
    for text in set(texts):
        number, problem = _score(text, markers)
        numbers[text] = number
        if problem:
            problems[text] = problem
    values = np.fromiter(map(numbers.__getitem__, texts), dtype=np.float64, count=n)
    if not problems:
        return values, []
    where = np.flatnonzero(np.fromiter((t in problems for t in texts), dtype=bool, count=n))
    return values, [(i, texts[i], problems[texts[i]]) for i in where.tolist()]


def _score(text: str, markers: frozenset[str]) -> tuple[float, str]:
    stripped = text.strip()
    if not stripped or stripped in markers:
        return math.nan, ""
    try:
        number = float(stripped)
    except ValueError:
        return math.nan, "is not a number"
    if math.isnan(number):
        return math.nan, "is not a number"
    if math.isinf(number):
        return math.nan, "is not a finite number"
    return number, ""


def build_sheet(
    records: Records,
    *,
    scheme: Scheme | None = None,
    unit_order: Sequence[str] | None = None,
    order: tuple[Sequence[str], Sequence[str], Sequence[str]] | None = None,
    describe: Callable[[str, str, str], str] | None = None,
    criteria_in_header: bool = False,
) -> tuple[ScoreSheet, list[Finding]]:
    """The score sheet of the records, and every problem found (records with problems left out).

    Parameters
    ----------
    records : Records
    scheme : Scheme, optional
        Raters and criteria must be the scheme's, and scores within their criterion's
        scale.
    unit_order : sequence of str, optional
        The order of the units (it may name units without records); else sorted.
    order : (raters, units, criteria), optional
        The exact label order (a sheet written whole); else raters and criteria sorted.
    describe : callable (rater, unit, criterion) -> str, optional
        How a repeated record is named (wide format leaves the criterion out).
    criteria_in_header : bool, default False
        The criteria are the columns of a header (wide format): a criterion the scheme
        lacks is a finding at record -1, the header.
    """
    findings = list(records.findings)
    scores = _take(records.scores, np.float64)
    names: list[tuple[str, ...]] = []
    codes: list[npt.NDArray[np.int32]] = []
    for axis, index in enumerate(records.labels):
        known: Sequence[str] | None = None
        if scheme is not None and axis != 1:
            known = scheme.rater_names if axis == 0 else scheme.criterion_names
        wanted = order[axis] if order is not None else unit_order if axis == 1 else None
        read = _take(records.codes[axis], np.int32)
        final, remap = _axis(
            axis,
            index,
            read,
            known,
            wanted,
            findings,
            header=criteria_in_header and axis == 2,
            records=records,
        )
        names.append(final)
        codes.append(remap[read])
        del read
    shape = (len(names[0]), len(names[1]), len(names[2]))
    flat, kept = _flat(codes, shape)
    del codes
    if kept is not None:
        scores = scores[kept]
    sheet = _Cells(shape, names, flat, kept)
    if scheme is not None:
        _check_scales(scheme, sheet, scores, findings)
    _check_repeats(sheet, describe, findings)
    values = np.full(shape, np.nan)
    values.reshape(-1)[flat] = scores
    values.flags.writeable = False
    return ScoreSheet(names[0], names[1], names[2], values), findings


def _take(parts: list[Any], dtype: type) -> Any:
    """The blocks joined into one array; the blocks are let go (they are no longer needed)."""
    joined = np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
    parts.clear()
    return joined


def _flat(
    codes: list[npt.NDArray[np.int32]], shape: tuple[int, int, int]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp] | None]:
    """Each kept record's cell in the flattened array, and which records are kept (None: all)."""
    left_out = (codes[0] < 0) | (codes[1] < 0) | (codes[2] < 0)
    kept = np.flatnonzero(~left_out) if left_out.any() else None
    del left_out
    picked = codes if kept is None else [c[kept] for c in codes]
    flat = picked[0].astype(np.intp)
    for axis in (1, 2):
        flat *= shape[axis]
        flat += picked[axis]
    return flat, kept


@frozen
class _Cells:
    """Kept records as flat cell indices, and how to name a record's labels from them."""

    shape: tuple[int, int, int]
    names: list[tuple[str, ...]]
    flat: npt.NDArray[np.intp]
    kept: npt.NDArray[np.intp] | None

    def record(self, i: int) -> int:
        """The record number of the i-th kept record."""
        return i if self.kept is None else int(self.kept[i])

    def labels(self, i: int) -> tuple[str, str, str]:
        """The (rater, unit, criterion) of the i-th kept record."""
        r, u, c = np.unravel_index(int(self.flat[i]), self.shape)
        return self.names[0][r], self.names[1][u], self.names[2][c]


def _axis(
    axis: int,
    index: dict[str, int],
    codes: npt.NDArray[np.int32],
    known: Sequence[str] | None,
    wanted: Sequence[str] | None,
    findings: list[Finding],
    *,
    header: bool,
    records: Records,
) -> tuple[tuple[str, ...], npt.NDArray[np.int32]]:
    """The final labels of one axis and the map from read codes to final codes (-1: left out)."""
    kind = AXES[axis]
    dropped = {name for name in index if not name.strip()}
    if known is not None:
        allowed = set(known)
        for name in index:
            if name in dropped or name in allowed:
                continue
            dropped.add(name)
            if header:
                text = f"criterion column {name!r} is not in the scheme{_suggest(name, known)}"
                findings.append(Finding(-1, "unknown", text))
                continue
            first, count = _first_and_count(codes, index[name])
            count //= 1 if axis == 2 else records.per_row
            more = f" ({count} {records.noun} name it)" if count > 1 else ""
            text = f"{kind} {name!r} is not in the scheme{more}{_suggest(name, known)}"
            findings.append(Finding(first, "unknown", text))
    if wanted is None:
        final = tuple(sorted(name for name in index if name not in dropped))
    else:
        final = tuple(name for name in wanted if name not in dropped)
        position = set(final)
        for name in index:
            if name in dropped or name in position:
                continue
            dropped.add(name)
            first, _ = _first_and_count(codes, index[name])
            text = f"{kind} {name!r} is not in unit_order; unit_order must list every unit of the sheet."
            findings.append(Finding(first, "unit_order", text))
    at = {name: i for i, name in enumerate(final)}
    remap = np.full(max(len(index), 1), -1, dtype=np.int32)
    for name, code in index.items():
        if name not in dropped:
            remap[code] = at[name]
    return final, remap


def _first_and_count(codes: npt.NDArray[np.int32], code: int) -> tuple[int, int]:
    hits = codes == code
    return int(np.argmax(hits)), int(np.count_nonzero(hits))


def _suggest(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"; did you mean {close[0]!r}?" if close else "."


def _check_scales(
    scheme: Scheme, cells: _Cells, scores: FloatArray, findings: list[Finding]
) -> None:
    """Scores outside their criterion's scale, checked in blocks to keep temporaries small."""
    scale = {c.name: c.scale for c in scheme.leaf_criteria}
    bounds = np.array([scale.get(name, (np.nan, np.nan)) for name in cells.names[2]])
    n_criteria = cells.shape[2]
    for start in range(0, scores.size, _BLOCK):
        block = slice(start, start + _BLOCK)
        criterion = cells.flat[block] % n_criteria if n_criteria else cells.flat[block]
        value = scores[block]
        outside = (value < bounds[criterion, 0]) | (value > bounds[criterion, 1])
        for i in (np.flatnonzero(outside) + start).tolist():
            rater, unit, name = cells.labels(i)
            low, high = scale[name]
            text = (
                f"score {scores[i]:g} for rater {rater!r}, unit {unit!r}, criterion {name!r} "
                f"is outside its scale {low:g}..{high:g}."
            )
            findings.append(Finding(cells.record(i), "scale", text))


def _check_repeats(
    cells: _Cells, describe: Callable[[str, str, str], str] | None, findings: list[Finding]
) -> None:
    """Records that repeat an earlier (rater, unit, criterion); a count per cell first."""
    flat = cells.flat
    if flat.size == 0 or np.bincount(flat, minlength=1).max() <= 1:
        return
    order = np.argsort(flat, kind="stable")
    ordered = flat[order]
    repeat = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    first = order[starts[np.searchsorted(starts, repeat, side="right") - 1]]
    for second, earlier in zip(order[repeat].tolist(), first.tolist(), strict=True):
        labels = cells.labels(second)
        said = describe(*labels) if describe else _labels(*labels)
        text = f"repeats {{other}} for {said}; each (rater, unit, criterion) is scored once."
        findings.append(Finding(cells.record(second), "repeat", text, other=cells.record(earlier)))


def _labels(rater: str, unit: str, criterion: str) -> str:
    return f"rater {rater!r}, unit {unit!r}, criterion {criterion!r}"
