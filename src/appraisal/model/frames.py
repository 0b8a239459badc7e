"""Score sheets from data frames and back: pandas, polars and pyarrow, through narwhals.

Two layouts, as in score files:

- ``"long"``: one row per score, with the columns ``rater``, ``unit``, ``criterion`` and
  ``score`` (and ``category``, each unit's category);
- ``"wide"``: one row per rater and unit, with the columns ``rater`` and ``unit`` (and
  ``category``) and one column per criterion, named as the criterion.

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

import re
from collections.abc import Mapping
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from appraisal._text import name_fault
from appraisal._typing import FloatArray
from appraisal.errors import InputError, ScoreError

if TYPE_CHECKING:
    import narwhals as nw

    from appraisal.model.sheet import ScoreSheet

__all__ = ["LAYOUTS", "ROLES", "check_layout", "need_narwhals", "sheet_from_frame"]

LAYOUTS = ("long", "wide")
"""The layouts of a score sheet as a frame."""
ROLES = ("rater", "unit", "criterion", "score", "category", "skip")
"""What a column of a score sheet may hold (as in files: :mod:`appraisal.io`)."""

_NEEDED = {"long": ("rater", "unit", "criterion", "score"), "wide": ("rater", "unit")}
_WIDE_ROLES = ("rater", "unit", "category", "skip")
_RECORD = ("rater", "unit", "criterion")
_NARWHALS = (1, 36)  # Enum with its categories
_INSTALL = "pip install 'appraisal[pandas]' or 'appraisal[polars]'"


def need_narwhals(where: str) -> None:
    """Refuse to go on without narwhals (at least 1.36), naming the extras that bring it."""
    if find_spec("narwhals") is None:
        message = f"{where} needs narwhals, which the pandas and polars extras bring: {_INSTALL}."
        raise ImportError(message)
    import narwhals

    found = tuple(int(part) for part in re.findall(r"\d+", narwhals.__version__)[:2])
    if found < _NARWHALS:
        message = f"{where} needs narwhals>=1.36; found {narwhals.__version__}: {_INSTALL}, or pip install -U narwhals."
        raise ImportError(message)


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
    *,
    layout: str = "long",
    columns: Mapping[str, str] | None = None,
    category: str | None = None,
) -> ScoreSheet:
    """:meth:`ScoreSheet.from_frame <appraisal.ScoreSheet.from_frame>`: read, check, build."""
    where = "ScoreSheet.from_frame"
    check_layout(layout, where)
    need_narwhals(where)
    import narwhals as nw

    try:
        data = nw.from_native(frame, eager_only=True)
    except TypeError:
        message = f"{where}: frame must be a pandas or polars DataFrame or a pyarrow Table; got {type(frame).__name__}."
        raise InputError(message) from None
    at, criteria = _roles(list(data.columns), layout, dict(columns or {}), category)
    read = _read(data, at, criteria)
    return cls.from_columns(
        read.raters, read.units, read.criteria, read.scores, categories=read.categories
    )


def check_layout(layout: str, where: str) -> None:
    """Refuse a layout that is not one of :data:`LAYOUTS`."""
    if layout not in LAYOUTS:
        message = f"{where}: layout must be one of 'long', 'wide'; got {layout!r}."
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
            message = f"{where}: columns names {name!r}, which is not a column of the frame; its columns are {_listed(names)}."
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
        message = f"{where}: the {layout} layout needs a {lacking[0]} column; the frame has the columns {_listed(names)}. Name it with columns={{name: {lacking[0]!r}}}{hint}."
        raise ScoreError(message)
    rest = [name for name in names if name not in at.values() and given.get(name) != "skip"]
    if layout == "long" and rest:
        message = f"{where}: column {rest[0]!r} has no role in the long layout (rater, unit, criterion, score and category); read past it with columns={{{rest[0]!r}: 'skip'}}."
        raise ScoreError(message)
    if layout == "wide" and not rest:
        message = f"{where}: the wide layout needs a column per criterion besides rater, unit and category; the frame has the columns {_listed(names)}."
        raise ScoreError(message)
    for name in rest:
        if fault := name_fault(name):
            message = f"{where}: the criterion column's name {fault}; got {name!r}."
            raise ScoreError(message)
    return at, rest


def _read(data: nw.DataFrame[Any], at: Mapping[str, Any], criteria: list[Any]) -> _Read:
    raters = _labels(data, at["rater"], "rater")
    units = _labels(data, at["unit"], "unit")
    if criteria:  # wide: one record per row and criterion, rows first
        k = len(criteria)
        scores = np.column_stack([_numbers(data, name) for name in criteria]).reshape(-1)
        records = (
            np.repeat(raters, k),
            np.repeat(units, k),
            np.tile(np.array(criteria, dtype=object), len(raters)),
        )
        keys = [at["rater"], at["unit"]]
    else:
        scores = _numbers(data, at["score"])
        records = (raters, units, _labels(data, at["criterion"], "criterion"))
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
    categories = _categories(data, at["unit"], at["category"]) if "category" in at else {}
    return _Read(*records, scores, categories)


def _labels(data: nw.DataFrame[Any], name: Any, role: str) -> Any:
    """A label column as an object array of str: no null, no name with a fault."""
    where = f"ScoreSheet.from_frame: column {name!r} ({role})"
    series = data.get_column(name)
    nulls = series.is_null().to_numpy()
    if nulls.any():
        message = f"{where}, row {int(np.argmax(nulls))}: a {role} label must be a non-empty name; got null."
        raise ScoreError(message)
    values = np.asarray(series.to_numpy(), dtype=object)
    if len(values) and _kind(series.dtype) in ("number", "other"):
        message = f"{where} must hold text labels; got {series.dtype} ({values[0]!r} at row 0)."
        raise ScoreError(message)
    labels = series.unique().to_list()  # natively: a few labels, not a row each
    faults = {v: fault for v in labels if (fault := name_fault(v))}
    if faults:
        row = next(i for i, v in enumerate(values.tolist()) if v in faults)  # on error only
        message = f"{where}, row {row}: the {role} {faults[values[row]]}; got {values[row]!r}."
        raise ScoreError(message)
    return values


def _numbers(data: nw.DataFrame[Any], name: Any) -> FloatArray:
    """A score column as float64, NaN where null; only numbers (and nulls) allowed."""
    import narwhals as nw

    series = data.get_column(name)
    dtype = series.dtype
    nulls = series.is_null().to_numpy()
    kind = _kind(dtype)
    if kind == "mixed":
        values = series.to_numpy()
        odd = [
            i
            for i, v in enumerate(values.tolist())
            if not nulls[i] and (isinstance(v, bool) or not isinstance(v, int | float))
        ]
        if odd:
            message = f"ScoreSheet.from_frame: column {name!r}, row {odd[0]}: score {values[odd[0]]!r} must be a number, or null or NaN for a missing score."
            raise ScoreError(message)
    elif kind != "number" and not nulls.all():
        first = int(np.argmin(nulls))
        value = series.to_numpy()[first : first + 1].tolist()[0]
        message = f"ScoreSheet.from_frame: column {name!r} must hold numbers (null or NaN for a missing score); got {dtype} ({value!r} at row {first}). Convert it to numbers first."
        raise ScoreError(message)
    scores = np.full(len(nulls), np.nan)
    present = ~nulls
    if present.any():
        scores[present] = np.asarray(
            series.filter(~series.is_null()).cast(nw.Float64()).to_numpy(), dtype=np.float64
        )
    return scores


def _kind(dtype: Any) -> str:
    """``"number"``, ``"text"``, ``"other"`` (booleans, dates, ...) or ``"mixed"``.

    Mixed: Python objects, or a type this narwhals does not know (an older one reading
    pandas 3's ``str``); their values are checked one by one.
    """
    import narwhals as nw

    if dtype.is_numeric():
        return "number"
    if isinstance(dtype, nw.String | nw.Categorical | nw.Enum):
        return "text"
    return "mixed" if isinstance(dtype, nw.Object | nw.Unknown) else "other"


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


def _categories(data: nw.DataFrame[Any], unit: Any, name: Any) -> dict[str, str]:
    """Each unit's category from the category column: null or blank says none; one per unit."""
    import narwhals as nw

    where = f"ScoreSheet.from_frame: column {name!r} (category)"
    said = data.select(unit, name).filter(~nw.col(name).is_null()).unique()
    pairs = zip(said.get_column(unit).to_list(), said.get_column(name).to_list(), strict=True)
    found: dict[str, str] = {}
    for label, kind in sorted(pairs, key=lambda pair: [str(v) for v in pair]):  # one per pair
        if not isinstance(kind, str):
            message = f"{where} must hold text; got {said.get_column(name).dtype} ({kind!r})."
            raise ScoreError(message)
        if not kind.strip():
            continue
        if label in found:
            units = data.get_column(unit).to_numpy()
            kinds = data.get_column(name).to_numpy()
            first = int(np.flatnonzero((units == label) & (kinds == found[label]))[0])
            other = int(np.flatnonzero((units == label) & (kinds == kind))[0])
            (a, x), (b, y) = sorted([(first, found[label]), (other, kind)])
            message = f"{where}, row {b}: unit {label!r} is in category {y!r} here but in {x!r} on row {a}; a unit has one category."
            raise ScoreError(message)
        found[label] = kind
    return found


def _listed(names: list[Any]) -> str:
    return ", ".join(repr(name) for name in names) or "none"
