"""Notebook display: every object's `_repr_html_` and the results' one-line `__repr__`."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import numpy as np
import pytest

import appraisal as ap
from appraisal._display import html_block, html_table, visible
from appraisal.data import RENAMED, appraise_example

SCRIPT = "<script>alert(1)</script>"


def parse(text: str) -> Any:
    """Parse an HTML fragment with html5lib in strict mode (a parse error raises)."""
    html5lib = pytest.importorskip("html5lib")
    return html5lib.HTMLParser(strict=True).parseFragment(text)


@cache
def example() -> dict[str, Any]:
    """Every displayed object, from the example county."""
    current, previous = appraise_example()
    return {
        "scheme": current.scheme,
        "sheet": current.sheet,
        "appraisal": current,
        "explanation": current.explain("东河镇"),
        "contrast": current.explain("东河镇", "西山镇"),
        "comparison": current.compare(previous, renamed=RENAMED),
        "diagnostics": ap.reliability.diagnose(current),
        "smaa": ap.robustness.smaa(current, draws=1024, seed=1),
        "resampled": ap.robustness.resample(current, replicates=128, seed=1),
        "margins": ap.robustness.margins(current),
        "tipping_points": ap.robustness.tipping_points(current, "定量考核部门"),
    }


@cache
def script_unit() -> dict[str, Any]:
    """Every result of a sheet with a unit named like a script, and last year's."""
    scheme = ap.Scheme(
        [ap.RaterGroup("q", 0.6, members=["A", "B"]), ap.RaterGroup("o", 0.4, members=[SCRIPT])]
    )
    rows = [
        (rater, unit, "score", score)
        for unit, scores in [(SCRIPT, (90, 80, 70)), ("East", (85, 80, 95))]
        for rater, score in zip(["A", "B", SCRIPT], scores, strict=True)
    ]
    result = ap.appraise(ap.ScoreSheet.from_records(rows), scheme)
    last = ap.appraise(
        ap.ScoreSheet.from_records([(r, u, c, 100 - s) for r, u, c, s in rows]), scheme
    )
    return {
        "sheet": result.sheet,
        "appraisal": result,
        "explanation": result.explain(SCRIPT),
        "contrast": result.explain(SCRIPT, "East"),
        "comparison": result.compare(last),
        "diagnostics": ap.reliability.diagnose(result),
        "smaa": ap.robustness.smaa(result, draws=256, seed=1),
        "resampled": ap.robustness.resample(result, method="jackknife"),
        "margins": ap.robustness.margins(result),
        "tipping_points": ap.robustness.tipping_points(result, "q"),
    }


def _key_numbers() -> dict[str, list[str]]:
    current = example()["appraisal"]
    top = current.table()[0]
    diagnostics = example()["diagnostics"].table()[0]
    margins = example()["margins"]
    u = int(np.flatnonzero(np.isfinite(margins.to_place))[0])
    return {
        "scheme": [
            "44 raters in 2 top-level groups",
            "定量考核部门",
            "0.6500",
            "0.3500",
            "经济发展",
        ],
        "sheet": ["44 raters × 18 units × 4 criteria", "发展和改革局", "84.5"],
        "appraisal": [top["unit"], f"{top['score']:.2f}", top["tier"], str(top["coverage"])],
        "explanation": ["东河镇", "score 88.64", "86.6438", "定量考核部门"],
        "contrast": ["东河镇 vs 西山镇", "-1.7855"],
        "comparison": ["17 units in both years", "柳林镇", "places gained"],
        "diagnostics": [diagnostics["rater"], f"{diagnostics['leniency']:+.2f}", "ICC(A,k)"],
        "smaa": ["1024 draws", "P(优秀)", "东河镇"],
        "resampled": ["128 bootstrap replicates", "score SE", "东河镇"],
        "margins": [margins.units[u], f"{margins.to_place[u]:.2f}"],
        "tipping_points": ["0.6500", f"{example()['tipping_points'].ranking[0]:.4f}"],
    }


@pytest.mark.parametrize("name", list(_key_numbers()))
def test_repr_html_is_valid_and_holds_the_key_numbers(name: str) -> None:
    """Each object's `_repr_html_` parses as strict HTML and shows its key numbers."""
    text = example()[name]._repr_html_()
    parse(text)
    for number in _key_numbers()[name]:
        assert number in text, (name, number)


@pytest.mark.parametrize("name", list(script_unit()))
def test_a_unit_named_like_a_script_shows_as_text(name: str) -> None:
    """A unit named `<script>alert(1)</script>` is escaped in every table (and the HTML parses)."""
    text = script_unit()[name]._repr_html_()
    parse(text)
    assert "<script" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, name


