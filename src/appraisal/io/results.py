"""Result files: reading an appraisal's JSON back, and writing a year-over-year comparison.

A result file is what :meth:`Appraisal.to_json <appraisal.Appraisal.to_json>` and
``appraisal rank --format json`` write; :func:`load_result` reads one, for example last
year's, to hand to ``appraise(..., previous=)`` or to compare with. A comparison is
written as CSV, JSON or Markdown for publication.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping
from typing import Any

import attrs

from appraisal.compare import Comparison, ComparisonRow
from appraisal.errors import AppraisalError, InputError
from appraisal.io.encoding import read_text
from appraisal.publish import neutralise
from appraisal.result import FORMAT, Appraisal
from appraisal.serial import scheme_from_dict

__all__ = ["comparison_csv", "comparison_json", "comparison_markdown", "load_result"]

COMPARISON_FORMAT = "appraisal.comparison/1"
_SCORES = ("score", "previous_score", "score_change")
_PLACES = ("rank", "previous_rank", "places_gained", "progress_rank")


def load_result(path: str | os.PathLike[str]) -> Appraisal:
    """Read an appraisal result from a JSON file, as :meth:`Appraisal.to_json` writes it.

    Parameters
    ----------
    path : path-like
        A JSON file written by ``Appraisal.to_json()`` or ``appraisal rank --format
        json``; read as UTF-8 (GB18030 too, if the whole file decodes as GB18030).

    Returns
    -------
    Appraisal
        Equal to the result that was written.

    Raises
    ------
    InputError
        Text that is not JSON (naming the line), JSON that is not an appraisal result
        (its ``format`` must be ``"appraisal.result/1"``), or a result with a key
        missing or of the wrong form; the message names the file.
    SchemeError
        The result's scheme is not valid (naming the file and the key path).
    FileNotFoundError
        No such file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from appraisal import appraise, ScoreSheet, Scheme
    >>> result = appraise(ScoreSheet.from_records([("A", "x", "score", 80)]), Scheme(["A"]))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "result.json"
    >>> _ = path.write_text(result.to_json(), encoding="utf-8")
    >>> load_result(path) == result
    True
    """
    name = os.fspath(path)
    text = read_text(path)
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        message = f"{name} line {error.lineno}: text must be valid JSON; got {error.msg} at column {error.colno}."
        raise InputError(message) from None
    except ValueError as error:
        message = f"{name}: {error}"
        raise InputError(message) from None
    if not isinstance(data, dict):
        message = f"{name}: a result must be a JSON object; got {_kind(data)}."
        raise InputError(message)
    if data.get("format") != FORMAT:
        message = (
            f"{name}: 'format' must be {FORMAT!r}, a result as 'appraisal rank --format json' "
            f"or Appraisal.to_json writes it; got {data.get('format')!r}."
        )
        raise InputError(message)
    try:
        scheme_from_dict(data["scheme"], origin=f"{name}: scheme")
        result = Appraisal.from_dict(data)
    except AppraisalError as error:  # a scheme error already names the file
        text = str(error)
        raise type(error)(text if text.startswith(name) else f"{name}: {text}") from None
    except KeyError as error:
        message = f"{name}: a result must have every key Appraisal.to_json writes; got none named {error}."
        raise InputError(message) from None
    except (TypeError, ValueError, IndexError) as error:
        message = f"{name}: a result's values must have the types and shapes Appraisal.to_json writes; got {error}."
        raise InputError(message) from None
    return result


def _no_constant(constant: str) -> Any:
    message = f"{constant} is not JSON; a result writes a missing number as null."
    raise ValueError(message)


def _kind(data: Any) -> str:
    return "a list" if isinstance(data, list) else f"a JSON {type(data).__name__}"


def comparison_json(
    comparison: Comparison, *, indent: int | None = None, decimals: int | None = None
) -> str:
    """A comparison as JSON: its rows (as :meth:`Comparison.table` gives them), new and gone units, scheme differences.

    With `decimals` (the published precision), each ``score_change`` is rounded to it:
    the difference of two published scores, without the noise of binary floats.

    Examples
    --------
    >>> from appraisal import Comparison
    >>> print(comparison_json(Comparison(rows=[], new=["x"], gone=[], scheme_differences=[])))
    {"format": "appraisal.comparison/1", "rows": [], "new": ["x"], "gone": [], "scheme_differences": []}
    """
    rows = comparison.table()
    if decimals is not None:
        for row in rows:
            if row["score_change"] is not None:
                row["score_change"] = round(row["score_change"], decimals)
    data = {
        "format": COMPARISON_FORMAT,
        "rows": rows,
        "new": list(comparison.new),
        "gone": list(comparison.gone),
        "scheme_differences": list(comparison.scheme_differences),
    }
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)


def comparison_csv(comparison: Comparison, current: Appraisal, previous: Appraisal) -> str:
    """A comparison as CSV text for spreadsheets: a row per unit of either year.

    The columns are the fields of :class:`~appraisal.ComparisonRow`. Units in both years
    come first (as :meth:`Comparison.table` orders them), then units new this year (no
    ``previous_unit``), then units gone since last year (no ``unit``), each with what its
    own year says. Scores are written at the current scheme's decimals, places as whole
    numbers; text that a spreadsheet would run as a formula gets a leading ``'``. The
    scheme differences are not in the CSV (see the table, JSON or Markdown forms).
    """
    keys = [a.name for a in attrs.fields(ComparisonRow)]
    rows: list[Mapping[str, Any]] = list(comparison.table())
    rows += [_one_year(current, unit, "") for unit in comparison.new]
    rows += [_one_year(previous, unit, "previous_") for unit in comparison.gone]
    decimals = current.scheme.decimals
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(keys)
    writer.writerows([_cell(key, row.get(key), decimals) for key in keys] for row in rows)
    return buffer.getvalue()


def _one_year(result: Appraisal, unit: str, prefix: str) -> dict[str, Any]:
    """The fields one year gives for a unit new or gone: name, category, score, rank, tier."""
    row = next(r for r in result.table() if r["unit"] == unit)
    return {
        f"{prefix}unit" if prefix else "unit": unit,
        "category": row["category"],
        f"{prefix}score": row["score"],
        f"{prefix}rank": row["rank"],
        f"{prefix}tier": row["tier"],
    }


def _cell(key: str, value: Any, decimals: int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if key in _SCORES and decimals is not None:
        return f"{value:.{decimals}f}"
    if key in _PLACES and float(value).is_integer():
        return str(int(value))
    return repr(value)


def comparison_markdown(comparison: Comparison, *, decimals: int | None = 2) -> str:
    """A comparison as Markdown: a table by progress within category, then new and gone units.

    Examples
    --------
    >>> from appraisal import Comparison
    >>> print(comparison_markdown(Comparison(rows=[], new=["x"], gone=["y"], scheme_differences=["tiers"])))
    | unit | category | score | change | rank | places gained | tier | progress |
    | --- | --- | ---: | ---: | ---: | ---: | --- | ---: |
    <BLANKLINE>
    New this year: x.
    <BLANKLINE>
    Gone since last year: y.
    <BLANKLINE>
    The schemes differ in: tiers.
    """
    headers = ["unit", "category", "score", "change", "rank", "places gained", "tier", "progress"]
    digits = 2 if decimals is None else decimals
    rule = ["---", "---", "---:", "---:", "---:", "---:", "---", "---:"]
    lines = [headers, rule]
    lines += [
        [
            _markdown(row["unit"]),
            _markdown(row["category"] or ""),
            _number(row["score"], digits),
            _number(row["score_change"], digits, signed=True),
            _number(row["rank"], 0),
            _number(row["places_gained"], 0, signed=True),
            _markdown(_tier_text(row)),
            _number(row["progress_rank"], 0),
        ]
        for row in comparison.table()
    ]
    parts = ["\n".join("| " + " | ".join(line) + " |" for line in lines)]
    for label, names in (
        ("New this year", comparison.new),
        ("Gone since last year", comparison.gone),
        ("The schemes differ in", comparison.scheme_differences),
    ):
        if names:
            parts.append(f"{label}: {', '.join(_markdown(n) for n in names)}.")
    return "\n\n".join(parts)


def _tier_text(row: Mapping[str, Any]) -> str:
    if row["tier"] is None:
        return "-"
    if row["tier_change"] in (None, "same"):
        return str(row["tier"])
    return f"{row['tier']} ({row['tier_change']} from {row['previous_tier']})"


def _number(value: float | None, digits: int, *, signed: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def _markdown(text: str) -> str:
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())
