"""Matrix sheets: one criterion's scores as a table of units × raters, as offices tabulate them.

A matrix has a label column (the units, or the raters when it is transposed) and one
column per rater (or unit); each cell is that rater's score for that unit. Rows and
columns labelled as totals, averages, serial numbers or ranks (:data:`TOTALS`,
:data:`COUNTERS`) and blank rows hold no scores: they are read past and named in a
note. A ``criterion`` column, when there is one, says which criterion each row scores,
so that one table holds several criteria (rows are (criterion, unit) pairs).

This module decides what every reader of a matrix shares, on labels alone: which rows
and columns hold scores (:func:`cut_matrix`), which axis holds the raters
(:func:`orient`) and which criterion a single matrix scores (:func:`matrix_criterion`).
The file readers (:mod:`appraisal.io.matrix`) and
:meth:`ScoreSheet.from_frame <appraisal.ScoreSheet.from_frame>` build on it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from attrs import frozen

from appraisal._text import did_you_mean, fold
from appraisal.errors import InputError

__all__ = [
    "COUNTERS",
    "ORIENTATIONS",
    "TOTALS",
    "Cut",
    "Spot",
    "check_orientation",
    "cut_matrix",
    "matrix_criterion",
    "orient",
    "tally",
]

TOTALS = ("合计", "总计", "总分", "小计", "平均", "平均分", "均值", "Total", "Sum", "Subtotal", "Average", "Mean")  # fmt: skip
"""Labels of rows and columns of totals and averages, read past in a matrix.

