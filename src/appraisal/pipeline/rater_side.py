"""The rater tree as the kernels see it, and the rater-side steps run on it.

Shared by :func:`~appraisal.pipeline.appraise` and the leave-one-rater-out analysis, which re-runs
only these steps.
"""

from __future__ import annotations

import numpy as np

from appraisal import core
from appraisal._text import did_you_mean
from appraisal._typing import BoolArray, FloatArray
from appraisal.core.fold import GroupSpec
from appraisal.errors import ScoreError
from appraisal.model.scheme import RaterGroup, Scheme, Trimmed
from appraisal.result.flags import Flag


def rater_side(
    scores: FloatArray, scheme: Scheme, units: tuple[str, ...], flags: list[Flag]
) -> tuple[FloatArray, core.Fold]:
    """Standardise, fold the rater tree, and align the top-level groups (refolding)."""
    if scheme.standardize != "none":
        scores = _standardize(scores, scheme, units, flags)
    specs = group_specs(scheme)
    root = len(specs) - 1
    folded = core.fold(scores, specs, root=root)
    if scheme.align_groups:
        scores = _align_groups(scores, folded, scheme, flags)
        folded = core.fold(scores, specs, root=root)
    return scores, folded


def _standardize(
    scores: FloatArray, scheme: Scheme, units: tuple[str, ...], flags: list[Flag]
) -> FloatArray:
    if len(units) < 2:
        message = (
            f"Scheme: standardize={scheme.standardize!r} needs at least two units to compare a "
            f"rater's scores across; the score sheet has {len(units)}."
        )
        raise ScoreError(message)
    low, high = scheme.scale
    out = core.standardize(scores, scheme.standardize, low=low, high=high)
    counts = np.count_nonzero(~np.isnan(scores), axis=1)
    flags += [
        Flag(
            scheme.rater_names[r],
            "kept unstandardised: scored fewer than two units"
            if counts[r] < 2
            else "kept unstandardised: gave every unit the same score",
        )
        for r in np.flatnonzero(out.kept)
    ]
    return out.scores


def _align_groups(
    scores: FloatArray, folded: core.Fold, scheme: Scheme, flags: list[Flag]
) -> FloatArray:
    """Rater scores under each top-level group's z-map, so the refold gives aligned groups."""
    top = scheme.raters.members
    rater_at = {name: r for r, name in enumerate(scheme.rater_names)}
    position = {g.name: i for i, g in enumerate(scheme.groups)}
    group_scores = folded.group_scores[np.argsort(post_order(scheme.groups))]
    rows = np.array(
        [
            group_scores[position[m.name]] if isinstance(m, RaterGroup) else scores[rater_at[m]]
            for m in top
        ]
    )
    offset, slope, kept = core.z_maps(rows)
    flags += [
        Flag(_name(top[g]), "kept unaligned: fewer than two units scored, or no spread")
        for g in np.flatnonzero(kept)
    ]
    below = np.empty(len(rater_at), dtype=np.intp)
    for g, member in enumerate(top):
        names = member.rater_names() if isinstance(member, RaterGroup) else (member,)
        below[[rater_at[n] for n in names]] = g
    aligned: FloatArray = offset[below, None] + slope[below, None] * scores
    return aligned


def post_order(groups: tuple[RaterGroup, ...]) -> list[int]:
    """Indices into `groups` (tree order) listed members-first."""
    position = {group.name: i for i, group in enumerate(groups)}
    order: list[int] = []

    def visit(group: RaterGroup) -> None:
        for member in group.members:
            if isinstance(member, RaterGroup):
                visit(member)
        order.append(position[group.name])

    visit(groups[0])
    return order


def group_specs(scheme: Scheme) -> list[GroupSpec]:
    """The rater tree as the fold kernel sees it, in post-order (root last)."""
    order = post_order(scheme.groups)
    n_raters = len(scheme.rater_names)
    node = {name: i for i, name in enumerate(scheme.rater_names)}
    node.update({scheme.groups[g].name: n_raters + k for k, g in enumerate(order)})
    specs = []
    for g in order:
        group = scheme.groups[g]
        n = len(group.members)
        if group.rule == "mean":
            trim = None
        elif group.rule == "median":
            trim = np.maximum((np.arange(n + 1) - 1) // 2, 0)
        else:
            assert isinstance(group.rule, Trimmed)
            trim = group.rule.trim_counts(n)
        specs.append(
            GroupSpec(
                members=np.array([node[_name(m)] for m in group.members], dtype=np.intp),
                weights=np.array([group.member_weight(m) for m in group.members]),
                trim=trim,
                quorum=group.quorum,
            )
        )
    return specs


def _name(member: str | RaterGroup) -> str:
    return member.name if isinstance(member, RaterGroup) else member


def recusal_mask(scheme: Scheme, units: tuple[str, ...]) -> BoolArray:
    """(n_raters, n_units): where a rater is recused from a unit."""
    raters = scheme.rater_names
    recused = np.zeros((len(raters), len(units)), dtype=bool)
    unit_at = {name: u for u, name in enumerate(units)}
    for rater, names in scheme.recusals.items():
        for name in names:
            if name not in unit_at:
                message = f"Scheme: recusals[{rater!r}] names unit {name!r}, which is not in the score sheet{did_you_mean(name, units)}"
                raise ScoreError(message)
            recused[raters.index(rater), unit_at[name]] = True
    if scheme.self_recusal:
        both = [(r, unit_at[name]) for r, name in enumerate(raters) if name in unit_at]
        if both:
            recused[tuple(np.array(both).T)] = True
    return recused


def criterion_scores(
    values: FloatArray, scheme: Scheme, recused: BoolArray, name: str
) -> FloatArray:
    """Every rater's score on one criterion alone, on the scheme's scale; recused pairs absent.

    Folded, these give the base score the scheme would give on that criterion alone
    (the ``("criterion", name)`` tie-break step).
    """
    c = scheme.criterion_names.index(name)
    offsets, slopes = scheme.criterion_maps()
    scores: FloatArray = np.where(recused, np.nan, offsets[c] + slopes[c] * values[:, :, c])
    return scores
