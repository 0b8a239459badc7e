"""The strict readers of io.parse: the number grammar, and JSON and TOML with their limits."""

from __future__ import annotations

import math
import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraisal.errors import InputError, SchemeError
from appraisal.io.parse import MAX_DEPTH, parse_json, parse_number, parse_toml
from appraisal.io.records import parse_scores

ACCEPTED = [
    ("88", 88.0),
    (" 91.5 ", 91.5),
    ("-2", -2.0),
    ("+3", 3.0),
    (".5", 0.5),
    ("5.", 5.0),
    ("1e2", 100.0),
    ("1E-2", 0.01),
    ("\t7\r\n", 7.0),
    ("８０", 80.0),
    ("－５．５", -5.5),
    ("\u3000９０\u3000", 90.0),
    ("１ｅ３", 1000.0),
    ("1.7976931348623157e308", sys.float_info.max),
]
REFUSED = [
    ("8_0", "is not a number"),
    ("1_000.5", "is not a number"),
    ("nan", "is not a number"),
    ("-NaN", "is not a number"),
    ("inf", "is not a finite number"),
    ("+Infinity", "is not a finite number"),
    ("1e400", "is not a finite number"),
    ("9" * 400, "is not a finite number"),
    ("0x50", "is not a number"),
    ("٨٠", "is not a number"),
    ("−5", "is not a number"),
    ("91,5", "is not a number"),
    ("1 000", "is not a number"),
    ("1e", "is not a number"),
    ("e3", "is not a number"),
    (".", "is not a number"),
    ("+-1", "is not a number"),
    ("", "is not a number"),
]


@pytest.mark.parametrize(("text", "number"), ACCEPTED)
def test_numbers_the_grammar_accepts(text: str, number: float) -> None:
    """Digits with an optional sign, point and exponent, after NFKC and stripping blanks."""
    assert parse_number(text) == (number, "")


@pytest.mark.parametrize(("text", "problem"), REFUSED)
def test_texts_the_grammar_refuses(text: str, problem: str) -> None:
    """Underscores, nan and inf spellings, hex, other scripts' digits and overflow are not numbers."""
    number, said = parse_number(text)
    assert math.isnan(number)
    assert said == problem


cells = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**400), 10**400).map(str),
    st.sampled_from([t for t, _ in ACCEPTED + REFUSED] + ["NA", "-", " ", "缺"]),
    st.text(alphabet="0123456789.eE+-_ \tnaifx８０－．", max_size=8),
)


@given(texts=st.lists(cells, min_size=1, max_size=20), marker=st.sampled_from(["NA", "999", "-1"]))
def test_parse_scores_reads_each_cell_as_parse_number_does(texts: list[str], marker: str) -> None:
    """The fast path for plain columns accepts exactly what the strict parser accepts."""
    markers = frozenset({marker})
    values, bad = parse_scores(texts, markers)
    for i, text in enumerate(texts):
        expected, problem = (
            (math.nan, "") if not text.strip() or text.strip() in markers else parse_number(text)
        )
        assert values[i] == expected or (math.isnan(values[i]) and math.isnan(expected))
        assert ((i, text, problem) in bad) == bool(problem)


def test_json_nesting_up_to_the_limit() -> None:
    """Lists nested MAX_DEPTH deep are read; one level more is refused."""
    deep = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert parse_json(deep, "x.json", error=InputError, hint="") is not None
    message = (
        f"x.json: objects and lists must nest at most {MAX_DEPTH} levels deep in JSON; got deeper."
    )
    with pytest.raises(InputError, match=re.escape(message)):
        parse_json("[" + deep + "]", "x.json", error=InputError, hint="")


def test_toml_nesting_up_to_the_limit() -> None:
    """TOML arrays nested MAX_DEPTH - 1 deep under the top table are read; one more is refused."""
    depth = MAX_DEPTH - 1
    assert parse_toml("a = " + "[" * depth + "]" * depth, "s.toml", error=SchemeError)
    with pytest.raises(SchemeError, match="nest at most"):
        parse_toml("a = " + "[" * MAX_DEPTH + "]" * MAX_DEPTH, "s.toml", error=SchemeError)


def test_json_repeated_key_in_a_list_names_its_place() -> None:
    """A repeated key inside a list item names the item."""
    message = "x.json: [1].b: key 'c' appears twice; a JSON object names each key once."
    with pytest.raises(InputError, match=re.escape(message)):
        parse_json('[{}, {"b": {"c": 1, "c": 1}}]', "x.json", error=InputError, hint="")


def test_json_keeps_the_largest_float_and_integer() -> None:
    """The largest finite float, and an integer just as large, are read."""
    largest = int(sys.float_info.max)
    data = parse_json(f"[1.7976931348623157e308, {largest}]", "x.json", error=InputError, hint="")
    assert data == [sys.float_info.max, largest]
    with pytest.raises(InputError, match="got an integer of 310 digits"):
        parse_json(f"[{largest * 10}]", "x.json", error=InputError, hint="")


def test_json_keys_that_look_like_constants_are_keys() -> None:
    """A repeated key named NaN is a repeated key, not a constant."""
    with pytest.raises(InputError, match=re.escape("key 'NaN' appears twice")):
        parse_json('{"NaN": 1, "NaN": 2}', "x.json", error=InputError, hint="")
