"""The built-in example county: synthetic, illustrative data, not any real county's.

Eighteen units (12 townships, 乡镇, and 6 development zones, 开发区) are scored by 30
departments on four weighted criteria (经济发展 economic development 35 %, 项目建设
project construction 25 %, 征地拆迁 land acquisition 20 %, 民生服务 public services
20 %). The 13 departments that ran quantitative assessments all year (定量考核部门) weigh
65 %, the 17 others (其他部门) 35 %. A few ratings are missing.

The files are made by ``scripts/make_example.py`` (a seeded generator) and read through
the same public loaders a user calls:

- ``scheme.toml``: the scheme;
- ``scores.csv``: the score sheet, wide format (a column per criterion);
- ``units.csv``: each unit's kind and English name;
- ``translations.csv``: English names of departments, groups, criteria and kinds.

``scheme.schema.json``, the JSON Schema of scheme files, lives here too.

Examples
--------
>>> sheet, scheme = load_example()
>>> sheet.shape, [(g.name, g.weight) for g in scheme.groups[1:]]
((30, 18, 4), [('定量考核部门', 0.65), ('其他部门', 0.35)])
>>> translations()["经济发展"], example_units()["经济技术开发区"]
('economic development', '开发区')
"""

from __future__ import annotations

import csv
from pathlib import Path

from attrs import frozen

from appraisal.io import load_scheme, load_sheet
from appraisal.scheme import Scheme
from appraisal.sheet import ScoreSheet

__all__ = ["ExamplePaths", "example_paths", "example_units", "load_example", "translations"]

HERE = Path(__file__).resolve().parent


@frozen
class ExamplePaths:
    """Where the example's files are (inside the installed package)."""

    scheme: Path
    scores: Path
    units: Path
    translations: Path

    def files(self) -> tuple[Path, ...]:
        """All four, in the order above."""
        return (self.scheme, self.scores, self.units, self.translations)


def example_paths() -> ExamplePaths:
    """The paths of the example's scheme, score sheet, units and translations files."""
    return ExamplePaths(
        HERE / "scheme.toml", HERE / "scores.csv", HERE / "units.csv", HERE / "translations.csv"
    )


def load_example() -> tuple[ScoreSheet, Scheme]:
    """The example's score sheet and scheme, read with :func:`~appraisal.load_sheet` and :func:`~appraisal.load_scheme`."""
    paths = example_paths()
    scheme = load_scheme(paths.scheme)
    return load_sheet(paths.scores, scheme=scheme), scheme


def example_units() -> dict[str, str]:
    """Each unit of the example and its kind (乡镇 township or 开发区 development zone)."""
    return {row["unit"]: row["kind"] for row in _rows(example_paths().units)}


def translations() -> dict[str, str]:
    """English names of every Chinese label of the example: units, departments, groups, criteria, kinds."""
    paths = example_paths()
    names = {row["unit"]: row["english"] for row in _rows(paths.units)}
    names.update((row["label"], row["english"]) for row in _rows(paths.translations))
    return names


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))
