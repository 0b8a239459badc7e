"""Recounting results: ap.verify, 'appraisal verify', and result files checked on load."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import appraisal as ap
from appraisal.data import appraise_example, example_paths

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def result() -> ap.Appraisal:
    return appraise_example()[0]


def written(tmp_path: Path, data: dict[str, Any], name: str = "result.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _unit_at(data: dict[str, Any], i: int) -> str:
    return str(data["sheet"]["units"][i])


def test_an_untouched_result_verifies(result: ap.Appraisal, tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text(result.to_json(), encoding="utf-8")
    found = ap.verify(path)
    assert found.ok
    assert found.differences == ()
    assert ap.verify(result).ok


@pytest.mark.parametrize(
    ("field", "at", "edit"),
    [
        ("score", 3, lambda d: d["score"].__setitem__(3, d["score"][3] + 0.01)),
        ("rank", 5, lambda d: d["rank"].__setitem__(5, d["rank"][5] + 1)),
        ("tiers", 0, lambda d: d["tiers"].__setitem__(0, "较差")),
        ("base", 2, lambda d: d["base"].__setitem__(2, d["base"][2] * (1 + 1e-15))),
        ("coverage", 1, lambda d: d["coverage"].__setitem__(1, d["coverage"][1] - 1)),
    ],
    ids=["score", "rank", "tier", "base", "coverage"],
)
def test_an_edited_output_is_exactly_its_own_difference(
    result: ap.Appraisal, tmp_path: Path, field: str, at: int, edit: Edit
) -> None:
    """Editing one published value lists that (field, unit) and nothing else."""
    data = result.to_dict()
    edit(data)
    found = ap.verify(written(tmp_path, data))
    assert [(d.field, d.unit) for d in found.differences] == [(field, _unit_at(data, at))]


@pytest.mark.parametrize(
    ("field", "edit"),
    [
        ("sheet_sha256", lambda d: d["sheet"]["values"][0][0].__setitem__(0, 61.0)),
        ("scheme_sha256", lambda d: d["scheme"]["raters"][0].__setitem__("weight", 0.6)),
        ("events_sha256", lambda d: d["adjustments"][0].__setitem__("points", 3.0)),
        ("events_sha256", lambda d: d.__setitem__("vetoes", [])),
    ],
    ids=["score", "scheme weight", "adjustment points", "vetoes removed"],
)
def test_an_edited_input_is_one_hash_difference(
    result: ap.Appraisal, tmp_path: Path, field: str, edit: Edit
) -> None:
    """An edited score, scheme weight or event is one difference, found before recomputing."""
    data = result.to_dict()
    edit(data)
    found = ap.verify(written(tmp_path, data))
    assert [d.field for d in found.differences] == [field]
    assert found.differences[0].stored == result.manifest.to_dict()[field]


def test_input_files_are_checked_by_hash_first(result: ap.Appraisal, tmp_path: Path) -> None:
    paths = example_paths()
    path = tmp_path / "result.json"
    path.write_text(result.to_json(), encoding="utf-8")
    same = ap.verify(
        path, sheet=paths.scores, scheme=paths.scheme, adjustments=paths.adjustments,
        vetoes=paths.vetoes,
    )  # fmt: skip
    assert same.ok
    other = ap.verify(path, sheet=paths.previous_scores)
    assert [d.field for d in other.differences] == ["sheet_sha256"]


def test_a_slim_result_verifies_against_its_score_file(
    result: ap.Appraisal, tmp_path: Path
) -> None:
    path = tmp_path / "slim.json"
    path.write_text(result.to_json(include_sheet=False), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["sheet"]["values"] is None
    assert ap.verify(path, sheet=example_paths().scores).ok
    with pytest.raises(ap.InputError, match=r"slim\.json: a slim result holds no scores; pass"):
        ap.verify(path)
    with pytest.raises(ap.InputError, match=r"slim\.json: a slim result .* cannot be loaded alone"):
        ap.load_result(path)
    wrong = ap.verify(path, sheet=example_paths().previous_scores)
    assert [d.field for d in wrong.differences] == ["sheet_sha256"]


def test_another_version_is_noted(result: ap.Appraisal, tmp_path: Path) -> None:
    data = result.to_dict()
    data["manifest"]["version"] = "0.0.1"
    data["score"][0] = 1.0
    found = ap.verify(written(tmp_path, data))
    assert found.notes == (
        f"the result was written by appraisal 0.0.1; recomputed with {ap.__version__}",
    )
    assert [d.field for d in found.differences] == ["score"]
    assert str(found).startswith("note: the result was written by appraisal 0.0.1")


def _cli(*args: object) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "appraisal", "verify", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_command_line_exit_codes(result: ap.Appraisal, tmp_path: Path) -> None:
    """0 when everything recomputes, 1 with the differences listed, 1 with a clear error."""
    good = tmp_path / "result.json"
    good.write_text(result.to_json(), encoding="utf-8")
    done = _cli(good)
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == (
        "verified: every input and published value recomputes identically"
    )
    data = result.to_dict()
    data["score"][0] = 1.0
    done = _cli(written(tmp_path, data, "edited.json"))
    assert done.returncode == 1
    assert f"  score {_unit_at(data, 0)!r}: stored 1.0, recomputed" in done.stdout
    slim = tmp_path / "slim.json"
    slim.write_text(result.to_json(include_sheet=False), encoding="utf-8")
    assert _cli(slim, "--scores", example_paths().scores).returncode == 0
    done = _cli(slim)
    assert done.returncode == 1
    assert "pass the score file" in done.stderr
    assert "Traceback" not in done.stderr


def _set(path: tuple[Any, ...], value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


BAD_RESULTS: list[tuple[str, Edit, str]] = [
    ("unknown key", _set(("extra",), 1), r"a result has an unknown key 'extra'"),
    ("unknown sheet key", _set(("sheet", "notes"), ""), r"sheet has an unknown key 'notes'"),
    ("missing key", lambda d: d.pop("rank"), r"a result lacks the key 'rank'"),
    ("fractional coverage", _set(("coverage", 0), 2.5), r"coverage\[0\] must be an integer from 0"),
    ("overflowing coverage", _set(("coverage", 0), 1e30), r"coverage\[0\] must be an integer"),
    ("negative coverage", _set(("coverage", 1), -1), r"coverage\[1\] must be an integer from 0"),
    ("coverage above raters", _set(("coverage", 1), 10_000), r"coverage\[1\] must be an integer"),
    ("boolean coverage", _set(("coverage", 1), True), r"coverage\[1\] must be an integer"),
    ("rank below one", _set(("rank", 2), 0), r"rank\[2\] must be a rank >= 1 or null; got 0"),
    ("text score", _set(("score", 0), "80"), r"score\[0\] must be finite numbers or null"),
    ("huge integer", _set(("base", 0), 10**400), r"line 1: a number must be finite as a float"),
    ("influence above one", _set(("influence", 0, 0), 1.5), r"influence\[0\]\[0\] must be a number from 0 to 1"),
    ("negative bonus", _set(("bonus", 0), -2.0), r"bonus\[0\] must be a number >= 0"),
    ("short score list", lambda d: d["score"].pop(), r"score must be a list of 18; got 17 items"),
    ("ragged matrix", lambda d: d["rater_scores"][0].pop(), r"rater_scores\[0\] must be a list of 18; got 17 items"),
    ("trimmed not boolean", _set(("trimmed", 0, 0), 0), r"trimmed\[0\]\[0\] must be true or false"),
    ("flag not a pair", _set(("flags",), [["only"]]), r"flags\[0\] must be a list of 2"),
    ("tier not text", _set(("tiers", 0), 3), r"tiers\[0\] must be a string or null"),
    ("sheet values wrong shape", _set(("sheet", "values"), [[[]]]), r"sheet\.values must be a list of"),
    ("hash not hex", _set(("manifest", "sheet_sha256"), "abc"), r"manifest\.sheet_sha256 must be a SHA-256 hash"),
    ("manifest unknown key", _set(("manifest", "when"), "2026"), r"manifest has an unknown key 'when'"),
    ("seed not an integer", _set(("manifest", "seed"), "1"), r"manifest\.seed must be an integer or null"),
    ("previous rank below one", _set(("previous",), {"东河镇": 0}), r"previous\['东河镇'\] must be a rank >= 1"),
    ("adjustment unknown key", _set(("adjustments", 0, "by"), "me"), r"adjustments\[0\] has an unknown key 'by'"),
    ("format", _set(("format",), "appraisal.result/2"), r"'format' must be 'appraisal.result/1'"),
    ("ordered not boolean", _set(("sheet", "ordered"), "no"), r"sheet\.ordered must be true or false"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "edit", "message"), BAD_RESULTS, ids=[b[0] for b in BAD_RESULTS])
def test_a_malformed_result_file_is_named(
    result: ap.Appraisal, tmp_path: Path, what: str, edit: Edit, message: str
) -> None:
    """Structure is checked on load: the file and the key path of the fault are named."""
    data = result.to_dict()
    edit(data)
    path = written(tmp_path, data)
    with pytest.raises(ap.InputError, match=message) as caught:
        ap.load_result(path)
    assert str(caught.value).startswith(str(path))


def test_a_slim_result_without_its_manifest_is_named(result: ap.Appraisal, tmp_path: Path) -> None:
    data = json.loads(result.to_json(include_sheet=False))
    data.pop("manifest")
    path = written(tmp_path, data, "slim.json")
    with pytest.raises(ap.InputError, match=r"slim\.json: a result lacks the key 'manifest'"):
        ap.verify(path, sheet=example_paths().scores)
