"""The manifest: its hashes follow the scores, not how they were written down."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import appraisal as ap
from appraisal.data import appraise_example, example_paths
from appraisal.result.manifest import events_sha256, scheme_sha256, sheet_sha256
from tests.strategies import sheets, shuffled


def _records(sheet: ap.ScoreSheet) -> list[tuple[str, str, str, float]]:
    r, u, c = np.nonzero(~np.isnan(sheet.values))
    return [
        (sheet.raters[i], sheet.units[j], sheet.criteria[k], float(sheet.values[i, j, k]))
        for i, j, k in zip(r.tolist(), u.tolist(), c.tolist(), strict=True)
    ]


@settings(max_examples=60)
@given(sheets(), st.randoms(use_true_random=False))
def test_sheet_hash_ignores_record_and_axis_order(sheet: ap.ScoreSheet, random: object) -> None:
    """Records in any order, and axes listed in any order, hash alike."""
    moved = shuffled(sheet, random)
    assert sheet_sha256(moved) == sheet_sha256(sheet)
    records = _records(sheet)
    random.shuffle(records)  # type: ignore[attr-defined]
    if records and len({u for _, u, _, _ in records}) == len(sheet.units):
        again = ap.ScoreSheet.from_records(records, categories=sheet.categories or None)
        assert sheet_sha256(again) == sheet_sha256(sheet)


@settings(max_examples=60)
@given(sheets(), st.data())
def test_any_one_score_changes_the_hash(sheet: ap.ScoreSheet, data: st.DataObject) -> None:
    """Changing, adding or removing one score gives another hash."""
    cell = tuple(data.draw(st.integers(0, n - 1)) for n in sheet.values.shape)
    values = np.array(sheet.values)
    old = values[cell]
    if np.isnan(old):
        values[cell] = 0.5
    elif data.draw(st.booleans()):
        values[cell] = np.nan
    else:
        values[cell] = np.nextafter(old, np.inf)
    changed = ap.ScoreSheet(
        sheet.raters, sheet.units, sheet.criteria, values, categories=sheet.categories
    )
    assert sheet_sha256(changed) != sheet_sha256(sheet)


def test_sheet_hash_is_the_same_in_every_file_format(tmp_path: Path) -> None:
    """Long CSV, wide CSV, JSON, GB18030 text and a units-reversed JSON hash as the sheet."""
    sheet = ap.load_sheet(example_paths().scores)
    expected = sheet_sha256(sheet)
    ap.dump_sheet(sheet, tmp_path / "long.csv")
    ap.dump_sheet(sheet, tmp_path / "whole.json")
    whole = json.loads((tmp_path / "whole.json").read_text(encoding="utf-8"))
    units = whole["units"]
    reversed_units = {**whole, "units": units[::-1]}
    reversed_units["values"] = [
        [row[i] for i in range(len(units) - 1, -1, -1)] for row in whole["values"]
    ]
    (tmp_path / "reversed.json").write_text(json.dumps(reversed_units), encoding="utf-8")
    text = (tmp_path / "long.csv").read_text(encoding="utf-8-sig")
    (tmp_path / "gb.csv").write_bytes(text.encode("gb18030"))
    assert not sheet.categories  # the example's categories are the scheme's
    wide = ["rater,unit," + ",".join(sheet.criteria)]
    for r, rater in enumerate(sheet.raters):
        for u, unit in enumerate(sheet.units):
            cells = ["" if np.isnan(v) else repr(float(v)) for v in sheet.values[r, u]]
            wide.append(",".join([rater, unit, *cells]))
    (tmp_path / "wide.csv").write_text("\n".join(wide) + "\n", encoding="utf-8")
    for name in ("long.csv", "whole.json", "reversed.json", "gb.csv", "wide.csv"):
        assert sheet_sha256(ap.load_sheet(tmp_path / name)) == expected, name


def test_a_result_hashes_the_sheet_it_was_given() -> None:
    """The aligned sheet a result holds hashes as the file it was read from."""
    result, _ = appraise_example()
    paths = example_paths()
    assert result.manifest.sheet_sha256 == sheet_sha256(ap.load_sheet(paths.scores))
    assert result.manifest.scheme_sha256 == scheme_sha256(ap.load_scheme(paths.scheme))
    assert result.manifest.events_sha256 is not None
    assert (result.manifest.library, result.manifest.version) == ("appraisal", ap.__version__)
    assert result.manifest.options == {}
    assert result.manifest.seed is None


def test_events_hash_ignores_order_and_is_none_without_events() -> None:
    one = [ap.Adjustment("x", 1, "award"), ap.Adjustment("y", 2, "plan", kind="deduction")]
    vetoes = [ap.Veto("z", "accident"), ap.Veto("x", "fraud")]
    assert events_sha256(one, vetoes, None) == events_sha256(one[::-1], vetoes[::-1], None)
    assert events_sha256(one, vetoes, None) != events_sha256(one[:1], vetoes, None)
    assert events_sha256((), (), {"x": 1.0}) != events_sha256((), (), {"x": 2.0})
    assert events_sha256((), (), None) is None


def test_a_scheme_weight_changes_the_scheme_hash() -> None:
    group = ap.RaterGroup
    base = ap.Scheme([group("q", 0.65, members=["A"]), group("o", 0.35, members=["B"])])
    other = ap.Scheme([group("q", 0.6, members=["A"]), group("o", 0.35, members=["B"])])
    assert scheme_sha256(base) != scheme_sha256(other)


def test_the_manifest_round_trips_through_json() -> None:
    result, _ = appraise_example()
    again = ap.Appraisal.from_json(result.to_json())
    assert again.manifest == result.manifest
    assert again.recorded is not None
    assert result.recorded is None


def test_previous_ranks_are_recorded_and_accepted_as_a_mapping() -> None:
    """Last year's ranks travel with the result; a mapping does what the result did."""
    result, previous = appraise_example()
    ranks = dict(zip(previous.units, previous.rank.tolist(), strict=True))
    assert result.previous_ranks == ranks
    by_previous = attrs.evolve(result.scheme, tie_break=["previous_rank"])
    sheet = result.sheet
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ap.AppraisalWarning)
        one = ap.appraise(sheet, by_previous, previous=previous)
        two = ap.appraise(sheet, by_previous, previous=ranks)
    assert one == two
    assert ap.verify(ap.Appraisal.from_json(one.to_json())).ok
    with pytest.raises(ap.InputError, match="previous: a mapping of unit name"):
        ap.appraise(sheet, by_previous, previous={"东河镇": 0})


