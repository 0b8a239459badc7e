"""The pipeline: a score sheet and a scheme in, an :class:`~appraisal.Appraisal` out."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from appraisal import core
from appraisal._typing import BoolArray, FloatArray
from appraisal._version import __version__
from appraisal.errors import InputError
from appraisal.model.events import Adjustment, Veto
from appraisal.model.scheme import Scheme
from appraisal.model.sheet import ScoreSheet
from appraisal.pipeline.check import inspect
from appraisal.pipeline.plan import Plan
from appraisal.pipeline.publication import publish
from appraisal.pipeline.rater_side import rater_side
from appraisal.result.appraisal import Appraisal
from appraisal.result.flags import Flag

__all__ = ["appraise", "rank"]


def appraise(
    sheet: ScoreSheet,
    scheme: Scheme,
    *,
    adjustments: Sequence[Adjustment] = (),
    vetoes: Sequence[Veto] = (),
    previous: Appraisal | None = None,
) -> Appraisal:
    """Apply a scheme to a score sheet.

    The sheet is aligned to the scheme's canonical order (raters and criteria as the
    scheme declares them, units as the sheet holds them), so no result depends on the
    order of the input records. Then each rater's criterion scores are mapped onto the
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
    previous : Appraisal, optional
        Last year's result, for the ``"previous_rank"`` tie-break step.

    Returns
    -------
    Appraisal

    Raises
    ------
    ScoreError
        A rater or criterion the scheme lacks, a score outside its criterion's scale,
        or (with ``missing="error"``) a missing score — each named.

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
    plan, values, scores, folded = found.plan, found.values, found.scores, found.folded
    group_scores = folded.group_scores[plan.tree_order]
    published = publish(
        scheme,
        sheet.units,
        folded.base,
        group_scores,
        tie_break_bases(values, plan),
        adjustments=adjustments,
        vetoes=vetoes,
        previous=previous,
        categories=dict(scheme.categories) or dict(sheet.categories),
    )
    aligned = (
        sheet
        if values is sheet.values
        else ScoreSheet(
            scheme.rater_names,
            sheet.units,
            scheme.criterion_names,
            values,
            categories=sheet.categories,
        )
    )
    flags = [*found.flags, *(Flag(f"tier {name!r}", note) for name, note in published.notes)]
    for owned in (folded.base, scores, folded.influence, folded.dropped):
        owned.flags.writeable = False  # the result takes these over without a copy
    return Appraisal(
        scheme=scheme,
        sheet=aligned,
        base=folded.base,
        score=published.score,
        rank=published.rank,
        rater_scores=scores,
        influence=folded.influence,
        group_scores=group_scores,
        coverage=found.coverage,
        trimmed=folded.dropped,
        flags=(*flags, *_flags(np.isnan(scores), folded.base, aligned)),
        version=__version__,
        categories=published.categories,
        overall_rank=published.overall_rank,
        tiers=published.tiers,
        bonus=published.bonus,
        deduction=published.deduction,
        adjustments=published.adjustments,
        vetoes=published.vetoes,
        tie_pairs=published.tie_pairs,
        quota_boundary=published.quota_boundary,
    )


def tie_break_bases(values: FloatArray, plan: Plan) -> dict[str, FloatArray]:
    """The base scores the scheme gives on each tie-break criterion alone."""
    return {
        name: rater_side(plan.criterion_scores(values, name), plan)[1].base
        for name in plan.tie_criteria
    }


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


def _flags(absent: BoolArray, base: FloatArray, sheet: ScoreSheet) -> tuple[Flag, ...]:
    """Units without a base score, and why; raters that scored nothing (after recusal)."""
    nobody = absent.all(axis=0)
    flags = [
        Flag(sheet.units[u], "not scored: no rater scored this unit")
        for u in np.flatnonzero(np.isnan(base) & nobody)
    ]
    flags += [
        Flag(sheet.units[u], "not scored: too few raters present for the scheme's quorums")
        for u in np.flatnonzero(np.isnan(base) & ~nobody)
    ]
    flags += [Flag(sheet.raters[r], "scored no unit") for r in np.flatnonzero(absent.all(axis=1))]
    return tuple(flags)
