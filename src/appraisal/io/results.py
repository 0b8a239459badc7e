"""Result files: reading an appraisal's JSON back.

A result file is what :meth:`Appraisal.to_json <appraisal.Appraisal.to_json>` and
``appraisal rank --format json`` write; :func:`load_result` reads one, for example last
year's, to hand to ``appraise(..., previous=)`` or to compare with.
"""

from __future__ import annotations

import os
from typing import Any

from appraisal.errors import AppraisalError, InputError
from appraisal.io.encoding import read_text
from appraisal.io.parse import parse_json
from appraisal.result.appraisal import Appraisal
from appraisal.result.result_dict import FORMAT

__all__ = ["load_result"]


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
        (its ``format`` must be ``"appraisal.result/1"``), a result with an unknown or
        missing key, a value of the wrong type or shape, a number not finite or out of
        its range, or a slim result (written without its scores: verify it with
        :func:`appraisal.verify`); the message names the file and the key path.
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
    return result_of(result_data(path), name)


def result_data(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The plain data of a result file: a JSON object whose format is a result's."""
    name = os.fspath(path)
    text = read_text(path)
    data = parse_json(text, name, error=InputError, hint="a result writes a missing number as null")
    if not isinstance(data, dict):
        message = f"{name}: a result must be a JSON object; got {_kind(data)}."
        raise InputError(message)
    if data.get("format") != FORMAT:
        message = (
            f"{name}: 'format' must be {FORMAT!r}, a result as 'appraisal rank --format json' "
            f"or Appraisal.to_json writes it; got {data.get('format')!r}."
        )
        raise InputError(message)
    return data


def result_of(data: dict[str, Any], name: str) -> Appraisal:
    """The appraisal of a result file's plain data, every fault named with the file."""
    try:
        return Appraisal.from_dict(data, origin=name)
    except AppraisalError as error:  # most already name the file
        text = str(error)
        raise type(error)(text if text.startswith(name) else f"{name}: {text}") from None


def _kind(data: Any) -> str:
    return "a list" if isinstance(data, list) else f"a JSON {type(data).__name__}"
