"""Generate the built-in example county: synthetic, illustrative data, not any real county's.

Run: python scripts/make_example.py [--out DIR]   (default: src/appraisal/data)

Writes, through the same public functions a user calls:

- ``scheme.toml``: two rater groups (quantitative-assessment departments 65 %, other
  departments 35 % with a mutual evaluation of five townships' leaders inside), three
  departments handing in their panel members' scores (trimmed, scheduled, median), four
  weighted criteria, two categories, a tie-break cascade, capped adjustments and tiers
  with a quota;
- ``scores.csv``: this year's score sheet in wide format (one row per rater and unit,
  one column per criterion), with a handful of missing ratings;
- ``scores_matrix.xlsx``: the same scores as an appraisal office tabulates them (with
  the ``excel`` extra installed): a worksheet per criterion, titled with its name, with
  a merged title row, a line saying who filled it in, then a row per unit (序号,
  被考核单位) and a column per rater, and a 合计 column of each unit's total;
- ``adjustments.csv`` and ``vetoes.csv``: this year's bonus and deduction items (加分/扣分)
  and one veto (一票否决);
- ``previous_scores.csv``: last year's score sheet under the same scheme (one unit had
  another name, one did not exist yet);
- ``units.csv``: each unit's kind (乡镇 township or 开发区 development zone) and English name;
- ``translations.csv``: English names of the other labels (groups, raters, criteria,
  kinds, tiers, last year's unit name).

The scores come from a seeded generator, so running the script again rewrites the same
bytes (a test checks this). Each unit has a true standing per criterion, which moves a
little from last year to this; each rater sees it through its own leniency and noise.
Quantitative departments score from a year of data, so their scores spread out; the
other departments know the units less well and score closer together; a panel member
follows the department's view with a voice of their own, and one member of the Finance
Bureau's panel is far more lenient than the rest (the trimmed mean drops that voice).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import importlib.util
import json
from pathlib import Path

import numpy as np

import appraisal as ap
from appraisal.model.scheme_dict import scheme_to_dict

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
# Last year: 柳林镇 was still 柳林乡 (a township became a town, 撤乡设镇), and 物流园区 did
# not exist yet. The scheme's categories name 柳林乡 too, so last year's sheet is
# appraised under the same scheme.
RENAMED = {"柳林镇": ("柳林乡", "Liulin Township")}
NEW_UNITS = ("物流园区",)

# The departments that ran quantitative assessments all year (定量考核部门).
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
# Departments that hand in their panel members' own scores: the department becomes a
# group of people. (department, rule, members); members are named 甲, 乙, 丙 ...
PANELS = {
    "财政局": (ap.Trimmed(1), 5),
    "统计局": (ap.Trimmed(schedule=((3, 0), (None, 1))), 4),
    "教育局": ("median", 3),
}
ORDINALS = "甲乙丙丁戊"
LENIENT_MEMBER = "财政局评委戊"  # scores every unit far higher than the rest of the panel
ON_LEAVE = ("统计局评委丁", 3)  # this member scored none of the first three townships
# The mutual evaluation (乡镇互评): five townships' leaders score the townships, never their own.
MUTUAL = ["东河镇", "西山镇", "南湖镇", "北岭镇", "青石镇"]
# (group, English name, weight, members): the founding split, 65 % and 35 %.
GROUPS = [
    ("定量考核部门", "quantitative assessment departments", 0.65, QUANTITATIVE),
    ("其他部门", "other departments", 0.35, OTHER),
]
# The mutual evaluation sits inside 其他部门, weighing 3 against each department's 1.
MUTUAL_GROUP = ("乡镇互评", "mutual evaluation of townships", 3.0)
# (criterion, English name, weight); all scored on 0..100.
CRITERIA = [
    ("经济发展", "economic development", 0.35),
    ("项目建设", "project construction", 0.25),
    ("征地拆迁", "land acquisition", 0.2),
    ("民生服务", "public services", 0.2),
]
# (tier, English name, min_score, share): at most 20 % of a category is 优秀 (excellent).
TIERS = [
    ("优秀", "excellent", None, 0.2),
    ("良好", "good", 80.0, None),
    ("一般", "fair", None, None),
]
CAPS = {"bonus": 3.0, "deduction": 5.0}
TIE_BREAK = [("group", "定量考核部门"), ("criterion", "经济发展")]
# Development zones lead on the economy and projects, townships on public services.
ZONE_LEAD = np.array([4.0, 5.0, 1.0, -3.0])
MISSING_PAIRS = 4  # (rater, unit) pairs with no rating at all
MISSING_CELLS = 3  # single criteria left blank

# (unit, kind, points, reason, evidence): the same award reported twice counts once; the
# High-tech zone's two bonuses add up past the bonus cap of 3.
ADJUSTMENTS = [
    ("东河镇", "bonus", "2", "获评省级文明乡镇", "2024-J-017"),
    ("高新技术产业开发区", "bonus", "2", "新增国家级专精特新企业", "2024-J-021"),
    ("高新技术产业开发区", "bonus", "1.5", "省重点项目提前竣工", "2024-J-030"),
    ("东河镇", "bonus", "2", "获评省级文明乡镇(市文明办报送)", "2024-J-017"),
    ("南湖镇", "deduction", "1.5", "统计数据迟报两次", "2024-K-004"),
    ("物流园区", "deduction", "1", "环保督察问题整改不到位", ""),
]
VETOES = [("西山镇", "发生较大生产安全事故")]


def scheme() -> ap.Scheme:
    """The example's scheme: the rater tree with its panels, criteria and publication rules."""
    mutual_name, _, mutual_weight = MUTUAL_GROUP
    mutual = ap.RaterGroup(mutual_name, mutual_weight, members=MUTUAL)
    groups = [
        ap.RaterGroup(
            name,
            weight,
            members=[_member(member) for member, _ in members]
            + ([mutual] if members is OTHER else []),
        )
        for name, _, weight, members in GROUPS
    ]
    categories = {unit: kind for unit, kind, _ in UNITS}
    categories.update((old, categories[new]) for new, (old, _) in RENAMED.items())
    return ap.Scheme(
        raters=groups,
        criteria=[ap.Criterion(name, weight) for name, _, weight in CRITERIA],
        self_recusal=True,
        categories=categories,
        tie_break=TIE_BREAK,
        caps=CAPS,
        tiers=[ap.Tier(name, min_score=low, share=share) for name, _, low, share in TIERS],
    )


