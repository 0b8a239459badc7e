"""Rater impact: what the published result would be without each rater (leave one rater out)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from attrs import field, frozen

from appraisal import core
from appraisal._typing import FloatArray, array_equal, as_tuple, float_array
from appraisal.pipeline.check import event_problems
from appraisal.pipeline.plan import Plan, plan
from appraisal.pipeline.publication import last_ranks, publish
from appraisal.pipeline.rater_side import rater_side

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["LeaveOneOut", "leave_one_out"]


_ARRAY_EQ = attrs.cmp_using(eq=array_equal)


def _tier_rows(rows: Any) -> tuple[tuple[str | None, ...], ...]:
    return tuple(tuple(row) for row in rows)


@frozen
class LeaveOneOut:
    """The published result without each rater in turn, beside the full one.

    Attributes
    ----------
    raters, units : tuple of str
    base, score, rank : ndarray of float64, shape (n_raters, n_units)
        Row ``r``: the base score, published score and rank (within category) of every
        unit when rater ``r``'s scores are deleted; the scheme is unchanged, so quorums
        and trimming apply as usual.
    tiers : tuple of tuple of str or None
        Row ``r``: every unit's tier without rater ``r``.
    full_rank : ndarray of float64, shape (n_units,)
    full_tiers : tuple of str or None
    method : {"down-date", "re-run"}
        How the base scores without each rater were found: by taking each rater's
        score out of its ancestors' weighted sums (every group a weighted mean, no
        standardisation or alignment), or by re-running the rater side.
    """

    raters: tuple[str, ...]
    units: tuple[str, ...]
    base: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    score: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    rank: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    tiers: tuple[tuple[str | None, ...], ...] = field(converter=_tier_rows, repr=False)
    full_rank: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    full_tiers: tuple[str | None, ...] = field(converter=as_tuple, repr=False)
    method: str = "re-run"

    @property
    def rank_change(self) -> FloatArray:
        """(n_raters, n_units): rank without the rater minus rank with it (positive: the unit falls)."""
        change: FloatArray = self.rank - self.full_rank
        return change

    def table(self) -> list[dict[str, Any]]:
        """Per rater: the largest rank change it causes, the units that move most, the tier changes."""
        change = np.abs(np.nan_to_num(self.rank_change))
        rows = []
        for r, rater in enumerate(self.raters):
            largest = float(change[r].max()) if change.shape[1] else 0.0
            moved = (
                [self.units[u] for u in np.flatnonzero(change[r] == largest)] if largest > 0 else []
            )
            tier_changes = [
                (unit, before, after)
                for unit, before, after in zip(
                    self.units, self.full_tiers, self.tiers[r], strict=True
                )
                if before != after
            ]
            rows.append(
                {
                    "rater": rater,
                    "largest_rank_change": largest,
                    "units": moved,
                    "tier_changes": tier_changes,
                }
            )
        return rows


def leave_one_out(result: Appraisal, *, previous: Appraisal | None = None) -> LeaveOneOut:
    """The published result without each rater, computed from what the appraisal holds.

    Where every group takes the weighted mean and there is no standardisation or
    alignment, the base scores come from down-dating the tree (each rater's score taken
    out of its ancestors' sums), for all raters at once. Otherwise the rater-side steps
    (standardisation, the fold, alignment) re-run without each rater; the criteria pass
    is not repeated. Adjustments, vetoes, categories, tie-breaks and tiers then apply as
    in the full appraisal. Equal to re-running :func:`~appraisal.appraise` with the
    rater's scores deleted and ``missing_groups="renormalize"``: a top-level group left
    without its only rater for a unit is renormalised away, as an analysis of what the
    rater decides must (the published result itself follows the scheme's policy).

    Parameters
    ----------
    result : Appraisal
    previous : Appraisal, optional
        For a ``"previous_rank"`` tie-break; by default the ranks the result recorded.

    Examples
    --------
    >>> import appraisal as ap
    >>> sheet = ap.ScoreSheet.from_records([("A", "x", "score", 90), ("A", "y", "score", 70),
    ...                                     ("B", "x", "score", 60), ("B", "y", "score", 80)])
    >>> out = leave_one_out(ap.appraise(sheet, ap.Scheme(["A", "B"])))
    >>> out.rank
    array([[2., 1.],
           [1., 2.]])
    """
    return rerun_without_each(result, plan(result.scheme, result.units), previous=previous)


def rerun_without_each(
    result: Appraisal, the_plan: Plan, *, previous: Appraisal | None = None
) -> LeaveOneOut:
    """:func:`leave_one_out` on a plan already built for the result."""
    last = result.previous_ranks if previous is None else last_ranks(previous)
    found = event_problems(result.scheme, result.units, (), (), last)
    if found:
        raise found[0].error()
    scheme, units = result.scheme, result.units
    n_raters = len(result.raters)
    values = result.sheet.values
    if the_plan.mean_tree:
        method = "down-date"
        left = core.leave_one_out(result.rater_scores, the_plan.specs, root=the_plan.root)
        bases, groups = left.base, left.group_scores[:, the_plan.tree_order]
    else:
        method = "re-run"
        passed = the_plan.rater_scores(values).scores
        raw = np.where(the_plan.recused, np.nan, passed)
        folds = [rater_side(_without(raw, r), the_plan)[1] for r in range(n_raters)]
        bases = np.array([f.base for f in folds])
        groups = np.array([f.group_scores[the_plan.tree_order] for f in folds])

    categories = {u: c for u, c in zip(units, result.categories, strict=True) if c is not None}
    by_criterion = {name: the_plan.criterion_scores(values, name) for name in the_plan.tie_criteria}
    scores, ranks, tiers = [], [], []
    for r in range(n_raters):  # publishing is vectorised over units; this loop runs once per rater
        alone = {
            name: rater_side(_without(mapped, r), the_plan)[1].base
            for name, mapped in by_criterion.items()
        }
        published = publish(
            scheme,
            units,
            bases[r],
            groups[r],
            alone,
            adjustments=result.adjustments,
            vetoes=result.vetoes,
            previous=last,
            categories=categories,
            records=False,
        )
        scores.append(published.score)
        ranks.append(published.rank)
        tiers.append(published.tiers)
    return LeaveOneOut(
        raters=result.raters,
        units=units,
        base=bases,
        score=np.array(scores),
        rank=np.array(ranks),
        tiers=tiers,
        full_rank=result.rank,
        full_tiers=result.tiers,
        method=method,
    )


def _without(scores: FloatArray, r: int) -> FloatArray:
    out = scores.copy()
    out[r] = np.nan
    return out
