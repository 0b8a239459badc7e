"""The sections about the result itself: summary, ranking, what made each score, year over year."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from appraisal.model.criteria import Criterion
from appraisal.model.raters import RaterGroup
from appraisal.reporting.document import Chart, Items, Section, Table, number, percent

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal
    from appraisal.result.compare import Comparison
    from appraisal.robustness.margins import Margins

__all__ = [
    "by_category",
    "comparison_section",
    "ranking_section",
    "summary_section",
    "top_groups",
    "units_section",
]


def top_groups(result: Appraisal) -> list[str]:
    """The top-level members of the rater tree that are groups, in scheme order."""
    return [m.name for m in result.scheme.raters.members if isinstance(m, RaterGroup)]


def by_category(result: Appraisal) -> dict[str | None, list[dict[str, Any]]]:
    """The published table's rows (best first) by category, categories in table order."""
    found: dict[str | None, list[dict[str, Any]]] = {}
    for row in result.table():
        found.setdefault(row.get("category"), []).append(row)
    return found


def summary_section(result: Appraisal, words: Mapping[str, str]) -> Section:
    """What was appraised, the scheme (groups with nominal and effective weights, criteria), coverage, flags."""
    groups = by_category(result)
    categories = (
        ""
        if result.categories is None
        else words["summary.categories"].format(
            count=len(groups), names=words["list.sep"].join(str(c) for c in groups)
        )
    )
    what = words["summary.what"].format(
        units=len(result.units),
        categories=categories,
        raters=len(result.raters),
        groups=len(top_groups(result)),
        criteria=len(list(_criteria(result.scheme.criteria))),
    )
    scored = result.coverage[~np.isnan(result.score)]
    coverage = words["summary.coverage"].format(
        low=int(scored.min()) if scored.size else 0,
        high=int(scored.max()) if scored.size else 0,
        raters=len(result.raters),
    )
    parents = _parents(result.scheme.raters)
    weights = result.effective_weights()
    group_rows = [
        (
            "\u3000" * depth + name,
            parents.get(name, ""),
            percent(weights[name].nominal),
            percent(weights[name].effective),
        )
        for name, depth in _group_depths(result.scheme.raters)
    ]
    group_table = Table(
        [words["col.group"], words["col.parent"], words["col.nominal"], words["col.effective"]],
        group_rows,
        (False, False, True, True),
        caption=words["summary.groups"],
        key="groups",
    )
    criteria_rows = [
        (
            "\u3000" * depth + c.name,
            number(c.weight, 4).rstrip("0").rstrip("."),
            percent(share),
            f"{c.scale[0]:g}–{c.scale[1]:g}",
        )
        for c, depth, share in _criteria(result.scheme.criteria)
    ]
    criteria_table = Table(
        [words["col.criterion"], words["col.weight"], words["col.share"], words["col.scale"]],
        criteria_rows,
        (False, True, True, False),
        caption=words["summary.criteria"],
        key="criteria",
    )
    flags: Items | str = (
        Items(f"{f.subject}: {f.reason}" for f in result.flags)
        if result.flags
        else words["summary.no_flags"]
    )
    blocks: list[Any] = [what, coverage, group_table, words["summary.groups_note"], criteria_table]
    return Section("summary", words["section.summary"], [*blocks, words["summary.flags"], flags])


def ranking_section(result: Appraisal, words: Mapping[str, str]) -> Section:
    """One table and one bar chart per category, best first, coloured by tier."""
    blocks: list[Any] = []
    tiers = [t.name for t in result.scheme.tiers]
    has_tiers = result.tiers is not None and bool(tiers)
    bonus = bool(np.nansum(result.bonus) or np.nansum(result.deduction))
    vetoes = bool(result.vetoes)
    for category, rows in by_category(result).items():
        columns = [words["col.rank"], words["col.unit"], words["col.score"]]
        columns += [words["col.tier"]] * has_tiers
        columns += [words["col.base"], words["col.bonus"], words["col.deduction"]] * bonus
        columns += [words["col.veto"]] * vetoes + [words["col.coverage"]]
        cells = []
        for row in rows:
            line = [number(row["rank"], 0), row["unit"], number(row["score"])]
            line += [row.get("tier") or "–"] * has_tiers
            if bonus:
                line += [number(row["base"]), number(row["bonus"]), number(row["deduction"])]
            line += [row.get("veto") or ""] * vetoes + [str(row["coverage"])]
            cells.append(line)
        numeric = [
            c in {words["col.rank"], words["col.score"], words["col.coverage"]} for c in columns
        ]
        numeric = [
            n or c in {words["col.base"], words["col.bonus"], words["col.deduction"]}
            for n, c in zip(numeric, columns, strict=True)
        ]
        name = (
            words["ranking.all"]
            if category is None
            else words["ranking.category"].format(category=category)
        )
        blocks.append(Table(columns, cells, numeric, caption=name, key="ranking"))
        scored = [r for r in rows if r["score"] is not None and not np.isnan(r["score"])]
        blocks.append(
            Chart(
                "ranking",
                words["chart.ranking" if has_tiers else "chart.ranking_plain"].format(
                    category=category or words["ranking.all"]
                ),
                {
                    "units": [r["unit"] for r in scored],
                    "scores": [float(r["score"]) for r in scored],
                    "tiers": [r.get("tier") for r in scored],
                    "tier_order": tiers,
                    "no_tier": words["chart.no_tier"],
                    "xlabel": words["col.score"],
                },
            )
        )
    return Section("ranking", words["section.ranking"], blocks)


