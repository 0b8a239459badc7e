"""Score sheets in JSON: a whole sheet (labels and nested values), or a list of records.

The whole-sheet form is what :func:`~appraisal.io.dump_sheet` writes::

    {"format": "appraisal.sheet/1", "raters": [...], "units": [...], "criteria": [...],
     "categories": {unit: category, ...}, "values": [[[score or null, ...], ...], ...]}

with ``values[rater][unit][criterion]`` (``categories`` is optional, in both forms). The records form lists one score per record::

    {"records": [[rater, unit, criterion, score or null], ...]}

where a record may also be an object with the keys ``rater``, ``unit``, ``criterion``
(optional: ``"score"``) and ``score``.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

import numpy as np
import numpy.typing as npt

from appraisal._text import name_fault
from appraisal._typing import plain
from appraisal.errors import ScoreError
from appraisal.io.encoding import read_text
from appraisal.io.parse import parse_json
from appraisal.io.records import Finding, Records
from appraisal.model.sheet import ScoreSheet

__all__ = ["FORMAT", "dump_json", "read_json"]

FORMAT = "appraisal.sheet/1"
_WHOLE = ("raters", "units", "criteria", "values")
_RECORD_KEYS = ("rater", "unit", "criterion", "score")


Labels = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def read_json(
    path: str | os.PathLike[str], *, encoding: str | None
) -> tuple[Records, Labels | None]:
    """Parse a JSON score sheet into coded records, and the label order of a whole sheet."""
    name = os.fspath(path)
    text = read_text(path, encoding)
    data = parse_json(text, name, error=ScoreError, hint="write null for a missing score")
    if not isinstance(data, Mapping) or not ("records" in data or "values" in data):
        message = (
            f"{name}: a JSON score sheet must be an object with 'records' (a list of "
            "[rater, unit, criterion, score]) or with 'raters', 'units', 'criteria' and "
            f"'values'; got {_kind(data)}."
        )
        raise ScoreError(message)
    if data.get("format", FORMAT) != FORMAT:
        _fail(name, "format", f"must be {FORMAT!r}; got {data['format']!r}.")
    if "values" in data:
        return _whole(name, data)
    _keys(name, data, ("records",), ("format", "categories"))
    return _records(name, data["records"], _categories(name, data)), None


def _fail(name: str, path: str, problem: str) -> NoReturn:
    message = f"{name}: {path}: {problem}"
    raise ScoreError(message)


def _kind(data: Any) -> str:
    if isinstance(data, Mapping):
        return f"an object with the keys {', '.join(map(repr, data))}" if data else "{}"
    return "a list" if isinstance(data, list) else repr(data)


def _keys(
    name: str, data: Mapping[str, Any], required: tuple[str, ...], optional: tuple[str, ...]
) -> None:
    allowed = required + optional
    for key in data:
        if key not in allowed:
            _fail(name, str(key), f"is not a known key here; allowed: {', '.join(allowed)}.")
    for key in required:
        if key not in data:
            message = f"{name}: the sheet lacks the required key {key!r}."
            raise ScoreError(message)


def _whole(name: str, data: Mapping[str, Any]) -> tuple[Records, Labels]:
    _keys(name, data, _WHOLE, ("format", "categories"))
    raters, units, criteria = (_labels(name, key, data[key]) for key in _WHOLE[:3])
    categories = _categories(name, data)
    _known_units(name, categories, units)
    labels = (raters, units, criteria)
    shape = (len(raters), len(units), len(criteria))
    try:
        cells = np.array(data["values"], dtype=object)
    except ValueError:
        cells = np.array(None)
    if cells.shape != shape and not (cells.size == 0 and 0 in shape):
        _fail(
            name,
            "values",
            f"must be nested lists of shape (n_raters, n_units, n_criteria) = {shape}; got {_shape(data['values'])}.",
        )
    cells = cells.reshape(shape)
    numeric: npt.NDArray[np.bool_] = np.frompyfunc(_is_score, 1, 1)(cells).astype(bool)
    records = Records((), noun="cells")
    cells_or_none: npt.NDArray[Any] = np.where(numeric, cells, np.array(None, dtype=object))
    values = cells_or_none.astype(np.float64)
    for flat in np.flatnonzero(~numeric.reshape(-1)).tolist():
        r, u, c = np.unravel_index(flat, shape)
        said = f"rater {labels[0][r]!r}, unit {labels[1][u]!r}, criterion {labels[2][c]!r}"
        text = f"score {cells[r, u, c]!r} for {said} must be a finite number, or null for a missing score."
        records.findings.append(Finding(flat, "score", text))
    records.add_array(raters, units, criteria, values)
    if categories:
        per_unit = [categories.get(unit, "") for unit in units]
        unit_of = np.indices(shape).reshape(3, -1)[1]
        records.category_codes.append(records.category_codes_of(per_unit)[unit_of])
    return records, labels


def _categories(name: str, data: Mapping[str, Any]) -> dict[str, str]:
    """The optional map of unit to category."""
    given = data.get("categories", {})
    if not isinstance(given, Mapping):
        _fail(
            name,
            "categories",
            f"must be an object of unit names to categories; got {_kind(given)}.",
        )
    for unit, category in given.items():
        for place, text in ((f"categories: unit {unit!r}", unit), (f"categories.{unit}", category)):
            if fault := name_fault(text):
                _fail(name, place, f"{fault}; got {text!r}.")
    return dict(given)


def _known_units(name: str, categories: Mapping[str, str], units: Sequence[str]) -> None:
    known = set(units)
    for unit in categories:
        if unit not in known:
            _fail(
                name,
                f"categories.{unit}",
                f"names unit {unit!r}, which has no scores in the sheet.",
            )


def _labels(name: str, key: str, given: Any) -> tuple[str, ...]:
    if not isinstance(given, list):
        _fail(name, key, f"must be a list of names; got {_kind(given)}.")
    seen: set[str] = set()
    for i, label in enumerate(given):
        if fault := name_fault(label):
            _fail(name, f"{key}[{i}]", f"{fault}; got {label!r}.")
        if label in seen:
            _fail(name, f"{key}[{i}]", f"{label!r} appears twice; names must be unique.")
        seen.add(label)
    return tuple(given)


def _shape(values: Any) -> str:
    shape = []
    while isinstance(values, list):
        shape.append(len(values))
        values = values[0] if values else None
    return f"lists nested {len(shape)} deep, {tuple(shape)} along their first items"


def _is_score(value: Any) -> bool:
    """None, or a number that is finite as a float."""
    if value is None:
        return True
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def _records(name: str, items: Any, categories: Mapping[str, str]) -> Records:
    if not isinstance(items, list):
        _fail(name, "records", f"must be a list of records; got {_kind(items)}.")
    records = Records((), noun="records")
    columns: tuple[list[str], list[str], list[str]] = ([], [], [])
    scores: list[float] = []
    for i, item in enumerate(items):
        record = _record(item)
        if isinstance(record, str):
            records.skip(i)
            records.findings.append(Finding(-1, "row", record, row=i))
            continue
        *labels, score = record
        for column, label in zip(columns, labels, strict=True):
            column.append(label)
        if score is None:
            scores.append(math.nan)
        elif not _is_score(score):
            said = f"rater {labels[0]!r}, unit {labels[1]!r}, criterion {labels[2]!r}"
            text = (
                f"score {score!r} for {said} must be a finite number, or null for a missing score."
            )
            records.findings.append(Finding(-1, "score", text, row=i))
            scores.append(math.nan)
        else:
            scores.append(float(score))
    _known_units(name, categories, columns[1])
    per_record = [categories.get(unit, "") for unit in columns[1]] if categories else None
    records.add(*columns, np.array(scores, dtype=np.float64), per_record)
    return records


def _record(item: Any) -> tuple[str, str, str, Any] | str:
    """The record's fields, or what is wrong with it."""
    if isinstance(item, list) and len(item) == 4:
        rater, unit, criterion, score = item
    elif isinstance(item, Mapping):
        unknown = [key for key in item if key not in _RECORD_KEYS]
        lacking = [key for key in ("rater", "unit", "score") if key not in item]
        if unknown or lacking:
            return f"a record object must have the keys rater, unit, score and optionally criterion; got {list(item)!r}."
        rater, unit, score = item["rater"], item["unit"], item["score"]
        criterion = item.get("criterion", "score")
    else:
        return f"a record must be [rater, unit, criterion, score] or an object with those keys; got {item!r}."
    for kind, label in (("rater", rater), ("unit", unit), ("criterion", criterion)):
        if not isinstance(label, str):
            return f"the {kind} must be a name (a string); got {label!r}."
    return rater, unit, criterion, score


def dump_json(sheet: ScoreSheet, path: str | os.PathLike[str]) -> None:
    """Write the whole sheet as JSON (UTF-8): labels, then one rater's scores per line."""
    lines = ["{", f' "format": {json.dumps(FORMAT)},']
    lines += [f' "{k}": {json.dumps(getattr(sheet, k), ensure_ascii=False)},' for k in _WHOLE[:3]]
    if sheet.categories:
        lines.append(f' "categories": {json.dumps(dict(sheet.categories), ensure_ascii=False)},')
    rows = [json.dumps(plain(sheet.values[r]), ensure_ascii=False) for r in range(sheet.shape[0])]
    lines += [
        ' "values": [',
        *(f"  {row}," for row in rows[:-1]),
        *(f"  {row}" for row in rows[-1:]),
        " ]",
        "}",
    ]
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        stream.write("\n".join(lines) + "\n")
