"""Generate the built-in example county: synthetic, illustrative data, not any real county's.

Run: python scripts/make_example.py [--out DIR]   (default: src/appraisal/data)

Writes, through the same public functions a user calls:

- ``scheme.toml``: two rater groups (13 quantitative-assessment departments weighing
  65 %, 17 other departments weighing 35 %) and four weighted criteria;
- ``scores.csv``: the score sheet in wide format (one row per department and unit,
  one column per criterion), with a handful of missing ratings;
- ``units.csv``: each unit's kind (乡镇 township or 开发区 development zone) and English name;
- ``translations.csv``: English names of the departments, groups, criteria and kinds.

The scores come from a seeded generator, so running the script again rewrites the same
bytes (a test checks this). Each unit has a true standing per criterion; each department
sees it through its own leniency and noise. Quantitative departments score from a year
of data, so their scores spread out; the other departments know the units less well and
score closer together. To extend the example (panels, recusal, categories, adjustments,
a previous year), add to the tables and functions below and rerun the script.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

import appraisal as ap

SEED = 20240101
DATA = Path(__file__).resolve().parent.parent / "src" / "appraisal" / "data"

# (unit, kind, English name): 12 townships (镇/乡) and 6 development zones (开发区/园区).
UNITS = [
    ("东河镇", "乡镇", "Donghe Town"),
    ("西山镇", "乡镇", "Xishan Town"),
    ("南湖镇", "乡镇", "Nanhu Town"),
    ("北岭镇", "乡镇", "Beiling Town"),
    ("青石镇", "乡镇", "Qingshi Town"),
    ("白沙镇", "乡镇", "Baisha Town"),
    ("柳林镇", "乡镇", "Liulin Town"),
    ("桃源乡", "乡镇", "Taoyuan Township"),
    ("龙泉乡", "乡镇", "Longquan Township"),
    ("石桥乡", "乡镇", "Shiqiao Township"),
    ("松岗乡", "乡镇", "Songgang Township"),
    ("云溪乡", "乡镇", "Yunxi Township"),
    ("经济技术开发区", "开发区", "Economic and Technological Development Zone"),
    ("高新技术产业开发区", "开发区", "High-tech Industrial Development Zone"),
    ("临港工业园区", "开发区", "Port Industrial Park"),
    ("现代农业园区", "开发区", "Modern Agriculture Park"),
    ("文化旅游园区", "开发区", "Cultural Tourism Park"),
    ("物流园区", "开发区", "Logistics Park"),
]
KINDS = [("乡镇", "township"), ("开发区", "development zone")]

# The 13 departments that ran quantitative assessments all year (定量考核部门).
QUANTITATIVE = [
    ("发展和改革局", "Development and Reform Bureau"),
    ("财政局", "Finance Bureau"),
    ("统计局", "Statistics Bureau"),
    ("商务局", "Commerce Bureau"),
    ("工业和信息化局", "Industry and Information Technology Bureau"),
    ("自然资源局", "Natural Resources Bureau"),
    ("住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
    ("生态环境局", "Ecology and Environment Bureau"),
    ("农业农村局", "Agriculture and Rural Affairs Bureau"),
    ("税务局", "Tax Bureau"),
    ("审计局", "Audit Bureau"),
    ("应急管理局", "Emergency Management Bureau"),
    ("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
]
OTHER = [
    ("教育局", "Education Bureau"),
    ("卫生健康委员会", "Health Commission"),
    ("民政局", "Civil Affairs Bureau"),
    ("交通运输局", "Transport Bureau"),
    ("水利局", "Water Resources Bureau"),
    ("文化和旅游局", "Culture and Tourism Bureau"),
    ("市场监督管理局", "Market Regulation Bureau"),
    ("公安局", "Public Security Bureau"),
    ("司法局", "Justice Bureau"),
    ("退役军人事务局", "Veterans Affairs Bureau"),
    ("医疗保障局", "Healthcare Security Bureau"),
    ("林业局", "Forestry Bureau"),
    ("信访局", "Petitions Bureau"),
    ("科学技术局", "Science and Technology Bureau"),
    ("档案馆", "Archives"),
    ("供销合作社", "Supply and Marketing Cooperative"),
    ("总工会", "Federation of Trade Unions"),
]
# (group, English name, weight, members)
GROUPS = [
    ("定量考核部门", "quantitative assessment departments", 0.65, QUANTITATIVE),
    ("其他部门", "other departments", 0.35, OTHER),
]
# (criterion, English name, weight); all scored on 0..100.
CRITERIA = [
    ("经济发展", "economic development", 0.35),
    ("项目建设", "project construction", 0.25),
    ("征地拆迁", "land acquisition", 0.2),
    ("民生服务", "public services", 0.2),
]
# Development zones lead on the economy and projects, townships on public services.
ZONE_LEAD = np.array([4.0, 5.0, 1.0, -3.0])
MISSING_PAIRS = 4  # (department, unit) pairs with no rating at all
MISSING_CELLS = 3  # single criteria left blank


def scheme() -> ap.Scheme:
    """The example's scheme: two weighted rater groups, four weighted criteria."""
    groups = [
        ap.RaterGroup(name, weight, members=[member for member, _ in members])
        for name, _, weight, members in GROUPS
    ]
    criteria = [ap.Criterion(name, weight) for name, _, weight in CRITERIA]
    return ap.Scheme(raters=groups, criteria=criteria)


