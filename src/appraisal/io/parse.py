"""Reading JSON, TOML and numbers written as text: one strict reader each, for every loader.

JSON: a key repeated in one object, ``NaN`` and ``Infinity``, a number that overflows a
float (``1e400``) and nesting deeper than :data:`MAX_DEPTH` are errors. TOML: ``inf``
and ``nan``, overflowing numbers and deep nesting are errors (TOML itself refuses a
repeated key). A number in a CSV cell follows one grammar (:func:`parse_number`). Each
error names the file and, where it can, the line or the key path.
"""

from __future__ import annotations

import json
import math
import re
import sys
import tomllib
import unicodedata
from collections.abc import Iterator
from typing import Any, NoReturn

from appraisal.errors import AppraisalError

__all__ = ["MAX_DEPTH", "NUMBER_HELP", "parse_json", "parse_number", "parse_toml"]

MAX_DEPTH = 100
"""How deep objects and lists may nest in a JSON or TOML file (a scheme needs about 20)."""

NUMBER_HELP = "digits with an optional sign, decimal point and exponent, such as 88, -1.5 or 2e3"
"""What :func:`parse_number` accepts, for messages."""

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INFINITE = re.compile(r"[+-]?inf(?:inity)?", re.IGNORECASE)
_LONG_DIGITS = re.compile(r"[0-9_]{309,}")
_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_LARGEST = int(sys.float_info.max)
_TOO_LARGE = "a number must be finite as a float (at most about 1.8e308)"
_CONTAINERS = (dict, list)


