"""Scheme files: TOML or JSON, by suffix, through the plain-data form of :mod:`appraisal.model.scheme_dict`."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import tomli_w

from appraisal.errors import SchemeError
from appraisal.io.encoding import read_text
from appraisal.io.parse import parse_json, parse_toml
from appraisal.model.scheme import Scheme
from appraisal.model.scheme_dict import scheme_from_dict, scheme_to_dict

__all__ = ["dump_scheme", "load_scheme"]

_SUFFIXES = (".toml", ".json")


def load_scheme(path: str | os.PathLike[str]) -> Scheme:
    r"""Read a scheme from a TOML or JSON file (chosen by the suffix).

    The keys are documented in the file-format guide and in the JSON Schema shipped
    with the package (``appraisal/data/scheme.schema.json``). TOML has no null, so an
    unrounded scheme writes ``decimals = "none"``. The text is read as UTF-8, with or
    without a byte order mark (GB18030 too, if the whole file decodes as GB18030).

    Raises
    ------
    SchemeError
        Text that is not TOML or JSON (naming the line), a key given twice, a number
        that is not finite, nesting deeper than 100 levels, an unknown key, a wrong
        type, a missing required key (naming the file and the key path, as in
        ``scheme.toml: raters[1].members[3]: ...``), or an invalid scheme.
    InputError
        The file does not decode, or the path is a directory or another file that is
        not a regular one.
    FileNotFoundError
        No such file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "scheme.toml"
    >>> _ = path.write_text('raters = ["Finance Bureau", "Audit Office"]\n', encoding="utf-8")
    >>> load_scheme(path).rater_names
    ('Finance Bureau', 'Audit Office')
    """
    name = os.fspath(path)
    suffix = _suffix(path)
    text = read_text(path)
    data: Any
    if suffix == ".toml":
        data = parse_toml(text, name, error=SchemeError)
    else:
        data = parse_json(text, name, error=SchemeError, hint="a scheme holds finite numbers only")
    scheme = scheme_from_dict(data, origin=name)
    return attrs.evolve(scheme, origin=name, lines=_category_lines(text, scheme.categories))


def _category_lines(text: str, categories: Mapping[str, str]) -> dict[str, int]:
    """The line of each unit in the file's category map (``categories.<unit>``), where it is found."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "categories" in line), len(lines))
    found: dict[str, int] = {}
    for unit in categories:
        written = (unit, json.dumps(unit, ensure_ascii=False), repr(unit))
        for i in range(start, len(lines)):
            head = lines[i].strip().lstrip("{,").strip()
            if any(
                head.startswith(w) and head[len(w) :].lstrip()[:1] in ("=", ":") for w in written
            ):
                found[f"categories.{unit}"] = i + 1
                break
    return found


def dump_scheme(scheme: Scheme, path: str | os.PathLike[str]) -> None:
    """Write a scheme as TOML or JSON (chosen by the suffix), in UTF-8.

    Keys at their defaults are left out; :func:`load_scheme` reads the file back into
    an equal scheme.

    Raises
    ------
    SchemeError
        The suffix is neither ``.toml`` nor ``.json``.
    """
    suffix = _suffix(path)
    data = scheme_to_dict(scheme)
    if suffix == ".toml":
        text = tomli_w.dumps(data)
    else:
        text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    Path(path).write_text(text, encoding="utf-8", newline="\n")


def _suffix(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        message = f"{os.fspath(path)}: a scheme file must end in .toml or .json; got {suffix or 'no suffix'!r}."
        raise SchemeError(message)
    return suffix
