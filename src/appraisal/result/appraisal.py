"""The result of an appraisal: published scores and ranks, and everything that explains them."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from appraisal import core
from appraisal._text import did_you_mean
from appraisal._typing import array_equal, as_tuple, float_array, sealed
from appraisal.errors import InputError
from appraisal.model.events import Adjustment, Veto
from appraisal.model.policies import TieBreak, step_name
from appraisal.model.scheme import Scheme
from appraisal.model.sheet import ScoreSheet
from appraisal.result._converters import optional_array, optional_labels, optional_mapping, pairs
from appraisal.result.compare import Comparison, compare
from appraisal.result.display import appraisal_html, appraisal_summary
from appraisal.result.explain import Explanation, explain_units
from appraisal.result.flags import Flag
from appraisal.result.frames import appraisal_frame
from appraisal.result.manifest import Manifest, manifest
from appraisal.result.result_dict import result_fields, result_to_dict
from appraisal.result.tables import markdown_table, table_rows, write_csv
from appraisal.result.workbook import write_result

__all__ = ["Appraisal", "EffectiveWeight"]


_ARRAY_EQ = attrs.cmp_using(eq=array_equal)


@frozen
class EffectiveWeight:
    """A group's or rater's nominal and effective weight.

    Attributes
    ----------
    nominal : float
        The product of normalised weights down the tree: the share the scheme intends.
    effective : float
        ``cov(contribution, base) / var(base)`` over the units with a base score: the
        share of the base scores' spread it actually carries. Siblings add up to their
        parent's, and the top level to 1.
    note : str
        Why `effective` equals `nominal` when the base scores have no spread.
    """

    nominal: float
    effective: float
    note: str = ""


@frozen(repr=False)
class Appraisal:
    """What :func:`~appraisal.appraise` returns.

    Arrays are read-only and aligned with :attr:`units`, :attr:`raters` and
    :attr:`groups`. ``base[u] == Σr influence[r, u] * rater_scores[r, u]`` over present
    raters, and ``influence[:, u].sum() == 1`` for every scored unit.

    Attributes
    ----------
    scheme : Scheme
        The scheme applied.
    sheet : ScoreSheet
        The scores, aligned to the scheme (its raters and criteria, in its order).
    base : ndarray of float64, shape (n_units,)
        The raters' result, unrounded; NaN for a unit nobody scored.
    score : ndarray of float64, shape (n_units,)
        The published score: rounded half-up as printed at the scheme's ``decimals``.
    rank : ndarray of float64, shape (n_units,)
        The rank of the published score (1 is best); NaN for a unit nobody scored.
    rater_scores : ndarray of float64, shape (n_raters, n_units)
        Each rater's score for each unit as it entered the fold; NaN where absent.
    influence : ndarray of float64, shape (n_raters, n_units)
        The weight with which each rater's score entered each unit's base; 0 where absent.
    group_scores : ndarray of float64, shape (n_groups, n_units)
        Each group's score, root first, in tree order; NaN where the group is absent.
    coverage : ndarray of int, shape (n_units,)
        How many raters scored each unit.
    trimmed : ndarray of bool, shape (n_raters, n_units)
        Present, but dropped by a rule (median or trimming) for that unit.
    flags : tuple of Flag
    version : str
        The version of `appraisal` that computed the result.
    categories : tuple of str or None
        Each unit's category (None without categories); ranks and tiers are within it.
    overall_rank : ndarray of float64 or None
        The rank across categories, when the scheme asks for it.
    tiers : tuple of str or None
        Each unit's tier (None without tiers, for a unit not scored, or excluded by a veto).
    bonus, deduction : ndarray of float64, shape (n_units,)
        The adjustment points applied, after the caps.
    adjustments : tuple of Adjustment
        The adjustments applied (each evidence id once).
    vetoes : tuple of Veto
        One per vetoed unit.
    tie_pairs : ndarray of int, shape (n_pairs, 3)
        Neighbours tied on their published score: the two units' positions (better
        placed first) and the cascade step that separated them (1 for the first step,
        0 when none did). :attr:`tie_breaks` gives the same as records.
    quota_boundary : tuple of str
        Units of tied blocks that straddled a tier's quota (either ``quota_ties``
        choice treats them differently).
    previous_ranks : mapping of str to float or None
        Last year's rank of each unit, when a previous result was given.
    recorded : Manifest or None
        The manifest read from a result file (None for a result computed here);
        :attr:`manifest` returns it.

    Examples
    --------
    >>> import appraisal as ap
    >>> scheme = ap.Scheme([ap.RaterGroup("quantitative", 0.65, members=["A", "B"]),
    ...                     ap.RaterGroup("other", 0.35, members=["C"])])
    >>> sheet = ap.ScoreSheet.from_records([
    ...     ("A", "East", "score", 86), ("B", "East", "score", 78), ("C", "East", "score", 60),
    ...     ("A", "West", "score", 85), ("C", "West", "score", 93.8)])
    >>> result = ap.appraise(sheet, scheme)
    >>> result.units, result.score, result.rank
    (('East', 'West'), array([74.3 , 88.08]), array([2., 1.]))

    B did not score West, so A carries its group's 65 % there:

    >>> result.influence
    array([[0.325, 0.65 ],
           [0.325, 0.   ],
           [0.35 , 0.35 ]])
    >>> np.nansum(result.influence * result.rater_scores, axis=0)
    array([74.3 , 88.08])
    >>> result.table()[0]["unit"], result.coverage
    ('West', array([3, 2]))
    """

    scheme: Scheme
    sheet: ScoreSheet = field(repr=False)
    base: npt.NDArray[np.float64] = field(converter=sealed, eq=_ARRAY_EQ, repr=False)
    score: npt.NDArray[np.float64] = field(converter=sealed, eq=_ARRAY_EQ, repr=False)
    rank: npt.NDArray[np.float64] = field(converter=sealed, eq=_ARRAY_EQ, repr=False)
    rater_scores: npt.NDArray[np.float64] = field(converter=sealed, eq=_ARRAY_EQ, repr=False)
    influence: npt.NDArray[np.float64] = field(converter=sealed, eq=_ARRAY_EQ, repr=False)
    group_scores: npt.NDArray[np.float64] = field(converter=sealed, eq=_ARRAY_EQ, repr=False)
    coverage: npt.NDArray[np.int_] = field(converter=sealed, eq=_ARRAY_EQ, repr=False)
    trimmed: npt.NDArray[np.bool_] = field(converter=sealed, eq=_ARRAY_EQ, repr=False)
    flags: tuple[Flag, ...] = field(converter=as_tuple)
    version: str
    categories: tuple[str | None, ...] = field(
        default=None, converter=optional_labels, kw_only=True
    )
    overall_rank: npt.NDArray[np.float64] | None = field(
        default=None, converter=optional_array, eq=_ARRAY_EQ, repr=False, kw_only=True
    )
    tiers: tuple[str | None, ...] = field(default=None, converter=optional_labels, kw_only=True)
    bonus: npt.NDArray[np.float64] = field(
        default=None, converter=optional_array, eq=_ARRAY_EQ, repr=False, kw_only=True
    )
    deduction: npt.NDArray[np.float64] = field(
        default=None, converter=optional_array, eq=_ARRAY_EQ, repr=False, kw_only=True
    )
    adjustments: tuple[Adjustment, ...] = field(default=(), converter=as_tuple, kw_only=True)
    vetoes: tuple[Veto, ...] = field(default=(), converter=as_tuple, kw_only=True)
    tie_pairs: npt.NDArray[np.intp] = field(
        default=None, converter=pairs, eq=_ARRAY_EQ, repr=False, kw_only=True
    )
    quota_boundary: tuple[str, ...] = field(default=(), converter=as_tuple, kw_only=True)
    previous_ranks: Mapping[str, float] | None = field(
        default=None, converter=optional_mapping, kw_only=True, repr=False
    )
    recorded: Manifest | None = field(default=None, kw_only=True, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        n = len(self.sheet.units)
        for name in ("categories", "tiers"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, (None,) * n)
        for name in ("bonus", "deduction"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, float_array(np.zeros(n)))
        self._check_shapes(n)

    def _check_shapes(self, n: int) -> None:
        """Every array and label tuple must fit the units, raters and groups."""
        r, g = len(self.scheme.rater_names), len(self.scheme.groups)
        one: tuple[int, ...] = (n,)
        expected = dict.fromkeys(("base", "score", "rank", "coverage", "bonus", "deduction"), one)
        expected |= dict.fromkeys(("rater_scores", "influence", "trimmed"), (r, n))
        expected["group_scores"] = (g, n)
        if self.overall_rank is not None:
            expected["overall_rank"] = (n,)
        for name, shape in expected.items():
            actual = getattr(self, name).shape
            if actual != shape:
                message = f"Appraisal: {name} must have shape {shape} (units {n}, raters {r}, groups {g}); got {actual}."
                raise InputError(message)
        for name in ("categories", "tiers"):
            if len(getattr(self, name)) != n:
                message = f"Appraisal: {name} must give one entry per unit ({n}); got {len(getattr(self, name))}."
                raise InputError(message)
        if self.sheet.raters != self.scheme.rater_names:
            message = "Appraisal: the sheet's raters must be the scheme's, in its order (an aligned sheet)."
            raise InputError(message)

    @cached_property
    def manifest(self) -> Manifest:
        """What the result was computed from: versions and hashes of its inputs.

        Computed on first access; for a result read from a file, the manifest the file
        recorded (:func:`appraisal.verify` compares the two).
        """
        if self.recorded is not None:
            return self.recorded
        return manifest(
            self.scheme,
            self.sheet,
            self.adjustments,
            self.vetoes,
            self.previous_ranks,
            version=self.version,
        )

    @cached_property
    def tie_breaks(self) -> tuple[TieBreak, ...]:
        """For every pair of neighbours tied on their published score, which step separated them."""
        steps = [None, *(step_name(s) for s in self.scheme.tie_break)]
        return tuple(
            TieBreak((self.units[a], self.units[b]), self.categories[a], steps[step])
            for a, b, step in self.tie_pairs.tolist()
        )

    @property
    def units(self) -> tuple[str, ...]:
        """The units, in canonical order."""
        return self.sheet.units

    @property
    def raters(self) -> tuple[str, ...]:
        """The raters, in the scheme's tree order."""
        return self.scheme.rater_names

    @property
    def groups(self) -> tuple[str, ...]:
        """Every rater group's name, root first, in tree order."""
        return tuple(g.name for g in self.scheme.groups)

    def unit_index(self, unit: str) -> int:
        """The position of `unit` in :attr:`units`; a clear error for an unknown one."""
        try:
            return self.units.index(unit)
        except ValueError:
            message = f"no unit named {unit!r}{did_you_mean(unit, self.units)}"
            raise InputError(message) from None

    def table(self) -> list[dict[str, Any]]:
        """One plain dict per unit, best first; units not scored last, with the reason.

        Keys: ``unit``, ``category``, ``score``, ``rank``, ``tier``, ``base``,
        ``bonus``, ``deduction``, ``veto`` (its reason), ``coverage``, ``note``, and
        ``overall_rank`` when the scheme asks for it; by category when there are
        categories. Plain floats and ints (None where there is none): ready for JSON.
        """
        return table_rows(self)

    def explain(self, unit: str, other: str | None = None) -> Explanation:
        """Contributions to a unit's base score by group, rater and criterion.

        With two units, each one's contributions and their difference.
        """
        units = [unit] if other is None else [unit, other]
        return explain_units(self, [self.unit_index(u) for u in units])

    def compare(
        self, previous: Appraisal, *, renamed: Mapping[str, str] | None = None
    ) -> Comparison:
        """Compare with last year's appraisal, unit by unit (争先进位).

        Per unit in both years: score change, rank change within its category (places
        gained), tier change, and a progress ranking by places gained. Units new this
        year or gone since are listed, not dropped; ``renamed={new: old}`` maps renamed
        units one to one (a merged or split unit appears as new and gone). Schemes may
        differ; the comparison lists the settings that do.
        """
        return compare(self, previous, renamed=renamed)

    def effective_weights(self) -> Mapping[str, EffectiveWeight]:
        """Every group's and rater's nominal and effective weight, root first, in tree order.

        A rater whose scores spread widely, or a group whose scores agree with the
        ranking, carries more of the base scores' spread than its nominal weight says;
        a lenient, compressed group carries less.
        """
        nominal = self.scheme.nominal_weights
        rater_shares = core.effective_weights(
            core.contributions(self.influence, self.rater_scores), self.base
        )
        if rater_shares is None:
            note = "the base scores have no spread (fewer than two units, or all equal): effective is set to nominal"
            return MappingProxyType(
                {name: EffectiveWeight(w, w, note) for name, w in nominal.items()}
            )
        rater_at = {name: r for r, name in enumerate(self.raters)}
        shares = {name: float(rater_shares[r]) for name, r in rater_at.items()}
        for group in self.scheme.groups:
            shares[group.name] = math.fsum(rater_shares[[rater_at[n] for n in group.rater_names()]])
        return MappingProxyType(
            {name: EffectiveWeight(w, shares[name]) for name, w in nominal.items()}
        )

    def to_dict(self, *, include_sheet: bool = True) -> dict[str, Any]:
        """The result as plain data (NaN as None); :meth:`from_dict` reverses it exactly.

        Without the sheet (`include_sheet` false) it is a *slim* result: it records the
        sheet's hash and verifies against the score file (:func:`appraisal.verify`).
        """
        return result_to_dict(self, include_sheet=include_sheet)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, origin: str = "result") -> Appraisal:
        """Rebuild a result from :meth:`to_dict`'s plain data, checked key by key.

        Raises
        ------
        InputError
            An unknown or missing key, a wrong type or shape, a number not finite or
            out of range, or a slim result (no sheet), naming the key path.
        """
        return cls(**result_fields(data, origin=origin))

    def to_csv(self, path: str | os.PathLike[str]) -> None:
        """Write :meth:`table` as CSV (UTF-8 with a BOM), formula-like text neutralised (:mod:`appraisal.result.tables`)."""
        write_csv(self, path)

    def to_excel(
        self, path: str | os.PathLike[str], *, lang: str = "en", previous: Appraisal | None = None
    ) -> None:
        """Write an Excel workbook: a sheet per category, the explanation, the comparison with last year.

        Values only, text neutralised; ``lang="zh"`` gives Chinese column titles; with
        `previous`, the comparison in full. See :mod:`appraisal.result.workbook` (the
        ``excel`` extra).
        """
        write_result(self, path, lang=lang, previous=previous)

    def to_frame(self, kind: str = "table", backend: str = "pandas") -> Any:
        """The result as a pandas or polars DataFrame (see :mod:`appraisal.result.frames`).

        `kind`: ``"table"`` (:meth:`table`), ``"rater_scores"``, ``"influence"``, ``"group_scores"``.

        Examples
        --------
        >>> from appraisal.data import appraise_example
        >>> appraise_example()[0].to_frame().dtypes["rank"]
        Int64Dtype()
        """
        return appraisal_frame(self, kind, backend)

    def __repr__(self) -> str:
        return f"<Appraisal: {appraisal_summary(self)}>"

    def _repr_html_(self) -> str:
        return appraisal_html(self)

    def to_markdown(self) -> str:
        """:meth:`table` as a Markdown table: rank, unit, score, coverage (and notes)."""
        return markdown_table(self)

    def to_json(self, *, indent: int | None = None, include_sheet: bool = True) -> str:
        """The result as JSON text: exact (floats written in full), NaN as null.

        It holds the scheme, the sheet, the events and the :attr:`manifest`, so that
        :func:`appraisal.verify` recomputes it from the file alone; with
        `include_sheet` false, from the file and the score file.
        """
        data = self.to_dict(include_sheet=include_sheet)
        return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> Appraisal:
        """Rebuild a result from :meth:`to_json`'s text (checked as :meth:`from_dict` does)."""
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            message = f"result: not valid JSON ({error})."
            raise InputError(message) from None
        return cls.from_dict(data)
