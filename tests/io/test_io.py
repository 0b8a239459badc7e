"""Scheme and score-sheet files: formats, encodings, round trips, the JSON Schema, the example."""

from __future__ import annotations

import json
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given

import appraisal as ap
from appraisal import data
from appraisal.io import check_sheet
from appraisal.model.scheme_dict import scheme_from_dict
from tests.strategies import NAME_TEXT, scheme_trees, schemes, sheets

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "src/appraisal/data/scheme.schema.json").read_text(encoding="utf-8"))
G = ap.RaterGroup

COUNTY = ap.Scheme(
    [
        G("定量考核部门", 0.65, members=["财政局", "统计局"]),
        G("其他部门", 0.35, members=["教育局"]),
    ],
    [ap.Criterion("经济发展", 0.6), ap.Criterion("民生服务", 0.4, scale=(0, 10))],
)
WIDE = (
    "rater,unit,经济发展,民生服务\n财政局,东河镇,88,9\n统计局,东河镇,81.5,-\n教育局,西山镇,,7.5\n"
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def full_scheme() -> ap.Scheme:
    panel = G(
        "panel",
        2,
        members=["P1", "P2", "P3", "P4"],
        rule=ap.Trimmed(schedule=((3, 0), (None, 1))),
        quorum=2,
    )
    return ap.Scheme(
        G(
            "root",
            members=[panel, G("g", members=["A", "B"], member_weights={"A": 2})],
            rule="median",
        ),
        [
            ap.Criterion(
                "c",
                3,
                children=[
                    ap.Criterion("d", scale=(0, 10)),
                    ap.Criterion("e", higher_is_better=False),
                ],
            )
        ],
        scale=(0, 10),
        missing="error",
        decimals=None,
        ties="dense",
    )


# --- schemes ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_full_scheme_round_trips(tmp_path: Path, suffix: str) -> None:
    """Nested groups, schedules, member weights, criteria trees and policies survive a file."""
    path = tmp_path / f"scheme{suffix}"
    ap.dump_scheme(full_scheme(), path)
    assert ap.load_scheme(path) == full_scheme()


def test_toml_writes_decimals_none(tmp_path: Path) -> None:
    """TOML has no null: an unrounded scheme is written and read as decimals = "none"."""
    path = tmp_path / "scheme.toml"
    ap.dump_scheme(full_scheme(), path)
    assert 'decimals = "none"' in path.read_text(encoding="utf-8")
    assert ap.load_scheme(path).decimals is None


def test_json_scheme_accepts_null_decimals(tmp_path: Path) -> None:
    """In JSON, null means unrounded too."""
    path = write(tmp_path / "scheme.json", '{"raters": ["A"], "decimals": null}')
    assert ap.load_scheme(path).decimals is None


def test_scheme_with_bom_and_chinese_names(tmp_path: Path) -> None:
    """A scheme saved by a Windows editor (UTF-8 with BOM) loads."""
    path = tmp_path / "scheme.toml"
    ap.dump_scheme(COUNTY, path)
    write(path, path.read_text(encoding="utf-8"), "utf-8-sig")
    assert ap.load_scheme(path) == COUNTY


@given(schemes())
def test_random_flat_schemes_survive_files(scheme: ap.Scheme) -> None:
    """Two-level schemes survive TOML and JSON files unchanged."""
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".toml", ".json"):
            path = Path(folder) / f"scheme{suffix}"
            ap.dump_scheme(scheme, path)
            assert ap.load_scheme(path) == scheme


@given(scheme_trees())
def test_random_scheme_trees_survive_files(scheme: ap.Scheme) -> None:
    """Any scheme from random valid trees (any names, weights, rules, policies) survives TOML and JSON."""
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".toml", ".json"):
            path = Path(folder) / f"scheme{suffix}"
            ap.dump_scheme(scheme, path)
            assert ap.load_scheme(path) == scheme


# --- the JSON Schema of scheme files -----------------------------------------------------


def test_example_scheme_is_valid_under_the_json_schema() -> None:
    """The shipped example scheme validates against the shipped JSON Schema."""
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    example = tomllib.loads(data.example_paths().scheme.read_text(encoding="utf-8"))
    jsonschema.validate(example, SCHEMA)


