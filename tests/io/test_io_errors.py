"""The catalogue of malformed files: each is refused with the right class and a message naming file and place."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import appraisal as ap

G = ap.RaterGroup
SCHEME = ap.Scheme(
    [
        G("quantitative", 0.65, members=["Finance Bureau", "Audit Office"]),
        G("other", 0.35, members=["Education Bureau"]),
    ],
    [ap.Criterion("economy", 0.6), ap.Criterion("projects", 0.4, scale=(0, 10))],
)
LONG = "rater,unit,criterion,score\n"
HELP = "the header must be rater,unit,criterion,score (long format) or rater,unit followed by one column per criterion (wide format)"
MARKERS = "blank, '-', 'NA', 'N/A' or '缺' mark a missing score"


def sheet(name: str, **options: Any) -> Callable[[Path], object]:
    return lambda folder: ap.load_sheet(name, **options)


def scheme(name: str) -> Callable[[Path], object]:
    return lambda folder: ap.load_scheme(name)


def text(content: str, encoding: str = "utf-8") -> bytes:
    return content.encode(encoding)


def adjustments(name: str, **options: Any) -> Callable[[Path], object]:
    return lambda folder: ap.load_adjustments(name, **options)


def vetoes(name: str, **options: Any) -> Callable[[Path], object]:
    return lambda folder: ap.load_vetoes(name, **options)


def result(name: str) -> Callable[[Path], object]:
    return lambda folder: ap.load_result(name)


ADJ = "unit,kind,points,reason,evidence\n"
ADJ_HELP = (
    "the header of an adjustments file must be unit,kind,points,reason (and optionally evidence)"
)
RESULT = ap.appraise(ap.ScoreSheet.from_records([("A", "x", "score", 80)]), ap.Scheme(["A"]))


def result_with(**changes: Any) -> bytes:
    """A result file whose plain data has some keys changed (None removes a key)."""
    plain = RESULT.to_dict()
    for key, value in changes.items():
        if value is None:
            del plain[key]
        else:
            plain[key] = value
    return text(json.dumps(plain))


GROUP_TOML = '[[raters]]\nname = "g"\nmembers = ["A"]\n'

CATALOGUE: list[tuple[str, str, bytes, Callable[[Path], object], type[Exception], str]] = [
    # --- CSV score sheets: structure
    (
        "empty file",
        "scores.csv",
        b"",
        sheet("scores.csv"),
        ap.ScoreError,
        f"scores.csv: the file is empty; {HELP}.",
    ),
    (
        "header only",
        "scores.csv",
        text(LONG),
        sheet("scores.csv"),
        ap.ScoreError,
        "scores.csv: no score rows follow the header; a sheet holds at least one row.",
    ),
    (
        "title row above the header",
        "scores.csv",
        text("2024年度乡镇考核评分表\nrater,unit,score\n"),
        sheet("scores.csv"),
        ap.ScoreError,
        f"scores.csv line 1: {HELP}; got ['2024年度乡镇考核评分表'].",
    ),
    (
        "semicolon separated",
        "scores.csv",
        text("rater;unit;score\nA;x;1\n"),
        sheet("scores.csv"),
        ap.ScoreError,
        f"scores.csv line 1: {HELP}; got ['rater;unit;score']. The columns must be separated by commas.",
    ),
    (
        "long header with an extra column",
        "scores.csv",
        text("rater,unit,criterion,score,comment\nA,x,c,1,ok\n"),
        sheet("scores.csv"),
        ap.ScoreError,
        "scores.csv line 1: a long-format header must have exactly the columns rater,unit,criterion,score (and optionally category); got ['rater', 'unit', 'criterion', 'score', 'comment'].",
    ),
    (
        "repeated header column",
        "scores.csv",
        text("rater,unit,economy,Economy \nA,x,1,2\n"),
        sheet("scores.csv"),
        ap.ScoreError,
        "scores.csv line 1: column 'Economy' appears twice in the header; columns must be unique.",
    ),
    (
        "unnamed header column",
        "scores.csv",
        text("rater,unit,,projects\nA,x,1,2\n"),
        sheet("scores.csv"),
        ap.ScoreError,
        "scores.csv line 1: column 3 of the header must have a name; got ''.",
    ),
    (
        "truncated last row",
        "scores.csv",
        text(
            LONG + "Finance Bureau,East River Town,economy,88\nFinance Bureau,East River Town,proj"
        ),
        sheet("scores.csv"),
        ap.ScoreError,
        "scores.csv line 3: a row must have 4 fields (rater, unit, criterion, score); got 3: ['Finance Bureau', 'East River Town', 'proj'].",
    ),
    (
        "truncated inside a quoted field",
        "scores.csv",
        text(LONG + 'Finance Bureau,"East River Town,economy,88\n'),
        sheet("scores.csv"),
        ap.ScoreError,
        "scores.csv line 2: text must be valid CSV; got unexpected end of data.",
    ),
    (
        "stray quote",
        "scores.csv",
        text(LONG + 'Finance Bureau,"East" River Town,economy,88\n'),
        sheet("scores.csv"),
        ap.ScoreError,
        "scores.csv line 2: text must be valid CSV; got ',' expected after '\"'.",
    ),
    # --- CSV score sheets: cells
    (
        "score text like 9O",
        "scores.csv",
        text(
            LONG
            + "Finance Bureau,East River Town,projects,9\n" * 0
            + "Finance Bureau,East River Town,economy,9O\n"
        ),
        sheet("scores.csv"),
        ap.ScoreError,
        f"scores.csv line 2: score '9O' for rater 'Finance Bureau', unit 'East River Town', criterion 'economy' is not a number; {MARKERS}.",
    ),
    (
        "score in a wide sheet with a decimal comma",
        "scores.csv",
        text('rater,unit,economy,projects\nA,x,88,1\nA,y,87,5\nA,z,88,"7,5"\n'),
        sheet("scores.csv"),
        ap.ScoreError,
        f"scores.csv line 4: score '7,5' for rater 'A', unit 'z', criterion 'projects' is not a number; {MARKERS}.",
    ),
    (
        "infinite score",
        "scores.csv",
        text(LONG + "A,x,c,inf\n"),
        sheet("scores.csv"),
        ap.ScoreError,
        f"scores.csv line 2: score 'inf' for rater 'A', unit 'x', criterion 'c' is not a finite number; {MARKERS}.",
    ),
    (
        "duplicate rows, long",
        "scores.csv",
        text(LONG + "A,x,c,1\nB,x,c,2\nA,x,c,3\n"),
        sheet("scores.csv"),
        ap.ScoreError,
        "scores.csv line 4: repeats line 2 for rater 'A', unit 'x', criterion 'c'; each (rater, unit, criterion) is scored once.",
    ),
    (
        "duplicate rows, wide",
        "scores.csv",
        text(
            "rater,unit,economy,projects\n财政局,东河镇,88,9\n财政局,西山镇,80,8\n财政局,东河镇,70,7\n"
        ),
        sheet("scores.csv"),
        ap.ScoreError,
        "scores.csv line 4: repeats line 2 for rater '财政局', unit '东河镇'; each (rater, unit, criterion) is scored once.",
    ),
    (
        "unit in two categories",
        "scores.csv",
        text("rater,unit,category,economy\nA,东河镇,乡镇,1\nB,东河镇,,2\nC,东河镇,开发区,3\n"),
        sheet("scores.csv"),
        ap.ScoreError,
        "scores.csv line 4: unit '东河镇' is in category '开发区' here but in '乡镇' on line 2; a unit has one category.",
    ),
    (
        "blank rater",
        "scores.csv",
        text(LONG + "A,x,c,1\n  ,y,c,2\n"),
        sheet("scores.csv"),
        ap.ScoreError,
        "scores.csv line 3: the rater must be a non-empty name; got '  '.",
    ),
    # --- CSV score sheets: encodings
    (
        "mixed encodings",
        "scores.csv",
        text(LONG + "财政局,东河镇,economy,88\n") + text("审计局,东河镇,economy,80\n", "gbk"),
        sheet("scores.csv"),
        ap.InputError,
        "scores.csv line 3: text must be UTF-8, or GB18030 throughout; got the byte(s) b'\\xc9', which are not UTF-8, and line 2 is not GB18030 either. Save the file as UTF-8, or name its encoding with --encoding on the command line, or encoding= in Python.",
    ),
    (
        "UTF-16 not named",
        "scores.csv",
        text(LONG + "A,x,c,1\n", "utf-16"),
        sheet("scores.csv"),
        ap.InputError,
        "scores.csv: text must be UTF-8 or GB18030; got a UTF-16 byte order mark. Name the encoding with --encoding utf-16 on the command line, or encoding='utf-16' in Python.",
    ),
    (
        "unknown encoding name",
        "scores.csv",
        text(LONG + "A,x,c,1\n"),
        sheet("scores.csv", encoding="gb-2312"),
        ap.InputError,
        "scores.csv: encoding must be a codec name Python knows, such as 'utf-8' or 'gb18030'; got 'gb-2312'.",
    ),
    (
        "wrong encoding named",
        "scores.csv",
        text(LONG + "A,x,c,1\n财政局,x,c,2\n"),
        sheet("scores.csv", encoding="ascii"),
        ap.InputError,
        "scores.csv line 3: text must decode as 'ascii'; got the byte(s) b'\\xe8'. Name the file's encoding with --encoding on the command line, or encoding= in Python.",
    ),
    # --- CSV score sheets against a scheme
    (
        "rater the scheme lacks",
        "scores.csv",
        text(
            LONG
            + "Finance Bureau,x,economy,1\nFinanse Bureau,x,projects,2\nFinanse Bureau,y,projects,2\n"
        ),
        sheet("scores.csv", scheme=SCHEME),
        ap.ScoreError,
        "scores.csv line 3: rater 'Finanse Bureau' is not in the scheme (2 rows name it); did you mean 'Finance Bureau'?",
    ),
    (
        "criterion column the scheme lacks",
        "scores.csv",
        text("rater,unit,economi,projects\nAudit Office,x,1,2\n"),
        sheet("scores.csv", scheme=SCHEME),
        ap.ScoreError,
        "scores.csv line 1: criterion column 'economi' is not in the scheme; did you mean 'economy'?",
    ),
    (
        "score outside its scale",
        "scores.csv",
        text("rater,unit,economy,projects\nAudit Office,x,88,9\nAudit Office,y,90,12\n"),
        sheet("scores.csv", scheme=SCHEME),
        ap.ScoreError,
        "scores.csv line 3: score 12 for rater 'Audit Office', unit 'y', criterion 'projects' is outside its scale 0..10.",
    ),
    (
        "unit not in unit_order",
        "scores.csv",
        text(LONG + "A,x,c,1\nA,y,c,2\n"),
        sheet("scores.csv", unit_order=["x"]),
        ap.ScoreError,
        "scores.csv line 3: unit 'y' is not in unit_order; unit_order must list every unit of the sheet.",
    ),
    (
        "sheet suffix unknown",
        "scores.ods",
        b"PK\x03\x04",
        sheet("scores.ods"),
        ap.InputError,
        "scores.ods: a score sheet file must end in .csv, .json, .xlsx, .parquet, .arrow or .feather; got '.ods'.",
    ),
    # --- JSON score sheets
    (
        "JSON syntax",
        "scores.json",
        text('{"records": [\n  ["A", "x", "c", 1]\n  ["A", "y", "c", 2]\n]}'),
        sheet("scores.json"),
        ap.ScoreError,
        "scores.json line 3: text must be valid JSON; got Expecting ',' delimiter at column 3.",
    ),
    (
        "JSON NaN",
        "scores.json",
        text('{"records": [["A", "x", "c", NaN]]}'),
        sheet("scores.json"),
        ap.ScoreError,
        "scores.json line 1: NaN is not JSON; write null for a missing score.",
    ),
    (
        "JSON list at the top",
        "scores.json",
        text('[["A", "x", "c", 1]]'),
        sheet("scores.json"),
        ap.ScoreError,
        "scores.json: a JSON score sheet must be an object with 'records' (a list of [rater, unit, criterion, score]) or with 'raters', 'units', 'criteria' and 'values'; got a list.",
    ),
    (
        "JSON score as text",
        "scores.json",
        text('{"records": [["A", "x", "c", 1], ["A", "y", "c", "88"]]}'),
        sheet("scores.json"),
        ap.ScoreError,
        "scores.json records[1]: score '88' for rater 'A', unit 'y', criterion 'c' must be a finite number, or null for a missing score.",
    ),
    (
        "JSON record of the wrong length",
        "scores.json",
        text('{"records": [["A", "x", 1]]}'),
        sheet("scores.json"),
        ap.ScoreError,
        "scores.json records[0]: a record must be [rater, unit, criterion, score] or an object with those keys; got ['A', 'x', 1].",
    ),
    (
        "JSON values of the wrong shape",
        "scores.json",
        text(
            json.dumps({"raters": ["A"], "units": ["x", "y"], "criteria": ["c"], "values": [[[1]]]})
        ),
        sheet("scores.json"),
        ap.ScoreError,
        "scores.json: values: must be nested lists of shape (n_raters, n_units, n_criteria) = (1, 2, 1); got lists nested 3 deep, (1, 1, 1) along their first items.",
    ),
    (
        "JSON unknown key",
        "scores.json",
        text(json.dumps({"records": [], "comment": "x"})),
        sheet("scores.json"),
        ap.ScoreError,
        "scores.json: comment: is not a known key here; allowed: records, format, categories.",
    ),
    (
        "JSON repeated label",
        "scores.json",
        text(
            json.dumps(
                {"raters": ["A", "A"], "units": ["x"], "criteria": ["c"], "values": [[[1]], [[2]]]}
            )
        ),
        sheet("scores.json"),
        ap.ScoreError,
        "scores.json: raters[1]: 'A' appears twice; names must be unique.",
    ),
    # --- scheme files
    (
        "repeated group name",
        "scheme.toml",
        text(GROUP_TOML + GROUP_TOML.replace('"A"', '"B"')),
        scheme("scheme.toml"),
        ap.SchemeError,
        "scheme.toml: Scheme: the name 'g' is used twice in the rater tree; names are unique across raters and groups.",
    ),
    (
        "group named like a rater",
        "scheme.toml",
        text('[[raters]]\nname = "g"\nmembers = ["A", {name = "A", members = ["B"]}]\n'),
        scheme("scheme.toml"),
        ap.SchemeError,
        "scheme.toml: Scheme: rater 'A' has the name of a group; names are unique across raters and groups.",
    ),
    (
        "unknown key",
        "scheme.toml",
        text(GROUP_TOML + 'colour = "red"\n'),
        scheme("scheme.toml"),
        ap.SchemeError,
        "scheme.toml: raters[0].colour: is not a known key here; allowed: name, members, weight, rule, quorum, member_weights.",
    ),
    (
        "misspelt top-level key",
        "scheme.json",
        text('{"raters": ["A"], "decimal": 2}'),
        scheme("scheme.json"),
        ap.SchemeError,
        "scheme.json: decimal: is not a known key here; allowed: raters, criteria,",
    ),
    (
        "weight as text",
        "scheme.toml",
        text(GROUP_TOML + 'weight = "65%"\n'),
        scheme("scheme.toml"),
        ap.SchemeError,
        "scheme.toml: raters[0].weight: must be a number; got '65%'.",
    ),
    (
        "member of the wrong type",
        "scheme.json",
        text(
            '{"raters": [{"name": "g", "members": ["A"]}, {"name": "h", "members": ["B", "C", "D", 4]}]}'
        ),
        scheme("scheme.json"),
        ap.SchemeError,
        "scheme.json: raters[1].members[3]: must be a rater name or a group table; got 4.",
    ),
    (
        "group without a name",
        "scheme.toml",
        text('[[raters]]\nmembers = ["A"]\n'),
        scheme("scheme.toml"),
        ap.SchemeError,
        "scheme.toml: raters[0]: lacks the required key 'name'.",
    ),
    (
        "empty scheme file",
        "scheme.toml",
        b"",
        scheme("scheme.toml"),
        ap.SchemeError,
        "scheme.toml: lacks the required key 'raters'.",
    ),
    (
        "bad TOML syntax",
        "scheme.toml",
        text('raters = ["A"]\ndecimals 2\n'),
        scheme("scheme.toml"),
        ap.SchemeError,
        "scheme.toml line 2: text must be valid TOML; got Expected '=' after a key in a key/value pair at column 10.",
    ),
    (
        "bad JSON syntax",
        "scheme.json",
        text('{"raters": ["A",]}'),
        scheme("scheme.json"),
        ap.SchemeError,
        "scheme.json line 1: text must be valid JSON; got Expecting value at column 17.",
    ),
    (
        "decimals out of range",
        "scheme.toml",
        text('raters = ["A"]\ndecimals = 7\n'),
        scheme("scheme.toml"),
        ap.SchemeError,
        "scheme.toml: Scheme: decimals must be None or an integer from 0 to 6; got 7.",
    ),
    (
        "scheme suffix unknown",
        "scheme.yaml",
        text("raters: [A]\n"),
        scheme("scheme.yaml"),
        ap.SchemeError,
        "scheme.yaml: a scheme file must end in .toml or .json; got '.yaml'.",
    ),
    # --- adjustments files
    (
        "adjustments: empty file",
        "adjustments.csv",
        b"",
        adjustments("adjustments.csv"),
        ap.InputError,
        f"adjustments.csv: the file is empty; {ADJ_HELP}.",
    ),
    (
        "adjustments: a required column missing",
        "adjustments.csv",
        text("unit,kind,reason\n东河镇,bonus,award\n"),
        adjustments("adjustments.csv"),
        ap.InputError,
        f"adjustments.csv line 1: {ADJ_HELP}; got ['unit', 'kind', 'reason'], which lacks 'points'.",
    ),
    (
        "adjustments: an unknown column",
        "adjustments.csv",
        text("unit,kind,points,reason,note\n东河镇,bonus,1,award,x\n"),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 1: each column must be one of unit, kind, points, reason, evidence; got 'note'.",
    ),
    (
        "adjustments: a column twice",
        "adjustments.csv",
        text("unit,kind,points,reason,Unit\n"),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 1: column 'Unit' appears twice in the header; columns must be unique.",
    ),
    (
        "adjustments: semicolon separated",
        "adjustments.csv",
        text("unit;kind;points;reason\n"),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 1: each column must be one of unit, kind, points, reason, evidence; got 'unit;kind;points;reason'. The columns must be separated by commas.",
    ),
    (
        "adjustments: unknown kind",
        "adjustments.csv",
        text(ADJ + "东河镇,bonus,1,award,\n西山镇,penalty,1,late,\n"),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 3: kind must be 'bonus' (加分) or 'deduction' (扣分); got 'penalty'.",
    ),
    (
        "adjustments: points not a number",
        "adjustments.csv",
        text(ADJ + "东河镇,bonus,两分,award,\n"),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 2: points must be a number, such as 2 or 1.5; got '两分'.",
    ),
    (
        "adjustments: negative points",
        "adjustments.csv",
        text(ADJ + "东河镇,deduction,-2,late,\n"),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 2: points must be a finite number >= 0 (a deduction is written with positive points and kind 'deduction'); got '-2'.",
    ),
    (
        "adjustments: points not finite",
        "adjustments.csv",
        text(ADJ + "东河镇,bonus,inf,award,\n"),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 2: points must be a finite number >= 0",
    ),
    (
        "adjustments: blank reason",
        "adjustments.csv",
        text(ADJ + "东河镇,bonus,1, ,\n"),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 2: reason must be a non-empty text; got ' '.",
    ),
    (
        "adjustments: blank unit",
        "adjustments.csv",
        text(ADJ + ",bonus,1,award,\n"),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 2: unit must be a non-empty name; got ''.",
    ),
    (
        "adjustments: short row after a multi-line reason",
        "adjustments.csv",
        text(ADJ + '东河镇,bonus,1,"award,\nprovincial",E1\n西山镇,bonus,1\n'),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 4: a row must have 5 fields (unit, kind, points, reason, evidence); got 3: ['西山镇', 'bonus', '1'].",
    ),
    (
        "adjustments: one evidence, two contents",
        "adjustments.csv",
        text(ADJ + "东河镇,bonus,2,award,E1\n西山镇,bonus,1,award,E2\n东河镇,bonus,3,award,E1\n"),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 4: evidence 'E1' must name one event; got bonus 3 for '东河镇' here and bonus 2 for '东河镇' on line 2. The same evidence counts once.",
    ),
    (
        "adjustments: unit not in the sheet",
        "adjustments.csv",
        text(ADJ + "东河,bonus,2,award,\n"),
        adjustments("adjustments.csv", units=("东河镇", "西山镇")),
        ap.InputError,
        "adjustments.csv line 2: unit '东河' is not in the score sheet; did you mean '东河镇'?",
    ),
    (
        "adjustments: not CSV",
        "adjustments.csv",
        text(ADJ + '东河镇,bonus,2,"award\n'),
        adjustments("adjustments.csv"),
        ap.InputError,
        "adjustments.csv line 2: text must be valid CSV; got unexpected end of data.",
    ),
    # --- vetoes files
    (
        "vetoes: empty file",
        "vetoes.csv",
        b"",
        vetoes("vetoes.csv"),
        ap.InputError,
        "vetoes.csv: the file is empty; the header of a vetoes file must be unit,reason.",
    ),
    (
        "vetoes: reason column missing",
        "vetoes.csv",
        text("unit\n西山镇\n"),
        vetoes("vetoes.csv"),
        ap.InputError,
        "vetoes.csv line 1: the header of a vetoes file must be unit,reason; got ['unit'], which lacks 'reason'.",
    ),
    (
        "vetoes: an adjustments file",
        "vetoes.csv",
        text(ADJ),
        vetoes("vetoes.csv"),
        ap.InputError,
        "vetoes.csv line 1: each column must be one of unit, reason; got 'kind'.",
    ),
    (
        "vetoes: blank reason",
        "vetoes.csv",
        text("unit,reason\n西山镇,\n"),
        vetoes("vetoes.csv"),
        ap.InputError,
        "vetoes.csv line 2: reason must be a non-empty text; got ''.",
    ),
    (
        "vetoes: GB18030 bytes named as UTF-8",
        "vetoes.csv",
        text("unit,reason\n西山镇,事故\n", "gb18030"),
        vetoes("vetoes.csv", encoding="utf-8"),
        ap.InputError,
        "vetoes.csv line 2: text must decode as 'utf-8'",
    ),
    # --- result files
    (
        "result: not JSON",
        "result.json",
        text('{"format": "appraisal.result/1",\n "score": [1,]}'),
        result("result.json"),
        ap.InputError,
        "result.json line 2: text must be valid JSON; got Expecting value at column 14.",
    ),
    (
        "result: NaN is not JSON",
        "result.json",
        text('{"score": NaN}'),
        result("result.json"),
        ap.InputError,
        "result.json line 1: NaN is not JSON; a result writes a missing number as null.",
    ),
    (
        "result: a list",
        "result.json",
        text("[]"),
        result("result.json"),
        ap.InputError,
        "result.json: a result must be a JSON object; got a list.",
    ),
    (
        "result: a score sheet",
        "result.json",
        text('{"format": "appraisal.sheet/1"}'),
        result("result.json"),
        ap.InputError,
        "result.json: 'format' must be 'appraisal.result/1', a result as 'appraisal rank --format json' or Appraisal.to_json writes it; got 'appraisal.sheet/1'.",
    ),
    (
        "result: a key missing",
        "result.json",
        result_with(tiers=None),
        result("result.json"),
        ap.InputError,
        "result.json: a result lacks the key 'tiers'.",
    ),
    (
        "result: an array of the wrong shape",
        "result.json",
        result_with(score=[80.0, 81.0]),
        result("result.json"),
        ap.InputError,
        "result.json: score must be a list of 1; got 2 items.",
    ),
    (
        "result: a value of the wrong type",
        "result.json",
        result_with(base="eighty"),
        result("result.json"),
        ap.InputError,
        "result.json: base must be a list of 1; got 'eighty'.",
    ),
    (
        "result: an invalid veto",
        "result.json",
        result_with(vetoes=[{"unit": "x", "reason": ""}]),
        result("result.json"),
        ap.InputError,
        "result.json: Veto for unit 'x': reason must be a non-empty string; got ''.",
    ),
    (
        "result: an invalid scheme",
        "result.json",
        result_with(scheme={"raters": ["A"], "decimals": 9}),
        result("result.json"),
        ap.SchemeError,
        "result.json: scheme: Scheme: decimals must be None or an integer from 0 to 6; got 9.",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "load", "error", "message"),
    [case[1:] for case in CATALOGUE],
    ids=[case[0] for case in CATALOGUE],
)
def test_malformed_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: bytes,
    load: Callable[[Path], object],
    error: type[Exception],
    message: str,
) -> None:
    """Each malformed file is refused with its class and a message naming the file and the place."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(content)
    result: list[object] = []
    with pytest.raises(error, match=re.escape(message)):
        result.append(load(tmp_path))
    assert result == []  # nothing half-loaded: no object comes back


def test_catalogue_is_large_enough() -> None:
    """At least twenty malformed files, each named once."""
    names = [case[0] for case in CATALOGUE]
    assert len(names) >= 20
    assert len(set(names)) == len(names)


def test_missing_file(tmp_path: Path) -> None:
    """A file that is not there is a FileNotFoundError, as Python says it."""
    with pytest.raises(FileNotFoundError):
        ap.load_sheet(tmp_path / "nowhere.csv")
    with pytest.raises(FileNotFoundError):
        ap.load_scheme(tmp_path / "nowhere.toml")
    for load in (ap.load_adjustments, ap.load_vetoes, ap.load_result):
        with pytest.raises(FileNotFoundError):
            load(tmp_path / "nowhere.csv")


def test_first_problem_by_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With several problems, load_sheet names the earliest line, whatever the kind."""
    monkeypatch.chdir(tmp_path)
    Path("scores.csv").write_text(
        "rater,unit,economy,projects\nFinance Bureau,x,1,2\nAudit Office,x,1,99\nFinanse Bureau,y,x,2\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ap.ScoreError, match=re.escape("scores.csv line 3: score 99 for rater 'Audit Office'")
    ):
        ap.load_sheet("scores.csv", scheme=SCHEME)
