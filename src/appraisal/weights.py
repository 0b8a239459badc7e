"""Criterion weights derived from experts' judgements, from data, or from an agreed order.

Three families, one shape of answer:

* experts compare criteria in pairs: ``ahp()``, ``ahp_from_judgements()`` and
  ``ahp_group()`` (the Analytic Hierarchy Process);
* the scores themselves say how much each criterion tells the units apart:
  ``entropy()`` and ``critic()`` (``matrix`` is units x criteria);
* a committee agrees only an order of importance: ``rank_order_centroid()``,
  ``rank_sum()``, and ``equal()`` when everything ties.

Every function returns a small frozen result object whose ``weights`` is a read-only
float64 array that sums to 1, in the order of the input's criteria. The functions take
and return plain arrays; :func:`leaf_weights` and :func:`assign` connect them to a
scheme's criteria tree.
Checks happen once, at the boundary; the private kernels below them trust their input.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
from attrs import cmp_using, field, frozen

from appraisal.core import weights as core_weights
from appraisal.criterion import Criterion, criterion_leaves, reweighted
from appraisal.errors import InputError

__all__ = [
    "SAATY_RANDOM_INDEX",
    "AhpGroupResult",
    "AhpResult",
    "CriticResult",
    "EntropyResult",
    "RankWeights",
    "ahp",
    "ahp_from_judgements",
    "ahp_group",
    "assign",
    "critic",
    "entropy",
    "equal",
    "leaf_weights",
    "rank_order_centroid",
    "rank_sum",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
AhpMethod: TypeAlias = Literal["eigenvector", "geometric"]
Normalize: TypeAlias = Literal["sum", "minmax"]
Missing: TypeAlias = Literal["error", "drop_units"]

SAATY_RANDOM_INDEX: Mapping[int, float] = MappingProxyType(
    {
        1: 0.0,
        2: 0.0,
        3: 0.58,
        4: 0.90,
        5: 1.12,
        6: 1.24,
        7: 1.32,
        8: 1.41,
        9: 1.45,
        10: 1.49,
        11: 1.51,
        12: 1.48,
        13: 1.56,
        14: 1.57,
        15: 1.59,
    }
)
"""Saaty's random index RI(n): the mean consistency index of random reciprocal matrices.

