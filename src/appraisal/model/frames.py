"""Score sheets from data frames and back: pandas, polars and pyarrow, through narwhals.

Three layouts, as in score files:

- ``"long"``: one row per score, with the columns ``rater``, ``unit``, ``criterion`` and
  ``score`` (and ``category``, each unit's category);
- ``"wide"``: one row per rater and unit, with the columns ``rater`` and ``unit`` (and
  ``category``) and one column per criterion, named as the criterion;
- ``"matrix"``: one row per unit, with the column ``unit`` (else the first column; and
  ``category``, and ``criterion`` when the rows score several criteria) and one column
  per rater, named as the rater (:mod:`appraisal.model.matrix`); with a first column
  ``rater``, or ``orientation="raters-by-units"``, a row per rater and a column per unit.

``columns={name: role}`` gives a column of another name a role: ``rater``, ``unit``,
``criterion``, ``score``, ``category``, or ``skip`` to read past it (in the wide layout
every column without a role is a criterion, so ``criterion`` and ``score`` are no roles
there); the role names themselves still count for the columns it leaves out. Column
names are matched exactly. Labels are text (a string, categorical or enum column); a
null score (or NaN) is a missing score, a null or blank category says none. Rows in
messages are positions counted from 0, as ``DataFrame.iloc`` and polars count them,
whatever a pandas index says.

One dataframe-agnostic layer, narwhals, reads every kind of frame (and
:mod:`appraisal.result.frames` builds pandas and polars frames with it); it is imported
inside the functions that need it, and the ``pandas`` and ``polars`` extras bring it.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from appraisal._text import name_fault
from appraisal._typing import FloatArray
from appraisal.errors import AppraisalWarning, InputError, ScoreError
from appraisal.model.frame_columns import (
    label_column,
    listed,
    need_narwhals,
    score_column,
    unit_categories,
)
from appraisal.model.matrix import (
    ORIENTATIONS,
    check_orientation,
    cut_matrix,
    matrix_criterion,
    orient,
    tally,
)

if TYPE_CHECKING:
    import narwhals as nw

    from appraisal.model.sheet import ScoreSheet

__all__ = ["LAYOUTS", "ROLES", "check_layout", "sheet_from_frame"]

LAYOUTS = ("long", "wide", "matrix")
"""The layouts of a score sheet as a frame."""
ROLES = ("rater", "unit", "criterion", "score", "category", "skip")
"""What a column of a score sheet may hold (as in files: :mod:`appraisal.io`)."""

_NEEDED = {"long": ("rater", "unit", "criterion", "score"), "wide": ("rater", "unit")}
_WIDE_ROLES = ("rater", "unit", "category", "skip")
_MATRIX_ROLES = ("unit", "rater", "category", "criterion", "skip")
_RECORD = ("rater", "unit", "criterion")


class _Read(NamedTuple):
    """The frame's records as equal-length numpy columns, ready for ``from_columns``."""

    raters: Any
    units: Any
    criteria: Any
    scores: FloatArray
    categories: dict[str, str]


def sheet_from_frame(
    cls: type[ScoreSheet],
    frame: Any,
    layout: str = "long",
    columns: Mapping[str, str] | None = None,
    category: str | None = None,
    criterion: str | None = None,
    orientation: str | None = None,
) -> ScoreSheet:
    """:meth:`ScoreSheet.from_frame <appraisal.ScoreSheet.from_frame>`: read, check, build."""
    where = "ScoreSheet.from_frame"
    check_layout(layout, where, LAYOUTS)
    need_narwhals(where)
    import narwhals as nw

    try:
        data = nw.from_native(frame, eager_only=True)
    except TypeError:
        message = f"{where}: frame must be a pandas or polars DataFrame or a pyarrow Table; got {type(frame).__name__}."
        raise InputError(message) from None
    if layout == "matrix":
        check_orientation(orientation, where)
        read = _matrix(data, dict(columns or {}), category, criterion, orientation)
        return cls.from_columns(*read[:4], categories=read.categories)
    at, criteria = _roles(list(data.columns), layout, dict(columns or {}), category)
    read = _read(data, at, criteria)
    return cls.from_columns(
        read.raters, read.units, read.criteria, read.scores, categories=read.categories
    )


def check_layout(layout: str, where: str, layouts: tuple[str, ...] = ("long", "wide")) -> None:
    """Refuse a layout that is not one of `layouts` (a frame is read in :data:`LAYOUTS`)."""
    if layout not in layouts:
        allowed = ", ".join(repr(name) for name in layouts)
        message = f"{where}: layout must be one of {allowed}; got {layout!r}."
        raise InputError(message)


