"""The built-in example county: synthetic, illustrative data, not any real county's.

Eighteen units in two categories (12 townships, 乡镇, and 6 development zones, 开发区)
are scored on four weighted criteria (经济发展 economic development 35 %, 项目建设
project construction 25 %, 征地拆迁 land acquisition 20 %, 民生服务 public services
20 %) by two rater groups, the founding split: the 13 departments that ran
quantitative assessments all year (定量考核部门, 65 %), and the 17 other departments
together with five townships' leaders who score the townships, never their own
(其他部门 with 乡镇互评, mutual evaluation, weighing 3 against each department's 1; 35 %).
Three departments hand in their panel members' own scores: 财政局 (5 members, trimmed
mean dropping one from each side), 统计局 (4 members, trimming one only when all four
scored) and 教育局 (3 members, median). A few ratings are missing. The published
results are tiered (优秀 at most 20 % of a category, 良好 from 80, 一般 the rest), with
capped bonus and deduction items and one veto, and compared with last year, when
柳林镇 was still 柳林乡 and 物流园区 did not exist yet.

The files are made by ``scripts/make_example.py`` (a seeded generator) and read through
the same public loaders a user calls:

- ``scheme.toml``: the scheme;
- ``scores.csv``: this year's score sheet, wide format (a column per criterion);
- ``scores_matrix.xlsx``: the same scores as an office tabulates them, a worksheet per
  criterion with a unit per row and a rater per column (read it with
  ``load_sheet(path, layout="matrix", scheme=scheme)``);
- ``adjustments.csv``: bonus and deduction items (加分/扣分);
- ``vetoes.csv``: the veto (一票否决);
- ``previous_scores.csv``: last year's score sheet, under the same scheme;
- ``units.csv``: each unit's kind and English name;
- ``translations.csv``: English names of the other labels (groups, raters, criteria,
  kinds, tiers, last year's unit name).

``scheme.schema.json``, the JSON Schema of scheme files, lives here too.

Examples
--------
>>> sheet, scheme = load_example()
>>> sheet.shape, [(g.name, g.weight) for g in scheme.raters.members]
((44, 18, 4), [('定量考核部门', 0.65), ('其他部门', 0.35)])
>>> translations()["经济发展"], example_units()["经济技术开发区"]
('economic development', '开发区')
>>> current, previous = appraise_example()
>>> current.tiers[current.unit_index("高新技术产业开发区")], float(current.bonus.max())
('优秀', 3.0)
"""

from __future__ import annotations

import csv
from pathlib import Path

from attrs import frozen

from appraisal.io import load_adjustments, load_scheme, load_sheet, load_vetoes
from appraisal.model.events import Adjustment, Veto
from appraisal.model.scheme import Scheme
from appraisal.model.sheet import ScoreSheet
from appraisal.pipeline.appraise import appraise
from appraisal.result.appraisal import Appraisal

__all__ = [
    "RENAMED",
    "ExamplePaths",
    "appraise_example",
    "example_paths",
    "example_units",
    "load_example",
    "load_example_events",
    "load_example_previous",
    "translations",
]

HERE = Path(__file__).resolve().parent
RENAMED = {"柳林镇": "柳林乡"}
"""The example's renamed unit, this year's name to last year's (``compare(renamed=)``)."""


@frozen
class ExamplePaths:
    """Where the example's files are (inside the installed package)."""

    scheme: Path
    scores: Path
    scores_matrix: Path
    units: Path
    translations: Path
    adjustments: Path
    vetoes: Path
    previous_scores: Path

    def files(self) -> tuple[Path, ...]:
        """All eight: scheme, scores (and as matrices), adjustments, vetoes, previous scores, units, translations."""
        return (
            self.scheme,
            self.scores,
            self.scores_matrix,
            self.adjustments,
            self.vetoes,
            self.previous_scores,
            self.units,
            self.translations,
        )


def example_paths() -> ExamplePaths:
    """The paths of the example's files."""
    return ExamplePaths(
        scheme=HERE / "scheme.toml",
        scores=HERE / "scores.csv",
        scores_matrix=HERE / "scores_matrix.xlsx",
        units=HERE / "units.csv",
        translations=HERE / "translations.csv",
        adjustments=HERE / "adjustments.csv",
        vetoes=HERE / "vetoes.csv",
        previous_scores=HERE / "previous_scores.csv",
    )


def load_example() -> tuple[ScoreSheet, Scheme]:
    """The score sheet (this year's) and the scheme, read with :func:`~appraisal.load_sheet` and :func:`~appraisal.load_scheme`."""
    paths = example_paths()
    scheme = load_scheme(paths.scheme)
    return load_sheet(paths.scores, scheme=scheme), scheme


def load_example_events() -> tuple[tuple[Adjustment, ...], tuple[Veto, ...]]:
    """The adjustments and vetoes (this year's), read with :func:`~appraisal.load_adjustments` and :func:`~appraisal.load_vetoes`."""
    paths = example_paths()
    return load_adjustments(paths.adjustments), load_vetoes(paths.vetoes)


def load_example_previous() -> ScoreSheet:
    """Last year's score sheet (under the same scheme), read with :func:`~appraisal.load_sheet`."""
    paths = example_paths()
    return load_sheet(paths.previous_scores, scheme=load_scheme(paths.scheme))


def appraise_example() -> tuple[Appraisal, Appraisal]:
    """The results of this year and last year, as ``appraisal demo`` computes them.

    Last year's sheet is appraised under the scheme, without events; this year's with
    its adjustments and vetoes, and last year's result as ``previous``. Compare them
    with ``current.compare(previous, renamed=RENAMED)``.
    """
    paths = example_paths()
    scheme = load_scheme(paths.scheme)
    sheet = load_sheet(paths.scores, scheme=scheme)
    adjustments = load_adjustments(paths.adjustments, units=sheet.units)
    vetoes = load_vetoes(paths.vetoes, units=sheet.units)
    previous = appraise(load_sheet(paths.previous_scores, scheme=scheme), scheme)
    current = appraise(sheet, scheme, adjustments=adjustments, vetoes=vetoes, previous=previous)
    return current, previous


def example_units() -> dict[str, str]:
    """Each unit of the example (this year) and its kind (乡镇 township or 开发区 development zone)."""
    return {row["unit"]: row["kind"] for row in _rows(example_paths().units)}


def translations() -> dict[str, str]:
    """English names of every Chinese label of the example: units, raters, groups, criteria, kinds, tiers."""
    paths = example_paths()
    names = {row["unit"]: row["english"] for row in _rows(paths.units)}
    names.update((row["label"], row["english"]) for row in _rows(paths.translations))
    return names


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))
