"""What a check reports: the problems found, and who scored what."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from attrs import field, frozen

from appraisal._text import format_table
from appraisal._typing import BoolArray, FloatArray, as_tuple

if TYPE_CHECKING:
    from appraisal.pipeline.plan import Plan
    from appraisal.pipeline.problems import Problem
    from appraisal.result.flags import Flag

__all__ = ["CheckReport"]

Gaps = tuple[tuple[str, tuple[str, ...]], ...]


def _gaps(gaps: Iterable[tuple[str, Iterable[str]]]) -> Gaps:
    return tuple((rater, tuple(units)) for rater, units in gaps)


@frozen
class CheckReport:
    """What a check found: the problems, and the coverage of the scores.

    Attributes
    ----------
    problems : tuple of Problem
        Empty when the sheet fits the scheme.
    raters, units : tuple of str
        The scheme's raters (tree order) and the sheet's units.
    unscored : tuple of (str, tuple of str)
        For each rater that left units unscored, those units (it scored no criterion
        of them); a rater the sheet lacks left every unit unscored. Units a rater is
        recused from are not counted.
    incomplete : tuple of (str, tuple of str)
        For each rater that scored some but not all criteria of some units, those units.
    warnings : tuple of Flag
        When there is no problem, the flags the appraisal carries: what would qualify
        its published numbers (the command line prints them as ``warning:`` lines).
    """

    problems: tuple[Problem, ...] = field(converter=as_tuple)
    raters: tuple[str, ...] = field(converter=as_tuple)
    units: tuple[str, ...] = field(converter=as_tuple)
    unscored: Gaps = field(converter=_gaps)
    incomplete: Gaps = field(converter=_gaps)
    warnings: tuple[Flag, ...] = field(default=(), converter=as_tuple)

    @classmethod
    def of(
        cls,
        problems: Iterable[Problem],
        values: FloatArray,
        plan: Plan,
        warnings: Iterable[Flag] = (),
    ) -> CheckReport:
        """The report of `problems`, with the coverage of `values` (aligned to the plan's scheme)."""
        present = ~np.isnan(values)
        scored: BoolArray = np.any(present, axis=2)
        complete: BoolArray = np.all(present, axis=2)
        expected = ~plan.recused  # a recused rater is not expected to score
        raters = plan.scheme.rater_names
        unscored = [(raters[r], _pick(plan.units, row)) for r, row in enumerate(~scored & expected)]
        incomplete = [
            (raters[r], _pick(plan.units, row))
            for r, row in enumerate(scored & ~complete & expected)
        ]
        return cls(
            problems,
            raters,
            plan.units,
            [gap for gap in unscored if gap[1]],
            [gap for gap in incomplete if gap[1]],
            warnings,
        )

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
        if self.warnings:
            count = len(self.warnings)
            lines += ["", f"{count} warning{'s' if count > 1 else ''}:"]
            lines += [f"  warning: {flag.subject}: {flag.reason}" for flag in self.warnings]
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


def _pick(units: tuple[str, ...], mask: BoolArray) -> tuple[str, ...]:
    return tuple(units[u] for u in np.flatnonzero(mask).tolist())