def _roles(
    names: list[Any], layout: str, given: dict[str, str], category: str | None
) -> tuple[dict[str, Any], list[Any]]:
    """Role -> column name, and the criterion columns (wide layout)."""
    where = "ScoreSheet.from_frame"
    if category is not None:
        if given.get(category, "category") != "category":
            message = f"{where}: category= names {category!r}, which columns= gives the role {given[category]!r}."
            raise ScoreError(message)
        given[category] = "category"
    allowed = ROLES if layout == "long" else _WIDE_ROLES
    for name, role in given.items():
        if role not in allowed:
            roles = ", ".join(repr(r) for r in allowed)
            why = (
                ""
                if layout == "long"
                else " in the wide layout (every other column is a criterion)"
            )
            message = (
                f"{where}: columns: the role of {name!r} must be one of {roles}{why}; got {role!r}."
            )
            raise ScoreError(message)
        if name not in names:
            message = f"{where}: columns names {name!r}, which is not a column of the frame; its columns are {listed(names)}."
            raise ScoreError(message)
    defaults = _NEEDED[layout] + ("category",)
    at: dict[str, Any] = {}
    for name in names:
        taken: str | None = given.get(name, name if name in defaults else None)
        if taken is None or taken == "skip":
            continue
        if taken in at:
            message = f"{where}: columns {at[taken]!r} and {name!r} both name the {taken}; a role is one column. Say which with columns= (the other may be 'skip')."
            raise ScoreError(message)
        at[taken] = name
    lacking = [role for role in _NEEDED[layout] if role not in at]
    if lacking:
        hint = " or read one column per criterion with layout='wide'" if layout == "long" else ""
        message = f"{where}: the {layout} layout needs a {lacking[0]} column; the frame has the columns {listed(names)}. Name it with columns={{name: {lacking[0]!r}}}{hint}."
        raise ScoreError(message)
    rest = [name for name in names if name not in at.values() and given.get(name) != "skip"]
    if layout == "long" and rest:
        message = f"{where}: column {rest[0]!r} has no role in the long layout (rater, unit, criterion, score and category); read past it with columns={{{rest[0]!r}: 'skip'}}."
        raise ScoreError(message)
    if layout == "wide" and not rest:
        message = f"{where}: the wide layout needs a column per criterion besides rater, unit and category; the frame has the columns {listed(names)}."
        raise ScoreError(message)
    for name in rest:
        if fault := name_fault(name):
            message = f"{where}: the criterion column's name {fault}; got {name!r}."
            raise ScoreError(message)
    return at, rest


def _read(data: nw.DataFrame[Any], at: Mapping[str, Any], criteria: list[Any]) -> _Read:
    raters = label_column(data, at["rater"], "rater")
    units = label_column(data, at["unit"], "unit")
    if criteria:  # wide: one record per row and criterion, rows first
        k = len(criteria)
        scores = np.column_stack([score_column(data, name) for name in criteria]).reshape(-1)
        records = (
            np.repeat(raters, k),
            np.repeat(units, k),
            np.tile(np.array(criteria, dtype=object), len(raters)),
        )
        keys = [at["rater"], at["unit"]]
    else:
        scores = score_column(data, at["score"])
        records = (raters, units, label_column(data, at["criterion"], "criterion"))
        keys = [at["rater"], at["unit"], at["criterion"]]
    k = max(len(criteria), 1)
    infinite = np.flatnonzero(np.isinf(scores))
    if infinite.size:
        i = int(infinite[0])
        column = criteria[i % k] if criteria else at["score"]
        record = ", ".join(
            f"{kind} {labels[i]!r}" for kind, labels in zip(_RECORD, records, strict=True)
        )
        message = f"ScoreSheet.from_frame: column {column!r}, row {i // k}: score {float(scores[i])!r} for {record} must be finite (NaN or null marks a missing score)."
        raise ScoreError(message)
    _refuse_repeats(data, keys)
    categories = unit_categories(data, at["unit"], at["category"]) if "category" in at else {}
    return _Read(*records, scores, categories)


