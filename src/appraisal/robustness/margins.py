"""Margins: how many points each unit needs to move up a place or a tier, and how far it leads."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from attrs import field, frozen

from appraisal._typing import BoolArray, FloatArray, IntArray, array_equal, float_array
from appraisal.result.frames import Column, grid, to_frame
from appraisal.result.manifest import Manifest
from appraisal.robustness.display import fields_as_data, margins_html, margins_summary
from appraisal.robustness.setting import Setting, setting

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["Margins", "margins"]

_ARRAY_EQ = attrs.cmp_using(eq=array_equal)
_CELLS = 4_000_000
"""World cells (worlds × units) published at once."""


@frozen(repr=False)
class Margins:
    """What :func:`margins` returns; arrays aligned with :attr:`units` (and :attr:`groups`).

    Attributes
    ----------
    units, groups : tuple of str
    to_place : ndarray of float64, shape (n_units,)
        The smallest rise of the published score that gives the unit a smaller rank
        value (tie method and tie-break cascade as published); NaN for first place.
    to_tier : ndarray of float64, shape (n_units,)
        The smallest rise that puts the unit in a better tier; NaN in the top tier,
        without tiers, or for a vetoed unit.
    lead : ndarray of float64, shape (n_units,)
        The largest fall of the published score that keeps the rank; NaN for last place.
    by_group : ndarray of float64, shape (n_groups, n_units)
        The rise of one group's score alone that gives the place: ``to_place`` over the
        group's share in the unit (groups whose ancestors all take the weighted mean);
        NaN where the group has no share, ``inf`` where the rise would take the group's
        score beyond the scale.
    manifest : Manifest
        The result's manifest, with this analysis's options.
    """

    units: tuple[str, ...]
    groups: tuple[str, ...]
    to_place: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    to_tier: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    lead: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    by_group: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    manifest: Manifest = field(kw_only=True, repr=False)

    def __repr__(self) -> str:
        return f"<Margins: {margins_summary(self)}>"

    def _repr_html_(self) -> str:
        return margins_html(self)

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain data (arrays as nested lists, NaN as None), ready for JSON."""
        return fields_as_data(self)

    def to_frame(self, kind: str = "units", backend: str = "pandas") -> Any:
        """A pandas or polars DataFrame (see :mod:`appraisal.result.frames`).

        `kind`: ``"units"`` (unit, to_place, to_tier, lead) or ``"by_group"`` (group,
        unit, margin: :attr:`by_group` in long form).

        Examples
        --------
        >>> import appraisal as ap
        >>> sheet = ap.ScoreSheet.from_records([("A", "x", "score", 90), ("A", "y", "score", 85.5)])
        >>> margins(ap.appraise(sheet, ap.Scheme(["A"]))).to_frame()
          unit  to_place  to_tier  lead
        0    x       NaN      NaN   4.5
        1    y       4.5      NaN   NaN
        """
        kinds = {
            "units": lambda: {
                "unit": Column(self.units),
                "to_place": Column(self.to_place, "number"),
                "to_tier": Column(self.to_tier, "number"),
                "lead": Column(self.lead, "number"),
            },
            "by_group": lambda: grid(
                ("group", Column(self.groups)),
                ("unit", Column(self.units)),
                margin=Column(self.by_group, "number"),
            ),
        }
        return to_frame("Margins.to_frame", kind, backend, kinds)


def margins(result: Appraisal, *, previous: Appraisal | None = None) -> Margins:
    """What each unit needs to move up a place or a tier, and how far it leads the next.

    A rise is a bonus on the published score (as an :class:`~appraisal.Adjustment`
    without caps would give): with ``decimals`` set it is a multiple of the last
    printed digit, and adding one digit less does not suffice; with ``decimals=None``
    it is the least upper bound. Every candidate (tying or passing the next score up or
    down, crossing a tier's least score) is checked by publishing the world in which the
    unit alone moves, all units at once.

    Examples
    --------
    >>> import appraisal as ap
    >>> sheet = ap.ScoreSheet.from_records([("A", "x", "score", 90), ("A", "y", "score", 85.5),
    ...                                     ("A", "z", "score", 70)])
    >>> out = margins(ap.appraise(sheet, ap.Scheme(["A"])))
    >>> out.to_place, out.lead
    (array([ nan,  4.5, 15.5]), array([ 4.5, 15.5,  nan]))
    """
    found = setting(result, previous)
    score = result.score.copy()
    if result.scheme.veto == "exclude":
        score[found.vetoed] = np.nan
    step = 0.0 if result.scheme.decimals is None else 10.0**-result.scheme.decimals
    comparable = _comparable(found, score)
    above = _neighbour(score, comparable, up=True)
    below = _neighbour(score, comparable, up=False)
    up = np.stack([score + step, above, above + step], axis=1)
    down = np.stack([score - step, below, below - step], axis=1)
    if step == 0.0:
        up, down = up[:, 1:2], down[:, 1:2]
    rank = found.places(score[None], published=True).rank[0]
    first_up = _first_change(found, score, up, lambda r, u: r < rank[u])
    first_down = _first_change(found, score, down, lambda r, u: r > rank[u])
    to_place = first_up - score
    lead = score - first_down - step  # the last fall that keeps the place (step 0: the bound)
    vetoed = found.vetoed
    to_place[vetoed] = np.nan
    lead[vetoed] = np.nan
    return Margins(
        units=result.units,
        groups=result.groups,
        to_place=to_place,
        to_tier=_to_tier(found, score, step),
        lead=lead,
        by_group=_by_group(found, to_place),
        manifest=result.manifest.derived(options={"analysis": "margins"}),
    )