def scores(rng: np.random.Generator) -> np.ndarray:
    """Scores (departments, units, criteria) in steps of 0.5 on 60..100, NaN where missing."""
    n_quantitative, n_other = len(QUANTITATIVE), len(OTHER)
    n_raters, n_units, n_criteria = n_quantitative + n_other, len(UNITS), len(CRITERIA)
    zone = np.array([kind == "开发区" for _, kind, _ in UNITS])
    standing = rng.normal(82.0, 4.0, size=(n_units, 1)) + rng.normal(
        0.0, 3.0, (n_units, n_criteria)
    )
    standing += np.outer(zone, ZONE_LEAD)
    leniency = rng.normal(0.0, 2.0, size=(n_raters, 1, 1))
    spread = np.r_[np.ones(n_quantitative), np.full(n_other, 0.5)][:, None, None]
    noise = np.r_[np.full(n_quantitative, 2.0), np.full(n_other, 3.0)][:, None, None]
    values = 85.0 + spread * (standing[None] - 85.0) + leniency
    values += noise * rng.standard_normal((n_raters, n_units, n_criteria))
    values = np.clip(np.round(values * 2) / 2, 60.0, 100.0)
    pairs = rng.choice(n_raters * n_units, size=MISSING_PAIRS, replace=False)
    values.reshape(n_raters * n_units, n_criteria)[pairs] = np.nan
    cells = rng.choice(values.size, size=MISSING_CELLS, replace=False)
    values.reshape(-1)[cells] = np.nan
    return values


def write(out: Path, seed: int = SEED) -> None:
    """Write the example's four files into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    scheme_path = out / "scheme.toml"
    ap.dump_scheme(scheme(), scheme_path)
    header = (
        "# The example county's appraisal scheme: SYNTHETIC, ILLUSTRATIVE data made by\n"
        "# scripts/make_example.py, not any real county's. English names: translations.csv.\n"
        "# 定量考核部门: the 13 departments that ran quantitative assessments all year (65 %);\n"
        "# 其他部门: all other departments (35 %). Four weighted criteria, scored on 0..100.\n\n"
    )
    scheme_path.write_text(header + scheme_path.read_text(encoding="utf-8"), encoding="utf-8")

    values = scores(np.random.default_rng(seed))
    raters = [name for _, _, _, members in GROUPS for name, _ in members]
    with open(out / "scores.csv", "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["rater", "unit", *(name for name, _, _ in CRITERIA)])
        for r, rater in enumerate(raters):
            for u, (unit, _, _) in enumerate(UNITS):
                writer.writerow([rater, unit, *(_text(v) for v in values[r, u])])
    _table(out / "units.csv", ["unit", "kind", "english"], UNITS)
    names = [(name, english) for name, english, _, _ in GROUPS]
    names += [member for _, _, _, members in GROUPS for member in members]
    names += [(name, english) for name, english, _ in CRITERIA] + KINDS
    _table(out / "translations.csv", ["label", "english"], names)


def _text(value: float) -> str:
    return "" if np.isnan(value) else f"{value:g}"


def _table(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    """Write the files, then read them back through the public loaders."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA, help="directory to write into")
    out = parser.parse_args().out
    write(out)
    sheet = ap.load_sheet(out / "scores.csv", scheme=ap.load_scheme(out / "scheme.toml"))
    print(
        f"wrote {out}: {sheet.shape[0]} departments x {sheet.shape[1]} units x {sheet.shape[2]} criteria"
    )


if __name__ == "__main__":
    main()
