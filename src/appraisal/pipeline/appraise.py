"""The pipeline: a score sheet and a scheme in, an :class:`~appraisal.Appraisal` out."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from appraisal import core
from appraisal._typing import FloatArray
from appraisal.errors import AppraisalWarning, InputError
from appraisal.model.events import Adjustment, Veto
from appraisal.model.scheme import Scheme
from appraisal.model.sheet import ScoreSheet
from appraisal.pipeline.check import inspect
from appraisal.pipeline.outcome import outcome, summary
from appraisal.result.appraisal import Appraisal

__all__ = ["appraise", "rank"]


def appraise(
    sheet: ScoreSheet,
    scheme: Scheme,
    *,
    adjustments: Sequence[Adjustment] = (),
    vetoes: Sequence[Veto] = (),
    previous: Appraisal | Mapping[str, float] | None = None,
) -> Appraisal:
    """Apply a scheme to a score sheet.

    The sheet is aligned to the scheme's canonical order (raters and criteria as the
    scheme declares them, units sorted unless the sheet was given a ``unit_order``), so
    no result depends on the order of the input records or axes. Then each rater's criterion scores are mapped onto the
    scheme's scale and averaged by leaf weight, the rater tree is folded bottom-up by
    each group's rule, and the base scores are published: rounded half-up as printed
    and ranked.

    Parameters
    ----------
    sheet : ScoreSheet
        Raters and criteria must be the scheme's; a scheme rater missing from the sheet
        scored nothing.
    scheme : Scheme
    adjustments : sequence of Adjustment, optional
        Bonus and deduction points, applied after the base score and before rounding,
        within the scheme's caps.
    vetoes : sequence of Veto, optional
        One-vote vetoes; the scheme's ``veto`` says what they do.
    previous : Appraisal or mapping of str to float, optional
        Last year's result (or its rank by unit), for the ``"previous_rank"``
        tie-break step; the result records the ranks.

    Returns
    -------
    Appraisal

    Raises
    ------
    ScoreError, InputError
        The first problem :func:`~appraisal.pipeline.check.check` lists: a rater or
        criterion the scheme lacks, a score outside its criterion's scale, a criterion
        nobody scored, a missing score under ``missing="error"``, a unit without a
        whole top-level group under ``missing_groups="error"``, ... — each named.

    Warns
    -----
    AppraisalWarning
        Once, when the result carries flags: something changed or qualifies a
        published number (a group renormalised away, a rater who scored nothing, a
        standardised score clipped to the scale, weights read as relative, ...).

    Examples
    --------
    >>> from appraisal import Criterion, RaterGroup, Scheme, ScoreSheet
    >>> scheme = Scheme(
    ...     raters=[RaterGroup("quantitative", 0.65, members=["A", "B"]),
    ...             RaterGroup("other", 0.35, members=["C"])],
    ...     criteria=[Criterion("economy", 0.6), Criterion("projects", 0.4)])
    >>> sheet = ScoreSheet.from_records([
    ...     ("A", "East", "economy", 90), ("A", "East", "projects", 80),
    ...     ("B", "East", "economy", 70), ("B", "East", "projects", 90),
    ...     ("C", "East", "economy", 60), ("C", "East", "projects", 60),
    ...     ("A", "West", "economy", 85), ("A", "West", "projects", 85),
    ...     ("C", "West", "economy", 95), ("C", "West", "projects", 92)])
    >>> result = appraise(sheet, scheme)
    >>> result.score, result.rank
    (array([74.3 , 88.08]), array([2., 1.]))
    """
    found = inspect(sheet, scheme, adjustments=adjustments, vetoes=vetoes, previous=previous)
    if found.problems:
        raise found.problems[0].error()
    result = outcome(found, scheme, adjustments=adjustments, vetoes=vetoes, previous=previous)
    if result.flags:
        warnings.warn(summary(result.flags), AppraisalWarning, stacklevel=2)
    return result


def rank(values: npt.ArrayLike, ties: str = "min", *, descending: bool = True) -> FloatArray:
    """Rank values with ties, as :func:`scipy.stats.rankdata` names the tie methods.

    Parameters
    ----------
    values : array-like of shape (n,)
        NaN values get NaN ranks and take no place.
    ties : {"min", "dense", "ordinal", "average", "max"}, default "min"
        ``min`` is competition ranking (1-2-2-4); ``ordinal`` breaks ties by position.
    descending : bool, default True
        Place 1 goes to the largest value.

    Examples
    --------
    >>> rank([88.5, 92.0, 88.5, 70.0])
    array([2., 1., 2., 4.])
    >>> rank([88.5, 92.0, 88.5, 70.0], "dense")
    array([2., 1., 2., 3.])
    """
    if ties not in core.TIES:
        options = ", ".join(repr(t) for t in core.TIES)
        message = f"rank: ties must be one of {options}; got {ties!r}."
        raise InputError(message)
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        message = f"rank: values must be numbers (NaN for none); got {values!r}."
        raise InputError(message) from None
    if array.ndim != 1:
        message = f"rank: values must be 1-D; got shape {array.shape}."
        raise InputError(message)
    return core.rank(array, ties=ties, descending=descending)
