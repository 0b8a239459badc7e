"""The rater-side steps: standardise, fold the rater tree, align the top-level groups.

Shared by :func:`~appraisal.appraise` and the leave-one-rater-out analysis, which re-runs
only these steps.
"""

from __future__ import annotations

import numpy as np

from appraisal import core
from appraisal._typing import FloatArray
from appraisal.model.raters import RaterGroup, member_name
from appraisal.pipeline.plan import Plan
from appraisal.result.flags import Flag

__all__ = ["rater_side"]


def rater_side(scores: FloatArray, plan: Plan) -> tuple[FloatArray, core.Fold, tuple[Flag, ...]]:
    """Standardise, fold the rater tree, and align the top-level groups (refolding).

    Parameters
    ----------
    scores : ndarray of float64, shape (n_raters, n_units)
        The criteria pass's rater scores, recused pairs absent (NaN).
    plan : Plan

    Returns
    -------
    scores : ndarray of float64, shape (n_raters, n_units)
        The scores as they enter the fold (after standardisation and alignment).
    fold : core.Fold
    flags : tuple of Flag
        Raters kept unstandardised or with standardised scores clipped to the scheme's
        scale (the clipped score is what enters the fold), groups kept unaligned.
    """
    flags: list[Flag] = []
    if plan.scheme.standardize != "none":
        scores, kept = _standardize(scores, plan)
        flags += kept
    folded = core.fold(scores, plan.specs, root=plan.root)
    if plan.scheme.align_groups:
        scores, kept = _align_groups(scores, folded, plan)
        flags += kept
        folded = core.fold(scores, plan.specs, root=plan.root)
    return scores, folded, tuple(flags)


def _standardize(scores: FloatArray, plan: Plan) -> tuple[FloatArray, list[Flag]]:
    scheme = plan.scheme
    low, high = scheme.scale
    out = core.standardize(scores, scheme.standardize, low=low, high=high)
    counts = np.count_nonzero(~np.isnan(scores), axis=1)
    flags = [
        Flag(
            scheme.rater_names[r],
            "kept unstandardised: scored fewer than two units"
            if counts[r] < 2
            else "kept unstandardised: gave every unit the same score",
        )
        for r in np.flatnonzero(out.kept)
    ]
    clipped = (out.scores < low) | (out.scores > high)
    flags += [
        Flag(
            scheme.rater_names[r],
            f"standardised scores clipped to the scale {low:g}..{high:g} for {n} unit{'s' if n > 1 else ''}",
        )
        for r, n in enumerate(clipped.sum(axis=1).tolist())
        if n
    ]
    kept: FloatArray = np.clip(out.scores, low, high) if clipped.any() else out.scores
    return kept, flags


def _align_groups(
    scores: FloatArray, folded: core.Fold, plan: Plan
) -> tuple[FloatArray, list[Flag]]:
    """Rater scores under each top-level group's z-map, so the refold gives aligned groups."""
    scheme = plan.scheme
    top = scheme.raters.members
    rater_at = {name: r for r, name in enumerate(scheme.rater_names)}
    position = {g.name: i for i, g in enumerate(scheme.groups)}
    group_scores = folded.group_scores[plan.tree_order]
    rows = np.array(
        [
            group_scores[position[m.name]] if isinstance(m, RaterGroup) else scores[rater_at[m]]
            for m in top
        ]
    )
    offset, slope, kept = core.z_maps(rows)
    flags = [
        Flag(member_name(top[g]), "kept unaligned: fewer than two units scored, or no spread")
        for g in np.flatnonzero(kept)
    ]
    below = np.empty(len(rater_at), dtype=np.intp)
    for g, member in enumerate(top):  # a few top-level members
        names = member.rater_names() if isinstance(member, RaterGroup) else (member,)
        below[[rater_at[n] for n in names]] = g
    aligned: FloatArray = offset[below, None] + slope[below, None] * scores
    return aligned, flags
