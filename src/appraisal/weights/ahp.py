"""The analytic hierarchy process (层次分析法): weights from pairwise judgements."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from appraisal._typing import FloatArray
from appraisal.core import weights as core_weights
from appraisal.errors import InputError
from appraisal.weights.checks import (
    _check_method,
    _check_pairwise,
    _check_random_index,
    _judgement,
    _show,
)
from appraisal.weights.results import AhpGroupResult, AhpMethod, AhpResult

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

_CONSISTENT_BELOW = 0.1


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