def scheme_toml(scheme: ap.Scheme) -> str:
    """The scheme as TOML laid out for reading: one member, tier or criterion a line.

    ``ap.dump_scheme`` writes the same keys; this only chooses the layout (``main``
    checks that ``ap.load_scheme`` reads the file back into an equal scheme).
    """
    data = scheme_to_dict(scheme)
    lines = []
    for key, value in data.items():
        if key in ("raters", "categories"):
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines += [f"{key} = [", *(f"    {_inline(item)}," for item in value), "]"]
        else:
            lines.append(f"{key} = {_inline(value)}")
    for group in data["raters"]:
        lines += ["", "[[raters]]"]
        lines += [f"{k} = {_inline(v)}" for k, v in group.items() if k != "members"]
        lines += ["members = [", *(f"    {_inline(m)}," for m in group["members"]), "]"]
    lines += ["", "[categories]"]
    lines += [f"{_inline(unit)} = {_inline(kind)}" for unit, kind in data["categories"].items()]
    return "\n".join(lines) + "\n"


def _inline(value: object) -> str:
    """A TOML value on one line (members last in a group, for reading)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    assert isinstance(value, dict)
    items = sorted(value.items(), key=lambda kv: kv[0] == "members")
    return "{ " + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in items) + " }"


def _key(key: str) -> str:
    return key if key.isascii() and key.replace("_", "").isalnum() else _inline(key)


def _member(department: str) -> str | ap.RaterGroup:
    if department not in PANELS:
        return department
    rule, size = PANELS[department]
    return ap.RaterGroup(department, members=_panel(department, size), rule=rule)


def _panel(department: str, size: int) -> list[str]:
    return [f"{department}评委{ordinal}" for ordinal in ORDINALS[:size]]


def raters() -> list[str]:
    """Every rater (person, department or township leader) in the scheme's tree order."""
    return list(scheme().rater_names)


