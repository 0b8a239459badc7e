"""Recounting a result: check that its inputs are the ones it recorded, recompute, compare.

:func:`verify` first compares hashes — of the inputs the result holds and of any input
files given — with the result's manifest, and stops at the first that differs (an
edited score or scheme weight is one difference, not hundreds). Then it recomputes the
result from those inputs and lists every published value that differs, unit by unit.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from attrs import frozen

from appraisal._typing import as_tuple, plain
from appraisal._version import __version__
from appraisal.errors import AppraisalWarning, InputError
from appraisal.io.events import load_adjustments, load_vetoes
from appraisal.io.results import load_result, result_data, result_of
from appraisal.io.schemes import load_scheme
from appraisal.io.sheets import load_sheet
from appraisal.model.events import Adjustment, Veto
from appraisal.model.scheme import Scheme
from appraisal.model.sheet import ScoreSheet
from appraisal.pipeline.appraise import appraise
from appraisal.pipeline.publication import applied_adjustments, applied_vetoes, last_ranks
from appraisal.result.appraisal import Appraisal
from appraisal.result.manifest import events_sha256, scheme_sha256, sheet_sha256
from appraisal.result.result_dict import is_slim

__all__ = ["Difference", "Verification", "verify"]

PathLike = str | os.PathLike[str]
_PER_UNIT = ("base", "score", "rank", "overall_rank", "bonus", "deduction", "coverage")
_LABELS = ("categories", "tiers")
_WHOLE = ("flags", "adjustments", "vetoes", "tie_pairs", "quota_boundary")


@frozen
class Difference:
    """One value that the result records and the recount does not give.

    Attributes
    ----------
    field : str
        What differs: a hash of the manifest (``"sheet_sha256"``), a published field
        (``"score"``) or one row of a matrix (``"influence['财政局']"``).
    unit : str or None
        The unit, for a per-unit value.
    stored, recomputed : object
        The value the result holds, and the one recomputed (or the input's hash).
    """

    field: str
    unit: str | None
    stored: Any
    recomputed: Any


@frozen
class Verification:
    """What :func:`verify` found.

    Attributes
    ----------
    differences : tuple of Difference
    notes : tuple of str
        What qualifies the verdict, such as a result written by another version.
    """

    differences: tuple[Difference, ...] = attrs.field(converter=as_tuple)
    notes: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)

    @property
    def ok(self) -> bool:
        """True when the inputs hash as recorded and everything recomputes identically."""
        return not self.differences

    def __str__(self) -> str:
        lines = [f"note: {note}" for note in self.notes]
        if self.ok:
            lines.append("verified: every input and published value recomputes identically")
            return "\n".join(lines)
        count = len(self.differences)
        lines.append(f"{count} difference{'s' if count > 1 else ''}:")
        for d in self.differences:
            where = f" {d.unit!r}" if d.unit is not None else ""
            lines.append(f"  {d.field}{where}: stored {d.stored!r}, recomputed {d.recomputed!r}")
        return "\n".join(lines)


def verify(
    result: Appraisal | PathLike,
    *,
    sheet: ScoreSheet | PathLike | None = None,
    scheme: Scheme | PathLike | None = None,
    adjustments: Sequence[Adjustment] | PathLike | None = None,
    vetoes: Sequence[Veto] | PathLike | None = None,
    previous: Appraisal | Mapping[str, float] | PathLike | None = None,
) -> Verification:
    """Recount a result: its inputs hash as its manifest says, and it recomputes identically.

    Parameters
    ----------
    result : Appraisal or path-like
        A result, or a file written by :meth:`Appraisal.to_json` (a slim one, written
        with ``include_sheet=False``, needs `sheet`).
    sheet, scheme, adjustments, vetoes, previous : object or path-like, optional
        Inputs to check against the manifest's hashes and recompute from, instead of
        the ones the result holds (files are read as ``appraisal rank`` reads them).

    Returns
    -------
    Verification
        Its ``differences`` list either the first input whose hash differs, or every
        published value that differs, by field and unit.

    Raises
    ------
    InputError
        A file that cannot be read as a result or an input, or a slim result without
        `sheet`.

    Examples
    --------
    >>> import appraisal as ap
    >>> from appraisal.data import appraise_example
    >>> result, _ = appraise_example()
    >>> ap.verify(ap.Appraisal.from_json(result.to_json())).ok
    True
    """
    if isinstance(result, Appraisal):
        stored = result
    else:
        name = os.fspath(result)
        data = result_data(result)
        if is_slim(data):
            if sheet is None:
                message = f"{name}: a slim result holds no scores; pass the score file it was computed from (verify(..., sheet=PATH), or --scores PATH)."
                raise InputError(message)
            sheet = _sheet(sheet)  # read once: it is also the sheet recomputed from
            manifest = data.get("manifest")
            if not isinstance(manifest, dict):
                result_of(data, name)  # the strict reader names the fault
            recorded = manifest.get("sheet_sha256") if isinstance(manifest, dict) else None
            given = sheet_sha256(sheet)
            if given != recorded:
                return Verification([Difference("sheet_sha256", None, recorded, given)])
            data = {**data, "sheet": {**data["sheet"], "values": _values(sheet, data["sheet"])}}
        stored = result_of(data, name)
    inputs: dict[str, Any] = {
        "scheme": stored.scheme if scheme is None else _scheme(scheme),
        "sheet": stored.sheet if sheet is None else _sheet(sheet),
        "adjustments": stored.adjustments if adjustments is None else _adjustments(adjustments),
        "vetoes": stored.vetoes if vetoes is None else _vetoes(vetoes),
        "previous": stored.previous_ranks if previous is None else _previous(previous),
    }
    notes = []
    if stored.manifest.version != __version__:
        notes.append(
            f"the result was written by appraisal {stored.manifest.version}; recomputed with {__version__}"
        )
    mismatch = _hashes(stored, inputs)
    if mismatch is not None:
        return Verification([mismatch], notes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AppraisalWarning)
        again = appraise(
            inputs["sheet"], inputs["scheme"], adjustments=inputs["adjustments"],
            vetoes=inputs["vetoes"], previous=inputs["previous"],
        )  # fmt: skip
    return Verification(differences(stored, again), notes)


def differences(stored: Appraisal, again: Appraisal) -> list[Difference]:
    """Every published value of `stored` that `again` does not reproduce exactly."""
    if stored.units != again.units:
        return [Difference("units", None, stored.units, again.units)]
    found = []
    for name in (*_PER_UNIT, *_LABELS):
        one, two = getattr(stored, name), getattr(again, name)
        if one is None or two is None:
            if (one is None) != (two is None):
                found.append(Difference(name, None, _plain(one), _plain(two)))
            continue
        found += [
            Difference(name, stored.units[u], _plain(one[u]), _plain(two[u]))
            for u in range(len(stored.units))
            if not _same(one[u], two[u])
        ]
    for name, labels in (
        ("rater_scores", stored.raters),
        ("influence", stored.raters),
        ("trimmed", stored.raters),
        ("group_scores", stored.groups),
    ):
        one, two = getattr(stored, name), getattr(again, name)
        rows, columns = np.nonzero(~_equal(one, two))
        found += [
            Difference(f"{name}[{labels[r]!r}]", stored.units[u], _plain(one[r, u]), _plain(two[r, u]))
            for r, u in zip(rows.tolist(), columns.tolist(), strict=True)
        ]  # fmt: skip
    for name in _WHOLE:
        one, two = getattr(stored, name), getattr(again, name)
        if not (np.array_equal(one, two) if name == "tie_pairs" else one == two):
            found.append(Difference(name, None, _plain(one), _plain(two)))
    return found


def _hashes(stored: Appraisal, inputs: dict[str, Any]) -> Difference | None:
    """The first input whose hash is not the recorded one."""
    recorded = stored.manifest
    vetoed = dict.fromkeys((v.unit for v in inputs["vetoes"]), 0)  # the hash sorts them
    events = events_sha256(
        applied_adjustments(inputs["adjustments"]),
        applied_vetoes(inputs["vetoes"], vetoed),
        last_ranks(inputs["previous"]),
    )
    for name, now in (
        ("scheme_sha256", scheme_sha256(inputs["scheme"])),
        ("sheet_sha256", sheet_sha256(inputs["sheet"])),
        ("events_sha256", events),
    ):
        if getattr(recorded, name) != now:
            return Difference(name, None, getattr(recorded, name), now)
    return None


def _values(sheet: ScoreSheet, labels: Mapping[str, Any]) -> Any:
    """The given sheet's scores laid out on the slim result's labels (NaN where it has none)."""
    axes = [labels.get("raters"), labels.get("units"), labels.get("criteria")]
    positions = []
    for wanted, given in zip(axes, (sheet.raters, sheet.units, sheet.criteria), strict=True):
        if not isinstance(wanted, list):
            return None  # the strict reader names the fault
        at = {name: i for i, name in enumerate(given)}
        positions.append(np.array([at.get(name, -1) for name in wanted], dtype=np.intp))
    values = (
        sheet.values[np.ix_(*positions)].copy()
        if sheet.values.size
        else np.full(tuple(len(p) for p in positions), np.nan)
    )
    lacking = np.ix_(*(p < 0 for p in positions))
    values[lacking[0] | lacking[1] | lacking[2]] = np.nan
    return plain(values)


def _sheet(sheet: ScoreSheet | PathLike) -> ScoreSheet:
    return sheet if isinstance(sheet, ScoreSheet) else load_sheet(sheet)


def _scheme(scheme: Scheme | PathLike) -> Scheme:
    return scheme if isinstance(scheme, Scheme) else load_scheme(scheme)


def _adjustments(adjustments: Sequence[Adjustment] | PathLike) -> tuple[Adjustment, ...]:
    if isinstance(adjustments, str | os.PathLike):
        return load_adjustments(adjustments)
    return tuple(adjustments)


def _vetoes(vetoes: Sequence[Veto] | PathLike) -> tuple[Veto, ...]:
    return load_vetoes(vetoes) if isinstance(vetoes, str | os.PathLike) else tuple(vetoes)


def _previous(previous: Appraisal | Mapping[str, float] | PathLike) -> Any:
    return load_result(previous) if isinstance(previous, str | os.PathLike) else previous


def _same(one: Any, two: Any) -> bool:
    if isinstance(one, float | np.floating) and isinstance(two, float | np.floating):
        return bool(one == two or (np.isnan(one) and np.isnan(two)))
    return bool(one == two)


def _equal(one: Any, two: Any) -> Any:
    equal = one == two
    if one.dtype.kind == "f":
        equal |= np.isnan(one) & np.isnan(two)
    return equal


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        value = value.item()
    return None if isinstance(value, float) and np.isnan(value) else value
