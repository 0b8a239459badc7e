"""The columns of a data frame as a score sheet reads them: labels, scores, categories.

Read through narwhals (one dataframe-agnostic layer for pandas, polars and pyarrow),
imported inside the functions; the ``pandas`` and ``polars`` extras bring it. Rows in
messages are positions counted from 0, as ``DataFrame.iloc`` and polars count them.
"""

from __future__ import annotations

import re
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

import numpy as np

from appraisal._text import name_fault
from appraisal._typing import FloatArray
from appraisal.errors import ScoreError

if TYPE_CHECKING:
    import narwhals as nw

__all__ = [
    "column_kind",
    "label_column",
    "listed",
    "need_narwhals",
    "score_column",
    "unit_categories",
]

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


def label_column(data: nw.DataFrame[Any], name: Any, role: str) -> Any:
    """A label column as an object array of str: no null, no name with a fault.

    Raises
    ------
    ScoreError
        A null, a label that is no name, a column of numbers or other values.
    """
    where = f"ScoreSheet.from_frame: column {name!r} ({role})"
    series = data.get_column(name)
    nulls = series.is_null().to_numpy()
    if nulls.any():
        message = f"{where}, row {int(np.argmax(nulls))}: a {role} label must be a non-empty name; got null."
        raise ScoreError(message)
    values = np.asarray(series.to_numpy(), dtype=object)
    if len(values) and column_kind(series.dtype) in ("number", "other"):
        message = f"{where} must hold text labels; got {series.dtype} ({values[0]!r} at row 0)."
        raise ScoreError(message)
    labels = series.unique().to_list()  # natively: a few labels, not a row each
    faults = {v: fault for v in labels if (fault := name_fault(v))}
    if faults:
        row = next(i for i, v in enumerate(values.tolist()) if v in faults)  # on error only
        message = f"{where}, row {row}: the {role} {faults[values[row]]}; got {values[row]!r}."
        raise ScoreError(message)
    return values


def score_column(data: nw.DataFrame[Any], name: Any) -> FloatArray:
    """A score column as float64, NaN where null; only numbers (and nulls) allowed.

    Raises
    ------
    ScoreError
        A value that is not a number (the first, with its row).
    """
    import narwhals as nw

    series = data.get_column(name)
    dtype = series.dtype
    nulls = series.is_null().to_numpy()
    kind = column_kind(dtype)
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


def column_kind(dtype: Any) -> str:
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


def unit_categories(data: nw.DataFrame[Any], unit: Any, name: Any) -> dict[str, str]:
    """Each unit's category from the category column: null or blank says none; one per unit.

    Raises
    ------
    ScoreError
        A category that is not text, or a unit given two.
    """
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


def listed(names: list[Any]) -> str:
    """Column names for a message: quoted, comma-separated (``none`` for none)."""
    return ", ".join(repr(name) for name in names) or "none"
