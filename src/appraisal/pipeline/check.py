"""Checking a score sheet against a scheme: every problem at once, and who scored what.

:func:`~appraisal.pipeline.appraise` stops at the first problem; :func:`check` lists them all —
raters and criteria the scheme lacks (with a close match when there is one), scores
outside their criterion's scale, and, when the scheme has ``missing="error"``, every
missing score — and says which raters did not score which units.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from appraisal._text import did_you_mean, format_table
from appraisal._typing import FloatArray
from appraisal.errors import ScoreError
from appraisal.model.scheme import Scheme
from appraisal.model.sheet import ScoreSheet
from appraisal.pipeline.rater_side import recusal_mask

__all__ = ["Problem", "Report", "check", "report"]

Gaps = tuple[tuple[str, tuple[str, ...]], ...]


def _problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(problems)


def _gaps(gaps: Iterable[tuple[str, Iterable[str]]]) -> Gaps:
    return tuple((rater, tuple(units)) for rater, units in gaps)


def _names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(names)


@frozen
class Problem:
    """One problem: what kind it is, and the whole message (where, what, what is allowed).

    Attributes
    ----------
    kind : str
        ``"unknown"`` (a label the scheme lacks), ``"scale"`` (a score outside its
        scale), ``"missing"`` (a missing score under ``missing="error"``), and from
        files also ``"score"`` (not a number), ``"repeat"``, ``"label"``, ``"row"`` and
        ``"unit_order"``.
    message : str
    """

    kind: str
    message: str

    def __str__(self) -> str:
        return self.message


@frozen
class Report:
    """What :func:`check` found: the problems, and the coverage of the scores.

    Attributes
    ----------
    problems : tuple of Problem
        Empty when the sheet fits the scheme.
    raters, units : tuple of str
        The scheme's raters (tree order) and the sheet's units.
    unscored : tuple of (str, tuple of str)
        For each rater that left units unscored, those units (it scored no criterion
        of them); a rater the sheet lacks left every unit unscored.
    incomplete : tuple of (str, tuple of str)
        For each rater that scored some but not all criteria of some units, those units.
    """

    problems: tuple[Problem, ...] = field(converter=_problems)
    raters: tuple[str, ...] = field(converter=_names)
    units: tuple[str, ...] = field(converter=_names)
    unscored: Gaps = field(converter=_gaps)
    incomplete: Gaps = field(converter=_gaps)

    @property
    def ok(self) -> bool:
        """True when there is no problem (gaps in coverage alone are not problems)."""
        return not self.problems

    def __str__(self) -> str:
        count = len(self.problems)
        if count:
            lines = [f"{count} problem{'s' if count > 1 else ''}:"]
            lines += [f"  {problem}" for problem in self.problems]
        else:
            lines = ["No problems: the score sheet fits the scheme."]
        lines += ["", self._coverage()]
        return "\n".join(lines)

    def _coverage(self) -> str:
        n_raters, n_units = len(self.raters), len(self.units)
        unscored, incomplete = dict(self.unscored), dict(self.incomplete)
        gaps = [r for r in self.raters if r in unscored or r in incomplete]
        head = f"Coverage: {n_raters - len(gaps)} of {_count(n_raters, 'rater')} scored all {_count(n_units, 'unit')} in full."
        if not gaps:
            return head
        rows = [
            [_cell(rater), _list(unscored.get(rater, ())), _list(incomplete.get(rater, ()))]
            for rater in gaps
        ]
        return head + "\n" + format_table(["rater", "did not score", "scored in part"], rows)


def _list(units: Sequence[str]) -> str:
    return ", ".join(map(_cell, units)) if units else "-"


def _cell(label: str) -> str:
    """A label as a table shows it: quoted when it holds a line break or another control."""
    return label if label.isprintable() else repr(label)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def check(sheet: ScoreSheet, scheme: Scheme, *, where: str = "score sheet") -> Report:
    """Every problem of `sheet` under `scheme`, and which raters did not score which units.

    Parameters
    ----------
    sheet : ScoreSheet
    scheme : Scheme
    where : str, default "score sheet"
        How messages name the sheet (a file name, say).

    Returns
    -------
    Report

    Examples
    --------
    >>> from appraisal import Criterion, RaterGroup, Scheme, ScoreSheet
    >>> scheme = Scheme([RaterGroup("q", members=["Finance Bureau", "Audit Office"])],
    ...                 [Criterion("economy")])
    >>> sheet = ScoreSheet.from_records([
    ...     ("Finance Bureau", "East", "economy", 88), ("Finance Bureau", "West", "economy", 120),
    ...     ("Audit Ofice", "East", "economy", 70)])
    >>> print(check(sheet, scheme))
    2 problems:
      score sheet: rater 'Audit Ofice' is not in the scheme; did you mean 'Audit Office'?
      score sheet: score 120 for rater 'Finance Bureau', unit 'West', criterion 'economy' is outside its scale 0..100.
    <BLANKLINE>
    Coverage: 1 of 2 raters scored all 2 units in full.
    rater         did not score  scored in part
    ------------  -------------  --------------
    Audit Office  East, West     -
    """
    problems = [*label_problems(sheet, scheme, where), *scale_problems(sheet, scheme, where)]
    return report(sheet, scheme, problems, where=where)


def report(sheet: ScoreSheet, scheme: Scheme, problems: Iterable[Problem], *, where: str) -> Report:
    """A report of `problems` found elsewhere, plus missing scores and coverage.

    Labels the scheme lacks are left out of the coverage; with ``missing="error"`` every
    rater and unit with a missing score adds a problem.
    """
    values = _aligned(sheet, scheme)
    present = ~np.isnan(values)
    scored: npt.NDArray[np.bool_] = np.any(present, axis=2)
    complete: npt.NDArray[np.bool_] = np.all(present, axis=2)
    raters, units, criteria = scheme.rater_names, sheet.units, scheme.criterion_names
    found = list(problems)
    try:
        recused = recusal_mask(scheme, units)
    except ScoreError as error:
        found.append(Problem("recusal", str(error)))
        recused = np.zeros(scored.shape, dtype=bool)
    if scheme.recused_scores == "error":
        for r, u in np.argwhere(recused & scored).tolist():
            message = f"{where}: rater {raters[r]!r} is recused from unit {units[u]!r} but scored it; delete the score, or use recused_scores='drop'."
            found.append(Problem("recused", message))
    if scheme.missing == "error":
        for r, u in np.argwhere(~complete & ~recused).tolist():
            lacking = [criteria[c] for c in np.flatnonzero(~present[r, u]).tolist()]
            what = (
                ""
                if len(lacking) == len(criteria)
                else f", criterion {lacking[0]!r}"
                if len(lacking) == 1
                else f", criteria {_quoted(lacking)}"
            )
            message = f"{where}: rater {raters[r]!r} has no score for unit {units[u]!r}{what}; the scheme has missing='error', so every score must be given."
            found.append(Problem("missing", message))
    expected = ~recused  # a recused rater is not expected to score
    unscored = [(raters[r], _pick(units, ~scored[r] & expected[r])) for r in range(len(raters))]
    incomplete = [
        (raters[r], _pick(units, scored[r] & ~complete[r] & expected[r]))
        for r in range(len(raters))
    ]
    return Report(
        found,
        raters,
        units,
        [gap for gap in unscored if gap[1]],
        [gap for gap in incomplete if gap[1]],
    )


def label_problems(sheet: ScoreSheet, scheme: Scheme, where: str) -> list[Problem]:
    """Each rater and criterion of the sheet that the scheme lacks, with a close match."""
    problems = []
    for kind, given, known in (
        ("rater", sheet.raters, scheme.rater_names),
        ("criterion", sheet.criteria, scheme.criterion_names),
    ):
        for name in given:
            if name not in known:
                message = (
                    f"{where}: {kind} {name!r} is not in the scheme{did_you_mean(name, known)}"
                )
                problems.append(Problem("unknown", message))
    return problems


def scale_problems(sheet: ScoreSheet, scheme: Scheme, where: str) -> list[Problem]:
    """Each score outside its criterion's scale (criteria the scheme lacks are skipped)."""
    scales = {c.name: c.scale for c in scheme.leaf_criteria}
    problems = []
    for c, name in enumerate(sheet.criteria):
        if name not in scales:
            continue
        low, high = scales[name]
        column = sheet.values[:, :, c]
        for r, u in np.argwhere((column < low) | (column > high)).tolist():
            message = (
                f"{where}: score {column[r, u]:g} for rater {sheet.raters[r]!r}, unit "
                f"{sheet.units[u]!r}, criterion {name!r} is outside its scale {low:g}..{high:g}."
            )
            problems.append(Problem("scale", message))
    return problems


