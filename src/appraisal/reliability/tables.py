"""The text and HTML forms of the reliability results, as a terminal and a notebook show them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from appraisal._display import count, html_block, html_table
from appraisal._text import fixed, format_table

if TYPE_CHECKING:
    from appraisal.reliability.results import Diagnostics

__all__ = ["diagnostics_html", "diagnostics_summary", "diagnostics_text"]

_UNIT_KEYS = ("alpha_units", "kendall_w_units", "icc_units")


def diagnostics_text(diagnostics: Diagnostics) -> str:
    """A rater table, the flags, a group agreement table, tier changes and notes."""
    table = diagnostics.table()
    rows = [
        [
            row["rater"],
            fixed(row["leniency"], signed=True),
            fixed(row["spread"]),
            fixed(row["agreement"]),
            "-" if row["missing_share"] is None else f"{row['missing_share']:.0%}",
            fixed(row["largest_residual"], signed=True),
            fixed(row["largest_residual_z"], 1),
            row["largest_residual_unit"] or "-",
            f"{row['largest_rank_change']:g}",
            " ".join(row["flags"]),
        ]
        for row in table
    ]
    raters = format_table(
        [
            "rater",
            "leniency",
            "spread",
            "agreement",
            "missing",
            "residual",
            "z",
            "at unit",
            "rank change",
            "flags",
        ],
        rows,
        right=[False, True, True, True, True, True, True, False, True],
    )
    groups = format_table(
        ["group", "raters", "alpha", "W", "ICC(A,1)", "ICC(A,k)", "units (alpha/W/ICC)"],
        [
            [
                g["group"],
                str(g["n_raters"]),
                fixed(g["alpha"]),
                fixed(g["kendall_w"]),
                fixed(g["icc_single"]),
                fixed(g["icc_mean"]),
                "/".join("-" if g[k] is None else str(g[k]) for k in _UNIT_KEYS),
            ]
            for g in diagnostics.group_table()
        ],
        right=[False, True, True, True, True, True, True],
    )
    lines = [
        raters,
        "",
        f"z: the residual over the panel's robust residual scale, {diagnostics.residual_scale:.3g} points.",
    ]
    if diagnostics.flags:
        lines += ["", "flags:", *(f"- {f.subject}: {f.reason}" for f in diagnostics.flags)]
    lines += ["", groups]
    changes = [
        f"- {row['rater']}: "
        + ", ".join(f"{unit} {before} -> {after}" for unit, before, after in row["tier_changes"])
        for row in table
        if row["tier_changes"]
    ]
    if changes:
        lines += ["", "tiers that would change without one rater:", *changes]
    notes = [f"{g.group}: {note}" for g in diagnostics.groups for note in g.notes]
    notes += [
        f"{rater}: {note}"
        for rater, mine in zip(diagnostics.raters, diagnostics.notes, strict=True)
        for note in mine
    ]
    if notes:
        lines += ["", "notes:", *(f"- {note}" for note in notes)]
    return "\n".join(lines)


def diagnostics_summary(diagnostics: Diagnostics) -> str:
    """Raters and units, raters flagged, rater groups, in a phrase.

    Examples
    --------
    >>> import appraisal as ap
    >>> from appraisal.data import appraise_example
    >>> ap.reliability.diagnose(appraise_example()[0])
    <Diagnostics: 44 raters over 18 units, 10 raters flagged (10 flags), 7 rater groups>
    """
    flagged = sum(bool(codes) for codes in diagnostics.rater_flags)
    return (
        f"{count(len(diagnostics.raters), 'rater')} over {count(len(diagnostics.units), 'unit')}, "
        f"{count(flagged, 'rater')} flagged ({count(len(diagnostics.flags), 'flag')}), "
        f"{count(len(diagnostics.groups), 'rater group')}"
    )


def diagnostics_html(diagnostics: Diagnostics) -> str:
    """A summary line, a row per rater, the flags with their reasons, a row per rater group."""
    raters = [
        [
            row["rater"],
            row["group"],
            fixed(row["leniency"], signed=True),
            fixed(row["spread"]),
            fixed(row["agreement"]),
            "-" if row["missing_share"] is None else f"{row['missing_share']:.0%}",
            f"{row['largest_rank_change']:g}",
            " ".join(row["flags"]),
        ]
        for row in diagnostics.table()
    ]
    headers = ["rater", "group", "leniency", "spread", "agreement", "missing", "rank change"]
    right = [False, False, True, True, True, True, True]
    parts = [html_table([*headers, "flags"], raters, right=right, caption="raters")]
    if diagnostics.flags:
        flags = [[flag.subject, flag.reason] for flag in diagnostics.flags]
        parts.append(html_table(["rater", "flag"], flags, caption="flags"))
    groups = [
        [
            g["group"],
            str(g["n_raters"]),
            fixed(g["alpha"]),
            fixed(g["kendall_w"]),
            fixed(g["icc_single"]),
            fixed(g["icc_mean"]),
        ]
        for g in diagnostics.group_table()
    ]
    headers = ["group", "raters", "alpha", "W", "ICC(A,1)", "ICC(A,k)"]
    parts.append(html_table(headers, groups, right=[False] + [True] * 5, caption="agreement"))
    return html_block(f"Diagnostics: {diagnostics_summary(diagnostics)}", *parts)
