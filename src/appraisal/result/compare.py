"""Year over year (争先进位): each unit against its own last year."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from attrs import field, frozen

from appraisal import core
from appraisal._text import fixed, format_table
from appraisal._typing import as_tuple, nan_to_none
from appraisal.errors import InputError
from appraisal.model.scheme_dict import scheme_to_dict
from appraisal.result.display import comparison_html, comparison_summary
from appraisal.result.frames import comparison_frame

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["Comparison", "ComparisonRow"]


@frozen
class ComparisonRow:
    """One unit present in both years.

    Attributes
    ----------
    unit : str
        This year's name.
    previous_unit : str
        Last year's name (differs when renamed).
    category : str or None
    score, previous_score, score_change : float or None
    rank, previous_rank : float or None
        Within the category.
    places_gained : float or None
        ``previous_rank - rank``: positive is progress.
    tier, previous_tier : str or None
    tier_change : {"up", "down", "same"} or None
    progress_rank : float or None
        The place by places gained within the category (1 gained most).
    """

    unit: str
    previous_unit: str
    category: str | None
    score: float | None
    previous_score: float | None
    score_change: float | None
    rank: float | None
    previous_rank: float | None
    places_gained: float | None
    tier: str | None
    previous_tier: str | None
    tier_change: str | None
    progress_rank: float | None


@frozen(repr=False)
class Comparison:
    """What :meth:`Appraisal.compare` returns: this year against last year.

    Attributes
    ----------
    rows : tuple of ComparisonRow
        Units present in both years, this year's canonical order.
    new : tuple of str
        Units only this year (a merged or split unit is new).
    gone : tuple of str
        Units only last year.
    scheme_differences : tuple of str
        The scheme settings that differ between the years (empty when none).
    """

    rows: tuple[ComparisonRow, ...] = field(converter=as_tuple)
    new: tuple[str, ...] = field(converter=as_tuple)
    gone: tuple[str, ...] = field(converter=as_tuple)
    scheme_differences: tuple[str, ...] = field(converter=as_tuple)

    def table(self) -> list[dict[str, Any]]:
        """One plain dict per unit in both years, by progress rank within category."""
        ordered = sorted(
            self.rows,
            key=lambda r: (
                r.category or "",
                math.inf if r.progress_rank is None else r.progress_rank,
                r.unit,
            ),
        )
        return [
            {a.name: getattr(row, a.name) for a in attrs.fields(ComparisonRow)} for row in ordered
        ]

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the rows as :meth:`table` gives them, new and gone units, scheme differences."""
        return {
            "rows": self.table(),
            "new": list(self.new),
            "gone": list(self.gone),
            "scheme_differences": list(self.scheme_differences),
        }

    def to_frame(self, kind: str = "table", backend: str = "pandas") -> Any:
        """:meth:`table` as a pandas or polars DataFrame (see :mod:`appraisal.result.frames`).

        Ranks, places gained and progress ranks are nullable ``Int64`` where whole; the
        category and tiers are categorical (``tier_change`` ordered up, same, down).

        Examples
        --------
        >>> import appraisal as ap
        >>> scheme = ap.Scheme(["A"])
        >>> now, last = (ap.appraise(ap.ScoreSheet.from_records(
        ...     [("A", "East", "score", e), ("A", "West", "score", w)]), scheme)
        ...     for e, w in [(80, 90), (85, 70)])
        >>> now.compare(last).to_frame()[["unit", "rank", "places_gained"]]
           unit  rank  places_gained
        0  West     1              1
        1  East     2             -1
        """
        return comparison_frame(self, kind, backend)

    def __repr__(self) -> str:
        return f"<Comparison: {comparison_summary(self)}>"

    def _repr_html_(self) -> str:
        return comparison_html(self)

    def __str__(self) -> str:
        cells = [
            [
                row["unit"],
                fixed(row["score"]),
                fixed(row["score_change"], signed=True),
                fixed(row["rank"], 0),
                fixed(row["places_gained"], 0, signed=True),
                row["tier_change"] or "-",
                fixed(row["progress_rank"], 0),
            ]
            for row in self.table()
        ]
        parts = [
            format_table(
                ["unit", "score", "change", "rank", "places gained", "tier", "progress"],
                cells,
                right=[False, True, True, True, True, False, True],
            )
        ]
        if self.new:
            parts.append("new: " + ", ".join(self.new))
        if self.gone:
            parts.append("gone: " + ", ".join(self.gone))
        if self.scheme_differences:
            parts.append("the schemes differ in: " + ", ".join(self.scheme_differences))
        return "\n".join(parts)


