"""The score sheet: labelled scores as a ``(raters, units, criteria)`` array."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from appraisal._text import name_fault
from appraisal._typing import FloatArray, array_equal, float_array
from appraisal.errors import ScoreError
from appraisal.model.display import sheet_html

__all__ = ["ScoreSheet"]

_FIELDS = ("rater", "unit", "criterion", "score")


def _values(values: Any) -> FloatArray:
    """A read-only float64 array the sheet owns (copied unless it already is one)."""
    array = np.asarray(values)
    if array.dtype.kind not in "fiu":
        message = f"ScoreSheet: values must be numbers; got an array of {array.dtype}."
        raise ScoreError(message)
    return float_array(array)


def _labels(kind: str, given: Any) -> tuple[str, ...]:
    labels: tuple[str, ...] = tuple(given)
    for i, label in enumerate(labels):
        if fault := name_fault(label):
            message = f"ScoreSheet: a {kind} label {fault}; got {label!r} at position {i}."
            raise ScoreError(message)
    if len(set(labels)) != len(labels):
        twice = next(label for i, label in enumerate(labels) if label in labels[:i])
        message = f"ScoreSheet: {kind} label {twice!r} appears twice; labels must be unique."
        raise ScoreError(message)
    return labels


def _rater_labels(labels: Any) -> tuple[str, ...]:
    return _labels("rater", labels)


def _unit_labels(labels: Any) -> tuple[str, ...]:
    return _labels("unit", labels)


def _criterion_labels(labels: Any) -> tuple[str, ...]:
    return _labels("criterion", labels)


def _unit_categories(value: Any) -> Mapping[str, str]:
    return MappingProxyType(dict(value or {}))


@frozen
class ScoreSheet:
    """Labelled scores: ``values[rater, unit, criterion]``, NaN where missing.

    A sheet holds what was handed in, in the order of its labels; :func:`appraise`
    aligns it to a scheme. Build one with :meth:`from_records`, :meth:`from_columns` or
    :meth:`from_array`; the array is a read-only copy, so changing the caller's array
    never changes a sheet.

    Attributes
    ----------
    raters, units, criteria : tuple of str
        The labels of the three axes, unique within each.
    values : ndarray of float64, shape (n_raters, n_units, n_criteria)
        Read-only; NaN marks a missing score; no infinities.
    categories : mapping of str to str
        Each unit's category, when the sheet carries one (a ``category`` column); a
        scheme's ``categories`` take precedence.
    ordered : bool
        The units' order was given (``unit_order=``) and is kept; otherwise
        :func:`~appraisal.appraise` takes them sorted (:meth:`canonical`), so that no
        result depends on the order in which units were listed.
    origin : str or None
        The file the sheet was read from, to name it in messages (not compared).

    Examples
    --------
    >>> sheet = ScoreSheet.from_records([
    ...     ("Finance Bureau", "East River Town", "economy", 88),
    ...     ("Finance Bureau", "Dongjiang Zone", "economy", 92.5),
    ...     ("Audit Office", "East River Town", "economy", None),
    ... ])
    >>> sheet.raters, sheet.units
    (('Audit Office', 'Finance Bureau'), ('Dongjiang Zone', 'East River Town'))
    >>> sheet.values[:, :, 0]
    array([[ nan,  nan],
           [92.5, 88. ]])
    """

    raters: tuple[str, ...] = field(converter=_rater_labels)
    units: tuple[str, ...] = field(converter=_unit_labels)
    criteria: tuple[str, ...] = field(converter=_criterion_labels)
    values: FloatArray = field(
        converter=_values, eq=attrs.cmp_using(eq=array_equal), hash=False, repr=False
    )
    categories: Mapping[str, str] = field(
        default=None, converter=_unit_categories, kw_only=True, hash=False, repr=False
    )
    ordered: bool = field(default=False, kw_only=True, repr=False)
    origin: str | None = field(default=None, kw_only=True, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        shape = (len(self.raters), len(self.units), len(self.criteria))
        if self.values.shape != shape:
            message = f"ScoreSheet: values must have shape (n_raters, n_units, n_criteria) = {shape}; got {self.values.shape}."
            raise ScoreError(message)
        strangers = [u for u in self.categories if u not in self.units]
        if strangers:
            message = (
                f"ScoreSheet: categories names unit {strangers[0]!r}, which is not in the sheet."
            )
            raise ScoreError(message)
        cell = _first_infinite(self.values)
        if cell is not None:
            r, u, c = cell
            message = f"ScoreSheet: score {float(self.values[r, u, c])!r} for rater {self.raters[r]!r}, unit {self.units[u]!r}, criterion {self.criteria[c]!r} must be finite (NaN or None marks a missing score)."
            raise ScoreError(message)

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(n_raters, n_units, n_criteria)``."""
        r, u, c = self.values.shape
        return r, u, c

    def _repr_html_(self) -> str:
        return sheet_html(self)

    def canonical(self) -> ScoreSheet:
        """The sheet with its units sorted, unless their order was given (:attr:`ordered`).

        Examples
        --------
        >>> sheet = ScoreSheet.from_array([[90, 80]], raters=["A"], units=["y", "x"])
        >>> sheet.canonical().units, sheet.canonical().values[0, :, 0]
        (('x', 'y'), array([80., 90.]))
        """
        order = sorted(range(len(self.units)), key=self.units.__getitem__)
        if self.ordered or order == list(range(len(self.units))):
            return self
        return attrs.evolve(
            self, units=[self.units[i] for i in order], values=self.values[:, order, :]
        )

    @classmethod
    def from_array(
        cls,
        values: npt.ArrayLike,
        *,
        raters: Sequence[str],
        units: Sequence[str],
        criteria: Sequence[str] = ("score",),
        categories: Mapping[str, str] | None = None,
    ) -> ScoreSheet:
        """Build a sheet from an array of shape (n_raters, n_units, n_criteria).

        A 2-D array (n_raters, n_units) is a sheet with the one criterion of `criteria`.

        Examples
        --------
        >>> ScoreSheet.from_array([[90, 80], [85, np.nan]], raters=["A", "B"], units=["x", "y"]).shape
        (2, 2, 1)
        """
        array = np.asarray(values)
        if array.ndim == 2:
            array = array[:, :, None]
        return cls(raters, units, criteria, array, categories=categories)

    @classmethod
    def from_records(
        cls,
        rows: Iterable[Sequence[Any] | Mapping[str, Any]],
        *,
        unit_order: Sequence[str] | None = None,
        categories: Mapping[str, str] | None = None,
    ) -> ScoreSheet:
        """Build a sheet from ``(rater, unit, criterion, score)`` records.

        A record is a sequence of those four or a mapping with those keys. A score of
        None or NaN is a missing score whose labels still count (so a unit nobody scored
        can be listed). Raters and criteria are sorted; units too unless `unit_order`
        gives their order (it may name units without records).

        Raises
        ------
        ScoreError
            A record of the wrong shape, a label that is not a non-empty string, a score
            that is not a number, an infinite score, or a repeated
            (rater, unit, criterion) — each naming the record.
        """
        columns: tuple[list[Any], ...] = ([], [], [], [])
        for i, row in enumerate(rows):
            if isinstance(row, Mapping):
                lacking = [k for k in _FIELDS if k not in row]
                if lacking:
                    message = f"rows[{i}]: a record must have the keys {', '.join(_FIELDS)}; it lacks {', '.join(lacking)}."
                    raise ScoreError(message)
                record = [row[k] for k in _FIELDS]
            elif isinstance(row, Sequence) and not isinstance(row, str) and len(row) == 4:
                record = list(row)
            else:
                message = (
                    f"rows[{i}]: a record must be (rater, unit, criterion, score); got {row!r}."
                )
                raise ScoreError(message)
            score = record[3]
            if score is not None and (
                isinstance(score, bool)
                or not isinstance(score, int | float | np.integer | np.floating)
            ):
                message = (
                    f"rows[{i}]: score {score!r} for rater {record[0]!r}, unit {record[1]!r}, "
                    f"criterion {record[2]!r} must be a number, or None for a missing score."
                )
                raise ScoreError(message)
            for column, value in zip(columns, record, strict=True):
                column.append(value)
        scores = np.array([np.nan if s is None else s for s in columns[3]], dtype=np.float64)
        raters, units, criteria = (np.array(c, dtype=object) for c in columns[:3])
        sheet = cls._from_columns("rows", raters, units, criteria, scores, unit_order=unit_order)
        return attrs.evolve(sheet, categories=categories) if categories else sheet

    @classmethod
    def from_columns(
        cls,
        raters: npt.ArrayLike,
        units: npt.ArrayLike,
        criteria: npt.ArrayLike,
        scores: npt.ArrayLike,
        *,
        unit_order: Sequence[str] | None = None,
        categories: Mapping[str, str] | None = None,
    ) -> ScoreSheet:
        """Build a sheet from four equal-length columns, one record per position.

        The fast ingest path: labels are coded with :func:`numpy.unique` and scores
        scattered into the array without a Python loop over records. Ordering and
        missing scores are as in :meth:`from_records`.

        Examples
        --------
        >>> sheet = ScoreSheet.from_columns(
        ...     ["A", "A", "B"], ["x", "y", "x"], ["score"] * 3, [90.0, 80.0, 70.0])
        >>> sheet.values[:, :, 0]
        array([[90., 80.],
               [70., nan]])
        """
        numbers = np.asarray(scores)
        if numbers.dtype.kind not in "fiu":
            bad = _first_non_number(numbers)
            if bad >= 0:
                message = f"scores[{bad}]: score {numbers.ravel()[bad].item()!r} must be a number, or NaN or None for a missing score."
                raise ScoreError(message)
            numbers = np.array(
                [np.nan if v is None else v for v in numbers.tolist()], dtype=np.float64
            )
        sheet = cls._from_columns(
            "scores", raters, units, criteria, numbers.astype(np.float64), unit_order=unit_order
        )
        return attrs.evolve(sheet, categories=categories) if categories else sheet

    @classmethod
    def from_frame(
        cls,
        frame: Any,
        *,
        layout: str = "long",
        columns: Mapping[str, str] | None = None,
        category: str | None = None,
        criterion: str | None = None,
        orientation: str | None = None,
    ) -> ScoreSheet:
        """Build a sheet from a pandas or polars DataFrame or a pyarrow Table.

        ``layout="long"``: columns rater, unit, criterion, score; ``"wide"``: rater, unit, one
        per criterion; ``"matrix"``: unit and one per rater (:mod:`appraisal.model.matrix`).
        `columns` maps names to roles; see :mod:`appraisal.model.frames`.

        Examples
        --------
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"评分部门": ["A", "B"], "unit": ["x", "x"], "economy": [90, None]})
        >>> ScoreSheet.from_frame(frame, layout="wide", columns={"评分部门": "rater"}).values[:, 0, 0]
        array([90., nan])
        """
        from appraisal.model.frames import sheet_from_frame

        return sheet_from_frame(cls, frame, layout, columns, category, criterion, orientation)

    @classmethod
    def _from_columns(
        cls,
        where: str,
        raters: npt.ArrayLike,
        units: npt.ArrayLike,
        criteria: npt.ArrayLike,
        scores: FloatArray,
        *,
        unit_order: Sequence[str] | None,
    ) -> ScoreSheet:
        n = scores.shape[0] if scores.ndim == 1 else -1
        columns = {"rater": raters, "unit": units, "criterion": criteria}
        coded: dict[str, tuple[tuple[str, ...], npt.NDArray[np.intp]]] = {}
        for kind, column in columns.items():
            labels = np.asarray(column)
            if labels.ndim != 1 or labels.shape[0] != n:
                message = f"ScoreSheet.from_columns: the {kind} and score columns must be 1-D and of equal length; got {labels.shape} and {scores.shape}."
                raise ScoreError(message)
            coded[kind] = _code(where, kind, labels)
        if unit_order is not None:
            coded["unit"] = _reorder(where, coded["unit"], _labels("unit", unit_order))
        infinite = np.flatnonzero(np.isinf(scores))
        if infinite.size:
            i = int(infinite[0])
            message = f"{where}[{i}]: score {float(scores[i])!r} for {_record(coded, i)} must be finite (NaN or None marks a missing score)."
            raise ScoreError(message)
        (rater_labels, r), (unit_labels, u), (criterion_labels, c) = coded.values()
        shape = (len(rater_labels), len(unit_labels), len(criterion_labels))
        flat = np.ravel_multi_index((r, u, c), shape) if n else np.zeros(0, dtype=np.intp)
        owner: npt.NDArray[np.signedinteger[Any]] = np.full(
            int(np.prod(shape)), -1, dtype=np.int64 if n >= 2**31 else np.int32
        )
        owner[flat] = np.arange(n)
        repeated = np.flatnonzero(owner[flat] != np.arange(n))
        if repeated.size:
            first = int(repeated[0])
            second = int(owner[flat[first]])
            message = f"{where}[{second}]: repeats the record {where}[{first}] for {_record(coded, first)}; each (rater, unit, criterion) may be scored once."
            raise ScoreError(message)
        values = np.full(owner.shape, np.nan)
        scored = owner >= 0
        values[scored] = scores[owner[scored]]
        values = values.reshape(shape)
        values.flags.writeable = False
        return cls(
            rater_labels, unit_labels, criterion_labels, values, ordered=unit_order is not None
        )


