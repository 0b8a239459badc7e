"""The one validator: every input problem of a score sheet, a scheme and their events.

:func:`inspect` is the only producer of input problems. :func:`~appraisal.appraise`
raises the first problem it finds; :func:`check` (and ``appraisal check``) lists them
all, with the coverage of the scores; the file loaders word their problems with the
same message builders. So a sheet passes :func:`check` exactly when
:func:`~appraisal.appraise` accepts it, and both say the same thing when it does not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from attrs import frozen

from appraisal import core
from appraisal._typing import FloatArray, IntArray
from appraisal.model.events import Adjustment, Veto
from appraisal.model.scheme import Scheme
from appraisal.model.sheet import ScoreSheet
from appraisal.pipeline import input_checks
from appraisal.pipeline.coverage import CheckReport
from appraisal.pipeline.outcome import outcome
from appraisal.pipeline.plan import Plan, plan
from appraisal.pipeline.problems import (
    Problem,
    not_in_scheme,
)
from appraisal.pipeline.rater_side import rater_side
from appraisal.result.flags import Flag

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["Inspection", "align", "check", "event_problems", "inspect", "report"]


@frozen(eq=False)
class Inspection:
    """What :func:`inspect` found, and what it computed on the way (for :func:`~appraisal.appraise`).

    Attributes
    ----------
    problems : tuple of Problem
        In the order :func:`~appraisal.appraise` meets them.
    sheet : ScoreSheet
        The sheet inspected, its units in canonical order (:meth:`ScoreSheet.canonical`).
    plan : Plan
    values : ndarray of float64, shape (n_raters, n_units, n_criteria)
        The scores aligned to the scheme (:func:`align`).
    passed : core.RaterScores
        The criteria pass over `values`.
    scores : ndarray of float64, shape (n_raters, n_units)
        The rater scores as they entered the fold (recused pairs absent, standardised
        and aligned as the scheme asks).
    folded : core.Fold
    coverage : ndarray of int, shape (n_units,)
        Raters present per unit.
    flags : tuple of Flag
        What the rater side did that qualifies a published number.
    """

    problems: tuple[Problem, ...]
    sheet: ScoreSheet
    plan: Plan
    values: FloatArray
    passed: core.RaterScores
    scores: FloatArray
    folded: core.Fold
    coverage: IntArray
    flags: tuple[Flag, ...]


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
    previous: Appraisal | Mapping[str, float] | None = None,
) -> Inspection:
    """Every problem of `sheet` and the events under `scheme`, in the order appraise meets them."""
    sheet = sheet.canonical()
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
    origin = sheet.origin
    if passed.outside:
        found += input_checks.outside(values, the_plan, where, origin)
    found += input_checks.unscored_criteria(passed.scored, the_plan, where, origin)
    found += input_checks.recusals(scheme, sheet.units)
    found += input_checks.recused(values, the_plan, where, origin)
    if scheme.missing == "error":
        found += input_checks.missing(values, passed.present_weight, the_plan, where, origin)
    raw, flags = passed.scores, []
    if the_plan.recused.any():
        recused = the_plan.recused & ~np.isnan(passed.scores)
        flags = [
            Flag(
                scheme.rater_names[r],
                f"score for unit {sheet.units[u]!r} dropped: the rater is recused from it",
            )
            for r, u in np.argwhere(recused).tolist()
        ]
        raw = np.where(the_plan.recused, np.nan, passed.scores)
    coverage = len(scheme.rater_names) - np.count_nonzero(np.isnan(raw), axis=0)
    scores, folded, side = rater_side(raw, the_plan)
    flags += side
    lacking, renormalized = input_checks.absent_groups(
        folded.group_scores[the_plan.tree_order], coverage, the_plan, where, origin
    )
    found += lacking
    flags += renormalized
    if scheme.align_groups:
        found += input_checks.aligned_outside(folded.base, the_plan, where)
    categories = dict(scheme.categories) or dict(sheet.categories)
    found += input_checks.categories(categories, sheet.units, scheme)
    found += input_checks.tiers(scheme, categories, sheet.units)
    if scheme.standardize != "none" and len(sheet.units) == 1:
        message = (
            f"Scheme: standardize={scheme.standardize!r} needs at least two units to compare a "
            f"rater's scores across; the score sheet has {len(sheet.units)}."
        )
        found.append(Problem("standardize", message))
    found += event_problems(scheme, sheet.units, adjustments, vetoes, previous)
    return Inspection(
        tuple(found), sheet, the_plan, values, passed, scores, folded, coverage, tuple(flags)
    )


def event_problems(
    scheme: Scheme,
    units: tuple[str, ...],
    adjustments: Sequence[Adjustment],
    vetoes: Sequence[Veto],
    previous: Appraisal | Mapping[str, float] | None,
) -> list[Problem]:
    """The problems of the events and the previous result, in the order appraise meets them.

    Adjustments and vetoes for units the sheet lacks, an evidence id given twice with
    different content, and a missing previous result where a tie-break step needs one.
    """
    found = [*input_checks.adjustments(adjustments, units), *input_checks.vetoes(vetoes, units)]
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
    previous: Appraisal | Mapping[str, float] | None = None,
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
    return report(
        found,
        found.problems,
        sheet,
        scheme,
        adjustments=adjustments,
        vetoes=vetoes,
        previous=previous,
    )


def report(
    found: Inspection,
    problems: Sequence[Problem],
    sheet: ScoreSheet,
    scheme: Scheme,
    *,
    adjustments: Sequence[Adjustment],
    vetoes: Sequence[Veto],
    previous: Appraisal | Mapping[str, float] | None,
) -> CheckReport:
    """The report of `problems`; without any, also the warnings the appraisal would carry."""
    warnings: tuple[Flag, ...] = ()
    if not problems:
        result = outcome(found, scheme, adjustments=adjustments, vetoes=vetoes, previous=previous)
        warnings = result.flags
    return CheckReport.of(problems, found.values, found.plan, warnings)
