"""The result's plain-data form: what :meth:`Appraisal.to_dict <appraisal.Appraisal.to_dict>` writes and reads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from appraisal._typing import FloatArray, plain
from appraisal.errors import InputError
from appraisal.model.events import Adjustment, Veto
from appraisal.model.scheme_dict import scheme_from_dict, scheme_to_dict
from appraisal.model.sheet import ScoreSheet
from appraisal.result.flags import Flag

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["FORMAT", "result_fields", "result_to_dict"]

FORMAT = "appraisal.result/1"

_ARRAYS = ("base", "score", "rank", "rater_scores", "influence", "group_scores")


def result_to_dict(result: Appraisal) -> dict[str, Any]:
    """The result as plain data (NaN as None), ready for JSON; :func:`result_fields` reverses it."""
    sheet = result.sheet
    return {
        "format": FORMAT,
        "version": result.version,
        "scheme": scheme_to_dict(result.scheme),
        "sheet": {
            "raters": list(sheet.raters),
            "units": list(sheet.units),
            "criteria": list(sheet.criteria),
            "values": plain(sheet.values),
        },
        **{name: plain(getattr(result, name)) for name in _ARRAYS},
        "coverage": plain(result.coverage),
        "trimmed": plain(result.trimmed),
        "flags": [[flag.subject, flag.reason] for flag in result.flags],
        "categories": list(result.categories),
        "overall_rank": None if result.overall_rank is None else plain(result.overall_rank),
        "tiers": list(result.tiers),
        "bonus": plain(result.bonus),
        "deduction": plain(result.deduction),
        "adjustments": [attrs.asdict(a) for a in result.adjustments],
        "vetoes": [attrs.asdict(v) for v in result.vetoes],
        "tie_pairs": result.tie_pairs.tolist(),
        "quota_boundary": list(result.quota_boundary),
    }


def result_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The fields of an :class:`~appraisal.Appraisal`, from :func:`result_to_dict`'s plain data."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        message = f"result: not an appraisal result (its 'format' must be {FORMAT!r})."
        raise InputError(message)
    raw = data["sheet"]
    arrays: dict[str, Any] = {name: _floats(data[name]) for name in _ARRAYS}
    overall = data.get("overall_rank")
    return {
        "scheme": scheme_from_dict(data["scheme"], origin="result scheme"),
        "sheet": ScoreSheet(raw["raters"], raw["units"], raw["criteria"], _floats(raw["values"])),
        "flags": tuple(Flag(subject, reason) for subject, reason in data["flags"]),
        "version": data["version"],
        **arrays,
        "coverage": np.array(data["coverage"], dtype=np.int_),
        "trimmed": np.array(data["trimmed"], dtype=bool).reshape(arrays["influence"].shape),
        "categories": data["categories"],
        "overall_rank": None if overall is None else _floats(overall),
        "tiers": data["tiers"],
        "bonus": _floats(data["bonus"]),
        "deduction": _floats(data["deduction"]),
        "adjustments": [Adjustment(**a) for a in data["adjustments"]],
        "vetoes": [Veto(**v) for v in data["vetoes"]],
        "tie_pairs": data["tie_pairs"],
        "quota_boundary": data["quota_boundary"],
    }


def _floats(data: Any) -> FloatArray:
    """Nested lists with None for NaN, as float64 (None converts to NaN)."""
    return np.array(data, dtype=np.float64)