Values for n = 1..15 as tabulated by Saaty (1980), *The Analytic Hierarchy Process*,
McGraw-Hill, from simulated random matrices (hence the dip at n = 12). Other simulations
give other tables (e.g. Donegan & Dodd 1991; Alonso & Lamata 2006): pass
``random_index=`` to ``ahp()`` to use one.
"""

_RECIPROCITY_TOLERANCE = 1e-9
_CONSTANT_SPREAD = 1e-12  # a column varying by no more than this, relative, is constant
_CONSISTENT_BELOW = 0.1


# --- result objects ----------------------------------------------------------------------


def _read_only(value: Any) -> FloatArray:
    array = np.array(value, dtype=np.float64)
    array.flags.writeable = False
    return array


def _array_repr(value: FloatArray) -> str:
    return np.array_repr(value, precision=6)


def _int_tuple(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(int(v) for v in values)


def _optional_float_tuple(values: Iterable[float | None]) -> tuple[float | None, ...]:
    return tuple(None if v is None else float(v) for v in values)


def _float_repr(value: float | None) -> str:
    return "None" if value is None else repr(float(f"{value:.6g}"))


_ARRAY_EQ = cmp_using(eq=np.array_equal)


@frozen
class AhpResult:
    """Priorities of the criteria from one pairwise comparison matrix (see ``ahp()``).

    Attributes
    ----------
    weights : ndarray of float64, shape (n_criteria,)
        The priorities, read-only, summing to 1, in the order of the matrix's rows.
    lambda_max : float
        The principal eigenvalue (``method="eigenvector"``), or ``mean((A @ w) / w)``
        (``method="geometric"``); at least n_criteria.
    ci : float
        Consistency index ``(lambda_max - n) / (n - 1)``; 0 for n <= 2.
    cr : float or None
        Consistency ratio ``ci / random_index``; 0 for n <= 2; None for n > 15 when no
        random index was given.
    random_index : float or None
        The random index used (Saaty's table unless one was passed).
    consistent : bool or None
        ``cr < 0.1``, Saaty's rule; None when ``cr`` is None.
    method : {"eigenvector", "geometric"}
        How the priorities were derived.
    """

    weights: FloatArray = field(converter=_read_only, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
    lambda_max: float = field(repr=_float_repr)
    ci: float = field(repr=_float_repr)
    cr: float | None = field(repr=_float_repr)
    random_index: float | None = field(repr=_float_repr)
    consistent: bool | None
    method: AhpMethod


@frozen
class AhpGroupResult:
    """Priorities from several experts' matrices aggregated cell by cell (see ``ahp_group()``).

    Attributes
    ----------
    weights, lambda_max, ci, cr, random_index, consistent, method
        As in ``AhpResult``, for the aggregated matrix.
    aggregate : ndarray of float64, shape (n_criteria, n_criteria)
        The cell-by-cell geometric mean of the experts' matrices, read-only; reciprocal.
    expert_cr : tuple of (float or None)
        Each expert's own consistency ratio, in the order the matrices were given.
    """

    weights: FloatArray = field(converter=_read_only, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
    lambda_max: float = field(repr=_float_repr)
    ci: float = field(repr=_float_repr)
    cr: float | None = field(repr=_float_repr)
    random_index: float | None = field(repr=_float_repr)
    consistent: bool | None
    method: AhpMethod
    aggregate: FloatArray = field(converter=_read_only, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
    expert_cr: tuple[float | None, ...] = field(
        converter=_optional_float_tuple,
        repr=lambda values: f"({', '.join(map(_float_repr, values))})",
    )


@frozen
class EntropyResult:
    """Entropy weights of the criteria (see ``entropy()``).

    Attributes
    ----------
    weights : ndarray of float64, shape (n_criteria,)
        ``d / sum(d)`` with ``d = 1 - entropy``; read-only.
    entropy : ndarray of float64, shape (n_criteria,)
        The normalised Shannon entropy e_j in [0, 1] of each column; 1 for a constant one.
    constant : tuple of int
        Indices of the columns that do not vary across the units used (weight 0); values
        that differ by no more than rounding (1e-12 of their size) count as equal.
    n_units : int
        Units (rows) used: all of them, or those left after ``missing="drop_units"``.
    normalize : {"sum", "minmax"}
        The normalisation the proportions were taken from.
    """

    weights: FloatArray = field(converter=_read_only, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
    entropy: FloatArray = field(converter=_read_only, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
    constant: tuple[int, ...] = field(converter=_int_tuple)
    n_units: int
    normalize: Normalize


@frozen
class CriticResult:
    """CRITIC weights of the criteria (see ``critic()``).

    Attributes
    ----------
    weights : ndarray of float64, shape (n_criteria,)
        ``C / sum(C)`` with ``C = sigma * conflict``; read-only.
    sigma : ndarray of float64, shape (n_criteria,)
        Sample standard deviation (ddof 1) of each min-max normalised column; 0 for a
        constant one.
    conflict : ndarray of float64, shape (n_criteria,)
        ``sum(1 - r[j, k])`` over the varying columns k; 0 for a constant column.
    constant : tuple of int
        Indices of the columns that do not vary across the units used (weight 0); values
        that differ by no more than rounding (1e-12 of their size) count as equal.
    n_units : int
        Units (rows) used: all of them, or those left after ``missing="drop_units"``.
    """

    weights: FloatArray = field(converter=_read_only, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
    sigma: FloatArray = field(converter=_read_only, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
    conflict: FloatArray = field(converter=_read_only, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
    constant: tuple[int, ...] = field(converter=_int_tuple)
    n_units: int


@frozen
class RankWeights:
    """Weights that follow from an order of importance alone (see ``rank_order_centroid()``).

    Attributes
    ----------
    weights : ndarray of float64, shape (n_criteria,)
        Read-only, summing to 1, most important criterion first.
    method : {"rank_order_centroid", "rank_sum", "equal"}
        The formula used.
    """

    weights: FloatArray = field(converter=_read_only, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
    method: Literal["rank_order_centroid", "rank_sum", "equal"]


# --- checks at the boundary --------------------------------------------------------------


def _show(value: Any) -> str:
    """The repr of a value for a message: plain floats for numbers, never numpy's wrappers."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(float(value))
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _first(mask: BoolArray) -> tuple[int, ...]:
    return tuple(int(k) for k in np.argwhere(mask)[0])


def _one_of(value: object, allowed: tuple[str, ...], where: str, name: str) -> None:
    if not isinstance(value, str) or value not in allowed:
        choices = ", ".join(repr(a) for a in allowed)
        message = f"{where}: {name} must be one of {choices}; got {value!r}."
        raise InputError(message)


def _as_floats(value: Any, where: str, name: str, what: str) -> FloatArray:
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        message = f"{where}: {name} must be {what}; got {_show(value)}."
        raise InputError(message) from None


def _check_pairwise(value: Any, where: str, name: str) -> FloatArray:
    """A positive reciprocal square matrix, or an error naming the first offending cell."""
    a = _as_floats(value, where, name, "a matrix of numbers")
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        message = f"{where}: {name} must be a square 2-D matrix; got shape {a.shape}."
        raise InputError(message)
    if a.shape[0] == 0:
        message = f"{where}: {name} must have at least one criterion; got shape {a.shape}."
        raise InputError(message)
    for bad, requirement in ((~np.isfinite(a), "be finite"), (a <= 0, "be > 0")):
        if bad.any():
            i, j = _first(bad)
            message = f"{where}: {name}[{i}, {j}] must {requirement}; got {_show(a[i, j])}."
            raise InputError(message)
    with np.errstate(over="ignore"):  # an overflowing product is simply not reciprocal
        off = np.abs(a * a.T - 1.0) > _RECIPROCITY_TOLERANCE
    if off.diagonal().any():
        (i,) = _first(off.diagonal())
        message = (
            f"{where}: {name}[{i}, {i}] must be 1 (a criterion compared with itself); "
            f"got {_show(a[i, i])}."
        )
        raise InputError(message)
    if off.any():
        i, j = _first(np.triu(off, k=1))
        message = (
            f"{where}: {name}[{i}, {j}] and {name}[{j}, {i}] must be reciprocal "
            f"(a[i, j] * a[j, i] == 1); got {_show(a[i, j])} and {_show(a[j, i])}."
        )
        raise InputError(message)
    return a


def _check_method(method: object, where: str) -> AhpMethod:
    _one_of(method, ("eigenvector", "geometric"), where, "method")
    return "geometric" if method == "geometric" else "eigenvector"


def _check_random_index(value: float | None, where: str) -> float | None:
    if value is None:
        return None
    number = _judgement(value)
    if number is None:
        message = f"{where}: random_index must be finite and > 0; got {_show(value)}."
        raise InputError(message)
    return number


def _check_directions(value: Any, n_criteria: int, where: str) -> BoolArray:
    if value is None:
        return np.ones(n_criteria, dtype=bool)
    try:
        entries = list(value)
    except TypeError:
        message = (
            f"{where}: higher_is_better must be None or one bool per criterion "
            f"({n_criteria}); got {_show(value)}."
        )
        raise InputError(message) from None
    if len(entries) != n_criteria:
        message = (
            f"{where}: higher_is_better must have one entry per criterion ({n_criteria}); "
            f"got {len(entries)}."
        )
        raise InputError(message)
    directions = np.empty(n_criteria, dtype=bool)
    for j, entry in enumerate(entries):
        item = entry.item() if isinstance(entry, np.generic) else entry
        if not isinstance(item, bool | int | float) or item not in (0, 1):
            message = (
                f"{where}: higher_is_better[{j}] must be True or False (or 1 or 0); "
                f"got {_show(item)}."
            )
            raise InputError(message)
        directions[j] = bool(item)
    return directions


def _check_data(
    matrix: Any,
    higher_is_better: Any,
    missing: object,
    where: str,
    *,
    non_negative: bool = False,
) -> tuple[FloatArray, BoolArray]:
    """The units x criteria matrix with complete rows only, and the directions."""
    _one_of(missing, ("error", "drop_units"), where, "missing")
    x = _as_floats(matrix, where, "matrix", "an array of numbers")
    if x.ndim != 2:
        message = f"{where}: matrix must be 2-D (units x criteria); got shape {x.shape}."
        raise InputError(message)
    if x.shape[1] == 0:
        message = f"{where}: matrix must have at least one criterion (column); got shape {x.shape}."
        raise InputError(message)
    benefit = _check_directions(higher_is_better, x.shape[1], where)
    finite = np.isfinite(x)
    nan: BoolArray | None = None
    if not finite.all():
        nan = np.isnan(x)
        infinite = ~finite & ~nan
        if infinite.any():
            i, j = _first(infinite)
            message = (
                f"{where}: matrix[{i}, {j}] must be finite or NaN (missing); got {_show(x[i, j])}."
            )
            raise InputError(message)
        if missing == "error":
            i, j = _first(nan)
            message = (
                f"{where}: matrix[{i}, {j}] must not be missing (NaN) with missing='error'; "
                "got nan. Pass missing='drop_units' to drop the units (rows) with a missing score."
            )
            raise InputError(message)
    dropped = 0
    rows: npt.NDArray[np.intp] | None = None  # original row numbers, for messages
    if nan is not None:
        complete = ~nan.any(axis=1)
        rows = np.flatnonzero(complete)
        dropped = x.shape[0] - rows.size
        x = x[complete]
    if non_negative:
        negative = x < 0
        if negative.any():
            j = int(np.flatnonzero(negative.any(axis=0))[0])
            i = int(np.flatnonzero(negative[:, j])[0])
            message = (
                f"{where}: matrix[:, {j}] must be >= 0 with normalize='sum'; got "
                f"{_show(x[i, j])} for unit row {i if rows is None else int(rows[i])}. "
                "Use normalize='minmax' for data that can be negative."
            )
            raise InputError(message)
    if x.shape[0] < 2:
        after = f" after dropping {dropped} with a missing score" if dropped else ""
        message = f"{where}: matrix must have at least 2 units (rows); got {x.shape[0]}{after}."
        raise InputError(message)
    return x, benefit


def _check_n(n: object, where: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        message = f"{where}: n must be a positive int; got {n!r}."
        raise InputError(message)
    return int(n)


def _consistency(
    lam: float, n: int, random_index: float | None
) -> tuple[float, float | None, float | None, bool | None]:
    """(ci, cr, random index used, consistent) for lambda_max of an n x n matrix."""
    if n <= 2:
        return 0.0, 0.0, SAATY_RANDOM_INDEX[n] if random_index is None else random_index, True
    ci = (lam - n) / (n - 1)
    ri = SAATY_RANDOM_INDEX.get(n) if random_index is None else random_index
    if ri is None:
        return ci, None, None, None
    cr = ci / ri
    return ci, cr, ri, cr < _CONSISTENT_BELOW


# --- AHP ---------------------------------------------------------------------------------


def _ahp_result(
    a: FloatArray, method: AhpMethod, random_index: float | None
) -> tuple[FloatArray, float, float, float | None, float | None, bool | None]:
    w, lam = core_weights.ahp_priorities(a, method)
    ci, cr, ri, consistent = _consistency(lam, a.shape[0], random_index)
    return w, lam, ci, cr, ri, consistent


def ahp(
    pairwise: npt.ArrayLike,
    *,
    method: AhpMethod = "eigenvector",
    random_index: float | None = None,
) -> AhpResult:
    """Priorities of criteria from a pairwise comparison matrix (Saaty's AHP).

    ``pairwise[i, j]`` says how many times criterion i is more important than criterion
    j, usually on Saaty's 1-9 scale; the matrix is reciprocal,
    ``pairwise[j, i] == 1 / pairwise[i, j]``, with ones on the diagonal.

    Parameters
    ----------
    pairwise : array-like of shape (n_criteria, n_criteria)
        Positive, finite and reciprocal: ``a[i, j] * a[j, i] == 1`` within 1e-9 (relative).
    method : {"eigenvector", "geometric"}, default "eigenvector"
        ``"eigenvector"``: the principal (Perron) eigenvector, normalised to sum 1, and its
        eigenvalue as lambda_max (Saaty 1977, 1980). ``"geometric"``: the normalised row
        geometric means (Crawford & Williams 1985); lambda_max is then computed from these
        weights as ``mean((A @ w) / w)``. The two agree for n <= 3 and for every
        consistent matrix.
    random_index : float, optional
        The random index RI to divide by. By default Saaty's table,
        ``SAATY_RANDOM_INDEX``, for n = 3..15; for n > 15 there is none, and ``cr`` and
        ``consistent`` are None unless a value is given here.

    Returns
    -------
    AhpResult
        ``weights``, ``lambda_max``, ``ci = (lambda_max - n) / (n - 1)``,
        ``cr = ci / random_index``, ``random_index``, ``consistent`` (``cr < 0.1``) and
        ``method``. A matrix with n <= 2 is always consistent: ``ci = cr = 0``.

    Raises
    ------
    InputError
        If the matrix is not square, has a non-finite or non-positive cell, a diagonal
        cell other than 1, or a pair that is not reciprocal; the first offending cell is
        named. Also for an unknown ``method`` or a ``random_index`` that is not > 0.

    See Also
    --------
    ahp_from_judgements : the same from named judgements of the upper triangle.
    ahp_group : several experts' matrices aggregated by geometric mean.

    Notes
    -----
    Saaty calls a matrix acceptably consistent when ``cr < 0.1``; a larger ``cr`` means
    the judgements contradict one another (A > B, B > C, yet C > A) and should be revised
    before the weights are used.

    References
    ----------
    - Saaty, T.L. (1977). A scaling method for priorities in hierarchical structures.
      *Journal of Mathematical Psychology* 15(3), 234-281.
    - Saaty, T.L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill, New York
      (the random index table, n = 1..15).
    - Saaty, T.L. (1990). How to make a decision: The Analytic Hierarchy Process.
      *European Journal of Operational Research* 48(1), 9-26.
    - Crawford, G. & Williams, C. (1985). A note on the analysis of subjective judgment
      matrices. *Journal of Mathematical Psychology* 29(4), 387-405.

    Examples
    --------
    The economy matters three times as much as projects and five times as much as safety;
    projects twice as much as safety:

    >>> result = ahp([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    >>> result.weights.round(3)
    array([0.648, 0.23 , 0.122])
    >>> round(result.cr, 4), result.consistent
    (0.0032, True)

    Saaty's (1990, Table 2) eight house-buying criteria are judged inconsistently:

    >>> third = 1 / 3
    >>> result = ahp(
    ...     [
    ...         [1, 5, 3, 7, 6, 6, third, 1 / 4],
    ...         [1 / 5, 1, third, 5, 3, 3, 1 / 5, 1 / 7],
    ...         [third, 3, 1, 6, 3, 4, 6, 1 / 5],
    ...         [1 / 7, 1 / 5, 1 / 6, 1, third, 1 / 4, 1 / 7, 1 / 8],
    ...         [1 / 6, third, third, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    ...         [1 / 6, third, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    ...         [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    ...         [4, 7, 5, 8, 6, 6, 2, 1],
    ...     ]
    ... )
    >>> result
    AhpResult(weights=array([0.173017, 0.053976, 0.18811 , 0.017508, 0.031044, 0.036322,
           0.166834, 0.333189]), lambda_max=9.66889, ci=0.238412, cr=0.169087,
           random_index=1.41, consistent=False, method='eigenvector')
    """
    where = "ahp"
    checked_method = _check_method(method, where)
    ri = _check_random_index(random_index, where)
    a = _check_pairwise(pairwise, where, "pairwise")
    w, lam, ci, cr, ri_used, consistent = _ahp_result(a, checked_method, ri)
    return AhpResult(w, lam, ci, cr, ri_used, consistent, checked_method)


def ahp_from_judgements(
    judgements: Mapping[tuple[str, str], float],
    *,
    criteria: Sequence[str],
    method: AhpMethod = "eigenvector",
    random_index: float | None = None,
) -> AhpResult:
    """Priorities of named criteria from judgements of every pair (AHP).

    ``{("economy", "safety"): 5}`` says the economy is five times as important as safety;
    the pair may also be given the other way round, ``{("safety", "economy"): 1 / 5}``.
    Every unordered pair of ``criteria`` is judged exactly once (a complete upper
    triangle); the reciprocal half and the diagonal follow.

    Parameters
    ----------
    judgements : mapping of (str, str) to float
        One positive, finite judgement per pair of different criteria.
    criteria : sequence of str
        The criteria, unique, in the order the weights are wanted.
    method : {"eigenvector", "geometric"}, default "eigenvector"
        As in ``ahp()``.
    random_index : float, optional
        As in ``ahp()``.

    Returns
    -------
    AhpResult
        As from ``ahp()``, with the weights in the order of ``criteria``.

    Raises
    ------
    InputError
        For a missing pair, a pair judged twice (in either orientation), a pair of one
        criterion with itself, an unknown name, a duplicate criterion, or a value that is
        not finite and > 0; the pair or name is given.

    References
    ----------
    - Saaty, T.L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill, New York.

    Examples
    --------
    >>> result = ahp_from_judgements(
    ...     {("economy", "projects"): 3, ("safety", "economy"): 1 / 5, ("projects", "safety"): 2},
    ...     criteria=["economy", "projects", "safety"],
    ... )
    >>> result.weights.round(3)
    array([0.648, 0.23 , 0.122])
    """
    where = "ahp_from_judgements"
    checked_method = _check_method(method, where)
    ri = _check_random_index(random_index, where)
    names = list(criteria)
    if not names:
        message = f"{where}: criteria must name at least one criterion; got none."
        raise InputError(message)
    index: dict[str, int] = {}
    for name in names:
        if name in index:
            message = f"{where}: criteria must be unique; got {name!r} twice."
            raise InputError(message)
        index[name] = len(index)
    n = len(names)
    a = np.ones((n, n))
    judged: dict[tuple[int, int], tuple[str, str]] = {}
    for key, value in judgements.items():
        if not isinstance(key, tuple) or len(key) != 2:
            message = (
                f"{where}: each judgement key must be a pair (a, b) of criterion names; "
                f"got {_show(key)}."
            )
            raise InputError(message)
        for name in key:
            if name not in index:
                known = ", ".join(repr(c) for c in names)
                message = (
                    f"{where}: judgement {key!r} must name criteria from {known}; "
                    f"got unknown {name!r}."
                )
                raise InputError(message)
        first, second = key
        if first == second:
            message = (
                f"{where}: judgement {key!r} must compare two different criteria; "
                f"got {first!r} twice."
            )
            raise InputError(message)
        i, j = index[first], index[second]
        pair = (min(i, j), max(i, j))
        if pair in judged:
            message = (
                f"{where}: each pair must be judged once; got both {judged[pair]!r} and {key!r}."
            )
            raise InputError(message)
        number = _judgement(value)
        if number is None:
            message = f"{where}: judgement {key!r} must be finite and > 0; got {_show(value)}."
            raise InputError(message)
        judged[pair] = key
        a[i, j], a[j, i] = number, 1.0 / number
    for i in range(n):
        for j in range(i + 1, n):
            if (i, j) not in judged:
                message = (
                    f"{where}: every pair of criteria must be judged; got no judgement for "
                    f"{(names[i], names[j])!r}."
                )
                raise InputError(message)
    w, lam, ci, cr, ri_used, consistent = _ahp_result(a, checked_method, ri)
    return AhpResult(w, lam, ci, cr, ri_used, consistent, checked_method)


def _judgement(value: object) -> float | None:
    """The value as a float if it is a finite positive number, else None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and number > 0 else None


def ahp_group(
    matrices: Iterable[npt.ArrayLike],
    *,
    method: AhpMethod = "eigenvector",
    random_index: float | None = None,
) -> AhpGroupResult:
    """Priorities from several experts' pairwise matrices, aggregated by geometric mean.

    The experts' judgements are combined cell by cell, ``exp(mean(log a_k[i, j]))``
    (aggregation of individual judgements, AIJ). The geometric mean is the aggregation
    that keeps the reciprocal property and agrees with the priorities' ratio scale
    (Aczél & Saaty 1983); the aggregate is made exactly reciprocal by averaging
    ``log a[i, j]`` and ``-log a[j, i]``. The result is ``ahp()`` of the aggregate,
    with each expert's own consistency ratio alongside.

    Parameters
    ----------
    matrices : iterable of array-like of shape (n_criteria, n_criteria)
        One reciprocal matrix per expert, all of one shape, criteria in one order.
    method : {"eigenvector", "geometric"}, default "eigenvector"
        As in ``ahp()``, for the aggregate and for each expert's CR.
    random_index : float, optional
        As in ``ahp()``.

    Returns
    -------
    AhpGroupResult
        The fields of ``AhpResult`` for the aggregate, plus ``aggregate`` and
        ``expert_cr``.

    Raises
    ------
    InputError
        With no matrix, with matrices of different shapes, or for an invalid matrix
        (named by its position, e.g. ``matrices[1][0, 2]``).

    References
    ----------
    - Aczél, J. & Saaty, T.L. (1983). Procedures for synthesizing ratio judgements.
      *Journal of Mathematical Psychology* 27(1), 93-102.
    - Forman, E. & Peniwati, K. (1998). Aggregating individual judgments and priorities
      with the Analytic Hierarchy Process. *European Journal of Operational Research*
      108(1), 165-169.

    Examples
    --------
    One expert says 2, the other 8; the group says 4:

    >>> group = ahp_group([[[1, 2], [1 / 2, 1]], [[1, 8], [1 / 8, 1]]])
    >>> group.aggregate
    array([[1.  , 4.  ],
           [0.25, 1.  ]])
    >>> group.weights
    array([0.8, 0.2])
    >>> group.expert_cr
    (0.0, 0.0)
    """
    where = "ahp_group"
    checked_method = _check_method(method, where)
    ri = _check_random_index(random_index, where)
    checked: list[FloatArray] = []
    for k, matrix in enumerate(matrices):
        a = _check_pairwise(matrix, where, f"matrices[{k}]")
        if checked and a.shape != checked[0].shape:
            message = (
                f"{where}: matrices[{k}] must have the shape of matrices[0], "
                f"{checked[0].shape}; got {a.shape}."
            )
            raise InputError(message)
        checked.append(a)
    if not checked:
        message = f"{where}: matrices must hold at least one pairwise matrix; got 0."
        raise InputError(message)
    logs = np.log(np.stack(checked)).mean(axis=0)
    aggregate = np.exp((logs - logs.T) / 2.0)
    expert_cr = tuple(_ahp_result(a, checked_method, ri)[3] for a in checked)
    w, lam, ci, cr, ri_used, consistent = _ahp_result(aggregate, checked_method, ri)
    return AhpGroupResult(w, lam, ci, cr, ri_used, consistent, checked_method, aggregate, expert_cr)


# --- weights from data -------------------------------------------------------------------


def entropy(
    matrix: npt.ArrayLike,
    *,
    higher_is_better: Sequence[bool] | npt.ArrayLike | None = None,
    normalize: Normalize = "sum",
    missing: Missing = "error",
) -> EntropyResult:
    """Entropy weights: a criterion weighs more the more unevenly the units score on it.

    For each column j, with n units: proportions ``p[i, j]``, the normalised Shannon
    entropy ``e_j = -1/ln(n) * sum_i p[i, j] ln p[i, j]`` (with ``0 ln 0 = 0``), the
    divergence ``d_j = 1 - e_j``, and ``w = d / sum(d)``. A column on which every unit
    scores alike has ``e_j = 1`` and weight 0.

    Parameters
    ----------
    matrix : array-like of shape (n_units, n_criteria)
        Scores, one row per unit; NaN marks a missing score.
    higher_is_better : sequence of bool, optional
        One direction per criterion (True, or 1, for higher is better); None means all
        higher-is-better. Used by ``normalize="minmax"`` only; see below.
    normalize : {"sum", "minmax"}, default "sum"
        ``"sum"``: proportions of the raw column, ``p = x / sum(x)``, as in Hwang & Yoon
        (1981), pymcdm and scikit-criteria. The entropy then measures how unevenly a
        non-negative quantity is spread over the units, which does not depend on
        whether more of it is better: ``higher_is_better`` is checked but has no effect
        (turning a cost column into ``max - x`` or ``1 / x`` first would change its
        weight by an arbitrary choice). Values must be >= 0; the weights do not change
        when a column is multiplied by a constant, but do when one is added.
        ``"minmax"``: each column is first scaled to [0, 1] by its direction,
        ``(x - min) / (max - min)`` or ``(max - x) / (max - min)``, and the proportions
        are taken of that, as in the textbook 熵权法 (entropy weight method); signed data
        are fine, and the worst unit of each column always gets ``p = 0``.
    missing : {"error", "drop_units"}, default "error"
        ``"drop_units"`` drops every unit (row) with a NaN before anything is computed.

    Returns
    -------
    EntropyResult
        ``weights``, ``entropy`` (e_j), ``constant`` (indices of columns with zero
        weight), ``n_units`` (rows used) and ``normalize``.

    Raises
    ------
    InputError
        For a NaN (unless ``missing="drop_units"``; the first is named by unit row and
        column), an infinite value, a negative value with ``normalize="sum"`` (the
        column is named), fewer than 2 units, no varying column, or a ``higher_is_better``
        of the wrong length.

    See Also
    --------
    critic : weights that also discount criteria that repeat one another.

    Notes
    -----
    Entropy weights reward dispersion, not importance: a criterion on which the units
    happen to differ a lot gets a large weight even if it matters little, and a
    near-uniform matrix (all ``e_j`` close to 1) turns tiny differences in ``d_j`` into
    large differences in weight. Show ``1 - entropy`` beside the weights. A constant
    column (one whose values differ by no more than rounding, 1e-12 of their size)
    gets weight 0 and leaves the other weights as they would be without it. So does a
    column whose ``1 - entropy`` is below 1e-13, the level of the summation's rounding
    error (a spread of a few parts per million).

    References
    ----------
    - Shannon, C.E. (1948). A mathematical theory of communication. *Bell System
      Technical Journal* 27(3), 379-423.
    - Hwang, C.-L. & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
      Applications*. Springer, Berlin (the entropy weighting method).
    - Zeleny, M. (1982). *Multiple Criteria Decision Making*. McGraw-Hill, New York.

    Examples
    --------
    The second column is the same for both units and weighs nothing:

    >>> result = entropy([[1, 2, 0], [3, 2, 5]])
    >>> result.weights.round(4)
    array([0.1588, 0.    , 0.8412])
    >>> result.constant
    (1,)

    Min-max scaling by direction, the second criterion lower-is-better:

    >>> entropy(
    ...     [[1, 10], [2, 20], [3, 40]], higher_is_better=[True, False], normalize="minmax"
    ... ).weights.round(4)
    array([0.5206, 0.4794])
    """
    where = "entropy"
    _one_of(normalize, ("sum", "minmax"), where, "normalize")
    x, benefit = _check_data(
        matrix, higher_is_better, missing, where, non_negative=normalize == "sum"
    )
    lo, hi, constant = _spread(x, where)
    d, e = core_weights.entropy_divergence(x, lo, hi, constant, benefit, normalize)
    total = d.sum()
    if not total > 0:
        message = (
            f"{where}: at least one criterion (column) must vary across units by more "
            "than rounding (1 - entropy >= 1e-13); got none."
        )
        raise InputError(message)
    return EntropyResult(d / total, e, _indices(constant), x.shape[0], normalize)


def _spread(x: FloatArray, where: str) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Column minima, maxima and the constant columns, or an error if none varies.

    A column is constant when its values differ by no more than rounding, 1e-12 of
    their magnitude: 0.1 + 0.2 and 0.3 are one score, not a spread to be stretched.
    """
    lo, hi = x.min(axis=0), x.max(axis=0)
    constant = hi - lo <= _CONSTANT_SPREAD * np.maximum(np.abs(lo), np.abs(hi))
    if constant.all():
        message = (
            f"{where}: at least one criterion (column) must vary across units; "
            f"got all {x.shape[1]} constant."
        )
        raise InputError(message)
    return lo, hi, constant


def _indices(mask: BoolArray) -> tuple[int, ...]:
    return tuple(int(j) for j in np.flatnonzero(mask))


def critic(
    matrix: npt.ArrayLike,
    *,
    higher_is_better: Sequence[bool] | npt.ArrayLike | None = None,
    missing: Missing = "error",
) -> CriticResult:
    """CRITIC weights: contrast within a criterion times its conflict with the others.

    CRITIC (CRiteria Importance Through Intercriteria Correlation) scales each column to
    [0, 1] by its direction, ``(x - min) / (max - min)`` or ``(max - x) / (max - min)``,
    and gives criterion j the information ``C_j = sigma_j * sum_k (1 - r[j, k])``, with
    ``sigma_j`` the standard deviation of the scaled column and ``r`` the Pearson
    correlation between scaled columns; ``w = C / sum(C)``. Two criteria that rank the
    units alike share weight instead of counting twice.

    Parameters
    ----------
    matrix : array-like of shape (n_units, n_criteria)
        Scores, one row per unit; NaN marks a missing score; signed values are fine.
    higher_is_better : sequence of bool, optional
        One direction per criterion (True, or 1, for higher is better); None means all
        higher-is-better. A lower-is-better column enters reversed, which flips the
        sign of its correlations.
    missing : {"error", "drop_units"}, default "error"
        ``"drop_units"`` drops every unit (row) with a NaN before anything is computed.

    Returns
    -------
    CriticResult
        ``weights``, ``sigma``, ``conflict``, ``constant`` (indices of columns with zero
        weight) and ``n_units`` (rows used).

    Raises
    ------
    InputError
        As ``entropy()``: for a NaN (unless ``missing="drop_units"``), an infinite
        value, fewer than 2 units, no varying column, or a bad ``higher_is_better``.

    See Also
    --------
    entropy : dispersion alone, without the correlations.

    Notes
    -----
    ``sigma`` is the sample standard deviation (ddof 1), as in pymcdm and in Excel's
    STDEV; the weights do not depend on the choice, since ddof scales every ``sigma_j``
    by the same factor. A constant column (values that differ by no more than
    rounding, 1e-12 of their size) gets weight 0 and is left out of the correlations,
    so the other columns weigh as if it were absent; any larger spread, however small,
    is stretched to [0, 1] like every other, so round scores to their published
    precision first. If all varying
    columns are perfectly correlated (for instance, only one column varies) every
    conflict is 0 and the weights fall back to ``sigma / sum(sigma)``, the limit of the
    formula. Negative correlations raise weights: ``1 - r`` reaches 2. Like entropy,
    CRITIC weights reward what separates the units in this data set, and change when
    units are added or removed.

    References
    ----------
    - Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995). Determining objective
      weights in multiple criteria problems: The CRITIC method. *Computers & Operations
      Research* 22(7), 763-770.

    Examples
    --------
    >>> result = critic([[1, 5, 2], [2, 3, 2], [4, 4, 2], [3, 1, 2]])
    >>> result.weights.round(3)
    array([0.502, 0.498, 0.   ])
    >>> result.constant
    (2,)
    """
    where = "critic"
    x, benefit = _check_data(matrix, higher_is_better, missing, where)
    lo, hi, constant = _spread(x, where)
    weights, sigma, conflict = core_weights.critic_weights(x, lo, hi, constant, benefit)
    return CriticResult(weights, sigma, conflict, _indices(constant), x.shape[0])


# --- weights from an order of importance --------------------------------------------------


def rank_order_centroid(n: int) -> RankWeights:
    """Rank-order centroid weights for n criteria listed from most to least important.

    ``w_i = (1/n) * sum_{k=i}^{n} 1/k``: the centroid of all weight vectors that respect
    the order, i.e. the expected weights when only the order is known.

    Parameters
    ----------
    n : int
        Number of criteria, positive.

    Returns
    -------
    RankWeights
        ``weights`` most important first, and ``method="rank_order_centroid"``.

    Raises
    ------
    InputError
        If n is not a positive int.

    References
    ----------
    - Barron, F.H. & Barrett, B.E. (1996). Decision quality using ranked attribute
      weights. *Management Science* 42(11), 1515-1523.

    Examples
    --------
    >>> rank_order_centroid(4).weights.round(4)
    array([0.5208, 0.2708, 0.1458, 0.0625])
    """
    count = _check_n(n, "rank_order_centroid")
    harmonic = np.cumsum(1.0 / np.arange(count, 0, -1))[::-1]
    return RankWeights(harmonic / count, "rank_order_centroid")


def rank_sum(n: int) -> RankWeights:
    """Rank-sum weights for n criteria listed from most to least important.

    ``w_i = 2 (n + 1 - i) / (n (n + 1))``: weights fall linearly with the rank.

    Parameters
    ----------
    n : int
        Number of criteria, positive.

    Returns
    -------
    RankWeights
        ``weights`` most important first, and ``method="rank_sum"``.

    Raises
    ------
    InputError
        If n is not a positive int.

    References
    ----------
    - Stillwell, W.G., Seaver, D.A. & Edwards, W. (1981). A comparison of weight
      approximation techniques in multiattribute utility decision making.
      *Organizational Behavior and Human Performance* 28(1), 62-77.
    - Barron, F.H. & Barrett, B.E. (1996). Decision quality using ranked attribute
      weights. *Management Science* 42(11), 1515-1523.

    Examples
    --------
    >>> rank_sum(4).weights
    array([0.4, 0.3, 0.2, 0.1])
    """
    count = _check_n(n, "rank_sum")
    ranks = np.arange(1, count + 1)
    return RankWeights(2.0 * (count + 1 - ranks) / (count * (count + 1)), "rank_sum")


def equal(n: int) -> RankWeights:
    """Equal weights for n criteria: the order of importance is a tie.

    Parameters
    ----------
    n : int
        Number of criteria, positive.

    Returns
    -------
    RankWeights
        ``weights`` all ``1 / n``, and ``method="equal"``.

    Raises
    ------
    InputError
        If n is not a positive int.

    References
    ----------
    - Dawes, R.M. & Corrigan, B. (1974). Linear models in decision making.
      *Psychological Bulletin* 81(2), 95-106 (equal weights as a robust baseline).

    Examples
    --------
    >>> equal(4).weights
    array([0.25, 0.25, 0.25, 0.25])
    """
    count = _check_n(n, "equal")
    return RankWeights(np.full(count, 1.0 / count), "equal")


# --- criteria trees ------------------------------------------------------------------------


def leaf_weights(criteria: Criterion | Sequence[Criterion]) -> FloatArray:
    """The weight of each leaf of a criteria tree: the product of normalised sibling weights.

    This is the weight each scored criterion carries in a rater's score (what
    :func:`~appraisal.appraise` uses), in tree order.

    Examples
    --------
    >>> leaf_weights([Criterion("economy", 2, children=[Criterion("growth"), Criterion("revenue", 3)]),
    ...               Criterion("services", 2)])
    array([0.125, 0.375, 0.5  ])
    """
    top = (criteria,) if isinstance(criteria, Criterion) else tuple(criteria)
    return np.array([share for _, share in criterion_leaves(top)])


def assign(criteria: Sequence[Criterion], weights: Any) -> tuple[Criterion, ...]:
    """The criteria with `weights` put in, one for one — a derived weighting into a scheme.

    `weights` is a sequence of numbers or any result here (its ``weights`` is used).
    For sub-criteria use :meth:`Criterion.with_weights`.

    Examples
    --------
    >>> import attrs
    >>> from appraisal import Scheme
    >>> scheme = Scheme(["A"], [Criterion("economy"), Criterion("projects"), Criterion("services")])
    >>> judged = ahp([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    >>> scheme = attrs.evolve(scheme, criteria=assign(scheme.criteria, judged))
    >>> [round(w, 3) for w in scheme.criterion_weights]
    [0.637, 0.258, 0.105]
    """
    return reweighted(tuple(criteria), weights, "assign")