def _aligned(sheet: ScoreSheet, scheme: Scheme) -> FloatArray:
    """The scores in the scheme's rater and criterion order; NaN for labels the sheet lacks."""
    raters, criteria = scheme.rater_names, scheme.criterion_names
    values = np.full((len(raters), len(sheet.units), len(criteria)), np.nan)
    rater_at = {name: i for i, name in enumerate(sheet.raters)}
    criterion_at = {name: i for i, name in enumerate(sheet.criteria)}
    rows = [(i, rater_at[name]) for i, name in enumerate(raters) if name in rater_at]
    columns = [(i, criterion_at[name]) for i, name in enumerate(criteria) if name in criterion_at]
    if rows and columns:
        into, source = (np.array(pair, dtype=np.intp) for pair in zip(*rows, strict=True))
        into_c, source_c = (np.array(pair, dtype=np.intp) for pair in zip(*columns, strict=True))
        values[np.ix_(into, np.arange(len(sheet.units)), into_c)] = sheet.values[
            np.ix_(source, np.arange(len(sheet.units)), source_c)
        ]
    return values


def _pick(units: tuple[str, ...], mask: npt.NDArray[np.bool_]) -> tuple[str, ...]:
    return tuple(units[u] for u in np.flatnonzero(mask).tolist())


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(repr(name) for name in names)