def units_section(result: Appraisal, margins: Margins | None, words: Mapping[str, str]) -> Section:
    """Each unit's contribution by top-level group and by criterion, and its margins."""
    order = [row["unit"] for row in result.table()]
    root = result.scheme.raters.name
    groups: list[str] = []
    criteria: list[str] = []
    by_group: list[list[float]] = []
    by_criterion: list[list[float]] = []
    for unit in order:
        rows = result.explain(unit).rows
        top = [r for r in rows if r.parent == root and r.level in ("group", "rater")]
        crit = [r for r in rows if r.level == "criterion" and r.parent is None]
        groups = groups or [r.name for r in top]
        criteria = criteria or [r.name for r in crit]
        by_group.append([_zero(r.contribution[0]) for r in top])
        by_criterion.append([_zero(r.contribution[0]) for r in crit])
    u = [result.unit_index(name) for name in order]
    adjust = [number(result.bonus[i] - result.deduction[i], sign=True) for i in u]
    score = [number(result.score[i]) for i in u]
    head = [words["col.unit"]]
    tail = [words["col.bonus"] + "/" + words["col.deduction"], words["col.score"]]
    blocks: list[Any] = [words["units.intro"]]
    for caption, names, values in (
        (words["units.by_group"], groups, by_group),
        (words["units.by_criterion"], criteria, by_criterion),
    ):
        rows_ = [
            [unit, *(number(v) for v in vals), a, s]
            for unit, vals, a, s in zip(order, values, adjust, score, strict=True)
        ]
        blocks.append(
            Table(
                [*head, *names, *tail],
                rows_,
                [False] + [True] * (len(names) + 2),
                caption=caption,
                key="contributions",
            )
        )
    blocks.append(
        Chart(
            "contributions",
            words["chart.contributions"],
            {
                "units": order,
                "groups": groups,
                "by_group": by_group,
                "criteria": criteria,
                "by_criterion": by_criterion,
                "xlabel": words["axis.points"],
            },
        )
    )
    if margins is not None:
        tiers = result.tiers is not None and bool(result.scheme.tiers)
        keys = ["unit", "rank", "to_place", *(["to_tier"] * tiers), "lead"]
        gaps = {"to_place": margins.to_place, "to_tier": margins.to_tier, "lead": margins.lead}
        rows_ = [
            [name, number(result.rank[i], 0), *(number(gaps[k][i]) for k in keys[2:])]
            for name, i in zip(order, u, strict=True)
        ]
        blocks += [
            Table(
                [words[f"col.{k}"] for k in keys],
                rows_,
                [k != "unit" for k in keys],
                caption=words["units.margins"],
                key="margins",
            ),
            words["units.margins_note" if tiers else "units.margins_note_plain"],
        ]
    return Section("units", words["section.units"], blocks)


def comparison_section(comparison: Comparison, words: Mapping[str, str]) -> Section:
    """Places gained and tier changes against last year, with a slope chart per category."""
    renamed = any(r.previous_unit != r.unit for r in comparison.rows)
    tiers = any(r.tier is not None or r.previous_tier is not None for r in comparison.rows)
    keys = ["unit", *(["previous_unit"] * renamed), "previous_rank", "rank", "places_gained"]
    keys += ["previous_tier", "tier", "tier_change"] * tiers + ["score_change"]
    numeric = [k in {"previous_rank", "rank", "places_gained", "score_change"} for k in keys]
    rows = []
    for r in comparison.rows:
        cells = {
            "unit": r.unit,
            "previous_unit": r.previous_unit,
            "previous_rank": number(r.previous_rank, 0),
            "rank": number(r.rank, 0),
            "places_gained": number(r.places_gained, 0, sign=True),
            "previous_tier": r.previous_tier or "–",
            "tier": r.tier or "–",
            "tier_change": words.get(f"change.{r.tier_change}", r.tier_change or "–"),
            "score_change": number(r.score_change, sign=True),
        }
        rows.append([cells[k] for k in keys])
    blocks: list[Any] = [
        words["comparison.intro"],
        Table([words[f"col.{k}"] for k in keys], rows, numeric, key="comparison"),
    ]
    if comparison.new:
        blocks.append(words["comparison.new"].format(names=words["list.sep"].join(comparison.new)))
    if comparison.gone:
        blocks.append(
            words["comparison.gone"].format(names=words["list.sep"].join(comparison.gone))
        )
    categories: dict[str | None, list[Any]] = {}
    for r in comparison.rows:
        categories.setdefault(r.category, []).append(r)
    for category, members in categories.items():
        ranked = [r for r in members if r.rank is not None and r.previous_rank is not None]
        blocks.append(
            Chart(
                "slope",
                words["chart.slope"].format(category=category or words["ranking.all"]),
                {
                    "units": [r.unit for r in ranked],
                    "before": [float(r.previous_rank) for r in ranked],
                    "after": [float(r.rank) for r in ranked],
                    "labels": [words["axis.last_year"], words["axis.this_year"]],
                    "ylabel": words["axis.rank"],
                },
            )
        )
    return Section("comparison", words["section.comparison"], blocks)


def _zero(value: float) -> float:
    return 0.0 if np.isnan(value) else float(value)


def _parents(group: RaterGroup) -> dict[str, str]:
    found: dict[str, str] = {}
    for member in group.members:
        if isinstance(member, RaterGroup):
            found[member.name] = group.name
            found.update(_parents(member))
    return found


def _group_depths(group: RaterGroup, depth: int = 0) -> Iterator[tuple[str, int]]:
    yield group.name, depth
    for member in group.members:
        if isinstance(member, RaterGroup):
            yield from _group_depths(member, depth + 1)


def _criteria(
    criteria: tuple[Criterion, ...], depth: int = 0, share: float = 1.0
) -> Iterator[tuple[Criterion, int, float]]:
    total = sum(c.weight for c in criteria)
    for c in criteria:
        leaf = share * c.weight / total
        yield c, depth, leaf
        yield from _criteria(c.children, depth + 1, leaf)
