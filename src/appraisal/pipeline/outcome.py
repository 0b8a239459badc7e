"""The result of a sheet that passed the check: publication, and the result object."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from appraisal._typing import BoolArray, FloatArray, seal
from appraisal._version import __version__
from appraisal.model.events import Adjustment, Veto
from appraisal.model.scheme import Scheme
from appraisal.model.sheet import ScoreSheet
from appraisal.pipeline.plan import Plan
from appraisal.pipeline.publication import last_ranks, publish
from appraisal.pipeline.rater_side import rater_side
from appraisal.result.appraisal import Appraisal
from appraisal.result.flags import Flag

if TYPE_CHECKING:
    from appraisal.pipeline.check import Inspection

__all__ = ["outcome", "summary", "tie_break_bases"]


def outcome(
    found: Inspection,
    scheme: Scheme,
    *,
    adjustments: Sequence[Adjustment],
    vetoes: Sequence[Veto],
    previous: Appraisal | Mapping[str, float] | None,
) -> Appraisal:
    """The appraisal of a sheet whose inspection found no problem; it warns of nothing."""
    ranks = last_ranks(previous)
    sheet, plan, values, scores, folded = (
        found.sheet,
        found.plan,
        found.values,
        found.scores,
        found.folded,
    )
    group_scores = folded.group_scores[plan.tree_order]
    published = publish(
        scheme,
        sheet.units,
        folded.base,
        group_scores,
        tie_break_bases(values, plan),
        adjustments=adjustments,
        vetoes=vetoes,
        previous=ranks,
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
            ordered=sheet.ordered,
        )
    )
    flags = [
        *(Flag(where, note) for where, note in scheme.weight_notes),
        *found.flags,
        *(Flag(f"tier {name!r}", note) for name, note in published.notes),
    ]
    for owned in (folded.base, scores, folded.influence, folded.dropped):
        seal(owned)  # the result takes these over without a copy
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
        previous_ranks=ranks,
    )


def tie_break_bases(values: FloatArray, plan: Plan) -> dict[str, FloatArray]:
    """The base scores the scheme gives on each tie-break criterion alone."""
    return {
        name: rater_side(plan.criterion_scores(values, name), plan)[1].base
        for name in plan.tie_criteria
    }


def summary(flags: Sequence[Flag]) -> str:
    """The one warning of an appraisal: how many flags, and each of them.

    Examples
    --------
    >>> print(summary([Flag("x", "not scored: no rater scored this unit")]))
    1 flag qualifies the published result (see .flags):
      x: not scored: no rater scored this unit
    """
    head = f"{len(flags)} flag{'s qualify' if len(flags) > 1 else ' qualifies'} the published result (see .flags):"
    return "\n".join([head, *(f"  {flag.subject}: {flag.reason}" for flag in flags)])


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
