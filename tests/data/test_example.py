"""The built-in example county: what it holds, that it runs, and that the script makes it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import appraisal as ap
from appraisal import data

ROOT = Path(__file__).resolve().parents[2]
G = ap.RaterGroup


def test_example_files() -> None:
    """Eight files, all in the package: scheme, two score sheets (this year's also as matrices), two event files, two name lists."""
    paths = data.example_paths()
    names = [path.name for path in paths.files()]
    assert names == [
        "scheme.toml",
        "scores.csv",
        "scores_matrix.xlsx",
        "adjustments.csv",
        "vetoes.csv",
        "previous_scores.csv",
        "units.csv",
        "translations.csv",
    ]
    assert all(path.is_file() for path in paths.files())


def test_example_units_and_criteria() -> None:
    """18 units of two kinds, 4 weighted criteria, a few gaps."""
    sheet, scheme = data.load_example()
    kinds = data.example_units()
    assert len(kinds) == 18
    assert set(kinds.values()) == {"乡镇", "开发区"}
    assert sheet.units == tuple(sorted(kinds))
    assert sheet.criteria == tuple(sorted(["经济发展", "项目建设", "征地拆迁", "民生服务"]))
    assert scheme.criterion_weights == (0.35, 0.25, 0.2, 0.2)
    assert 0 < np.isnan(sheet.values).sum() < sheet.values.size / 10


def test_example_rater_groups() -> None:
    """The founding split: 13 quantitative departments at 65 %, the others at 35 % with the mutual evaluation inside."""
    _, scheme = data.load_example()
    quantitative, other = scheme.raters.members
    assert isinstance(quantitative, G)
    assert isinstance(other, G)
    assert [(g.name, g.weight) for g in (quantitative, other)] == [
        ("定量考核部门", 0.65),
        ("其他部门", 0.35),
    ]
    departments = [m for m in other.members if not (isinstance(m, G) and m.name == "乡镇互评")]
    assert (len(quantitative.members), len(departments)) == (13, 17)


def test_example_has_panels() -> None:
    """At least two departments are panels of people: one trimmed (k or a schedule), one median."""
    _, scheme = data.load_example()
    top = set(scheme.raters.members)
    panels = [g for g in scheme.groups[1:] if g not in top]
    assert len(panels) >= 2
    assert all(all(isinstance(m, str) for m in p.members) for p in panels)
    assert any(isinstance(p.rule, ap.Trimmed) for p in panels)
    assert any(p.rule == "median" for p in panels)
    rules = {p.name: p.rule for p in panels}
    assert rules["财政局"] == ap.Trimmed(1)
    assert rules["统计局"] == ap.Trimmed(schedule=((3, 0), (None, 1)))


def test_example_mutual_evaluation() -> None:
    """A small group of townships score each other with self_recusal: nobody scores itself."""
    sheet, scheme = data.load_example()
    assert scheme.self_recusal
    mutual = next(g for g in scheme.groups if g.name == "乡镇互评")
    leaders = [m for m in mutual.members if isinstance(m, str)]
    assert 2 < len(leaders) < 12
    assert set(leaders) <= set(sheet.units)
    result = ap.appraise(sheet, scheme)
    for leader in leaders:
        r, u = result.raters.index(leader), result.unit_index(leader)
        assert np.isnan(sheet.values[sheet.raters.index(leader), u]).all()
        assert result.influence[r, u] == 0
        others = [i for i, unit in enumerate(sheet.units) if unit != leader]
        assert result.influence[r, others].max() > 0


def test_example_categories_tiers_and_caps() -> None:
    """Two categories in the scheme, a tie-break cascade, capped points and tiers with a quota."""
    sheet, scheme = data.load_example()
    kinds = data.example_units()
    assert {unit: scheme.categories[unit] for unit in sheet.units} == kinds
    assert set(scheme.categories.values()) == {"乡镇", "开发区"}
    assert scheme.tie_break == (("group", "定量考核部门"), ("criterion", "经济发展"))
    assert dict(scheme.caps) == {"bonus": 3.0, "deduction": 5.0}
    assert [(t.name, t.share, t.min_score) for t in scheme.tiers] == [
        ("优秀", 0.2, None),
        ("良好", None, 80.0),
        ("一般", None, None),
    ]


def test_example_events() -> None:
    """A bonus, a deduction, one evidence id handed in twice, and one veto."""
    adjustments, vetoes = data.load_example_events()
    kinds = {a.kind for a in adjustments}
    assert kinds == {"bonus", "deduction"}
    evidence = [a.evidence for a in adjustments if a.evidence is not None]
    assert len(evidence) - len(set(evidence)) == 1
    assert len(vetoes) == 1


def test_example_previous_year() -> None:
    """Last year's sheet under the same scheme: one unit renamed since, one new this year."""
    sheet, _ = data.load_example()
    previous = data.load_example_previous()
    assert previous.raters == sheet.raters
    assert set(previous.units) ^ set(sheet.units) == {"柳林镇", "柳林乡", "物流园区"}
    assert all(previous.units.count(old) == 1 for old in data.RENAMED.values())
    assert all(new in sheet.units for new in data.RENAMED)


def test_example_appraised() -> None:
    """The published example: caps, evidence once, the veto in the lowest tier, a quota per category."""
    current, previous = data.appraise_example()
    sheet, scheme = data.load_example()
    adjustments, vetoes = data.load_example_events()
    assert current == ap.appraise(
        sheet,
        scheme,
        adjustments=adjustments,
        vetoes=vetoes,
        previous=ap.appraise(data.load_example_previous(), scheme),
    )
    assert current.bonus.max() == 3.0  # 2 + 1.5 points, capped
    assert current.bonus[current.unit_index("东河镇")] == 2.0  # evidence counted once
    assert current.deduction.sum() == 2.5
    vetoed = current.unit_index(vetoes[0].unit)
    assert current.tiers[vetoed] == "一般"
    assert current.rank[vetoed] == 2  # keeps its rank
    for category, size in (("乡镇", 12), ("开发区", 6)):
        best = [t for c, t in zip(current.categories, current.tiers, strict=True) if c == category]
        assert len(best) == size
        assert best.count("优秀") == int(0.2 * size)
    assert previous.tiers.count(None) == 0
    comparison = current.compare(previous, renamed=data.RENAMED)
    assert (comparison.new, comparison.gone, comparison.scheme_differences) == (
        ("物流园区",),
        (),
        (),
    )
    assert len(comparison.rows) == 17


def test_example_panels_trim() -> None:
    """The Finance Bureau's lenient panellist is trimmed for every unit the panel scored in full."""
    sheet, scheme = data.load_example()
    result = ap.appraise(sheet, scheme)
    lenient = result.raters.index("财政局评委戊")
    scored = ~np.isnan(result.rater_scores[lenient])
    assert result.trimmed[lenient, scored].mean() > 0.9
    assert result.trimmed.sum() > 0


def test_example_translations() -> None:
    """Every Chinese label of the example has an English name."""
    sheet, scheme = data.load_example()
    names = data.translations()
    labels = (
        *sheet.raters,
        *sheet.units,
        *data.load_example_previous().units,
        *sheet.criteria,
        *(g.name for g in scheme.groups[1:]),
        *(t.name for t in scheme.tiers),
        *set(scheme.categories.values()),
    )
    assert [label for label in labels if not names.get(label)] == []


def test_example_is_what_the_script_makes(tmp_path: Path) -> None:
    """scripts/make_example.py is deterministic and wrote the committed files."""
    subprocess.run(
        [sys.executable, str(ROOT / "scripts/make_example.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for path in data.example_paths().files():
        if path.suffix == ".xlsx" and importlib.util.find_spec("xlsxwriter") is None:
            continue  # the script writes the workbook with the excel extra only
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_example_matrix_workbook_is_the_score_sheet() -> None:
    """The office-style workbook (a worksheet per criterion, title rows, 合计) loads as the score sheet."""
    pytest.importorskip("python_calamine", reason="the excel extra is not installed")
    sheet, scheme = data.load_example()
    with pytest.warns(
        ap.AppraisalWarning, match=r"read past column A \('序号'\) and column AU \('合计'\)"
    ):
        matrix = ap.load_sheet(data.example_paths().scores_matrix, layout="matrix", scheme=scheme)
    assert matrix == sheet
