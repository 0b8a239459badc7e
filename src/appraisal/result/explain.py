"""Explanations: what each group, rater and criterion contributed to a unit's base score."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from appraisal._display import html_block, html_table, visible
from appraisal._text import fixed, format_table
from appraisal._typing import FloatArray, as_tuple, nan_to_none
from appraisal.result.frames import explanation_frame
from appraisal.result.tables import markdown_grid

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["Explanation", "ExplanationRow"]


@frozen
class ExplanationRow:
    """One group, rater or criterion, with a value per explained unit.

    Attributes
    ----------
    level : {"group", "rater", "criterion"}
    name : str
    parent : str or None
        The enclosing group (None for the root and for criteria).
    score : tuple of float or None
        Its score for each unit (None where absent).
    influence : tuple of float
        Its share of each unit's base score (a group's is the sum of its raters').
    contribution : tuple of float
        ``influence × score``: the points it put into each unit's base score.
    note : str
        "trimmed", "absent", "below quorum" or "".
    """

    level: str
    name: str
    parent: str | None
    score: tuple[float | None, ...] = field(converter=as_tuple)
    influence: tuple[float, ...] = field(converter=as_tuple)
    contribution: tuple[float, ...] = field(converter=as_tuple)
    note: str = ""

    @property
    def difference(self) -> float:
        """First unit's contribution minus the second's (0.0 for a one-unit explanation)."""
        return self.contribution[0] - self.contribution[-1]


@frozen(repr=False)
class Explanation:
    """Contributions to one unit's base score, or the difference between two units.

    The contributions of the top-level groups add up to the base score, and so do
    those of the raters and those of the criteria.

    Attributes
    ----------
    units : tuple of str
        One or two units.
    base, score, rank : tuple of float or None
        Per unit.
    rows : tuple of ExplanationRow
        Groups (tree order), then raters (tree order), then criteria.
    publication : tuple of str
        Lines on what happened after the base score, per unit: category and tier,
        each adjustment and cap, a veto and what it did.

    Examples
    --------
    >>> import appraisal as ap
    >>> scheme = ap.Scheme([ap.RaterGroup("quantitative", 0.65, members=["A", "B"]),
    ...                     ap.RaterGroup("other", 0.35, members=["C"])])
    >>> sheet = ap.ScoreSheet.from_records([
    ...     ("A", "East", "score", 86), ("B", "East", "score", 78), ("C", "East", "score", 60),
    ...     ("A", "West", "score", 85), ("C", "West", "score", 93.8)])
    >>> explanation = ap.appraise(sheet, scheme).explain("East")
    >>> explanation
    <Explanation of East: score 74.30, rank 2, base 74.3000>
    >>> [(row.name, round(row.contribution[0], 2)) for row in explanation.level("group")]
    [('all', 74.3), ('quantitative', 53.3), ('other', 21.0)]
    >>> print(explanation)  # doctest: +ELLIPSIS
    East: score 74.30, rank 2, base 74.3000
    <BLANKLINE>
    group           score  influence  contribution  note
    --------------  -----  ---------  ------------  ----
    all             74.30     1.0000       74.3000
      quantitative  82.00     0.6500       53.3000
      other         60.00     0.3500       21.0000
    ...
    """

    units: tuple[str, ...] = field(converter=as_tuple)
    base: tuple[float | None, ...] = field(converter=as_tuple)
    score: tuple[float | None, ...] = field(converter=as_tuple)
    rank: tuple[float | None, ...] = field(converter=as_tuple)
    rows: tuple[ExplanationRow, ...] = field(converter=as_tuple, repr=False)
    publication: tuple[str, ...] = field(default=(), converter=as_tuple, repr=False)

    def level(self, level: str) -> tuple[ExplanationRow, ...]:
        """The rows of one level: ``"group"``, ``"rater"`` or ``"criterion"``."""
        return tuple(row for row in self.rows if row.level == level)

    def to_frame(self, kind: str = "rows", backend: str = "pandas") -> Any:
        """The rows as a pandas or polars DataFrame, a row per explanation row and unit.

        Columns ``level`` (ordered group, rater, criterion), ``name``, ``parent``,
        ``unit``, ``score``, ``influence``, ``contribution``, ``note``; see
        :mod:`appraisal.result.frames`.

        Examples
        --------
        >>> import appraisal as ap
        >>> sheet = ap.ScoreSheet.from_records([("A", "x", "score", 80), ("B", "x", "score", 60)])
        >>> frame = ap.appraise(sheet, ap.Scheme(["A", "B"])).explain("x").to_frame()
        >>> frame[frame.level == "rater"][["name", "influence", "contribution"]]
          name  influence  contribution
        1    A        0.5          40.0
        2    B        0.5          30.0
        """
        return explanation_frame(self, kind, backend)

    def to_dict(self) -> dict[str, Any]:
        """The explanation as plain data (JSON-ready): units, base, score, rank, rows, publication.

        Each row is a dict of the :class:`ExplanationRow` fields, a value per unit in
        ``score``, ``influence`` and ``contribution``.
        """
        return {
            "units": list(self.units),
            "base": list(self.base),
            "score": list(self.score),
            "rank": list(self.rank),
            "rows": [
                {**attrs.asdict(row), **{k: list(getattr(row, k)) for k in _PER_UNIT}}
                for row in self.rows
            ],
            "publication": list(self.publication),
        }

    def to_markdown(self) -> str:
        """The explanation as Markdown: the headline and publication lines, a table per level."""
        head, tables = explanation_parts(self)
        lines = [head, *(f"- {line}" for line in self.publication)]
        tables_md = [markdown_grid(h, cells, right=right) for h, right, cells in tables]
        return "\n\n".join(["\n".join(lines), *tables_md])

    def __repr__(self) -> str:
        return f"<Explanation of {visible(explanation_parts(self)[0])}>"

    def _repr_html_(self) -> str:
        head, tables = explanation_parts(self)
        parts = [html_table(h, cells, right=right) for h, right, cells in tables]
        return html_block(f"Explanation of {head}", *parts, notes=self.publication)

    def __str__(self) -> str:
        head, tables = explanation_parts(self)
        lines = [head, *(f"  {line}" for line in self.publication)]
        texts = [format_table(h, cells, right=right) for h, right, cells in tables]
        return "\n\n".join(["\n".join(lines), *texts])


_PER_UNIT = ("score", "influence", "contribution")
Table = tuple[list[str], list[bool], list[list[str]]]


def explanation_parts(explanation: Explanation) -> tuple[str, list[Table]]:
    """The headline, and per level (group, rater, criterion) its headers, alignment and cells."""
    if len(explanation.units) == 1:
        return _one(explanation)
    return _two(explanation)


def _one(explanation: Explanation) -> tuple[str, list[Table]]:
    score, rank, base = explanation.score[0], explanation.rank[0], explanation.base[0]
    head = f"{explanation.units[0]}: score {fixed(score)}, rank {fixed(rank, 0)}, base {fixed(base, 4)}"
    tables = []
    for level in ("group", "rater", "criterion"):
        rows = [
            [
                ("  " * _depth(row, explanation.rows)) + row.name,
                fixed(row.score[0]),
                fixed(row.influence[0], 4),
                fixed(row.contribution[0], 4),
                row.note,
            ]
            for row in explanation.level(level)
        ]
        headers = [level, "score", "influence", "contribution", "note"]
        tables.append((headers, [False, True, True, True, False], rows))
    return head, tables


def _two(explanation: Explanation) -> tuple[str, list[Table]]:
    a, b = explanation.units
    base = explanation.base
    gap = None if base[0] is None or base[1] is None else base[0] - base[1]
    head = (
        f"{a} vs {b}: base {fixed(base[0], 4)} vs {fixed(base[1], 4)} (difference {fixed(gap, 4)})"
    )
    tables = []
    for level in ("group", "rater", "criterion"):
        rows = sorted(explanation.level(level), key=lambda row: -abs(row.difference))
        cells = [
            [
                row.name,
                fixed(row.contribution[0], 4),
                fixed(row.contribution[1], 4),
                fixed(row.difference, 4),
            ]
            for row in rows
        ]
        tables.append(([level, a, b, "difference"], [False, True, True, True], cells))
    return head, tables


def _depth(row: ExplanationRow, rows: tuple[ExplanationRow, ...]) -> int:
    if row.level != "group":
        return 0
    parents = {r.name: r.parent for r in rows if r.level == "group"}
    depth, parent = 0, row.parent
    while parent is not None:
        depth, parent = depth + 1, parents.get(parent)
    return depth


def _rows(result: Appraisal, units: list[int]) -> list[ExplanationRow]:
    scheme = result.scheme
    influence = result.influence[:, units]
    scores = result.rater_scores[:, units]
    contribution = np.where(influence > 0, influence * np.nan_to_num(scores), 0.0)
    rater_at = {name: i for i, name in enumerate(result.raters)}
    rows = []
    for g, group in enumerate(scheme.groups):
        members = [rater_at[name] for name in group.rater_names()]
        group_score = result.group_scores[g, units]
        rows.append(
            ExplanationRow(
                "group",
                group.name,
                scheme.parents.get(group.name),
                [nan_to_none(v) for v in group_score],
                influence[members].sum(axis=0).tolist(),
                contribution[members].sum(axis=0).tolist(),
                _group_note(group_score, result.trimmed[members][:, units]),
            )
        )
    trimmed = result.trimmed[:, units]
    names = [result.units[u] for u in units]
    for r, name in enumerate(result.raters):
        recused = all(
            unit in scheme.recusals.get(name, ()) or (scheme.self_recusal and unit == name)
            for unit in names
        )
        note = (
            "trimmed"
            if trimmed[r].any()
            else "recused"
            if recused
            else "absent"
            if np.isnan(scores[r]).all()
            else ""
        )
        rows.append(
            ExplanationRow(
                "rater",
                name,
                scheme.parents[name],
                [nan_to_none(v) for v in scores[r]],
                influence[r].tolist(),
                contribution[r].tolist(),
                note,
            )
        )
    rows += _criterion_rows(result, units, influence)
    return rows


def _group_note(group_score: FloatArray, trimmed: npt.NDArray[np.bool_]) -> str:
    if np.isnan(group_score).all():
        return "absent"
    counts = trimmed.sum(axis=0)
    if not counts.any():
        return ""
    return " / ".join(f"{n} trimmed" for n in counts.tolist())


def _criterion_rows(
    result: Appraisal, units: list[int], influence: FloatArray
) -> list[ExplanationRow]:
    """Split each rater's contribution over the criteria it scored.

    A rater's contribution is shared in proportion to the weighted criterion scores it
    came from; under standardisation or alignment the rater's score as it entered the
    fold differs from that weighted mean, and the split keeps the proportions.
    """
    scheme = result.scheme
    offsets, slopes = scheme.criterion_maps()
    weights = np.array(scheme.criterion_weights)
    raw = result.sheet.values[:, units, :]
    present = ~np.isnan(raw)
    mapped = np.where(present, offsets + slopes * np.nan_to_num(raw), 0.0)
    shares = present * weights
    total = shares.sum(axis=2, keepdims=True)
    shares = np.divide(shares, total, out=np.zeros_like(shares), where=total > 0)
    entered = influence[:, :, None] * shares
    criterion_influence = entered.sum(axis=0)
    weighted = shares * mapped
    raw = weighted.sum(axis=2, keepdims=True)
    split = np.divide(weighted, raw, out=shares.copy(), where=raw != 0)
    folded = np.nan_to_num(result.rater_scores[:, units])[:, :, None]
    contribution = (influence[:, :, None] * folded * split).sum(axis=0)
    score = np.divide(
        contribution,
        criterion_influence,
        out=np.full_like(contribution, np.nan),
        where=criterion_influence > 0,
    )
    return [
        ExplanationRow(
            "criterion",
            name,
            None,
            [nan_to_none(v) for v in score[:, c]],
            criterion_influence[:, c].tolist(),
            contribution[:, c].tolist(),
            "absent" if np.isnan(score[:, c]).all() else "",
        )
        for c, name in enumerate(scheme.criterion_names)
    ]


def explain_units(result: Appraisal, units: list[int]) -> Explanation:
    """The explanation of one unit, or the contrast of two (by position)."""
    return Explanation(
        units=[result.units[u] for u in units],
        base=[nan_to_none(result.base[u]) for u in units],
        score=[nan_to_none(result.score[u]) for u in units],
        rank=[nan_to_none(result.rank[u]) for u in units],
        rows=_rows(result, units),
        publication=[line for u in units for line in _publication(result, u, len(units) > 1)],
    )


def _publication(result: Appraisal, u: int, named: bool) -> list[str]:
    """What happened to one unit after its base score, in words."""
    unit = result.units[u]
    prefix = f"{unit}: " if named else ""
    lines = []
    if result.categories[u] is not None or result.tiers[u] is not None:
        parts = []
        if result.categories[u] is not None:
            parts.append(f"category {result.categories[u]}")
        if result.tiers[u] is not None:
            parts.append(f"tier {result.tiers[u]}")
        lines.append(prefix + ", ".join(parts))
    lines += [f"{prefix}{flag.reason}" for flag in result.flags if flag.subject == unit]
    for item in result.adjustments:
        if item.unit == unit:
            evidence = f" [{item.evidence}]" if item.evidence else ""
            lines.append(f"{prefix}{item.kind} {item.signed:+g}: {item.reason}{evidence}")
    for kind, applied in (("bonus", result.bonus[u]), ("deduction", result.deduction[u])):
        given = sum(a.points for a in result.adjustments if a.unit == unit and a.kind == kind)
        if given > applied:
            lines.append(f"{prefix}{kind} capped at {applied:g} (items add up to {given:g})")
    for veto in result.vetoes:
        if veto.unit == unit:
            effect = {
                "last_tier": "keeps its score and rank, sits in the lowest tier",
                "rank_last": "ranked after every unit not vetoed, in the lowest tier",
                "exclude": "no rank and no tier",
            }[result.scheme.veto]
            lines.append(f"{prefix}vetoed ({veto.reason}): {effect}")
    return lines
