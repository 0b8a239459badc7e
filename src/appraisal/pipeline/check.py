"""The one validator: every input problem of a score sheet, a scheme and their events.

:func:`inspect` is the only producer of input problems. :func:`~appraisal.appraise`
raises the first problem it finds; :func:`check` (and ``appraisal check``) lists them
all, with the coverage of the scores; the file loaders word their problems with the
same message builders. So a sheet passes :func:`check` exactly when
:func:`~appraisal.appraise` accepts it, and both say the same thing when it does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from attrs import frozen

from appraisal import core
from appraisal._text import did_you_mean
from appraisal._typing import FloatArray
from appraisal.model.events import Adjustment, Veto
from appraisal.model.scheme import Scheme
from appraisal.model.sheet import ScoreSheet
from appraisal.pipeline.coverage import CheckReport
from appraisal.pipeline.plan import Plan, plan
from appraisal.pipeline.problems import (
    Problem,
    not_in_scheme,
    outside_scale,
    tier_limits,
    unknown_unit,
)

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["Inspection", "align", "check", "event_problems", "inspect"]


@frozen(eq=False)
class Inspection:
    """What :func:`inspect` found, and what it built on the way (for :func:`~appraisal.appraise`).

    Attributes
    ----------
    problems : tuple of Problem
        In the order :func:`~appraisal.appraise` meets them.
    plan : Plan
    values : ndarray of float64, shape (n_raters, n_units, n_criteria)
        The scores aligned to the scheme (:func:`align`).
    passed : core.RaterScores
        The criteria pass over `values`.
    """

    problems: tuple[Problem, ...]
    plan: Plan
    values: FloatArray
    passed: core.RaterScores


def align(sheet: ScoreSheet, scheme: Scheme) -> FloatArray:
    """The sheet's scores in the scheme's rater and criterion order; NaN for labels it lacks.

    Labels the scheme lacks are left out (:func:`inspect` reports them). When the sheet
    already is in the scheme's order its own read-only array is returned, not a copy.
    """
    raters, criteria = scheme.rater_names, scheme.criterion_names
    if sheet.raters == raters and sheet.criteria == criteria:
        return sheet.values
    values = np.full((len(raters), len(sheet.units), len(criteria)), np.nan)
    rater_at = {name: i for i, name in enumerate(sheet.raters)}
    criterion_at = {name: i for i, name in enumerate(sheet.criteria)}
    rows = [(i, rater_at[name]) for i, name in enumerate(raters) if name in rater_at]
    columns = [(i, criterion_at[name]) for i, name in enumerate(criteria) if name in criterion_at]
    if rows and columns:
        into, source = (np.array(pair, dtype=np.intp) for pair in zip(*rows, strict=True))
        into_c, source_c = (np.array(pair, dtype=np.intp) for pair in zip(*columns, strict=True))
        every_unit = np.arange(len(sheet.units))
        values[np.ix_(into, every_unit, into_c)] = sheet.values[
            np.ix_(source, every_unit, source_c)
        ]
    values.flags.writeable = False
    return values


def inspect(
    sheet: ScoreSheet,
    scheme: Scheme,
    *,
    adjustments: Sequence[Adjustment] = (),
    vetoes: Sequence[Veto] = (),
    previous: Appraisal | None = None,
) -> Inspection:
    """Every problem of `sheet` and the events under `scheme`, in the order appraise meets them."""
    where = sheet.origin or "score sheet"
    found: list[Problem] = []
    if not sheet.units:
        message = f"{where}: it lists no unit; an appraisal needs at least one unit."
        found.append(Problem("units", message, file=sheet.origin))
    for kind, given, known in (
        ("rater", sheet.raters, scheme.rater_names),
        ("criterion", sheet.criteria, scheme.criterion_names),
    ):
        found += [
            Problem(
                "unknown",
                f"{where}: {not_in_scheme(kind, name, known)}",
                file=sheet.origin,
                rater=name if kind == "rater" else None,
                criterion=name if kind == "criterion" else None,
            )
            for name in given
            if name not in known
        ]
    the_plan = plan(scheme, sheet.units)
    values = align(sheet, scheme)
    passed = the_plan.rater_scores(values)
    if passed.outside:
        found += _scale(values, the_plan, where, sheet.origin)
    found += _recusals(scheme, sheet.units)
    found += _recused(values, the_plan, where, sheet.origin)
    if scheme.missing == "error":
        found += _missing(values, passed.present_weight, the_plan, where, sheet.origin)
    categories = dict(scheme.categories) or dict(sheet.categories)
    found += _categories(categories, sheet.units)
    found += _tiers(scheme, categories, sheet.units)
    if scheme.standardize != "none" and len(sheet.units) == 1:
        message = (
            f"Scheme: standardize={scheme.standardize!r} needs at least two units to compare a "
            f"rater's scores across; the score sheet has {len(sheet.units)}."
        )
        found.append(Problem("standardize", message))
    found += event_problems(scheme, sheet.units, adjustments, vetoes, previous)
    return Inspection(tuple(found), the_plan, values, passed)


def event_problems(
    scheme: Scheme,
    units: tuple[str, ...],
    adjustments: Sequence[Adjustment],
    vetoes: Sequence[Veto],
    previous: Appraisal | None,
) -> list[Problem]:
    """The problems of the events and the previous result, in the order appraise meets them.

    Adjustments and vetoes for units the sheet lacks, an evidence id given twice with
    different content, and a missing previous result where a tie-break step needs one.
    """
    found = [*_adjustments(adjustments, units), *_vetoes(vetoes, units)]
    if "previous_rank" in scheme.tie_break and previous is None:
        message = "Scheme: tie_break uses 'previous_rank', but no previous appraisal was given; pass previous= to appraise."
        found.append(Problem("previous", message))
    return found


def check(
    sheet: ScoreSheet,
    scheme: Scheme,
    *,
    adjustments: Sequence[Adjustment] = (),
    vetoes: Sequence[Veto] = (),
    previous: Appraisal | None = None,
) -> CheckReport:
    """Every problem of `sheet` under `scheme`, and which raters did not score which units.

    Takes what :func:`~appraisal.appraise` takes; reports no problem exactly when
    :func:`~appraisal.appraise` accepts the same arguments, and words each problem as it
    would.

    Returns
    -------
    CheckReport

    Examples
    --------
    >>> from appraisal import Criterion, RaterGroup, Scheme, ScoreSheet
    >>> scheme = Scheme([RaterGroup("q", members=["Finance Bureau", "Audit Office"])],
    ...                 [Criterion("economy")])
    >>> sheet = ScoreSheet.from_records([
    ...     ("Finance Bureau", "East", "economy", 88), ("Finance Bureau", "West", "economy", 120),
    ...     ("Audit Ofice", "East", "economy", 70)])
    >>> print(check(sheet, scheme))
    2 problems:
      score sheet: rater 'Audit Ofice' is not in the scheme; did you mean 'Audit Office'?
      score sheet: score 120 for rater 'Finance Bureau', unit 'West', criterion 'economy' is outside its scale 0..100.
    <BLANKLINE>
    Coverage: 1 of 2 raters scored all 2 units in full.
    rater         did not score  scored in part
    ------------  -------------  --------------
    Audit Office  East, West     -
    """
    found = inspect(sheet, scheme, adjustments=adjustments, vetoes=vetoes, previous=previous)
    return CheckReport.of(found.problems, found.values, found.plan)


def _scale(values: FloatArray, the_plan: Plan, where: str, origin: str | None) -> list[Problem]:
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


def _recusals(scheme: Scheme, units: tuple[str, ...]) -> list[Problem]:
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


def _recused(values: FloatArray, the_plan: Plan, where: str, origin: str | None) -> list[Problem]:
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


def _missing(
    values: FloatArray, present_weight: FloatArray, the_plan: Plan, where: str, origin: str | None
) -> list[Problem]:
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


def _categories(categories: dict[str, str], units: tuple[str, ...]) -> list[Problem]:
    if not categories:
        return []
    lacking = [u for u in units if u not in categories]
    unknown = [name for name in categories if name not in set(units)]
    return [
        Problem(
            "category",
            f"categories: unit {unit!r} has no category; every unit needs one when categories are used{did_you_mean(unit, unknown)}",
            unit=unit,
        )
        for unit in lacking
    ]


def _tiers(scheme: Scheme, categories: dict[str, str], units: tuple[str, ...]) -> list[Problem]:
    if not any(tier.count is not None for tier in scheme.tiers):
        return []
    if categories and all(u in categories for u in units):
        names, sizes = np.unique([categories[u] for u in units], return_counts=True)
        labels: list[str] = names.tolist()
    else:
        labels, sizes = [], np.array([len(units)])
    _, problems = tier_limits(scheme, sizes.tolist(), labels)
    return [Problem("tier", message) for message in problems]


def _adjustments(adjustments: Sequence[Adjustment], units: tuple[str, ...]) -> list[Problem]:
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


def _vetoes(vetoes: Sequence[Veto], units: tuple[str, ...]) -> list[Problem]:
    known = set(units)
    found = []
    for item in vetoes:
        if not isinstance(item, Veto):
            found.append(Problem("veto", f"vetoes must be Veto objects; got {item!r}."))
        elif item.unit not in known:
            found.append(unknown_unit("Veto", item.unit, units))
    return found