def _comparable(found: Setting, score: FloatArray) -> FloatArray:
    """A code per unit: units compete for places only with units of the same code."""
    lead = found.rules.lead if found.rules.lead is not None else np.zeros(len(score))
    code = found.rules.categories * 2 + lead.astype(np.intp)
    return np.where(np.isnan(score), -1, code).astype(np.float64)


def _neighbour(score: FloatArray, code: FloatArray, *, up: bool) -> FloatArray:
    """The nearest distinct score above (or below) each unit's among comparable units."""
    order = np.lexsort((score, code))
    s, c = score[order], code[order]
    start = np.r_[True, (s[1:] != s[:-1]) | (c[1:] != c[:-1])]
    level = np.cumsum(start) - 1
    value, level_code = s[start], c[start]
    if up:
        near, same = np.r_[value[1:], np.nan], np.r_[level_code[1:] == level_code[:-1], False]
    else:
        near, same = np.r_[np.nan, value[:-1]], np.r_[False, level_code[1:] == level_code[:-1]]
    out = np.empty(len(score))
    out[order] = np.where(same[level], near[level], np.nan)
    out[code < 0] = np.nan
    return out


def _first_change(
    found: Setting,
    score: FloatArray,
    targets: FloatArray,
    changed: Callable[[FloatArray, IntArray], BoolArray],
) -> FloatArray:
    """Per unit: the first of its candidate scores (in order) at which `changed` holds."""
    out = np.full(len(score), np.nan)
    for column in range(targets.shape[1]):  # a few candidates, all units at once
        units = np.flatnonzero(np.isnan(out) & ~np.isnan(targets[:, column]))
        if units.size:
            rank, _ = _moved(found, score, units, targets[units, column])
            hit = changed(rank, units)
            out[units[hit]] = targets[units[hit], column]
    return out


def _moved(
    found: Setting, score: FloatArray, units: IntArray, values: FloatArray
) -> tuple[FloatArray, IntArray]:
    """Each unit's rank and tier in the world where it alone has the given published score."""
    n = len(score)
    rank, tier = np.empty(len(units)), np.empty(len(units), dtype=np.intp)
    step = max(1, _CELLS // max(n, 1))
    for start in range(0, len(units), step):  # chunks of worlds
        part = units[start : start + step]
        rows = np.arange(len(part))
        worlds = np.broadcast_to(score, (len(part), n)).copy()
        worlds[rows, part] = values[start : start + step]
        placed = found.places(worlds, published=True)
        rank[start : start + step] = placed.rank[rows, part]
        tier[start : start + step] = placed.tier[rows, part]
    return rank, tier


def _to_tier(found: Setting, score: FloatArray, step: float) -> FloatArray:
    """The least rise to a better tier: a binary search over each unit's candidate scores.

    A unit's tier only improves as its score rises; it can change only where the score
    ties or passes another's, or reaches a tier's least score.
    """
    n = len(score)
    out = np.full(n, np.nan)
    min_scores = found.rules.min_scores
    if min_scores is None:
        return out
    tier = found.places(score[None], published=True).tier[0]
    asking = np.flatnonzero((tier > 0) & ~found.vetoed & ~np.isnan(score))
    if asking.size == 0:
        return out
    levels = np.unique(score[~np.isnan(score)])
    thresholds = min_scores[np.isfinite(min_scores)]
    if step > 0:
        thresholds = np.ceil(np.round(thresholds / step, 6)) * step
    pool = np.unique(np.r_[levels, levels + step, thresholds])
    # each asking unit searches the pool above its own score
    low = np.searchsorted(pool, score[asking], side="right")
    high = np.full(asking.size, len(pool))  # len(pool): no candidate improves
    while True:  # about log2(len(pool)) rounds, all units at once
        open_ = low < high
        if not open_.any():
            break
        mid = (low + high) // 2
        units = asking[open_]
        _, moved_tier = _moved(found, score, units, pool[mid[open_]])
        better = moved_tier < tier[units]
        high[open_] = np.where(better, mid[open_], high[open_])
        low[open_] = np.where(better, low[open_], mid[open_] + 1)
    found_at = low < len(pool)
    out[asking[found_at]] = pool[low[found_at]] - score[asking[found_at]]
    return out


def _by_group(found: Setting, to_place: FloatArray) -> FloatArray:
    """`to_place` over each group's share in each unit, where the share is a derivative."""
    result = found.result
    share = found.under().astype(np.float64) @ result.influence
    with np.errstate(invalid="ignore", divide="ignore"):
        rise = to_place[None, :] / share
    rise[share <= 0] = np.nan
    parents = result.scheme.parents
    by_name = {g.name: g for g in result.scheme.groups}
    for g, name in enumerate(result.groups):
        ancestor = parents.get(name)
        while ancestor is not None and by_name[ancestor].rule == "mean":
            ancestor = parents.get(ancestor)
        if ancestor is not None:
            rise[g] = np.nan
    high = result.scheme.scale[1]
    rise[(result.group_scores + rise > high) & ~np.isnan(rise)] = np.inf
    return rise
