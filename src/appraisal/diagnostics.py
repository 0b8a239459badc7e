"""Rater diagnostics: which raters pull against the rest, and how much each one decides.

Everything here reads an :class:`~appraisal.Appraisal`: its ``rater_scores`` (the scores
as they entered the fold, so after standardisation and group alignment when the scheme
asks for them), its presence pattern, and the leave-one-rater-out result of
:func:`~appraisal.impact.leave_one_out`. The numbers are computed for all raters and
units at once; only the per-group agreement statistics loop, once per rater group.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from appraisal.agreement import (
    ICCResult,
    KendallWResult,
    KrippendorffAlphaResult,
    icc,
    kendall_w,
    krippendorff_alpha,
)
from appraisal.core import diagnostics as core_diagnostics
from appraisal.errors import InputError
from appraisal.impact import LeaveOneOut, leave_one_out
from appraisal.result import Appraisal, Flag
from appraisal.text import format_table
from appraisal.tree import recusal_mask

__all__ = ["Diagnostics", "GroupAgreement", "diagnose"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

NUMERICAL_ZERO = 1e-9  # of the scheme's scale width: spreads and scales below it count as 0

_FLAG_CODES = ("lenient", "severe", "wide", "narrow", "disagrees", "missing", "residual")


def _readonly(value: Any) -> FloatArray:
    array = np.array(value, dtype=np.float64)
    array.flags.writeable = False
    return array


def _readonly_int(value: Any) -> IntArray:
    array = np.array(value, dtype=np.intp)
    array.flags.writeable = False
    return array


def _equal(a: npt.NDArray[Any], b: npt.NDArray[Any]) -> bool:
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))


_ARRAY_EQ = attrs.cmp_using(eq=_equal)


def _tuple(items: Any) -> tuple[Any, ...]:
    return tuple(items)


def _nested(rows: Any) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(row) for row in rows)


def _mapping(values: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(values))


@frozen
class GroupAgreement:
    """How far the raters of one rater group agree with each other.

    Attributes
    ----------
    group : str
    raters : tuple of str
        Every rater in the group and its nested groups, in tree order.
    alpha : KrippendorffAlphaResult or None
        Interval alpha over all units with two or more of the group's scores.
    kendall_w : KendallWResult or None
        On the units every rater of the group scored.
    icc : ICCResult or None
        On the units every rater of the group scored.
    notes : tuple of str
        Why a statistic is None: the statistic's own error message (a group of one
        rater, too few complete units, raters who all agree exactly on every unit, ...).
    """

    group: str
    raters: tuple[str, ...] = field(converter=_tuple)
    alpha: KrippendorffAlphaResult | None
    kendall_w: KendallWResult | None
    icc: ICCResult | None
    notes: tuple[str, ...] = field(default=(), converter=_tuple)

    def row(self) -> dict[str, Any]:
        """As a plain dict: the statistics, the units each used, and the notes.

        ``icc_single`` is ICC(2,1) (McGraw & Wong's ICC(A,1): one rater's score),
        ``icc_mean`` ICC(2,k) (ICC(A,k): the mean of the group's raters); None where
        the statistic could not be computed.
        """
        forms = None if self.icc is None else self.icc.forms
        return {
            "group": self.group,
            "n_raters": len(self.raters),
            "alpha": None if self.alpha is None else self.alpha.statistic,
            "alpha_units": None if self.alpha is None else self.alpha.n_units,
            "kendall_w": None if self.kendall_w is None else self.kendall_w.statistic,
            "kendall_w_units": None if self.kendall_w is None else self.kendall_w.n_units,
            "icc_single": None if forms is None else forms["ICC(2,1)"].statistic,
            "icc_mean": None if forms is None else forms["ICC(2,k)"].statistic,
            "icc_units": None if self.icc is None else self.icc.n_units,
            "note": " ".join(self.notes),
        }


@frozen
class Diagnostics:
    """A row per rater: leniency, spread, agreement, missing scores, residuals, impact.

    Arrays are read-only and aligned with :attr:`raters` (and :attr:`units`); NaN marks
    a number that is not defined for a rater, and :attr:`notes` says why. Definitions
    are those of :func:`diagnose`.

    Attributes
    ----------
    raters, units : tuple of str
    rater_groups : tuple of str
        Each rater's parent group.
    n_scored : ndarray of int, shape (n_raters,)
        Units the rater scored.
    n_compared : ndarray of int, shape (n_raters,)
        Units the rater scored that at least one other rater scored too.
    leniency : ndarray of float64, shape (n_raters,)
        Mean of :attr:`deviation` over the compared units, in points.
    spread : ndarray of float64, shape (n_raters,)
        The rater's SD over its compared units over the others' pooled SD there.
    agreement : ndarray of float64, shape (n_raters,)
        Pearson correlation of the rater's scores with the base scores without it.
    missing_share : ndarray of float64, shape (n_raters,)
        Share of the units it should have scored that it did not (see :func:`diagnose`).
    deviation : ndarray of float64, shape (n_raters, n_units)
        Score minus the mean of the other raters' scores on that unit.
    residual : ndarray of float64, shape (n_raters, n_units)
        ``deviation - leniency``: what the rater's general leniency does not explain.
    residual_scale : float
        The robust scale the residuals are measured in, in points (see :func:`diagnose`).
    largest_residual, largest_residual_z : ndarray of float64, shape (n_raters,)
        The rater's residual of largest size, signed, in points and in residual scales.
    largest_residual_unit : tuple of str or None
        Where it is (None when there is none).
    largest_rank_change : ndarray of float64, shape (n_raters,)
        The largest ``|rank without the rater - rank|`` over the units ranked both ways.
    impact : LeaveOneOut
        Every unit's base score, score, rank and tier without each rater.
    groups : tuple of GroupAgreement
        One per rater group, root first, in tree order.
    flags : tuple of Flag
        One per threshold a rater crosses: the rater, and what it did, in a sentence.
    rater_flags : tuple of tuple of str
        Per rater, the codes of the thresholds crossed: ``lenient``, ``severe``,
        ``wide``, ``narrow``, ``disagrees``, ``missing``, ``residual``.
    notes : tuple of tuple of str
        Per rater, why a number is NaN, and what else a reader should know.
    thresholds : mapping of str to float
        The thresholds applied (and ``residual_floor``), by parameter name, defaults
        resolved.
    """

    raters: tuple[str, ...] = field(converter=_tuple)
    units: tuple[str, ...] = field(converter=_tuple)
    rater_groups: tuple[str, ...] = field(converter=_tuple, repr=False)
    n_scored: IntArray = field(converter=_readonly_int, eq=_ARRAY_EQ, repr=False)
    n_compared: IntArray = field(converter=_readonly_int, eq=_ARRAY_EQ, repr=False)
    leniency: FloatArray = field(converter=_readonly, eq=_ARRAY_EQ, repr=False)
    spread: FloatArray = field(converter=_readonly, eq=_ARRAY_EQ, repr=False)
    agreement: FloatArray = field(converter=_readonly, eq=_ARRAY_EQ, repr=False)
    missing_share: FloatArray = field(converter=_readonly, eq=_ARRAY_EQ, repr=False)
    deviation: FloatArray = field(converter=_readonly, eq=_ARRAY_EQ, repr=False)
    residual: FloatArray = field(converter=_readonly, eq=_ARRAY_EQ, repr=False)
    residual_scale: float = field(converter=float)
    largest_residual: FloatArray = field(converter=_readonly, eq=_ARRAY_EQ, repr=False)
    largest_residual_z: FloatArray = field(converter=_readonly, eq=_ARRAY_EQ, repr=False)
    largest_residual_unit: tuple[str | None, ...] = field(converter=_tuple, repr=False)
    largest_rank_change: FloatArray = field(converter=_readonly, eq=_ARRAY_EQ, repr=False)
    impact: LeaveOneOut = field(repr=False)
    groups: tuple[GroupAgreement, ...] = field(converter=_tuple, repr=False)
    flags: tuple[Flag, ...] = field(converter=_tuple)
    rater_flags: tuple[tuple[str, ...], ...] = field(converter=_nested, repr=False)
    notes: tuple[tuple[str, ...], ...] = field(converter=_nested, repr=False)
    thresholds: Mapping[str, float] = field(converter=_mapping, hash=False)

    def table(self) -> list[dict[str, Any]]:
        """One plain dict per rater, in the scheme's tree order, ready for JSON.

        Keys: ``rater``, ``group`` (its parent), ``n_scored``, ``n_compared``,
        ``leniency``, ``spread``, ``agreement``, ``missing_share``,
        ``largest_residual``, ``largest_residual_z``, ``largest_residual_unit``,
        ``residual_units`` (every unit at or beyond the residual threshold, largest
        first), ``largest_rank_change``, ``moved_units`` (the units it moves that
        much), ``tier_changes`` (``(unit, tier, tier without the rater)``), ``flags``
        (codes) and ``note``. A number that is not defined is None.
        """
        z = self.residual / self.residual_scale
        beyond = np.nan_to_num(np.abs(z)) >= self.thresholds["residual_threshold"]
        change = np.abs(np.nan_to_num(self.impact.rank_change))
        moved = (change == self.largest_rank_change[:, None]) & (change > 0)
        full = np.empty(len(self.units), dtype=object)
        full[:] = self.impact.full_tiers
        without = np.empty((len(self.raters), len(self.units)), dtype=object)
        without[:] = self.impact.tiers
        tier_changed = without != full
        units = np.array(self.units, dtype=object)
        rows = []
        for r, rater in enumerate(self.raters):
            order = np.argsort(-np.abs(z[r]), kind="stable")
            rows.append(
                {
                    "rater": rater,
                    "group": self.rater_groups[r],
                    "n_scored": int(self.n_scored[r]),
                    "n_compared": int(self.n_compared[r]),
                    "leniency": _number(self.leniency[r]),
                    "spread": _number(self.spread[r]),
                    "agreement": _number(self.agreement[r]),
                    "missing_share": _number(self.missing_share[r]),
                    "largest_residual": _number(self.largest_residual[r]),
                    "largest_residual_z": _number(self.largest_residual_z[r]),
                    "largest_residual_unit": self.largest_residual_unit[r],
                    "residual_units": units[order[beyond[r, order]]].tolist(),
                    "largest_rank_change": float(self.largest_rank_change[r]),
                    "moved_units": units[moved[r]].tolist(),
                    "tier_changes": [
                        (self.units[u], full[u], without[r, u])
                        for u in np.flatnonzero(tier_changed[r]).tolist()
                    ],
                    "flags": list(self.rater_flags[r]),
                    "note": " ".join(self.notes[r]),
                }
            )
        return rows

    def group_table(self) -> list[dict[str, Any]]:
        """One plain dict per rater group (see :meth:`GroupAgreement.row`), root first."""
        return [group.row() for group in self.groups]

    def __str__(self) -> str:
        table = self.table()
        rows = [
            [
                row["rater"],
                _signed(row["leniency"]),
                _plain(row["spread"]),
                _plain(row["agreement"]),
                "-" if row["missing_share"] is None else f"{row['missing_share']:.0%}",
                _signed(row["largest_residual"]),
                _plain(row["largest_residual_z"], digits=1),
                row["largest_residual_unit"] or "-",
                f"{row['largest_rank_change']:g}",
                " ".join(row["flags"]),
            ]
            for row in table
        ]
        raters = format_table(
            [
                "rater",
                "leniency",
                "spread",
                "agreement",
                "missing",
                "residual",
                "z",
                "at unit",
                "rank change",
                "flags",
            ],
            rows,
            right=[False, True, True, True, True, True, True, False, True],
        )
        groups = format_table(
            ["group", "raters", "alpha", "W", "ICC(A,1)", "ICC(A,k)", "units (alpha/W/ICC)"],
            [
                [
                    g["group"],
                    str(g["n_raters"]),
                    _plain(g["alpha"]),
                    _plain(g["kendall_w"]),
                    _plain(g["icc_single"]),
                    _plain(g["icc_mean"]),
                    "/".join("-" if g[k] is None else str(g[k]) for k in _UNIT_KEYS),
                ]
                for g in self.group_table()
            ],
            right=[False, True, True, True, True, True, True],
        )
        lines = [
            raters,
            "",
            f"z: the residual over the panel's robust residual scale, {self.residual_scale:.3g} points.",
        ]
        if self.flags:
            lines += ["", "flags:", *(f"- {f.subject}: {f.reason}" for f in self.flags)]
        lines += ["", groups]
        changes = [
            f"- {row['rater']}: "
            + ", ".join(
                f"{unit} {before} -> {after}" for unit, before, after in row["tier_changes"]
            )
            for row in table
            if row["tier_changes"]
        ]
        if changes:
            lines += ["", "tiers that would change without one rater:", *changes]
        notes = [f"{g.group}: {note}" for g in self.groups for note in g.notes]
        notes += [
            f"{rater}: {note}"
            for rater, mine in zip(self.raters, self.notes, strict=True)
            for note in mine
        ]
        if notes:
            lines += ["", "notes:", *(f"- {note}" for note in notes)]
        return "\n".join(lines)


_UNIT_KEYS = ("alpha_units", "kendall_w_units", "icc_units")


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
      the appraisal gives without it (:func:`~appraisal.impact.leave_one_out`), over the
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
    impact = leave_one_out(result, previous=previous)
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
    recused = recusal_mask(result.scheme, result.units)
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


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.2f}"


def _plain(value: float | None, *, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"