def test_tables_show_twenty_rows_then_how_many_more() -> None:
    """A table shows at most 20 rows, then "… n more"; 20 rows or fewer show no such row."""
    rows = [[str(i)] for i in range(25)]
    text = html_table(["n"], rows)
    parse(text)
    assert text.count("<tr>") == 1 + 20 + 1
    assert "<td>19</td>" in text
    assert "<td>20</td>" not in text
    assert '<td colspan="1">… 5 more</td>' in text
    assert "more" not in html_table(["n"], rows[:20])
    assert "… 980 more" in html_table(["n"], rows, total=1000)


def test_the_sheet_shows_its_first_records_and_how_many_more() -> None:
    """The example sheet shows 20 records and counts the rest of its 2,997 scores."""
    text = example()["sheet"]._repr_html_()
    assert "2997 scores (171 missing)" in text
    assert "… 2977 more" in text


def test_the_appraisal_shows_every_unit_up_to_twenty() -> None:
    """The example's 18 units all show; with 25 units, 20 and "… 5 more"."""
    assert "more" not in example()["appraisal"]._repr_html_()
    values = np.arange(50.0, 75.0)[None, :]
    sheet = ap.ScoreSheet.from_array(values, raters=["A"], units=[f"u{i:02d}" for i in range(25)])
    text = ap.appraise(sheet, ap.Scheme(["A"]))._repr_html_()
    assert "… 5 more" in text
    assert "u24" in text
    assert "u00" not in text


def test_control_characters_are_made_visible() -> None:
    """A control or format character shows as its escape; HTML stays escaped and valid."""
    assert visible("a\nb\u200b\x00") == "a\\nb\\u200b\\x00"
    text = html_block("x\ty", html_table(["reason"], [["<b>\r"]]), notes=["a & b"])
    parse(text)
    assert "x\\ty" in text
    assert "&lt;b&gt;\\r" in text
    assert "a &amp; b" in text


REPRS = {
    "appraisal": "<Appraisal: 18 units in 2 categories, 44 raters in 2 top-level groups, 4 criteria>",
    "explanation": "<Explanation of 东河镇: score 88.64, rank 1, base 86.6438>",
    "contrast": "<Explanation of 东河镇 vs 西山镇: base 86.6438 vs 88.4293 (difference -1.7855)>",
    "comparison": "<Comparison: 17 units in both years (5 up, 6 down, 6 same place), 1 new, 0 gone>",
    "diagnostics": "<Diagnostics: 44 raters over 18 units, 10 raters flagged (10 flags), 7 rater groups>",
    "smaa": "<SMAA: 18 units, 1024 draws (dirichlet) over 2 weights, seed 1>",
    "resampled": "<Resampled: 18 units, 128 bootstrap replicates (refold), seed 1>",
    "margins": "<Margins: 18 units, 7 groups>",
}


@pytest.mark.parametrize("name", list(REPRS))
def test_results_repr_in_one_line(name: str) -> None:
    """A result's `repr` is a one-line summary."""
    assert repr(example()[name]) == REPRS[name]


def test_tipping_points_repr_in_one_line() -> None:
    """Tipping points name the group, its share and the intervals in one line."""
    out = example()["tipping_points"]
    low, high = out.ranking
    text = repr(out)
    assert text.startswith("<TippingPoints: group '定量考核部门' at 0.6500, ranking holds over ")
    assert f"{low:.4f}..{high:.4f}" in text
    assert "\n" not in text


def test_model_values_keep_their_attrs_repr() -> None:
    """A scheme and a sheet keep the attrs repr that rebuilds them."""
    assert repr(example()["scheme"]).startswith("Scheme(raters=RaterGroup(name='all'")
    assert repr(example()["sheet"]).startswith("ScoreSheet(raters=('发展和改革局'")
    assert repr(ap.Criterion("x")) == (
        "Criterion(name='x', weight=1.0, scale=(0.0, 100.0), higher_is_better=True, children=())"
    )


def test_explanation_to_dict_is_plain_data() -> None:
    """`Explanation.to_dict` is JSON-ready and holds every row with a value per unit."""
    explanation = example()["contrast"]
    data = explanation.to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["units"] == ["东河镇", "西山镇"]
    assert len(data["rows"]) == len(explanation.rows)
    first = data["rows"][0]
    assert first["level"] == "group"
    assert first["name"] == "all"
    assert first["contribution"] == list(explanation.rows[0].contribution)
    assert first["contribution"][0] == pytest.approx(data["base"][0])


def test_explanation_to_markdown_has_a_table_per_level() -> None:
    """`Explanation.to_markdown`: the headline, publication lines, a table per level."""
    text = example()["explanation"].to_markdown()
    assert text.startswith("东河镇: score 88.64, rank 1, base 86.6438\n- category 乡镇, tier 优秀")
    for header in ("| group | score |", "| rater | score |", "| criterion | score |"):
        assert header in text
    assert "| --- | ---: | ---: | ---: | --- |" in text
    contrast = example()["contrast"].to_markdown()
    assert "| group | 东河镇 | 西山镇 | difference |" in contrast