Compared after NFKC normalisation, stripping blanks and ignoring case (``TOTAL``,
``合计 `` and ``Ｔｏｔａｌ`` all match).
"""

COUNTERS = ("序号", "No.", "No", "#", "排名", "名次", "Rank")
"""Labels of serial-number and rank columns (and rows), read past in a matrix as :data:`TOTALS` are."""

ORIENTATIONS = ("units-by-raters", "raters-by-units")
"""How a matrix lies: a row per unit and a column per rater, or transposed."""

_READ_PAST = frozenset(fold(label) for label in (*TOTALS, *COUNTERS))


def tally(label: str) -> bool:
    """Whether a row or column label is a total, an average, a serial number or a rank.

    Examples
    --------
    >>> tally(" 合计"), tally("TOTAL"), tally("序号"), tally("财政局")
    (True, True, True, False)
    """
    return fold(label) in _READ_PAST


def check_orientation(orientation: str | None, where: str) -> None:
    """Refuse an orientation that is not one of :data:`ORIENTATIONS` (None: detect it)."""
    if orientation is not None and orientation not in ORIENTATIONS:
        allowed = ", ".join(repr(o) for o in ORIENTATIONS)
        message = (
            f"{where}: orientation must be one of {allowed} (or None to detect it); "
            f"got {orientation!r}."
        )
        raise InputError(message)


def matrix_criterion(criterion: str | None, criteria: Sequence[str] | None, where: str) -> str:
    """The criterion a single matrix scores.

    `criterion` when given (it must be one of `criteria`, the scheme's, when there is a
    scheme); else the scheme's only criterion; else, without a scheme, ``"score"``
    (as a long sheet without a criterion column).

    Raises
    ------
    InputError
        `criterion` is not the scheme's, or it is not given and the scheme has several.

    Examples
    --------
    >>> matrix_criterion(None, ["经济发展"], "x.csv"), matrix_criterion(None, None, "x.csv")
    ('经济发展', 'score')
    """
    if criterion is not None:
        if criteria is not None and criterion not in criteria:
            message = f"{where}: criterion= names {criterion!r}, which is not a criterion of the scheme{did_you_mean(criterion, criteria)}"
            raise InputError(message)
        return criterion
    if criteria is None:
        return "score"
    if len(criteria) == 1:
        return criteria[0]
    listed = ", ".join(repr(c) for c in criteria)
    message = f"{where}: a matrix holds the scores of one criterion, and the scheme has several ({listed}); name it with criterion= (--criterion on the command line), or add a criterion column."
    raise InputError(message)


def orient(
    rows: Sequence[str],
    columns: Sequence[str],
    *,
    raters: Sequence[str] | None,
    key: str | None,
    orientation: str | None,
    where: str,
) -> str:
    """Which axis of a matrix holds the raters: one of :data:`ORIENTATIONS`.

    `orientation` when given; else the role of the label column's header (``unit`` or
    ``rater``, as its name or alias says); else, with the scheme's `raters`, the axis
    whose labels are all raters (or, when neither is, the one that holds more of them);
    else units as rows.

    Raises
    ------
    InputError
        Both axes are all raters of the scheme: pass `orientation`.

    Examples
    --------
    >>> orient(["财政局", "审计局"], ["东河镇"], raters=["财政局", "审计局"], key=None, orientation=None, where="x.csv")
    'raters-by-units'
    """
    if orientation is not None:
        return orientation
    if key == "unit":
        return ORIENTATIONS[0]
    if key == "rater":
        return ORIENTATIONS[1]
    if raters is None:
        return ORIENTATIONS[0]
    known = set(raters)
    in_columns = sum(label in known for label in columns)
    in_rows = sum(label in known for label in set(rows))
    all_columns = bool(columns) and in_columns == len(columns)
    all_rows = bool(rows) and in_rows == len(set(rows))
    if all_columns and all_rows:
        message = f"{where}: both the rows and the columns are labelled with raters of the scheme, so the matrix could lie either way; say which with orientation='units-by-raters' or 'raters-by-units' (--orientation on the command line)."
        raise InputError(message)
    if all_rows or (not all_columns and in_rows > in_columns):
        return ORIENTATIONS[1]
    return ORIENTATIONS[0]


@frozen
class Spot:
    """A problem at a place of a matrix: a data row (None: the header) and a column (None: the row).

    ``text`` may hold ``{other}``: the place of ``other``, a row (a repeated row) or a
    column (a repeated column header), as the reader names it.
    """

    row: int | None
    column: int | None
    kind: str
    text: str
    other: int | None = None


@frozen
class Cut:
    """Which rows and label columns of a matrix hold scores, and what was read past.

    Attributes
    ----------
    rows : tuple of int
        The data rows that hold scores (0-based below the header).
    columns : tuple of int
        The label columns (positions in the titles) that hold scores.
    skipped : tuple of (str, int, str)
        What was read past: ``("row" | "column", position, label)``; a blank row has
        the label ``""``.
    spots : tuple of Spot
        The problems found (their rows or columns are left out of `rows`, `columns`).
    """

    rows: tuple[int, ...]
    columns: tuple[int, ...]
    skipped: tuple[tuple[str, int, str], ...]
    spots: tuple[Spot, ...]


def cut_matrix(
    titles: Sequence[str],
    labels: Sequence[str],
    filled: npt.NDArray[np.bool_],
    *,
    groups: Sequence[str] | None = None,
    label_kind: str = "unit",
) -> Cut:
    """The rows and columns of a matrix that hold scores, what is read past, and the problems.

    Parameters
    ----------
    titles : sequence of str
        The header cells over the label columns (raters, or units when transposed).
    labels : sequence of str
        Each data row's label (a unit, or a rater when transposed).
    filled : ndarray of bool, shape (len(labels), len(titles))
        Which cells hold something.
    groups : sequence of str, optional
        Each row's criterion (a criterion column), within which labels are unique.
    label_kind : {"unit", "rater"}
        What the row labels are, for messages.

    Notes
    -----
    Read past: columns and rows labelled as in :data:`TOTALS` or :data:`COUNTERS`, empty
    columns without a title, and blank rows (no label, no cell). Problems: a column
    that holds values under an empty title, a title given twice, a row label given
    twice within its criterion (the later row is left out).

    Examples
    --------
    >>> cut = cut_matrix(["财政局", "合计"], ["东河镇", "", "合计"], np.array([[1, 1], [0, 0], [1, 1]], bool))
    >>> cut.rows, cut.columns, cut.skipped
    ((0,), (0,), (('column', 1, '合计'), ('row', 1, ''), ('row', 2, '合计')))
    """
    skipped: list[tuple[str, int, str]] = []
    spots: list[Spot] = []
    columns: list[int] = []
    first: dict[str, int] = {}
    column_kind = "rater" if label_kind == "unit" else "unit"
    for j, title in enumerate(titles):
        if tally(title):
            skipped.append(("column", j, title))
        elif not title.strip():
            holds = np.flatnonzero(filled[:, j])
            if holds.size:
                text = "a column that holds scores must have a name in the header; got a value below an empty header cell."
                spots.append(Spot(int(holds[0]), j, "label", text))
        elif title in first:
            text = f"{column_kind} {title!r} heads a second column ({{other}} is the first); each {column_kind} has one column."
            spots.append(Spot(None, j, "repeat", text, other=first[title]))
        else:
            first[title] = j
            columns.append(j)
    rows: list[int] = []
    seen: dict[tuple[str, str], int] = {}
    kept = np.array(columns, dtype=np.intp)
    for i, label in enumerate(labels):
        group = groups[i] if groups is not None else ""
        if tally(label):
            skipped.append(("row", i, label))
        elif not label.strip() and not filled[i, kept].any() and not group.strip():
            skipped.append(("row", i, ""))
        elif (group, label) in seen:
            within = f" for criterion {group!r}" if groups is not None else ""
            text = f"{label_kind} {label!r} has a second row{within} ({{other}} is the first); each {label_kind} has one row."
            spots.append(Spot(i, None, "repeat", text, other=seen[group, label]))
        else:
            seen[group, label] = i
            rows.append(i)
    skipped.sort(key=lambda s: (s[0] == "row", s[1]))
    return Cut(tuple(rows), tuple(columns), tuple(skipped), tuple(spots))
