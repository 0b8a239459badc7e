"""The sections about trust in the result: the raters, how far the ranking holds, the manifest."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from appraisal.reporting.document import Chart, Section, Table, number, percent
from appraisal.reporting.sections import by_category

if TYPE_CHECKING:
    from appraisal.reliability.results import Diagnostics
    from appraisal.result.appraisal import Appraisal
    from appraisal.robustness.smaa import SMAA
    from appraisal.robustness.tipping import TippingPoints

__all__ = ["manifest_section", "raters_section", "robustness_section"]


def raters_section(result: Appraisal, found: Diagnostics, words: Mapping[str, str]) -> Section:
    """Agreement per group, leniency chart, flagged raters, leave-one-rater-out changes."""
    agreement = [
        [
            row["group"],
            str(row["n_raters"]),
            _with_units(row["kendall_w"], row["kendall_w_units"]),
            _with_units(row["icc_single"], row["icc_units"]),
            _with_units(row["icc_mean"], row["icc_units"]),
            _with_units(row["alpha"], row["alpha_units"]),
            row["note"],
        ]
        for row in found.group_table()
    ]
    keys = ("group", "raters", "kendall_w", "icc_single", "icc_mean", "alpha", "note")
    blocks: list[Any] = [
        Table(
            [words[f"col.{k}"] for k in keys],
            agreement,
            (False, True, True, True, True, True, False),
            caption=words["raters.agreement"],
            key="agreement",
        ),
        words["raters.agreement_note"],
        Chart(
            "leniency",
            words["chart.leniency"],
            {
                "raters": list(found.raters),
                "groups": list(found.rater_groups),
                "leniency": [float(x) for x in found.leniency],
                "flagged": [bool(codes) for codes in found.rater_flags],
                "xlabel": words["axis.leniency"],
            },
        ),
    ]
    at = {name: r for r, name in enumerate(found.raters)}
    flagged = [
        [
            flag.subject,
            found.rater_groups[at[flag.subject]] if flag.subject in at else "",
            _flag_name(flag.reason, words),
            number(found.leniency[at[flag.subject]], sign=True) if flag.subject in at else "–",
            number(found.spread[at[flag.subject]]) if flag.subject in at else "–",
            flag.reason,
        ]
        for flag in found.flags
    ]
    blocks.append(
        Table(
            [words[f"col.{k}"] for k in ("rater", "group", "flag", "leniency", "spread", "reason")],
            flagged,
            (False, False, False, True, True, False),
            caption=words["raters.flagged"],
            key="flagged",
        )
        if flagged
        else words["raters.no_flagged"]
    )
    changes = [
        [
            row["rater"],
            number(row["largest_rank_change"], 0),
            words["list.sep"].join(row["units"]),
            words["list.sep"].join(
                f"{unit}: {old} → {new}" for unit, old, new in row["tier_changes"]
            ),
        ]
        for row in found.impact.table()
        if row["largest_rank_change"] or row["tier_changes"]
    ]
    loo = ("rater", "largest_rank_change", "units_moved", "tier_changes")
    blocks.append(words["raters.loo_intro"] if changes else words["raters.loo_none"])
    if changes:
        blocks.append(
            Table(
                [words[f"col.{k}"] for k in loo],
                changes,
                (False, True, False, False),
                caption=words["raters.loo"],
                key="leave-one-out",
            )
        )
    return Section("raters", words["section.raters"], blocks)


def robustness_section(
    result: Appraisal,
    points: list[TippingPoints],
    smaa: SMAA | None,
    words: Mapping[str, str],
    *,
    draws: int,
    seed: int,
) -> Section:
    """A sentence per top-level group's tipping points; SMAA rank intervals and P(tier)."""
    blocks: list[Any] = [
        words["robustness.tipping"].format(
            group=p.group,
            nominal=percent(p.nominal),
            low=percent(p.ranking[0]),
            high=percent(p.ranking[1]),
            tier_low=percent(p.tiers[0]),
            tier_high=percent(p.tiers[1]),
        )
        for p in points
    ]
    if smaa is not None:
        interval = smaa.rank_interval(0.9)
        tiers = result.tiers is not None and bool(smaa.tiers)
        blocks.append(words["robustness.smaa"].format(draws=draws, seed=seed))
        keys = ["unit", "rank", "rank_interval", *(["tier", "p_tier"] * tiers)]
        rows = []
        charts = []
        for category, members in by_category(result).items():
            units, ranks, lows, highs = [], [], [], []
            for row in members:
                u = result.unit_index(row["unit"])
                low, high = interval[u]
                cells = [row["unit"], number(row["rank"], 0), _interval(low, high)]
                if tiers:
                    tier = row.get("tier")
                    chance = (
                        smaa.tier_probability[u, smaa.tiers.index(tier)]
                        if tier in smaa.tiers
                        else np.nan
                    )
                    cells += [tier or "–", percent(float(chance))]
                rows.append(cells)
                if not np.isnan(low) and row["rank"] is not None:
                    units.append(row["unit"])
                    ranks.append(float(row["rank"]))
                    lows.append(float(low))
                    highs.append(float(high))
            charts.append(
                Chart(
                    "intervals",
                    words["chart.intervals"].format(category=category or words["ranking.all"]),
                    {
                        "units": units,
                        "ranks": ranks,
                        "low": lows,
                        "high": highs,
                        "xlabel": words["axis.rank"],
                    },
                )
            )
        numeric = [k in {"rank", "rank_interval", "p_tier"} for k in keys]
        blocks.append(Table([words[f"col.{k}"] for k in keys], rows, numeric, key="intervals"))
        blocks += charts
    return Section("robustness", words["section.robustness"], blocks)


def manifest_section(
    result: Appraisal, words: Mapping[str, str], *, draws: int | None, seed: int
) -> Section:
    """The manifest's fields, so that a printed copy can be verified."""
    m = result.manifest
    fields = {
        "library": m.library,
        "version": m.version,
        "numpy": m.numpy,
        "python": m.python,
        "scheme_sha256": m.scheme_sha256,
        "sheet_sha256": m.sheet_sha256,
        "events_sha256": m.events_sha256,
        "seed": "" if m.seed is None else str(m.seed),
        "options": ", ".join(f"{k}={v!r}" for k, v in sorted(m.options.items())),
    }
    rows = [[words[f"field.{k}"], v] for k, v in fields.items() if v]
    blocks: list[Any] = [
        words["manifest.intro"],
        Table([words["col.field"], words["col.value"]], rows, (False, False), key="manifest"),
    ]
    if draws is not None:
        blocks.append(words["manifest.analyses"].format(draws=draws, seed=seed))
    return Section("manifest", words["section.manifest"], blocks)


def _with_units(value: float | None, units: int) -> str:
    return "–" if value is None or np.isnan(value) else f"{value:.2f} ({units})"


def _interval(low: float, high: float) -> str:
    if np.isnan(low):
        return "–"
    return f"{low:g}" if low == high else f"{low:g}–{high:g}"


def _flag_name(reason: str, words: Mapping[str, str]) -> str:
    code = reason.partition(":")[0]
    return words.get(f"flag.{code}", code)
