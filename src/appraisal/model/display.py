"""How a scheme and a score sheet show themselves in a notebook (``_repr_html_``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from appraisal._display import ROWS, count, html_block, html_table
from appraisal._text import fixed
from appraisal.model.raters import RaterGroup

if TYPE_CHECKING:
    from appraisal.model.scheme import Scheme
    from appraisal.model.sheet import ScoreSheet

__all__ = ["scheme_html", "scheme_summary", "sheet_html", "sheet_summary"]


def scheme_summary(scheme: Scheme) -> str:
    """The raters, their top-level groups and the criteria, in a phrase.

    Examples
    --------
    >>> from appraisal import Criterion, RaterGroup, Scheme
    >>> scheme_summary(Scheme([RaterGroup("q", 0.65, members=["A", "B"]), "C"]))
    '3 raters in 1 top-level group, 1 criterion'
    >>> scheme_summary(Scheme(["A"], [Criterion("x"), Criterion("y")]))
    '1 rater, 2 criteria'
    """
    raters = count(len(scheme.rater_names), "rater")
    top = sum(isinstance(m, RaterGroup) for m in scheme.raters.members)
    if top:
        raters += f" in {count(top, 'top-level group')}"
    return f"{raters}, {count(len(scheme.criterion_names), 'criterion', 'criteria')}"


def _rule(group: RaterGroup) -> str:
    rule = group.rule
    if isinstance(rule, str):
        return rule
    return f"trimmed {rule.k}" if rule.k is not None else "trimmed (schedule)"


def scheme_html(scheme: Scheme) -> str:
    """A summary line, the rater groups with their weights, and the criteria with theirs."""
    nominal = scheme.nominal_weights
    low, high = scheme.scale
    groups = [
        [
            g.name,
            scheme.parents.get(g.name, ""),
            fixed(g.weight, 4),
            fixed(nominal[g.name], 4),
            _rule(g),
            str(len(g.rater_names())),
        ]
        for g in scheme.groups
    ]
    criteria = [
        [
            c.name,
            fixed(w, 4),
            f"{c.scale[0]:g}..{c.scale[1]:g}",
            "" if c.higher_is_better else "yes",
        ]
        for c, w in zip(scheme.leaf_criteria, scheme.criterion_weights, strict=True)
    ]
    notes = []
    if scheme.tiers:
        notes.append("tiers: " + ", ".join(t.name for t in scheme.tiers))
    categories = sorted(set(scheme.categories.values()))
    if categories:
        notes.append("categories: " + ", ".join(categories))
    return html_block(
        f"Scheme: {scheme_summary(scheme)}, scale {low:g}..{high:g}",
        html_table(
            ["group", "parent", "weight", "nominal", "rule", "raters"],
            groups,
            right=[False, False, True, True, False, True],
            caption="rater groups",
        ),
        html_table(
            ["criterion", "weight", "scale", "lower is better"],
            criteria,
            right=[False, True],
            caption="criteria",
        ),
        notes=notes,
    )


def sheet_summary(sheet: ScoreSheet) -> str:
    """The sheet's shape and how many scores it holds, in a phrase.

    Examples
    --------
    >>> from appraisal import ScoreSheet
    >>> sheet_summary(ScoreSheet.from_array([[90, np.nan]], raters=["A"], units=["x", "y"]))
    '1 rater × 2 units × 1 criterion, 1 score (1 missing)'
    """
    n_raters, n_units, n_criteria = sheet.shape
    present = _present(sheet)
    missing = n_raters * n_units * n_criteria - present
    shape = " × ".join(
        [
            count(n_raters, "rater"),
            count(n_units, "unit"),
            count(n_criteria, "criterion", "criteria"),
        ]
    )
    return f"{shape}, {count(present, 'score')} ({missing} missing)"


def _present(sheet: ScoreSheet) -> int:
    """The scores present, counted a rater at a time to keep temporaries small."""
    return sum(int(np.count_nonzero(~np.isnan(sheet.values[r]))) for r in range(sheet.shape[0]))


def _score(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def sheet_html(sheet: ScoreSheet) -> str:
    """A summary line and the first scores as records (rater, unit, criterion, score)."""
    rows: list[list[str]] = []
    for r in range(sheet.shape[0]):  # a rater at a time, until the table is full
        for u, c in np.argwhere(~np.isnan(sheet.values[r]))[: ROWS - len(rows)].tolist():
            score = _score(float(sheet.values[r, u, c]))
            rows.append([sheet.raters[r], sheet.units[u], sheet.criteria[c], score])
        if len(rows) == ROWS:
            break
    table = html_table(
        ["rater", "unit", "criterion", "score"],
        rows,
        right=[False] * 3 + [True],
        total=_present(sheet),
    )
    return html_block(f"ScoreSheet: {sheet_summary(sheet)}", table)