def _code(
    where: str, kind: str, labels: npt.NDArray[Any]
) -> tuple[tuple[str, ...], npt.NDArray[np.intp]]:
    # Python strings are checked before numpy's fixed-width strings drop a trailing NUL.
    given = set(labels.tolist()) if labels.dtype.kind == "O" else set(np.unique(labels).tolist())
    faults = {label: fault for label in given if (fault := name_fault(label))}
    if faults:
        first = next(i for i, v in enumerate(labels.tolist()) if v in faults)
        label = labels.tolist()[first]
        message = f"{where}[{first}]: the {kind} {faults[label]}; got {label!r}."
        raise ScoreError(message)
    unique, inverse = np.unique(labels.astype(str), return_inverse=True)
    return tuple(unique.tolist()), inverse.astype(np.intp)


def _reorder(
    where: str, coded: tuple[tuple[str, ...], npt.NDArray[np.intp]], order: tuple[str, ...]
) -> tuple[tuple[str, ...], npt.NDArray[np.intp]]:
    labels, codes = coded
    position = {label: i for i, label in enumerate(order)}
    unknown = [label for label in labels if label not in position]
    if unknown:
        message = f"{where}: unit {unknown[0]!r} is not in unit_order; unit_order must list every unit of the records."
        raise ScoreError(message)
    remap = np.array([position[label] for label in labels], dtype=np.intp)
    return order, remap[codes]


def _record(coded: Mapping[str, tuple[tuple[str, ...], npt.NDArray[np.intp]]], i: int) -> str:
    return ", ".join(f"{kind} {labels[codes[i]]!r}" for kind, (labels, codes) in coded.items())


def _first_non_number(values: npt.NDArray[Any]) -> int:
    """The position of the first value that is neither a number nor None; -1 if none."""
    if values.dtype.kind != "O":
        return 0
    for i, value in enumerate(values.ravel().tolist()):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            return i
    return -1


def _first_infinite(values: FloatArray) -> tuple[int, int, int] | None:
    """The first infinite cell, checked a block at a time to keep temporaries small."""
    flat = values.reshape(-1)
    for start in range(0, flat.size, 1 << 16):
        infinite = np.isinf(flat[start : start + (1 << 16)])
        if infinite.any():
            r, u, c = np.unravel_index(start + int(np.argmax(infinite)), values.shape)
            return int(r), int(u), int(c)
    return None
