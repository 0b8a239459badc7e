"""Assembling coded records into a score sheet, with every problem found on the way.

The checks are vectorised over the records: labels against the scheme and the unit
order, scores against their criterion's scale, repeated (rater, unit, criterion)
records, and each unit's one category. Records with a problem are left out of the
sheet, so a checker can still report coverage; a loader raises the first finding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from attrs import frozen

from appraisal._text import name_fault
from appraisal._typing import FloatArray
from appraisal.io.encoding import encoding_hint
from appraisal.io.records import AXES, Finding, Records
from appraisal.model.scheme import Scheme
from appraisal.model.sheet import ScoreSheet
from appraisal.pipeline.problems import not_in_scheme, outside_scale

__all__ = ["build_sheet"]

_BLOCK = 1 << 20


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
        codes.append(read if np.array_equal(remap, np.arange(len(index))) else remap[read])
        del read
    shape = (len(names[0]), len(names[1]), len(names[2]))
    categories = _unit_categories(records, names[1], codes[1], findings)
    flat, kept = _flat(codes, shape)
    del codes
    if kept is not None:
        scores = scores[kept]
    cells = _Cells(shape, names, flat, kept)
    if scheme is not None:
        _check_scales(scheme, cells, scores, findings)
    repeated = _check_repeats(cells, describe, findings)
    if repeated.size:  # the first of each repeated record stands
        flat, scores = np.delete(flat, repeated), np.delete(scores, repeated)
    values = np.full(shape, np.nan)
    values.reshape(-1)[flat] = scores
    values.flags.writeable = False
    ordered = unit_order is not None
    sheet = ScoreSheet(names[0], names[1], names[2], values, categories=categories, ordered=ordered)
    return sheet, findings


def _unit_categories(
    records: Records,
    units: tuple[str, ...],
    unit_codes: npt.NDArray[np.int32],
    findings: list[Finding],
) -> dict[str, str]:
    """Each unit's category from the category column; a unit given two is a finding."""
    if not records.category_codes:
        return {}
    category = _take(records.category_codes, np.int32)
    names = {code: name for name, code in records.categories.items()}
    said = np.flatnonzero((category >= 0) & (unit_codes >= 0))
    if said.size == 0:
        return {}
    pairs = unit_codes[said].astype(np.int64) * len(names) + category[said]
    unique, first = np.unique(pairs, return_index=True)
    chosen: dict[str, str] = {}
    earliest: dict[str, int] = {}
    for pair, at in sorted(zip(unique.tolist(), first.tolist(), strict=True), key=lambda p: p[1]):
        unit, name = units[pair // len(names)], names[pair % len(names)]
        record = int(said[at])
        if unit not in chosen:
            chosen[unit], earliest[unit] = name, record
            continue
        text = f"unit {unit!r} is in category {name!r} here but in {chosen[unit]!r} on {{other}}; a unit has one category."
        findings.append(Finding(record, "category", text, other=earliest[unit], role="category"))
    return chosen


def _take(parts: list[Any], dtype: type) -> Any:
    """The blocks joined into one array; the blocks are let go (they are no longer needed)."""
    joined = (
        parts[0]
        if len(parts) == 1
        else np.concatenate(parts)
        if parts
        else np.zeros(0, dtype=dtype)
    )
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
    dropped = {name for name in index if name_fault(name)}
    if known is not None:
        allowed = set(known)
        hint = encoding_hint([n for n in index if n not in dropped and n not in allowed], known)
        for name in index:
            if name in dropped or name in allowed:
                continue
            dropped.add(name)
            if header:
                text = not_in_scheme("criterion column", name, known) + hint
                findings.append(Finding(-1, "unknown", text))
                continue
            first, count = _first_and_count(codes, index[name])
            count //= 1 if axis == 2 else records.per_row
            more = f" ({count} {records.noun} name it)" if count > 1 else ""
            text = not_in_scheme(kind, name, known, more=more) + hint
            findings.append(Finding(first, "unknown", text, role=kind))
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
            findings.append(Finding(first, "unit_order", text, role=kind))
    at = {name: i for i, name in enumerate(final)}
    remap = np.full(max(len(index), 1), -1, dtype=np.int32)
    for name, code in index.items():
        if name not in dropped:
            remap[code] = at[name]
    return final, remap


def _first_and_count(codes: npt.NDArray[np.int32], code: int) -> tuple[int, int]:
    hits = codes == code
    return int(np.argmax(hits)), int(np.count_nonzero(hits))


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
            text = outside_scale(scores[i], rater, unit, name, scale[name])
            findings.append(Finding(cells.record(i), "scale", text))


def _check_repeats(
    cells: _Cells, describe: Callable[[str, str, str], str] | None, findings: list[Finding]
) -> npt.NDArray[np.intp]:
    """Records that repeat an earlier (rater, unit, criterion), as kept-record positions.

    A count per cell comes first, so a sheet without repeats is checked in one pass.
    """
    flat = cells.flat
    if flat.size == 0 or np.bincount(flat, minlength=1).max() <= 1:
        return np.zeros(0, dtype=np.intp)
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
    return order[repeat]


def _labels(rater: str, unit: str, criterion: str) -> str:
    return f"rater {rater!r}, unit {unit!r}, criterion {criterion!r}"
