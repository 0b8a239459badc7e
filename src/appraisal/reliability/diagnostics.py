"""Rater diagnostics: which raters pull against the rest, and how much each one decides.

Everything here reads an :class:`~appraisal.Appraisal`: its ``rater_scores`` (the scores
as they entered the fold, so after standardisation and group alignment when the scheme
asks for them), its presence pattern, and the leave-one-rater-out result of
:func:`~appraisal.reliability.impact.leave_one_out`. The numbers are computed for all raters and
units at once; only the per-group agreement statistics loop, once per rater group.
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np

from appraisal._typing import BoolArray, FloatArray, IntArray
from appraisal.core import diagnostics as core_diagnostics
from appraisal.errors import InputError
from appraisal.pipeline.plan import plan
from appraisal.reliability.agreement import icc, kendall_w, krippendorff_alpha
from appraisal.reliability.impact import LeaveOneOut, rerun_without_each
from appraisal.reliability.results import Diagnostics, GroupAgreement
from appraisal.result.appraisal import Appraisal
from appraisal.result.flags import Flag

__all__ = ["diagnose"]

NUMERICAL_ZERO = 1e-9  # of the scheme's scale width: spreads and scales below it count as 0

_FLAG_CODES = ("lenient", "severe", "wide", "narrow", "disagrees", "missing", "residual")


def diagnose(
    result: Appraisal,
    *,
    leniency_threshold: float | None = None,
    spread_threshold: float = 1.5,
    agreement_threshold: float = 0.5,
    missing_threshold: float = 0.2,
    residual_threshold: float = 3.5,
    residual_floor: float | None = None,
    previous: Appraisal | None = None,
) -> Diagnostics:
    """Rater diagnostics: leniency, spread, agreement, missing scores, residuals and impact.

    All numbers read ``result.rater_scores``, the scores as they entered the fold (after
    standardisation and group alignment, when the scheme asks for them: a z-scored
    rater's leniency is then 0 by construction). For rater ``r`` and unit ``u``, "the
    others" are every other rater of the scheme that scored ``u``; units only ``r``
    scored are not compared.

    - **deviation** ``d[r, u] = s[r, u] - mean of the others' s[., u]`` (unweighted);
    - **leniency** ``L[r]``: the mean of ``d[r, u]`` over the ``K`` compared units, in
      points. Adding ``c`` to every score of rater ``r`` changes ``L[r]`` by exactly
      ``c``, and the leniency of another rater ``q`` by
      ``-c / K[q] * sum(1 / (n[u] - 1))`` over the units both scored (``n[u]`` raters
      scored ``u``): ``-c / (n - 1)`` with complete scores;
    - **spread**: the rater's SD over its compared units divided by the others' pooled
      SD on those units, ``sqrt(sum SS[q] / sum (N[q] - 1))`` over the other raters
      ``q``, with ``SS[q]`` the sum of squared deviations of ``q``'s scores from their
      own mean over the ``N[q]`` of those units it scored (both SDs with ddof 1). Above 1
      the rater spreads its scores more than the others, so it carries more than its
      nominal weight (:meth:`~appraisal.Appraisal.effective_weights`);
    - **agreement**: the Pearson correlation of the rater's scores with the base scores
      the appraisal gives without it (:func:`~appraisal.reliability.impact.leave_one_out`), over the
      units both exist for; it needs 3 such units and spread on both sides;
    - **missing share**: the share of the units the rater should have scored that it did
      not. It should have scored every unit it is not recused from, in every category
      of which it scored at least one unit (all units, if it scored none): a rater that
      scores only the townships, by its remit, is not missing the development zones —
      its notes say which categories it left out;
    - **residual** ``e[r, u] = d[r, u] - L[r]``, what the rater's leniency does not
      explain: a unit scored far above its usual leniency (possible favouritism, or a
      unit it should have recused from) or far below. Residuals are measured in one
      robust scale for the whole panel, ``1.4826 * median(|e - median(e)|)`` over every
      compared (rater, unit) pair of the raters compared on two or more units — the normal-consistent MAD, which one favoured unit
      cannot inflate — or, if that is 0 (most residuals equal), ``1.2533 * mean(|e|)``;
      but never less than ``residual_floor``. Reported: the rater's residual of largest
      size, in points and in this scale (``z``), and its unit. A rater that spreads its
      scores much more or less than the others also has large residuals, at the units
      scored far from the middle: read them with its spread;
    - **impact**: the largest ``|rank without the rater - rank|`` over the units ranked
      both ways, the units it moves that much, and the units whose tier it decides.

    Agreement per rater group (every group, root first): interval
    :func:`~appraisal.reliability.krippendorff_alpha` on the rows of its raters, and
    :func:`~appraisal.reliability.kendall_w` and :func:`~appraisal.reliability.icc` on
    the units all of them scored; a statistic that cannot be computed is None and the
    group's ``notes`` say why.

    Parameters
    ----------
    result : Appraisal
    leniency_threshold : float, optional
        Flag ``lenient`` at ``L >= threshold``, ``severe`` at ``L <= -threshold``, in
        points. Default: 5 % of the scheme's scale width (5 points on 0..100).
    spread_threshold : float, default 1.5
        Flag ``wide`` at ``spread >= threshold``, ``narrow`` at ``spread <= 1 / threshold``.
    agreement_threshold : float, default 0.5
        Flag ``disagrees`` at ``agreement < threshold``.
    missing_threshold : float, default 0.2
        Flag ``missing`` at ``missing share > threshold``.
    residual_threshold : float, default 3.5
        Flag ``residual`` at ``|largest z| >= threshold`` (Iglewicz & Hoaglin's cut-off
        for MAD-based z-scores).
    residual_floor : float, optional
        The least residual scale, in points, so that a nearly noiseless panel does not
        flag residuals of a fraction of a point. Default: 1 % of the scheme's scale
        width (1 point on 0..100).
    previous : Appraisal, optional
        Last year's appraisal, needed when the scheme breaks ties by ``previous_rank``.

    Returns
    -------
    Diagnostics

    Raises
    ------
    InputError
        `result` is not an Appraisal, or a threshold is out of range.

    References
    ----------
    - Myford, C. M. & Wolfe, E. W. (2003). Detecting and measuring rater effects using
      many-facet Rasch measurement: Part I. *Journal of Applied Measurement* 4(4),
      386-422 (leniency/severity, centrality, halo: the effects measured here).
    - Iglewicz, B. & Hoaglin, D. C. (1993). *How to Detect and Handle Outliers*. ASQC
      Quality Press, Milwaukee (MAD-based z-scores, the 3.5 cut-off).

    Examples
    --------
    Rater C gives every unit 12 points more than rater A, and the others scatter
    around A. C's leniency is 12; each of the three others is 4 below the mean of
    the rest, because C is among them (``-12 / (4 - 1)``):

    >>> import appraisal as ap
    >>> sheet = ap.ScoreSheet.from_array(
    ...     [[60, 70, 80, 50], [62, 68, 82, 48], [72, 82, 92, 62], [58, 72, 78, 52]],
    ...     raters=["A", "B", "C", "D"], units=["w", "x", "y", "z"])
    >>> found = diagnose(ap.appraise(sheet, ap.Scheme(["A", "B", "C", "D"])))
    >>> found.leniency
    array([-4., -4., 12., -4.])
    >>> found.flags
    (Flag(subject='C', reason='lenient: scores +12.00 points from the mean of the others on average, over 4 units (threshold ±5).'),)
    >>> found.table()[2]["flags"], found.table()[2]["agreement"]
    (['lenient'], 1.0)
    """
    if not isinstance(result, Appraisal):
        message = f"diagnose: result must be an Appraisal; got {type(result).__name__}."
        raise InputError(message)
    low, high = result.scheme.scale
    width = high - low
    thresholds = {
        "leniency_threshold": _positive(
            "leniency_threshold", 0.05 * width if leniency_threshold is None else leniency_threshold
        ),
        "spread_threshold": _checked("spread_threshold", spread_threshold, "> 1", 1.0, math.inf),
        "agreement_threshold": _checked(
            "agreement_threshold", agreement_threshold, "in -1..1", -1.0, 1.0, closed=True
        ),
        "missing_threshold": _checked(
            "missing_threshold", missing_threshold, "in 0..1 (1 excluded)", 0.0, 1.0, low_in=True
        ),
        "residual_threshold": _positive("residual_threshold", residual_threshold),
        "residual_floor": _positive(
            "residual_floor", 0.01 * width if residual_floor is None else residual_floor
        ),
    }
    the_plan = plan(result.scheme, result.units)
    impact = rerun_without_each(result, the_plan, previous=previous)
    scores = np.asarray(result.rater_scores, dtype=np.float64)
    present = ~np.isnan(scores)
    zero = NUMERICAL_ZERO * width

    deviation, compared = core_diagnostics.deviations(scores, present)
    n_compared = compared.sum(axis=1)
    leniency = core_diagnostics.ratio(np.where(compared, deviation, 0.0).sum(axis=1), n_compared)
    residual = np.where(compared, deviation - leniency[:, None], np.nan)
    residual[n_compared < 2] = np.nan  # one compared unit: its residual is 0 by construction
    scale = core_diagnostics.residual_scale(residual, zero, thresholds["residual_floor"])
    largest, largest_at = core_diagnostics.largest_residuals(residual)
    spread = core_diagnostics.spread_ratios(scores, present, compared, zero)
    agreement = core_diagnostics.correlations(scores, impact.base)
    recused = the_plan.recused
    should, skipped = _remit(result.categories, present)
    expected = (should & ~recused).sum(axis=1)
    missing = (should & ~recused & ~present).sum(axis=1)
    missing_share = core_diagnostics.ratio(missing.astype(np.float64), expected)
    rank_change = np.abs(np.nan_to_num(impact.rank_change))
    largest_rank_change = rank_change.max(axis=1, initial=0.0)

    units = result.units
    diagnostics = Diagnostics(
        raters=result.raters,
        units=units,
        rater_groups=[result.scheme.parents[name] for name in result.raters],
        n_scored=present.sum(axis=1),
        n_compared=n_compared,
        leniency=leniency,
        spread=spread,
        agreement=agreement,
        missing_share=missing_share,
        deviation=deviation,
        residual=residual,
        residual_scale=scale,
        largest_residual=largest,
        largest_residual_z=largest / scale,
        largest_residual_unit=[None if u < 0 else units[u] for u in largest_at.tolist()],
        largest_rank_change=largest_rank_change,
        impact=impact,
        groups=_group_agreement(result),
        flags=(),
        rater_flags=[() for _ in result.raters],
        notes=_notes(result, impact, present, n_compared, spread, agreement, expected, skipped),
        thresholds=thresholds,
    )
    codes, flags = _flags(diagnostics, missing, expected)
    return attrs.evolve(diagnostics, flags=flags, rater_flags=codes)


def _remit(
    categories: tuple[str | None, ...], present: BoolArray
) -> tuple[BoolArray, list[list[str]]]:
    """Where each rater should have scored: the categories it scored any unit of.

    Returns the (n_raters, n_units) mask and, per rater, the categories it left out.
    """
    index: dict[str | None, int] = {}
    codes = np.array([index.setdefault(c, len(index)) for c in categories], dtype=np.intp)
    scored = np.stack(  # (n_raters, n_categories); a loop over the few categories
        [present[:, codes == k].any(axis=1) for k in range(len(index))], axis=1
    )
    scored[~scored.any(axis=1)] = True  # scored nothing: it should have scored everything
    names = list(index)
    skipped = [[str(names[k]) for k in np.flatnonzero(~row).tolist()] for row in scored]
    return scored[:, codes], skipped


def _group_agreement(result: Appraisal) -> list[GroupAgreement]:
    rater_at = {name: r for r, name in enumerate(result.raters)}
    out = []
    for group in result.scheme.groups:  # a few groups; the statistics are vectorised
        names = group.rater_names()
        if len(names) < 2:
            out.append(
                GroupAgreement(
                    group.name,
                    names,
                    None,
                    None,
                    None,
                    [f"the group has {len(names)} rater; agreement needs at least 2."],
                )
            )
            continue
        ratings = result.rater_scores[[rater_at[n] for n in names]]
        notes: list[str] = []
        found: list[Any] = []
        for statistic in (krippendorff_alpha, kendall_w, icc):
            try:
                found.append(statistic(ratings))
            except InputError as error:
                found.append(None)
                notes.append(str(error))
        alpha, concordance, correlations = found
        out.append(GroupAgreement(group.name, names, alpha, concordance, correlations, notes))
    return out


def _notes(
    result: Appraisal,
    impact: LeaveOneOut,
    present: BoolArray,
    n_compared: IntArray,
    spread: FloatArray,
    agreement: FloatArray,
    expected: IntArray,
    skipped: list[list[str]],
) -> list[tuple[str, ...]]:
    lost_base = np.isnan(impact.base) & ~np.isnan(result.base)
    n_scored = present.sum(axis=1)
    notes = []
    for r in range(len(result.raters)):  # sentences only; the numbers are computed above
        mine: list[str] = []
        if n_scored[r] == 0:
            mine.append("scored no unit.")
        elif n_compared[r] == 0:
            mine.append("no unit it scored was scored by another rater: nothing to compare.")
        elif n_compared[r] < 2:
            mine.append("compared on 1 unit only: no residuals, no spread.")
        elif np.isnan(spread[r]):
            mine.append(
                "spread undefined: no other rater's scores vary over two or more of its units."
            )
        if n_scored[r] and np.isnan(agreement[r]):
            mine.append(
                f"agreement undefined: needs {core_diagnostics.MIN_CORRELATION_UNITS} units with a score from it "
                "and a base score without it, varying on both sides."
            )
        if expected[r] == 0:
            mine.append("recused from every unit.")
        if skipped[r]:
            word = "category" if len(skipped[r]) == 1 else "categories"
            left = ", ".join(map(repr, skipped[r]))
            mine.append(f"scored no unit of {word} {left}: those units do not count as missing.")
        lost = [result.units[u] for u in np.flatnonzero(lost_base[r]).tolist()]
        if lost:
            mine.append(
                f"without it {', '.join(map(repr, lost))} would have no base score "
                "(it is the only rater there, or a group falls below its quorum)."
            )
        notes.append(tuple(mine))
    return notes


def _flags(
    found: Diagnostics, missing: IntArray, expected: IntArray
) -> tuple[list[tuple[str, ...]], list[Flag]]:
    t = found.thresholds
    lenient = t["leniency_threshold"]
    wide = t["spread_threshold"]
    tests = {  # NaN compares False: a number that is not defined never flags
        "lenient": found.leniency >= lenient,
        "severe": found.leniency <= -lenient,
        "wide": found.spread >= wide,
        "narrow": found.spread <= 1 / wide,
        "disagrees": found.agreement < t["agreement_threshold"],
        "missing": found.missing_share > t["missing_threshold"],
        "residual": np.abs(found.largest_residual_z) >= t["residual_threshold"],
    }
    codes: list[tuple[str, ...]] = []
    flags: list[Flag] = []
    for r, rater in enumerate(found.raters):  # sentences for the raters flagged
        mine = tuple(code for code in _FLAG_CODES if tests[code][r])
        codes.append(mine)
        flags += [Flag(rater, _sentence(found, code, r, missing, expected)) for code in mine]
    return codes, flags


def _sentence(found: Diagnostics, code: str, r: int, missing: IntArray, expected: IntArray) -> str:
    t = found.thresholds
    if code in ("lenient", "severe"):
        return (
            f"{code}: scores {found.leniency[r]:+.2f} points from the mean of the others on "
            f"average, over {found.n_compared[r]} units (threshold ±{t['leniency_threshold']:g})."
        )
    if code in ("wide", "narrow"):
        return (
            f"{code}: spreads its scores {found.spread[r]:.2f} times as widely as the others "
            f"(thresholds {t['spread_threshold']:g} and 1/{t['spread_threshold']:g})."
        )
    if code == "disagrees":
        return (
            f"disagrees: its scores correlate {found.agreement[r]:.2f} with the base scores "
            f"without it (threshold {t['agreement_threshold']:g})."
        )
    if code == "missing":
        return (
            f"missing: did not score {missing[r]} of {expected[r]} units "
            f"({found.missing_share[r]:.0%}; threshold {t['missing_threshold']:.0%})."
        )
    e, z = found.largest_residual[r], found.largest_residual_z[r]
    direction = "above" if e > 0 else "below"
    return (
        f"residual: scored {found.largest_residual_unit[r]!r} {abs(e):.2f} points {direction} "
        f"what its leniency predicts ({abs(z):.1f} residual scales; threshold "
        f"{t['residual_threshold']:g}): check for favouritism or prejudice, or a unit it "
        "should have recused from."
    )


def _positive(name: str, value: object) -> float:
    return _checked(name, value, "> 0", 0.0, math.inf)


def _checked(
    name: str,
    value: object,
    requirement: str,
    low: float,
    high: float,
    *,
    closed: bool = False,
    low_in: bool = False,
) -> float:
    number = (
        float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
    )
    ok = number is not None and (
        (low <= number <= high)
        if closed
        else ((low <= number if low_in else low < number) and number < high)
    )
    if not ok or number is None:
        message = f"diagnose: {name} must be a finite number {requirement}; got {value!r}."
        raise InputError(message)
    return number
