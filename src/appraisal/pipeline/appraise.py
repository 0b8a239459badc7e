"""The pipeline: a score sheet and a scheme in, an :class:`~appraisal.Appraisal` out."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from appraisal import core
from appraisal._text import did_you_mean
from appraisal._typing import BoolArray, FloatArray
from appraisal._version import __version__
from appraisal.errors import InputError, ScoreError
from appraisal.model.events import Adjustment, Veto
from appraisal.model.scheme import Scheme
from appraisal.model.sheet import ScoreSheet
from appraisal.pipeline.publication import publish
from appraisal.pipeline.rater_side import criterion_scores, post_order, rater_side, recusal_mask
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
    where = sheet.origin or "score sheet"
    if not sheet.units:
        message = f"{where}: it lists no unit; an appraisal needs at least one unit."
        raise ScoreError(message)
    values = _align(sheet, scheme)
    offsets, slopes = scheme.criterion_maps()
    weights = np.array(scheme.criterion_weights)
    low = np.array([c.scale[0] for c in scheme.leaf_criteria])
    high = np.array([c.scale[1] for c in scheme.leaf_criteria])
    passed = core.rater_scores(values, weights, offsets, slopes, low=low, high=high)
    if passed.outside:
        _reject_outside(values, sheet.units, scheme, where)
    recused = recusal_mask(scheme, sheet.units)
    flags: list[Flag] = []
    scores = _apply_recusals(passed.scores, recused, scheme, sheet.units, flags, where)
    if scheme.missing == "error":
        _check_complete(
            values, passed.present_weight, weights.sum(), recused, sheet.units, scheme, where
        )
    absent = np.isnan(scores)
    coverage = len(scheme.rater_names) - np.count_nonzero(absent, axis=0)
    scores, folded = rater_side(scores, scheme, sheet.units, flags)
    order = np.argsort(post_order(scheme.groups))
    criterion_bases = {
        step[1]: rater_side(
            criterion_scores(values, scheme, recused, step[1]), scheme, sheet.units, []
        )[1].base
        for step in scheme.tie_break
        if isinstance(step, tuple) and step[0] == "criterion"
    }

    published = publish(
        scheme,
        sheet.units,
        folded.base,
        folded.group_scores[order],
        criterion_bases,
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
    flags += [Flag(f"tier {name!r}", note) for name, note in published.notes]
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
        group_scores=folded.group_scores[order],
        coverage=coverage,
        trimmed=folded.dropped,
        flags=(*flags, *_flags(absent, folded.base, aligned)),
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


def _apply_recusals(
    scores: FloatArray,
    recused: BoolArray,
    scheme: Scheme,
    units: tuple[str, ...],
    flags: list[Flag],
    where: str,
) -> FloatArray:
    """Recused raters are absent: a score they handed in is an error or dropped."""
    if not recused.any():
        return scores
    handed_in = np.argwhere(recused & ~np.isnan(scores))
    if handed_in.size and scheme.recused_scores == "error":
        r, u = handed_in[0]
        message = (
            f"{where}: rater {scheme.rater_names[r]!r} is recused from unit {units[u]!r} "
            f"but scored it ({len(handed_in)} such scores); delete those scores, or use "
            "recused_scores='drop'."
        )
        raise ScoreError(message)
    flags += [
        Flag(
            scheme.rater_names[r],
            f"score for unit {units[u]!r} dropped: the rater is recused from it",
        )
        for r, u in handed_in
    ]
    return np.where(recused, np.nan, scores)


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


def _align(sheet: ScoreSheet, scheme: Scheme) -> FloatArray:
    """The sheet's values in the scheme's rater and criterion order (a view when it already is)."""
    raters, criteria = scheme.rater_names, scheme.criterion_names
    for kind, given, known in (
        ("rater", sheet.raters, raters),
        ("criterion", sheet.criteria, criteria),
    ):
        unknown = [name for name in given if name not in known]
        if unknown:
            message = f"{sheet.origin or 'score sheet'}: {kind} {unknown[0]!r} is not in the scheme{did_you_mean(unknown[0], known)}"
            raise ScoreError(message)
    if sheet.raters == raters and sheet.criteria == criteria:
        return sheet.values
    rater_at = {name: i for i, name in enumerate(raters)}
    criterion_at = {name: i for i, name in enumerate(criteria)}
    aligned = np.full((len(raters), len(sheet.units), len(criteria)), np.nan)
    rows = np.array([rater_at[name] for name in sheet.raters], dtype=np.intp)
    columns = np.array([criterion_at[name] for name in sheet.criteria], dtype=np.intp)
    aligned[np.ix_(rows, np.arange(len(sheet.units)), columns)] = sheet.values
    aligned.flags.writeable = False
    return aligned


def _reject_outside(values: FloatArray, units: tuple[str, ...], scheme: Scheme, where: str) -> None:
    for c, criterion in enumerate(scheme.leaf_criteria):
        start, end = criterion.scale
        column = values[:, :, c]
        found = np.argwhere((column < start) | (column > end))
        if found.size == 0:
            continue
        r, u = found[0]
        message = (
            f"{where}: score {column[r, u]:g} for rater {scheme.rater_names[r]!r}, unit "
            f"{units[u]!r}, criterion {criterion.name!r} is outside its scale {start:g}..{end:g}."
        )
        raise ScoreError(message)


def _check_complete(
    values: FloatArray,
    present_weight: FloatArray,
    total: float,
    recused: BoolArray,
    units: tuple[str, ...],
    scheme: Scheme,
    where: str,
) -> None:
    incomplete = np.argwhere((present_weight < total * (1 - 1e-12)) & ~recused)
    if incomplete.size == 0:
        return
    r, u = incomplete[0]
    c = int(np.flatnonzero(np.isnan(values[r, u]))[0])
    message = (
        f"{where}: the score of rater {scheme.rater_names[r]!r} for unit {units[u]!r}, "
        f"criterion {scheme.criterion_names[c]!r} is missing, and the scheme has "
        f"missing='error' ({len(incomplete)} rater-unit pairs lack a score); score it, or use "
        "missing='renormalize'."
    )
    raise ScoreError(message)


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
