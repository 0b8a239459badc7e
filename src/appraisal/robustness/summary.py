"""The robustness of a result in rows and sentences, for the command line and plain files."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import TYPE_CHECKING, Any

from appraisal._text import display_width
from appraisal.result.tables import neutralise
from appraisal.robustness.margins import Margins
from appraisal.robustness.resample import Resampled
from appraisal.robustness.smaa import SMAA
from appraisal.robustness.tipping import TippingPoints

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["render", "sentences", "summary_rows"]


def sentences(points: list[TippingPoints]) -> list[str]:
    """One sentence per group: how far its share can move before a rank or a tier changes."""
    return [
        f"{p.group}: its share {p.nominal:.2%} can move to [{p.ranking[0]:.2%}, {p.ranking[1]:.2%}] "
        f"before any rank or tier changes, and to [{p.tiers[0]:.2%}, {p.tiers[1]:.2%}] before any tier changes ({p.method})."
        for p in points
    ]


def summary_rows(
    result: Appraisal, found: Margins, smaa: SMAA | None, boot: Resampled | None
) -> list[dict[str, Any]]:
    """One row per unit, in the result's table order: place, tier, margins, intervals."""
    rows = []
    for row in result.table():
        u = result.unit_index(row["unit"])
        out: dict[str, Any] = {
            "unit": row["unit"],
            "category": row.get("category"),
            "rank": row.get("rank"),
            "tier": row.get("tier"),
            "to_place": _number(found.to_place[u]),
            "to_tier": _number(found.to_tier[u]),
            "lead": _number(found.lead[u]),
        }
        for name, analysis in (("smaa", smaa), ("bootstrap", boot)):
            if analysis is not None:
                low, high = analysis.rank_interval(0.9)[u].tolist()
                out[f"{name}_rank_90"] = None if math.isnan(low) else f"{low:g}-{high:g}"
                tier = result.tiers[u]
                if tier is not None and analysis.tiers:
                    chance = analysis.tier_probability[u, analysis.tiers.index(tier)]
                    out[f"{name}_p_tier"] = _number(chance, 3)
        if boot is not None:
            out["score_se"] = _number(boot.score_se[u], 3)
        rows.append(out)
    return rows


def render(lines: list[str], rows: list[dict[str, Any]], fmt: str) -> str:
    """The sentences and rows as aligned text, Markdown, CSV or JSON."""
    if fmt == "json":
        return json.dumps({"tipping_points": lines, "units": rows}, ensure_ascii=False, indent=1)
    names = list(rows[0]) if rows else []
    cells = [["" if r.get(n) is None else str(r.get(n)) for n in names] for r in rows]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([[_csv_cell(r.get(n)) for n in names] for r in rows])
        return buffer.getvalue()
    if fmt == "md":
        table = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
        table += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join([*(f"- {line}" for line in lines), "", *table])
    widths = [
        max(display_width(n), *(display_width(row[i]) for row in cells))
        for i, n in enumerate(names)
    ]

    def line(row: list[str]) -> str:
        return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True))

    text = [line(names), *(line(row) for row in cells)]
    return "\n".join([*lines, "", *text])


def _csv_cell(value: Any) -> str:
    """A CSV cell: text neutralised against spreadsheet formulas, numbers as numbers."""
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else str(value)


def _number(value: float, digits: int = 6) -> float | None:
    return None if math.isnan(value) else (value if math.isinf(value) else round(value, digits))