@given(scheme_trees())
def test_dumped_schemes_are_valid_under_the_json_schema(scheme: ap.Scheme) -> None:
    """What dump_scheme writes, TOML or JSON, validates against the JSON Schema."""
    jsonschema = pytest.importorskip("jsonschema")
    with tempfile.TemporaryDirectory() as folder:
        for suffix, read in ((".toml", tomllib.loads), (".json", json.loads)):
            path = Path(folder) / f"scheme{suffix}"
            ap.dump_scheme(scheme, path)
            jsonschema.validate(read(path.read_text(encoding="utf-8")), SCHEMA)


def test_json_schema_rejects_what_serial_rejects() -> None:
    """An unknown key and a wrong type are refused by both the schema and the reader."""
    jsonschema = pytest.importorskip("jsonschema")
    for bad in (
        {"raters": ["A"], "rounding": 2},
        {"raters": [{"name": "g", "members": ["A"], "weight": "x"}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, SCHEMA)
        with pytest.raises(ap.SchemeError):
            scheme_from_dict(bad)


def _allowed(data: dict[str, Any]) -> set[str]:
    """The keys serial.py reads at the place of `data`, from its 'unknown key' message."""
    with pytest.raises(ap.SchemeError) as caught:
        scheme_from_dict(data)
    found = re.search(r"allowed: (.*)\.$", str(caught.value))
    assert found, str(caught.value)
    return set(found.group(1).split(", "))


def _probe(place: str) -> dict[str, Any]:
    """A scheme with an unknown key at one place of the tree."""
    x = {"zz_unknown": 1}
    group = {"name": "g", "members": ["A"]}
    return {
        "top": {"raters": ["A"], **x},
        "group": {"raters": [{**group, **x}]},
        "criterion": {"raters": ["A"], "criteria": [{"name": "c", **x}]},
        "band": {"raters": [{**group, "rule": {"trimmed_schedule": [{"k": 0, **x}]}}]},
        "tier": {"raters": ["A"], "tiers": [{"name": "t", **x}]},
    }[place]


@pytest.mark.parametrize(
    ("place", "schema_at"),
    [
        ("top", lambda s: s),
        ("group", lambda s: s["$defs"]["group"]),
        ("criterion", lambda s: s["$defs"]["criterion"]),
        ("band", lambda s: s["$defs"]["band"]),
        ("tier", lambda s: s["$defs"]["tier"]),
    ],
)
def test_schema_keys_are_the_keys_serial_reads(place: str, schema_at: Any) -> None:
    """The schema's keys at each place are exactly those serial.py accepts there (no drift)."""
    assert set(schema_at(SCHEMA)["properties"]) == _allowed(_probe(place))


def test_schema_rule_forms_are_the_forms_serial_reads() -> None:
    """The rule forms in the schema are those serial.py names in its rule message."""
    with pytest.raises(ap.SchemeError) as caught:
        scheme_from_dict({"raters": [{"name": "g", "members": ["A"], "rule": "mode"}]})
    words = set(re.findall(r"\{(\w+) =", str(caught.value))) | set(
        re.findall(r"'(\w+)'", str(caught.value))
    )
    forms = SCHEMA["$defs"]["rule"]["oneOf"]
    in_schema = set(forms[0]["enum"]) | {key for form in forms[1:] for key in form["properties"]}
    assert in_schema == words - {"g", "mode"}


def test_every_schema_key_is_documented() -> None:
    """docs/files.md names every key of the scheme file."""
    text = (ROOT / "docs/files.md").read_text(encoding="utf-8")
    keys = set(SCHEMA["properties"])
    for place in ("group", "criterion", "band", "tier"):
        keys |= set(SCHEMA["$defs"][place]["properties"])
    keys |= {"trimmed", "trimmed_schedule"}
    assert [key for key in sorted(keys) if f"`{key}`" not in text] == []


# --- score sheets: formats ------------------------------------------------------------------


def test_long_csv(tmp_path: Path) -> None:
    """Long format: one score per row; blank and marker cells are missing scores."""
    path = write(
        tmp_path / "scores.csv",
        "rater,unit,criterion,score\nB,x,c,70\nA,x,c,88.5\nA,y,c,\nA,y,d,缺\n",
    )
    sheet = ap.load_sheet(path)
    assert (sheet.raters, sheet.units, sheet.criteria) == (("A", "B"), ("x", "y"), ("c", "d"))
    np.testing.assert_array_equal(
        sheet.values, [[[88.5, np.nan], [np.nan, np.nan]], [[70, np.nan], [np.nan, np.nan]]]
    )


def test_long_csv_without_criterion_column(tmp_path: Path) -> None:
    """No criterion column: the one criterion is "score"."""
    sheet = ap.load_sheet(write(tmp_path / "s.csv", "rater,unit,score\nA,x,1\nA,y,2\n"))
    assert sheet.criteria == ("score",)
    assert sheet.values[:, :, 0].tolist() == [[1.0, 2.0]]


def test_wide_csv_equals_long_csv(tmp_path: Path) -> None:
    """The wide and the long form of the same scores give the same sheet."""
    wide = ap.load_sheet(write(tmp_path / "wide.csv", WIDE))
    rows = ["rater,unit,criterion,score"]
    for line in WIDE.splitlines()[1:]:
        rater, unit, a, b = line.split(",")
        rows += [f"{rater},{unit},经济发展,{a}", f"{rater},{unit},民生服务,{b}"]
    long = ap.load_sheet(write(tmp_path / "long.csv", "\n".join(rows) + "\n"))
    assert wide == long


def test_header_columns_in_any_order_and_case(tmp_path: Path) -> None:
    """Key columns are found by name, in any order and case; blank rows are skipped."""
    path = write(tmp_path / "s.csv", "Score,UNIT,Criterion,Rater\n88,x,c,A\n\n,,,\n70,x,c,B\n")
    sheet = ap.load_sheet(path)
    assert sheet.raters == ("A", "B")
    assert sheet.values.ravel().tolist() == [88.0, 70.0]


def test_quoted_fields_and_crlf(tmp_path: Path) -> None:
    """Quoted commas and quotes inside labels, CRLF line ends; a line break in a label is refused."""
    text = 'rater,unit,criterion,score\r\n"Bureau, Finance","East ""River"" Town",c,1\r\n'
    sheet = ap.load_sheet(write(tmp_path / "s.csv", text))
    assert sheet.raters == ("Bureau, Finance",)
    assert sheet.units == ('East "River" Town',)
    broken = write(tmp_path / "t.csv", 'rater,unit,criterion,score\r\nA,"East\nTown",c,1\r\n')
    with pytest.raises(
        ap.ScoreError, match=r"line 2: the unit must not hold a control character \(U\+000A\)"
    ):
        ap.load_sheet(broken)


def test_configurable_missing_markers(tmp_path: Path) -> None:
    """missing= replaces the markers; a blank cell is always missing."""
    path = write(tmp_path / "s.csv", "rater,unit,score\nA,x,n/a\nA,y,\n")
    sheet = ap.load_sheet(path, missing=["n/a"])
    assert np.isnan(sheet.values).all()
    with pytest.raises(
        ap.ScoreError,
        match=re.escape(
            "score 'n/a' for rater 'A', unit 'x', criterion 'score' is not a number; blank or 'x' mark a missing score."
        ),
    ):
        ap.load_sheet(path, missing=["x"])


def test_numbers_with_blanks_and_exponents(tmp_path: Path) -> None:
    """Scores are numbers as Python writes them: blanks around them, signs and exponents allowed."""
    sheet = ap.load_sheet(
        write(tmp_path / "s.csv", "rater,unit,score\nA,x, 88 \nA,y,-1.5e1\nA,z,+7\n")
    )
    assert sheet.values.ravel().tolist() == [88.0, -15.0, 7.0]


def test_unit_order(tmp_path: Path) -> None:
    """unit_order sets the order of units and may add units nobody scored."""
    path = write(tmp_path / "s.csv", "rater,unit,score\nA,x,1\nA,y,2\n")
    sheet = ap.load_sheet(path, unit_order=["y", "z", "x"])
    assert sheet.units == ("y", "z", "x")
    np.testing.assert_array_equal(sheet.values[0, :, 0], [2, np.nan, 1])


def test_json_records(tmp_path: Path) -> None:
    """JSON records, as lists or objects (criterion optional), null for a missing score."""
    records = {"records": [["A", "x", "c", 88], {"rater": "A", "unit": "y", "score": None}]}
    sheet = ap.load_sheet(write(tmp_path / "s.json", json.dumps(records)))
    assert sheet.criteria == ("c", "score")
    np.testing.assert_array_equal(sheet.values, [[[88, np.nan], [np.nan, np.nan]]])


def test_json_whole_sheet_keeps_its_order(tmp_path: Path) -> None:
    """A whole JSON sheet keeps its label order, as written."""
    sheet = ap.ScoreSheet(["b", "a"], ["y", "x"], ["c"], [[[1.0], [np.nan]], [[3.0], [4.0]]])
    ap.dump_sheet(sheet, tmp_path / "s.json")
    assert ap.load_sheet(tmp_path / "s.json") == sheet


def test_category_column(tmp_path: Path) -> None:
    """An optional category column gives each unit's category, in long and wide format and JSON."""
    wide = "rater,unit,category,经济发展,民生服务\n财政局,东河镇,乡镇,88,9\n统计局,东河镇,,81.5,-\n教育局,开发区,开发区,,7.5\n"
    sheet = ap.load_sheet(write(tmp_path / "wide.csv", wide))
    assert dict(sheet.categories) == {"东河镇": "乡镇", "开发区": "开发区"}
    assert sheet.criteria == ("民生服务", "经济发展")
    for suffix in (".csv", ".json"):
        ap.dump_sheet(sheet, tmp_path / f"copy{suffix}")
        assert ap.load_sheet(tmp_path / f"copy{suffix}") == sheet
    assert (
        (tmp_path / "copy.csv")
        .read_bytes()
        .startswith(b"\xef\xbb\xbfrater,unit,criterion,score,category\r\n")
    )
    records = {"records": [["A", "x", "c", 1]], "categories": {"x": "乡镇"}}
    assert dict(ap.load_sheet(write(tmp_path / "r.json", json.dumps(records))).categories) == {
        "x": "乡镇"
    }


def test_scheme_checks_on_load(tmp_path: Path) -> None:
    """With a scheme, a sheet that fits it loads unchanged."""
    path = write(tmp_path / "wide.csv", WIDE)
    assert ap.load_sheet(path, scheme=COUNTY) == ap.load_sheet(path)


# --- score sheets: encodings ---------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_encodings_read_without_being_named(tmp_path: Path, encoding: str) -> None:
    """UTF-8, UTF-8 with BOM and GB18030 (GBK is a subset) need no encoding=."""
    path = write(tmp_path / "scores.csv", WIDE, encoding)
    sheet = ap.load_sheet(path, scheme=COUNTY)
    assert sheet.raters == ("教育局", "统计局", "财政局")
    assert sheet.criteria == ("民生服务", "经济发展")


def test_bom_does_not_touch_the_header(tmp_path: Path) -> None:
    """A byte order mark before 'rater' is not part of the column name."""
    path = write(tmp_path / "s.csv", "rater,unit,score\nA,x,1\n", "utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert ap.load_sheet(path).raters == ("A",)


def test_encoding_override(tmp_path: Path) -> None:
    """encoding= reads a file in any other encoding (here one that GB18030 would misread)."""
    path = write(tmp_path / "s.csv", "rater,unit,score\nCafés,Zürich,1\n", "cp1252")
    assert ap.load_sheet(path, encoding="cp1252").raters == ("Cafés",)
    assert ap.load_sheet(path).raters == ("Caf\u959f",)  # decoded as GB18030 by accident


def test_encoding_override_beats_utf8(tmp_path: Path) -> None:
    """encoding= is the only one tried, even when the file is also valid UTF-8."""
    path = write(tmp_path / "s.csv", "rater,unit,score\nRené,x,1\n")
    assert ap.load_sheet(path, encoding="latin-1").raters == ("RenÃ©",)


def test_utf16_is_named(tmp_path: Path) -> None:
    """A UTF-16 file (a spreadsheet's "Unicode text") loads when named."""
    path = write(tmp_path / "s.csv", "rater,unit,score\n财政局,x,1\n", "utf-16")
    assert ap.load_sheet(path, encoding="utf-16").raters == ("财政局",)


# --- score sheets: writing and round trips -----------------------------------------------------


def test_dump_sheet_writes_every_cell(tmp_path: Path) -> None:
    """NaN cells are written too, so a unit nobody scored survives; CSV starts with a BOM."""
    sheet = ap.ScoreSheet(["A"], ["x", "y"], ["c"], [[[0.1], [np.nan]]])
    ap.dump_sheet(sheet, tmp_path / "s.csv")
    raw = (tmp_path / "s.csv").read_bytes()
    assert raw == b"\xef\xbb\xbfrater,unit,criterion,score\r\nA,x,c,0.1\r\nA,y,c,\r\n"
    assert ap.load_sheet(tmp_path / "s.csv") == sheet


def test_dump_sheet_unknown_suffix(tmp_path: Path) -> None:
    """Only the suffixes load_sheet reads are written."""
    sheet = ap.ScoreSheet(["A"], ["x"], ["c"], [[[1.0]]])
    with pytest.raises(
        ap.InputError,
        match=re.escape(
            "s.ods: a score sheet file must end in .csv, .json, .xlsx, .parquet, .arrow or .feather; got '.ods'."
        ),
    ):
        ap.dump_sheet(sheet, tmp_path / "s.ods")


@given(sheets())
def test_sheets_survive_csv(sheet: ap.ScoreSheet) -> None:
    """Any sheet (in canonical order) survives CSV unchanged: NaN cells, Chinese and awkward labels, any float."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.csv"
        ap.dump_sheet(sheet, path)
        assert ap.load_sheet(path) == sheet


@given(sheets(canonical=False))
def test_sheets_survive_json(sheet: ap.ScoreSheet) -> None:
    """Any sheet, in any order, survives JSON unchanged."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.json"
        ap.dump_sheet(sheet, path)
        assert ap.load_sheet(path) == sheet


@given(sheets(canonical=False))
def test_unsorted_sheets_survive_csv_with_their_unit_order(sheet: ap.ScoreSheet) -> None:
    """CSV sorts raters and criteria; units keep their order when it is given back."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.csv"
        ap.dump_sheet(sheet, path)
        loaded = ap.load_sheet(path, unit_order=sheet.units)
        assert loaded.units == sheet.units
        assert set(loaded.raters) == set(sheet.raters)


@given(sheets(labels=NAME_TEXT.filter(lambda s: "\x00" not in s)))
def test_loading_agrees_with_from_columns(sheet: ap.ScoreSheet) -> None:
    """load_sheet builds the same sheet as ScoreSheet.from_columns on the same records (no drift)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.csv"
        ap.dump_sheet(sheet, path)
        r, u, c = np.meshgrid(*(np.arange(n) for n in sheet.shape), indexing="ij")
        expected = ap.ScoreSheet.from_columns(
            np.array(sheet.raters, dtype=object)[r.ravel()],
            np.array(sheet.units, dtype=object)[u.ravel()],
            np.array(sheet.criteria, dtype=object)[c.ravel()],
            sheet.values.ravel(),
            categories=sheet.categories,
        )
        assert ap.load_sheet(path) == expected


# --- check_sheet -----------------------------------------------------------------------------


def test_check_sheet_lists_every_problem(tmp_path: Path) -> None:
    """Every problem with its line, then coverage; nothing raised."""
    path = write(
        tmp_path / "scores.csv",
        "rater,unit,经济发展,民生服务\n财政局,东河镇,9O,9\n统计局,东河镇,81,11\n教育厅,西山镇,1,2\n财政局,东河镇,1,2\n",
    )
    report = check_sheet(path, COUNTY)
    assert [str(p) for p in report.problems] == [
        f"{path} line 2: score '9O' for rater '财政局', unit '东河镇', criterion '经济发展' is not a number; blank, '-', 'NA', 'N/A' or '缺' mark a missing score.",
        f"{path} line 3: score 11 for rater '统计局', unit '东河镇', criterion '民生服务' is outside its scale 0..10.",
        f"{path} line 4: rater '教育厅' is not in the scheme; did you mean '教育局'?",
        f"{path} line 5: repeats line 2 for rater '财政局', unit '东河镇'; each (rater, unit, criterion) is scored once.",
        f"{path}: unit '东河镇' has no score from rater group '其他部门', which carries 35 % of the result; supply the scores, or set missing_groups='renormalize' to let the other groups carry its weight.",
    ]
    assert [p.kind for p in report.problems] == ["score", "scale", "unknown", "repeat", "group"]
    assert dict(report.unscored) == {
        "财政局": ("西山镇",),
        "统计局": ("西山镇",),
        "教育局": ("东河镇", "西山镇"),
    }
    assert dict(report.incomplete) == {"财政局": ("东河镇",)}


def test_check_sheet_missing_under_error_policy(tmp_path: Path) -> None:
    """With missing="error", each rater and unit with a missing score is a problem."""
    scheme = ap.Scheme(["A", "B"], [ap.Criterion("c"), ap.Criterion("d")], missing="error")
    path = write(tmp_path / "s.csv", "rater,unit,c,d\nA,x,1,\nA,y,2,3\nB,y,4,5\n")
    report = check_sheet(path, scheme)
    assert [str(p) for p in report.problems] == [
        f"{path}: rater 'A' has no score for unit 'x', criterion 'd'; the scheme has missing='error', so every score must be given.",
        f"{path}: rater 'B' has no score for unit 'x'; the scheme has missing='error', so every score must be given.",
    ]


# --- event files: adjustments and vetoes ---------------------------------------------------------


def test_adjustments(tmp_path: Path) -> None:
    """Each row becomes an Adjustment: kinds in English or Chinese, blank evidence is none."""
    path = write(
        tmp_path / "adjustments.csv",
        "unit,kind,points,reason,evidence\n"
        "东河镇,bonus,2,获评省级文明乡镇,2024-J-017\n"
        "东河镇,加分,2,获评省级文明乡镇(重复报送),2024-J-017\n"
        "西山镇,扣分,1.5,统计数据迟报,\n"
        "南湖镇,Deduction, 0.5 ,迟报, K-1 \n",
    )
    assert ap.load_adjustments(path) == (
        ap.Adjustment("东河镇", 2, "获评省级文明乡镇", evidence="2024-J-017"),
        ap.Adjustment("东河镇", 2, "获评省级文明乡镇(重复报送)", evidence="2024-J-017"),
        ap.Adjustment("西山镇", 1.5, "统计数据迟报", kind="deduction"),
        ap.Adjustment("南湖镇", 0.5, "迟报", kind="deduction", evidence="K-1"),
    )


def test_adjustments_columns_in_any_order_evidence_optional(tmp_path: Path) -> None:
    """Columns match in any order and case; without an evidence column there is no evidence."""
    path = write(tmp_path / "a.csv", "Reason,POINTS,unit,Kind\naward,3,东河镇,bonus\n")
    assert ap.load_adjustments(path) == (ap.Adjustment("东河镇", 3, "award"),)


def test_event_files_skip_blank_rows_and_may_be_empty(tmp_path: Path) -> None:
    """Blank rows are skipped; a header alone holds no events; quoted fields keep their commas."""
    path = write(tmp_path / "v.csv", 'unit,reason\n\n西山镇,"accident, major"\n,\n')
    assert ap.load_vetoes(path) == (ap.Veto("西山镇", "accident, major"),)
    assert ap.load_vetoes(write(tmp_path / "none.csv", "unit,reason\n")) == ()
    assert ap.load_adjustments(write(tmp_path / "a.csv", "unit,kind,points,reason\n")) == ()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_event_files_read_like_score_sheets(tmp_path: Path, encoding: str) -> None:
    """UTF-8 (with or without a BOM) and GB18030 read without being named."""
    path = write(tmp_path / "v.csv", "unit,reason\n西山镇,发生较大生产安全事故\n", encoding)
    assert ap.load_vetoes(path) == (ap.Veto("西山镇", "发生较大生产安全事故"),)
    adjustments = write(
        tmp_path / "a.csv", "unit,kind,points,reason\n东河镇,加分,1,表彰\n", encoding
    )
    assert ap.load_adjustments(adjustments)[0].kind == "bonus"


def test_event_files_named_encoding(tmp_path: Path) -> None:
    """encoding= names any other encoding, as for score sheets."""
    path = write(tmp_path / "v.csv", "unit,reason\nCafé,x\n", "utf-16")
    assert ap.load_vetoes(path, encoding="utf-16") == (ap.Veto("Café", "x"),)
    with pytest.raises(ap.InputError, match="UTF-16 byte order mark"):
        ap.load_vetoes(path)


def test_event_files_check_units(tmp_path: Path) -> None:
    """With units=, every unit must be one of them; without, any name is taken."""
    path = write(tmp_path / "v.csv", "unit,reason\n西山,x\n")
    assert ap.load_vetoes(path) == (ap.Veto("西山", "x"),)
    with pytest.raises(
        ap.InputError,
        match=re.escape("line 2: unit '西山' is not in the score sheet; did you mean '西山镇'?"),
    ):
        ap.load_vetoes(path, units=["东河镇", "西山镇"])


def test_loaded_events_apply(tmp_path: Path) -> None:
    """Loaded events give what the same events built in Python give."""
    sheet = ap.ScoreSheet.from_records(
        [("A", unit, "score", s) for unit, s in (("x", 80), ("y", 81), ("z", 79))]
    )
    scheme = ap.Scheme(["A"], caps={"bonus": 1})
    adjustments = write(
        tmp_path / "a.csv",
        "unit,kind,points,reason,evidence\nx,bonus,2,award,E1\nx,bonus,2,award,E1\nz,扣分,1,late,\n",
    )
    vetoes = write(tmp_path / "v.csv", "unit,reason\ny,accident\n")
    loaded = ap.appraise(
        sheet,
        scheme,
        adjustments=ap.load_adjustments(adjustments),
        vetoes=ap.load_vetoes(vetoes),
    )
    built = ap.appraise(
        sheet,
        scheme,
        adjustments=[
            ap.Adjustment("x", 2, "award", evidence="E1"),
            ap.Adjustment("z", 1, "late", kind="deduction"),
        ],
        vetoes=[ap.Veto("y", "accident")],
    )
    assert loaded == built
    assert loaded.score.tolist() == [81.0, 81.0, 78.0]


# --- result files ---------------------------------------------------------------------------------


def test_load_result_round_trips(tmp_path: Path) -> None:
    """load_result reads what to_json wrote: an equal result, events and all."""
    current, previous = data.appraise_example()
    for result in (current, previous):
        path = tmp_path / "result.json"
        path.write_text(result.to_json(indent=1), encoding="utf-8")
        assert ap.load_result(path) == result


def test_loaded_previous_result_serves_as_previous(tmp_path: Path) -> None:
    """A result read back works as `previous` and for compare, as the original does."""
    current, previous = data.appraise_example()
    path = tmp_path / "previous.json"
    path.write_text(previous.to_json(), encoding="utf-8")
    loaded = ap.load_result(path)
    assert loaded.compare(previous).table() == previous.compare(previous).table()
    assert current.compare(loaded, renamed=data.RENAMED) == current.compare(
        previous, renamed=data.RENAMED
    )


def test_appraise_names_the_file_of_a_sheet(tmp_path: Path) -> None:
    """A sheet loaded without a scheme remembers its file, and appraise names it."""
    path = tmp_path / "scores.csv"
    path.write_text("rater,unit,criterion,score\nFinance Bureu,East,score,80\n", encoding="utf-8")
    sheet = ap.load_sheet(path)
    scheme = ap.Scheme(["Finance Bureau"])
    with pytest.raises(
        ap.ScoreError,
        match=re.escape(
            f"{path}: rater 'Finance Bureu' is not in the scheme; did you mean 'Finance Bureau'?"
        ),
    ):
        ap.appraise(sheet, scheme)