def standings(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Each unit's true standing per criterion, this year and last (same unit order)."""
    zone = np.array([kind == "开发区" for _, kind, _ in UNITS])
    shape = (len(UNITS), len(CRITERIA))
    now = rng.normal(82.0, 4.0, size=(len(UNITS), 1)) + rng.normal(0.0, 3.0, shape)
    now += np.outer(zone, ZONE_LEAD)
    progress = rng.normal(0.5, 2.5, size=(len(UNITS), 1)) + rng.normal(0.0, 1.0, shape)
    return now, now - progress


def scores(rng: np.random.Generator, standing: np.ndarray, units: list[str]) -> np.ndarray:
    """Scores (raters, units, criteria) in steps of 0.5 on 60..100, NaN where not given."""
    names = raters()
    quantitative = {m for m, _ in QUANTITATIVE}
    department = {n: n[: n.index("评委")] if "评委" in n else n for n in names}
    profiles = np.array([_profile(department[n], quantitative) for n in names])
    spread, noise = profiles[:, 0], profiles[:, 1]
    departments = list(dict.fromkeys(department.values()))
    own = dict(zip(departments, rng.normal(0.0, 2.0, len(departments)), strict=True))
    leniency = np.array([own[department[n]] for n in names])
    members = np.array([n != department[n] for n in names])
    leniency[members] += rng.normal(0.0, 1.0, int(members.sum()))
    leniency[names.index(LENIENT_MEMBER)] += 9.0
    values = 85.0 + spread[:, None, None] * (standing[None] - 85.0) + leniency[:, None, None]
    values += noise[:, None, None] * rng.standard_normal((len(names), *standing.shape))
    values = np.clip(np.round(values * 2) / 2, 60.0, 100.0)

    categories = scheme().categories
    township = np.array([categories[u] == "乡镇" for u in units])
    for name in MUTUAL:  # leaders score the townships only, never their own
        values[names.index(name), ~township] = np.nan
        if name in units:
            values[names.index(name), units.index(name)] = np.nan
    member, n_units = ON_LEAVE
    values[names.index(member), :n_units] = np.nan
    given = np.flatnonzero(~np.isnan(values[:, :, 0]).reshape(-1))
    pairs = rng.choice(given, size=MISSING_PAIRS, replace=False)
    values.reshape(len(names) * len(units), -1)[pairs] = np.nan
    cells = rng.choice(
        np.flatnonzero(~np.isnan(values.reshape(-1))), size=MISSING_CELLS, replace=False
    )
    values.reshape(-1)[cells] = np.nan
    return values


def _profile(department: str, quantitative: set[str]) -> tuple[float, float]:
    """(spread, noise) of a rater: how far it follows the standings, and how noisily."""
    if department in MUTUAL:
        return 0.8, 3.0
    return (1.0, 2.0) if department in quantitative else (0.5, 3.0)


def last_year_units() -> list[str]:
    """Last year's units, with last year's names."""
    return [RENAMED.get(u, (u, ""))[0] for u, _, _ in UNITS if u not in NEW_UNITS]


def write(out: Path, seed: int = SEED) -> None:
    """Write the example's files into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    header = (
        "# The example county's appraisal scheme: SYNTHETIC, ILLUSTRATIVE data made by\n"
        "# scripts/make_example.py, not any real county's. English names: translations.csv.\n"
        "# 定量考核部门: departments that ran quantitative assessments all year (65 %);\n"
        "# 其他部门: all other departments (35 %), among them 乡镇互评: five townships' leaders\n"
        "# scoring the townships, never their own (self_recusal). 财政局, 统计局 and 教育局 hand\n"
        "# in their panel members' scores. Categories: 乡镇 and 开发区 (柳林乡 is 柳林镇's\n"
        "# name last year). Four weighted criteria, scored on 0..100.\n\n"
    )
    (out / "scheme.toml").write_text(header + scheme_toml(scheme()), encoding="utf-8")

    rng = np.random.default_rng(seed)
    now, before = standings(rng)
    this_year = [u for u, _, _ in UNITS]
    values = scores(rng, now, this_year)
    _sheet(out / "scores.csv", this_year, values)
    if importlib.util.find_spec("xlsxwriter") is not None:
        _matrix_workbook(out / "scores_matrix.xlsx", this_year, values)
    last_year = last_year_units()
    kept = [i for i, u in enumerate(this_year) if u not in NEW_UNITS]
    _sheet(out / "previous_scores.csv", last_year, scores(rng, before[kept], last_year))
    _table(out / "adjustments.csv", ["unit", "kind", "points", "reason", "evidence"], ADJUSTMENTS)
    _table(out / "vetoes.csv", ["unit", "reason"], VETOES)
    _table(out / "units.csv", ["unit", "kind", "english"], UNITS)
    names = [(name, english) for name, english, _, _ in GROUPS]
    names.append(MUTUAL_GROUP[:2])
    for _, _, _, members in GROUPS:
        for department, english in members:
            names.append((department, english))
            if department in PANELS:
                size = PANELS[department][1]
                names += [
                    (person, f"{english} panellist {i + 1}")
                    for i, person in enumerate(_panel(department, size))
                ]
    names += [(name, english) for name, english, _ in CRITERIA] + KINDS
    names += [(name, english) for name, english, _, _ in TIERS]
    names += list(RENAMED.values())
    _table(out / "translations.csv", ["label", "english"], names)


def _sheet(path: Path, units: list[str], values: np.ndarray) -> None:
    """Wide format; a (rater, unit) pair with no score at all has no row."""
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["rater", "unit", *(name for name, _, _ in CRITERIA)])
        for r, rater in enumerate(raters()):
            for u, unit in enumerate(units):
                if not np.isnan(values[r, u]).all():
                    writer.writerow([rater, unit, *(_text(v) for v in values[r, u])])


def _matrix_workbook(path: Path, units: list[str], values: np.ndarray) -> None:
    """A worksheet per criterion as offices write it: title, who filled it in, units × raters, 合计."""
    import xlsxwriter

    names = raters()
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": datetime.datetime(2025, 12, 31)})  # the same bytes each run
    bold = book.add_format({"bold": True, "align": "center"})
    for c, (criterion, _, _) in enumerate(CRITERIA):
        sheet = book.add_worksheet(criterion)
        last = len(names) + 2
        sheet.merge_range(0, 0, 0, last, f"2025年度乡镇综合考核 {criterion} 评分汇总表", bold)
        sheet.write_string(1, 0, "填报单位：县考核办（示例数据）")
        sheet.write_row(3, 0, ["序号", "被考核单位", *names, "合计"], bold)
        for u, unit in enumerate(units):
            row = [float(_text(v)) if not np.isnan(v) else None for v in values[:, u, c]]
            total = float(f"{sum(v for v in row if v is not None):.2f}")
            sheet.write_row(4 + u, 0, [u + 1, unit, *row, total])
    book.close()


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
    loaded = ap.load_scheme(out / "scheme.toml")
    if loaded != scheme():
        message = f"{out / 'scheme.toml'} does not read back into the example's scheme"
        raise SystemExit(message)
    sheet = ap.load_sheet(out / "scores.csv", scheme=loaded)
    previous = ap.load_sheet(out / "previous_scores.csv", scheme=loaded)
    adjustments = ap.load_adjustments(out / "adjustments.csv", units=sheet.units)
    vetoes = ap.load_vetoes(out / "vetoes.csv", units=sheet.units)
    print(
        f"wrote {out}: {sheet.shape[0]} raters x {sheet.shape[1]} units x {sheet.shape[2]} "
        f"criteria, {len(adjustments)} adjustments, {len(vetoes)} veto; last year "
        f"{previous.shape[1]} units"
    )


if __name__ == "__main__":
    main()
