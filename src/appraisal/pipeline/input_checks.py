"""The input checks, one function per kind of problem; :func:`~appraisal.pipeline.check.inspect` runs them in order."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import numpy as np

from appraisal._text import did_you_mean, name_fault
from appraisal._typing import BoolArray, FloatArray, IntArray
from appraisal.model.events import Adjustment, Veto
from appraisal.model.raters import RaterGroup
from appraisal.model.scheme import Scheme
from appraisal.pipeline.plan import Plan
from appraisal.pipeline.problems import Problem, outside_scale, tier_limits, unknown_unit
from appraisal.result.flags import Flag


def outside(values: FloatArray, the_plan: Plan, where: str, origin: str | None) -> list[Problem]:
    """Each score outside its criterion's scale, criterion by criterion in the scheme's order."""
    scheme = the_plan.scheme
    found = []
    for c, criterion in enumerate(scheme.leaf_criteria):  # a few criteria; cells are vectorised
        column = values[:, :, c]
        outside = (column < the_plan.low[c]) | (column > the_plan.high[c])
        for r, u in np.argwhere(outside).tolist():
            rater, unit = scheme.rater_names[r], the_plan.units[u]
            text = outside_scale(column[r, u], rater, unit, criterion.name, criterion.scale)
            found.append(
                Problem(
                    "scale",
                    f"{where}: {text}",
                    file=origin,
                    rater=rater,
                    unit=unit,
                    criterion=criterion.name,
                )
            )
    return found


def unscored_criteria(
    scored: BoolArray, the_plan: Plan, where: str, origin: str | None
) -> list[Problem]:
    """Each criterion of the scheme that nobody scored anywhere in the sheet (a missing column, say).

    Whatever the ``missing`` policy: renormalising over a criterion that was never
    scored would give its weight to the others for every unit alike.
    """
    if not the_plan.units:
        return []
    return [
        Problem(
            "criterion",
            f"{where}: criterion {name!r} has no score anywhere in the score sheet; every criterion of the scheme must be scored (is its column missing?).",
            file=origin,
            criterion=name,
        )
        for name, given in zip(the_plan.scheme.criterion_names, scored.tolist(), strict=True)
        if not given
    ]


def recusals(scheme: Scheme, units: tuple[str, ...]) -> list[Problem]:
    """Each recusal that names a unit the score sheet lacks."""
    known = set(units)
    return [
        Problem(
            "recusal",
            f"Scheme: recusals[{rater!r}] names unit {name!r}, which is not in the score sheet{did_you_mean(name, units)}",
            rater=rater,
            unit=name,
        )
        for rater, names in scheme.recusals.items()
        for name in names
        if name not in known
    ]


def recused(values: FloatArray, the_plan: Plan, where: str, origin: str | None) -> list[Problem]:
    """Each score a recused rater handed in, under ``recused_scores="error"``."""
    scheme = the_plan.scheme
    if scheme.recused_scores != "error" or not the_plan.recused.any():
        return []
    scored = (~np.isnan(values)).any(axis=2)
    return [
        Problem(
            "recused",
            f"{where}: rater {scheme.rater_names[r]!r} is recused from unit {the_plan.units[u]!r} but scored it; delete the score, or use recused_scores='drop'.",
            file=origin,
            rater=scheme.rater_names[r],
            unit=the_plan.units[u],
        )
        for r, u in np.argwhere(the_plan.recused & scored).tolist()
    ]


def missing(
    values: FloatArray, present_weight: FloatArray, the_plan: Plan, where: str, origin: str | None
) -> list[Problem]:
    """Each rater and unit with a missing score, under ``missing="error"`` (recusals aside)."""
    criteria = the_plan.scheme.criterion_names
    total = the_plan.criterion_weights.sum()
    incomplete = (present_weight < total * (1 - 1e-12)) & ~the_plan.recused
    found = []
    for r, u in np.argwhere(incomplete).tolist():  # only the pairs that lack a score
        lacking = [criteria[c] for c in np.flatnonzero(np.isnan(values[r, u])).tolist()]
        what = (
            ""
            if len(lacking) == len(criteria)
            else f", criterion {lacking[0]!r}"
            if len(lacking) == 1
            else f", criteria {', '.join(map(repr, lacking))}"
        )
        rater, unit = the_plan.scheme.rater_names[r], the_plan.units[u]
        message = f"{where}: rater {rater!r} has no score for unit {unit!r}{what}; the scheme has missing='error', so every score must be given."
        found.append(Problem("missing", message, file=origin, rater=rater, unit=unit))
    return found


def absent_groups(
    group_scores: FloatArray, coverage: IntArray, the_plan: Plan, where: str, origin: str | None
) -> tuple[list[Problem], list[Flag]]:
    """Units some rater scored but no member of a whole top-level group did.

    A problem under ``missing_groups="error"``; under ``"renormalize"`` a flag that says
    which groups carried the weight.
    """
    scheme = the_plan.scheme
    top = [m for m in scheme.raters.members if isinstance(m, RaterGroup)]
    if not top:
        return [], []
    position = {g.name: i for i, g in enumerate(scheme.groups)}
    rows = [position[g.name] for g in top]
    absent = np.isnan(group_scores[rows]) & (coverage > 0)
    nominal = scheme.nominal_weights
    problems: list[Problem] = []
    flags: list[Flag] = []
    for g, u in np.argwhere(absent).tolist():  # only the units that lack a group
        group, unit = top[g].name, the_plan.units[u]
        share = f"{100 * nominal[group]:.3g} %"
        if scheme.missing_groups == "error":
            message = f"{where}: unit {unit!r} has no score from rater group {group!r}, which carries {share} of the result; supply the scores, or set missing_groups='renormalize' to let the other groups carry its weight."
            problems.append(Problem("group", message, file=origin, unit=unit))
        else:
            carried = [top[k].name for k in np.flatnonzero(~absent[:, u]).tolist()]
            others = ", ".join(map(repr, carried)) or "the raters directly under the root"
            flags.append(
                Flag(
                    unit,
                    f"no score from rater group {group!r} ({share}): {others} carried its weight",
                )
            )
    return problems, flags


def aligned_outside(base: FloatArray, the_plan: Plan, where: str) -> list[Problem]:
    """Units whose base score the group alignment puts outside the scheme's scale."""
    low, high = the_plan.scheme.scale
    slack = 1e-9 * (high - low)
    return [
        Problem(
            "aligned",
            f"{where}: the group alignment puts unit {the_plan.units[u]!r} at {base[u]:.6g}, outside the scheme's scale {low:g}..{high:g}; a published score stays on the scale (set align_groups=False, or widen the scale).",
            unit=the_plan.units[u],
        )
        # floating noise at the ends is no departure (the mapped scores lie on the scale)
        for u in np.flatnonzero((base < low - slack) | (base > high + slack)).tolist()
    ]


