"""A result as an Excel workbook: a sheet per category, the explanation, the comparison.

Values only: text is written as text cells (never as formulas, whatever it starts
with) after :func:`~appraisal.result.tables.neutralise`, numbers as numbers (scores
shown at the scheme's decimals, whole ranks as integers), a missing value as a blank
cell. Column titles in English (``lang="en"``) or Chinese (``lang="zh"``). The
writer is XlsxWriter (the ``excel`` extra), imported when a workbook is written.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from appraisal._extras import extra_module
from appraisal.errors import InputError
from appraisal.result.compare import ComparisonRow
from appraisal.result.explain import explain_units
from appraisal.result.tables import neutralise, table_rows

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["TITLES", "Sheet", "excel_writer", "write_result", "write_sheets"]

Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]
"""A worksheet to write: its name, its column titles, its rows."""

TITLES = {
    "rank": "排名",
    "overall_rank": "总排名",
    "unit": "单位",
    "category": "类别",
    "score": "得分",
    "tier": "等次",
    "base": "基础得分",
    "bonus": "加分",
    "deduction": "扣分",
    "veto": "一票否决",
    "coverage": "评分部门数",
    "note": "备注",
    "level": "层级",
    "name": "名称",
    "parent": "所属",
    "share": "权重占比",
    "contribution": "贡献分",
    "previous_rank": "上年排名",
    "places_gained": "进位名次",
    "previous_unit": "上年单位名称",
    "previous_score": "上年得分",
    "score_change": "得分变化",
    "previous_tier": "上年等次",
    "tier_change": "等次变化",
    "progress_rank": "进步排名",
    "results": "结果",
    "explanation": "得分构成",
    "comparison": "与上年比较",
    "group": "评分组",
    "rater": "评分部门",
    "criterion": "指标",
}
"""The Chinese title of each column and sheet name (``lang="zh"``)."""

_TABLE = ("rank", "overall_rank", "unit", "category", "score", "tier", "base", "bonus", "deduction", "veto", "coverage", "note")  # fmt: skip
_EXPLANATION = ("unit", "level", "name", "parent", "score", "share", "contribution")
_BAD_NAME = re.compile(r"[\[\]:*?/\\]")


def excel_writer() -> Any:
    """The XlsxWriter module.

    Raises
    ------
    ImportError
        Without the ``excel`` extra; the message says how to install it.
    """
    return extra_module("xlsxwriter", "excel")


def write_sheets(
    path: str | os.PathLike[str], sheets: Iterable[Sheet], *, decimals: int | None = None
) -> None:
    """Write worksheets of values: text as text cells, numbers as numbers, None and NaN blank.

    A column titled ``score`` (or 得分) shows its numbers at `decimals`.
    """
    xlsxwriter = excel_writer()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "constant_memory": True}
    book = xlsxwriter.Workbook(os.fspath(path), options)
    shown = None if decimals is None else book.add_format({"num_format": _format(decimals)})
    bold = book.add_format({"bold": True})
    used: set[str] = set()
    for name, titles, rows in sheets:
        sheet = book.add_worksheet(_sheet_name(name, used))
        for c, title in enumerate(titles):
            sheet.write_string(0, c, neutralise(title), bold)
        scored = {c for c, title in enumerate(titles) if title in ("score", TITLES["score"])}
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    if value:
                        sheet.write_string(r, c, neutralise(value))
                elif isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif value is not None and math.isfinite(value):
                    number = (
                        int(value) if isinstance(value, float) and value.is_integer() else value
                    )
                    sheet.write_number(r, c, number, shown if c in scored else None)
    book.close()


def _format(decimals: int) -> str:
    return "0" if decimals == 0 else "0." + "0" * decimals


def _sheet_name(name: str, used: set[str]) -> str:
    """A worksheet name Excel accepts: no brackets, colon, star, question mark or slashes, at most 31 characters, unique."""
    base = _BAD_NAME.sub("_", name).strip("'")[:31] or "sheet"
    candidate, n = base, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{base[: 31 - len(str(n)) - 1]}_{n}"
    used.add(candidate.casefold())
    return candidate


def write_result(
    result: Appraisal,
    path: str | os.PathLike[str],
    *,
    lang: str = "en",
    previous: Appraisal | None = None,
) -> None:
    """Write a result as a workbook; see :meth:`Appraisal.to_excel <appraisal.Appraisal.to_excel>`."""
    if lang not in ("en", "zh"):
        message = f"to_excel: lang must be 'en' or 'zh'; got {lang!r}."
        raise InputError(message)

    def title(key: str) -> str:
        return TITLES.get(key, key) if lang == "zh" else key

    rows = table_rows(result)
    keys = [k for k in _TABLE if any(row.get(k) not in (None, "", 0, 0.0) for row in rows)]
    keys = [k for k in _TABLE if k in keys or k in ("rank", "unit", "score", "coverage")]
    categories = list(dict.fromkeys(row["category"] for row in rows))
    sheets: list[Sheet] = []
    for category in categories:
        chosen = [row for row in rows if row["category"] == category]
        name = title("results") if category is None else category
        sheets.append(
            (name, [title(k) for k in keys], ([row.get(k) for k in keys] for row in chosen))
        )
    sheets.append(
        (title("explanation"), [title(k) for k in _EXPLANATION], _explanation(result, lang))
    )
    comparison = _comparison(result, previous)
    if comparison is not None:
        titles, table = comparison
        sheets.append((title("comparison"), [title(k) for k in titles], table))
    write_sheets(path, sheets, decimals=result.scheme.decimals)


def _explanation(result: Appraisal, lang: str) -> Iterable[Sequence[Any]]:
    """A row per unit and group, rater or criterion: its score, share and contribution."""
    scored = [u for u in range(len(result.units)) if not math.isnan(result.base[u])]
    if not scored:
        return
    explained = explain_units(result, scored)
    for k, unit in enumerate(explained.units):
        for row in explained.rows:
            level = TITLES[row.level] if lang == "zh" else row.level
            yield (unit, level, row.name, row.parent, row.score[k], row.influence[k], row.contribution[k])  # fmt: skip


def _comparison(
    result: Appraisal, previous: Appraisal | None
) -> tuple[Sequence[str], list[Sequence[Any]]] | None:
    """The comparison with last year: in full when `previous` is given, else last year's ranks."""
    if previous is not None:
        rows = result.compare(previous).rows
        names: list[str] = [a.name for a in attrs.fields(ComparisonRow)]
        return names, [[getattr(row, n) for n in names] for row in rows]
    if result.previous_ranks is None:
        return None
    names = ["unit", "rank", "previous_rank", "places_gained"]
    table: list[Sequence[Any]] = []
    for row in table_rows(result):
        last = result.previous_ranks.get(row["unit"])
        gained = None if last is None or row["rank"] is None else last - row["rank"]
        table.append([row["unit"], row["rank"], last, gained])
    return names, table