class _Refused(Exception):
    """A value a parsing hook refuses: what it is (constant, integer, key, float) and its text."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(kind, text)
        self.kind, self.text = kind, text


def parse_number(text: str) -> tuple[float, str]:
    """The number a cell's text writes, or NaN and why it is not one.

    The text is NFKC-normalised first (full-width digits, minus and point, as some
    spreadsheet exports write them, become ASCII) and stripped of blanks; what is left
    must be an optional sign, digits, an optional decimal point and digits, and an
    optional exponent. No ``_`` between digits, no ``nan`` or ``inf``, no hex; the
    number must be finite as a float.

    Parameters
    ----------
    text : str
        One cell.

    Returns
    -------
    number : float
        NaN when the text is not a number.
    problem : str
        ``""``, ``"is not a number"`` or ``"is not a finite number"``.

    Examples
    --------
    >>> parse_number(" 88.5 "), parse_number("８０"), parse_number("－１．５")
    ((88.5, ''), (80.0, ''), (-1.5, ''))
    >>> parse_number("8_0"), parse_number("inf"), parse_number("1e400")
    ((nan, 'is not a number'), (nan, 'is not a finite number'), (nan, 'is not a finite number'))
    """
    plain = unicodedata.normalize("NFKC", text).strip()
    if _NUMBER.fullmatch(plain) is None:
        if _INFINITE.fullmatch(plain):
            return math.nan, "is not a finite number"
        return math.nan, "is not a number"
    number = float(plain)
    if math.isinf(number):
        return math.nan, "is not a finite number"
    return number, ""


def parse_json(text: str, name: str, *, error: type[AppraisalError], hint: str) -> Any:
    """The data of a JSON text, checked: unique keys, finite numbers, at most MAX_DEPTH deep.

    Parameters
    ----------
    text : str
        The whole file.
    name : str
        The file, for messages.
    error : type
        The class to raise (:class:`~appraisal.errors.SchemeError` for a scheme).
    hint : str
        What to write instead of ``NaN`` or ``Infinity`` (ends the message).

    Raises
    ------
    AppraisalError
        Of class `error`, naming the file and the line or key path.

    Examples
    --------
    >>> from appraisal.errors import InputError
    >>> parse_json('{"a": [1, 2.5]}', "x.json", error=InputError, hint="")
    {'a': [1, 2.5]}
    >>> parse_json('{"a": 1, "a": 2}', "x.json", error=InputError, hint="")
    Traceback (most recent call last):
    ...
    appraisal.errors.InputError: x.json: key 'a' appears twice in the top-level object; a JSON object names each key once.
    """
    parse_int = _checked_int if _LONG_DIGITS.search(text) else int
    try:
        data = json.loads(
            text,
            object_pairs_hook=_unique_object,
            parse_constant=_refuse_constant,
            parse_int=parse_int,
        )
    except json.JSONDecodeError as found:
        _fail(
            error,
            f"{name} line {found.lineno}: text must be valid JSON; got {found.msg} at column {found.colno}.",
        )
    except _Refused as refused:
        _json_refused(text, name, error, hint, refused)
    except RecursionError:
        _fail(error, f"{name}: {_too_deep('JSON')}")
    except ValueError:  # Python's own limit on the digits of an integer
        _fail(error, _too_many_digits(text, name))
    _check_tree(data, name, error, "JSON", ints=False)
    return data


def parse_toml(text: str, name: str, *, error: type[AppraisalError]) -> dict[str, Any]:
    """The data of a TOML text, checked: finite numbers, at most MAX_DEPTH deep.

    Examples
    --------
    >>> from appraisal.errors import SchemeError
    >>> parse_toml('weight = 0.5', "s.toml", error=SchemeError)
    {'weight': 0.5}
    >>> parse_toml('weight = inf', "s.toml", error=SchemeError)
    Traceback (most recent call last):
    ...
    appraisal.errors.SchemeError: s.toml line 1: a number must be finite; got 'inf'.
    """
    try:
        data = tomllib.loads(text, parse_float=_finite_float)
    except tomllib.TOMLDecodeError as found:
        _fail(error, _toml_syntax(name, str(found)))
    except _Refused as refused:
        written = refused.text
        _fail(error, f"{name}{_line_of(text, written)}: a number must be finite; got {written!r}.")
    except RecursionError:
        _fail(error, f"{name}: {_too_deep('TOML')}")
    except ValueError:  # Python's own limit on the digits of an integer
        _fail(error, _too_many_digits(text, name))
    _check_tree(data, name, error, "TOML", ints=_LONG_DIGITS.search(text) is not None)
    return data


def _too_many_digits(text: str, name: str) -> str:
    line = _line_at(text, _LONG_DIGITS.search(text))
    return f"{name}{line}: {_TOO_LARGE}; got an integer of more than 4000 digits."


def _fail(error: type[AppraisalError], message: str) -> NoReturn:
    raise error(message) from None


def _too_deep(kind: str) -> str:
    return f"objects and lists must nest at most {MAX_DEPTH} levels deep in {kind}; got deeper."


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) < len(pairs):
        raise _Refused("key", _repeated(pairs))
    return found


def _repeated(pairs: list[tuple[str, Any]]) -> str:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            return key
        seen.add(key)
    return ""


class _Repeats(dict[str, Any]):
    """An object with a repeated key, marked so that its key path can be found."""

    key = ""


def _marking_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    marked = _Repeats(found)
    marked.key = _repeated(pairs)
    return marked


def _refuse_constant(constant: str) -> NoReturn:
    raise _Refused("constant", constant)


def _checked_int(text: str) -> int:
    if len(text.lstrip("-")) > 4000 or abs(number := int(text)) > _LARGEST:
        raise _Refused("integer", f"an integer of {len(text.lstrip('-'))} digits")
    return number


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _Refused("float", text)
    return number


def _json_refused(
    text: str, name: str, error: type[AppraisalError], hint: str, refused: _Refused
) -> NoReturn:
    what = refused.text
    if refused.kind == "constant":
        _fail(error, f"{name}{_line_of(text, what)}: {what} is not JSON; {hint}.")
    if refused.kind == "integer":
        line = _line_at(text, _LONG_DIGITS.search(text))
        _fail(error, f"{name}{line}: {_TOO_LARGE}; got {what}.")
    place = f"key {what!r} appears twice"
    try:
        data = json.loads(text, object_pairs_hook=_marking_object, parse_int=float)
    except (ValueError, RecursionError):
        data = None
    path, node = next(((p, n) for p, n in _walk(data) if isinstance(n, _Repeats)), ("", None))
    if node is not None:
        where = f"{path}: " if path else ""
        place = f"{where}key {node.key!r} appears twice" + (
            "" if path else " in the top-level object"
        )
    _fail(error, f"{name}: {place}; a JSON object names each key once.")


def _line_of(text: str, written: str) -> str:
    """`` line <n>`` of the first place `written` stands outside a string, or ``""``."""
    pattern = rf"(?<![\w.\"']){re.escape(written)}(?![\w\"'])"
    return _line_at(text, re.search(pattern, text))


def _line_at(text: str, found: re.Match[str] | None) -> str:
    return "" if found is None else f" line {text.count(chr(10), 0, found.start()) + 1}"


def _toml_syntax(name: str, error: str) -> str:
    found = _TOML_AT.search(error)
    if found is None:
        return f"{name}: text must be valid TOML; got {error}."
    line, column = found.groups()
    return f"{name} line {line}: text must be valid TOML; got {error[: found.start()]} at column {column}."


def _check_tree(
    data: Any, name: str, error: type[AppraisalError], kind: str, *, ints: bool
) -> None:
    """Depth, finite floats and (when `ints`) integers a float can hold, container by container."""
    level = [data] if isinstance(data, _CONTAINERS) else []
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            _fail(error, f"{name}: {_too_deep(kind)}")
        nested: list[Any] = []
        for node in level:
            items = node.values() if isinstance(node, dict) else node
            kinds = set(map(type, items))
            if float in kinds and (math.inf in items or -math.inf in items):
                _out_of_range(data, name, error)
            if ints and int in kinds and any(type(v) is int and abs(v) > _LARGEST for v in items):
                _out_of_range(data, name, error)
            if dict in kinds or list in kinds:
                nested.extend(v for v in items if isinstance(v, _CONTAINERS))
        level = nested


def _out_of_range(data: Any, name: str, error: type[AppraisalError]) -> NoReturn:
    for path, node in _walk(data):
        number = isinstance(node, float | int) and not isinstance(node, bool)
        if number and abs(node) > _LARGEST:  # inf too
            place = f"{path}: " if path else ""
            _fail(
                error,
                f"{name}: {place}a number must be finite as a float (at most about 1.8e308); got one too large.",
            )
    _fail(
        error,
        f"{name}: a number must be finite as a float (at most about 1.8e308); got one too large.",
    )


def _walk(data: Any) -> Iterator[tuple[str, Any]]:
    """(key path, value) of every value, in the order of the text (the error path only)."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, node = stack.pop()
        yield path, node
        if isinstance(node, dict):
            stack.extend(
                reversed([(f"{path}.{k}" if path else str(k), v) for k, v in node.items()])
            )
        elif isinstance(node, list):
            stack.extend(reversed([(f"{path}[{i}]", v) for i, v in enumerate(node)]))