def categories(categories: dict[str, str], units: tuple[str, ...], scheme: Scheme) -> list[Problem]:
    """Each unit without a category, when categories are used, and each category that is no name.

    When the category map names a unit the sheet lacks that is close to it (a slip in
    the map), the problem names that entry, with the scheme file and line if known. A
    score sheet's ``category`` column is checked here, as names are (a category is
    published in every table): not blank at an end, no control character, no first
    character that a spreadsheet runs as a formula.
    """
    if not categories:
        return []
    known = set(units)
    unknown = [name for name in categories if name not in known]
    found = [
        Problem(
            "category",
            f"categories: the category of unit {unit!r} {fault}; got {categories[unit]!r}.",
            unit=unit,
        )
        for unit in units
        if unit in categories and (fault := name_fault(categories[unit]))
    ]
    for unit in (u for u in units if u not in categories):
        close = difflib.get_close_matches(unit, unknown, n=1)
        if close:
            line = (
                scheme.lines.get(f"categories.{close[0]}")
                if categories == scheme.categories
                else None
            )
            where = f"{scheme.origin} line {line}: " if scheme.origin and line else ""
            message = f"{where}categories: unit {close[0]!r} is not in the score sheet; did you mean {unit!r}?"
            file = scheme.origin if line else None
        else:
            message = f"categories: unit {unit!r} has no category; every unit needs one when categories are used."
            file, line = None, None
        found.append(Problem("category", message, file=file, line=line, unit=unit))
    return found


def tiers(scheme: Scheme, categories: dict[str, str], units: tuple[str, ...]) -> list[Problem]:
    """Each tier whose head-count is more than the units of a category."""
    if not any(tier.count is not None for tier in scheme.tiers):
        return []
    if categories and all(u in categories for u in units):
        names, sizes = np.unique([categories[u] for u in units], return_counts=True)
        labels: list[str] = names.tolist()
    else:
        labels, sizes = [], np.array([len(units)])
    _, problems = tier_limits(scheme, sizes.tolist(), labels)
    return [Problem("tier", message) for message in problems]


def adjustments(adjustments: Sequence[Adjustment], units: tuple[str, ...]) -> list[Problem]:
    """Adjustments that are not Adjustment objects, for units the sheet lacks, or reusing an evidence id."""
    known = set(units)
    found = []
    by_evidence: dict[str, Adjustment] = {}
    for item in adjustments:
        if not isinstance(item, Adjustment):
            message = f"adjustments must be Adjustment objects; got {item!r}."
            found.append(Problem("adjustment", message))
            continue
        if item.unit not in known:
            found.append(unknown_unit("Adjustment", item.unit, units))
        if item.evidence is None:
            continue
        first = by_evidence.setdefault(item.evidence, item)
        if (first.unit, first.kind, first.points) != (item.unit, item.kind, item.points):
            message = (
                f"Adjustment evidence {item.evidence!r} is given twice with different content: "
                f"{first.kind} {first.points:g} for {first.unit!r} and {item.kind} {item.points:g} "
                f"for {item.unit!r}; the same evidence counts once."
            )
            found.append(Problem("adjustment", message, unit=item.unit))
    return found


def vetoes(vetoes: Sequence[Veto], units: tuple[str, ...]) -> list[Problem]:
    """Vetoes that are not Veto objects, or for units the sheet lacks."""
    known = set(units)
    found = []
    for item in vetoes:
        if not isinstance(item, Veto):
            found.append(Problem("veto", f"vetoes must be Veto objects; got {item!r}."))
        elif item.unit not in known:
            found.append(unknown_unit("Veto", item.unit, units))
    return found
