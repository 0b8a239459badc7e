"""What a result was computed from: versions, options and SHA-256 hashes of canonical inputs.

The hashes do not depend on how the inputs were written down:

- **scheme**: its plain-data form (:func:`~appraisal.model.scheme_dict.scheme_to_dict`)
  as JSON with sorted keys, no insignificant whitespace, UTF-8.
- **sheet**: a JSON header — the labels of the raters and criteria that hold a score,
  sorted; every unit, sorted; the units' categories; the explicit unit order when one
  was given (else null) — then the scores in that label order, as little-endian IEEE 754
  binary64 (``<f8``) with one fixed bit pattern for a missing score and ``-0.0`` written
  as ``0.0``. File format, encoding, record order and axis order change none of it;
  every score, unit and category does.
- **events**: the adjustments and vetoes as applied (each evidence id once, a unit
  vetoed once) and last year's ranks, as sorted JSON; None without any.

Nothing time-dependent is hashed.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
from attrs import field, frozen

from appraisal._version import __version__
from appraisal.model.events import Adjustment, Veto
from appraisal.model.scheme import Scheme
from appraisal.model.scheme_dict import scheme_to_dict
from appraisal.model.sheet import ScoreSheet

__all__ = ["HASHES", "Manifest", "events_sha256", "manifest", "scheme_sha256", "sheet_sha256"]

_MISSING = np.array([0x7FF8000000000000], dtype="<u8").view("<f8")[0]
"""The one NaN that stands for a missing score in the hashed bytes."""
HASHES = ("scheme_sha256", "sheet_sha256", "events_sha256")


def _frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


@frozen
class Manifest:
    """What a result was computed from, so that anyone can recompute it and compare.

    Attributes
    ----------
    version : str
        The version of `appraisal` that computed the result.
    numpy, python : str
        The versions of numpy and Python that computed it.
    scheme_sha256, sheet_sha256 : str
        SHA-256 of the canonical scheme and scores (see :mod:`appraisal.result.manifest`).
    events_sha256 : str or None
        SHA-256 of the adjustments, vetoes and last year's ranks; None without any.
    options : mapping
        Every argument of the call that is not data (empty for :func:`~appraisal.appraise`).
    seed : int or None
        The seed of random draws; None for deterministic work.
    library : str
        ``"appraisal"``.

    Examples
    --------
    >>> from appraisal.data import appraise_example
    >>> m = appraise_example()[0].manifest
    >>> m.library, len(m.sheet_sha256), m.seed
    ('appraisal', 64, None)
    """

    version: str
    numpy: str
    python: str
    scheme_sha256: str
    sheet_sha256: str
    events_sha256: str | None
    options: Mapping[str, Any] = field(factory=dict, converter=_frozen_mapping)
    seed: int | None = None
    library: str = "appraisal"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (:meth:`from_dict` reverses it)."""
        data = attrs.asdict(self)
        data["options"] = dict(self.options)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Manifest:
        """Rebuild a manifest from :meth:`to_dict`'s plain data (checked by the loader)."""
        return cls(**data)

    def derived(self, *, options: Mapping[str, Any], seed: int | None = None) -> Manifest:
        """The manifest of an analysis of the result: the same inputs, its own options and seed."""
        return attrs.evolve(self, options=options, seed=seed)


def manifest(
    scheme: Scheme,
    sheet: ScoreSheet,
    adjustments: Sequence[Adjustment],
    vetoes: Sequence[Veto],
    previous_ranks: Mapping[str, float] | None,
    *,
    version: str = __version__,
) -> Manifest:
    """The manifest of an appraisal of these inputs, computed in this environment."""
    return Manifest(
        version=version,
        numpy=np.__version__,
        python=platform.python_version(),
        scheme_sha256=scheme_sha256(scheme),
        sheet_sha256=sheet_sha256(sheet),
        events_sha256=events_sha256(adjustments, vetoes, previous_ranks),
    )


def scheme_sha256(scheme: Scheme) -> str:
    """SHA-256 of the scheme's canonical JSON.

    Examples
    --------
    >>> from appraisal import Scheme
    >>> scheme_sha256(Scheme(["A", "B"])) == scheme_sha256(Scheme(["A", "B"]))
    True
    """
    return _sha256_json(scheme_to_dict(scheme))


def sheet_sha256(sheet: ScoreSheet) -> str:
    """SHA-256 of the sheet's canonical form: the same scores give the same hash.

    Examples
    --------
    >>> from appraisal import ScoreSheet
    >>> one = ScoreSheet.from_records([("A", "x", "score", 80), ("B", "y", "score", 70)])
    >>> two = ScoreSheet.from_records([("B", "y", "score", 70.0), ("A", "x", "score", 80)])
    >>> sheet_sha256(one) == sheet_sha256(two)
    True
    """
    values = sheet.values
    scored = ~np.isnan(values)
    raters = _sorted_where(sheet.raters, scored.any(axis=(1, 2)))
    criteria = _sorted_where(sheet.criteria, scored.any(axis=(0, 1)))
    units = sorted(range(len(sheet.units)), key=sheet.units.__getitem__)
    header = {
        "raters": [sheet.raters[i] for i in raters],
        "criteria": [sheet.criteria[i] for i in criteria],
        "units": [sheet.units[i] for i in units],
        "categories": dict(sorted(sheet.categories.items())),
        "unit_order": list(sheet.units) if sheet.ordered else None,
    }
    block = values[np.ix_(raters, units, criteria)] + 0.0  # -0.0 becomes 0.0
    block[np.isnan(block)] = _MISSING
    digest = hashlib.sha256(_canonical_json(header))
    digest.update(np.ascontiguousarray(block, dtype="<f8").tobytes())
    return digest.hexdigest()


def events_sha256(
    adjustments: Sequence[Adjustment],
    vetoes: Sequence[Veto],
    previous_ranks: Mapping[str, float] | None,
) -> str | None:
    """SHA-256 of the applied events and last year's ranks; None when there are none."""
    if not adjustments and not vetoes and previous_ranks is None:
        return None
    data = {
        "adjustments": sorted((attrs.asdict(a) for a in adjustments), key=_canonical_json),
        "vetoes": sorted((attrs.asdict(v) for v in vetoes), key=_canonical_json),
        "previous": None
        if previous_ranks is None
        else {u: None if r != r else r for u, r in sorted(previous_ranks.items())},
    }
    return _sha256_json(data)


def _sorted_where(labels: tuple[str, ...], keep: Any) -> list[int]:
    return sorted((i for i in range(len(labels)) if keep[i]), key=labels.__getitem__)


def _canonical_json(data: Any) -> bytes:
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _sha256_json(data: Any) -> str:
    return hashlib.sha256(_canonical_json(data)).hexdigest()
