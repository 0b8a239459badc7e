"""From base scores to what is published: adjustments, rounding, places, vetoes and tiers."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import numpy.typing as npt

from appraisal import core
from appraisal._typing import BoolArray, FloatArray
from appraisal.errors import InputError
from appraisal.model.events import Adjustment, Veto
from appraisal.model.scheme import Scheme
from appraisal.pipeline.problems import tier_limits

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal


class Publication(NamedTuple):
    """Everything the publication step adds to the base scores."""

    score: FloatArray
    rank: FloatArray
    overall_rank: FloatArray | None
    categories: tuple[str | None, ...]
    tiers: tuple[str | None, ...]
    bonus: FloatArray
    deduction: FloatArray
    adjustments: tuple[Adjustment, ...]
    vetoes: tuple[Veto, ...]
    tie_pairs: npt.NDArray[np.intp]
    quota_boundary: tuple[str, ...]
    notes: tuple[tuple[str, str], ...]


def publish(
    scheme: Scheme,
    units: tuple[str, ...],
    base: FloatArray,
    group_scores: FloatArray,
    criterion_bases: dict[str, FloatArray],
    *,
    adjustments: Sequence[Adjustment],
    vetoes: Sequence[Veto],
    previous: Mapping[str, float] | None,
    categories: dict[str, str],
    records: bool = True,
) -> Publication:
    """Apply DESIGN steps 5-7 to base scores that the rater tree produced.

    `criterion_bases` holds, for each criterion a tie-break step names, the base scores
    the scheme gives on that criterion alone. Without `records` no tie-break records
    are made (what-if analyses need only the places). The arguments were checked
    (:func:`~appraisal.pipeline.check.inspect`).

    Examples
    --------
    Two units tie once rounded half-up as printed; competition ranking gives both
    place 2, and a head-count quota of one leaves them out of the top tier:

    >>> from appraisal import Scheme, Tier
    >>> scheme = Scheme(["A"], tiers=[Tier("top", count=1), Tier("rest")])
    >>> out = publish(scheme, ("x", "y", "z"), np.array([80.125, 90.0, 80.1251]),
    ...               np.zeros((1, 3)), {}, adjustments=(), vetoes=(), previous=None,
    ...               categories={})
    >>> out.score, out.rank, out.tiers
    (array([80.13, 90.  , 80.13]), array([2., 1., 2.]), ('rest', 'top', 'rest'))
    """
    unit_at = {name: u for u, name in enumerate(units)} if adjustments or vetoes else {}
    kept = applied_adjustments(adjustments)
    bonus, deduction = (
        _points(kept, unit_at, scheme, "bonus", len(units)),
        _points(kept, unit_at, scheme, "deduction", len(units)),
    )
    published = _round(base + bonus - deduction, scheme.decimals)
    vetoed_units = applied_vetoes(vetoes, unit_at)
    vetoed = np.zeros(len(units), dtype=bool)
    vetoed[[unit_at[v.unit] for v in vetoed_units]] = True

    labels = _categories(categories, units)
    names, codes = category_codes(labels)

    ranked_score = np.where(vetoed, np.nan, published) if scheme.veto == "exclude" else published
    keys = [ranked_score]
    score_key = 0
    if scheme.veto == "rank_last":
        keys.insert(0, (~vetoed).astype(np.float64))
        score_key = 1
    keys += _cascade(scheme, units, group_scores, criterion_bases, previous)
    stacked = np.array(keys)
    place = core.standing(stacked, codes, score_key=score_key, ties=scheme.ties)
    overall = None
    if scheme.overall_rank:
        overall = core.standing(
            stacked, np.zeros_like(codes), score_key=score_key, ties=scheme.ties
        ).rank

    pairs = np.flatnonzero(place.decided_by >= 0) if records else np.zeros(0, dtype=np.intp)
    tie_pairs = np.stack(
        [place.order[pairs], place.order[pairs + 1], place.decided_by[pairs]], axis=1
    )
    tiers, boundary, notes = _tiers(scheme, place, codes, names, published, vetoed, units)
    return Publication(
        score=published,
        rank=place.rank,
        overall_rank=overall,
        categories=labels,
        tiers=tiers,
        bonus=bonus,
        deduction=deduction,
        adjustments=kept,
        vetoes=vetoed_units,
        tie_pairs=tie_pairs,
        quota_boundary=tuple(units[u] for u in np.flatnonzero(boundary)),
        notes=notes,
    )


def category_codes(labels: tuple[str | None, ...]) -> tuple[list[str], npt.NDArray[np.intp]]:
    """Sorted category names and each unit's code (all 0 without categories)."""
    if not labels or labels[0] is None:
        return [], np.zeros(len(labels), dtype=np.intp)
    names, codes = np.unique(np.array(labels), return_inverse=True)
    return names.tolist(), codes.astype(np.intp)


def _round(values: FloatArray, decimals: int | None) -> FloatArray:
    return values if decimals is None else core.round_half_up(values, decimals)