def _matrix(
    data: nw.DataFrame[Any],
    given: dict[str, str],
    category: str | None,
    criterion: str | None,
    orientation: str | None,
) -> _Read:
    """A matrix frame's records: a label column, a column per rater (or unit)."""
    where = "ScoreSheet.from_frame"
    names = list(data.columns)
    if category is not None:
        given[category] = "category"
    for name, role in given.items():
        if role not in _MATRIX_ROLES or name not in names:
            roles = ", ".join(repr(r) for r in _MATRIX_ROLES)
            message = f"{where}: columns: in the matrix layout a column's role is one of {roles} and the column one of the frame's ({listed(names)}); got {name!r}: {role!r}."
            raise ScoreError(message)
    role_of = {name: given.get(name, name if name in _MATRIX_ROLES[:4] else "") for name in names}
    keys = [name for name in names if role_of[name] in ("unit", "rater")]
    if len(keys) > 1:
        message = f"{where}: the matrix layout has one label column; got {keys[0]!r} and {keys[1]!r} (the other may be 'skip')."
        raise ScoreError(message)
    key = keys[0] if keys else names[0]
    titles = [n for n in names if not role_of[n] and n != key and not tally(str(n))]
    for name in titles:
        if fault := name_fault(name):
            message = f"{where}: the rater (or unit) column's name {fault}; got {name!r}."
            raise ScoreError(message)
    found = {role: name for name, role in role_of.items() if role}
    labels = label_column(data, key, role_of[key] or "unit")
    lie = orient(
        labels.tolist(),
        titles,
        raters=None,
        key=role_of[key] or None,
        orientation=orientation,
        where=where,
    )
    by_units = lie == ORIENTATIONS[0]
    groups = label_column(data, found["criterion"], "criterion") if "criterion" in found else None
    kind = "unit" if by_units else "rater"
    scores = [score_column(data, name) for name in titles]
    filled = (
        np.column_stack([~np.isnan(s) for s in scores])
        if scores
        else np.zeros((len(labels), 0), bool)
    )
    cut = cut_matrix(
        titles,
        labels.tolist(),
        filled,
        groups=None if groups is None else groups.tolist(),
        label_kind=kind,
    )
    if cut.spots:
        spot = cut.spots[0]
        other = (
            ""
            if spot.other is None
            else f"row {spot.other}"
            if spot.row is not None
            else f"column {titles[spot.other]!r}"
        )
        place = (
            f"row {spot.row}" if spot.row is not None else f"column {titles[spot.column or 0]!r}"
        )
        message = f"{where}: {place}: {spot.text.replace('{other}', other)}"
        raise ScoreError(message)
    if cut.skipped:
        said = ", ".join(
            f"{axis} {i if axis == 'row' else repr(titles[i])}" for axis, i, _ in cut.skipped
        )
        note = f"{where}: read past {said} (totals, averages, serial numbers, ranks and blank rows hold no scores)."
        warnings.warn(note, AppraisalWarning, stacklevel=4)
    rows = np.array(cut.rows, dtype=np.intp)
    picked = [titles[j] for j in cut.columns]
    k = len(picked)
    values = (
        np.column_stack([scores[j][rows] for j in cut.columns]).reshape(-1) if k else np.zeros(0)
    )
    row_labels = np.repeat(labels[rows], k)
    named = np.tile(np.array(picked, dtype=object), rows.size)
    raters, units = (named, row_labels) if by_units else (row_labels, named)
    single = None if groups is not None else matrix_criterion(criterion, None, where)
    criteria = (
        np.repeat(groups[rows], k)
        if groups is not None
        else np.full(values.size, single, dtype=object)
    )
    categories = (
        unit_categories(data, key, found["category"]) if "category" in found and by_units else {}
    )
    infinite = np.flatnonzero(np.isinf(values))
    if infinite.size:
        i = int(infinite[0])
        message = f"{where}: column {picked[i % k]!r}, row {int(rows[i // k])}: score {float(values[i])!r} must be finite (NaN or null marks a missing score)."
        raise ScoreError(message)
    return _Read(raters, units, criteria, values, categories)


def _refuse_repeats(data: nw.DataFrame[Any], keys: list[Any]) -> None:
    """Refuse two rows with the same (rater, unit, criterion), or (rater, unit) when wide."""
    twice = data.select(keys).is_duplicated().to_numpy()
    if not twice.any():
        return
    rows = np.flatnonzero(twice)
    labels = list(zip(*(data.get_column(k).to_numpy()[rows].tolist() for k in keys), strict=True))
    seen: dict[tuple[Any, ...], int] = {}
    for row, key in zip(rows.tolist(), labels, strict=True):  # the repeated rows only
        if key in seen:
            named = ", ".join(
                f"{role} {label!r}" for role, label in zip(_RECORD, key, strict=False)
            )
            what = (
                "(rater, unit, criterion) may be scored once"
                if len(keys) == 3
                else "rater scores a unit in one row"
            )
            message = (
                f"ScoreSheet.from_frame: row {row} repeats row {seen[key]} ({named}); each {what}."
            )
            raise ScoreError(message)
        seen[key] = row