def test_result_json_is_byte_identical_whatever_the_order_in_the_files(tmp_path: Path) -> None:
    """Permuted whole-form JSON sheets and wide CSVs give byte-identical result JSON."""
    paths = example_paths()
    scheme = ap.load_scheme(paths.scheme)
    sheet = ap.load_sheet(paths.scores)
    ap.dump_sheet(sheet, tmp_path / "whole.json")
    whole = json.loads((tmp_path / "whole.json").read_text(encoding="utf-8"))
    order = [np.arange(n)[::-1] for n in np.shape(whole["values"])]
    values = np.array(whole["values"], dtype=float)[np.ix_(*order)]
    permuted = {
        **whole,
        "raters": [whole["raters"][i] for i in order[0]],
        "units": [whole["units"][i] for i in order[1]],
        "criteria": [whole["criteria"][i] for i in order[2]],
        "values": [
            [[None if np.isnan(v) else v for v in row] for row in block] for block in values
        ],
    }
    (tmp_path / "permuted.json").write_text(json.dumps(permuted), encoding="utf-8")
    criteria = list(sheet.criteria)
    rows = [
        [rater, unit, *("" if np.isnan(v) else repr(float(v)) for v in sheet.values[r, u])]
        for r, rater in enumerate(sheet.raters)
        for u, unit in enumerate(sheet.units)
    ]
    for name, columns in (("wide.csv", criteria), ("wide-permuted.csv", criteria[::-1])):
        picks = [criteria.index(c) for c in columns]
        ordered = rows if name == "wide.csv" else rows[::-1]
        lines = ["rater,unit," + ",".join(columns)]
        lines += [",".join([row[0], row[1], *(row[2 + i] for i in picks)]) for row in ordered]
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ap.AppraisalWarning)
        texts = {
            name: ap.appraise(ap.load_sheet(tmp_path / name), scheme).to_json()
            for name in ("whole.json", "permuted.json", "wide.csv", "wide-permuted.csv")
        }
    assert len(set(texts.values())) == 1