def applied_adjustments(adjustments: Sequence[Adjustment]) -> tuple[Adjustment, ...]:
    """Each evidence id once (the check made sure that a repeated id repeats the same event)."""
    seen: set[str] = set()
    kept = []
    for item in adjustments:
        if item.evidence is None or item.evidence not in seen:
            kept.append(item)
        if item.evidence is not None:
            seen.add(item.evidence)
    return tuple(kept)


def _points(
    kept: tuple[Adjustment, ...], unit_at: dict[str, int], scheme: Scheme, kind: str, n_units: int
) -> FloatArray:
    chosen = [a for a in kept if a.kind == kind]
    total = np.bincount(
        np.array([unit_at[a.unit] for a in chosen], dtype=np.intp),
        weights=np.array([a.points for a in chosen], dtype=np.float64),
        minlength=n_units,
    )
    cap = scheme.caps.get(kind)
    capped: FloatArray = total.astype(np.float64) if cap is None else np.minimum(total, cap)
    return capped


def applied_vetoes(vetoes: Sequence[Veto], unit_at: dict[str, int]) -> tuple[Veto, ...]:
    """A unit vetoed twice is vetoed once, with its reasons joined."""
    reasons: dict[str, list[str]] = {}
    for item in vetoes:
        listed = reasons.setdefault(item.unit, [])
        if item.reason not in listed:
            listed.append(item.reason)
    return tuple(
        Veto(unit, "; ".join(r))
        for unit, r in sorted(reasons.items(), key=lambda kv: unit_at[kv[0]])
    )


def _categories(categories: dict[str, str], units: tuple[str, ...]) -> tuple[str | None, ...]:
    if not categories:
        return (None,) * len(units)
    return tuple(categories[u] for u in units)


def _cascade(
    scheme: Scheme,
    units: tuple[str, ...],
    group_scores: FloatArray,
    criterion_bases: dict[str, FloatArray],
    previous: Mapping[str, float] | None,
) -> list[FloatArray]:
    """One key per tie-break step, larger is better, at the published precision."""
    keys = []
    group_at = {g.name: i for i, g in enumerate(scheme.groups)}
    for step in scheme.tie_break:
        if step == "previous_rank":
            last = previous or {}  # the check made sure a previous result was given
            keys.append(-np.array([last.get(u, np.nan) for u in units]))
        elif step[0] == "group":
            keys.append(_round(group_scores[group_at[step[1]]], scheme.decimals))
        else:
            keys.append(_round(criterion_bases[step[1]], scheme.decimals))
    return keys


def _tiers(
    scheme: Scheme,
    place: core.Standing,
    codes: npt.NDArray[np.intp],
    names: list[str],
    published: FloatArray,
    vetoed: BoolArray,
    units: tuple[str, ...],
) -> tuple[tuple[str | None, ...], BoolArray, tuple[tuple[str, str], ...]]:
    if not scheme.tiers:
        return (None,) * len(units), np.zeros(len(units), dtype=bool), ()
    sizes = np.bincount(codes, minlength=max(len(names), 1))
    limits, _ = tier_limits(scheme, sizes.tolist(), names)
    capacity = np.array(limits, dtype=np.intp)
    minimum = np.array([-np.inf if t.min_score is None else t.min_score for t in scheme.tiers])
    scored = ~np.isnan(published)
    placed, boundary, exceeded = core.tiers(
        place.order,
        place.block,
        codes,
        published,
        scored & ~vetoed,
        minimum,
        capacity,
        include_ties=scheme.quota_ties == "include",
    )
    if scheme.veto != "exclude":
        placed[vetoed & scored] = len(scheme.tiers) - 1

    def where(c: int) -> str:
        return f"category {names[c]!r}" if names else "the appraisal"

    quota = np.array([tier.share is not None or tier.count is not None for tier in scheme.tiers])
    notes = tuple(
        (
            scheme.tiers[t].name,
            f"quota exceeded in {where(c)}: a tied block straddled it and entered whole",
        )
        for c, t in np.argwhere(exceeded).tolist()
    ) + tuple(
        (
            scheme.tiers[t].name,
            f"its quota gives {where(c)} no unit ({sizes[c]} units)",
        )
        for c, t in np.argwhere((capacity == 0) & quota & (sizes[:, None] > 0)).tolist()
    )
    return tuple(scheme.tiers[t].name if t >= 0 else None for t in placed.tolist()), boundary, notes


def last_ranks(previous: Appraisal | Mapping[str, float] | None) -> dict[str, float] | None:
    """Last year's rank of each unit, from a previous result or a mapping of unit to rank.

    Raises
    ------
    InputError
        A mapping whose keys are not unit names or whose ranks are not numbers >= 1.
    """
    if previous is None:
        return None
    if not isinstance(previous, Mapping):
        return dict(zip(previous.units, previous.rank.tolist(), strict=True))
    ranks = {}
    for unit, rank in previous.items():
        number = rank if isinstance(rank, int | float) and not isinstance(rank, bool) else None
        if not isinstance(unit, str) or number is None or not (number >= 1 or math.isnan(number)):
            message = f"previous: a mapping of unit name to last year's rank (a number >= 1, NaN for none); got {unit!r}: {rank!r}."
            raise InputError(message)
        ranks[unit] = float(number)
    return ranks
