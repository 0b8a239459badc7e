"""From base scores to what is published: adjustments, rounding, places, vetoes and tiers."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import numpy.typing as npt

from appraisal import core
from appraisal._text import did_you_mean
from appraisal._typing import BoolArray, FloatArray
from appraisal.errors import InputError, ScoreError
from appraisal.model.events import Adjustment, Veto
from appraisal.model.scheme import Scheme

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal


_ROUNDING = {"floor": ROUND_FLOOR, "half_up": ROUND_HALF_UP, "ceil": ROUND_CEILING}


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
    previous: Appraisal | None,
    categories: dict[str, str],
    records: bool = True,
) -> Publication:
    """Apply DESIGN steps 5-7 to base scores that the rater tree produced.

    `criterion_bases` holds, for each criterion a tie-break step names, the base scores
    the scheme gives on that criterion alone. Without `records` no tie-break records
    are made (what-if analyses need only the places).
    """
    unit_at = {name: u for u, name in enumerate(units)} if adjustments or vetoes else {}
    kept = _adjustments(adjustments, unit_at)
    bonus, deduction = (
        _points(kept, unit_at, scheme, "bonus", len(units)),
        _points(kept, unit_at, scheme, "deduction", len(units)),
    )
    published = _round(base + bonus - deduction, scheme.decimals)
    vetoed_units = _vetoes(vetoes, unit_at)
    vetoed = np.zeros(len(units), dtype=bool)
    vetoed[[unit_at[v.unit] for v in vetoed_units]] = True

    labels = _categories(categories, units)
    names, codes = _category_codes(labels)

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


def _category_codes(labels: tuple[str | None, ...]) -> tuple[list[str], npt.NDArray[np.intp]]:
    """Sorted category names and each unit's code (all 0 without categories)."""
    if not labels or labels[0] is None:
        return [], np.zeros(len(labels), dtype=np.intp)
    names, codes = np.unique(np.array(labels), return_inverse=True)
    return names.tolist(), codes.astype(np.intp)


def _round(values: FloatArray, decimals: int | None) -> FloatArray:
    return values if decimals is None else core.round_half_up(values, decimals)


def _unknown(kind: str, unit: str, known: dict[str, int]) -> InputError:
    return InputError(
        f"{kind} for unit {unit!r}: no such unit in the score sheet{did_you_mean(unit, known)}"
    )


def _adjustments(
    adjustments: Sequence[Adjustment], unit_at: dict[str, int]
) -> tuple[Adjustment, ...]:
    """Known units only; an evidence id counts once, and names one event."""
    kept: list[Adjustment] = []
    by_evidence: dict[str, Adjustment] = {}
    for item in adjustments:
        if not isinstance(item, Adjustment):
            message = f"adjustments must be Adjustment objects; got {item!r}."
            raise InputError(message)
        if item.unit not in unit_at:
            raise _unknown("Adjustment", item.unit, unit_at)
        if item.evidence is None:
            kept.append(item)
            continue
        first = by_evidence.setdefault(item.evidence, item)
        if first is item:
            kept.append(item)
        elif (first.unit, first.kind, first.points) != (item.unit, item.kind, item.points):
            message = (
                f"Adjustment evidence {item.evidence!r} is given twice with different content: "
                f"{first.kind} {first.points:g} for {first.unit!r} and {item.kind} {item.points:g} "
                f"for {item.unit!r}; the same evidence counts once."
            )
            raise InputError(message)
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


def _vetoes(vetoes: Sequence[Veto], unit_at: dict[str, int]) -> tuple[Veto, ...]:
    """Known units only; a unit vetoed twice is vetoed once, with its reasons joined."""
    reasons: dict[str, list[str]] = {}
    for item in vetoes:
        if not isinstance(item, Veto):
            message = f"vetoes must be Veto objects; got {item!r}."
            raise InputError(message)
        if item.unit not in unit_at:
            raise _unknown("Veto", item.unit, unit_at)
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
    lacking = [u for u in units if u not in categories]
    if lacking:
        message = (
            f"categories: unit {lacking[0]!r} has no category ({len(lacking)} units lack one); "
            "when categories are used every unit needs one."
        )
        raise ScoreError(message)
    return tuple(categories[u] for u in units)


def _cascade(
    scheme: Scheme,
    units: tuple[str, ...],
    group_scores: FloatArray,
    criterion_bases: dict[str, FloatArray],
    previous: Appraisal | None,
) -> list[FloatArray]:
    """One key per tie-break step, larger is better, at the published precision."""
    keys = []
    group_at = {g.name: i for i, g in enumerate(scheme.groups)}
    for step in scheme.tie_break:
        if step == "previous_rank":
            if previous is None:
                message = "Scheme: tie_break uses 'previous_rank', but no previous appraisal was given; pass previous= to appraise."
                raise InputError(message)
            last = dict(zip(previous.units, previous.rank.tolist(), strict=True))
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
    n_categories = max(len(names), 1)
    sizes = np.bincount(codes, minlength=n_categories)
    capacity = np.empty((n_categories, len(scheme.tiers)), dtype=np.intp)
    for t, tier in enumerate(scheme.tiers):
        for c in range(n_categories):
            limit = int(sizes[c])
            if tier.count is not None:
                if tier.count > sizes[c]:
                    label = f"category {names[c]!r}" if names else "the appraisal"
                    message = f"Scheme: tier {tier.name!r} has count {tier.count}, more than the {sizes[c]} units of {label}."
                    raise ScoreError(message)
                limit = min(limit, tier.count)
            if tier.share is not None:
                head = (Decimal(repr(tier.share)) * int(sizes[c])).quantize(
                    Decimal(1), rounding=_ROUNDING[scheme.quota_rounding]
                )
                limit = min(limit, int(head))
            capacity[c, t] = limit
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
    notes = tuple(
        (
            scheme.tiers[t].name,
            f"quota exceeded in {('category ' + repr(names[c])) if names else 'the appraisal'}: a tied block straddled it and entered whole",
        )
        for c, t in np.argwhere(exceeded).tolist()
    )
    return tuple(scheme.tiers[t].name if t >= 0 else None for t in placed.tolist()), boundary, notes
