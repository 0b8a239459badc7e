"""The result's plain-data form: what :meth:`Appraisal.to_dict <appraisal.Appraisal.to_dict>` writes and reads."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from appraisal._typing import plain
from appraisal.errors import InputError
from appraisal.model.events import Adjustment, Veto
from appraisal.model.scheme_dict import scheme_from_dict, scheme_to_dict
from appraisal.model.sheet import ScoreSheet
from appraisal.result.flags import Flag
from appraisal.result.manifest import HASHES, Manifest
from appraisal.result.result_check import Reader

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["FORMAT", "is_slim", "plain_ranks", "result_fields", "result_to_dict"]

FORMAT = "appraisal.result/1"

_ARRAYS = ("base", "score", "rank", "rater_scores", "influence", "group_scores")
_KEYS = (
    "format", "version", "manifest", "scheme", "sheet", *_ARRAYS, "coverage", "trimmed",
    "flags", "categories", "overall_rank", "tiers", "bonus", "deduction", "adjustments",
    "vetoes", "previous", "tie_pairs", "quota_boundary",
)  # fmt: skip
_SHEET_KEYS = ("raters", "units", "criteria", "ordered", "categories", "values")
_MANIFEST_KEYS = ("library", "version", "numpy", "python", *HASHES, "options", "seed")


def result_to_dict(result: Appraisal, *, include_sheet: bool = True) -> dict[str, Any]:
    """The result as plain data (NaN as None), ready for JSON; :func:`result_fields` reverses it."""
    sheet = result.sheet
    return {
        "format": FORMAT,
        "version": result.version,
        "manifest": result.manifest.to_dict(),
        "scheme": scheme_to_dict(result.scheme),
        "sheet": {
            "raters": list(sheet.raters),
            "units": list(sheet.units),
            "criteria": list(sheet.criteria),
            "ordered": sheet.ordered,
            "categories": dict(sheet.categories),
            "values": plain(sheet.values) if include_sheet else None,
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
        "previous": None if result.previous_ranks is None else plain_ranks(result.previous_ranks),
        "tie_pairs": result.tie_pairs.tolist(),
        "quota_boundary": list(result.quota_boundary),
    }


def plain_ranks(ranks: Mapping[str, float]) -> dict[str, float | None]:
    """Ranks by unit with None for NaN."""
    return {u: None if math.isnan(r) else r for u, r in ranks.items()}


def is_slim(data: Mapping[str, Any]) -> bool:
    """Whether plain result data was written without its sheet's scores."""
    sheet = data.get("sheet")
    return isinstance(sheet, Mapping) and sheet.get("values", 0) is None


