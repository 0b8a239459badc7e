"""How an appraisal and a comparison show themselves: a one-line ``repr`` and ``_repr_html_``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from appraisal._display import count, html_block, html_table
from appraisal._text import fixed
from appraisal.model.display import scheme_summary

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal
    from appraisal.result.compare import Comparison

__all__ = ["appraisal_html", "appraisal_summary", "comparison_html", "comparison_summary", "place"]


def place(value: float | None) -> str:
    """A rank as printed: whole places without decimals, halves kept, "-" for none.

    Examples
    --------
    >>> place(3.0), place(2.5), place(None)
    ('3', '2.5', '-')
    """
    return "-" if value is None else f"{value:g}"


def appraisal_summary(result: Appraisal) -> str:
    """Units and categories, raters and top-level groups, criteria, in a phrase.

    Examples
    --------
    >>> from appraisal.data import appraise_example
    >>> appraise_example()[0]
    <Appraisal: 18 units in 2 categories, 44 raters in 2 top-level groups, 4 criteria>
    """
    units = count(len(result.units), "unit")
    categories = {c for c in result.categories if c is not None}
    if categories:
        units += f" in {count(len(categories), 'category', 'categories')}"
    return f"{units}, {scheme_summary(result.scheme)}"


def appraisal_html(result: Appraisal) -> str:
    """A summary line, the published table (rank, unit, category, score, tier, coverage), the flags."""
    rows = result.table()
    digits = 4 if result.scheme.decimals is None else result.scheme.decimals
    columns = ["rank", "unit", "category", "score", "tier", "coverage"]
    shown = [c for c in columns if c not in ("category", "tier") or any(r[c] for r in rows)]
    cells = [
        [
            {
                "rank": place(row["rank"]),
                "unit": row["unit"],
                "category": row["category"] or "",
                "score": fixed(row["score"], digits),
                "tier": row["tier"] or "",
                "coverage": str(row["coverage"]),
            }[c]
            for c in shown
        ]
        for row in rows
    ]
    right = [c in ("rank", "score", "coverage") for c in shown]
    parts = [html_table(shown, cells, right=right)]
    if result.flags:
        flags = [[flag.subject, flag.reason] for flag in result.flags]
        parts.append(html_table(["subject", "flag"], flags, caption="flags"))
    return html_block(f"Appraisal: {appraisal_summary(result)}", *parts)


def comparison_summary(comparison: Comparison) -> str:
    """Units in both years and how their places moved, new and gone units, in a phrase.

    Examples
    --------
    >>> from appraisal import Comparison
    >>> comparison_summary(Comparison(rows=[], new=["x"], gone=[], scheme_differences=["tiers"]))
    '0 units in both years (0 up, 0 down, 0 same place), 1 new, 0 gone, the schemes differ in 1 setting'
    """
    gained = [row.places_gained for row in comparison.rows if row.places_gained is not None]
    moves = (
        f"{sum(g > 0 for g in gained)} up, {sum(g < 0 for g in gained)} down, "
        f"{sum(g == 0 for g in gained)} same place"
    )
    text = (
        f"{count(len(comparison.rows), 'unit')} in both years ({moves}), "
        f"{len(comparison.new)} new, {len(comparison.gone)} gone"
    )
    if comparison.scheme_differences:
        text += f", the schemes differ in {count(len(comparison.scheme_differences), 'setting')}"
    return text


def comparison_html(comparison: Comparison) -> str:
    """A summary line and a row per unit in both years, by progress within category."""
    cells = [
        [
            row["unit"],
            row["category"] or "",
            fixed(row["score"]),
            fixed(row["score_change"], signed=True),
            place(row["rank"]),
            fixed(row["places_gained"], 0, signed=True),
            row["tier"] or "",
            row["tier_change"] or "",
            place(row["progress_rank"]),
        ]
        for row in comparison.table()
    ]
    headers = ["unit", "category", "score", "change", "rank", "places gained", "tier"]
    headers += ["tier change", "progress"]
    right = [False, False, True, True, True, True, False, False, True]
    notes = [
        f"{label}: {', '.join(names)}"
        for label, names in (
            ("new this year", comparison.new),
            ("gone since last year", comparison.gone),
            ("the schemes differ in", comparison.scheme_differences),
        )
        if names
    ]
    table = html_table(headers, cells, right=right)
    return html_block(f"Comparison: {comparison_summary(comparison)}", table, notes=notes)
