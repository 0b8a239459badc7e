"""The result objects of the reliability functions: agreement statistics and rater diagnostics."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
from attrs import field, frozen

from appraisal._typing import (
    FloatArray,
    IntArray,
    array_equal,
    as_tuple,
    float_array,
    int_array,
    nan_to_none,
)
from appraisal.reliability.impact import LeaveOneOut
from appraisal.reliability.tables import (
    diagnostics_dict,
    diagnostics_html,
    diagnostics_markdown,
    diagnostics_summary,
    diagnostics_text,
)
from appraisal.result.flags import Flag
from appraisal.result.frames import Column, grid, place, table_columns, to_frame

__all__ = [
    "Diagnostics",
    "GroupAgreement",
    "ICCForm",
    "ICCResult",
    "KendallWResult",
    "KrippendorffAlphaResult",
]

_ARRAY_EQ = attrs.cmp_using(eq=array_equal)
_TABLE = {"rater": "text", "group": "text", "n_scored": "integer", "n_compared": "integer"}
_TABLE |= dict.fromkeys(("leniency", "spread", "agreement", "missing_share"), "number")
_TABLE |= dict.fromkeys(("largest_residual", "largest_residual_z"), "number")
_TABLE |= {"largest_residual_unit": "text", "largest_rank_change": "place"}
_TABLE |= {"flags": "text", "note": "text"}
"""The columns of ``Diagnostics.to_frame()`` and their kinds (:mod:`appraisal.result.frames`)."""
_GROUPS = {"group": "text", "n_raters": "integer", "alpha": "number", "alpha_units": "integer"}
_GROUPS |= {"kendall_w": "number", "kendall_w_units": "integer"}
_GROUPS |= {"icc_single": "number", "icc_mean": "number", "icc_units": "integer", "note": "text"}


def _optional_float(value: float | None) -> float | None:
    return None if value is None else float(value)


def _read_only_mapping(forms: Mapping[str, ICCForm]) -> Mapping[str, ICCForm]:
    return MappingProxyType(dict(forms))


def _nested(rows: Any) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(row) for row in rows)


def _mapping(values: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(values))


@frozen
class KendallWResult:
    """Kendall's W and its chi-square test, on the raters and units used.

    Attributes
    ----------
    statistic : float
        W, corrected for ties: 0 (no agreement) to 1 (identical rankings).
    chi2, df, pvalue : float, int, float or None
        Friedman's ``n_raters (n_units - 1) W`` on ``n_units - 1`` degrees of
        freedom, and its upper-tail p-value (None without scipy).
    rank_sums : ndarray of float64, shape (n_units,)
        Each used unit's sum of ranks (rank 1 = lowest score), in input order.
    n_raters, n_units : int
    """

    statistic: float = field(converter=float)
    chi2: float = field(converter=float)
    df: int
    pvalue: float | None = field(converter=_optional_float)
    rank_sums: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, hash=False)
    n_raters: int
    n_units: int


@frozen
class ICCForm:
    """One intraclass correlation with its F test of ICC = 0 and 95 % interval.

    Attributes
    ----------
    name, mcgraw_wong : str
        Shrout & Fleiss's name (``"ICC(2,1)"``) and McGraw & Wong's (``"ICC(A,1)"``).
    statistic : float
        Negative values are returned as computed.
    f, df1, df2 : float, int, int
        F is infinite when the raters agree exactly on every unit.
    pvalue, ci_low, ci_high : float or None
        None without scipy.
    """

    name: str
    mcgraw_wong: str
    statistic: float = field(converter=float)
    f: float = field(converter=float)
    df1: int
    df2: int
    pvalue: float | None = field(converter=_optional_float)
    ci_low: float | None = field(converter=_optional_float)
    ci_high: float | None = field(converter=_optional_float)


@frozen
class ICCResult:
    """The six Shrout & Fleiss intraclass correlations and their mean squares.

    Attributes
    ----------
    forms : mapping of str to ICCForm
        Keys ``"ICC(1,1)"``, ``"ICC(2,1)"``, ``"ICC(3,1)"``, ``"ICC(1,k)"``,
        ``"ICC(2,k)"``, ``"ICC(3,k)"``.
    ms_units, ms_raters, ms_error, ms_within : float
        Shrout & Fleiss's BMS, JMS, EMS and WMS.
    n_raters, n_units : int
        The raters and units used (their k and n).
    """

    forms: Mapping[str, ICCForm] = field(converter=_read_only_mapping, hash=False)
    ms_units: float = field(converter=float)
    ms_raters: float = field(converter=float)
    ms_error: float = field(converter=float)
    ms_within: float = field(converter=float)
    n_raters: int
    n_units: int


@frozen
class KrippendorffAlphaResult:
    """Krippendorff's alpha and the disagreements it compares.

    Attributes
    ----------
    statistic : float
        ``1 - observed / expected``; negative values are returned as computed.
    level : str
    observed, expected : float
        Krippendorff's D_o and D_e, per pairable value.
    n_pairable, n_units : int
        Ratings (Krippendorff's n) and units in units with two or more ratings.
    """

    statistic: float = field(converter=float)
    level: str
    observed: float = field(converter=float)
    expected: float = field(converter=float)
    n_pairable: int
    n_units: int


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
    raters: tuple[str, ...] = field(converter=as_tuple)
    alpha: KrippendorffAlphaResult | None
    kendall_w: KendallWResult | None
    icc: ICCResult | None
    notes: tuple[str, ...] = field(default=(), converter=as_tuple)

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


@frozen(repr=False)
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

    raters: tuple[str, ...] = field(converter=as_tuple)
    units: tuple[str, ...] = field(converter=as_tuple)
    rater_groups: tuple[str, ...] = field(converter=as_tuple, repr=False)
    n_scored: IntArray = field(converter=int_array, eq=_ARRAY_EQ, repr=False)
    n_compared: IntArray = field(converter=int_array, eq=_ARRAY_EQ, repr=False)
    leniency: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    spread: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    agreement: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    missing_share: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    deviation: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    residual: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    residual_scale: float = field(converter=float)
    largest_residual: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    largest_residual_z: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    largest_residual_unit: tuple[str | None, ...] = field(converter=as_tuple, repr=False)
    largest_rank_change: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    impact: LeaveOneOut = field(repr=False)
    groups: tuple[GroupAgreement, ...] = field(converter=as_tuple, repr=False)
    flags: tuple[Flag, ...] = field(converter=as_tuple)
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
                    "leniency": nan_to_none(self.leniency[r]),
                    "spread": nan_to_none(self.spread[r]),
                    "agreement": nan_to_none(self.agreement[r]),
                    "missing_share": nan_to_none(self.missing_share[r]),
                    "largest_residual": nan_to_none(self.largest_residual[r]),
                    "largest_residual_z": nan_to_none(self.largest_residual_z[r]),
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

    def to_frame(self, kind: str = "table", backend: str = "pandas") -> Any:
        """A pandas or polars DataFrame (see :mod:`appraisal.result.frames`).

        `kind`: ``"table"`` (:meth:`table` without its lists of units, ``flags`` as
        comma-separated codes), ``"groups"`` (:meth:`group_table`), or ``"units"``: a
        row per rater and unit with ``deviation``, ``residual``, ``residual_z`` and
        ``rank_change`` (rank without the rater minus rank), where those lists come from.

        Examples
        --------
        >>> import appraisal as ap
        >>> from appraisal.data import appraise_example
        >>> frame = ap.reliability.diagnose(appraise_example()[0]).to_frame()
        >>> frame.dtypes[["n_scored", "leniency", "largest_rank_change"]].tolist()
        [Int64Dtype(), dtype('float64'), Int64Dtype()]
        """
        rows = [{**row, "flags": ", ".join(row["flags"])} for row in self.table()]
        kinds = {
            "table": lambda: table_columns(rows, _TABLE),
            "groups": lambda: table_columns(self.group_table(), _GROUPS),
            "units": lambda: grid(
                ("rater", Column(self.raters)),
                ("unit", Column(self.units)),
                deviation=Column(self.deviation, "number"),
                residual=Column(self.residual, "number"),
                residual_z=Column(self.residual / self.residual_scale, "number"),
                rank_change=place(self.impact.rank_change),
            ),
        }
        return to_frame("Diagnostics.to_frame", kind, backend, kinds)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready): :meth:`table`, :meth:`group_table`, the flags, the scale, the thresholds."""
        return diagnostics_dict(self)

    def to_markdown(self) -> str:
        """The text form with Markdown tables: raters, flags, groups, tier changes, notes."""
        return diagnostics_markdown(self)

    def __repr__(self) -> str:
        return f"<Diagnostics: {diagnostics_summary(self)}>"

    def _repr_html_(self) -> str:
        return diagnostics_html(self)

    def __str__(self) -> str:
        return diagnostics_text(self)
