"""Base scores with the raters resampled: which rater fills each seat, and the refold.

A replicate gives every rater *seat* a source rater: the seat's own (kept), another
member of the same group (a bootstrap draw), or none (-1: left out). Under weighted
means a replicate is the appraisal with member weights multiplied by how often each
rater was drawn (the scores of one drawn never deleted), computed for many replicates at
once by matrix products up the tree; under a median or trimmed mean a rater drawn twice
counts as two equal scores, and the tree is refolded over seats, replicates side by side.
"""

from __future__ import annotations

from typing import NamedTuple

import attrs
import numpy as np

from appraisal import core
from appraisal._typing import FloatArray, IntArray
from appraisal.model.raters import RaterGroup
from appraisal.pipeline.rater_side import rater_side
from appraisal.robustness.setting import Setting

__all__ = ["Replicates", "bootstrap_seats", "evaluation", "jackknife_seats", "replicate"]

_SEATS_PER_FOLD = 8_000_000
"""Seat scores refolded at once (replicates × raters × units), to bound memory."""


class Replicates(NamedTuple):
    """Base and group scores of replicates."""

    base: FloatArray
    """(m, n_units)."""
    group_scores: FloatArray
    """(m, n_groups, n_units), root first in tree order."""
    method: str
    """``"linear"``, ``"refold"`` or ``"re-run"``."""


def strata(found: Setting) -> list[IntArray]:
    """The raters of each group below the root that holds raters directly (positions)."""
    result = found.result
    return [
        np.array([result.raters.index(m) for m in group.members if not isinstance(m, RaterGroup)])
        for group in result.scheme.groups[1:]
        if any(not isinstance(m, RaterGroup) for m in group.members)
    ]


def bootstrap_seats(found: Setting, rng: np.random.Generator, size: int) -> IntArray:
    """(size, n_raters): each seat's source, drawn with replacement within its group."""
    seats = np.broadcast_to(np.arange(len(found.result.raters)), (size, len(found.result.raters)))
    seats = seats.copy()
    for members in strata(found):  # a few groups
        seats[:, members] = members[rng.integers(0, len(members), (size, len(members)))]
    return seats


def jackknife_seats(n_raters: int, left_out: IntArray) -> IntArray:
    """(len(left_out), n_raters): every seat kept except the one rater left out in each row."""
    seats = np.broadcast_to(np.arange(n_raters), (len(left_out), n_raters)).copy()
    seats[np.arange(len(left_out)), left_out] = -1
    return seats


def replicate(found: Setting, seats: IntArray) -> Replicates:
    """Base and group scores of the replicates that `seats` define."""
    how = evaluation(found)
    if how == "re-run":
        return _rerun(found, seats)
    return _linear(found, seats) if how == "linear" else _refold(found, seats)


def evaluation(found: Setting) -> str:
    """How replicates are computed: ``"linear"``, ``"refold"`` or ``"re-run"``."""
    if found.plan.scheme.align_groups:
        return "re-run"
    return "linear" if all(spec.trim is None for spec in found.plan.specs) else "refold"


def _linear(found: Setting, seats: IntArray) -> Replicates:
    """Weighted means with member weights times draw counts, up the tree by matrix products."""
    result, the_plan = found.result, found.plan
    n_raters = result.rater_scores.shape[0]
    m = len(seats)
    counts = np.zeros((m, n_raters))
    rows = np.broadcast_to(np.arange(m)[:, None], seats.shape)
    np.add.at(counts, (rows[seats >= 0], seats[seats >= 0]), 1.0)
    scores = result.rater_scores
    present = (~np.isnan(scores)).astype(np.float64)
    filled = np.nan_to_num(scores)
    nodes: list[FloatArray] = []
    for spec in the_plan.specs:  # groups, members first
        is_rater = spec.members < n_raters
        raters = spec.members[is_rater]
        weight = counts[:, raters] * spec.weights[is_rater]
        total = weight @ filled[raters]
        mass = weight @ present[raters]
        seen = (counts[:, raters] > 0) @ present[raters]
        for node, w in zip(spec.members[~is_rater], spec.weights[~is_rater], strict=True):
            member = nodes[node - n_raters]
            there = ~np.isnan(member)
            total += w * np.where(there, member, 0.0)
            mass += w * there
            seen += there
        with np.errstate(invalid="ignore", divide="ignore"):
            score = total / mass
        score[(seen < max(spec.quorum, 1)) | (mass <= 0)] = np.nan
        nodes.append(score)
    groups = np.stack(nodes, axis=1)[:, the_plan.tree_order]
    return Replicates(groups[:, 0], groups, "linear")


def _refold(found: Setting, seats: IntArray) -> Replicates:
    """The tree refolded over seats, replicates side by side along the units (in chunks)."""
    result, the_plan = found.result, found.plan
    n_raters, n = result.rater_scores.shape
    source = np.vstack([result.rater_scores, np.full((1, n), np.nan)])  # row -1: left out
    weight_of = _seat_weights(found)
    step = max(1, _SEATS_PER_FOLD // max(n_raters * n, 1))
    bases, groups = [], []
    for start in range(0, len(seats), step):  # chunks of replicates
        part = seats[start : start + step]
        k = len(part)
        scores = source[part.T].reshape(n_raters, k * n)
        specs = [
            spec._replace(weights=np.repeat(_weights(spec, part, weight_of).T, n, axis=1))
            if spec.trim is None
            else spec
            for spec in the_plan.specs
        ]
        folded = core.fold(scores, specs, root=the_plan.root)
        bases.append(folded.base.reshape(k, n))
        groups.append(folded.group_scores[the_plan.tree_order].reshape(-1, k, n).transpose(1, 0, 2))
    return Replicates(np.concatenate(bases), np.concatenate(groups), "refold")


def _weights(spec: core.GroupSpec, seats: IntArray, weight_of: FloatArray) -> FloatArray:
    """(replicates, members): a mean group's member weights, each seat weighing as its source."""
    n_raters = len(weight_of)
    is_rater = spec.members < n_raters
    weights = np.tile(spec.weights, (len(seats), 1))
    source = seats[:, spec.members[is_rater]]
    weights[:, is_rater] = np.where(source >= 0, weight_of[source], 0.0)
    return weights


def _seat_weights(found: Setting) -> FloatArray:
    """Each rater's weight within its own group, as the fold reads it."""
    n_raters = len(found.result.raters)
    weight = np.ones(n_raters)
    for spec in found.plan.specs:
        is_rater = spec.members < n_raters
        weight[spec.members[is_rater]] = spec.weights[is_rater]
    return weight


def _rerun(found: Setting, seats: IntArray) -> Replicates:
    """Under aligned groups the z-maps follow each replicate's own scores: the rater side re-runs."""
    result, the_plan = found.result, found.plan
    values = result.sheet.values
    passed = the_plan.rater_scores(values).scores
    raw = np.vstack(
        [np.where(the_plan.recused, np.nan, passed), np.full((1, len(result.units)), np.nan)]
    )
    weight_of = _seat_weights(found)
    bases, groups = [], []
    for part in seats:  # one re-run per replicate: no closed form under alignment
        specs = tuple(
            spec._replace(weights=_weights(spec, part[None], weight_of)[0])
            if spec.trim is None
            else spec
            for spec in the_plan.specs
        )
        _, folded, _ = rater_side(raw[part], attrs.evolve(the_plan, specs=specs))
        bases.append(folded.base)
        groups.append(folded.group_scores[the_plan.tree_order])
    return Replicates(np.array(bases), np.array(groups), "re-run")
