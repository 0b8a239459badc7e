"""How the robustness results show themselves: a one-line ``repr``, ``_repr_html_``, plain data."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from appraisal._display import count, html_block, html_table, visible
from appraisal._text import fixed
from appraisal._typing import plain

if TYPE_CHECKING:
    from appraisal._typing import FloatArray
    from appraisal.robustness.margins import Margins
    from appraisal.robustness.resample import Resampled
    from appraisal.robustness.smaa import SMAA
    from appraisal.robustness.tipping import TippingPoints

__all__ = [
    "fields_as_data",
    "margins_html",
    "margins_summary",
    "resampled_html",
    "resampled_summary",
    "smaa_html",
    "smaa_summary",
    "tipping_html",
    "tipping_summary",
]

_LEVEL = 0.9
"""The share of draws the places column holds."""


def _seed(seed: int | None) -> str:
    return "no seed" if seed is None else f"seed {seed}"


def smaa_summary(out: SMAA) -> str:
    """Units, draws, the law and the weights drawn, the seed, in a phrase.

    Examples
    --------
    >>> import appraisal as ap
    >>> sheet = ap.ScoreSheet.from_records([("A", "x", "score", 90), ("B", "y", "score", 80)])
    >>> ap.robustness.smaa(ap.appraise(sheet, ap.Scheme(["A", "B"])), draws=1024, seed=7)
    <SMAA: 2 units, 1024 draws (dirichlet) over 2 weights, seed 7>
    """
    weights = count(len(out.weights), "weight")
    return f"{count(len(out.units), 'unit')}, {count(out.draws, 'draw')} ({out.law}) over {weights}, {_seed(out.seed)}"


def resampled_summary(out: Resampled) -> str:
    """Units, replicates and how they were found, the seed, in a phrase.

    Examples
    --------
    >>> import appraisal as ap
    >>> sheet = ap.ScoreSheet.from_records([("A", "x", "score", 90), ("B", "x", "score", 70)])
    >>> ap.robustness.resample(ap.appraise(sheet, ap.Scheme(["A", "B"])), method="jackknife")
    <Resampled: 1 unit, 2 jackknife replicates (linear), no seed>
    """
    replicates = count(out.replicates, f"{out.method} replicate")
    return f"{count(len(out.units), 'unit')}, {replicates} ({out.evaluation}), {_seed(out.seed)}"


def margins_summary(out: Margins) -> str:
    """Units and groups, in a phrase.

    Examples
    --------
    >>> import appraisal as ap
    >>> sheet = ap.ScoreSheet.from_records([("A", "x", "score", 90), ("A", "y", "score", 85.5)])
    >>> ap.robustness.margins(ap.appraise(sheet, ap.Scheme(["A"])))
    <Margins: 2 units, 1 group>
    """
    return f"{count(len(out.units), 'unit')}, {count(len(out.groups), 'group')}"


def _interval(interval: tuple[float, float]) -> str:
    return f"{interval[0]:.4f}..{interval[1]:.4f}"


def tipping_summary(out: TippingPoints) -> str:
    """The group, its share today, and how far the ranking and the tiers hold, in a phrase.

    Examples
    --------
    >>> import appraisal as ap
    >>> scheme = ap.Scheme([ap.RaterGroup("q", 0.6, members=["A"]), ap.RaterGroup("o", 0.4, members=["B"])])
    >>> sheet = ap.ScoreSheet.from_records(
    ...     [("A", "x", "score", 90), ("B", "x", "score", 70), ("A", "y", "score", 80), ("B", "y", "score", 90)])
    >>> ap.robustness.tipping_points(ap.appraise(sheet, scheme), "q")
    <TippingPoints: group 'q' at 0.6000, ranking holds over 0.0000..0.6665, tiers over 0.0000..1.0000 (exact)>
    """
    return (
        f"group {visible(out.group)!r} at {out.nominal:.4f}, ranking holds over "
        f"{_interval(out.ranking)}, tiers over {_interval(out.tiers)} ({out.method})"
    )


def _places(interval: FloatArray) -> list[str]:
    return [
        "-" if math.isnan(low) else f"{low:g}" if low == high else f"{low:g}..{high:g}"
        for low, high in interval.tolist()
    ]


def _shares(values: FloatArray) -> list[list[str]]:
    return [["-" if math.isnan(v) else f"{v:.0%}" for v in row] for row in values.tolist()]


def _place_table(
    units: tuple[str, ...],
    interval: FloatArray,
    acceptability: FloatArray,
    tiers: tuple[str, ...],
    tier_probability: FloatArray,
    extra: dict[str, list[str]],
) -> str:
    """Per unit: the places at 90 %, the likeliest place and its share, more columns, P(tier)."""
    shares = np.nan_to_num(acceptability, nan=-1.0)
    likeliest = [
        "-" if row.max() < 0 else f"{int(row.argmax()) + 1} ({row.max():.0%})" for row in shares
    ]
    tier_cells = _shares(tier_probability) if tiers else [[] for _ in units]
    cells = [
        [unit, span, likely, *(column[u] for column in extra.values()), *tier_cells[u]]
        for u, (unit, span, likely) in enumerate(
            zip(units, _places(interval), likeliest, strict=True)
        )
    ]
    headers = ["unit", f"places ({_LEVEL:.0%})", "likeliest place", *extra]
    headers += [f"P({tier})" for tier in tiers]
    return html_table(headers, cells, right=[False] + [True] * (len(headers) - 1))


def smaa_html(out: SMAA) -> str:
    """A summary line and, per unit, its places over the draws and its tier probabilities."""
    table = _place_table(
        out.units,
        out.rank_interval(_LEVEL),
        out.rank_acceptability,
        out.tiers,
        out.tier_probability,
        {},
    )
    return html_block(f"SMAA: {smaa_summary(out)}", table)


def resampled_html(out: Resampled) -> str:
    """A summary line and, per unit, its places over the replicates, score SE and tier probabilities."""
    extra = {
        "score SE": [fixed(v, 3) for v in out.score_se.tolist()],
        "incomplete": [f"{v:.0%}" for v in out.incomplete.tolist()],
    }
    table = _place_table(
        out.units,
        out.rank_interval(_LEVEL),
        out.rank_acceptability,
        out.tiers,
        out.tier_probability,
        extra,
    )
    return html_block(f"Resampled: {resampled_summary(out)}", table)


def margins_html(out: Margins) -> str:
    """A summary line and, per unit, the rise to the next place and tier and its lead."""
    cells = [
        [unit, fixed(place), fixed(tier), fixed(lead)]
        for unit, place, tier, lead in zip(
            out.units, out.to_place.tolist(), out.to_tier.tolist(), out.lead.tolist(), strict=True
        )
    ]
    table = html_table(["unit", "to place", "to tier", "lead"], cells, right=[False] + [True] * 3)
    return html_block(f"Margins: {margins_summary(out)}", table)


def tipping_html(out: TippingPoints) -> str:
    """A summary line and every change point: the share, what changes, the units that move."""
    cells = [[f"{e.weight:.4f}", e.changes, ", ".join(e.units)] for e in out.events]
    table = html_table(["share", "changes", "units"], cells, right=[True], caption="change points")
    return html_block(f"TippingPoints: {tipping_summary(out)}", table)


def fields_as_data(result: Any) -> dict[str, Any]:
    """A result's public fields as plain data for JSON.

    Arrays become nested lists, NaN None, and an infinite value (a margin beyond the
    scale) the text ``"inf"``.
    """
    data: dict[str, Any] = {}
    for field in attrs.fields(type(result)):
        if field.name.startswith("_"):
            continue
        value = getattr(result, field.name)
        if isinstance(value, np.ndarray) and value.dtype.kind == "f" and np.isinf(value).any():
            cells = value.astype(object)
            cells[np.isnan(value)] = None
            cells[np.isinf(value)] = np.where(value[np.isinf(value)] > 0, "inf", "-inf")
            value = cells.tolist()
        elif isinstance(value, np.ndarray):
            value = plain(value)
        elif hasattr(value, "to_dict"):
            value = value.to_dict()
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, float) and math.isnan(value):
            value = None
        data[field.name] = value
    return data