def compare(
    current: Appraisal, previous: Appraisal, *, renamed: Mapping[str, str] | None = None
) -> Comparison:
    """Compare two appraisals unit by unit; see :meth:`Appraisal.compare`.

    Examples
    --------
    >>> import appraisal as ap
    >>> scheme = ap.Scheme(["A", "C"])
    >>> now = ap.appraise(ap.ScoreSheet.from_records(
    ...     [("A", "East", "score", 80), ("A", "West", "score", 90)]), scheme)
    >>> last = ap.appraise(ap.ScoreSheet.from_records(
    ...     [("A", "East", "score", 85), ("A", "West", "score", 70)]), scheme)
    >>> compare(now, last)
    <Comparison: 2 units in both years (1 up, 1 down, 0 same place), 0 new, 0 gone>
    >>> print(compare(now, last))
    unit  score  change  rank  places gained  tier  progress
    ----  -----  ------  ----  -------------  ----  --------
    West  90.00  +20.00     1             +1  -            1
    East  80.00   -5.00     2             -1  -            2
    >>> compare(now, last).table()[0]["places_gained"]
    1.0
    """
    renamed = dict(renamed or {})
    olds = list(renamed.values())
    twice = next((o for i, o in enumerate(olds) if o in olds[:i]), None)
    if twice is not None:
        message = f"compare: renamed maps two units to last year's {twice!r}; renaming is one to one (a merged unit is new)."
        raise InputError(message)
    for new, old in renamed.items():
        if new not in current.units:
            message = f"compare: renamed names {new!r}, which is not a unit this year."
            raise InputError(message)
        if old not in previous.units:
            message = f"compare: renamed maps {new!r} to {old!r}, which is not a unit last year."
            raise InputError(message)
    before = {name: i for i, name in enumerate(previous.units)}
    pairs = [
        (u, before[renamed.get(name, name)])
        for u, name in enumerate(current.units)
        if renamed.get(name, name) in before
    ]
    matched = {previous.units[p] for _, p in pairs}
    now = np.array([u for u, _ in pairs], dtype=np.intp)
    then = np.array([p for _, p in pairs], dtype=np.intp)

    gained = previous.rank[then] - current.rank[now]
    categories = [current.categories[u] for u in now.tolist()]
    names = sorted({c for c in categories if c is not None})
    codes = np.array([names.index(c) if c is not None else 0 for c in categories], dtype=np.intp)
    progress = core.standing(gained[None, :], codes, score_key=0, ties="min").rank

    change = current.score[now] - previous.score[then]
    if current.scheme.decimals is not None:  # published scores differ by a published amount
        change = core.round_half_up(change, current.scheme.decimals)
    rows = []
    for k, (u, p) in enumerate(pairs):
        score, last = current.score[u], previous.score[p]
        rows.append(
            ComparisonRow(
                unit=current.units[u],
                previous_unit=previous.units[p],
                category=current.categories[u],
                score=nan_to_none(score),
                previous_score=nan_to_none(last),
                score_change=nan_to_none(change[k]),
                rank=nan_to_none(current.rank[u]),
                previous_rank=nan_to_none(previous.rank[p]),
                places_gained=nan_to_none(gained[k]),
                tier=current.tiers[u],
                previous_tier=previous.tiers[p],
                tier_change=_tier_change(current, previous, current.tiers[u], previous.tiers[p]),
                progress_rank=nan_to_none(progress[k]),
            )
        )
    now_data, then_data = scheme_to_dict(current.scheme), scheme_to_dict(previous.scheme)
    differences = sorted(
        k for k in now_data.keys() | then_data.keys() if now_data.get(k) != then_data.get(k)
    )
    return Comparison(
        rows=rows,
        new=[name for name in current.units if renamed.get(name, name) not in before],
        gone=[name for name in previous.units if name not in matched],
        scheme_differences=differences,
    )


def _tier_change(
    current: Appraisal, previous: Appraisal, tier: str | None, last: str | None
) -> str | None:
    if tier is None or last is None:
        return None
    if tier == last:
        return "same"
    now_order = [t.name for t in current.scheme.tiers]
    then_order = [t.name for t in previous.scheme.tiers]
    return "up" if now_order.index(tier) < then_order.index(last) else "down"
