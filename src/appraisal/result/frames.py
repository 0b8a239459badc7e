"""Results as data frames, pandas or polars, built through narwhals: ``to_frame`` everywhere.

Every result's ``to_frame(kind, backend)`` builds its frame here, importing narwhals
and the backend inside the function (the ``pandas`` and ``polars`` extras bring them).
Columns have the types a reader expects:

- a rank or another place: nullable ``Int64`` (pandas and polars) when every one is
  whole, float64 otherwise (``average`` ties give halves); missing where not ranked;
- a count: ``Int64``;
- a score, share or margin: float64, missing as NaN in pandas and null in polars;
- a category: pandas ``category``, polars ``Categorical``;
- a tier: categories in the scheme's tier order, best first (an ordered pandas
  ``category``, a polars ``Enum``);
- a name (unit, rater, group, criterion): text, so that frames join on it.

An array over two axes (``rater_scores``, ``rank_acceptability``, ...) comes in long
form: one row per pair of labels, the first axis outer, every pair present (missing
values as missing), one column for each axis and one for the value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np

from appraisal.errors import InputError
from appraisal.model.frame_columns import need_narwhals
from appraisal.model.frames import check_layout

if TYPE_CHECKING:
    from appraisal.model.sheet import ScoreSheet
    from appraisal.result.appraisal import Appraisal
    from appraisal.result.compare import Comparison
    from appraisal.result.explain import Explanation

__all__ = [
    "BACKENDS",
    "Column",
    "appraisal_frame",
    "build_frame",
    "check_backend",
    "comparison_frame",
    "explanation_frame",
    "grid",
    "place",
    "place_shares",
    "sheet_to_frame",
    "table_columns",
    "to_frame",
]

BACKENDS = ("pandas", "polars")
"""The libraries that frames are built with."""

Kinds = Mapping[str, Callable[[], Mapping[str, "Column"]]]
_LEVELS = ("group", "rater", "criterion")
_NUMBERS = ("number", "integer")


def check_backend(backend: str, where: str) -> None:
    """Refuse a backend that is not one of :data:`BACKENDS`, or whose library is missing."""
    if backend not in BACKENDS:
        allowed = ", ".join(repr(b) for b in BACKENDS)
        message = f"{where}: backend must be one of {allowed}; got {backend!r}."
        raise InputError(message)
    if find_spec(backend) is None:
        message = (
            f"{where}: backend {backend!r} needs {backend}: pip install 'appraisal[{backend}]'."
        )
        raise ImportError(message)
    need_narwhals(where)


class Column(NamedTuple):
    """One column of a frame to build: its values and what they are.

    `kind` is ``"text"`` (strings, None where missing), ``"number"`` (float64, NaN
    where missing: null in polars), ``"integer"`` (whole numbers, NaN where missing:
    nullable ``Int64`` in pandas and polars), ``"category"`` (pandas ``category``,
    polars ``Categorical``) or ``"ordered"`` (categories in the order of `levels`:
    an ordered pandas ``category``, a polars ``Enum``; without levels, as ``"category"``).
    """

    values: Any
    kind: str = "text"
    levels: tuple[str, ...] = ()


def build_frame(columns: Mapping[str, Column], backend: str) -> Any:
    """A pandas or polars DataFrame of `columns` (checked with :func:`check_backend` first).

    Examples
    --------
    >>> frame = build_frame({"unit": Column(["x", "y"]),
    ...                      "rank": Column(np.array([1.0, np.nan]), "integer")}, "pandas")
    >>> frame["rank"].dtype
    Int64Dtype()
    """
    import narwhals as nw

    data = {
        name: np.asarray(c.values, dtype=np.float64) if c.kind in _NUMBERS else c.values
        for name, c in columns.items()
    }
    casts: dict[str, Any] = {  # text keeps the type inferred (pandas' str cast writes 'None')
        name: nw.Enum(list(c.levels)) if c.levels else nw.Categorical()  # no empty Enum
        for name, c in columns.items()
        if c.kind in ("category", "ordered")
    }
    if backend == "polars":  # where every value is None, polars infers Null
        casts |= {name: nw.String() for name, c in columns.items() if c.kind == "text"}
    floats = [name for name, column in columns.items() if column.kind in _NUMBERS]
    integers = [name for name, column in columns.items() if column.kind == "integer"]
    library: Literal["pandas", "polars"] = "pandas" if backend == "pandas" else "polars"
    frame = nw.from_dict(data, backend=library).with_columns(
        *(nw.col(name).cast(dtype) for name, dtype in casts.items()),
        # NaN marks a missing number here: null in polars
        *(nw.when(~nw.col(name).is_nan()).then(nw.col(name)).alias(name) for name in floats),
    )
    if backend == "pandas":  # narwhals' Int64 is numpy's, which has no missing value
        return frame.to_native().astype(dict.fromkeys(integers, "Int64"))
    return frame.with_columns(*(nw.col(name).cast(nw.Int64()) for name in integers)).to_native()


def sheet_to_frame(sheet: ScoreSheet, *, layout: str = "long", backend: str = "pandas") -> Any:
    """A score sheet as a DataFrame that :meth:`ScoreSheet.from_frame` reads back equal.

    Every cell is written, a missing score as null (NaN in pandas), so that raters,
    units and criteria without a score survive; a ``category`` column (null where a
    unit has none) is added when the sheet has categories.

    Parameters
    ----------
    sheet : ScoreSheet
    layout : {"long", "wide"}
        One row per score, or one row per rater and unit with a column per criterion.
    backend : {"pandas", "polars"}

    Raises
    ------
    InputError
        An unknown layout or backend; in the wide layout, a criterion named like a key
        column (``rater``, ``unit``, ``category``).
    ImportError
        The backend's library or narwhals is missing (the message names the extra).

    Examples
    --------
    >>> from appraisal import ScoreSheet
    >>> sheet = ScoreSheet.from_records([("A", "x", "economy", 90), ("B", "x", "economy", None)])
    >>> print(sheet_to_frame(sheet))
      rater unit criterion  score
    0     A    x   economy   90.0
    1     B    x   economy    NaN
    """
    where = "sheet_to_frame"
    check_layout(layout, where)
    check_backend(backend, where)
    n_raters, n_units, n_criteria = sheet.shape
    per_row = n_criteria if layout == "long" else 1
    raters = np.repeat(np.array(sheet.raters, dtype=object), n_units * per_row)
    units = np.tile(np.repeat(np.array(sheet.units, dtype=object), per_row), n_raters)
    columns = {"rater": Column(raters.tolist()), "unit": Column(units.tolist())}
    if layout == "long":
        criteria = np.tile(np.array(sheet.criteria, dtype=object), n_raters * n_units)
        columns["criterion"] = Column(criteria.tolist())
        columns["score"] = Column(sheet.values.reshape(-1), "number")
    else:
        clash = [c for c in sheet.criteria if c in ("rater", "unit", "category")]
        if clash:
            message = f"{where}: criterion {clash[0]!r} is named like a key column of the wide layout; use layout='long'."
            raise InputError(message)
        flat = sheet.values.reshape(n_raters * n_units, n_criteria)
        columns.update({c: Column(flat[:, i], "number") for i, c in enumerate(sheet.criteria)})
    if sheet.categories:
        said = [sheet.categories.get(unit) for unit in sheet.units]
        category = np.tile(np.repeat(np.array(said, dtype=object), per_row), n_raters)
        columns["category"] = Column(category.tolist(), "category")
    return build_frame(columns, backend)


def to_frame(where: str, kind: str, backend: str, kinds: Kinds) -> Any:
    """The frame of `kind`: ``kinds[kind]()`` gives its columns, built for `backend`.

    Raises
    ------
    InputError
        `kind` is not one of `kinds`, or `backend` not one of :data:`BACKENDS`.
    ImportError
        The backend's library or narwhals is missing (the message names the extra).
    """
    if kind not in kinds:
        allowed = ", ".join(repr(k) for k in kinds)
        message = f"{where}: kind must be one of {allowed}; got {kind!r}."
        raise InputError(message)
    check_backend(backend, where)
    return build_frame(kinds[kind](), backend)


def place(values: Any) -> Column:
    """Places (ranks): whole numbers as ``"integer"``, else ``"number"`` (NaN: not placed).

    Examples
    --------
    >>> place([1.0, 2.0, np.nan]).kind, place([1.5, 1.5, 3.0]).kind
    ('integer', 'number')
    """
    array = np.asarray(values, dtype=np.float64)
    finite = array[np.isfinite(array)]
    return Column(array, "integer" if np.array_equal(finite, np.round(finite)) else "number")


def grid(
    rows: tuple[str, Column], columns: tuple[str, Column], **values: Column
) -> dict[str, Column]:
    """The long form of arrays of shape (len(rows), len(columns)): a row per pair, rows outer.

    Examples
    --------
    >>> long = grid(("rater", Column(["A", "B"])), ("unit", Column(["x", "y"])),
    ...             score=Column(np.array([[1.0, 2.0], [3.0, 4.0]]), "number"))
    >>> long["rater"].values, long["unit"].values, long["score"].values
    (['A', 'A', 'B', 'B'], ['x', 'y', 'x', 'y'], array([1., 2., 3., 4.]))
    """
    (row_name, row), (column_name, column) = rows, columns
    n, m = len(row.values), len(column.values)
    labels = {
        row_name: row._replace(values=np.repeat(np.asarray(row.values, dtype=object), m).tolist()),
        column_name: column._replace(
            values=np.tile(np.asarray(column.values, dtype=object), n).tolist()
        ),
    }
    return labels | {
        name: value._replace(values=np.asarray(value.values).reshape(n * m))
        for name, value in values.items()
    }


def table_columns(
    rows: Sequence[Mapping[str, Any]],
    kinds: Mapping[str, str],
    levels: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, Column]:
    """Columns from plain rows (a ``table()``): each key of `kinds`, in its order, of its kind.

    A kind is one of :class:`Column`'s (``"ordered"`` with its `levels`), or ``"place"``
    for :func:`place`.

    Examples
    --------
    >>> table_columns([{"unit": "x", "rank": 1.0}], {"unit": "text", "rank": "place"})["rank"]
    Column(values=array([1.]), kind='integer', levels=())
    """
    out = {}
    for key, kind in kinds.items():
        values = [row[key] for row in rows]
        order = (levels or {}).get(key, ())
        out[key] = place(values) if kind == "place" else Column(values, kind, order)
    return out


def place_shares(
    units: Sequence[str], acceptability: Any, tiers: Sequence[str], probability: Any
) -> dict[str, Callable[[], dict[str, Column]]]:
    """The kinds ``"rank_acceptability"`` and ``"tier_probability"`` of SMAA and resampling.

    Long forms of arrays (n_units, n_places) and (n_units, n_tiers): unit, place, share
    and unit, tier, share.
    """
    unit = ("unit", Column(units))
    places = ("place", Column(np.arange(1, np.shape(acceptability)[1] + 1), "integer"))
    tier = ("tier", Column(tiers, "ordered", tuple(tiers)))
    return {
        "rank_acceptability": lambda: grid(unit, places, share=Column(acceptability, "number")),
        "tier_probability": lambda: grid(unit, tier, share=Column(probability, "number")),
    }


def appraisal_frame(result: Appraisal, kind: str, backend: str) -> Any:
    """:meth:`Appraisal.to_frame <appraisal.Appraisal.to_frame>`."""
    table = {"unit": "text", "category": "category", "score": "number", "rank": "place"}
    table["tier"] = "ordered"
    table |= dict.fromkeys(("base", "bonus", "deduction"), "number")
    table |= {"veto": "text", "coverage": "integer", "note": "text"}
    if result.overall_rank is not None:
        table["overall_rank"] = "place"
    tiers = {"tier": tuple(tier.name for tier in result.scheme.tiers)}
    raters, units = ("rater", Column(result.raters)), ("unit", Column(result.units))
    kinds: Kinds = {
        "table": lambda: table_columns(result.table(), table, tiers),
        "rater_scores": lambda: grid(
            raters, units, rater_score=Column(result.rater_scores, "number")
        ),
        "influence": lambda: grid(raters, units, influence=Column(result.influence, "number")),
        "group_scores": lambda: grid(
            ("group", Column(result.groups)),
            units,
            group_score=Column(result.group_scores, "number"),
        ),
    }
    return to_frame("Appraisal.to_frame", kind, backend, kinds)


def comparison_frame(comparison: Comparison, kind: str, backend: str) -> Any:
    """:meth:`Comparison.to_frame <appraisal.Comparison.to_frame>`."""
    table = {"unit": "text", "previous_unit": "text", "category": "category"}
    table |= dict.fromkeys(("score", "previous_score", "score_change"), "number")
    table |= dict.fromkeys(("rank", "previous_rank", "places_gained"), "place")
    table |= dict.fromkeys(("tier", "previous_tier"), "category")
    table |= {"tier_change": "ordered", "progress_rank": "place"}
    changes = {"tier_change": ("up", "same", "down")}
    kinds: Kinds = {"table": lambda: table_columns(comparison.table(), table, changes)}
    return to_frame("Comparison.to_frame", kind, backend, kinds)


def explanation_frame(explanation: Explanation, kind: str, backend: str) -> Any:
    """:meth:`Explanation.to_frame <appraisal.Explanation.to_frame>`."""
    rows, units = explanation.rows, explanation.units

    def contributions() -> dict[str, Column]:
        n = len(units)
        return {
            "level": Column([r.level for r in rows for _ in units], "ordered", _LEVELS),
            "name": Column([r.name for r in rows for _ in units]),
            "parent": Column([r.parent for r in rows for _ in units]),
            "unit": Column(list(units) * len(rows)),
            "score": Column([v for r in rows for v in r.score], "number"),
            "influence": Column([v for r in rows for v in r.influence], "number"),
            "contribution": Column([v for r in rows for v in r.contribution], "number"),
            "note": Column([r.note for r in rows for _ in range(n)]),
        }

    return to_frame("Explanation.to_frame", kind, backend, {"rows": contributions})