def result_fields(data: Any, *, origin: str = "result") -> dict[str, Any]:
    """The fields of an :class:`~appraisal.Appraisal`, from :func:`result_to_dict`'s plain data.

    Checks the structure key by key (:class:`~appraisal.result.result_check.Reader`) and
    raises :class:`InputError` naming `origin` and the key path of the first fault.
    """
    read = Reader(origin)
    data = read.keys(data, "", _KEYS)
    if data["format"] != FORMAT:
        wanted = f"{FORMAT!r}, a result as Appraisal.to_json writes it"
        raise read.fail("format", wanted, data["format"])
    read.text(data["version"], "version")
    scheme = scheme_from_dict(read.mapping(data["scheme"], "scheme"), origin=f"{origin}: scheme")
    if is_slim(data):
        message = f"{origin}: a slim result (written without the sheet's scores) cannot be loaded alone; verify it with appraisal.verify(result, sheet=...) and the score file, or write the result with include_sheet=True."
        raise InputError(message)
    raw = read.keys(data["sheet"], "sheet", _SHEET_KEYS)
    raters = read.texts(raw["raters"], "sheet.raters")
    units = read.texts(raw["units"], "sheet.units")
    criteria = read.texts(raw["criteria"], "sheet.criteria")
    r, n, c, g = len(raters), len(units), len(criteria), len(scheme.groups)
    if not isinstance(raw["ordered"], bool):
        raise read.fail("sheet.ordered", "true or false", raw["ordered"])
    sheet_categories = read.keys(raw["categories"], "sheet.categories", (), tuple(units))
    for unit, category in sheet_categories.items():
        read.text(category, f"sheet.categories[{unit!r}]")
    sheet = ScoreSheet(
        raters, units, criteria, read.numbers(raw["values"], "sheet.values", (r, n, c)),
        categories=sheet_categories, ordered=raw["ordered"],
    )  # fmt: skip
    fields: dict[str, Any] = {"scheme": scheme, "sheet": sheet, "version": data["version"]}
    shapes = {"base": (n,), "score": (n,), "rater_scores": (r, n), "group_scores": (g, n)}
    for name, shape in shapes.items():
        fields[name] = read.numbers(data[name], name, shape)
    rank = {"within": _at_least(1), "wanted": "a rank >= 1 or null"}
    fields["rank"] = read.numbers(data["rank"], "rank", (n,), **rank)
    overall = data["overall_rank"]
    fields["overall_rank"] = (
        None if overall is None else read.numbers(overall, "overall_rank", (n,), **rank)
    )
    fields["influence"] = read.numbers(
        data["influence"], "influence", (r, n), within=lambda v: (v >= 0) & (v <= 1),
        wanted="a number from 0 to 1",
    )  # fmt: skip
    for name in ("bonus", "deduction"):
        fields[name] = read.numbers(
            data[name], name, (n,), within=_at_least(0), wanted="a number >= 0"
        )
    fields["coverage"] = read.integers(data["coverage"], "coverage", (n,), 0, r)
    fields["trimmed"] = read.booleans(data["trimmed"], "trimmed", (r, n))
    fields["flags"] = [
        Flag(*read.texts(pair, f"flags[{i}]", 2))
        for i, pair in enumerate(read.items(data["flags"], "flags"))
    ]
    fields["categories"] = read.texts(data["categories"], "categories", n, optional=True)
    fields["tiers"] = read.texts(data["tiers"], "tiers", n, optional=True)
    fields["adjustments"] = [
        Adjustment(**read.keys(a, f"adjustments[{i}]", ("unit", "points", "reason"), ("kind", "evidence")))
        for i, a in enumerate(read.items(data["adjustments"], "adjustments"))
    ]  # fmt: skip
    fields["vetoes"] = [
        Veto(**read.keys(v, f"vetoes[{i}]", ("unit", "reason")))
        for i, v in enumerate(read.items(data["vetoes"], "vetoes"))
    ]
    previous = data["previous"]
    if previous is not None:
        previous = {
            u: float(read.numbers(value, f"previous[{u!r}]", (), **rank))
            for u, value in read.mapping(previous, "previous").items()
        }
    fields["previous_ranks"] = previous
    pairs = read.items(data["tie_pairs"], "tie_pairs")
    fields["tie_pairs"] = read.integers(
        pairs, "tie_pairs", (len(pairs), 3), 0, max(n - 1, len(scheme.tie_break))
    )
    fields["quota_boundary"] = read.texts(data["quota_boundary"], "quota_boundary")
    fields["recorded"] = _manifest(read, data["manifest"])
    return fields


def _manifest(read: Reader, data: Any) -> Manifest:
    fields = read.keys(data, "manifest", _MANIFEST_KEYS)
    for name in ("library", "version", "numpy", "python"):
        read.text(fields[name], f"manifest.{name}")
    for name in HASHES:
        read.sha256(fields[name], f"manifest.{name}", optional=name == "events_sha256")
    read.mapping(fields["options"], "manifest.options")
    seed = fields["seed"]
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise read.fail("manifest.seed", "an integer or null", seed)
    return Manifest.from_dict(fields)


def _at_least(low: float) -> Any:
    return lambda values: values >= low
