"""The result objects every weight function returns."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, TypeAlias

import numpy as np
from attrs import cmp_using, field, frozen

from appraisal._typing import FloatArray, array_equal, float_array

AhpMethod: TypeAlias = Literal["eigenvector", "geometric"]
Normalize: TypeAlias = Literal["sum", "minmax"]
Missing: TypeAlias = Literal["error", "drop_units"]


def _array_repr(value: FloatArray) -> str:
    return np.array_repr(value, precision=6)


def _int_tuple(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(int(v) for v in values)


def _optional_float_tuple(values: Iterable[float | None]) -> tuple[float | None, ...]:
    return tuple(None if v is None else float(v) for v in values)


def _float_repr(value: float | None) -> str:
    return "None" if value is None else repr(float(f"{value:.6g}"))


_ARRAY_EQ = cmp_using(eq=array_equal)


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

    weights: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
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

    weights: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
    lambda_max: float = field(repr=_float_repr)
    ci: float = field(repr=_float_repr)
    cr: float | None = field(repr=_float_repr)
    random_index: float | None = field(repr=_float_repr)
    consistent: bool | None
    method: AhpMethod
    aggregate: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
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

    weights: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
    entropy: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
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

    weights: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
    sigma: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
    conflict: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
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

    weights: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, hash=False, repr=_array_repr)
    method: Literal["rank_order_centroid", "rank_sum", "equal"]
